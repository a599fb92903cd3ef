"""The ``gitignore`` hook on real repositories, with git itself as the judge."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest

from repro_hooks.cli import main
from repro_hooks.hooks.gitignore.check import check_repository
from repro_hooks.hooks.gitignore.rules import RULES

pytestmark = pytest.mark.usefixtures("isolated_git")


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)


def make_repo(root: Path, files: dict[str, bytes | str] | None = None) -> Path:
    """A fresh repository holding ``files``; a name ending in ``/`` makes a virtualenv."""
    root.mkdir(parents=True, exist_ok=True)
    assert git(root, "init", "-q").returncode == 0
    for name, content in (files or {}).items():
        if name.endswith("/"):
            make_virtualenv(root / name)
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


def make_virtualenv(folder: Path) -> None:
    """What ``python -m venv`` leaves that matters here: pyvenv.cfg and some files."""
    (folder / "bin").mkdir(parents=True, exist_ok=True)
    (folder / "lib" / "site-packages").mkdir(parents=True, exist_ok=True)
    (folder / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (folder / "bin" / "python").write_text("#!/bin/sh\n")
    (folder / "lib" / "site-packages" / "six.py").write_text("")


def stage(root: Path, *paths: str) -> None:
    assert git(root, "add", "-f", "--", *paths).returncode == 0


def codes(root: Path, required: tuple[str, ...] = (".env", "venv/")) -> set[tuple[str, str]]:
    return {(f.path, f.code) for f in check_repository(root, required)}


def run_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], root: Path, *args: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    status = main(["gitignore", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# --- git is the judge ------------------------------------------------------------------

# (ignore files, the path the hook is asked about, what git answers). The expected
# verdict is written down too, so a judge that always says the same thing fails.
IGNORE_CASES: list[tuple[dict[str, bytes], str, bool]] = [
    ({".gitignore": b".env\n"}, ".env", True),
    ({".gitignore": b"/.env\n"}, ".env", True),
    ({".gitignore": b"*.env\n"}, ".env", True),
    ({".gitignore": b".env*\n"}, ".env", True),
    ({".gitignore": b".e?v\n"}, ".env", True),
    ({".gitignore": b".[ef]nv\n"}, ".env", True),
    ({".gitignore": b".[!e]nv\n"}, ".env", False),
    ({".gitignore": b"**/.env\n"}, ".env", True),
    ({".gitignore": b"sub/.env\n"}, ".env", False),
    ({".gitignore": b".env/\n"}, ".env", False),
    ({".gitignore": b".env\n!.env\n"}, ".env", False),
    ({".gitignore": b"!.env\n.env\n"}, ".env", True),
    ({".gitignore": b"*\n!.env\n"}, ".env", False),
    ({".gitignore": b"#.env\n"}, ".env", False),
    ({".gitignore": b"\\#.env\n"}, ".env", False),
    ({".gitignore": b".env   \n"}, ".env", True),
    ({".gitignore": b".env\\ \n"}, ".env", False),
    ({".gitignore": b".env\t\n"}, ".env", False),
    ({".gitignore": b"\\.env\n"}, ".env", True),
    ({".gitignore": b".env\r\n"}, ".env", True),
    ({".gitignore": b"venv/\r\n.env"}, ".env", True),
    ({".gitignore": b"\xef\xbb\xbf.env\n"}, ".env", True),
    ({".gitignore": b"\xef\xbb\xbf# secrets\r\n.env\r\n"}, ".env", True),
    ({".gitignore": b".ENV\n"}, ".env", False),
    ({".gitignore": b"\xff\xfe junk \x00\n.env\n"}, ".env", True),
    ({"sub/.gitignore": b"/.env\n"}, ".env", False),
    ({".gitignore": b""}, ".env", False),
    ({".gitignore": b"venv\n"}, "venv/", True),
    ({".gitignore": b"venv/\n"}, "venv/", True),
    ({".gitignore": b"/venv/\n"}, "venv/", True),
    ({".gitignore": b"venv/*\n"}, "venv/", True),
    ({".gitignore": b"venv/**\n"}, "venv/", True),
    ({".gitignore": b"**/venv\n"}, "venv/", True),
    ({".gitignore": b"*venv*/\n"}, "venv/", True),
    ({".gitignore": b"venv/bin/\n"}, "venv/", False),
    ({".gitignore": b"venv/\n!venv/\n"}, "venv/", False),
    ({".gitignore": b"Venv/\n"}, "venv/", False),
    ({".gitignore": b"env/\n"}, "venv/", False),
    ({".gitignore": b"venv/\r\n"}, "venv/", True),
    ({".gitignore": b".venv\n"}, "notebooks/.venv/", True),
    ({".gitignore": b"/.venv/\n"}, "notebooks/.venv/", False),
    ({".gitignore": b"notebooks/**/.venv/\n"}, "notebooks/.venv/", True),
    ({"notebooks/.gitignore": b".venv/\n"}, "notebooks/.venv/", True),
    ({"notebooks/.gitignore": b"/.venv/\n"}, "notebooks/.venv/", True),
    ({"other/.gitignore": b".venv/\n"}, "notebooks/.venv/", False),
    ({".gitignore": b".venv/\n", "notebooks/.gitignore": b"!.venv/\n"}, "notebooks/.venv/", False),
    ({".gitignore": b"!.venv/\n", "notebooks/.gitignore": b".venv/\n"}, "notebooks/.venv/", True),
    (
        {".gitignore": b"notebooks/\n", "notebooks/.gitignore": b"!.venv/\n"},
        "notebooks/.venv/",
        True,
    ),
    ({".gitignore": b"*/\n!notebooks/\n"}, "notebooks/.venv/", True),
    ({".gitignore": b"/*/\n!/notebooks/\n"}, "notebooks/.venv/", False),
    ({".gitignore": b"notebooks/*\n!notebooks/.venv/\n"}, "notebooks/.venv/", False),
]


def _case_id(case: tuple[dict[str, bytes], str, bool]) -> str:
    files, path, _ = case
    return f"{path}|" + "|".join(f"{name}={content!r}" for name, content in files.items())


def git_would_commit(root: Path, path: str) -> bool:
    """Judge: does ``git add --all`` pick up ``path`` (or anything inside the folder)?"""
    listed = git(root, "-c", "core.quotePath=false", "add", "--dry-run", "--all").stdout
    added = [line.removeprefix("add '").removesuffix("'") for line in listed.splitlines()]
    if path.endswith("/"):
        return any(name.startswith(path) for name in added)
    return path in added


@pytest.mark.parametrize(
    ("files", "path", "expected"), IGNORE_CASES, ids=map(_case_id, IGNORE_CASES)
)
def test_verdict_is_gits(
    tmp_path: Path, files: dict[str, bytes], path: str, expected: bool
) -> None:
    root = make_repo(tmp_path / "repo", dict(files))
    required = (path,)
    hook_before = not any(f.path == path for f in check_repository(root, required))

    # Bring the path to life and ask git, then the hook again.
    if path.endswith("/"):
        make_virtualenv(root / path)
    else:
        (root / path).write_text("SECRET=1\n")
    judged = git(root, "check-ignore", "--no-index", "-q", path).returncode == 0
    hook_after = not any(f.path == path for f in check_repository(root, required))

    assert judged == expected
    assert judged == (not git_would_commit(root, path))
    assert hook_before == judged
    assert hook_after == judged


def test_personal_exclude_files_do_not_count(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {".env": "A=1\n", "venv/": b""})
    (root / ".git" / "info" / "exclude").write_text(".env\n")
    excludes = tmp_path / "my-global-ignore"
    excludes.write_text("venv/\n")
    assert git(root, "config", "core.excludesFile", str(excludes)).returncode == 0

    findings = {f.path: f for f in check_repository(root)}

    assert findings[".env"].code == "RH405"
    assert ".git/info/exclude (line 1: `.env`)" in findings[".env"].message
    assert "not shared" in findings[".env"].message
    assert findings["venv/"].code == "RH405"
    assert str(excludes) in findings["venv/"].message


def test_global_excludes_file_in_xdg_location_does_not_count(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    xdg_ignore = Path(os.environ["XDG_CONFIG_HOME"]) / "git" / "ignore"
    xdg_ignore.parent.mkdir(parents=True)
    xdg_ignore.write_text(".env\n")
    assert git(root, "check-ignore", "-q", ".env").returncode == 0  # git here: ignored

    assert (".env", "RH405") in codes(root)


def test_shared_rule_wins_over_personal_negation(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {".gitignore": ".env\nvenv/\n"})
    (root / ".git" / "info" / "exclude").write_text("!.env\n")

    assert codes(root) == set()


def test_negation_in_shared_file_is_not_hidden_by_personal_exclude(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {".gitignore": "venv/\n!.env\n"})
    (root / ".git" / "info" / "exclude").write_text(".env\n")

    assert codes(root) == {(".env", "RH401")}


def test_subfolder_of_repository_checks_the_whole_repository(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {"notebooks/a.py": ""})

    assert codes(root / "notebooks") == {(".env", "RH401"), ("venv/", "RH402")}


def test_runs_inside_a_git_hook_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hooks run under ``git commit``, which may export GIT_DIR, GIT_INDEX_FILE, and in a
    linked worktree GIT_COMMON_DIR; none may make info/exclude count."""
    root = make_repo(tmp_path / "repo", {".gitignore": "venv/\n"})
    (root / ".git" / "info" / "exclude").write_text(".env\n")
    monkeypatch.setenv("GIT_DIR", str(root / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(root / ".git" / "index"))
    monkeypatch.setenv("GIT_COMMON_DIR", str(root / ".git"))

    assert codes(root) == {(".env", "RH405")}


# --- virtualenvs ------------------------------------------------------------------------


def test_every_folder_holding_pyvenv_cfg_is_a_virtualenv(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "repo",
        {
            ".gitignore": ".env\nvenv/\n",
            ".venv/": b"",
            "env/": b"",
            "notebooks/.venv/": b"",
            "notebooks/data.csv": "a,b\n",
            "tools/pyvenv.cfg.example": "",
        },
    )
    make_virtualenv(root / "env" / "lib" / "nested")  # inside a virtualenv: not walked

    assert codes(root) == {
        (".venv/", "RH402"),
        ("env/", "RH402"),
        ("notebooks/.venv/", "RH402"),
    }


def test_nested_repositories_and_symlinks_are_not_walked(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {".gitignore": ".env\nvenv/\n"})
    make_repo(root / "vendor" / "lib", {".venv/": b""})
    (root / "loop").symlink_to(root)

    assert codes(root) == set()


def test_ignored_virtualenvs_pass(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "repo",
        {".gitignore": ".env\nvenv/\n.venv/\n", ".venv/": b"", "nb/.venv/": b"", "venv/": b""},
    )

    assert codes(root) == set()


# --- tracked files ----------------------------------------------------------------------


def run_suggested_command(root: Path, message: str) -> None:
    """Run the ``git rm ...`` command a finding suggests, exactly as written."""
    command = message.split("run `", 1)[1].split("`", 1)[0]
    assert command.startswith("git rm ")
    result = subprocess.run(shlex.split(command), cwd=root, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr


def test_tracked_env_files_and_the_exact_untrack_command(tmp_path: Path) -> None:
    files = {
        ".gitignore": ".env\nvenv/\n",
        ".env": "A=1\n",
        ".env.local": "A=1\n",
        "config/secrets.env": "A=1\n",
        "config/my secrets.env": "A=1\n",
        ".env.example": "A=\n",
        ".env.template": "A=\n",
        ".env.sample": "A=\n",
        "settings.environment": "",
        ".envrc": "",
    }
    root = make_repo(tmp_path / "repo", files)
    stage(root, *files)

    findings = check_repository(root)

    flagged = {f.path for f in findings if f.code == "RH403"}
    assert flagged == {".env", ".env.local", "config/secrets.env", "config/my secrets.env"}
    assert all(f.code == "RH403" for f in findings)
    for finding in findings:
        run_suggested_command(root, finding.message)
    assert codes(root) == set()
    assert (root / ".env").exists()  # untracked, not deleted


def test_tracked_virtualenv_is_one_finding_per_folder(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {".gitignore": ".env\n", "venv/": b"", "nb/.venv/": b""})
    stage(root, "venv", "nb/.venv")
    (root / ".gitignore").write_text(".env\nvenv/\n.venv/\n")

    findings = check_repository(root)

    assert [(f.path, f.code) for f in findings] == [("nb/.venv/", "RH404"), ("venv/", "RH404")]
    assert "3 files inside virtualenv `venv/`" in findings[1].message
    for finding in findings:
        run_suggested_command(root, finding.message)
    assert codes(root) == set()


def test_tracked_virtualenv_deleted_from_disk_is_still_found(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {".gitignore": ".env\nvenv/\n", "tools/.venv/": b""})
    stage(root, "tools/.venv")
    for path in sorted((root / "tools").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()

    assert codes(root) == {("tools/.venv/", "RH404"), ("tools/.venv/", "RH402")}


# --- Docker -----------------------------------------------------------------------------

COMPOSE = """\
services:
  web:
    env_file: ./web.env   # the web app
  worker:
    env_file:
      - config/worker.env
      - path: ./config/optional.env
        required: false
  db:
    image: postgres
    env_file: ["db.env"]
"""


def test_compose_env_files_must_not_be_tracked(tmp_path: Path) -> None:
    files = {".gitignore": ".env\nvenv/\n", "compose.yaml": COMPOSE, "web.env": "", "db.env": ""}
    files |= {"config/worker.env.txt": "", "config/optional.env": ""}
    root = make_repo(tmp_path / "repo", files)
    stage(root, *files)

    assert codes(root) == {
        ("web.env", "RH403"),
        ("db.env", "RH403"),
        ("config/optional.env", "RH403"),
    }


def test_compose_env_file_with_any_name_is_a_secret(tmp_path: Path) -> None:
    compose = "services:\n  app:\n    env_file:\n    - settings/prod.conf\n"
    files = {".gitignore": ".env\nvenv/\n", "docker-compose.yml": compose}
    files["settings/prod.conf"] = "A=1\n"
    root = make_repo(tmp_path / "repo", files)
    stage(root, *files)

    assert codes(root) == {("settings/prod.conf", "RH403")}


@pytest.mark.parametrize(
    ("dockerignore", "missing"),
    [
        (None, {".env", "web.env", "config/worker.env", "config/optional.env", "db.env"}),
        ("", {".env", "web.env", "config/worker.env", "config/optional.env", "db.env"}),
        (".env\n*.env\nconfig\n", set()),
        (".env\n**/*.env\n", set()),
        ("./.env/\n*.env\n**/config/*.env\n", set()),
        ("**/*.env\n!db.env\n", {"db.env"}),
        ("*.env\n", {"config/worker.env", "config/optional.env"}),
        (
            "# .env\n.git\n",
            {".env", "web.env", "config/worker.env", "config/optional.env", "db.env"},
        ),
        ("\ufeff*\n", set()),
        ("*\n!config\n", {"config/worker.env", "config/optional.env"}),
    ],
)
def test_dockerignore_must_exclude_env_files(
    tmp_path: Path, dockerignore: str | None, missing: set[str]
) -> None:
    files = {".gitignore": ".env\nvenv/\n", "Dockerfile": "FROM python\nCOPY . .\n"}
    files |= {"compose.yaml": COMPOSE, ".env.example": ""}
    if dockerignore is not None:
        files[".dockerignore"] = dockerignore
    root = make_repo(tmp_path / "repo", files)

    findings = [f for f in check_repository(root) if f.code == "RH406"]

    assert {f.path for f in findings} <= {".dockerignore"}
    named = {f.message.split("bake `", 1)[1].split("`", 1)[0] for f in findings}
    assert named == missing


def test_env_files_lying_around_must_be_dockerignored(tmp_path: Path) -> None:
    files = {".gitignore": ".env\nvenv/\n", "Dockerfile": "FROM python\n"}
    files |= {".dockerignore": ".env\n", "app/.env.local": "", "app/.env.sample": ""}
    root = make_repo(tmp_path / "repo", files)

    assert codes(root) == {(".dockerignore", "RH406")}


def test_no_dockerfile_no_dockerignore_needed(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {".gitignore": ".env\nvenv/\n", ".env": ""})

    assert codes(root) == set()


# --- the command line -------------------------------------------------------------------


def test_cli_reports_exact_lines_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path / "repo", {".env": "KEY=1\n"})
    stage(root, ".env")

    status, out, err = run_cli(monkeypatch, capsys, root)

    assert status == 1
    assert err == ""
    assert out.splitlines() == [
        ".env: RH401 `.env` is not ignored by the repository's .gitignore: add `.env` to "
        "the repository's .gitignore (or run `repro-hooks gitignore --fix`)",
        ".env: RH403 env file `.env` is tracked by git, and ignoring it does not untrack it: "
        "run `git rm --cached -- .env`, ignore it in .gitignore and rotate the secrets it held",
        "venv/: RH402 required folder `venv/` is not ignored by the repository's .gitignore: "
        "add `venv/` to the repository's .gitignore (or run `repro-hooks gitignore --fix`)",
        "Found 3 findings in 2 files (2 fixable with --fix).",
    ]


def test_cli_clean_repository_exits_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path / "repo", {".gitignore": ".env\nvenv/\n", ".env": "", "venv/": b""})

    assert run_cli(monkeypatch, capsys, root) == (0, "", "")
    assert run_cli(monkeypatch, capsys, root, "--format", "json") == (0, "[]\n", "")


def test_cli_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path / "repo", {".gitignore": "venv/\n"})

    status, out, _ = run_cli(monkeypatch, capsys, root, "--format", "json")

    assert status == 1
    [finding] = json.loads(out)
    assert finding == {
        "path": ".env",
        "cell": None,
        "line": None,
        "column": None,
        "code": "RH401",
        "message": finding["message"],
    }


