"""TOML for every reader (configuration, pyproject sources): ``tomllib`` from Python 3.11,
``tomli`` before; imported only when a TOML file is read."""

from __future__ import annotations

import sys
from typing import Any


class TomlError(ValueError):
    """Text that is not valid TOML."""


def parse_toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        document: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TomlError(str(error)) from None
    return document
