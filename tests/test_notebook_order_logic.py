"""notebook-order's judgement over code-cell records (RH601-RH604): exact codes and cells."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from repro_hooks.hooks.notebook_order.order import OrderCell, check_order
from repro_hooks.hooks.notebook_order.rules import (
    ERROR_OUTPUT,
    NOT_ONE_FRESH_RUN,
    OUT_OF_ORDER,
    RAISES_EXCEPTION,
    SKIPPED_CELL,
)


def cells(*counts: int | None, blank: tuple[int, ...] = ()) -> list[OrderCell]:
    """Code cells numbered 1, 2, ... with these counts; cell numbers in ``blank`` are empty."""
    return [
        OrderCell(number, count, has_code=number not in blank)
        for number, count in enumerate(counts, start=1)
    ]


def codes(records: list[OrderCell]) -> list[tuple[int, str]]:
    return [(cell, code) for cell, code, _ in check_order(records)]


@pytest.mark.parametrize(
    "records",
    [
        [],
        cells(None, None, None),  # never run, or stripped by nbstripout
        cells(None, None, blank=(1, 2)),
        cells(1, 2, 3),
        cells(1, None, 2, blank=(2,)),  # a blank cell never runs
        cells(1, 2, None, None),  # saved part way through: not reported
        cells(1, 2, 3, blank=(2,)),  # emptied after it ran: still executed
    ],
)
def test_one_fresh_run_passes(records: list[OrderCell]) -> None:
    assert check_order(records) == []


def test_no_counts_passes_even_with_an_error_output() -> None:
    """``nbstripout --keep-output`` keeps outputs but drops counts: nothing to judge."""
    records = [OrderCell(2, None, output_types=frozenset({"error"}))]
    assert check_order(records) == []


def test_cell_numbers_are_the_records_own() -> None:
    """Markdown cells between code cells count: the record carries the number."""
    records = [OrderCell(2, 2), OrderCell(5, 1), OrderCell(9, None), OrderCell(12, 3)]
    assert codes(records) == [(5, OUT_OF_ORDER), (9, SKIPPED_CELL)]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((2, 1), [(2, OUT_OF_ORDER)]),
        ((1, 5, 2, 3), [(3, OUT_OF_ORDER), (4, OUT_OF_ORDER)]),  # below the highest above
        ((3, 1, 2, 4), [(2, OUT_OF_ORDER), (3, OUT_OF_ORDER)]),
        ((5, None, 4), [(2, SKIPPED_CELL), (3, OUT_OF_ORDER)]),
        ((1, 2, 9, 3, 10), [(4, OUT_OF_ORDER)]),  # no RH603 for the gap 2 -> 9
        ((2, 2, 1), [(3, OUT_OF_ORDER)]),
        ((1, 0), [(2, OUT_OF_ORDER)]),
    ],
)
def test_out_of_order(counts: tuple[int | None, ...], expected: list[tuple[int, str]]) -> None:
    assert codes(cells(*counts)) == expected


@pytest.mark.parametrize(
    ("counts", "blank", "expected"),
    [
        ((None, 1), (), [(1, SKIPPED_CELL)]),
        ((1, None, None, 2), (), [(2, SKIPPED_CELL), (3, SKIPPED_CELL)]),
        ((1, None, None, 2), (3,), [(2, SKIPPED_CELL)]),
        ((1, None, 2, None), (), [(2, SKIPPED_CELL)]),  # the trailing cell is not reported
    ],
)
def test_skipped_cells(
    counts: tuple[int | None, ...], blank: tuple[int, ...], expected: list[tuple[int, str]]
) -> None:
    assert codes(cells(*counts, blank=blank)) == expected


@pytest.mark.parametrize(
    ("counts", "expected_cell", "wording"),
    [
        ((2, 3, 4), 1, "start at 2, not 1"),
        ((0, 1, 2), 1, "start at 0, not 1"),
        ((1, 2, 4, 7), 3, "jump from 2 to 4"),
        ((1, 2, 2, 3), 3, "count 2 repeats"),
        ((1, 1), 2, "count 1 repeats"),
        ((None, 3, None, 5), 2, "start at 3, not 1"),
        ((1, None, 3), 3, "jump from 1 to 3"),
    ],
)
def test_not_one_fresh_run_once_at_the_first_break(
    counts: tuple[int | None, ...], expected_cell: int, wording: str
) -> None:
    found = [f for f in check_order(cells(*counts)) if f[1] == NOT_ONE_FRESH_RUN]
    assert [cell for cell, _, _ in found] == [expected_cell]
    assert wording in found[0][2]


def test_skipped_cell_and_a_gap_are_both_reported() -> None:
    assert codes(cells(1, None, 3)) == [(2, SKIPPED_CELL), (3, NOT_ONE_FRESH_RUN)]


def test_error_outputs() -> None:
    error = frozenset({"stream", "error"})
    records = [
        OrderCell(1, 1, output_types=error),
        OrderCell(2, 2, output_types=frozenset({"stream"})),  # stderr warnings are streams
        OrderCell(3, 3, output_types=error, tags=frozenset({RAISES_EXCEPTION})),
        OrderCell(4, None, output_types=error),
        OrderCell(6, 4, output_types=error, tags=frozenset({"raises"})),
    ]
    assert codes(records) == [
        (1, ERROR_OUTPUT),
        (4, SKIPPED_CELL),
        (4, ERROR_OUTPUT),
        (6, ERROR_OUTPUT),
    ]


def test_error_output_beside_order_findings() -> None:
    records = [OrderCell(1, 2, output_types=frozenset({"error"})), OrderCell(2, 1)]
    assert codes(records) == [(1, ERROR_OUTPUT), (2, OUT_OF_ORDER)]


def test_messages_say_what_happened_and_what_to_do() -> None:
    found = {code: message for _, code, message in check_order(cells(3, None, 1))}
    assert found[OUT_OF_ORDER].startswith(
        "cell ran before a cell above it (execution count 1, but cell 1 above ran as 3): "
        "restart the kernel and run all cells, then commit"
    )
    assert found[SKIPPED_CELL].startswith("cell was not run, but cells below it were")
    for message in found.values():
        assert message.endswith(
            "or strip the outputs (nbstripout) if the project does not keep them"
        )
    (error,) = check_order([OrderCell(1, 1, output_types=frozenset({"error"}))])
    assert f"tag the cell '{RAISES_EXCEPTION}' if it fails on purpose" in error[2]


def _expected(counts: tuple[int | None, ...]) -> set[tuple[int, str]]:
    """The issue's definitions, written the obvious quadratic way."""
    found: set[tuple[int, str]] = set()
    executed = [(n, c) for n, c in enumerate(counts, 1) if c is not None]
    for n, c in executed:
        if any(c < earlier for m, earlier in executed if m < n):
            found.add((n, OUT_OF_ORDER))
    last = max((n for n, _ in executed), default=0)
    found |= {(n, SKIPPED_CELL) for n, c in enumerate(counts, 1) if c is None and n < last}
    breaks = [n for place, (n, c) in enumerate(executed, 1) if c != place]
    if breaks and not any(code == OUT_OF_ORDER for _, code in found):
        found.add((breaks[0], NOT_ONE_FRESH_RUN))
    return found


