"""The source layer: staged files -> code units with exact positions (knows no check)."""

from repro_hooks.sources.reading import SourceError, read_source
from repro_hooks.sources.units import CodeUnit, Command, OutputText, SourceFile, Word

__all__ = [
    "CodeUnit",
    "Command",
    "OutputText",
    "SourceError",
    "SourceFile",
    "Word",
    "read_source",
]
