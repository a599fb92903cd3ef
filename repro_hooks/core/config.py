"""Project settings from ``[tool.repro-hooks]`` in ``pyproject.toml``.

The file is found the way ruff finds its own: the nearest ``pyproject.toml`` with a
``[tool.repro-hooks]`` table, walking up from the working folder, unless ``--config``
names one. Validation is strict: an unknown key or a bad value is an error naming the
key (exit 2), never a silent default, so a typo cannot switch a check off unnoticed.

    [tool.repro-hooks]
    exclude = ["notebooks/scratch/", "*.generated.py"]   # every hook
    disable = ["RH106"]                                  # every hook

    [tool.repro-hooks.absolute-paths]
    extra-roots = ["/srv/lab"]          # more machine-specific places (RH107)
    allowed-paths = ["/opt/models"]     # fine on every machine of this team
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from repro_hooks.core.paths import has_drive
from repro_hooks.core.rule import SUITE_PREFIXES

TABLE = "tool.repro-hooks"
PYPROJECT = "pyproject.toml"
CODE = re.compile(r"RH\d{1,3}")


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key."""


class UsageError(Exception):
    """A bad flag or configuration value: the command exits 2 with this message."""


# A hook's own keys: each parser turns the TOML value into what the hook needs, or
# raises ValueError saying why it cannot.
Options = Mapping[str, Callable[[Any], Any]]


def string_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("expected a list of strings")
    return tuple(value)


def regex_list(value: Any) -> tuple[re.Pattern[str], ...]:
    patterns = []
    for text in string_list(value):
        try:
            patterns.append(re.compile(text))
        except re.error as error:
            raise ValueError(f"{text!r} is not a regular expression: {error}") from None
    return tuple(patterns)


@dataclass(frozen=True)
class CodeSelection:
    """Which codes a hook reports: its own codes narrowed by ``enable`` (all when
    ``None``), minus ``disable``; the suite's codes (RH0xx, RH9xx) only by ``disable``."""

    own_prefix: str = ""
    enable: tuple[str, ...] | None = None
    disable: tuple[str, ...] = ()

    def allows(self, code: str) -> bool:
        if code.startswith(self.disable):
            return False
        if self.enable is None or not code.startswith(self.own_prefix):
            return True
        return code.startswith(self.enable)


@dataclass(frozen=True)
class HookConfig:
    """What one hook takes from the configuration."""

    codes: CodeSelection = field(default_factory=CodeSelection)
    exclude: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    root: str = "."

    def excludes(self, path: str) -> bool:
        """Whether ``path`` (as given, relative to the working folder) is excluded."""
        if not self.exclude:
            return False
        relative = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        return any(_glob_regex(pattern).match(relative) for pattern in self.exclude)


@dataclass(frozen=True)
class Schema:
    """What the configuration knows of one hook: its id (its table's name), the prefix of
    its codes, every code it has, and its own keys."""

    hook_id: str
    prefix: str
    codes: tuple[str, ...]
    options: Options


@dataclass(frozen=True)
class Config:
    """Validated settings for every hook, and the file they came from (``None``: no
    file, defaults)."""

    schemas: tuple[Schema, ...]
    suite_codes: tuple[str, ...]
    path: str | None = None
    hooks: Mapping[str, HookConfig] = field(default_factory=dict)

    def hook(self, hook_id: str) -> HookConfig:
        found = self.hooks.get(hook_id)
        if found is not None:
            return found
        prefix = next(schema.prefix for schema in self.schemas if schema.hook_id == hook_id)
        return HookConfig(CodeSelection(prefix))


def find_config(start: str) -> tuple[str, Any] | None:
    """The nearest ``pyproject.toml`` at or above the folder ``start`` with a repro-hooks
    table, and that table (each file is read and parsed once)."""
    folder = os.path.abspath(start)
    while True:
        candidate = os.path.join(folder, PYPROJECT)
        text = _read_text(candidate) if os.path.isfile(candidate) else None
        if text is not None and "repro-hooks" in text:
            table = _tool_table(_read_toml(candidate, text))
            if table is not None:
                return candidate, table
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _read_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError):
        return None


def load_config(
    schemas: tuple[Schema, ...],
    suite_codes: tuple[str, ...],
    explicit: str | None = None,
    start: str | os.PathLike[str] | None = None,
) -> Config:
    """The configuration ``--config`` names, or the one found above ``start`` (the working
    folder); defaults when there is none. ``schemas`` are the hooks it may configure and
    ``suite_codes`` the codes of no one hook. Raises :class:`ConfigError`."""
    validator = _Validator(schemas, suite_codes)
    if explicit is None:
        found = find_config(os.fspath(start or os.getcwd()))
        if found is None:
            return Config(schemas, suite_codes)
        path, table = found
        return Config(schemas, suite_codes, path, validator.table(table, TABLE, path))
    path = os.path.normpath(explicit)
    if not os.path.isfile(path):
        raise ConfigError(f"--config: {explicit!r} is not a file")
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the file: {error}") from None
    document = _read_toml(path, text)
    table = _tool_table(document)
    if table is not None:
        return Config(schemas, suite_codes, path, validator.table(table, TABLE, path))
    if os.path.basename(path) == PYPROJECT:
        raise ConfigError(f"{path}: no [{TABLE}] table")
    # A file of its own: the keys at the top.
    return Config(schemas, suite_codes, path, validator.table(document, "", path))


