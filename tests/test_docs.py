"""Every hook id is in the README and the hook manifest; every code has its doc."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from repro_hooks.cli import main
from repro_hooks.core.rule import SUITE_RULES
from repro_hooks.output.explain import anchor
from repro_hooks.registry import HOOK_PACKAGES, all_rules, hook, hooks

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("hook_id", HOOK_PACKAGES)
def test_hook_id_in_readme_and_manifest(hook_id):
    assert f"`{hook_id}`" in (ROOT / "README.md").read_text()
    assert f"- id: {hook_id}\n" in (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert (ROOT / "docs" / "hooks" / f"{hook_id}.md").is_file()


@pytest.mark.parametrize("hook_id", HOOK_PACKAGES)
def test_every_hook_declares_rules_under_its_own_prefix(hook_id):
    record = hook(hook_id)
    assert re.fullmatch(r"RH[1-8]", record.prefix)
    assert record.rules
    assert all(rule.code.startswith(record.prefix) for rule in record.rules)


def test_prefixes_are_unique():
    prefixes = [record.prefix for record in hooks()]
    assert len(set(prefixes)) == len(prefixes)


def test_manifest_is_the_registry():
    """.pre-commit-hooks.yaml says what each record says: the entry, which files,
    whether it is passed file names, and that it gets them all in one process."""
    import yaml

    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [entry["id"] for entry in manifest] == list(HOOK_PACKAGES)
    for entry in manifest:
        record = hook(entry["id"])
        assert entry["entry"] == f"repro-hooks {record.id}"
        assert entry["language"] == "python"
        assert tuple(entry.get("types_or", ())) == record.types
        assert entry.get("files") == record.files
        assert entry.get("pass_filenames", True) == record.pass_filenames
        assert entry.get("always_run", False) == (not record.pass_filenames)
        assert entry.get("require_serial", False) == record.require_serial


@pytest.mark.parametrize("rule", all_rules().values(), ids=lambda rule: rule.code)
def test_every_rule_is_documented(rule):
    assert re.fullmatch(r"RH\d{3}", rule.code)
    assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name)
    assert all([rule.what, rule.why, rule.example, rule.instead])


def test_codes_and_names_are_unique():
    rules = [*SUITE_RULES] + [rule for record in hooks() for rule in record.rules]
    assert len({rule.code for rule in rules}) == len(rules) == len(all_rules())
    assert len({rule.name for rule in rules}) == len(rules)


def test_rules_md_is_generated(capsys):
    assert main(["explain", "--all"]) == 0
    generated = capsys.readouterr().out
    on_disk = (ROOT / "docs" / "rules.md").read_text()
    assert on_disk == generated, "docs/rules.md is not what the code generates: run `make docs`"


HOOK_PAGES = [f"docs/hooks/{hook_id}.md" for hook_id in HOOK_PACKAGES]


@pytest.mark.parametrize("page", ["README.md", *HOOK_PAGES])
def test_links_into_rules_md_resolve(page):
    rules_md = (ROOT / "docs" / "rules.md").read_text()
    anchors = {anchor(heading) for heading in re.findall(r"^#+ (.*)$", rules_md, re.MULTILINE)}
    links = re.findall(r"\]\((?:\.\./|docs/)rules\.md(?:#([^)]*))?\)", (ROOT / page).read_text())
    assert links, f"{page} does not link to docs/rules.md"
    assert {fragment for fragment in links if fragment} <= anchors


def _readme_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)


def test_readme_configuration_example_is_valid(tmp_path: Path) -> None:
    from repro_hooks.core.config import load_config
    from repro_hooks.registry import schemas, suite_codes

    (block,) = [b for b in _readme_blocks("toml") if "[tool.repro-hooks]" in b]
    (tmp_path / "pyproject.toml").write_text(block)
    config = load_config(schemas(), suite_codes(), start=tmp_path)
    assert config.hook("absolute-paths").options["extra-roots"] == ("/srv/lab", "L:\\shared")
    assert not config.hook("gitignore").codes.allows("RH106")  # top-level disable
    assert config.hook("inline-secrets").excludes(str(tmp_path / "notebooks/scratch/a.ipynb"))


def test_readme_precommit_snippet_pins_a_commit_that_has_every_hook() -> None:
    """The snippet claims only what a clone has: a commit (no tag), whose manifest holds
    every hook it lists, and the same commit in the README's pip lines."""
    import subprocess

    import yaml

    from repro_hooks import __version__

    (snippet,) = [b for b in _readme_blocks("yaml") if "rev:" in b]
    (repo,) = yaml.safe_load(textwrap.dedent(snippet))["repos"]
    assert [hook["id"] for hook in repo["hooks"]] == list(HOOK_PACKAGES)
    rev = repo["rev"]
    assert re.fullmatch(r"[0-9a-f]{40}", rev)
    readme = (ROOT / "README.md").read_text()
    assert f"version\n   {__version__}" in readme or f"version {__version__}" in readme
    assert readme.count("repro-hooks@") == readme.count(f"repro-hooks@{rev}")
    shown = subprocess.run(
        ["git", "show", f"{rev}:.pre-commit-hooks.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if shown.returncode != 0:  # a shallow clone, or not a clone: the history is not here
        pytest.skip("the pinned commit is not in this clone's history")
    pinned = [entry["id"] for entry in yaml.safe_load(shown.stdout)]
    assert pinned == list(HOOK_PACKAGES)


@pytest.mark.parametrize("hook_id", HOOK_PACKAGES)
def test_every_configuration_key_is_documented(hook_id: str) -> None:
    readme = (ROOT / "README.md").read_text()
    page = (ROOT / "docs" / "hooks" / f"{hook_id}.md").read_text()
    for key in hook(hook_id).options:
        assert f"`{key}`" in readme
        assert f"{key} = " in page


def test_readme_lists_every_code_as_the_code_says() -> None:
    """Every code a hook can report is findable from the README (`make docs` writes the
    list)."""
    import importlib.util

    script = ROOT / "scripts" / "readme_codes.py"
    spec = importlib.util.spec_from_file_location("readme_codes", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (ROOT / "README.md").read_text()
    assert module.with_codes(readme) == readme, "README's list of codes is stale: run `make docs`"
    for code in all_rules():
        assert f"[{code}](docs/rules.md#" in readme


def test_readme_quickstart_shows_what_make_demo_prints() -> None:
    """The blocked commit in the quickstart is the example project's: each hook's lines
    (findings and count) are exactly what the demo prints for it, and a hook the demo
    sees pass is shown passing."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    demo = subprocess.run(
        ["bash", str(ROOT / "scripts" / "demo.sh")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    ).stdout
    printed = {
        match[1]: (match[2].rstrip("\n").split("\n") if match[2] else [], match[3])
        for match in re.finditer(
            r"^\$ repro-hooks (\S+)[^\n]*\n(.*?)\(exit (\d)\)\n", demo, re.MULTILINE | re.DOTALL
        )
    }
    (block,) = [b for b in _readme_blocks("console") if "git commit" in b]
    shown = textwrap.dedent(block)
    import yaml

    names = {
        e["id"]: e["name"] for e in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    }
    for hook_id in HOOK_PACKAGES:
        lines, status = printed[hook_id]
        if status == "0":
            assert re.search(rf"^{re.escape(names[hook_id])}\.+Passed$", shown, re.MULTILINE)
            assert f"- hook id: {hook_id}\n" not in shown
            continue
        part = shown.split(f"- hook id: {hook_id}\n- exit code: 1\n\n", 1)[1].split("\n\n")[0]
        assert part.rstrip("\n").split("\n") == lines, hook_id
