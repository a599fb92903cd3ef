"""requirements-current's parts that read this machine's configuration: which pip
settings would leak into a compiled file, and the environment --resolve runs in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from repro_hooks.hooks.requirements_current import advice
from repro_hooks.hooks.requirements_current.advice import keep_out_flags, machine_pip_settings
from repro_hooks.hooks.requirements_current.header import interpret
from repro_hooks.hooks.requirements_current.resolve import clean_environment
from repro_hooks.sources.requirements.lockfile import Header, parse


@pytest.fixture(autouse=True)
def no_site_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """This machine's /etc/pip.conf is not the test's."""
    monkeypatch.setattr(advice, "SITE_CONFIG_FILES", ())


def test_pip_settings_come_from_variables_and_config_files(tmp_path: Path) -> None:
    config = tmp_path / "pip.conf"
    config.write_text(
        "[global]\nindex-url = https://mirror.example/simple\n"
        "[install]\ntrusted-host = mirror.example\n"
    )
    environ = {
        "HOME": str(tmp_path),
        "PIP_CONFIG_FILE": str(config),
        "PIP_FIND_LINKS": "/srv/wheels",
    }
    assert machine_pip_settings(environ) == {"index-url", "trusted-host", "find-links"}


def test_pip_config_file_devnull_reads_no_file(tmp_path: Path) -> None:
    (tmp_path / ".config" / "pip").mkdir(parents=True)
    (tmp_path / ".config" / "pip" / "pip.conf").write_text("[global]\nfind-links = /w\n")
    assert machine_pip_settings({"HOME": str(tmp_path)}) == {"find-links"}
    assert machine_pip_settings({"HOME": str(tmp_path), "PIP_CONFIG_FILE": os.devnull}) == set()


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("six==1.17.0\n", ["--no-emit-find-links"]),
        ("--find-links wheels\n\nsix==1.17.0\n", []),  # the project's own folder stays
        ("--find-links /srv/wheels\n\nsix==1.17.0\n", ["--no-emit-find-links"]),
    ],
)
def test_keep_out_flags_spare_what_the_file_carries_on_purpose(
    monkeypatch: pytest.MonkeyPatch, text: str, flags: list[str]
) -> None:
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_FIND_LINKS", "/srv/wheels")
    for name in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_TRUSTED_HOST"):
        monkeypatch.delenv(name, raising=False)
    compilation = interpret(Header("3.11", "pip-compile requirements.in"), "")
    assert keep_out_flags(compilation, parse(text)) == flags
    uv = interpret(Header(None, "uv pip compile requirements.in", "uv"), "")
    assert keep_out_flags(uv, parse(text)) == []  # uv copies no pip setting


def test_resolve_environment_drops_this_machines_settings() -> None:
    environ = {
        "PATH": "/usr/bin",
        "PIP_FIND_LINKS": "/srv/wheels",
        "PIP_INDEX_URL": "https://mirror.example/simple",
        "PIP_CERT": "/etc/ssl/certs/ca.pem",
        "UV_INDEX_URL": "https://mirror.example/simple",
        "UV_CACHE_DIR": "/cache",
    }
    assert clean_environment(environ, "/tmp/empty") == {
        "PATH": "/usr/bin",
        "PIP_CERT": "/etc/ssl/certs/ca.pem",
        "UV_CACHE_DIR": "/cache",
        "PIP_CONFIG_FILE": os.devnull,
        "XDG_CONFIG_HOME": "/tmp/empty",
    }


@pytest.mark.parametrize(
    ("command", "compiler", "expected"),
    [
        ("pip-compile --strip-extras requirements.in", "pip-compile", (True, "3.11")),
        ("python -m piptools compile -o out.txt a.in", "pip-compile", (None, "3.11")),
        ("uv pip compile a.in -o a.txt --python-version 3.12", "uv", (True, "3.12")),
        ("uv pip compile --no-strip-extras -p 3.10 a.in", "uv", (False, "3.10")),
        ("uv pip compile a.in -o a.txt", "uv", (True, None)),
    ],
)
def test_headers_of_both_compilers(command: str, compiler: str, expected: tuple) -> None:
    compilation = interpret(
        Header("3.11" if compiler == "pip-compile" else None, command, compiler), ""
    )
    assert (compilation.strip_extras, compilation.python) == expected
    assert not compilation.custom
    assert compilation.program[-1] in ("pip-compile", "compile")


@pytest.mark.parametrize(
    ("command", "program"),
    [
        ("uvx --from pip-tools pip-compile a.in", ("uvx", "--from", "pip-tools", "pip-compile")),
        ("pipx run pip-compile a.in", ("pipx", "run", "pip-compile")),
        ("python3.11 -m piptools compile a.in", ("python3.11", "-m", "piptools", "compile")),
        ("tox -e pip-compile", None),  # a runner whose options are its own
        ("make upgrade", None),
    ],
)
def test_the_compiler_is_found_behind_a_runner(command: str, program: tuple | None) -> None:
    compilation = interpret(Header("3.11", command), "")
    assert compilation.custom == (program is None)
    assert compilation.program == (program or ())


def test_a_file_exported_from_a_lock_is_not_a_pair(tmp_path, monkeypatch, capsys) -> None:
    from repro_hooks.cli import main

    monkeypatch.chdir(tmp_path)
    Path("requirements.txt").write_text(
        "# This file was autogenerated by uv via the following command:\n"
        "#    uv export --frozen --no-hashes -o requirements.txt\n"
        "six==1.17.0\n    # via demo\n"
    )
    assert main(["requirements-current", "requirements.txt"]) == 0
    assert capsys.readouterr().out == ""
