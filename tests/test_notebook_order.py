"""notebook-order through the command line: real notebook files, exact places and
messages, the suite's suppressions and configuration, bad input, one read per notebook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from notebooks import code_cell, markdown_cell, write_notebook

from repro_hooks.cli import main
from repro_hooks.sources import reading

FIXTURE = Path(__file__).parent / "fixtures" / "notebook_order" / "real_notebooks.json"
RERUN = (
    "restart the kernel and run all cells, then commit; or strip the outputs (nbstripout) "
    "if the project does not keep them"
)
ERROR = {"output_type": "error", "ename": "ZeroDivisionError", "evalue": "", "traceback": []}


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def ran(count: int | None, source: str = "x = 1\n", **fields: Any) -> dict[str, Any]:
    """A code cell saved with ``count``; ``fields`` override the rest (outputs, metadata)."""
    return {**code_cell(source), "execution_count": count, **fields}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[tuple], str]:
    """Exit status, (path, cell, line, column, code) rows from JSON, and stderr."""
    status = main(["notebook-order", "--format", "json", *args])
    out, err = capsys.readouterr()
    rows = [(f["path"], f["cell"], f["line"], f["column"], f["code"]) for f in json.loads(out)]
    return status, rows, err


def test_text_output_and_exit_status(capsys):
    write_notebook(Path("sales.ipynb"), [markdown_cell("# Sales"), ran(2), ran(1)])
    assert main(["notebook-order", "sales.ipynb"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(
        "sales.ipynb:cell 3:1:1: RH601 cell ran before a cell above it (execution count 1, "
        f"but cell 2 above ran as 2): {RERUN}\n"
    )


def test_fresh_run_and_stripped_notebooks_pass(capsys):
    write_notebook(Path("fresh.ipynb"), [ran(1), markdown_cell("text"), ran(2), ran(None, "")])
    write_notebook(Path("stripped.ipynb"), [ran(None), ran(None, outputs=[ERROR])])
    assert run(capsys, "fresh.ipynb", "stripped.ipynb") == (0, [], "")


def test_every_code_at_its_cell_counting_markdown(capsys):
    cells = [
        markdown_cell("# Title"),
        ran(3),
        markdown_cell("## Load"),
        ran(None),
        ran(None, "  \n"),
        ran(5, outputs=[ERROR]),
        ran(4),
        ran(None),
    ]
    write_notebook(Path("n.ipynb"), cells)
    assert run(capsys, "n.ipynb") == (
        1,
        [
            ("n.ipynb", 4, 1, 1, "RH602"),
            ("n.ipynb", 6, 1, 1, "RH604"),
            ("n.ipynb", 7, 1, 1, "RH601"),
        ],
        "",
    )


def test_not_one_fresh_run_is_reported_once(capsys):
    write_notebook(Path("n.ipynb"), [ran(1), ran(2), ran(2), ran(7)])
    assert run(capsys, "n.ipynb")[1] == [("n.ipynb", 3, 1, 1, "RH603")]


def materialise(entry: dict[str, Any], folder: Path) -> Path:
    """A notebook with the entry's cells: markdown where no code cell is listed, each code
    cell's count, a blank or one-line source, one output of each listed type, its tags."""
    code = {cell: rest for cell, *rest in entry["code_cells"]}
    cells = []
    for number in range(1, entry["cells"] + 1):
        if number not in code:
            cells.append(markdown_cell(f"Cell {number}"))
            continue
        count, has_code, output_types, tags = code[number]
        outputs = [{**ERROR, "output_type": kind} for kind in output_types]
        metadata = {"tags": tags} if tags else {}
        source = f"step_{number}()\n" if has_code else ""
        cells.append(ran(count, source, outputs=outputs, metadata=metadata))
    name = f"{entry['repo'].replace('/', '__')}-{entry['commit'][:8]}-{Path(entry['path']).name}"
    return write_notebook(folder / name, cells)


def test_real_notebooks_through_the_source_layer(capsys, in_tmp):
    """The hand-labelled versions of real notebooks (tests/fixtures/notebook_order), rebuilt
    as files and checked in one run: exactly the labelled findings, nothing else."""
    entries = json.loads(FIXTURE.read_text())
    expected = set()
    for entry in entries:
        path = materialise(entry, in_tmp).name
        expected |= {
            (path, cell, code) for code, cells in entry["expected"].items() for cell in cells
        }
    status, rows, _ = run(capsys, *sorted(p.name for p in in_tmp.glob("*.ipynb")))
    assert status == 1
    assert {(path, cell, code) for path, cell, _, _, code in rows} == expected
    assert len(rows) == len(expected)


def tagged(count: int, *tags: str) -> dict[str, Any]:
    return ran(count, metadata={"tags": list(tags)})


def test_cell_tags_suppress_through_the_shared_mechanism(capsys):
    cells = [ran(2), tagged(1, "repro-ignore:RH601"), tagged(0, "repro-ignore"), ran(1)]
    write_notebook(Path("n.ipynb"), cells)
    assert run(capsys, "n.ipynb")[1] == [("n.ipynb", 4, 1, 1, "RH601")]


