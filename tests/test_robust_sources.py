"""Regressions: notebooks and Python files that crashed a hook, lost a whole file, or
took quadratic time. Each test pins the exact output: the file's other findings survive.

Run in-process with output streams that encode as a UTF-8 terminal does (strict), so a
string the output layer cannot write fails here as it did for users.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fuzz.harness import Run, run_cli

HOME = "ties the code to one machine: use a path relative to the project"
NOTEBOOK_HINT = "(in a notebook, a relative path resolves against the notebook's folder)"


def home_message(path: str, example: str | None, notebook: bool) -> str:
    instead = f" (e.g. '{example}')" if example else ""
    tail = f" {NOTEBOOK_HINT}" if notebook else ""
    return f"home folder path '{path}' {HOME}{instead}, a glob pattern, or a cloud URL{tail}"


def write_notebook(path: Path, cells: list[object]) -> None:
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(notebook), encoding="ascii")


def code(source: object, outputs: object = None) -> dict[str, object]:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [] if outputs is None else outputs,
        "source": source,
    }


def json_findings(run: Run) -> list[dict[str, object]]:
    assert run.error is None, run.describe()
    return json.loads(run.stdout)


def finding(
    path: str, cell: int | None, line: int | None, column: int | None, code_: str, message: str
) -> dict[str, object]:
    return {
        "path": path,
        "cell": cell,
        "line": line,
        "column": column,
        "code": code_,
        "message": message,
    }


# -- a notebook field of the wrong type --------------------------------------------------
MALFORMED = "RH905"


def malformed(field: str, kind: str, expected: str, consequence: str) -> str:
    return (
        f"`{field}` is {kind}, not {expected}, which notebook format 4 does not allow: "
        f"{consequence}; re-save the notebook from Jupyter"
    )


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_a_traceback_that_is_a_number_is_reported_and_the_rest_checked(
    tmp_path: Path, output_format: str
) -> None:
    error = {"output_type": "error", "ename": "E", "evalue": "v", "traceback": 5}
    write_notebook(tmp_path / "nb.ipynb", [code("x = 1", [error]), code("p = '/home/ana/d.csv'")])
    run = run_cli(["absolute-paths", "--format", output_format, "nb.ipynb"], tmp_path)
    assert (run.error, run.status, run.stderr) == (None, 1, b""), run.describe()
    if output_format == "json":
        assert json_findings(run) == [
            finding(
                "nb.ipynb",
                1,
                None,
                None,
                MALFORMED,
                malformed(
                    "outputs[0].traceback",
                    "a number",
                    "a list of strings",
                    "that output was not checked",
                ),
            ),
            finding(
                "nb.ipynb", 2, 1, 5, "RH101", home_message("/home/ana/d.csv", "data/d.csv", True)
            ),
        ]


# Each wrong shape -> the finding for its cell (or file); the other cell is still checked.
WRONG_SHAPES = [
    (
        code(5),
        1,
        "source",
        "a number",
        "a string or a list of strings",
        "this cell was not checked",
    ),
    (code(["x = 1\n", 7]), 1, "source[1]", "a number", "a string", "this cell was not checked"),
    (code("x = 1", {"a": 1}), 1, "outputs", "an object", "a list", "its outputs were not checked"),
    (
        code("x = 1", ["text"]),
        1,
        "outputs[0]",
        "a string",
        "an object",
        "that output was not checked",
    ),
    (
        {"cell_type": "code", "source": "x = 1", "metadata": [], "outputs": []},
        1,
        "metadata",
        "a list",
        "an object",
        "its tags were not read",
    ),
    (
        {"cell_type": 3, "source": "x", "metadata": {}},
        1,
        "cell_type",
        "a number",
        'one of "code", "markdown", "raw"',
        "this cell was not checked",
    ),
    ("a cell", 1, "cells[0]", "a string", "an object", "this cell was not checked"),
    (
        code("x = 1", [{"output_type": "stream", "name": "stdout", "text": None}]),
        1,
        "outputs[0].text",
        "null",
        "a string or a list of strings",
        "that output was not checked",
    ),
    (
        code(
            "x = 1",
            [
                {
                    "output_type": "execute_result",
                    "data": {"text/plain": 1.5},
                    "metadata": {},
                    "execution_count": 1,
                }
            ],
        ),
        1,
        'outputs[0].data["text/plain"]',
        "a number",
        "a string or a list of strings",
        "that output was not checked",
    ),
]


@pytest.mark.parametrize(
    ("cell", "number", "field", "kind", "expected", "consequence"), WRONG_SHAPES
)
def test_every_wrong_shape_is_a_finding_for_its_cell(
    tmp_path: Path,
    cell: object,
    number: int,
    field: str,
    kind: str,
    expected: str,
    consequence: str,
) -> None:
    write_notebook(tmp_path / "nb.ipynb", [cell, code("p = '/home/ana/d.csv'")])
    run = run_cli(["absolute-paths", "--format", "json", "nb.ipynb"], tmp_path)
    assert run.status == 1, run.describe()
    assert json_findings(run) == [
        finding(
            "nb.ipynb", number, None, None, MALFORMED, malformed(field, kind, expected, consequence)
        ),
        finding("nb.ipynb", 2, 1, 5, "RH101", home_message("/home/ana/d.csv", "data/d.csv", True)),
    ]


def test_notebook_level_fields_of_the_wrong_type(tmp_path: Path) -> None:
    notebook = {
        "cells": [code("p = '/home/ana/d.csv'")],
        "metadata": {"kernelspec": []},
        "nbformat": "4",
        "nbformat_minor": 5,
    }
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook))
    run = run_cli(["absolute-paths", "--format", "json", "nb.ipynb"], tmp_path)
    assert json_findings(run) == [
        finding(
            "nb.ipynb",
            None,
            None,
            None,
            MALFORMED,
            malformed("nbformat", "a string", "a number", "it was read as format 4"),
        ),
        finding(
            "nb.ipynb",
            None,
            None,
            None,
            MALFORMED,
            malformed(
                "metadata.kernelspec", "a list", "an object", "its kernel was taken to be Python"
            ),
        ),
        finding("nb.ipynb", 1, 1, 5, "RH101", home_message("/home/ana/d.csv", "data/d.csv", True)),
    ]


# -- a lone surrogate ---------------------------------------------------------------------
SURROGATE_CELL = "p = '/home/michael/\ud800x.csv'  # repro: ignore[RH999\ud800]"


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_a_lone_surrogate_is_written_as_an_escape(tmp_path: Path, output_format: str) -> None:
    write_notebook(tmp_path / "nb.ipynb", [code(SURROGATE_CELL)])
    run = run_cli(["check", "--quiet", "--format", output_format, "nb.ipynb"], tmp_path)
    assert (run.error, run.status, run.stderr) == (None, 1, b""), run.describe()
    path = "/home/michael/\\ud800x.csv"
    rh101 = home_message(path, "data/\\ud800x.csv", True)
    rh001 = (
        "unused suppression `# repro: ignore[RH999\\ud800]`: RH999\\ud800 is not a "
        "repro-hooks code; remove it"
    )
    if output_format == "text":
        assert run.out == (
            f"nb.ipynb:cell 1:1:5: RH101 {rh101}\nnb.ipynb:cell 1:1:29: RH001 {rh001}\n"
        )
    else:
        rh101 = rh101.replace("%", "%25")
        assert run.out == (
            f"::error file=nb.ipynb,title=RH101 home-folder-path::cell 1:1:5: {rh101}\n"
            f"::error file=nb.ipynb,title=RH001 unused-suppression::cell 1:1:29: {rh001}\n"
        )


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_a_lone_surrogate_survives_json_formats(tmp_path: Path, output_format: str) -> None:
    write_notebook(tmp_path / "nb.ipynb", [code(SURROGATE_CELL)])
    run = run_cli(["check", "--quiet", "--format", output_format, "nb.ipynb"], tmp_path)
    assert (run.error, run.status) == (None, 1), run.describe()
    assert b"\\ud800x.csv" in run.stdout
    json.loads(run.stdout)


def test_a_newline_in_a_path_keeps_one_finding_a_line(tmp_path: Path) -> None:
    (tmp_path / "new\nline.py").write_text("p = '/home/ana/d.csv'\n")
    run = run_cli(["absolute-paths", "--quiet", "new\nline.py"], tmp_path)
    message = home_message("/home/ana/d.csv", "data/d.csv", False)
    assert run.out == f"new\\nline.py:1:5: RH101 {message}\n", run.describe()


# -- a line that starts with ':' -----------------------------------------------------------
def test_a_line_starting_with_a_colon_in_a_python_file(tmp_path: Path) -> None:
    (tmp_path / "colon.py").write_text(":foo\nx = '/home/michael/a.csv'\n")
    run = run_cli(["absolute-paths", "--quiet", "colon.py"], tmp_path)
    message = home_message("/home/michael/a.csv", "data/a.csv", False)
    assert (run.error, run.status, run.out) == (None, 1, f"colon.py:2:5: RH101 {message}\n")


def test_a_line_starting_with_a_colon_in_a_cell(tmp_path: Path) -> None:
    write_notebook(tmp_path / "nb.ipynb", [code("x = 1\n:\n: x\nx = '/home/michael/a.csv'")])
    run = run_cli(["absolute-paths", "--quiet", "nb.ipynb"], tmp_path)
    message = home_message("/home/michael/a.csv", "data/a.csv", True)
    assert (run.error, run.status, run.out) == (None, 1, f"nb.ipynb:cell 1:4:5: RH101 {message}\n")


# -- one statement too deep must not lose the file ----------------------------------------
def deep_file(pieces: int) -> str:
    concatenation = "".join(f"    '/home/u/part{k}/'\n" for k in range(pieces))
    return f"p = '/home/michael/a.csv'\nx = (\n{concatenation})\nq = '/home/ana/b.csv'\n"


def test_a_long_implicit_concatenation_is_analysed_whole(tmp_path: Path) -> None:
    """600 pieces are one literal to Python's parser: nothing is too deep."""
    (tmp_path / "deep.py").write_text(deep_file(600))
    run = run_cli(["absolute-paths", "--format", "json", "deep.py"], tmp_path)
    found = [(f["line"], f["column"], f["code"]) for f in json_findings(run)]
    assert found == [(1, 5, "RH101"), (3, 5, "RH101"), (604, 5, "RH101")]


