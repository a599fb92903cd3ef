"""``gitignore`` (RH4xx): secrets and virtualenvs stay out of git and out of images.

The check is split in two: :func:`read_snapshot` asks git and the file system what the
repository looks like (a :class:`Snapshot`), and :func:`check` is a pure function from
that snapshot to findings. Ignore verdicts are git's own (see
:mod:`repro_hooks.engine.git`), counting only the ``.gitignore`` files a
teammate's clone also has.
"""

from __future__ import annotations

import os
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
    shared_deciding_patterns,
    tracked_files,
    work_tree_root,
)
from repro_hooks.engine.ignore_files import (
    DOCKERIGNORE_HEADER,
    GITIGNORE_HEADER,
    dockerignore_line,
    gitignore_line,
    holds_line_break,
    missing_lines,
    with_lines,
)
from repro_hooks.engine.writes import WriteRefused, write_in_work_tree
from repro_hooks.hooks.gitignore import compose, dockerignore
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
from repro_hooks.output.encoding import printable_path, say
from repro_hooks.sources import NotReadable, read_regular_file


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
    # The paths to be ignored as git sees them: a linked folder is a file to git (``venv``,
    # not ``venv/``), and a path below a linked folder is none of its business.
    must_be_ignored: tuple[str, ...] = ()
    links: frozenset[str] = frozenset()

    def not_ignored(self) -> tuple[str, ...]:
        """The paths the shared ignore files should ignore but do not."""
        return tuple(path for path in self.must_be_ignored if path not in self.shared_ignored)


def _must_be_ignored(required: Sequence[str], virtualenvs: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*required, *virtualenvs]))


def _read_text(path: Path) -> str | None:
    """A user's file as text, whatever its encoding; ``None`` if it cannot be read (or is
    no regular file: a link to ``/dev/zero`` must not hang the hook)."""
    try:
        return read_regular_file(path).decode("utf-8-sig", "replace")
    except NotReadable:
        return None


def _as_git_sees(root: Path, path: str) -> str | None:
    """``path`` as git can be asked about it: a linked folder without its slash; ``None``
    below a linked folder, where git sees nothing of the work tree."""
    parts = path.rstrip("/").split("/")
    if any(os.path.islink(root.joinpath(*parts[:count])) for count in range(1, len(parts))):
        return None
    if path.endswith("/") and os.path.islink(root / path.rstrip("/")):
        return path.rstrip("/")
    return path


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
    as_seen = {path: _as_git_sees(root, path) for path in _must_be_ignored(required, virtualenvs)}
    must = tuple(seen for seen in as_seen.values() if seen is not None)
    links = frozenset(seen for path, seen in as_seen.items() if seen is not None and seen != path)
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
        must_be_ignored=must,
        links=links,
    )


def _shown(text: str) -> str:
    """Printable text: bytes git gave that are not UTF-8 become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _finding(path: str, code: str, message: str) -> Finding:
    return Finding(_shown(path), None, None, None, code, _shown(message))


def _quoted(path: str) -> str:
    """A path inside a message, on one line (a newline in a name is shown as ``\\n``)."""
    return printable_path(_shown(path))


def _shell_word(path: str) -> str:
    """``path`` as one shell word to paste: ``$'...'`` (bash, zsh) when it holds a line
    break or other control character, which plain quoting would carry over unseen."""
    if printable_path(path) == path:
        return shlex.quote(path)
    escaped = path.replace("\\", "\\\\").replace("'", "\\'")
    # A byte of the name that is not UTF-8 (``\\udce9`` as git's name decodes) is that byte.
    undecodable = "".join(
        f"\\x{ord(char) - 0xDC00:02x}" if "\udc80" <= char <= "\udcff" else char for char in escaped
    )
    return f"$'{printable_path(undecodable)}'"


def _ignore_findings(snapshot: Snapshot) -> Iterator[Finding]:
    discovered = set(snapshot.virtualenvs)
    for path in snapshot.not_ignored():
        line = _quoted(gitignore_line(path))
        remedy = (
            f"add `{line}` to the repository's .gitignore (or run `repro-hooks gitignore --fix`)"
        )
        shown = _quoted(path)
        source = snapshot.privately_ignored.get(path)
        if source is not None:
            yield _finding(
                path,
                IGNORED_ONLY_PRIVATELY,
                f"`{shown}` is ignored only by {source.describe()}, which is not shared "
                f"with the team: {remedy}",
            )
        elif path in snapshot.links:
            what = "virtualenv" if path + "/" in discovered else "required folder"
            yield _finding(
                path,
                FOLDER_NOT_IGNORED,
                f"{what} `{shown}/` is a symbolic link here, which a `{shown}/` line does "
                f"not ignore: {remedy}",
            )
        elif path.endswith("/"):
            what = "virtualenv" if path in discovered else "required folder"
            yield _finding(
                path,
                FOLDER_NOT_IGNORED,
                f"{what} `{shown}` is not ignored by the repository's .gitignore: {remedy}",
            )
        else:
            yield _finding(
                path,
                FILE_NOT_IGNORED,
                f"`{shown}` is not ignored by the repository's .gitignore: {remedy}",
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
            command = f"git rm --cached -- {_shell_word(path)}"
            yield _finding(
                path,
                ENV_FILE_TRACKED,
                f"env file `{_quoted(path)}` is tracked by git, and ignoring it does not "
                f"untrack it: run `{command}`, ignore it in .gitignore and rotate the secrets "
                "it held",
            )
    for folder, count in tracked_per_folder.items():
        command = f"git rm -r --cached -- {_shell_word(folder)}"
        files = "1 file" if count == 1 else f"{count} files"
        yield _finding(
            folder,
            VIRTUALENV_TRACKED,
            f"{files} inside virtualenv `{_quoted(folder)}` tracked by git, and ignoring does not "
            f"untrack them: run `{command}` and ignore the folder in .gitignore",
        )


def _not_dockerignored(snapshot: Snapshot) -> list[str]:
    """The env files a Dockerfile's ``COPY . ...`` would take, that .dockerignore lets in."""
    if not snapshot.has_dockerfile:
        return []
    env_files = dict.fromkeys(
        [
            *(path for path in snapshot.required if not path.endswith("/")),
            *snapshot.env_files,
            *snapshot.compose_env_files,
        ]
    )
    patterns = dockerignore.parse(snapshot.dockerignore or "")
    return [path for path in env_files if not dockerignore.excludes(patterns, path)]


