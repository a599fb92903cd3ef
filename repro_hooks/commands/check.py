"""``repro-hooks check [PATH...]``: every hook over a project's files in one process, for
teams that want the checks without pre-commit, and for editors.

Which files: with no PATH, every tracked file of the git work tree holding the working
folder (the whole work tree, even from a subfolder; ``check .`` keeps to the subfolder).
A folder PATH gives its tracked files, or, outside git, every file below it except in
hidden folders, ``__pycache__``, ``node_modules``, ``site-packages`` and virtualenvs; a
file PATH is checked even if git does not track it. Tracked files deleted from disk and
symbolic links (pre-commit passes neither) are skipped. Paths are shown relative to the
working folder, as pre-commit shows them from the root; a file PATH as it was given.

Which hooks: every hook of the registry, files routed as ``.pre-commit-hooks.yaml`` routes
them (:meth:`Hook.takes`), each hook with its own ``exclude`` and codes. Source files are
read once for every ``sources`` hook that takes them; ``files`` hooks get the files they
take; ``repository`` hooks check each work tree the run covers whole (no PATH, or a PATH
that is the top of a work tree). As every hook runs, a suppression naming any code is
judged, and so is a bare ``# repro: ignore`` (RH001), in the files some hook reads: a
comment of code, or of a requirement file; never one shown in a README.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from repro_hooks.core.config import Config, HookConfig, UsageError
from repro_hooks.core.finding import Finding
from repro_hooks.engine.files import VENV_MARKER, FileCheck, check_files, outside_virtualenvs
from repro_hooks.engine.git import GitError, tracked_files, work_tree_root
from repro_hooks.engine.hook import Hook, Run, is_source
from repro_hooks.engine.suppressions import Judging, suppress_in_text_files
from repro_hooks.registry import all_rules, hooks

SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules", "site-packages"})


def check(
    paths: Sequence[str], config: Config, note: Callable[[str], None] = lambda message: None
) -> list[Finding]:
    """Every hook's findings for the files ``paths`` select (see the module docstring);
    ``note`` hears of the virtualenv folders whose files were left out."""
    files, work_trees = select(paths)
    files, skipped = outside_virtualenvs(files)
    for venv, count in skipped.items():
        note(f"skipped {count} tracked files inside the virtualenv {venv}/ (see RH404)")
    every = hooks()
    known = frozenset(all_rules())
    findings = check_sources(files, [h for h in every if h.scope == "sources"], config, known)
    in_texts: list[Finding] = []  # about requirement files and the like
    texts: dict[str, None] = {}  # the files some hook reads that are not sources
    for hook in every:
        hook_config = config.hook(hook.id)
        takes = hook.taker(hook_config)
        taken = [path for path in files if takes(path) and not hook_config.excludes(path)]
        texts.update((path, None) for path in taken if not is_source(path))
        if hook.scope == "files" and hook.run is not None and taken:
            # Given no file, a files hook would check every configured file.
            in_texts += selected(hook.run(Run(taken, hook_config)), hook_config)
        elif hook.scope == "sources" and hook.project_check is not None and taken:
            in_texts += selected(hook.project_check(Run(taken, hook_config)), hook_config)
        elif hook.scope == "repository" and hook.run is not None:
            for root in work_trees:
                found = hook.run(Run([str(root)], hook_config))
                findings += [as_shown(finding, root) for finding in selected(found, hook_config)]
    # Every hook ran: each suppression in the files they read is judged once, against all
    # codes (a README that shows a suppression comment is no file any hook reads).
    judging = Judging(("",), known, bare=True)
    return findings + suppress_in_text_files(list(texts), in_texts, judging)


def check_sources(
    paths: Sequence[str], source_hooks: Sequence[Hook], config: Config, known: frozenset[str]
) -> list[Finding]:
    """Source files, each read once for the hooks that take it and whose ``exclude`` leaves
    it.

    A file that some hook skips is judged as those hooks alone would judge it: only the
    codes of the hooks that ran, and no bare suppression.
    """
    configs = {hook.id: config.hook(hook.id) for hook in source_hooks}
    by_hooks: dict[tuple[tuple[Hook, ...], bool], list[str]] = {}
    for path in paths:
        takers = tuple(hook for hook in source_hooks if hook.takes(path) and is_source(path))
        running = tuple(hook for hook in takers if not configs[hook.id].excludes(path))
        if running:
            by_hooks.setdefault((running, running == takers), []).append(path)
    findings = []
    for (running, every_taker), group in by_hooks.items():
        checks = [
            FileCheck(hook.make_check(configs[hook.id]), configs[hook.id].codes)
            for hook in running
            if hook.make_check is not None
        ]
        judging = (
            Judging(("",), known, bare=True)
            if every_taker
            else Judging(tuple(configs[hook.id].codes.own_prefix for hook in running), known)
        )
        findings += check_files(group, checks, judging)
    return findings


def selected(findings: list[Finding], config: HookConfig) -> list[Finding]:
    return [finding for finding in findings if config.codes.allows(finding.code)]


def as_shown(finding: Finding, root: Path) -> Finding:
    """A repository finding's root-relative path, relative to the working folder."""
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
            found, tree = folder_files(Path(path))
            if tree is not None:
                work_trees[tree] = None
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
