"""Rule examples as notebooks: Jupyter's prompt notation to an ``.ipynb`` file.

The examples in :mod:`.rules` are written as Jupyter shows a notebook, one line each::

    In [1]: import pandas as pd          a code cell run as 1 (In [ ]: not run)
       ...: sales = pd.read_csv(...)     the cell's next line
    Out[1]: 871.5                        a result of the cell above
    Error: NameError: name 'x' is not    an error output of the cell above
    Tags: raises-exception               the cell's tags, separated by commas
    Markdown: ## Results                 a markdown cell

Any other line is a mistake in the example, and raises ``ValueError``.
"""

from __future__ import annotations

import re
from typing import Any

from repro_hooks.engine.hook import notebook_text

_PROMPT = re.compile(r"In \[(\d*| )\]:(?: (.*))?")
_CONTINUATION = re.compile(r"\s+\.\.\.:(?: (.*))?")
_OUTPUT = re.compile(r"Out\[(\d+)\]: (.*)")
_ERROR = re.compile(r"Error: (\w+): (.*)")
_TAGS = re.compile(r"Tags: (.*)")
_MARKDOWN = re.compile(r"Markdown: (.*)")


def example_notebook(text: str) -> tuple[str, str]:
    """``(file name, nbformat 4 JSON)`` of the notebook ``text`` describes."""
    cells: list[dict[str, Any]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if match := _PROMPT.fullmatch(line):
            count = int(match[1]) if match[1].strip() else None
            cells.append(_code_cell(count, match[2] or ""))
        elif match := _MARKDOWN.fullmatch(line):
            cells.append({"cell_type": "markdown", "metadata": {}, "source": match[1]})
        else:
            _add_to_cell(_last_code_cell(cells, line), line)
    return "example.ipynb", notebook_text(cells)


def _code_cell(count: int | None, first_line: str) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "execution_count": count,
        "metadata": {},
        "outputs": [],
        "source": first_line,
    }


def _last_code_cell(cells: list[dict[str, Any]], line: str) -> dict[str, Any]:
    if not cells or cells[-1]["cell_type"] != "code":
        raise ValueError(f"not under a code cell: {line!r}")
    return cells[-1]


def _add_to_cell(cell: dict[str, Any], line: str) -> None:
    if match := _CONTINUATION.fullmatch(line):
        cell["source"] += "\n" + (match[1] or "")
    elif match := _OUTPUT.fullmatch(line):
        result = {"output_type": "execute_result", "execution_count": int(match[1])}
        cell["outputs"].append({**result, "data": {"text/plain": match[2]}, "metadata": {}})
    elif match := _ERROR.fullmatch(line):
        error = {"output_type": "error", "ename": match[1], "evalue": match[2]}
        cell["outputs"].append({**error, "traceback": [f"{match[1]}: {match[2]}"]})
    elif match := _TAGS.fullmatch(line):
        cell["metadata"]["tags"] = [tag.strip() for tag in match[1].split(",")]
    else:
        raise ValueError(f"not an example line: {line!r}")
