"""Regressions: repository states that made the ``gitignore`` hook crash or give a wrong
verdict, and ``--fix`` runs that wrote outside the work tree, through a link, did not
take, or were not idempotent. Everything runs real git."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from fuzz.harness import Run, run_cli, snapshot

pytestmark = pytest.mark.usefixtures("isolated_git")

HEADER = "# Added by repro-hooks gitignore: keep secrets and virtualenvs out of git"
FIX = "(or run `repro-hooks gitignore --fix`)"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def repository(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    for name, content in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def virtualenv(folder: Path) -> Path:
    (folder / "bin").mkdir(parents=True)
    (folder / "pyvenv.cfg").write_text("home = /usr/bin\n")
    return folder


def commit(root: Path, *paths: str) -> None:
    git(root, "add", "-f", "--", *paths)
    git(root, "commit", "-qm", "x")


def gitignore(root: Path, *args: str) -> Run:
    run = run_cli(["gitignore", "--quiet", *args], root)
    assert run.error is None and run.status in (0, 1), run.describe()
    return run


def env_not_ignored(path: str = ".env") -> str:
    line = f"add `{path}` to the repository's .gitignore {FIX}"
    return f"{path}: RH401 `{path}` is not ignored by the repository's .gitignore: {line}\n"


def venv_not_ignored(path: str = "venv/", what: str = "required folder") -> str:
    remedy = f"add `{path}` to the repository's .gitignore {FIX}"
    return (
        f"{path}: RH402 {what} `{path}` is not ignored by the repository's .gitignore: {remedy}\n"
    )


def ignored(root: Path, *paths: str) -> bool:
    """Whether git ignores every one of ``paths``."""
    done = subprocess.run(
        ["git", "check-ignore", "--no-index", "--", *paths], cwd=root, capture_output=True
    )
    return done.stdout.decode().splitlines() == list(paths)


# -- --fix and links ------------------------------------------------------------------------
@pytest.mark.parametrize("target", ["outside/shared-ignore", "outside/absent"])
def test_fix_never_writes_through_a_symlinked_gitignore(tmp_path: Path, target: str) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "shared-ignore").write_text("*.log\n")
    root = repository(tmp_path / "repo")
    (root / ".gitignore").symlink_to(tmp_path / target)
    outside = snapshot(tmp_path / "outside")

    run = gitignore(root, "--fix")

    assert snapshot(tmp_path / "outside").changed(outside) == []
    assert os.readlink(root / ".gitignore") == str(tmp_path / target)
    assert run.status == 1
    assert run.out == env_not_ignored() + venv_not_ignored()
    assert run.err == (
        "repro-hooks gitignore: not fixing .gitignore: it is a symbolic link, and git does "
        "not read a .gitignore that is a link; replace it with a file holding its lines, "
        "then run --fix again\n"
    )


def test_fix_never_writes_through_a_symlinked_dockerignore(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "dockerignore").write_text(".git\n")
    root = repository(tmp_path / "repo", {".gitignore": ".env\nvenv/\n", "Dockerfile": "FROM x\n"})
    (root / ".env").write_text("A=1\n")
    (root / ".dockerignore").symlink_to(tmp_path / "outside" / "dockerignore")

    run = gitignore(root, "--fix")

    assert (tmp_path / "outside" / "dockerignore").read_text() == ".git\n"
    assert run.err == (
        "repro-hooks gitignore: not fixing .dockerignore: it is a symbolic link; replace it "
        "with a file holding its lines, then run --fix again\n"
    )


# -- --fix where git does not honour what the file seems to say ----------------------------
FIX_CASES = [
    (b" .env\nvenv/\n", b" .env\nvenv/\n\n" + HEADER.encode() + b"\n.env\n"),
    (b".env\n!.env\nvenv/\n", b".env\n!.env\nvenv/\n\n" + HEADER.encode() + b"\n.env\n"),
    (b"venv/\r.env\r", b"venv/\r.env\r\n\n" + HEADER.encode() + b"\n.env\nvenv/\n"),
    (b".env\x0c\nvenv/\n", b".env\x0c\nvenv/\n\n" + HEADER.encode() + b"\n.env\n"),
    (".env\x85\nvenv/\n".encode(), ".env\x85\nvenv/\n\n".encode() + HEADER.encode() + b"\n.env\n"),
    (
        ".env\u2028\r\nvenv/\r\n".encode(),
        ".env\u2028\r\nvenv/\r\n\r\n".encode() + HEADER.encode() + b"\r\n.env\r\n",
    ),
]


@pytest.mark.parametrize(("before", "after"), FIX_CASES)
def test_fix_appends_what_git_does_not_honour(tmp_path: Path, before: bytes, after: bytes) -> None:
    root = repository(tmp_path / "repo", {".gitignore": before, ".env": "A=1\n"})

    first = gitignore(root, "--fix")
    fixed = (root / ".gitignore").read_bytes()
    second = gitignore(root, "--fix")

    assert fixed == after
    assert (root / ".gitignore").read_bytes() == fixed
    assert (first.status, first.out, second.status, second.out, second.err) == (0, "", 0, "", "")
    assert ignored(root, ".env", "venv/")


def test_fix_says_so_when_git_still_does_not_ignore(tmp_path: Path) -> None:
    """A ``!.env`` in a nested .gitignore cannot be outdone from the root one."""
    root = repository(tmp_path / "repo", {"sub/.gitignore": "!.env\n", "sub/.env": "A=1\n"})

    first = gitignore(root, "--fix", "--require", "sub/.env")
    fixed = (root / ".gitignore").read_bytes()
    second = gitignore(root, "--fix", "--require", "sub/.env")

    assert fixed == (HEADER + "\nsub/.env\n").encode()
    assert (root / ".gitignore").read_bytes() == fixed
    assert first.out == second.out == env_not_ignored("sub/.env")
    assert first.err == (
        "repro-hooks gitignore: added `sub/.env` to .gitignore, but git still does not "
        "ignore `sub/.env` (sub/.gitignore line 1: `!.env` decides); remove that line\n"
    )
    assert second.err == (
        "repro-hooks gitignore: git still does not ignore `sub/.env` (sub/.gitignore line 1: "
        "`!.env` decides); remove that line\n"
    )


def test_fix_writes_atomically_and_keeps_the_mode(tmp_path: Path) -> None:
    root = repository(tmp_path / "repo", {".gitignore": "*.log\n"})
    (root / ".gitignore").chmod(0o640)
    inode = (root / ".gitignore").stat().st_ino

    gitignore(root, "--fix")

    info = (root / ".gitignore").stat()
    assert (info.st_mode & 0o777, info.st_ino != inode) == (0o640, True)
    assert sorted(path.name for path in root.iterdir()) == [".git", ".gitignore"]


def test_a_newline_in_a_virtualenv_name(tmp_path: Path) -> None:
    root = repository(tmp_path / "repo", {".gitignore": ".env\nvenv/\n", "new": "a file\n"})
    virtualenv(root / "my\nvenv")

    first = gitignore(root, "--fix")
    fixed = (root / ".gitignore").read_bytes()
    second = gitignore(root, "--fix")

    assert fixed == b".env\nvenv/\n\n" + HEADER.encode() + b"\n/my?venv/\n"
    assert (root / ".gitignore").read_bytes() == fixed
    assert (first.status, first.out, second.status, second.out) == (0, "", 0, "")
    assert first.err == (
        "repro-hooks gitignore: added `/my?venv/` to .gitignore (`?` stands for the line "
        "break in the name, which a .gitignore line cannot hold)\n"
    )
    assert not ignored(root, "new")


# -- .dockerignore is fixed too --------------------------------------------------------------
def test_fix_also_fixes_dockerignore(tmp_path: Path) -> None:
    root = repository(
        tmp_path / "repo",
        {
            ".gitignore": ".env\nvenv/\n",
            "Dockerfile": "FROM x\nCOPY . .\n",
            ".dockerignore": ".git\r\n",
        },
    )
    (root / ".env").write_text("A=1\n")
    (root / "secrets.env").write_text("A=1\n")

    first = gitignore(root, "--fix")
    fixed = (root / ".dockerignore").read_bytes()
    second = gitignore(root, "--fix")

    assert fixed == (
        b".git\r\n\r\n# Added by repro-hooks gitignore: keep secrets out of Docker images\r\n"
        b".env\r\nsecrets.env\r\n"
    )
    assert (root / ".dockerignore").read_bytes() == fixed
    assert (first.status, first.out, second.out) == (0, "", "")
    assert first.err == "repro-hooks gitignore: added `.env`, `secrets.env` to .dockerignore\n"


def test_fix_creates_a_missing_dockerignore(tmp_path: Path) -> None:
    root = repository(tmp_path / "repo", {".gitignore": ".env\nvenv/\n", "Dockerfile": "FROM x\n"})
    (root / ".env").write_text("A=1\n")

    assert gitignore(root, "--fix").status == 0
    assert (root / ".dockerignore").read_text() == (
        "# Added by repro-hooks gitignore: keep secrets out of Docker images\n.env\n"
    )


# -- verdicts in odd repository states --------------------------------------------------------
def test_a_symlinked_virtualenv_is_a_finding_not_a_missing_work_tree(tmp_path: Path) -> None:
    real = virtualenv(tmp_path / "elsewhere" / "venv")
    root = repository(tmp_path / "repo", {".env": "A=1\n"})
    (root / "venv").symlink_to(real, target_is_directory=True)

    run = gitignore(root)

    assert run.status == 1
    assert run.out == env_not_ignored() + (
        "venv: RH402 required folder `venv/` is a symbolic link here, which a `venv/` line "
        f"does not ignore: add `venv` to the repository's .gitignore {FIX}\n"
    )
    fixed = gitignore(root, "--fix")
    assert (fixed.status, fixed.out) == (0, "")
    assert (root / ".gitignore").read_text() == f"{HEADER}\n.env\nvenv\n"


def test_no_commits_yet(tmp_path: Path) -> None:
    root = repository(tmp_path / "repo", {".env": "A=1\n"})
    run = gitignore(root)
    assert run.out == env_not_ignored() + venv_not_ignored()


def test_names_with_spaces_newlines_and_a_leading_dash(tmp_path: Path) -> None:
    root = repository(tmp_path / "repo", {".gitignore": ".env\nvenv/\n"})
    for name in ("a b.env", "new\nline.env", "-x.env"):
        (root / name).write_text("A=1\n")
    commit(root, "a b.env", "new\nline.env", "-x.env")

    run = gitignore(root, "--format", "json")

    assert [(f["path"], f["code"]) for f in json.loads(run.stdout)] == [
        ("-x.env", "RH403"),
        ("a b.env", "RH403"),
        ("new\nline.env", "RH403"),
    ]
    text = gitignore(root).out.split("\n")
    assert text[0].startswith("-x.env: RH403 ")
    assert "`git rm --cached -- -x.env`" in text[0]
    assert "`git rm --cached -- 'a b.env'`" in text[1]
    assert text[2].startswith("new\\nline.env: RH403 ")
    assert "`git rm --cached -- $'new\\nline.env'`" in text[2]


def test_from_a_linked_worktree(tmp_path: Path) -> None:
    root = repository(tmp_path / "repo", {".gitignore": "venv/\n"})
    commit(root, ".gitignore")
    git(root, "worktree", "add", "-q", str(tmp_path / "linked"))
    (tmp_path / "linked" / ".env").write_text("A=1\n")

    run = gitignore(tmp_path / "linked")

    assert (run.status, run.out) == (1, env_not_ignored())


def test_inside_a_submodule_and_from_its_superproject(tmp_path: Path) -> None:
    library = repository(tmp_path / "library", {".gitignore": "venv/\n"})
    commit(library, ".gitignore")
    root = repository(tmp_path / "repo", {".gitignore": ".env\nvenv/\n"})
    git(root, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(library), "lib")
    (root / "lib" / ".env").write_text("A=1\n")

    inside = gitignore(root / "lib")
    outside = gitignore(root)
    checked = run_cli(["check", "--quiet"], root)

    assert (inside.status, inside.out) == (1, env_not_ignored())
    assert (outside.status, outside.out) == (0, "")
    assert (checked.error, checked.status, checked.out) == (None, 0, "")


def test_a_sparse_checkout(tmp_path: Path) -> None:
    root = repository(tmp_path / "repo", {".gitignore": "venv/\n", "a/x.py": "", "b/y.py": ""})
    commit(root, ".gitignore", "a/x.py", "b/y.py")
    git(root, "sparse-checkout", "set", "a")
    (root / ".env").write_text("A=1\n")

    run = gitignore(root)
    checked = run_cli(["check", "--quiet"], root)

    assert (run.status, run.out) == (1, env_not_ignored())
    assert (checked.error, checked.status, checked.out) == (None, 1, env_not_ignored())


def test_a_file_hook_given_a_name_with_a_leading_dash(tmp_path: Path) -> None:
    """pre-commit passes staged names as they are, with no ``--`` before them."""
    (tmp_path / "-x.py").write_text("p = '/home/ana/d.csv'\n")
    run = run_cli(["absolute-paths", "-x.py"], tmp_path)
    assert (run.status, run.out[:22]) == (1, "-x.py:1:5: RH101 home "), run.describe()


def test_the_untrack_command_works_as_given_for_any_name(tmp_path: Path) -> None:
    """The ``git rm --cached`` command in RH403, pasted into bash, untracks that file:
    spaces, a leading dash, a line break, a quote, a byte that is not UTF-8."""
    root = repository(tmp_path / "repo", {".gitignore": ".env\nvenv/\n"})
    names = [b"a b.env", b"-x.env", b"new\nline.env", b"it's.env", b"caf\xe9.env"]
    for name in names:
        (root / os.fsdecode(name)).write_bytes(b"A=1\n")
    commit(root, *(os.fsdecode(name) for name in names))

    for finding in json.loads(gitignore(root, "--format", "json").stdout):
        command = finding["message"].split("run `", 1)[1].split("`", 1)[0]
        subprocess.run(["bash", "-c", command], cwd=root, check=True, capture_output=True)

    assert git(root, "ls-files", "-z") == ""
