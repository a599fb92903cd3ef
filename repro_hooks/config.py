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
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TABLE = "tool.repro-hooks"
PYPROJECT = "pyproject.toml"
CODE = re.compile(r"RH\d{1,3}")
SUITE_PREFIXES = ("RH0", "RH9")  # codes every hook reports (unused suppressions, bad files)


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key."""


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
    root: Path = Path(".")

    def excludes(self, path: str) -> bool:
        """Whether ``path`` (as given, relative to the working folder) is excluded."""
        if not self.exclude:
            return False
        relative = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        return any(_glob_regex(pattern).match(relative) for pattern in self.exclude)


@dataclass(frozen=True)
class Config:
    """Validated settings, and the file they came from (``None``: no file, defaults)."""

    path: Path | None = None
    hooks: Mapping[str, HookConfig] = field(default_factory=dict)

    def hook(self, hook_id: str) -> HookConfig:
        return self.hooks.get(hook_id) or HookConfig(CodeSelection(hook_prefix(hook_id)))


def hook_prefix(hook_id: str) -> str:
    """``RH1`` for absolute-paths: every hook owns one hundred codes."""
    from repro_hooks.hooks import HOOK_MODULES

    return f"RH{list(HOOK_MODULES).index(hook_id) + 1}"


def find_config(start: Path) -> tuple[Path, Any] | None:
    """The nearest ``pyproject.toml`` at or above ``start`` with a repro-hooks table, and
    that table (each file is read and parsed once)."""
    for folder in (start, *start.parents):
        candidate = folder / PYPROJECT
        if not candidate.is_file():
            continue
        try:
            text = candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "repro-hooks" in text:
            table = _tool_table(_read_toml(candidate, text))
            if table is not None:
                return candidate, table
    return None


def load_config(explicit: str | None = None, start: Path | None = None) -> Config:
    """The configuration ``--config`` names, or the one found above ``start`` (the working
    folder); defaults when there is none. Raises :class:`ConfigError`."""
    if explicit is None:
        found = find_config(start or Path.cwd())
        if found is None:
            return Config()
        path, table = found
        return Config(path, parse_table(table, TABLE, path))
    path = Path(explicit)
    if not path.is_file():
        raise ConfigError(f"--config: {explicit!r} is not a file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the file: {error}") from None
    document = _read_toml(path, text)
    table = _tool_table(document)
    if table is not None:
        return Config(path, parse_table(table, TABLE, path))
    if path.name == PYPROJECT:
        raise ConfigError(f"{path}: no [{TABLE}] table")
    return Config(path, parse_table(document, "", path))  # a file of its own: keys at the top


def _tool_table(document: dict[str, Any]) -> Any:
    tool = document.get("tool")
    return tool.get("repro-hooks") if isinstance(tool, dict) else None


def _read_toml(path: Path, text: str) -> dict[str, Any]:
    """Parsed TOML; the parser is imported only when a project has a pyproject.toml."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


# -- validation -----------------------------------------------------------------------------
_COMMON_KEYS = ("enable", "disable", "exclude")


def parse_table(table: Any, name: str, path: Path) -> dict[str, HookConfig]:
    """Validate the whole table; every hook's settings, top-level keys applied to each."""
    from repro_hooks.hooks import HOOK_MODULES, load

    where = f"{path}: [{name}]" if name else f"{path}:"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(table) - {"exclude", "disable", *HOOK_MODULES})
    if unknown:
        known = ", ".join(["exclude", "disable", *HOOK_MODULES])
        raise ConfigError(f"{where} unknown key {unknown[0]!r} (known keys: {known})")
    top_exclude = _value(where, "exclude", table, _glob_list)
    top_disable = _value(where, "disable", table, _codes("RH"))
    hooks = {}
    for hook_id in HOOK_MODULES:
        prefix = hook_prefix(hook_id)
        options: Options = load(hook_id).OPTIONS
        hook_table = table.get(hook_id, {})
        hook_where = f"{path}: [{name + '.' if name else ''}{hook_id}]"
        if not isinstance(hook_table, dict):
            raise ConfigError(f"{hook_where} must be a table")
        allowed = (*_COMMON_KEYS, *options)
        unknown = sorted(set(hook_table) - set(allowed))
        if unknown:
            raise ConfigError(
                f"{hook_where} unknown key {unknown[0]!r} (known keys: {', '.join(allowed)})"
            )
        enable = _value(hook_where, "enable", hook_table, _codes(prefix))
        disable = _value(
            hook_where,
            "disable",
            hook_table,
            _codes(prefix, *SUITE_PREFIXES),
        )
        exclude = _value(hook_where, "exclude", hook_table, _glob_list)
        hooks[hook_id] = HookConfig(
            CodeSelection(prefix, enable, (top_disable or ()) + (disable or ())),
            (top_exclude or ()) + (exclude or ()),
            {
                key: _value(hook_where, key, hook_table, parse)
                for key, parse in options.items()
                if key in hook_table
            },
            path.parent.resolve(),
        )
    return hooks


def _value(where: str, key: str, table: dict[str, Any], parse: Callable[[Any], Any]) -> Any:
    if key not in table:
        return None
    try:
        return parse(table[key])
    except ValueError as error:
        raise ConfigError(f"{where} {key}: {error}") from None


def _codes(*prefixes: str) -> Callable[[Any], tuple[str, ...]]:
    """A parser of codes or code prefixes (``RH1``, ``RH10``, ``RH101``), each naming a
    known code that starts with one of ``prefixes``."""

    def parse(value: Any) -> tuple[str, ...]:
        from repro_hooks.rules import all_rules

        known = [code for code in all_rules() if code.startswith(prefixes)]
        codes = string_list(value)
        for code in codes:
            if not CODE.fullmatch(code) or not any(k.startswith(code) for k in known):
                raise ValueError(f"{code!r} is not a code or prefix here ({', '.join(known)})")
        return codes

    return parse


def _glob_list(value: Any) -> tuple[str, ...]:
    patterns = string_list(value)
    for pattern in patterns:
        if not pattern.strip("/ ") or pattern.startswith("../") or re.match(r"[A-Za-z]:", pattern):
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