def test_cli_outside_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "plain").mkdir()

    status, out, err = run_cli(monkeypatch, capsys, tmp_path / "plain")

    assert status == 1
    assert out.startswith(".: RH407 no git work tree to check (not a git repository")
    assert err == ""


def test_cli_inside_a_bare_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert git(tmp_path, "init", "-q", "--bare", "bare.git").returncode == 0

    status, out, _ = run_cli(monkeypatch, capsys, tmp_path / "bare.git")

    assert status == 1
    assert out.startswith(".: RH407 ")


def test_cli_repo_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_repo(tmp_path / "repo", {".gitignore": ".env\n"})

    status, out, _ = run_cli(monkeypatch, capsys, tmp_path, "--repo", "repo")

    assert (status, out.split(":")[0]) == (1, "venv/")


@pytest.mark.parametrize(
    "args",
    [
        ["--repo", "does-not-exist"],
        ["--require", "../outside"],
        ["--require", "/"],
        ["--require", ""],
        ["--format", "xml"],
    ],
)
def test_cli_usage_errors_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:
    root = make_repo(tmp_path / "repo")
    monkeypatch.chdir(root)

    try:
        status = main(["gitignore", *args])
    except SystemExit as exit_:  # argparse's own usage errors
        status = exit_.code
    captured = capsys.readouterr()

    assert status == 2
    assert captured.out == ""
    assert "Traceback" not in captured.err


