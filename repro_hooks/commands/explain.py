"""``repro-hooks explain CODE|NAME|--all``: the rule docs of every hook in the registry."""

from __future__ import annotations

from repro_hooks.output.explain import explain as render_explanation
from repro_hooks.output.explain import render_contents
from repro_hooks.registry import all_rules, rule_hooks


def explain(query: str | None) -> str:
    """One rule's docs (by code or name), or every rule as one page when ``query`` is None."""
    return render_explanation(query, all_rules(), rule_hooks())


def codes_table(page: str) -> str:
    """Every code as a table linking into ``page`` (the README's list of codes)."""
    return render_contents(all_rules().values(), rule_hooks(), page)
