"""Was a notebook run top to bottom in one fresh kernel? Judged from its JSON alone.

The evidence is what Jupyter writes on save: each code cell's ``execution_count`` (the
kernel's counter when the cell last ran; ``None`` if it never ran in the saved session)
and its outputs. One fresh "Restart & Run All" leaves exactly this trace: the cells that
hold code carry 1, 2, 3, ... from top to bottom, cells with no code carry nothing
(Jupyter and nbclient do not send a blank cell to the kernel), and no cell shows an error
unless it fails on purpose. Every departure from that trace is one of four findings:

- RH601 ``out-of-order``: a cell ran before a cell above it;
- RH602 ``skipped-cell``: a cell with code did not run, yet cells below it did;
- RH603 ``not-one-fresh-run``: the counts are in order but are not 1, 2, 3, ...;
- RH604 ``error-output``: a cell's last run raised an exception.

The functions here are pure and total over :class:`OrderCell` records: any ``int`` or
``None`` as a count, in any order, gives an answer and never raises. Deciding what is a
count (a JSON ``true``, ``-1`` or ``2.0`` is not one) is the job of whoever builds the
records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from repro_hooks.hooks.notebook_order.rules import (
    ERROR_OUTPUT,
    NOT_ONE_FRESH_RUN,
    OUT_OF_ORDER,
    RAISES_EXCEPTION,
    SKIPPED_CELL,
)

RERUN = (
    "restart the kernel and run all cells, then commit; or strip the outputs "
    "(nbstripout) if the project does not keep them"
)

Verdict = tuple[int, str, str]
"""``(cell, code, message)``: ``cell`` is 1-based over all of the notebook's cells."""


@dataclass(frozen=True)
class OrderCell:
    """What the order check needs of one code cell, in notebook order.

    ``cell`` counts every cell, markdown and raw included, from 1 (the number the
    suite's findings show). ``has_code`` is false for a cell whose source is empty or only
    whitespace. ``output_types`` are the ``output_type`` values of its outputs
    (``"stream"``, ``"error"``, ...).
    """

    cell: int
    count: int | None
    has_code: bool = True
    output_types: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()


def check_order(cells: Sequence[OrderCell]) -> list[Verdict]:
    """Every finding about ``cells`` (a notebook's code cells, top to bottom), by cell.

    A notebook in which no code cell has a count passes whole, RH604 included: it was
    stripped or never run, so there is no run to judge; outputs saved without counts
    were kept that way on purpose (``nbstripout --keep-output``, some hosted notebooks).
    RH603 is left out when RH601 is found: a notebook run out of order is not one fresh
    run either, and one cause deserves one finding. That holds even when the
    configuration then hides RH601: disabling it accepts the notebook's order.
    """
    if all(cell.count is None for cell in cells):
        return []
    found = out_of_order(cells) or not_one_fresh_run(cells)
    return sorted(found + skipped_cells(cells) + error_outputs(cells))


def out_of_order(cells: Sequence[OrderCell]) -> list[Verdict]:
    """RH601 at each cell whose count is lower than the highest count above it.

    Compared with the highest count above, not with the previous cell's: in 1, 5, 2, 3
    both 2 and 3 ran before the cell counted 5, so both hold results computed in a state
    the notebook's order does not give. A count equal to one above is no reordering (the
    counter restarted); RH603 reports it as a second session.
    """
    found: list[Verdict] = []
    highest: tuple[int, int] | None = None  # (count, cell)
    for cell in cells:
        if cell.count is None:
            continue
        if highest is None or cell.count > highest[0]:
            highest = (cell.count, cell.cell)
        elif cell.count < highest[0]:
            message = (
                f"cell ran before a cell above it (execution count {cell.count}, but "
                f"cell {highest[1]} above ran as {highest[0]}): {RERUN}"
            )
            found.append((cell.cell, OUT_OF_ORDER, message))
    return found


def skipped_cells(cells: Sequence[OrderCell]) -> list[Verdict]:
    """RH602 at each cell with code and no count above the last cell that has a count.

    Cells after the last executed one are not reported: a notebook saved part way
    through is incomplete, not misleading, and the counts above stay honest. A blank
    cell never runs, so it is never skipped; a blank cell with a count (emptied after it
    ran) counts as executed.
    """
    last = max((index for index, cell in enumerate(cells) if cell.count is not None), default=-1)
    return [
        (
            cell.cell,
            SKIPPED_CELL,
            f"cell was not run, but cells below it were: its code is missing from the "
            f"saved results; {RERUN}",
        )
        for cell in cells[:last]
        if cell.count is None and cell.has_code
    ]


def not_one_fresh_run(cells: Sequence[OrderCell]) -> list[Verdict]:
    """RH603 once, at the first executed cell whose count is not its place in 1, 2, 3, ...

    Read top to bottom over the executed cells only (a skipped cell is RH602's). A first
    count other than 1 means the kernel ran code before, maybe from cells since deleted;
    a gap means cells ran that are not in the notebook, or ran twice; a repeated count
    means a second kernel session. Count 0, never written by Jupyter, is a break too.
    """
    executed = [cell for cell in cells if cell.count is not None]
    for expected, cell in enumerate(executed, start=1):
        if cell.count == expected:
            continue
        if expected == 1:
            what = f"execution counts start at {cell.count}, not 1: the kernel ran code before"
        elif cell.count == expected - 1:
            what = f"execution count {cell.count} repeats: the cells ran in two kernel sessions"
        else:
            what = (
                f"execution counts jump from {expected - 1} to {cell.count}: code ran "
                f"that is not in the notebook, or cells ran twice"
            )
        return [(cell.cell, NOT_ONE_FRESH_RUN, f"not one fresh run ({what}); {RERUN}")]
    return []


def error_outputs(cells: Sequence[OrderCell]) -> list[Verdict]:
    """RH604 at each cell showing an ``error`` output, unless tagged ``raises-exception``.

    Reported whatever its count: the saved traceback is the result a reader sees. Only
    an ``error`` output counts; a warning printed to stderr is a ``stream``.
    """
    return [
        (
            cell.cell,
            ERROR_OUTPUT,
            "cell's last run raised an exception: fix it, then restart the kernel and run "
            f"all cells and commit; tag the cell '{RAISES_EXCEPTION}' if it fails on purpose",
        )
        for cell in cells
        if "error" in cell.output_types and RAISES_EXCEPTION not in cell.tags
    ]
