"""``.dockerignore`` matching with Docker's rules, which are not git's.

As in moby's ``patternmatcher``: patterns are cleaned (``./a/`` is ``a``) and relative to
the build context, ``*`` and ``?`` stop at ``/``, ``**`` crosses folders, a pattern
that matches a parent folder excludes everything below it, ``!`` re-includes, and the
last matching pattern wins. There is no basename matching: ``.env`` excludes only the
context's own ``.env``, ``**/.env`` every one.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

_BOM = "\ufeff"


@dataclass(frozen=True)
class DockerPattern:
    regex: re.Pattern[str]
    exclusion: bool


def _translate(pattern: str) -> re.Pattern[str]:
    """One cleaned pattern as a regular expression over whole context paths."""
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        index += 1
        if char == "*" and pattern[index : index + 1] == "*":
            index += 1
            if pattern[index : index + 1] == "/":
                index += 1
            out.append(".*" if index == len(pattern) else "(?:.*/)?")
        elif char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\" and index < len(pattern):
            out.append(re.escape(pattern[index]))
            index += 1
        elif char == "[" and (end := pattern.find("]", index + 1)) != -1:
            out.append("[" + pattern[index:end].replace("[", "\\[") + "]")
            index = end + 1
        else:
            out.append(re.escape(char))
    try:
        return re.compile("".join(out), re.DOTALL)
    except re.error:  # a malformed class: Docker rejects the file, we match nothing
        return re.compile(r"(?!)")


def parse(text: str) -> list[DockerPattern]:
    """The patterns of a ``.dockerignore``, in order."""
    patterns = []
    for line in text.removeprefix(_BOM).splitlines():
        if line.startswith("#"):
            continue
        line = line.strip()
        exclusion = line.startswith("!")
        if exclusion:
            line = line[1:].strip()
        if not line:
            continue
        cleaned = posixpath.normpath(line).lstrip("/") or "."
        patterns.append(DockerPattern(_translate(cleaned), exclusion))
    return patterns


def excludes(patterns: list[DockerPattern], path: str) -> bool:
    """Whether Docker leaves ``path`` out of the build context."""
    parts = path.split("/")
    candidates = ["/".join(parts[: count + 1]) for count in range(len(parts))]
    excluded = False
    for pattern in patterns:
        if any(pattern.regex.fullmatch(candidate) for candidate in candidates):
            excluded = not pattern.exclusion
    return excluded