def test_a_statement_too_deep_is_reported_alone(tmp_path: Path) -> None:
    """100,000 chained operators exhaust the parser: that statement alone is lost."""
    deep = "x = ['/home/u/x', " + "-" * 100_000 + "1]"
    source = f"p = '/home/michael/a.csv'\n{deep}\nq = '/home/ana/b.csv'\n"
    (tmp_path / "deep.py").write_text(source)
    run = run_cli(["absolute-paths", "--format", "json", "deep.py"], tmp_path)
    found = json_findings(run)
    assert [f for f in found if f["code"] == "RH999"] == [
        finding(
            "deep.py",
            None,
            2,
            1,
            "RH999",
            "this statement is nested too deeply to analyse (more than 200 levels): "
            "it was checked line by line only; the rest of the file was checked",
        )
    ]
    assert [(f["line"], f["code"]) for f in found if f["code"] != "RH999"] == [
        (1, "RH101"),
        (2, "RH101"),  # read line by line
        (3, "RH101"),
    ]


def test_deep_brackets_in_a_cell_lose_only_that_statement(tmp_path: Path) -> None:
    """3,000 nested brackets crashed the parser itself (a segmentation fault): such a
    statement is not handed to it."""
    source = "p = '/home/michael/a.csv'\nx = " + "(" * 3000 + "'/home/u/x'" + ")" * 3000
    write_notebook(tmp_path / "nb.ipynb", [code(source), code("q = '/home/ana/b.csv'")])
    run = run_cli(["absolute-paths", "--format", "json", "nb.ipynb"], tmp_path)
    found = [(f["cell"], f["line"], f["column"], f["code"]) for f in json_findings(run)]
    assert (1, 2, 1, "RH999") in found
    assert [place for place in found if place[1] != 2] == [(1, 1, 5, "RH101"), (2, 1, 5, "RH101")]