def test_cli_require_replaces_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path / "repo", {".gitignore": ".env\n"})

    status, out, _ = run_cli(
        monkeypatch,
        capsys,
        root,
        "--require",
        ".env",
        "--require",
        "/.venv/",
        "--require",
        "x.json",
    )

    assert status == 1
    assert [line.split(" ")[:2] for line in out.splitlines()] == [
        [".venv/:", "RH402"],
        ["x.json:", "RH401"],
        ["Found", "2"],
    ]


# --- --fix ------------------------------------------------------------------------------


def fix(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], root: Path) -> int:
    return run_cli(monkeypatch, capsys, root, "--fix")[0]


def test_fix_creates_gitignore_and_is_idempotent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path / "repo", {".venv/": b"", "nb/my env/": b""})

    assert fix(monkeypatch, capsys, root) == 0
    first = (root / ".gitignore").read_bytes()
    assert fix(monkeypatch, capsys, root) == 0
    assert (root / ".gitignore").read_bytes() == first
    assert first == (
        b"# Added by repro-hooks gitignore: keep secrets and virtualenvs out of git\n"
        b".env\nvenv/\n.venv/\nnb/my env/\n"
    )
    for path in (".env", "venv/", ".venv/", "nb/my env/"):
        assert git(root, "check-ignore", "-q", path).returncode == 0


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b"a\r\nb\r\n", b"a\r\nb\r\n\r\n# H\r\n.env\r\nvenv/\r\n"),
        (b"a\r\nb", b"a\r\nb\r\n\r\n# H\r\n.env\r\nvenv/\r\n"),
        (b"a\nb", b"a\nb\n\n# H\n.env\nvenv/\n"),
        (b"\xef\xbb\xbfa\n", b"\xef\xbb\xbfa\n\n# H\n.env\nvenv/\n"),
        (b"\xef\xbb\xbf", b"\xef\xbb\xbf# H\n.env\nvenv/\n"),
        (b"\xef\xbb\xbfvenv/\r\n", b"\xef\xbb\xbfvenv/\r\n\r\n# H\r\n.env\r\n"),
        # A later `!.env` wins over the `.env` before it: the fix appends `.env` again.
        (b"caf\xe9/\n.env\n!.env\n", b"caf\xe9/\n.env\n!.env\n\n# H\n.env\nvenv/\n"),
    ],
)
def test_fix_preserves_bytes_and_line_endings(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    before: bytes,
    after: bytes,
) -> None:
    root = make_repo(tmp_path / "repo", {".gitignore": before})

    fix(monkeypatch, capsys, root)
    fixed = (root / ".gitignore").read_bytes()
    fix(monkeypatch, capsys, root)

    header = b"# Added by repro-hooks gitignore: keep secrets and virtualenvs out of git"
    assert fixed == after.replace(b"# H", header)
    assert (root / ".gitignore").read_bytes() == fixed


