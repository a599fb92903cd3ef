"""The finding every hook reports: one problem at one place."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    """One problem at one place: ``path[:cell N][:line:col]: CODE message``.

    ``cell`` is 1-based over all cells of a notebook (``None`` outside notebooks);
    ``line`` and ``column`` are 1-based within the cell (or file) and ``None`` for a
    finding about a whole file. ``detail`` is what does not fit one line of text (a diff):
    formats that carry structure show it, text leaves it out.
    """

    path: str
    cell: int | None
    line: int | None
    column: int | None
    code: str
    message: str
    detail: str | None = field(default=None, compare=False)

    def location(self) -> str:
        position = self.position()
        return f"{self.path}:{position}" if position else self.path

    def position(self) -> str:
        """``cell N:line:col`` without the path (``""`` for a whole file), for formats
        that carry the path apart."""
        parts = []
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
