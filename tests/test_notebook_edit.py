"""Editing a cell's source in a notebook's own JSON text: only the edited characters'
bytes change, whatever the layout, escapes and newlines (fixed-seed property test)."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from repro_hooks.sources.notebook_edit import CellEdit, NotebookEditError, edit_cells

LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
    max_size=30,
)


def notebook(cells: list[list[str] | str]) -> dict:
    return {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# title é\n"]},
            *(
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "metadata": {},
                    "outputs": [{"output_type": "stream", "name": "stdout", "text": source}],
                    "source": source,
                }
                for source in cells
            ),
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@settings(max_examples=150, derandomize=True, deadline=None)
@given(
    lines=st.lists(LINE, min_size=1, max_size=4),
    as_list=st.booleans(),
    indent=st.sampled_from([None, 1, 2]),
    ascii_only=st.booleans(),
    data=st.data(),
)
def test_only_the_edited_text_changes(lines, as_list, indent, ascii_only, data):
    text_lines = [line + "\n" for line in lines[:-1]] + [lines[-1]]
    source = text_lines if as_list else "".join(text_lines)
    document = notebook([source])
    text = json.dumps(document, indent=indent, ensure_ascii=ascii_only)
    line = data.draw(st.integers(1, len(lines)))
    content = lines[line - 1]
    assume(content)
    start = data.draw(st.integers(0, len(content) - 1))
    end = data.draw(st.integers(start + 1, len(content)))
    new = data.draw(LINE)
    edited = edit_cells(text, [CellEdit(2, line, start + 1, content[start:end], new)])
    expected_lines = list(lines)
    expected_lines[line - 1] = content[:start] + new + content[end:]
    result = json.loads(edited)
    joined = result["cells"][1]["source"]
    joined = "".join(joined) if isinstance(joined, list) else joined
    assert joined.split("\n") == expected_lines
    assert result["cells"][1]["outputs"] == document["cells"][1]["outputs"]
    before, after = text.encode(), edited.encode()
    prefix = len(text[: text.find('"source"', text.find('"cell_type": "code"'))])
    assert after[:prefix] == before[:prefix]  # everything before the cell's source kept


def test_escapes_surrogate_pairs_and_crlf_sources():
    source = ["x = '\U0001f600'  # \\t tab\r\n", "y = open('/a/b.csv')"]
    text = json.dumps(notebook([source]), indent=1)  # \ud83d\ude00, \r\n escaped
    edited = edit_cells(text, [CellEdit(2, 2, 10, "'/a/b.csv'", "'b.csv'")])
    at = text.rfind("'/a/b.csv'")  # the source's copy; the output's comes first
    assert edited == text[:at] + "'b.csv'" + text[at + len("'/a/b.csv'") :]


def test_a_mismatch_is_an_error_not_a_silent_edit():
    text = json.dumps(notebook([["x = 1\n"]]))
    with pytest.raises(NotebookEditError):
        edit_cells(text, [CellEdit(2, 1, 1, "y", "z")])
    with pytest.raises(NotebookEditError):
        edit_cells(text, [CellEdit(2, 1, 1, "", "z")])
    with pytest.raises(NotebookEditError):
        edit_cells('{"cells": [', [])
