"""``gitignore`` (RH4xx): secrets and virtualenvs stay out of git and out of images.

The check is split in two: :func:`read_snapshot` asks git and the file system what the
repository looks like (a :class:`Snapshot`), and :func:`check` is a pure function from
that snapshot to findings. Ignore verdicts are git's own (see
:mod:`repro_hooks.engine.git`), counting only the ``.gitignore`` files a
teammate's clone also has.
"""

from __future__ import annotations

import posixpath
import shlex
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from repro_hooks.core.finding import Finding
from repro_hooks.engine.files import VENV_MARKER
from repro_hooks.engine.git import (
    GitError,
    IgnoreSource,
    ignored_by_shared_files,
    ignored_on_this_machine,
    tracked_files,
    work_tree_root,
)
from repro_hooks.hooks.gitignore import compose, dockerignore
from repro_hooks.hooks.gitignore.fixer import append_to_gitignore, gitignore_line
from repro_hooks.hooks.gitignore.rules import (
    DEFAULT_REQUIRED,
    ENV_FILE_TRACKED,
    FILE_NOT_IGNORED,
    FOLDER_NOT_IGNORED,
    IGNORED_ONLY_PRIVATELY,
    NO_WORK_TREE,
    NOT_DOCKERIGNORED,
    VIRTUALENV_TRACKED,
)
from repro_hooks.hooks.gitignore.tree import is_env_file_name, scan_work_tree


def required_entries(entries: Iterable[str]) -> tuple[str, ...]:
    """Validate entries as root-relative paths (``dir/`` for a folder), normalised.

    Raises ``ValueError`` for an entry that cannot name a path in the work tree.
    """
    normalised: dict[str, None] = {}
    for entry in entries:
        path = posixpath.normpath(entry.strip().lstrip("/")) if entry.strip() else ""
        if path in ("", ".") or path == ".." or path.startswith("../"):
            raise ValueError(f"{entry!r} is not a path inside the repository")
        normalised[path + "/" if entry.endswith("/") else path] = None
    return tuple(normalised)


@dataclass(frozen=True)
class Snapshot:
    """What the check needs to know about a repository.

    Paths are root-relative POSIX paths; folders end with ``/``.
    """

    required: tuple[str, ...]
    virtualenvs: tuple[str, ...]
    tracked: tuple[str, ...]
    env_files: tuple[str, ...]
    compose_env_files: Mapping[str, str]  # env file -> the compose file naming it
    shared_ignored: frozenset[str]
    privately_ignored: Mapping[str, IgnoreSource]
    has_dockerfile: bool
    dockerignore: str | None

    @property
    def must_be_ignored(self) -> tuple[str, ...]:
        return _must_be_ignored(self.required, self.virtualenvs)

    def not_ignored(self) -> tuple[str, ...]:
        """The paths the shared ignore files should ignore but do not."""
        return tuple(path for path in self.must_be_ignored if path not in self.shared_ignored)


def _must_be_ignored(required: Sequence[str], virtualenvs: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*required, *virtualenvs]))


def _read_text(path: Path) -> str | None:
    """A user's file as text, whatever its encoding; ``None`` if it cannot be read."""
    try:
        return path.read_bytes().decode("utf-8-sig", "replace")
    except OSError:
        return None


def _compose_env_files(root: Path) -> dict[str, str]:
    named: dict[str, str] = {}
    for name in compose.COMPOSE_FILE_NAMES:
        text = _read_text(root / name)
        for env_file in compose.env_files(text) if text is not None else ():
            named.setdefault(env_file, name)
    return named


def read_snapshot(root: Path, required: Sequence[str] = DEFAULT_REQUIRED) -> Snapshot:
    """Ask git and the file system about the work tree at ``root``."""
    tree = scan_work_tree(root)
    tracked = tracked_files(root)
    tracked_venvs = (
        path.removesuffix(VENV_MARKER) for path in tracked if path.endswith("/" + VENV_MARKER)
    )
    virtualenvs = tuple(sorted({*tree.virtualenvs, *tracked_venvs}))
    must = _must_be_ignored(required, virtualenvs)
    shared = ignored_by_shared_files(root, must)
    private = ignored_on_this_machine(root, [path for path in must if path not in shared])
    return Snapshot(
        required=tuple(required),
        virtualenvs=virtualenvs,
        tracked=tracked,
        env_files=tree.env_files,
        compose_env_files=_compose_env_files(root),
        shared_ignored=shared,
        privately_ignored=private,
        has_dockerfile=(root / "Dockerfile").is_file(),
        dockerignore=_read_text(root / ".dockerignore"),
    )


