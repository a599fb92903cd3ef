"""The ``declared-imports`` check: each import against the project's declarations.

A project is the nearest folder above a file that holds a declaration file (or the
configured one); its declarations are read once per run and shared by all its files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from repro_hooks.core.finding import Finding
from repro_hooks.hooks.declared_imports.declarations import (
    Declarations,
    find_declarations,
    read_declarations,
)
from repro_hooks.hooks.declared_imports.finder import (
    Import,
    Install,
    find_imports,
    find_installs,
    written_modules,
)
from repro_hooks.hooks.declared_imports.firstparty import first_party
from repro_hooks.hooks.declared_imports.mapping import ModuleMap, canonical, stdlib_status
from repro_hooks.sources import SourceFile

# Modules a running Jupyter kernel always has: it is IPython.
KERNEL_MODULES = frozenset({"IPython", "ipykernel"})
# Modules of hosted notebook services, there only when the notebook runs on them: no
# distribution provides them elsewhere (absolute-paths reports the service's paths).
RUNTIME_MODULES = ("google.colab", "kaggle_secrets", "kaggle_datasets", "kaggle_web_client")
# Distributions used without being imported: a declaration of one is never unused.
ALLOW_UNUSED = frozenset(
    {
        "jupyter", "jupyterlab", "notebook", "ipykernel", "ipython", "ipywidgets", "nbconvert",
        "nbformat", "jupytext", "papermill", "voila", "pip", "pip-tools", "setuptools",
        "wheel", "uv", "pre-commit", "black", "ruff", "flake8", "mypy", "pytest", "nbqa",
        "nbstripout", "openpyxl", "xlrd", "pyarrow", "fastparquet", "tabulate", "lxml",
        "html5lib", "psycopg2", "psycopg2-binary", "pymysql", "kaleido", "ipympl",
        "jupyter-contrib-nbextensions", "widgetsnbextension", "jinja2", "odfpy", "gunicorn",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Settings:
    """``[tool.repro-hooks.declared-imports]``: declaration files (relative to the
    configuration's folder), extra first-party names, extra module-map entries, and
    whether declared-but-unused distributions are reported (RH505)."""

    declaration_files: tuple[str, ...] = ()
    first_party: frozenset[str] = frozenset()
    module_map: Mapping[str, Sequence[str]] = field(default_factory=dict)
    unused: bool = False
    allow_unused: frozenset[str] = frozenset()
    root: Path = Path(".")


@dataclass
class Project:
    """A folder with its declarations, read on first use."""

    root: Path
    files: list[Path]
    _declarations: Declarations | None = None

    @property
    def declarations(self) -> Declarations:
        if self._declarations is None:
            self._declarations = read_declarations(self.files)
        return self._declarations

    @property
    def declared_in(self) -> str:
        """How a message names the file to edit."""
        return self.files[0].name if self.files else "requirements.in"


class Projects:
    """Finds each file's project once per folder; owns the module map."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.base = settings.root.resolve()
        self.map = ModuleMap(settings.module_map)
        self._by_folder: dict[Path, Project] = {}
        self._configured: Project | None = None
        self._by_given: dict[str, Project] = {}

    def project_of(self, path: Path) -> Project:
        """The project of the file ``path``: the nearest folder above it with a declaration
        file, up to the top of its work tree (a folder holding ``.git``); the configured
        declaration files, when there are some."""
        given = os.path.dirname(path)
        if given not in self._by_given:
            self._by_given[given] = self.project_at(Path(given or "."))
        return self._by_given[given]

    def project_at(self, start: Path) -> Project:
        """The project of the folder ``start`` (see :meth:`project_of`)."""
        if self.settings.declaration_files:
            if self._configured is None:
                files = [self.base / name for name in self.settings.declaration_files]
                self._configured = Project(self.base, files)
            return self._configured
        start = folder = start.resolve()
        trail = []
        while folder not in self._by_folder:
            trail.append(folder)
            found = find_declarations(folder)
            if found is not None:
                self._by_folder[folder] = Project(folder, [found])
            elif (folder / ".git").exists():
                self._by_folder[folder] = Project(folder, [])
            elif folder.parent == folder:  # outside git, nothing declared: the file's folder
                trail = []
                folder = start
                self._by_folder[folder] = Project(folder, [])
            else:
                folder = folder.parent
        project = self._by_folder[folder]
        for seen in trail:
            self._by_folder[seen] = project
        return project


def check_source(source: SourceFile, projects: Projects) -> list[Finding]:
    """RH501-RH503 for one ``.py`` file or notebook."""
    path = Path(source.path)
    project = projects.project_of(path)
    findings = [_install_finding(source.path, i, project) for i in find_installs(source)]
    imports = find_imports(source)
    if not imports:
        return findings
    declarations = project.declarations
    own = first_party(project.root, path, projects.settings.first_party)
    own |= written_modules(source)
    reported: set[tuple[int | None, int, str]] = set()
    for found in imports:
        top = found.module.partition(".")[0]
        if top in own or (source.is_notebook and top in KERNEL_MODULES):
            continue
        if any(n == m or n.startswith(f"{m}.") for n in found.names for m in RUNTIME_MODULES):
            continue
        status = stdlib_status(top, declarations.python)
        if status in ("stdlib", "python 2"):
            continue  # no declaration can help a Python 2 notebook
        names = found.names
        if projects.map.provider_among(names, declarations.names):
            continue
        dist = projects.map.suggest(names)
        key = (found.cell, found.line, dist)
        if key in reported:
            continue
        reported.add(key)
        pinned_by = projects.map.provider_among(names, declarations.pinned)
        findings.append(
            Finding(
                source.path,
                found.cell,
                found.line,
                found.column,
                "RH502" if pinned_by else "RH501",
                _message(projects.map, found, dist, pinned_by, status, declarations, project),
            )
        )
    return findings


def _message(
    projects_map: ModuleMap,
    found: Import,
    dist: str,
    pinned_by: str | None,
    status: str | None,
    declarations: Declarations,
    project: Project,
) -> str:
    module = found.module
    if projects_map.suggest([module]) != dist:
        module = found.names[0]  # from google.cloud import storage: google.cloud.storage
    target = project.declared_in
    if pinned_by:
        return (
            f"'{module}' is installed only as a dependency of another package "
            f"({pinned_by} in {declarations.lock_name}): add {pinned_by} to {target}"
        )
    if status is not None and declarations.python is not None:
        version = ".".join(map(str, declarations.python))
        return (
            f"'{module}' is not in the standard library of Python {version} ({status}) "
            f"and nothing declared provides it"
        )
    if not project.files:
        return (
            f"'{module}' is not declared: no requirements.in, pyproject.toml or "
            f"requirements.txt found; declare {dist} in one"
        )
    return f"'{module}' is not declared: add {dist} to {target}"


def _install_finding(path: str, install: Install, project: Project) -> Finding:
    packages = ", ".join(install.packages)
    return Finding(
        path,
        install.cell,
        install.line,
        install.column,
        "RH503",
        f"'{install.command}' installs {packages} outside the declared requirements: "
        f"add {'them' if len(install.packages) > 1 else 'it'} to {project.declared_in} instead",
    )


def check_project(paths: Sequence[str], settings: Settings) -> list[Finding]:
    """RH504 for the projects of ``paths`` (the configured one when none), and RH505 when
    enabled: run once per run, whichever files were passed."""
    projects = Projects(settings)
    found = [projects.project_of(Path(path)) for path in paths] or [
        projects.project_at(projects.base)
    ]
    chosen = {id(project): project for project in found}
    findings = check_declarations(chosen.values(), projects.map)
    if settings.unused:
        for project in chosen.values():
            findings += check_unused(project, projects, settings.allow_unused)
    return findings


def check_declarations(projects: Iterable[Project], module_map: ModuleMap) -> list[Finding]:
    """RH504: requirements declared under an import name, at their line."""
    findings = []
    for project in projects:
        for requirement in project.declarations.requirements:
            dist = module_map.import_name(requirement.written)
            if dist is not None:
                findings.append(
                    Finding(
                        _display(requirement.path),
                        None,
                        requirement.line,
                        requirement.column,
                        "RH504",
                        f"'{requirement.written}' is an import name, not a distribution: "
                        f"declare {dist} instead",
                    )
                )
    return findings


def check_unused(project: Project, projects: Projects, allowed: frozenset[str]) -> list[Finding]:
    """RH505: declared distributions that no tracked ``.py`` file or notebook of the
    project imports (read only when the rule is enabled)."""
    from repro_hooks.engine.git import GitError, tracked_files
    from repro_hooks.sources import SourceError, read_source

    try:
        files = [project.root / f for f in tracked_files(project.root)]
    except GitError:  # outside git: the project's folder, without hidden folders
        files = [
            path
            for path in project.root.rglob("*")
            if not any(part.startswith(".") for part in path.relative_to(project.root).parts)
        ]
    unused = set(project.declarations.names) - ALLOW_UNUSED - {canonical(a) for a in allowed}
    for path in files:
        if not unused:
            break
        if path.suffix not in (".py", ".ipynb") or not path.is_file():
            continue
        try:
            source = read_source(str(path))
        except SourceError:
            continue
        for found in find_imports(source):
            used = projects.map.provider_among(found.names, unused)
            if used:
                unused.discard(used)
    return [
        Finding(
            _display(requirement.path),
            None,
            requirement.line,
            requirement.column,
            "RH505",
            f"'{requirement.written}' is declared but nothing in the project imports it: "
            "remove it, or add it to allow-unused if it is used without an import",
        )
        for requirement in project.declarations.requirements
        if requirement.name in unused
    ]


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
