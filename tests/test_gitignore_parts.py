"""The parts of the ``gitignore`` check: compose reading, Docker's matching, fix lines."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from repro_hooks.engine.ignore_files import gitignore_line
from repro_hooks.hooks.gitignore import compose, dockerignore
from repro_hooks.hooks.gitignore.tree import is_env_file_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("services:\n  a:\n    env_file: .env\n", [".env"]),
        ("services:\n  a:\n    env_file: ./config/app.env  # note\n", ["config/app.env"]),
        ("services:\n  a:\n    env_file: 'it''s.env'\n", ["it's.env"]),
        ('services:\n  a:\n    env_file: "a#b.env"\n', ["a#b.env"]),
        (
            "services:\n  a:\n    env_file: [a.env, 'b.env', \"c.env\"]\n",
            ["a.env", "b.env", "c.env"],
        ),
        ("services:\n  a:\n    env_file:\n      - a.env\n      - b.env\n", ["a.env", "b.env"]),
        ("services:\n  a:\n    env_file:\n    - a.env\n    image: x\n", ["a.env"]),
        (
            "services:\n  a:\n    env_file:\n      - path: a.env\n        required: true\n"
            "      - required: false\n        path: ./b.env\n",
            ["a.env", "b.env"],
        ),
        ("services:\n  a:\n    env_file:\n      - {path: a.env, required: false}\n", ["a.env"]),
        ("services:\n  a:\n    env_file: [{path: a.env}, b.env]\n", ["a.env", "b.env"]),
        (
            "services:\n  a:\n    env_file:\n      - a.env\n\n      # later\n      - b.env\n"
            "  b:\n    env_file: a.env\n    environment:\n      - KEY=value\n",
            ["a.env", "b.env"],
        ),
        ("services:\r\n  a:\r\n    env_file:\r\n      - a.env\r\n", ["a.env"]),
        ("services:\n  a:\n    my_env_file: a.env\n    env_files: b.env\n", []),
        ("x:\n  env_file: ${CONFIG}/a.env\n  env_file: /etc/a.env\n", []),
        ("x:\n  env_file: ../outside.env\n  env_file: sub/../in.env\n", ["in.env"]),
        ("x:\n  env_file:\n  - ''\n  - .\n  - C:/a.env\n", []),
        ("env_file: [\n", []),
        ("a:\n  env_file: [\n    a.env,  # first\n    b.env\n  ]\n", ["a.env", "b.env"]),
    ],
)
def test_compose_env_files(text: str, expected: list[str]) -> None:
    assert compose.env_files(text) == expected


@pytest.mark.parametrize(
    ("patterns", "path", "excluded"),
    [
        (".env", ".env", True),
        (".env", "app/.env", False),  # no basename matching, unlike git
        ("**/.env", "app/.env", True),
        ("**/.env", ".env", True),
        ("*.env", "app/x.env", False),
        ("*/*.env", "app/x.env", True),
        ("app", "app/x.env", True),  # a parent folder excludes its content
        ("app/", "app/x.env", True),
        ("./app/../.env", ".env", True),
        ("/.env", ".env", True),
        ("app/**", "app/deep/x.env", True),
        ("a?p/x.env", "app/x.env", True),
        ("[a-c]pp/x.env", "app/x.env", True),
        ("[^a]pp/x.env", "app/x.env", False),
        ("\\*.env", "*.env", True),
        ("\\*.env", "x.env", False),
        (".env\n!.env", ".env", False),
        ("!.env\n.env", ".env", True),
        ("*\n!app", "app/x.env", False),
        ("# .env", ".env", False),
        ("  .env  ", ".env", True),
        ("\ufeff.env", ".env", True),
        ("[", ".env", False),
    ],
)
def test_dockerignore_matching(patterns: str, path: str, excluded: bool) -> None:
    assert dockerignore.excludes(dockerignore.parse(patterns), path) is excluded


@pytest.mark.parametrize(
    "name",
    [".env", ".env.local", "secrets.env", "PROD.ENV", ".env.production", "config.env"],
)
def test_env_file_names(name: str) -> None:
    assert is_env_file_name(name)


@pytest.mark.parametrize(
    "name",
    [".env.example", ".env.template", ".env.sample", "example.env", ".envrc", "env", "a.envx"],
)
def test_not_env_file_names(name: str) -> None:
    assert not is_env_file_name(name)


@pytest.mark.parametrize(
    ("name", "decoy"),
    [
        ("#notes.env", "notes.env"),
        ("!bang.env", "bang.env"),
        ("a[1].env", "a1.env"),
        ("star*.env", "starX.env"),
        ("q?.env", "qX.env"),
        ("back\\slash.env", "backslash.env"),
        ("trailing.env ", "trailing.env"),
        ("sp ace/", "sp/"),
        ("dir[x]/", "dirx/"),
    ],
)
def test_fix_lines_match_exactly_their_path(tmp_path: Path, name: str, decoy: str) -> None:
    """git judges: the written line ignores the path and nothing that merely resembles it."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    (tmp_path / ".gitignore").write_text(gitignore_line(name) + "\n")

    def ignored(path: str) -> bool:
        command = ["git", "check-ignore", "--no-index", "-q", path]
        return subprocess.run(command, cwd=tmp_path, env=env, check=False).returncode == 0

    assert ignored(name)
    assert not ignored(decoy)