# -- resource bounds ------------------------------------------------------------------------
def test_a_suppression_with_thousands_of_codes_is_quoted_short(tmp_path: Path) -> None:
    codes = ", ".join(f"RH{n}" for n in range(1000, 4000))
    (tmp_path / "codes.py").write_text(f"x = 1  # repro: ignore[{codes}]\n")
    run = run_cli(["absolute-paths", "--format", "json", "codes.py"], tmp_path)
    found = json_findings(run)
    assert len(found) == 1000  # RH1000..RH1999 are judged by absolute-paths (RH1 prefix)
    assert found[0] == finding(
        "codes.py",
        None,
        1,
        8,
        "RH001",
        "unused suppression `# repro: ignore[RH1000, RH1001, RH1002, RH1003, RH1004, RH1005, "
        "…` (24,015 characters): RH1000 is not a repro-hooks code; remove it",
    )
    assert len(run.stdout) < 400 * 1000


def test_twenty_thousand_findings_meet_only_the_suppressions_on_their_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: about 90 s, each finding compared with every suppression of the file. Now
    each finding meets only the suppressions of its own lines (counted, not timed;
    benchmarks/bench_robust_scaling.py measures the time)."""
    from repro_hooks.core.finding import Finding
    from repro_hooks.engine import suppressions

    lines = 20_000
    text = "".join(f"x{i} = '/home/a/{i}'  # repro: ignore[RH102]\n" for i in range(lines))
    found = [Finding("m.py", None, n, 6, "RH101", "m") for n in range(1, lines + 1)]
    compared = 0
    silences = suppressions._Suppression.silences

    def counted(self: object, code: str) -> bool:
        nonlocal compared
        compared += 1
        return silences(self, code)  # type: ignore[arg-type]

    monkeypatch.setattr(suppressions._Suppression, "silences", counted)
    judging = suppressions.Judging(("RH1",), frozenset({"RH101", "RH102"}))
    kept = suppressions.apply_suppressions(
        "m.py", [suppressions.Scope(None, text, text)], found, judging
    )
    assert compared == lines
    assert len(kept) == 2 * lines  # every RH101 kept, every suppression unused (RH001)


def test_two_thousand_findings_in_one_file_end_to_end(tmp_path: Path) -> None:
    lines = (f"x{i} = '/home/michael/a{i}.csv'  # repro: ignore[RH102]\n" for i in range(2_000))
    (tmp_path / "many.py").write_text("".join(lines))
    run = run_cli(["absolute-paths", "--format", "json", "many.py"], tmp_path)
    found = json_findings(run)
    assert sorted({f["code"] for f in found}) == ["RH001", "RH101"]
    assert len(found) == 4_000


def test_a_check_that_fails_on_one_file_loses_only_that_check_of_that_file(
    tmp_path: Path,
) -> None:
    """A crash prints nothing at all, losing every other finding of the run: the engine
    reports a check that raised on the file instead, and goes on."""
    from repro_hooks.core.config import CodeSelection
    from repro_hooks.core.finding import Finding
    from repro_hooks.engine.files import FileCheck, check_files
    from repro_hooks.engine.suppressions import Judging
    from repro_hooks.sources import SourceFile

    def fragile(source: SourceFile) -> list[Finding]:
        if source.path.endswith("bad.py"):
            raise KeyError("x")
        return [Finding(source.path, None, 1, 1, "RH101", "found")]

    for name in ("bad.py", "good.py"):
        (tmp_path / name).write_text("x = 1\n")
    paths = [str(tmp_path / "bad.py"), str(tmp_path / "good.py")]
    found = check_files(
        paths, [FileCheck(fragile, CodeSelection("RH1"))], Judging(("RH1",), frozenset())
    )
    assert [(Path(f.path).name, f.code, f.message) for f in found] == [
        (
            "bad.py",
            "RH999",
            "a check failed on this file (KeyError), so it was not checked whole: a bug in "
            "repro-hooks; please report it with the file",
        ),
        ("good.py", "RH101", "found"),
    ]


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_a_file_hook_given_no_regular_file_reports_it_unread(tmp_path: Path, kind: str) -> None:
    """Opening a FIFO blocks until someone writes; /dev/zero never ends: neither is read."""
    path = tmp_path / "odd.py"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    what = {"fifo": "a FIFO (named pipe)", "folder": "a folder", "device": "a character device"}
    run = run_cli(["absolute-paths", "--quiet", "odd.py"], tmp_path, time_limit=10)
    assert (run.error, run.status, run.out) == (
        None,
        1,
        f"odd.py: RH901 could not read the file: {what[kind]}, not a regular file\n",
    ), run.describe()
