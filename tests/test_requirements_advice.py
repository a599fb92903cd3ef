"""Following the advice makes the hook pass: for each code whose advice is a command,
a real stale pair (a fixture of real pip-compile or uv output, changed the way a user
changes it), the command the message ends with run as the user would run it, from the
same folder and with this machine's pip configuration in place, then the hook again.

These need the package index (``network``); the fixtures were compiled with Python 3.11.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from repro_hooks.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "requirements"
ADVICE = re.compile(r"run `([^`]+)`$")

pytestmark = pytest.mark.network


def index_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=3).close()
    except OSError:
        return False
    return True


@pytest.fixture(autouse=True)
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine whose pip configuration would leak into compiled files: a local
    find-links folder and an extra local index, as on a developer's laptop."""
    if sys.version_info[:2] != (3, 11):
        pytest.skip("the fixtures were compiled with Python 3.11")
    if not index_reachable():
        pytest.skip("the package index is not reachable")
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    config = tmp_path / "pip.conf"
    config.write_text(f"[global]\nextra-index-url = file://{tmp_path}/mirror/simple\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(config))
    monkeypatch.setenv("PIP_FIND_LINKS", str(wheels))
    bin_folder = os.path.dirname(sys.executable)
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ.get('PATH', '')}")


def edit(path: str, old: str, new: str) -> None:
    text = Path(path).read_text()
    assert old in text, f"{old!r} not in {path}"
    Path(path).write_text(text.replace(old, new, 1))


def findings(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    main(["requirements-current", "--format", "json", *args])
    result: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return result


Change = Callable[[], None]

SCENARIOS: list[tuple[str, str, str, Change, tuple[str, ...]]] = [
    # (code, fixture, folder to run from, change, files staged: relative to that folder)
    ("RH301", "split", ".", lambda: edit("base.in", "attrs<24\n", "attrs<24\nsix\n"), ("base.in",)),
    ("RH302", "split", ".", lambda: edit("base.in", "attrs<24", "attrs<23"), ("base.in",)),
    (
        "RH303",
        "split",
        ".",
        lambda: edit("requirements.in", 'packaging; python_version >= "3.8"', "packaging"),
        ("requirements.in",),
    ),
    (
        "RH304",
        "split",
        ".",
        lambda: edit("requirements.in", "click>=8  # command line\n", ""),
        ("requirements.in",),
    ),
    (
        "RH305",
        "split",
        ".",
        lambda: edit(
            "requirements.txt",
            "click==8.5.1\n    # via -r requirements.in",
            "click==8.5.1\n    # via idna",
        ),
        ("requirements.txt",),
    ),
    (
        "RH306",
        "split",
        ".",
        lambda: edit("requirements.txt", "click==8.5.1", "click>=8.5"),
        ("requirements.txt",),
    ),
    (
        "RH307",
        "split",
        ".",
        lambda: Path("requirements.txt").write_text(
            Path("requirements.txt").read_text() + "click==8.5.1\n"
        ),
        ("requirements.txt",),
    ),
    ("RH308", "hashes", ".", lambda: _drop_one_hash("requirements.txt"), ("requirements.txt",)),
    (
        "RH309",
        "layered",
        ".",
        lambda: edit("requirements.txt", "idna==3.20", "idna==3.10"),
        ("dev.txt",),
    ),
    ("RH310", "split", ".", lambda: os.remove("requirements.txt"), ("requirements.in",)),
    ("RH313", "machine", ".", lambda: None, ("requirements.txt",)),
    (
        "RH302",
        "txtlayer",
        "..",
        lambda: edit("base.txt", "idna==3.20", "idna==3.10"),
        ("txtlayer/dev.txt",),
    ),
    (
        "RH301",
        "uv",
        ".",
        lambda: edit("requirements.in", "click>=8", "click>=8\nsix"),
        ("requirements.txt",),
    ),
    (
        "RH301",
        "uv",
        ".",
        lambda: edit("requirements.in", "click>=8", "click>=8\nsix"),
        ("universal.txt",),
    ),
    ("RH304", "uv", ".", lambda: edit("requirements.in", "attrs<24\n", ""), ("requirements.txt",)),
    (
        "RH302",
        "uv/project",
        ".",
        lambda: edit("pyproject.toml", 'dev = ["iniconfig"]', 'dev = ["iniconfig<2.3"]'),
        ("pyproject.toml",),
    ),
]


def _drop_one_hash(path: str) -> None:
    text = Path(path).read_text()
    pin = re.search(r"^(\S+==\S+) \\\n(    --hash=\S+ ?\\?\n)+", text, re.MULTILINE)
    assert pin is not None
    Path(path).write_text(text.replace(pin.group(0), pin.group(1) + "\n", 1))


@pytest.mark.parametrize(
    ("code", "fixture", "where", "change", "staged"),
    SCENARIOS,
    ids=[f"{code}-{fixture}-{staged[0]}" for code, fixture, _, _, staged in SCENARIOS],
)
def test_following_the_advice_makes_the_hook_pass(
    tmp_path, monkeypatch, capsys, code, fixture, where, change, staged
) -> None:
    project = tmp_path / "project" / fixture
    shutil.copytree(FIXTURES / fixture, project)
    monkeypatch.chdir(project)
    change()
    monkeypatch.chdir(project / where)
    found = findings(capsys, *staged)
    mine = [f for f in found if f["code"] == code]
    assert mine, found
    match = ADVICE.search(str(mine[0]["message"]))
    assert match is not None, mine[0]["message"]
    result = subprocess.run(match.group(1), shell=True, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert findings(capsys, *staged) == []


def test_following_the_advice_for_sources_nobody_names(tmp_path, monkeypatch, capsys) -> None:
    """RH316's advice is a line of configuration, not a command."""
    project = tmp_path / "scripted"
    shutil.copytree(FIXTURES / "scripted", project)
    monkeypatch.chdir(project)
    text = Path("requirements.txt").read_text()
    Path("requirements.txt").write_text(
        "".join(line for line in text.splitlines(keepends=True) if "# via" not in line)
    )
    assert [f["code"] for f in findings(capsys, "requirements.txt")] == ["RH316"]
    Path("pyproject.toml").write_text(
        "[tool.repro-hooks.requirements-current]\n"
        'pairs = [{in = "unfrozen/requirements.txt", txt = "requirements.txt"}]\n'
    )
    assert findings(capsys, "requirements.txt") == []


def test_following_the_advice_of_resolve(tmp_path, monkeypatch, capsys) -> None:
    """RH314: the lines are right but not in pip-compile's order."""
    project = tmp_path / "split"
    shutil.copytree(FIXTURES / "split", project)
    monkeypatch.chdir(project)
    blocks = re.split(r"\n(?=[a-z])", Path("requirements.txt").read_text())
    header, pins = blocks[0], blocks[1:]
    Path("requirements.txt").write_text("\n".join([header, *reversed(pins[:-1]), pins[-1]]))
    found = findings(capsys, "--resolve", "requirements.txt")
    assert [f["code"] for f in found] == ["RH314"]
    match = ADVICE.search(str(found[0]["message"]))
    assert match is not None
    subprocess.run(match.group(1), shell=True, check=True, capture_output=True)
    assert findings(capsys, "--resolve", "requirements.txt") == []