def _shown(text: str) -> str:
    """Printable text: bytes git gave that are not UTF-8 become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _finding(path: str, code: str, message: str) -> Finding:
    return Finding(_shown(path), None, None, None, code, _shown(message))


def _ignore_findings(snapshot: Snapshot) -> Iterator[Finding]:
    discovered = set(snapshot.virtualenvs)
    for path in snapshot.not_ignored():
        line = gitignore_line(path)
        remedy = (
            f"add `{line}` to the repository's .gitignore (or run `repro-hooks gitignore --fix`)"
        )
        source = snapshot.privately_ignored.get(path)
        if source is not None:
            yield _finding(
                path,
                IGNORED_ONLY_PRIVATELY,
                f"`{path}` is ignored only by {source.describe()}, which is not shared "
                f"with the team: {remedy}",
            )
        elif path.endswith("/"):
            what = "virtualenv" if path in discovered else "required folder"
            yield _finding(
                path,
                FOLDER_NOT_IGNORED,
                f"{what} `{path}` is not ignored by the repository's .gitignore: {remedy}",
            )
        else:
            yield _finding(
                path,
                FILE_NOT_IGNORED,
                f"`{path}` is not ignored by the repository's .gitignore: {remedy}",
            )


def _enclosing(path: str, folders: set[str]) -> str | None:
    """The outermost of ``folders`` that holds ``path``, if any."""
    for index, char in enumerate(path):
        if char == "/" and path[: index + 1] in folders:
            return path[: index + 1]
    return None


def _tracked_findings(snapshot: Snapshot) -> Iterator[Finding]:
    folders = {*snapshot.virtualenvs, *(p for p in snapshot.required if p.endswith("/"))}
    secret_paths = {*snapshot.compose_env_files, *snapshot.required}
    tracked_per_folder: Counter[str] = Counter()
    for path in snapshot.tracked:
        folder = _enclosing(path, folders)
        if folder is not None:
            tracked_per_folder[folder] += 1
        elif path in secret_paths or is_env_file_name(posixpath.basename(path)):
            command = f"git rm --cached -- {shlex.quote(path)}"
            yield _finding(
                path,
                ENV_FILE_TRACKED,
                f"env file `{path}` is tracked by git, and ignoring it does not untrack it: "
                f"run `{command}`, ignore it in .gitignore and rotate the secrets it held",
            )
    for folder, count in tracked_per_folder.items():
        command = f"git rm -r --cached -- {shlex.quote(folder)}"
        files = "1 file" if count == 1 else f"{count} files"
        yield _finding(
            folder,
            VIRTUALENV_TRACKED,
            f"{files} inside virtualenv `{folder}` tracked by git, and ignoring does not "
            f"untrack them: run `{command}` and ignore the folder in .gitignore",
        )


def _docker_findings(snapshot: Snapshot) -> Iterator[Finding]:
    if not snapshot.has_dockerfile:
        return
    env_files = dict.fromkeys(
        [
            *(path for path in snapshot.required if not path.endswith("/")),
            *snapshot.env_files,
            *snapshot.compose_env_files,
        ]
    )
    patterns = dockerignore.parse(snapshot.dockerignore or "")
    for path in env_files:
        if dockerignore.excludes(patterns, path):
            continue
        if snapshot.dockerignore is None:
            problem = "there is no .dockerignore"
            remedy = f"create .dockerignore with the line `{path}`"
        else:
            problem = f"`{path}` is not excluded by .dockerignore"
            remedy = f"add `{path}` to .dockerignore"
        yield _finding(
            ".dockerignore",
            NOT_DOCKERIGNORED,
            f"{problem}, so `COPY . ...` in the Dockerfile would bake `{path}` into the "
            f"image: {remedy}",
        )


def check(snapshot: Snapshot) -> list[Finding]:
    """Every RH401-RH406 finding about the repository ``snapshot`` describes."""
    return [
        *_ignore_findings(snapshot),
        *_tracked_findings(snapshot),
        *_docker_findings(snapshot),
    ]


def _fix(root: Path, snapshot: Snapshot) -> bool:
    """Append what the shared ignore files lack to ``.gitignore``; True if it changed."""
    try:
        added = append_to_gitignore(root, snapshot.not_ignored())
    except OSError as error:
        print(f"repro-hooks gitignore: could not fix .gitignore: {error}", file=sys.stderr)
        return False
    if added:
        lines = ", ".join(f"`{line}`" for line in added)
        print(f"repro-hooks gitignore: added {lines} to .gitignore", file=sys.stderr)
    return bool(added)


def check_repository(
    start: Path, required: Sequence[str] = DEFAULT_REQUIRED, *, fix: bool = False
) -> list[Finding]:
    """Check the git work tree holding ``start``; with ``fix``, repair .gitignore first."""
    try:
        root = work_tree_root(start)
        snapshot = read_snapshot(root, required)
        if fix and snapshot.not_ignored() and _fix(root, snapshot):
            snapshot = read_snapshot(root, required)
    except GitError as error:
        return [
            _finding(
                str(start),
                NO_WORK_TREE,
                f"no git work tree to check ({error}): run the hook inside the repository "
                "or point it there with --repo PATH",
            )
        ]
    return check(snapshot)