def test_every_short_notebook_matches_the_definitions() -> None:
    """All 19,608 notebooks of up to five code cells over counts None, 0, 1, 2, 3, 5, -1:
    total (no exception), sorted by cell, and equal to the definitions."""
    alphabet = (None, 0, 1, 2, 3, 5, -1)
    checked = 0
    for length in range(6):
        for counts in itertools.product(alphabet, repeat=length):
            found = check_order(cells(*counts))
            assert found == sorted(found)
            assert {(cell, code) for cell, code, _ in found} == _expected(counts), counts
            checked += 1
    assert checked == sum(len(alphabet) ** n for n in range(6))


REAL = json.loads(
    (Path(__file__).parent / "fixtures/notebook_order/real_notebooks.json").read_text()
)


@pytest.mark.parametrize("entry", REAL, ids=[f"{e['commit'][:8]}:{e['path']}" for e in REAL])
def test_real_notebooks_match_their_labels(entry: dict[str, Any]) -> None:
    """Versions of notebooks from public projects, labelled by hand (see the fixture's
    README): the findings' cells per code are exactly the labels."""
    records = [
        OrderCell(cell, count, has_code, frozenset(outputs), frozenset(tags))
        for cell, count, has_code, outputs, tags in entry["code_cells"]
    ]
    found: dict[str, list[int]] = {}
    for cell, code, _ in check_order(records):
        found.setdefault(code, []).append(cell)
    assert found == entry["expected"]
