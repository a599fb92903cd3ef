"""``declared-imports``: every module a notebook imports is declared in requirements.in
(RH5xx), checked offline against a module-to-distribution map shipped with the hook."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from repro_hooks.core.config import HookConfig, string_list
from repro_hooks.core.finding import Finding
from repro_hooks.engine.hook import Hook, Run, SourceCheck, notebook_text
from repro_hooks.hooks.declared_imports.rules import EXAMPLE_PROJECT, RULES

if TYPE_CHECKING:
    from repro_hooks.hooks.declared_imports.check import Settings

# Sources, and the declaration files whose lines RH504 points at (pre-commit `files:`).
FILES = (
    r"\.(py|pyw|ipynb)$|(^|/)(requirements/[^/]+|[^/]*requirements[^/]*)\.(in|txt)$"
    r"|(^|/)pyproject\.toml$"
)


def module_map(value: Any) -> dict[str, tuple[str, ...]]:
    """``{ cv2 = "opencv-python-headless", mylib = ["a", "b"] }``."""
    if not isinstance(value, dict):
        raise ValueError('expected a table such as { cv2 = "opencv-python-headless" }')
    parsed = {}
    for module, dists in value.items():
        names = (dists,) if isinstance(dists, str) else string_list(dists)
        if not module or not all(part.isidentifier() for part in module.split(".")):
            raise ValueError(f"{module!r} is not a module name")
        if not names:
            raise ValueError(f"{module!r}: name at least one distribution")
        parsed[module] = names
    return parsed


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def settings(config: HookConfig) -> Settings:
    from pathlib import Path

    from repro_hooks.hooks.declared_imports.check import Settings

    options = config.options
    return Settings(
        declaration_files=options.get("declaration-files", ()),
        first_party=frozenset(options.get("first-party", ())),
        module_map=options.get("module-map", {}),
        unused=options.get("unused", False),
        allow_unused=frozenset(options.get("allow-unused", ())),
        root=Path(config.root),
    )


def make_check(config: HookConfig) -> SourceCheck:
    """RH501-RH503 of one file; a run's files share one reading of the declarations."""
    from repro_hooks.hooks.declared_imports.check import Projects, check_source

    return functools.partial(check_source, projects=Projects(settings(config)))


def project_check(request: Run) -> list[Finding]:
    """RH504 (and RH505 when enabled) for the projects of the given files, whichever."""
    from repro_hooks.engine.files import included
    from repro_hooks.hooks.declared_imports.check import check_project

    paths = included(request.paths, request.config)
    return check_project(paths, settings(request.config))


def example_files(text: str) -> dict[str, str]:
    """A rule example in the example project: ``# requirements.in`` examples are that
    file, the others a one-cell notebook (the examples use magics and shell escapes)."""
    if text.startswith("# requirements.in\n"):
        return {**EXAMPLE_PROJECT, "requirements.in": text.removeprefix("# requirements.in\n")}
    return {**EXAMPLE_PROJECT, "example.ipynb": notebook_text([text])}


HOOK = Hook(
    id="declared-imports",
    prefix="RH5",
    summary="block imports not declared in requirements.in (or pyproject), pip install "
    "lines in notebooks, import names declared as requirements (RH5xx)",
    rules=RULES,
    scope="sources",
    options={
        "declaration-files": string_list,  # instead of requirements.in / pyproject / .txt
        "first-party": string_list,  # more of the project's own modules
        "module-map": module_map,  # import name -> distributions, before the shipped map
        "unused": boolean,  # report declared but never imported distributions (RH505)
        "allow-unused": string_list,  # distributions used without an import
    },
    files=FILES,
    make_check=make_check,
    project_check=project_check,
    example_files=example_files,
)