def test_fix_outdoes_a_later_negation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path / "repo", {".gitignore": ".env\n!.env\n"})

    status, out, err = run_cli(monkeypatch, capsys, root, "--fix")

    assert (status, out) == (0, "")
    assert err == "repro-hooks gitignore: added `.env`, `venv/` to .gitignore\n"


def test_fix_never_untracks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path / "repo", {".env": "A=1\n", "venv/": b""})
    stage(root, ".env", "venv")

    status, out, _ = run_cli(monkeypatch, capsys, root, "--fix")

    assert status == 1
    assert [line.split(" ")[:2] for line in out.splitlines()] == [
        [".env:", "RH403"],
        ["venv/:", "RH404"],
        ["Found", "2"],
    ]
    assert git(root, "ls-files", ".env").stdout == ".env\n"


def test_without_fix_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path / "repo", {"compose.yaml": COMPOSE, "Dockerfile": "", ".venv/": b""})
    before = sorted((p, p.stat().st_mtime_ns) for p in root.rglob("*") if ".git" not in p.parts)

    assert run_cli(monkeypatch, capsys, root)[0] == 1

    after = sorted((p, p.stat().st_mtime_ns) for p in root.rglob("*") if ".git" not in p.parts)
    assert after == before


def test_fix_reports_an_unwritable_gitignore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path / "repo")
    (root / ".gitignore").mkdir()

    status, out, err = run_cli(monkeypatch, capsys, root, "--fix")

    assert status == 1
    assert "could not fix .gitignore" in err
    *findings, summary = out.splitlines()
    assert {line.split(" ")[1] for line in findings} == {"RH401", "RH402"}
    assert summary == "Found 2 findings in 2 files (2 fixable with --fix)."


