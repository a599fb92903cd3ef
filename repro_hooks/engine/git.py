"""What git knows about the repository: its work tree, what it tracks, what it ignores.

Ignore verdicts come from ``git check-ignore`` itself, so every subtlety of the pattern
language (negation, anchoring, ``**``, escapes, CRLF, a BOM, nested files) is git's own.
To hear only the ignore files shared with the team, one query runs against an empty
stand-in git directory (no ``info/exclude``) with ``core.excludesFile`` pointed at nothing.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# Case-sensitive matching everywhere: the verdict a teammate on Linux would get.
_PORTABLE_MATCHING = ("-c", "core.ignoreCase=false")
_NO_GLOBAL_EXCLUDES = ("-c", "core.excludesFile=/dev/null")
_CHECK_IGNORE = ("check-ignore", "--no-index", "--verbose", "--non-matching", "-z", "--stdin")


class GitError(Exception):
    """git is missing, or could not answer for this directory (message for the user)."""


@dataclass(frozen=True)
class IgnoreSource:
    """The pattern that decided a path is ignored, and the file holding it."""

    file: str
    line: int
    pattern: str

    def describe(self) -> str:
        return f"{self.file} (line {self.line}: `{self.pattern}`)"


# Variables through which a calling git (a hook) points at a repository; the stand-in
# repository must not inherit them, or git would read the real one's info/exclude.
_REPOSITORY_VARIABLES = frozenset(
    {"GIT_DIR", "GIT_COMMON_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"}
)


def _git(
    args: Sequence[str],
    cwd: Path,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
) -> bytes:
    """Run git and return its stdout; any failure becomes a :class:`GitError`."""
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, env=env, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    except OSError as error:
        raise GitError(f"could not run git: {error.strerror}") from None
    # check-ignore exits 1 when nothing is ignored; 128 is git's "fatal".
    if result.returncode not in (0, 1):
        reason = os.fsdecode(result.stderr).strip().splitlines()
        raise GitError(reason[-1].removeprefix("fatal: ") if reason else "git failed")
    return result.stdout


def _split_z(output: bytes) -> list[str]:
    """NUL-separated git output as paths (undecodable bytes survive a round trip)."""
    return [os.fsdecode(item) for item in output.split(b"\0")[:-1]]


def work_tree_root(start: Path) -> Path:
    """The top of the work tree holding ``start``; a bare repository has none."""
    output = _git(["rev-parse", "--show-toplevel"], start).rstrip(b"\n")
    if not output:
        raise GitError("this git repository has no work tree")
    return Path(os.fsdecode(output))


def tracked_files(folder: Path) -> tuple[str, ...]:
    """Every path in the index below ``folder`` (all of them from the work tree's top),
    relative to it: committed, or staged for the coming commit."""
    return tuple(_split_z(_git(["ls-files", "-z"], folder)))


def _check_ignore(
    root: Path,
    paths: Sequence[str],
    git_options: Sequence[str],
    env: Mapping[str, str] | None = None,
    negated: bool = False,
) -> dict[str, IgnoreSource]:
    """``git check-ignore`` over ``paths``: the ones ignored, each with its deciding pattern.

    A directory is asked about with a trailing slash. Paths matched last by a negated
    pattern (``!.env``) are not ignored and are left out, unless ``negated`` asks for
    every deciding pattern.
    """
    if not paths:
        return {}
    request = b"".join(os.fsencode(path) + b"\0" for path in paths)
    fields = _split_z(_git([*git_options, *_CHECK_IGNORE], root, stdin=request, env=env))
    ignored: dict[str, IgnoreSource] = {}
    for index in range(0, len(fields) - 3, 4):
        source, line, pattern, path = fields[index : index + 4]
        if source and (negated or not pattern.startswith("!")):
            ignored[path] = IgnoreSource(source, int(line), pattern)
    return ignored


def _empty_git_dir(where: Path) -> Path:
    """The least git accepts as a repository: HEAD, objects/ and refs/, nothing else."""
    (where / "objects").mkdir()
    (where / "refs").mkdir()
    (where / "HEAD").write_text("ref: refs/heads/main\n", encoding="ascii")
    return where


def ignored_by_shared_files(root: Path, paths: Sequence[str]) -> frozenset[str]:
    """The paths ignored by the work tree's ``.gitignore`` files alone.

    ``.git/info/exclude``, ``core.excludesFile`` and the global excludes file are
    personal: a teammate's clone does not have them, so they must not count here.
    """
    decided = shared_deciding_patterns(root, paths)
    return frozenset(path for path, source in decided.items() if not source.pattern.startswith("!"))


def shared_deciding_patterns(root: Path, paths: Sequence[str]) -> dict[str, IgnoreSource]:
    """For each path a shared ``.gitignore`` pattern matches, the one that decides (a
    ``!`` pattern when the path is re-included)."""
    if not paths:
        return {}
    with tempfile.TemporaryDirectory(prefix="repro-hooks-") as scratch:
        stand_in = _empty_git_dir(Path(scratch))
        options = (
            f"--git-dir={stand_in}",
            f"--work-tree={root}",
            *_PORTABLE_MATCHING,
            *_NO_GLOBAL_EXCLUDES,
        )
        env = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}
        return _check_ignore(root, paths, options, env, negated=True)


def ignored_on_this_machine(root: Path, paths: Iterable[str]) -> Mapping[str, IgnoreSource]:
    """The paths git ignores here, counting the personal exclude files too."""
    return _check_ignore(root, list(paths), _PORTABLE_MATCHING)
