"""``requirements-current --resolve`` / ``--fix``: pip-compile's own verdict, and the
promise that the offline path never starts a process or opens a connection."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from repro_hooks.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "requirements"


def copy_fixture(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    monkeypatch.chdir(target)
    return target


def forbid(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the offline check must not run processes or open connections")


def test_offline_check_needs_no_process_and_no_network(tmp_path, monkeypatch, capsys) -> None:
    copy_fixture("split", tmp_path, monkeypatch)
    monkeypatch.setattr(subprocess, "run", forbid)
    monkeypatch.setattr(socket, "create_connection", forbid)
    monkeypatch.setattr(socket.socket, "connect", forbid)
    Path("requirements.in").write_text(Path("requirements.in").read_text() + "seaborn\n")
    assert main(["requirements-current", "requirements.in"]) == 1
    assert "RH301 'seaborn' is not pinned" in capsys.readouterr().out


def test_resolve_skips_another_python_with_a_note(tmp_path, monkeypatch, capsys) -> None:
    copy_fixture("split", tmp_path, monkeypatch)
    monkeypatch.setattr(subprocess, "run", forbid)
    other = "3.13" if sys.version_info[:2] == (3, 12) else "3.12"  # same marker verdicts
    text = Path("requirements.txt").read_text()
    Path("requirements.txt").write_text(text.replace("with Python 3.11", f"with Python {other}"))
    assert main(["requirements-current", "--resolve", "requirements.txt"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"was compiled with Python {other};" in captured.err
    assert "not recompiled" in captured.err


def index_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=3).close()
    except OSError:
        return False
    return True


@pytest.mark.network
def test_resolve_agrees_with_pip_compile_and_fix_rewrites(tmp_path, monkeypatch, capsys) -> None:
    if sys.version_info[:2] != (3, 11):
        pytest.skip("the fixtures were compiled with Python 3.11")
    if not index_reachable():
        pytest.skip("the package index is not reachable")
    copy_fixture("split", tmp_path, monkeypatch)
    # This machine's pip configuration must not reach the compiled file.
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path))
    monkeypatch.setenv("PIP_EXTRA_INDEX_URL", "https://mirror.invalid/simple")
    compiled = Path("requirements.txt").read_bytes()
    assert main(["requirements-current", "--resolve", "requirements.in"]) == 0
    assert "against https://pypi.org/simple (the default" in capsys.readouterr().err

    Path("requirements.txt").write_bytes(
        compiled.replace(b"six==", b"six>=").replace(
            b"click==8.5.1\n    # via -r requirements.in\n", b""
        )
    )
    assert main(["requirements-current", "--resolve", "requirements.in"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if "RH314" in line] == [
        "requirements.txt: RH314 not what pip-compile makes of its input (2 lines added, "
        "0 removed; --diff or --format json shows them); rewrite it with this hook's --fix, "
        "or run `pip-compile --no-emit-index-url --no-emit-find-links requirements.in`"
    ]
    assert main(["requirements-current", "--resolve", "--format", "json", "requirements.in"]) == 1
    (finding,) = [f for f in json.loads(capsys.readouterr().out) if f["code"] == "RH314"]
    assert "\n+click==8.5.1\n" in finding["detail"]
    assert main(["requirements-current", "--resolve", "--diff", "requirements.in"]) == 1
    assert "\n+click==8.5.1\n" in capsys.readouterr().err

    assert main(["requirements-current", "--fix", "requirements.in"]) == 0
    assert Path("requirements.txt").read_bytes() == compiled


@pytest.mark.network
def test_resolve_runs_uv_for_a_file_uv_made(tmp_path, monkeypatch, capsys) -> None:
    if shutil.which("uv", path=os.path.dirname(sys.executable)) is None and not shutil.which("uv"):
        pytest.skip("uv is not installed")
    if not index_reachable():
        pytest.skip("the package index is not reachable")
    copy_fixture("uv", tmp_path, monkeypatch)
    monkeypatch.setenv("UV_INDEX_URL", "https://mirror.invalid/simple")  # left out
    monkeypatch.setenv("UV_NO_STRIP_EXTRAS", "1")  # left out, or extras would appear
    compiled = Path("requirements.txt").read_bytes()
    assert main(["requirements-current", "--resolve", "requirements.txt", "universal.txt"]) == 0
    assert "with uv pip compile against https://pypi.org/simple" in capsys.readouterr().err
    Path("requirements.txt").write_bytes(
        compiled.replace(b"click==8.5.1\n    # via -r requirements.in\n", b"")
    )
    assert main(["requirements-current", "--resolve", "--format", "json", "requirements.txt"]) == 1
    codes = {finding["code"] for finding in json.loads(capsys.readouterr().out)}
    assert codes == {"RH301", "RH314"}
    assert main(["requirements-current", "--fix", "requirements.txt"]) == 0
    assert Path("requirements.txt").read_bytes() == compiled
