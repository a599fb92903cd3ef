"""``repro-hooks check [PATH...]``: every hook over a project's files in one process, for
teams that want the checks without pre-commit, and for editors.

Which files: with no PATH, every tracked file of the git work tree holding the working
folder (the whole work tree, even from a subfolder; ``check .`` keeps to the subfolder).
A folder PATH gives its tracked files, or, outside git, every file below it except in
hidden folders, ``__pycache__``, ``node_modules``, ``site-packages`` and virtualenvs; a
file PATH is checked even if git does not track it. Tracked files deleted from disk and
symbolic links (pre-commit passes neither) are skipped. Paths are shown relative to the
working folder, as pre-commit shows them from the root; a file PATH as it was given.

Which hooks: files are routed as ``.pre-commit-hooks.yaml`` routes them, each hook with
its own ``exclude`` and codes. Python files and notebooks are read once for
absolute-paths and inline-secrets; requirement files go to requirements-current; and
gitignore, which judges a repository rather than files, checks each work tree the run
covers whole (no PATH, or a PATH that is the top of a work tree). As every hook runs, a
suppression naming any code is judged, and so is a bare ``# repro: ignore`` (RH001).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from repro_hooks.checks.ignore.git import GitError, tracked_files, work_tree_root
from repro_hooks.checks.ignore.tree import VENV_MARKER
from repro_hooks.config import Config, HookConfig
from repro_hooks.findings import Finding
from repro_hooks.hooks import UsageError, load
from repro_hooks.hooks.files import FileCheck, check_files
from repro_hooks.hooks.gitignore import check_work_tree
from repro_hooks.hooks.requirements_current import check_requirements, file_filter
from repro_hooks.suppressions import Judging

SOURCE_HOOKS = ("absolute-paths", "inline-secrets")
# pre-commit's `python` and `jupyter` types; `.pyi` is a type of its own.
PYTHON_SUFFIXES = (".py", ".pyw", ".ipynb")
_PYTHON_INTERPRETER = re.compile(r"python[\d.]*")
SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules", "site-packages"})
# Every hook ran, so every code a suppression names can be judged, and a bare one too.
EVERY_CODE = Judging(("",), bare=True)


def check(paths: Sequence[str], config: Config) -> list[Finding]:
    """Every hook's findings for the files ``paths`` select (see the module docstring)."""
    files, work_trees = select(paths)
    findings = check_sources([path for path in files if is_python(path)], config)
    requirements = config.hook("requirements-current")
    wanted = file_filter(requirements)
    requirement_files = [path for path in files if wanted(path) and not requirements.excludes(path)]
    if requirement_files:  # given none, the hook would check every configured pair
        found = check_requirements(requirement_files, requirements, EVERY_CODE)
        findings += selected(found, requirements)
    gitignore = config.hook("gitignore")
    for root in work_trees:
        found = check_work_tree(root, gitignore)
        findings += [as_shown(finding, root) for finding in selected(found, gitignore)]
    return findings


def check_sources(paths: Sequence[str], config: Config) -> list[Finding]:
    """Python files and notebooks, each read once for the hooks whose ``exclude`` leaves it.

    A file that some hook skips is judged as that hook alone would judge it: only the
    codes of the hooks that ran, and no bare suppression.
    """
    hooks = {hook_id: config.hook(hook_id) for hook_id in SOURCE_HOOKS}
    by_hooks: dict[tuple[str, ...], list[str]] = {}
    for path in paths:
        running = tuple(hook_id for hook_id, hook in hooks.items() if not hook.excludes(path))
        if running:
            by_hooks.setdefault(running, []).append(path)
    findings = []
    for running, group in by_hooks.items():
        checks = [
            FileCheck(load(hook_id).configured_check(hooks[hook_id]), hooks[hook_id].codes)
            for hook_id in running
        ]
        judging = (
            EVERY_CODE
            if running == SOURCE_HOOKS
            else Judging(tuple(hooks[hook_id].codes.own_prefix for hook_id in running))
        )
        findings += check_files(group, checks, judging)
    return findings


def selected(findings: list[Finding], config: HookConfig) -> list[Finding]:
    return [finding for finding in findings if config.codes.allows(finding.code)]


def as_shown(finding: Finding, root: Path) -> Finding:
    """A gitignore finding's root-relative path, relative to the working folder."""
    shown = shown_path(os.path.join(root, finding.path))
    return replace(finding, path=shown + "/" if finding.path.endswith("/") else shown)


# -- file selection --------------------------------------------------------------------------
def select(paths: Sequence[str]) -> tuple[list[str], list[Path]]:
    """The files to check, as shown, and the work trees to check as a whole."""
    if not paths:
        try:
            root = work_tree_root(Path.cwd())
            return tracked_under(root), [root]
        except GitError as error:
            raise UsageError(
                f"not inside a git repository; pass the files or folders to check (git: {error})"
            ) from None
    files: dict[str, str] = {}
    work_trees: dict[Path, None] = {}
    for path in paths:
        if os.path.isfile(path):
            found = [path]
        elif os.path.isdir(path):
            found, root = folder_files(Path(path))
            if root is not None:
                work_trees[root] = None
        else:
            raise UsageError(f"{path!r} is not a file or folder")
        for shown in found:
            files.setdefault(os.path.abspath(shown), shown)
    return list(files.values()), list(work_trees)


def folder_files(folder: Path) -> tuple[list[str], Path | None]:
    """A folder's files, and its work tree if the folder is the top of one."""
    try:
        root = work_tree_root(folder)
        files = tracked_under(folder)
    except GitError:
        return walk(folder), None
    return files, root if root.resolve() == folder.resolve() else None


def tracked_under(folder: Path) -> list[str]:
    """The files git tracks below ``folder`` that are still on disk."""
    paths = (os.path.join(folder, path) for path in tracked_files(folder))
    return [shown_path(path) for path in paths if regular_file(path)]


def walk(folder: Path) -> list[str]:
    """Every file below ``folder``, outside git: leaves out what is not the project's own
    (installed packages, virtualenvs, caches, hidden tool folders)."""
    found = []
    for parent, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not skipped_folder(os.path.join(parent, name))]
        paths = (os.path.join(parent, name) for name in names)
        found += [shown_path(path) for path in paths if regular_file(path)]
    return found


def skipped_folder(path: str) -> bool:
    name = os.path.basename(path)
    return (
        name.startswith(".")
        or name in SKIPPED_FOLDERS
        or os.path.isfile(os.path.join(path, VENV_MARKER))
    )


def regular_file(path: str) -> bool:
    return os.path.isfile(path) and not os.path.islink(path)


def shown_path(path: str) -> str:
    """``path`` relative to the working folder (absolute on another Windows drive)."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return os.path.abspath(path)


# -- routing ---------------------------------------------------------------------------------
def is_python(path: str) -> bool:
    """What pre-commit's ``types_or: [python, jupyter]`` passes: a Python or notebook
    suffix, or an executable script without a suffix whose ``#!`` line runs Python."""
    if path.endswith(PYTHON_SUFFIXES):
        return True
    if os.path.splitext(path)[1] or not os.access(path, os.X_OK):
        return False
    try:
        with open(path, "rb") as handle:
            first = handle.readline(256).decode("utf-8", "replace")
    except OSError:
        return False
    words = first.removeprefix("#!").split() if first.startswith("#!") else []
    if words and os.path.basename(words[0]) == "env":
        words = [word for word in words[1:] if not word.startswith("-")]
    return bool(words) and bool(_PYTHON_INTERPRETER.fullmatch(os.path.basename(words[0])))
