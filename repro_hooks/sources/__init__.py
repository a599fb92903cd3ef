"""The source layer: staged files -> code units with exact positions (knows no check)."""

from repro_hooks.sources.lines import LineTable
from repro_hooks.sources.reading import NotReadable, SourceError, read_regular_file, read_source
from repro_hooks.sources.sites import StringSite
from repro_hooks.sources.strings import string_sites
from repro_hooks.sources.units import CodeUnit, Command, OutputText, SourceFile, Word

__all__ = [
    "CodeUnit",
    "Command",
    "LineTable",
    "NotReadable",
    "OutputText",
    "SourceError",
    "SourceFile",
    "StringSite",
    "Word",
    "read_regular_file",
    "read_source",
    "string_sites",
]
