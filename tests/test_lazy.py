"""Work put off until needed gives what doing it at once gives."""

from __future__ import annotations

import re

import pytest

from repro_hooks.core.lazy import LazyRegex, lazy

TEXT = "token=abc123 key=XYZ789 other=1"
PATTERN = r"(?P<name>[a-z]+)=(?P<value>\w+)"


@pytest.mark.parametrize(
    ("method", "arguments"),
    [
        ("search", (TEXT,)),
        ("search", (TEXT, 5)),
        ("search", (TEXT, 0, 4)),
        ("match", (TEXT,)),
        ("match", (TEXT, 1)),
        ("fullmatch", ("key=X",)),
        ("fullmatch", (TEXT,)),
        ("findall", (TEXT,)),
        ("sub", ("<\\g<name>>", TEXT)),
        ("sub", ("-", TEXT, 1)),
        ("split", (TEXT,)),
        ("split", (TEXT, 1)),
    ],
)
def test_a_lazy_regex_answers_as_the_compiled_pattern(
    method: str, arguments: tuple[object, ...]
) -> None:
    expected = getattr(re.compile(PATTERN, re.I), method)(*arguments)
    got = getattr(LazyRegex(PATTERN, re.I), method)(*arguments)
    if isinstance(expected, re.Match):
        assert isinstance(got, re.Match)
        assert (got.span(), got.groupdict()) == (expected.span(), expected.groupdict())
    else:
        assert got == expected


def test_a_lazy_regex_compiles_on_first_use_then_answers_from_the_pattern() -> None:
    regex = LazyRegex(PATTERN)
    assert "compiled" not in vars(regex)
    assert [m.span() for m in regex.finditer(TEXT)] == [(0, 12), (13, 23), (24, 31)]
    compiled = vars(regex)["compiled"]
    assert compiled.pattern == PATTERN
    # Later calls go to the compiled pattern's own methods, with no wrapper between.
    assert regex.search.__self__ is compiled  # type: ignore[attr-defined]
    assert regex.sub.__self__ is compiled  # type: ignore[attr-defined]


def test_a_lazy_property_is_computed_once() -> None:
    calls: list[int] = []

    class Holder:
        @lazy
        def value(self) -> int:
            calls.append(1)
            return 42

    holder = Holder()
    assert (holder.value, holder.value, len(calls)) == (42, 42, 1)