def _docker_findings(snapshot: Snapshot) -> Iterator[Finding]:
    for path in _not_dockerignored(snapshot):
        shown = _quoted(path)
        if snapshot.dockerignore is None:
            problem = "there is no .dockerignore"
            remedy = f"create .dockerignore with the line `{shown}`"
        else:
            problem = f"`{shown}` is not excluded by .dockerignore"
            remedy = f"add `{shown}` to .dockerignore"
        yield _finding(
            ".dockerignore",
            NOT_DOCKERIGNORED,
            f"{problem}, so `COPY . ...` in the Dockerfile would bake `{shown}` into the "
            f"image: {remedy}",
        )


def check(snapshot: Snapshot) -> list[Finding]:
    """Every RH401-RH406 finding about the repository ``snapshot`` describes."""
    return [
        *_ignore_findings(snapshot),
        *_tracked_findings(snapshot),
        *_docker_findings(snapshot),
    ]


def _say(text: str) -> None:
    say(sys.stderr, f"repro-hooks gitignore: {text}")


def _append(root: Path, name: str, lines: Sequence[str], header: str) -> list[str] | None:
    """Append ``lines`` under ``header`` to ``root/name``, leaving those the last fix
    already wrote; the lines added, or ``None`` when the file could not be written."""
    content = b""
    link = os.path.islink(root / name)
    if os.path.lexists(root / name) and not link:
        try:
            content = read_regular_file(root / name)
        except NotReadable as error:
            _say(f"could not fix {name}: {error}")
            return None
    added = missing_lines(content, lines, header)
    if not added:
        return added
    try:
        write_in_work_tree(root, name, with_lines(content, added, header))
    except WriteRefused as error:
        if not link:
            _say(f"could not fix {name}: {error}")
            return None
        unread = ", and git does not read a .gitignore that is a link" * (name == ".gitignore")
        _say(
            f"not fixing {name}: {error}{unread}; replace it with a file holding its lines, "
            "then run --fix again"
        )
        return None
    return added


def _fix(root: Path, snapshot: Snapshot) -> dict[str, list[str]]:
    """Append what git does not ignore to ``.gitignore`` and what Docker would copy to
    ``.dockerignore``: the lines added to each file fixed (none where the last fix
    already wrote them); a file that could not be written is left out."""
    wanted = {
        ".gitignore": ([gitignore_line(p) for p in snapshot.not_ignored()], GITIGNORE_HEADER),
        ".dockerignore": (
            [dockerignore_line(p) for p in _not_dockerignored(snapshot)],
            DOCKERIGNORE_HEADER,
        ),
    }
    fixed = {}
    for name, (lines, header) in wanted.items():
        added = _append(root, name, lines, header) if lines else None
        if added is not None:
            fixed[name] = added
    return fixed


def _report_fix(root: Path, fixed: Mapping[str, list[str]], after: Snapshot) -> None:
    """Say what the fix added and, asking git again, what it still does not ignore."""
    still = after.not_ignored() if ".gitignore" in fixed else ()
    deciding = shared_deciding_patterns(root, still)

    def not_ignored(path: str) -> str:
        said = f"git still does not ignore `{_quoted(path)}`"
        source = deciding.get(path)
        if source is None:
            return said
        decides = f"{source.file} line {source.line}: `{source.pattern}` decides"
        return f"{said} ({decides}); remove that line"

    remains = "; ".join(not_ignored(path) for path in still)
    lines = fixed.get(".gitignore")
    if lines:
        broken = [p for p in after.must_be_ignored if holds_line_break(p)]
        note = (
            " (`?` stands for the line break in the name, which a .gitignore line cannot hold)"
            if any(gitignore_line(path) in lines for path in broken)
            else ""
        )
        but = f", but {remains}" if remains else ""
        _say(f"added {_listed(lines)} to .gitignore{note}{but}")
    elif remains:
        _say(remains)
    if fixed.get(".dockerignore"):
        _say(f"added {_listed(fixed['.dockerignore'])} to .dockerignore")


def _listed(lines: Sequence[str]) -> str:
    return ", ".join(f"`{_quoted(line)}`" for line in lines)


def check_repository(
    start: Path, required: Sequence[str] = DEFAULT_REQUIRED, *, fix: bool = False
) -> list[Finding]:
    """Check the git work tree holding ``start``; with ``fix``, repair .gitignore first."""
    try:
        root = work_tree_root(start)
        snapshot = read_snapshot(root, required)
        if fix:
            fixed = _fix(root, snapshot)
            if fixed:
                snapshot = read_snapshot(root, required)
                _report_fix(root, fixed, snapshot)
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
