"""The hook registry: hook id -> the module that wires its check to the command line.

Every hook module offers ``SUMMARY``, ``OPTIONS`` (its keys in ``[tool.repro-hooks.<id>]``
and their parsers), ``add_arguments(parser)`` and ``run(args, config) -> list[Finding]``,
and imports its heavy dependencies inside ``run`` so that
``repro-hooks --help`` and a clean commit stay fast. ``repro-hooks check`` runs them all
through functions the hook modules share with ``run``: ``configured_check(config)`` of the
file hooks, ``check_requirements`` and ``check_work_tree``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

HOOK_MODULES: dict[str, str] = {
    "absolute-paths": "repro_hooks.hooks.absolute_paths",
    "inline-secrets": "repro_hooks.hooks.inline_secrets",
    "requirements-current": "repro_hooks.hooks.requirements_current",
    "gitignore": "repro_hooks.hooks.gitignore",
}


class UsageError(Exception):
    """A bad flag or configuration value: the command exits 2 with this message."""


def load(hook_id: str) -> ModuleType:
    return importlib.import_module(HOOK_MODULES[hook_id])
