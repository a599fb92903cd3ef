"""``requirements-current`` on real pip-compile output (tests/fixtures/requirements),
each case of issue 4 in both directions, through the command line."""

from __future__ import annotations

import json
import os
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
        ("machine/requirements.txt", 7, 1, "RH313"),  # a local index folder
        ("machine/requirements.txt", 8, 1, "RH313"),
        ("machine/requirements.txt", 9, 1, "RH313"),  # a local find-links folder
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
        # pip-compile would write either into the file: the committed one has neither.
        ("https://wheels.example.org/simple", "--no-emit-find-links "),
        ("/opt/wheels", "--no-emit-find-links "),
    ],
)
def test_text_output_ends_with_the_command_to_run(
    project, capsys, monkeypatch, find_links, flag
) -> None:
    """The command a message suggests makes a file that passes on this machine."""
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
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


# Issue 14: real projects' shapes (uv, layering through .txt files, headers naming a
# workflow, URL requirements), each in both directions.


@pytest.mark.parametrize(
    ("name", "files"),
    [
        ("txtlayer", ["dev.in", "dev.txt", "base.in", "base.txt"]),
        ("scripted", ["requirements.txt", "unfrozen/requirements.txt"]),
        ("uv", ["requirements.in", "requirements.txt", "universal.txt", "forks.txt"]),
        ("uv/project", ["pyproject.toml", "requirements.txt"]),
    ],
)
def test_real_uv_layered_and_scripted_output_is_clean(project, capsys, name, files) -> None:
    project(name)
    assert check(capsys, *files) == (0, [])


def test_a_header_naming_a_workflow_is_paired_by_its_annotations(project, capsys) -> None:
    project("scripted")
    edit("unfrozen/requirements.txt", "six\n", "six\nattrs\n")
    status, rows = check(capsys, "unfrozen/requirements.txt")
    assert (status, rows) == (1, [("unfrozen/requirements.txt", 2, 1, "RH301")])
    main(["requirements-current", "unfrozen/requirements.txt"])
    assert '; run `Use the "Refreeze" workflow`' in capsys.readouterr().out


def test_sources_nothing_names_are_reported_once_not_guessed(project, capsys) -> None:
    project("scripted")
    text = Path("requirements.txt").read_text()
    Path("requirements.txt").write_text(
        "".join(line for line in text.splitlines(keepends=True) if "# via" not in line)
    )
    assert check(capsys, "requirements.txt") == (1, [("requirements.txt", None, None, "RH316")])


def test_via_paths_from_the_authors_machine_match_the_files_here(project, capsys) -> None:
    project("txtlayer")
    edit("dev.txt", "# via -r base.txt", "# via -r /Users/ana/src/project/txtlayer/base.txt")
    assert check(capsys, "dev.in", "dev.txt") == (0, [])


def test_a_txt_layer_is_a_source_of_its_pins(project, capsys) -> None:
    project("txtlayer")
    edit("base.txt", "idna==3.20", "idna==3.19")
    status, rows = check(capsys, "dev.txt")
    assert (status, rows) == (1, [("dev.txt", 7, 1, "RH302")])


def test_uv_output_keeps_no_markers_and_strips_extras(project, capsys) -> None:
    project("uv")
    edit("requirements.in", "attrs<24", "attrs<24; python_version >= '3.8'")
    assert check(capsys, "requirements.in", "requirements.txt", "universal.txt") == (0, [])
    edit("requirements.in", "click>=8", "click>=8\nsix")
    status, rows = check(capsys, "requirements.txt")
    assert (status, rows) == (1, [("requirements.in", 3, 1, "RH301")])
    main(["requirements-current", "requirements.txt"])
    assert capsys.readouterr().out.startswith(
        "requirements.in:3:1: RH301 'six' is not pinned in requirements.txt; run "
        "`uv pip compile requirements.in -o requirements.txt --python-version 3.11`"
    )


def test_uv_no_strip_extras_header_wants_the_extras(project, capsys) -> None:
    project("uv")
    edit("requirements.txt", "--python-version 3.11", "--python-version 3.11 --no-strip-extras")
    assert check(capsys, "requirements.txt") == (1, [("requirements.txt", 15, 1, "RH303")])


def test_dependency_group_requirement_is_checked(project, capsys) -> None:
    project("uv/project")
    edit("pyproject.toml", 'dev = ["iniconfig"]', 'dev = ["iniconfig>=3"]')
    assert check(capsys, "pyproject.toml") == (1, [("requirements.txt", 5, 1, "RH302")])


@pytest.mark.parametrize(
    ("new", "code"),
    [
        ("packaging\n", "RH303"),  # the pin keeps a marker the input dropped
        ('packaging; python_version >= "3.9"\n', "RH303"),  # another marker
    ],
)
def test_a_changed_marker_is_reported(project, capsys, new, code) -> None:
    project("split")
    edit("requirements.in", 'packaging; python_version >= "3.8"\n', new)
    assert check(capsys, "requirements.in") == (1, [("requirements.txt", 19, 1, code)])


def test_a_pin_whose_marker_is_false_for_the_headers_python_is_stale(project, capsys) -> None:
    project("split")
    edit("requirements.in", "click>=8", 'click>=8; python_version < "3.11"')
    assert check(capsys, "requirements.in") == (1, [("requirements.txt", 13, 1, "RH304")])
    main(["requirements-current", "requirements.in"])
    assert "false for Python 3.11 of the header" in capsys.readouterr().out


VCS_PIN = (
    "#\n# This file is autogenerated by pip-compile with Python 3.11\n# by the following "
    "command:\n#\n#    pip-compile requirements.in\n#\n"
    "pbr==6.1.1\n    # via slugify\n{pin}\n    # via -r requirements.in\n"
)