# --- whatever a user's repository holds -------------------------------------------------


@pytest.mark.parametrize(
    "files",
    [
        {".gitignore/x": b""},
        {".gitignore": b"\x00\x01\xff\xfe" * 100},
        {".dockerignore": b"\xff[\x00\n[z-a]\n\\", "Dockerfile": b""},
        {"compose.yaml": b"\xff\x00env_file: [\n  - {path: \n", "Dockerfile": b""},
        {"docker-compose.yml": b"env_file:\n- ''\n- '.'\n- /abs.env\n- ${X}.env\n"},
    ],
)
def test_odd_files_never_crash(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, bytes],
) -> None:
    root = make_repo(tmp_path / "repo", files)

    status, _, err = run_cli(monkeypatch, capsys, root)

    assert status == 1
    assert "Traceback" not in err


def test_undecodable_file_names_are_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path / "repo", {".gitignore": ".env\nvenv/\n"})
    name = os.fsdecode(b"caf\xe9.env")
    (root / name).write_text("A=1\n")
    stage(root, name)

    for output_format in ("text", "json"):
        status, out, _ = run_cli(monkeypatch, capsys, root, "--format", output_format)
        assert status == 1
        assert "caf\ufffd.env" in (out if output_format == "text" else json.loads(out)[0]["path"])


def test_every_code_emitted_is_documented() -> None:
    documented = [rule.code for rule in RULES]
    assert documented == [f"RH40{n}" for n in range(1, 8)]
    assert all(rule.what and rule.why and rule.example and rule.instead for rule in RULES)
    assert len({rule.name for rule in RULES}) == len(RULES)
