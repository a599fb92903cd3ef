"""``requirements-current`` on real pip-compile output (tests/fixtures/requirements),
each case of issue 4 in both directions, through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from repro_hooks.cli import main
from repro_hooks.hooks.requirements_current.rules import RULES

FIXTURES = Path(__file__).parent / "fixtures" / "requirements"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Copy a fixture directory into a temporary one and work from inside it."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target)
        monkeypatch.chdir(target)
        return target

    return copy


def edit(path: str, old: str, new: str) -> None:
    text = Path(path).read_text()
    assert old in text, f"{old!r} not in {path}"
    Path(path).write_text(text.replace(old, new, 1))


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[tuple]]:
    """Run the hook with JSON output: exit status and (path, line, column, code) rows."""
    status = main(["requirements-current", "--format", "json", *args])
    rows = json.loads(capsys.readouterr().out)
    return status, [(r["path"], r["line"], r["column"], r["code"]) for r in rows]


@pytest.mark.parametrize(
    ("name", "files"),
    [
        ("split", ["requirements.in", "base.in", "requirements.txt"]),
        ("split", ["base.in"]),
        ("line", ["requirements.in", "requirements.txt"]),
        ("hashes", ["requirements.in", "requirements.txt"]),
        ("editable", ["requirements.in", "requirements.txt"]),
        ("layered", ["requirements.in", "requirements.txt", "dev.in", "dev.txt"]),
        ("pyproject", ["pyproject.toml", "requirements.txt"]),
        ("bench", ["requirements.in", "requirements.txt"]),
    ],
)
def test_real_pip_compile_output_is_clean(project, capsys, name, files) -> None:
    project(name)
    assert check(capsys, *files) == (0, [])


def test_unrelated_and_handwritten_files_are_ignored(project, capsys) -> None:
    project("split")
    Path("dev-requirements.txt").write_text("pytest>=7\n")
    Path("MANIFEST.in").write_text("include README.md\n")
    assert check(capsys, "dev-requirements.txt", "notes.md") == (0, [])


@pytest.mark.parametrize("name", ["split", "line"])
def test_requirement_added_to_input_is_not_pinned(project, capsys, name) -> None:
    project(name)
    edit("base.in", "attrs<24\n", "attrs<24\nSeaborn\n")
    assert check(capsys, "base.in") == (1, [("base.in", 4, 1, "RH301")])


def test_names_are_normalised_and_false_markers_need_no_pin(project, capsys) -> None:
    project("split")
    edit("requirements.in", "click>=8", "Click>=8")
    edit("requirements.in", "idna\n", "IDNA\nnumpy; python_version < '3'\n")
    assert check(capsys, "requirements.in") == (0, [])


@pytest.mark.parametrize(("name", "line"), [("split", 13), ("line", 10)])
def test_pin_outside_the_input_specifier(project, capsys, name, line) -> None:
    project(name)
    edit("requirements.in", "click>=8", "click<8")
    assert check(capsys, "requirements.in") == (1, [("requirements.txt", line, 1, "RH302")])


def test_pin_that_is_not_the_requested_url(project, capsys) -> None:
    project("editable")
    edit("requirements.in", "attrs-24.2.0", "attrs-24.1.0")
    assert check(capsys, "requirements.in") == (1, [("requirements.txt", 9, 1, "RH302")])


def test_dropped_extras_and_marker(project, capsys) -> None:
    project("split")
    edit("requirements.txt", "requests[socks]==", "requests==")
    edit("requirements.txt", ' ; python_version >= "3.8"', "")
    status, rows = check(capsys, "requirements.txt")
    assert (status, rows) == (
        1,
        [("requirements.txt", 19, 1, "RH303"), ("requirements.txt", 23, 1, "RH303")],
    )


def test_stripped_extras_are_expected_with_strip_extras(project, capsys) -> None:
    project("line")
    assert "requests==2" in Path("requirements.txt").read_text()
    edit("base.in", "requests[socks]", "requests[socks,use-chardet-on-py3]")
    assert check(capsys, "base.in") == (0, [])


@pytest.mark.parametrize(("name", "line"), [("split", 13), ("line", 10)])
def test_stale_direct_pin(project, capsys, name, line) -> None:
    project(name)
    edit("requirements.in", "click>=8  # command line\n", "")
    assert check(capsys, "requirements.in") == (1, [("requirements.txt", line, 1, "RH304")])


def test_stale_pin_and_the_orphans_only_it_pulled_in(project, capsys) -> None:
    project("split")
    edit("base.in", "requests[socks]>=2.28\n", "")
    status, rows = check(capsys, "base.in")
    # certifi, charset-normalizer, requests, pysocks, urllib3; idna is still direct
    lines = [9, 11, 21, 23, 25]
    assert (status, rows) == (1, [("requirements.txt", n, 1, "RH304") for n in lines])


def test_stale_pin_of_a_pyproject(project, capsys) -> None:
    project("pyproject")
    edit("pyproject.toml", '"click>=8", "attrs"', '"click>=8"')
    assert check(capsys, "pyproject.toml") == (1, [("requirements.txt", 7, 1, "RH304")])


@pytest.mark.parametrize(
    ("name", "old", "new", "line"),
    [
        ("split", "click==8.5.1\n    # via -r requirements.in", "click==8.5.1\n    # via idna", 13),
        ("line", "click==8.5.1              # via -r requirements.in", "click==8.5.1", 10),
    ],
)
def test_direct_pin_without_its_via_annotation(project, capsys, name, old, new, line) -> None:
    project(name)
    edit("requirements.txt", old, new)
    assert check(capsys, "requirements.txt") == (1, [("requirements.txt", line, 1, "RH305")])


def test_lines_pip_compile_never_writes(project, capsys) -> None:
    project("layered")
    edit(
        "requirements.txt", "idna==3.20\n", "idna==3.20\nidna==3.20\nsix>=1\n!!garbage\n-r dev.in\n"
    )
    assert check(capsys, "requirements.txt") == (
        1,
        [
            ("requirements.txt", 12, 1, "RH307"),
            ("requirements.txt", 13, 1, "RH306"),
            ("requirements.txt", 14, 1, "RH306"),
            ("requirements.txt", 15, 1, "RH306"),
        ],
    )


def test_hashes_on_some_pins_only(project, capsys) -> None:
    project("hashes")
    text = Path("requirements.txt").read_text()
    start = text.index("certifi==2026.10.19.post1 \\\n")
    end = text.index("    # via requests", start)
    Path("requirements.txt").write_text(text[:start] + "certifi==2026.10.19.post1\n" + text[end:])
    assert check(capsys, "requirements.txt") == (1, [("requirements.txt", 7, 1, "RH308")])


def test_layered_files_pinned_differently(project, capsys) -> None:
    project("layered")
    edit("requirements.txt", "idna==3.20", "idna==3.19")
    status, rows = check(capsys, "requirements.txt")
    assert (status, rows) == (1, [("dev.txt", 15, 1, "RH309")])


def test_missing_compiled_file_and_missing_input(project, capsys) -> None:
    project("layered")
    Path("dev.txt").unlink()
    Path("requirements.in").unlink()
    status, rows = check(capsys, "dev.in", "requirements.txt")
    assert (status, rows) == (
        1,
        [("dev.in", None, None, "RH310"), ("requirements.txt", None, None, "RH310")],
    )


def test_missing_include(project, capsys) -> None:
    project("split")
    Path("base.in").unlink()
    assert check(capsys, "requirements.in") == (1, [("requirements.in", 1, 1, "RH311")])


def test_include_without_a_file_name(project, capsys) -> None:
    project("split")
    edit("requirements.in", "-r base.in\n", "-r base.in\n-c\n")
    assert check(capsys, "requirements.in") == (1, [("requirements.in", 2, 1, "RH311")])


def test_include_cycle_is_reported_not_followed(project, capsys) -> None:
    project("split")
    edit("base.in", "attrs<24\n", "attrs<24\n-r requirements.in\n")
    assert check(capsys, "requirements.in") == (1, [("base.in", 4, 1, "RH312")])


def test_machine_specific_lines_of_real_output(capsys, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES)
    status, rows = check(capsys, "machine/requirements.txt", "editable/absolute.in")
    # absolute.txt pins the editable where it was compiled; in a clone elsewhere the pair
    # also disagrees (RH301/RH304), which is exactly why RH313 exists.
    assert status == 1
    assert [row for row in rows if row[3] == "RH313"] == [
        ("editable/absolute.txt", 7, 1, "RH313"),
        ("machine/requirements.txt", 9, 1, "RH313"),
    ]


def test_index_password_is_reported_masked(project, capsys) -> None:
    project("split")
    secret = "s3cr3t-passw0rd"
    edit(
        "requirements.in",
        "-r base.in\n",
        f"-r base.in\n--index-url https://ana:{secret}@pypi.example.com/simple\n"
        "--extra-index-url https://ana:${PIP_TOKEN}@pypi.example.com/simple\n",
    )
    status = main(["requirements-current", "requirements.in"])
    output = capsys.readouterr().out
    assert status == 1
    assert output.startswith("requirements.in:2:1: RH313 --index-url carries a password")
    assert output.splitlines()[1:] == ["Found 1 finding in 1 file."]
    assert secret not in output


def test_binary_file_is_a_finding_and_untouched(project, capsys) -> None:
    project("split")
    Path("requirements.txt").write_bytes(b"\x89PNG\r\n\x00\x00")
    assert check(capsys, "requirements.in") == (1, [("requirements.txt", None, None, "RH903")])
    assert Path("requirements.txt").read_bytes() == b"\x89PNG\r\n\x00\x00"


@pytest.mark.parametrize(
    ("find_links", "flag"),
    [
        (None, ""),
        ("https://wheels.example.org/simple", ""),  # a URL works on every machine
        ("/opt/wheels", "--no-emit-find-links "),  # would be written into the file: RH313
    ],
)
def test_text_output_ends_with_the_command_to_run(
    project, capsys, monkeypatch, find_links, flag
) -> None:
    """The command a message suggests makes a file that passes on this machine."""
    if find_links is None:
        monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    else:
        monkeypatch.setenv("PIP_FIND_LINKS", find_links)
    project("line")
    edit("requirements.in", "click>=8", "click<8")
    assert main(["requirements-current", "requirements.txt"]) == 1
    assert capsys.readouterr().out == (
        "requirements.txt:10:1: RH302 click==8.5.1 does not satisfy 'click<8' from "
        f"requirements.in; run `pip-compile {flag}"
        "--allow-unsafe --annotation-style=line --strip-extras requirements.in`\n"
        "Found 1 finding in 1 file (1 fixable with --fix).\n"
    )


def test_resolve_and_fix_together_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["requirements-current", "--resolve", "--fix", "requirements.in"])
    assert exit_info.value.code == 2


def test_every_code_is_documented() -> None:
    from repro_hooks.hooks.requirements_current import rules as codes

    emitted = {
        value
        for name, value in vars(codes).items()
        if name.isupper() and isinstance(value, str) and value.startswith("RH")
    }
    assert {rule.code for rule in RULES} == emitted
    assert all(rule.what and rule.why and rule.example and rule.instead for rule in RULES)