@pytest.mark.parametrize(
    ("wanted", "pin", "codes"),
    [
        # pip-compile 7: the egg name and revision of the input, `name @ url` in the lock
        (
            "git+https://github.com/o/slugify@b696c37#egg=slugify==0.1.5",
            "slugify @ git+https://github.com/o/slugify@b696c37",
            [],
        ),
        # a bare VCS URL: the lock's line says which name it provides
        ("git+https://github.com/o/slugify/", "slugify @ git+https://github.com/o/slugify/", []),
        # pip-compile 6 copied the line as written
        (
            "git+https://github.com/o/slugify@b696c37#egg=slugify",
            "git+https://github.com/o/slugify@b696c37#egg=slugify",
            [],
        ),
        # a branch the lock resolved to its commit (uv does)
        (
            "slugify @ git+https://github.com/o/slugify.git@main",
            "slugify @ git+https://github.com/o/slugify.git@da6383acbed37666d0ce105406a224fec8a1c0a7",
            [],
        ),
        # another commit than the input names
        (
            "slugify @ git+https://github.com/o/slugify@b696c37",
            "slugify @ git+https://github.com/o/slugify@0123456",
            [("requirements.txt", 9, 1, "RH302")],
        ),
    ],
)
def test_url_requirements_are_matched_to_their_names(
    tmp_path, monkeypatch, capsys, wanted, pin, codes
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("requirements.in").write_text(wanted + "\n")
    Path("requirements.txt").write_text(VCS_PIN.format(pin=pin))
    assert check(capsys, "requirements.in", "requirements.txt") == (int(bool(codes)), codes)


def test_a_local_index_folder_is_machine_specific(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    Path("requirements.in").write_text("--index-url file:///home/ana/mirror/simple\nsix\n")
    Path("requirements.txt").write_text(
        VCS_PIN.format(pin="six==1.17.0").replace("pbr==6.1.1\n    # via slugify\n", "")
    )
    status, rows = check(capsys, "requirements.in")
    assert ("requirements.in", 1, 1, "RH313") in rows and status == 1


def test_a_local_wheel_is_not_advised_as_editable(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    Path("requirements.in").write_text(
        "localpkg @ file:///home/ana/dist/localpkg-1.0-py3-none-any.whl\n"
    )
    Path("requirements.txt").write_text(
        VCS_PIN.format(
            pin="localpkg @ file:///home/ana/dist/localpkg-1.0-py3-none-any.whl"
        ).replace("pbr==6.1.1\n    # via slugify\n", "")
    )
    main(["requirements-current", "requirements.in"])
    output = capsys.readouterr().out
    assert "RH313" in output and "-e file:" not in output
    assert "a file cannot be editable" in output or "move it into the project" in output


@pytest.mark.parametrize(("major", "rows"), [(7, [("requirements.txt", 23, 1, "RH303")]), (8, [])])
def test_a_header_without_strip_flags_is_read_as_its_writer_did(
    project, capsys, monkeypatch, major, rows
) -> None:
    """pip-tools 8 strips extras by default: a file whose pins carry none may be its."""
    from repro_hooks.hooks.requirements_current import header

    monkeypatch.setattr(header, "pip_tools_major", lambda: major)
    project("split")
    edit("requirements.txt", "requests[socks]==", "requests==")
    assert check(capsys, "requirements.txt") == (int(bool(rows)), rows)


@pytest.mark.parametrize(
    ("header", "rows"),
    [("custom", []), ("pip-compile", [("unfrozen/requirements.txt", 2, 1, "RH301")])],
)
def test_a_pin_a_script_deletes_after_compiling(project, capsys, header, rows) -> None:
    """`make upgrade` may `sed` a pin away (tox picks Django); its dependencies still say
    `via django`. Only a header naming such a script may do that."""
    project("scripted")
    edit("unfrozen/requirements.txt", "six\n", "six\ndjango\n")
    edit("requirements.txt", "six==1.17.0", "asgiref==3.11.1\n    # via django\nsix==1.17.0")
    if header == "pip-compile":
        edit(
            "requirements.txt",
            'Use the "Refreeze" workflow',
            "pip-compile --output-file=requirements.txt unfrozen/requirements.txt",
        )
    assert check(capsys, "requirements.txt") == (int(bool(rows)), rows)


def test_uv_universal_pins_a_package_once_per_environment(project, capsys) -> None:
    project("uv")
    assert check(capsys, "forks.in", "forks.txt") == (0, [])
    edit("forks.txt", "python_full_version == '3.9.*'", "python_full_version < '3.9'")
    assert check(capsys, "forks.txt") == (1, [("forks.txt", 5, 1, "RH307")])


def test_early_uv_output_leaves_direct_requirements_unannotated(project, capsys) -> None:
    project("uv")
    edit("requirements.txt", "click==8.5.1\n    # via -r requirements.in\n", "click==8.5.1\n")
    assert check(capsys, "requirements.txt") == (0, [])


def test_a_scripted_header_says_nothing_of_extras_the_file_shows_stripped(project, capsys) -> None:
    project("scripted")
    edit("unfrozen/requirements.txt", "six\n", "six[extra]\n")
    assert check(capsys, "requirements.txt") == (0, [])


def test_a_pin_held_back_for_one_interpreter_is_not_a_duplicate(project, capsys) -> None:
    """cibuildwheel's constraints: a script splits a pin by marker after uv compiles."""
    project("uv")
    edit(
        "requirements.txt",
        "attrs==23.2.0\n",
        'attrs==23.2.0; implementation_name != "graalpy"\n'
        'attrs==23.1.0; implementation_name == "graalpy"\n',
    )
    assert check(capsys, "requirements.txt") == (0, [])
