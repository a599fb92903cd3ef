"""Generated repository states for the ``gitignore`` hook and ``check``: ``.gitignore`` lines
git does or does not honour (a leading space, a later ``!.env``, CR line ends, form feed,
NEL, U+2028), symlinked ``.gitignore`` and virtualenvs, names with spaces, newlines and a
leading dash, no commits, Docker files. ``--fix`` must never write outside the work tree
or through a link, must say when git still does not ignore what it added, and must change
nothing the second time."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from generators import Planted, secret
from harness import (
    FORMATS,
    assert_no_secret,
    assert_output_well_formed,
    assert_sound,
    budget,
    findings,
    run_cli,
    snapshot,
)
from hypothesis import given
from hypothesis import strategies as st

GITIGNORE_LINES = (
    ".env",
    " .env",
    ".env ",
    "!.env",
    "\\!.env",
    "/.env",
    ".env\x0c",
    ".env\x85",
    ".env\u2028",
    "*.env",
    "#.env",
    "venv/",
    "venv",
    "!venv/",
    ".venv/",
    "**/",
    "*",
    "!*",
    "[",
    "\\",
    "# Added by repro-hooks gitignore: keep secrets and virtualenvs out of git",
)
NAMES = ("plain", "a b", "-dash", "new\nline", "ü", "tab\there", "back\\slash", "*star", "#hash")


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


@st.composite
def repository(draw: st.DrawFn, planted: Planted) -> dict:
    lines = draw(st.lists(st.sampled_from(GITIGNORE_LINES), max_size=6))
    return {
        "gitignore": lines,
        "line_end": draw(st.sampled_from(["\n", "\r\n", "\r"])),
        "bom": draw(st.booleans()),
        "final_newline": draw(st.booleans()),
        "gitignore_kind": draw(
            st.sampled_from(["file", "file", "none", "link-outside", "broken-link", "link-inside"])
        ),
        "env_names": draw(st.lists(st.sampled_from(NAMES), max_size=2, unique=True)),
        "venvs": draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["venv", ".venv", "env", *NAMES]),
                    st.sampled_from(["real", "link"]),
                ),
                max_size=2,
                unique_by=lambda pair: pair[0],
            )
        ),
        "commit": draw(st.booleans()),
        "track": draw(st.booleans()),
        "docker": draw(st.sampled_from(["none", "dockerfile", "both", "link"])),
        "layout": draw(st.sampled_from(["plain", "plain", "worktree", "submodule", "sparse"])),
        "secret": draw(secret(planted)),
    }


IDENTITY = ("-c", "user.name=t", "-c", "user.email=t@example.com")


def lay_out(folder: Path, root: Path, state: dict) -> Path:
    """The repository in a linked worktree, with a submodule, or sparsely checked out;
    the work tree to run the commands in."""
    layout = state["layout"]
    if layout == "worktree":
        git(root, *IDENTITY, "commit", "-qm", "base", "--allow-empty")
        git(root, "worktree", "add", "-q", str(folder / "linked"))
        (folder / "linked" / ".env").write_text(f"TOKEN={state['secret']}\n")
        return folder / "linked"
    if layout == "submodule":
        library = folder / "library"
        library.mkdir()
        git(library, "init", "-q", "-b", "main")
        (library / "lib.py").write_text("x = 1\n")
        git(library, "add", "lib.py")
        git(library, *IDENTITY, "commit", "-qm", "lib")
        allow = ("-c", "protocol.file.allow=always")
        git(root, *allow, "submodule", "add", "-q", "--force", str(library), "lib")
        (root / "lib" / ".env").write_text(f"TOKEN={state['secret']}\n")
    elif layout == "sparse":
        for name in ("a/x.py", "b/y.py"):
            (root / name).parent.mkdir(exist_ok=True)
            (root / name).write_text("x = 1\n")
        git(root, "add", "-f", "a/x.py", "b/y.py")
        git(root, *IDENTITY, "commit", "-qm", "sparse")
        git(root, "sparse-checkout", "set", "a")
    return root


def build(folder: Path, outside: Path, state: dict) -> Path:
    root = folder / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    text = state["line_end"].join(state["gitignore"])
    if state["final_newline"] and text:
        text += state["line_end"]
    data = (b"\xef\xbb\xbf" if state["bom"] else b"") + text.encode("utf-8")
    kind = state["gitignore_kind"]
    if kind == "file":
        (root / ".gitignore").write_bytes(data)
    elif kind == "link-outside":
        (outside / "shared-ignore").write_bytes(data)
        (root / ".gitignore").symlink_to(outside / "shared-ignore")
    elif kind == "broken-link":
        (root / ".gitignore").symlink_to(outside / "absent")
    elif kind == "link-inside":
        (root / "ignore-rules").write_bytes(data)
        (root / ".gitignore").symlink_to("ignore-rules")
    (root / ".env").write_text(f"TOKEN={state['secret']}\n")
    for name in state["env_names"]:
        (root / f"{name}.env").write_text(f"KEY={state['secret']}\n")
    for name, how in state["venvs"]:
        if how == "real":
            (root / name / "bin").mkdir(parents=True)
            (root / name / "pyvenv.cfg").write_text("home = /usr/bin\n")
        else:
            target = outside / f"venv-{len(list(outside.iterdir()))}"
            target.mkdir()
            (target / "pyvenv.cfg").write_text("home = /usr/bin\n")
            (root / name).symlink_to(target, target_is_directory=True)
    if state["docker"] != "none":
        (root / "Dockerfile").write_text("FROM python:3.11\nCOPY . .\n")
    if state["docker"] == "both":
        (root / ".dockerignore").write_text(".git\n")
    if state["docker"] == "link":
        (outside / "dockerignore").write_text(".git\n")
        (root / ".dockerignore").symlink_to(outside / "dockerignore")
    (root / "analysis.py").write_text("x = 1\n")
    if state["track"]:
        git(root, "add", "-f", "--", ".env", *[f"{name}.env" for name in state["env_names"]])
    git(root, "add", "-f", "analysis.py")
    if state["commit"]:
        git(root, *IDENTITY, "commit", "-qm", "x")
    return lay_out(folder, root, state)


@pytest.mark.usefixtures("isolated_git")
@budget(20)
@given(data=st.data())
def test_repository_states(data: st.DataObject) -> None:
    planted = Planted()
    state = data.draw(repository(planted), "repository")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        outside = folder / "outside"
        outside.mkdir()
        root = build(folder, outside, state)
        before, outside_before = snapshot(root, skip=[".git"]), snapshot(outside)
        for output_format in FORMATS:
            for argv in (
                ["gitignore", "--format", output_format],
                ["check", "--format", output_format],
            ):
                run = run_cli(argv, root)
                assert_sound(run)
                assert_no_secret(run, planted.secrets)
                assert_output_well_formed(run, output_format)
        assert snapshot(root, skip=[".git"]).changed(before) == [], "changed without --fix"

        fixed = run_cli(["gitignore", "--fix", "--format", "json"], root)
        assert_sound(fixed)
        assert snapshot(outside).changed(outside_before) == [], "--fix wrote outside the work tree"
        for link in (".gitignore", ".dockerignore"):
            if before.entries.get(link, ("",))[0] == "link":
                assert os.path.islink(root / link), f"--fix replaced the link {link}"
                assert snapshot(root, skip=[".git"]).entries.get(link) == before.entries[link]
        still = [f for f in findings(fixed) if f["code"] in ("RH401", "RH402")]
        if still:
            assert "still" in fixed.err or "not fixing" in fixed.err, (
                f"--fix left {still} and did not say so\n{fixed.describe()}"
            )
        after_fix = snapshot(root, skip=[".git"])
        again = run_cli(["gitignore", "--fix", "--format", "json"], root)
        assert_sound(again)
        assert snapshot(root, skip=[".git"]).changed(after_fix) == [], (
            "a second --fix changed files"
        )
        assert findings(again) == findings(fixed)
