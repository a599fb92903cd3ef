"""``notebook-order`` (RH6xx) over a :class:`SourceFile`: each code cell's count, whether
it holds code, its output types and tags, judged by :func:`.order.check_order`."""

from __future__ import annotations

from collections.abc import Iterator

from repro_hooks.core.finding import Finding
from repro_hooks.hooks.notebook_order.order import OrderCell, check_order
from repro_hooks.sources import SourceFile


def check_source(source: SourceFile) -> Iterator[Finding]:
    """Findings at ``cell N:1:1``: each is about a whole cell (a ``.py`` file has none)."""
    cells = [
        OrderCell(
            unit.cell,
            unit.execution_count,
            has_code=bool(unit.text.strip()),
            output_types=unit.output_types,
            tags=unit.tags,
        )
        for unit in source.units
        if unit.cell is not None
    ]
    for cell, code, message in check_order(cells):
        yield Finding(source.path, cell, 1, 1, code, message)
