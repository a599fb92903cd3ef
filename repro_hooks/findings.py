"""The finding every hook reports, and its renderers (the output contract)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Finding:
    """One problem at one place: ``path[:cell N][:line:col]: CODE message``.

    ``cell`` is 1-based over all cells of a notebook (``None`` outside notebooks);
    ``line`` and ``column`` are 1-based within the cell (or file) and ``None`` for a
    finding about a whole file.
    """

    path: str
    cell: int | None
    line: int | None
    column: int | None
    code: str
    message: str

    def location(self) -> str:
        parts = [self.path]
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


def sort_key(finding: Finding) -> tuple[str, int, int, int, str]:
    """Order findings by place; whole-file findings first, ``None`` sorting low."""
    return (
        finding.path,
        finding.cell or 0,
        finding.line or 0,
        finding.column or 0,
        finding.code,
    )


def render_text(findings: Iterable[Finding], colour: bool = False) -> str:
    """One finding a line, as ruff prints them."""
    lines = []
    for finding in findings:
        location, code = finding.location(), finding.code
        if colour:
            location, code = f"\x1b[1m{location}\x1b[0m", f"\x1b[1;31m{code}\x1b[0m"
        lines.append(f"{location}: {code} {finding.message}")
    return "".join(line + "\n" for line in lines)


def render_json(findings: Iterable[Finding]) -> str:
    """A JSON array of finding objects (``[]`` when clean)."""
    return json.dumps([asdict(finding) for finding in findings], indent=2) + "\n"