def _tool_table(document: dict[str, Any]) -> Any:
    tool = document.get("tool")
    return tool.get("repro-hooks") if isinstance(tool, dict) else None


def _read_toml(path: str, text: str) -> dict[str, Any]:
    """Parsed TOML; the parser is imported only when a project has a pyproject.toml."""
    from repro_hooks.core.toml import TomlError, parse_toml

    try:
        return parse_toml(text)
    except TomlError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


# -- validation -----------------------------------------------------------------------------
_COMMON_KEYS = ("enable", "disable", "exclude")


@dataclass(frozen=True)
class _Validator:
    schemas: tuple[Schema, ...]
    suite_codes: tuple[str, ...]

    def table(self, table: Any, name: str, path: str) -> dict[str, HookConfig]:
        """Validate the whole table; every hook's settings, top-level keys applied to each."""
        where = f"{path}: [{name}]" if name else f"{path}:"
        if not isinstance(table, dict):
            raise ConfigError(f"{where} must be a table")
        hook_ids = [schema.hook_id for schema in self.schemas]
        known = ["exclude", "disable", *hook_ids]
        unknown = sorted(set(table) - set(known))
        if unknown:
            listed = ", ".join(known)
            raise ConfigError(f"{where} unknown key {unknown[0]!r} (known keys: {listed})")
        top_exclude = _value(where, "exclude", table, _glob_list)
        top_disable = _value(where, "disable", table, self._codes("RH"))
        hooks = {}
        for schema in self.schemas:
            hook_table = table.get(schema.hook_id, {})
            hook_where = f"{path}: [{name + '.' if name else ''}{schema.hook_id}]"
            if not isinstance(hook_table, dict):
                raise ConfigError(f"{hook_where} must be a table")
            allowed = (*_COMMON_KEYS, *schema.options)
            unknown = sorted(set(hook_table) - set(allowed))
            if unknown:
                raise ConfigError(
                    f"{hook_where} unknown key {unknown[0]!r} (known keys: {', '.join(allowed)})"
                )
            enable = _value(hook_where, "enable", hook_table, self._codes(schema.prefix))
            disable = _value(
                hook_where, "disable", hook_table, self._codes(schema.prefix, *SUITE_PREFIXES)
            )
            exclude = _value(hook_where, "exclude", hook_table, _glob_list)
            hooks[schema.hook_id] = HookConfig(
                CodeSelection(schema.prefix, enable, (top_disable or ()) + (disable or ())),
                (top_exclude or ()) + (exclude or ()),
                {
                    key: _value(hook_where, key, hook_table, parse)
                    for key, parse in schema.options.items()
                    if key in hook_table
                },
                os.path.realpath(os.path.dirname(os.path.abspath(path))),
            )
        return hooks

    def _codes(self, *prefixes: str) -> Callable[[Any], tuple[str, ...]]:
        """A parser of codes or code prefixes (``RH1``, ``RH10``, ``RH101``), each naming a
        known code that starts with one of ``prefixes``."""
        every = sorted({*self.suite_codes, *(c for s in self.schemas for c in s.codes)})
        known = [code for code in every if code.startswith(prefixes)]

        def parse(value: Any) -> tuple[str, ...]:
            codes = string_list(value)
            for code in codes:
                if not CODE.fullmatch(code) or not any(k.startswith(code) for k in known):
                    raise ValueError(f"{code!r} is not a code or prefix here ({', '.join(known)})")
            return codes

        return parse


def _value(where: str, key: str, table: dict[str, Any], parse: Callable[[Any], Any]) -> Any:
    if key not in table:
        return None
    try:
        return parse(table[key])
    except ValueError as error:
        raise ConfigError(f"{where} {key}: {error}") from None


def _glob_list(value: Any) -> tuple[str, ...]:
    patterns = string_list(value)
    for pattern in patterns:
        if not pattern.strip("/ ") or pattern.startswith("../") or has_drive(pattern):
            raise ValueError(f"{pattern!r} is not a pattern inside the project")
    return patterns


@functools.cache
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A gitignore-style glob: ``*`` within a folder, ``**`` across folders; a pattern
    with no ``/`` but a trailing one matches at any depth, ``/x`` only at the root; a
    folder matches everything under it."""
    body = pattern.strip().removeprefix("./").rstrip("/")
    anchored = "/" in body
    body = body.lstrip("/")
    parts = []
    index = 0
    while index < len(body):
        if body.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif body.startswith("**", index):
            parts.append(".*")
            index += 2
        else:
            parts.append({"*": "[^/]*", "?": "[^/]"}.get(body[index], re.escape(body[index])))
            index += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"{prefix}{''.join(parts)}(?:/.*)?$")
