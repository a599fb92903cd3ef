"""The source layer, seen through the absolute-paths hook: encodings, notebook formats,
IPython syntax, unreadable files, and the output/exit-status contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from notebooks import code_cell, markdown_cell, write_notebook

from repro_hooks.cli import main
from repro_hooks.sources import read_source
from repro_hooks.sources.ipython import split_cell

BAD_LINE = "df = pd.read_csv('/home/jane/x.csv')"


def findings_of(paths: list[Path], capsys: pytest.CaptureFixture[str]) -> list[tuple]:
    main(["absolute-paths", "--format", "json", *map(str, paths)])
    return [
        (Path(f["path"]).name, f["cell"], f["line"], f["column"], f["code"])
        for f in json.loads(capsys.readouterr().out)
    ]


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (f"x = 1\r\n{BAD_LINE}\r\n".encode(), 2),
        (f"\ufeffx = 1\n{BAD_LINE}\n".encode(), 2),
        (f"# -*- coding: latin-1 -*-\ns = 'caf\xe9'\n{BAD_LINE}\n".encode("latin-1"), 3),
    ],
    ids=["crlf", "bom", "pep263"],
)
def test_python_file_encodings(tmp_path, capsys, data, line):
    path = tmp_path / "m.py"
    path.write_bytes(data)
    assert findings_of([path], capsys) == [("m.py", None, line, 18, "RH101")]


def test_cell_source_as_string_or_list_and_crlf(tmp_path, capsys):
    cells = [
        code_cell(f"x = 1\n{BAD_LINE}"),
        code_cell(["y = 2\r\n", f"{BAD_LINE}\r\n"]),
    ]
    path = write_notebook(tmp_path / "n.ipynb", cells)
    assert findings_of([path], capsys) == [
        ("n.ipynb", 1, 2, 18, "RH101"),
        ("n.ipynb", 2, 2, 18, "RH101"),
    ]


def test_nbformat_3_notebook_is_upgraded(tmp_path, capsys):
    old = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {"name": "old"},
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "markdown", "source": "# Old", "metadata": {}},
                    {
                        "cell_type": "code",
                        "input": BAD_LINE,
                        "language": "python",
                        "outputs": [],
                        "metadata": {},
                    },
                ]
            }
        ],
    }
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(old))
    assert findings_of([path], capsys) == [("old.ipynb", 2, 1, 18, "RH101")]


def test_execution_counts_and_output_types_per_code_cell(tmp_path):
    """Counts and output types of code cells, numbered over all cells; a value that is
    not a count (a bool, a negative number, a float, a string) reads as no count."""
    error = {"output_type": "error", "ename": "E", "evalue": "", "traceback": []}
    stream = {"output_type": "stream", "name": "stdout", "text": "hi"}
    counts = [3, True, -1, 2.0, "4", 0]
    cells = [markdown_cell("# Title")]
    for count in counts:
        cell = code_cell("x = 1", [stream, error] if count == 3 else [])
        cell["execution_count"] = count
        cells.append(cell)
    cells.append({**code_cell("  \n"), "outputs": [{"no": "type"}, "junk"]})
    source = read_source(str(write_notebook(tmp_path / "n.ipynb", cells)))
    assert [(unit.cell, unit.execution_count) for unit in source.units] == [
        (2, 3),
        (3, None),
        (4, None),
        (5, None),
        (6, None),
        (7, 0),
        (8, None),
    ]
    assert source.units[0].output_types == {"stream", "error"}
    assert [unit.output_types for unit in source.units[1:]] == [frozenset()] * 6


def test_nbformat_3_prompt_numbers_are_execution_counts(tmp_path):
    cell = {"cell_type": "code", "input": "1/0", "language": "python", "metadata": {}}
    error = {"output_type": "pyerr", "ename": "ZeroDivisionError", "evalue": "", "traceback": []}
    old = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {"name": "old"},
        "worksheets": [
            {
                "cells": [
                    {**cell, "prompt_number": 2, "outputs": [error]},
                    {**cell, "outputs": []},
                ]
            }
        ],
    }
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(old))
    units = read_source(str(path)).units
    assert [(u.execution_count, u.output_types) for u in units] == [
        (2, {"error"}),
        (None, frozenset()),
    ]


def test_r_kernel_notebook_is_reported_once_not_misparsed(tmp_path, capsys):
    path = write_notebook(tmp_path / "r.ipynb", [code_cell("read.csv('/home/jane/x.csv')")], "R")
    assert read_source(str(path)).other_language == "r"
    assert findings_of([path], capsys) == [("r.ipynb", None, None, None, "RH904")]


def test_unparseable_cell_is_scanned_by_tokens(tmp_path, capsys):
    cells = [code_cell(f"print 'py2'\n{BAD_LINE}\nif x\n")]
    path = write_notebook(tmp_path / "n.ipynb", cells)
    assert findings_of([path], capsys) == [("n.ipynb", 1, 2, 18, "RH101")]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("broken.ipynb", b'{"cells": [', "RH902"),
        ("list.ipynb", b"[1, 2]", "RH902"),
        ("latin.ipynb", b'{"cells": "\xe9"}', "RH903"),
        ("binary.py", b"\x00\xff\xfe\x00 junk", "RH903"),
    ],
)
def test_unreadable_file_is_a_finding_and_others_are_still_checked(
    tmp_path, capsys, name, content, code
):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = write_notebook(tmp_path / "z.ipynb", [code_cell(BAD_LINE)])
    before = bad.read_bytes()
    assert findings_of([bad, good], capsys) == [
        (name, None, None, None, code),
        ("z.ipynb", 1, 1, 18, "RH101"),
    ]
    assert bad.read_bytes() == before


def test_missing_file_is_rh901(tmp_path, capsys):
    assert findings_of([tmp_path / "gone.py"], capsys) == [("gone.py", None, None, None, "RH901")]


def test_whole_file_finding_text_has_no_line(tmp_path, capsys):
    path = tmp_path / "gone.py"
    assert main(["absolute-paths", str(path)]) == 1
    assert capsys.readouterr().out.startswith(f"{path}: RH901 could not read the file")


def test_clean_run_prints_empty_json_and_exits_0(tmp_path, capsys):
    path = write_notebook(tmp_path / "ok.ipynb", [markdown_cell("hi"), code_cell("x = 1")])
    assert main(["absolute-paths", "--format", "json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["absolute-paths", "--format", "xml"])
    assert exit_info.value.code == 2


def test_no_subcommand_lists_every_hook(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    for hook in ("absolute-paths", "inline-secrets", "requirements-current", "gitignore"):
        assert hook in out


def test_python_dash_m_works_the_same(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(BAD_LINE + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "repro_hooks", "absolute-paths", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stdout.startswith(f"{path}:1:18: RH101")
    assert result.stderr == ""


def test_ipython_split_keeps_positions():
    python, commands = split_cell("x = 1\n  %cd /data\ny = !ls -l /tmp\n%env A=1\n")
    assert python.split("\n")[:4] == ["x = 1", "  pass", "y = None", "pass"]
    assert [(c.kind, c.name, c.args, c.line, c.column) for c in commands] == [
        ("magic", "cd", "/data", 2, 7),
        ("shell", "!", "ls -l /tmp", 3, 6),
        ("magic", "env", "A=1", 4, 6),
    ]
    assert [(w.text, w.line, w.column) for w in commands[1].words] == [
        ("ls", 3, 6),
        ("-l", 3, 9),
        ("/tmp", 3, 12),
    ]


def test_ipython_split_ignores_escapes_inside_strings():
    text = 'doc = """\n!not a command\n%not a magic\n"""\n'
    assert split_cell(text) == (text, ())


@pytest.mark.parametrize(
    ("raw", "index", "expected"),
    [
        ("'abc'", 2, (1, 4)),  # c: after the quote
        ("'a\\nb'", 2, (1, 5)),  # b: the escape is two characters as written
        ('"""a\nb"""', 2, (2, 1)),  # b: a real newline moves to the next line
        ("rb'\\d/x'", 2, (1, 6)),  # raw: the backslash stays
        ("('ab'\n 'cd')", 2, (2, 3)),  # c: the second piece, on its line
        ("f'{x}/home'", 3, (1, 7)),  # h: the hole reads '{}'
        ("'\\x41/b'", 2, (1, 7)),  # b: \x41 is one character
        ("'é\\N{BULLET}/x'", 3, (1, 14)),  # x
    ],
)
def test_string_site_locates_a_value_index_where_it_is_written(raw, index, expected):
    from repro_hooks.sources import StringSite
    from repro_hooks.sources.sites import value_offsets

    value_length = len(value_offsets(raw) or [])
    site = StringSite("v" * value_length, line=1, column=1, raw=raw)
    assert site.locate(index) == expected


def test_embedded_path_in_a_parenthesised_or_indented_literal_is_placed_where_written(
    tmp_path, capsys
):
    """A literal's text is cut from the source by its exact extent: parentheses around it
    and the indentation of its continuation lines do not shift what is found inside it."""
    module = tmp_path / "paths.py"
    module.write_text(
        "import os\n"
        "cmd = (\n"
        '    "cp x "\n'
        '    "/home/alice/b.csv"\n'
        ")\n"
        'y = ("cp /home/bob/x .")\n'
        "def main(parser):\n"
        "    parser.add_argument('-i', help='Example: '\n"
        "                             '/home/carol/Task05')\n"
    )
    assert main(["absolute-paths", "--format", "json", str(module)]) == 1
    found = [(f["line"], f["column"]) for f in json.loads(capsys.readouterr().out)]
    assert found == [(4, 6), (6, 10), (9, 31)]


def test_string_sites_parse_only_the_statements_holding_a_candidate(monkeypatch):
    from repro_hooks.sources import CodeUnit, parse, string_sites

    parsed: list[str] = []
    real = parse.parse_python
    monkeypatch.setattr(parse, "parse_python", lambda text: parsed.append(text) or real(text))
    text = "".join(f"def f{n}():\n    return '/home/u/{n}.csv'\n\n" for n in range(50))
    sites = list(string_sites(CodeUnit(None, text, text), lines=[2, 149]))
    assert [(site.line, site.value) for site in sites] == [
        (2, "/home/u/0.csv"),
        (149, "/home/u/49.csv"),
    ]
    assert len(parsed) == 2


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [("", 0, (1, 1)), ("ab\ncd\n", 4, (2, 2)), ("ab\ncd\n", 2, (1, 3)), ("a\n\nb", 3, (3, 1))],
)
def test_line_table_places_an_offset(text, offset, expected):
    from repro_hooks.sources.lines import LineTable

    table = LineTable(text)
    assert table.position(offset) == expected
    assert table.line(offset) == expected[0]


def test_a_top_level_line_starting_with_a_colon_is_checked_not_a_traceback(tmp_path, capsys):
    module = tmp_path / "typo.py"
    module.write_text("x = 1\n:oops '/home/alice/b'\n")
    assert main(["absolute-paths", "--format", "json", str(module)]) == 1
    assert [(f["line"], f["code"]) for f in json.loads(capsys.readouterr().out)] == [(2, "RH101")]


@pytest.mark.parametrize(
    ("raw", "one"),
    [
        ('"a"', True),
        ('"a" "b"', False),
        ("'''a''' '''b'''", False),
        ("'''a\\''''", True),
        ('f"{x}"', True),
        ('f"{"a"}"', True),  # Python 3.12: a hole may hold its own quote
        ('f"{"a"}" "b"', False),
        ('rb"\\""', True),
        ('"a"  # why\n "b"', False),
        ('"""x\ny"""', True),
    ],
)
def test_one_literal_or_an_implicit_concatenation(raw, one):
    from repro_hooks.sources.tree_sites import is_one_literal

    assert is_one_literal(raw) is one


def test_notebook_metadata_keys_are_kept(tmp_path):
    path = write_notebook(tmp_path / "nb.ipynb", [code_cell("x = 1\n")])
    data = json.loads(path.read_text())
    data["metadata"]["colab"] = {"provenance": []}
    path.write_text(json.dumps(data))
    assert read_source(str(path)).metadata_keys == {"kernelspec", "language_info", "colab"}
    module = tmp_path / "m.py"
    module.write_text("x = 1\n")
    assert read_source(str(module)).metadata_keys == frozenset()


def test_string_site_knows_its_argument_position_and_the_method_called_after():
    from repro_hooks.sources import CodeUnit, string_sites

    text = "ok = Path('/a').exists()\nout = os.environ.get('OUT', '/b')\nf(x='/c')\n"
    sites = {site.value: site for site in string_sites(CodeUnit(None, text, text))}
    assert (sites["/a"].call, sites["/a"].argument, sites["/a"].then) == ("Path", 0, "exists")
    assert (sites["/b"].call, sites["/b"].argument) == ("os.environ.get", 1)
    assert (sites["/c"].keyword, sites["/c"].argument, sites["/c"].then) == ("x", None, None)


@pytest.mark.parametrize(
    ("hook", "source"),
    [
        ("absolute-paths", 'import re\nq = re.compile("/home/alice/\\d.csv")\n'),
        ("declared-imports", 'json = __import__("json"); digits = "\\d+"\n'),
        ("inline-secrets", 'password = "S3cret\\d-value"\n'),
    ],
)
def test_an_invalid_escape_in_the_users_code_prints_no_warning(tmp_path, hook, source):
    """Python warns of '\\d' in a string while parsing: that is not ours to print."""
    module = tmp_path / "pattern.py"
    module.write_text(source)
    run = subprocess.run(
        [sys.executable, "-W", "default", "-m", "repro_hooks", hook, str(module)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.stderr == ""


def test_statement_blocks_lex_only_as_far_as_the_line_asked_about(monkeypatch):
    from repro_hooks.sources import lexing

    fed: list[str] = []
    real = lexing.LexState.feed
    monkeypatch.setattr(
        lexing.LexState, "feed", lambda self, line: fed.append(line) or real(self, line)
    )
    lines = ["@decorate", "def f(", "    x,", "):", "    pass", "else_ = 1", 'y = """', "z", '"""']
    lines += [f"v{n} = {n}" for n in range(100)]
    blocks = lexing.StatementBlocks(lines)
    assert blocks.holding(2) == (0, 5)
    assert len(fed) == 5  # up to the next statement's start, not all 109 lines
    assert blocks.holding(7) == (6, 9)
    assert blocks.every()[:4] == [(0, 5), (5, 6), (6, 9), (9, 10)]
    assert len(blocks.every()) == 103
    assert lexing.StatementBlocks(["# note", "", "x = 1"]).every() == [(0, 2), (2, 3)]


_CALL_LINES = st.builds(
    lambda target, call, prefix, quote, value, tail: (
        f"{target}{call}({prefix}{quote}{value}{quote}){tail}"
    ),
    st.sampled_from(["", "df = ", "a.b=", "None = ", "x  =\t"]),
    st.sampled_from(["pd.read_csv", "open", "if", "os.path.join", "f.setdefault", "print "]),
    st.sampled_from(["", "r", "u", "b", "f", "R"]),
    st.sampled_from(["'", '"']),
    st.sampled_from(["/home/ann/x.csv", "", "é/ü", "{x}", "a'b", "C:\\\\data"]),
    st.sampled_from(["", "  # note", ";", ".read()", " + 'x'", ", 'y'", "\\"]),
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.lists(
        st.one_of(
            _CALL_LINES,
            st.sampled_from(['"""', "x = (", ")", "    pass", "def f():", "@decorate", "else:"]),
        ),
        max_size=6,
    )
)
def test_plain_call_lines_read_as_the_parser_reads_them(lines: list[str]) -> None:
    """A plain call statement read as written gives the string site the parser's tree
    gives, whatever stands around it (fixed seeds)."""
    from repro_hooks.sources import CodeUnit, strings

    text = "\n".join(lines)
    numbers = range(1, len(lines) + 1)
    read = list(strings.string_sites(CodeUnit(1, text, text), numbers))
    real = strings._plain_call_site
    strings._plain_call_site = lambda unit, line: None  # type: ignore[assignment]
    try:
        parsed = list(strings.string_sites(CodeUnit(1, text, text), numbers))
    finally:
        strings._plain_call_site = real
    assert read == parsed


PRUNED_SOURCE = '''def load(frame):
    """Docs."""
    part = read_csv("/home/a/x.csv", sep=",")
    merged = frame.merge(
        part,
        on="id",
    )
    return merged.to_csv("out.csv")
'''


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([3], [(3, "/home/a/x.csv"), (3, ",")]),
        ([5], [(6, "id")]),  # a statement over lines 4-7: every site of it
        ([1], []),  # the def line: its statements are not visited
        ([2, 8], [(2, "Docs."), (8, "out.csv")]),
        ([9], []),
    ],
)
def test_statements_without_a_wanted_line_are_not_visited(
    lines: list[int], expected: list[tuple[int, str]]
) -> None:
    import ast

    from repro_hooks.sources.tree_sites import tree_sites

    tree = ast.parse(PRUNED_SOURCE)
    every = tree_sites(tree, PRUNED_SOURCE, module_docstring=False)
    pruned = tree_sites(tree, PRUNED_SOURCE, module_docstring=False, lines=lines)
    assert [(site.line, site.value) for site in pruned] == expected
    # What is visited is what a whole visit finds there, context and all.
    assert pruned == [site for site in every if (site.line, site.value) in expected]
