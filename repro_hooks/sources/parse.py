"""libcst parsing, imported only when a unit is parsed (it costs ~0.15 s to import)."""

from __future__ import annotations

import libcst
import libcst.metadata


def parse_python(python: str) -> libcst.metadata.MetadataWrapper | None:
    try:
        module = libcst.parse_module(python)
    except (libcst.ParserSyntaxError, RecursionError, ValueError):
        return None
    return libcst.metadata.MetadataWrapper(module, unsafe_skip_copy=True)