def test_an_unused_cell_tag_is_reported(capsys):
    write_notebook(Path("n.ipynb"), [ran(1), tagged(2, "repro-ignore:RH601")])
    assert run(capsys, "n.ipynb")[1] == [("n.ipynb", 2, None, None, "RH001")]


def test_a_comment_on_the_first_line_suppresses_the_cell_finding(capsys):
    cells = [ran(None, "x = 1  # repro: ignore[RH602]\ny = 2\n"), ran(1)]
    write_notebook(Path("n.ipynb"), cells)
    assert run(capsys, "n.ipynb") == (0, [], "")


def test_raises_exception_tag_is_not_a_suppression(capsys):
    write_notebook(
        Path("n.ipynb"), [ran(1, "1 / 0", outputs=[ERROR], metadata={"tags": ["raises-exception"]})]
    )
    assert run(capsys, "n.ipynb") == (0, [], "")


@pytest.mark.parametrize(
    ("table", "rows"),
    [
        ('[tool.repro-hooks.notebook-order]\ndisable = ["RH601"]', []),
        ('[tool.repro-hooks]\ndisable = ["RH6"]', []),
        ('[tool.repro-hooks.notebook-order]\nenable = ["RH604"]', []),
        (
            '[tool.repro-hooks.notebook-order]\nexclude = ["scratch/"]',
            [("n.ipynb", 2, 1, 1, "RH601")],
        ),
    ],
)
def test_configuration(capsys, table, rows):
    """A disabled RH601 does not bring back the RH603 it stands for."""
    Path("pyproject.toml").write_text(table + "\n")
    Path("scratch").mkdir()
    write_notebook(Path("n.ipynb"), [ran(3), ran(1)])
    write_notebook(Path("scratch/s.ipynb"), [ran(3), ran(1)])
    assert run(capsys, "n.ipynb", "scratch/s.ipynb")[1] == rows


def test_unknown_option_is_a_usage_error(capsys):
    Path("pyproject.toml").write_text("[tool.repro-hooks.notebook-order]\norder = 1\n")
    write_notebook(Path("n.ipynb"), [ran(1)])
    assert main(["notebook-order", "n.ipynb"]) == 2
    assert "order" in capsys.readouterr().err


@pytest.mark.parametrize("count", [True, False, -1, 2.0, "3", [3], {"n": 3}])
def test_a_value_that_is_not_a_count_reads_as_none(capsys, count):
    """Format 4 allows an integer from 0 or null: anything else is also RH905 (malformed)."""
    write_notebook(Path("odd.ipynb"), [ran(1), ran(count), ran(2)])
    found = [("odd.ipynb", 2, None, None, "RH905"), ("odd.ipynb", 2, 1, 1, "RH602")]
    assert run(capsys, "odd.ipynb") == (1, found, "")


def test_malformed_cells_are_checked_without_a_traceback(capsys):
    cells = [
        "junk",
        {"cell_type": "code", "execution_count": 1, "outputs": "x", "source": 7},
        {"cell_type": "code", "execution_count": 3, "outputs": [None, {"no": "type"}, ERROR]},
        {"cell_type": "code", "execution_count": 2, "metadata": {"tags": "raises-exception"}},
    ]
    Path("odd.ipynb").write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}))
    malformed = [("odd.ipynb", cell, None, None, "RH905") for cell in (1, 2, 3, 3, 4)]
    assert run(capsys, "odd.ipynb") == (
        1,
        [
            *malformed[:4],
            ("odd.ipynb", 3, 1, 1, "RH604"),
            malformed[4],
            ("odd.ipynb", 4, 1, 1, "RH601"),
        ],
        "",
    )


def test_unreadable_notebook_is_a_finding_and_the_rest_are_checked(capsys):
    Path("broken.ipynb").write_text('{"cells": [\n<<<<<<< HEAD\n')
    write_notebook(Path("n.ipynb"), [ran(2), ran(1)])
    status, rows, err = run(capsys, "broken.ipynb", "n.ipynb")
    assert (status, err) == (1, "")
    assert rows == [("broken.ipynb", None, None, None, "RH902"), ("n.ipynb", 2, 1, 1, "RH601")]


def test_python_files_have_no_cells_to_judge(capsys):
    Path("m.py").write_text("x = 1\n")
    assert run(capsys, "m.py") == (0, [], "")


def test_one_json_read_per_notebook(capsys, monkeypatch):
    reads = []
    original = reading.json.loads

    def counting(text: str | bytes) -> Any:
        reads.append(1)
        return original(text)

    monkeypatch.setattr(reading.json, "loads", counting)
    for index in range(3):
        write_notebook(Path(f"n{index}.ipynb"), [ran(2), ran(1)])
    assert main(["notebook-order", "n0.ipynb", "n1.ipynb", "n2.ipynb"]) == 1
    assert len(reads) == 3
