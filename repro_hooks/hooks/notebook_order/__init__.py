"""``notebook-order``: a committed notebook was run top to bottom in one fresh kernel
(RH6xx), judged from its saved execution counts and outputs, without a kernel."""

from __future__ import annotations

from repro_hooks.core.config import HookConfig
from repro_hooks.engine.hook import Hook, SourceCheck
from repro_hooks.hooks.notebook_order.rules import RULES


def make_check(config: HookConfig) -> SourceCheck:
    """The check (it has no settings of its own: ``disable`` and ``exclude`` are shared)."""
    from repro_hooks.hooks.notebook_order.check import check_source

    return check_source


def example_file(text: str) -> tuple[str, str]:
    """A rule example, written as Jupyter shows cells (``In [3]:``), as a notebook."""
    from repro_hooks.hooks.notebook_order.examples import example_notebook

    return example_notebook(text)


HOOK = Hook(
    id="notebook-order",
    prefix="RH6",
    summary="block notebooks whose saved results are not one top-to-bottom run (RH6xx)",
    rules=RULES,
    scope="sources",
    types=("jupyter",),
    make_check=make_check,
    example_file=example_file,
)
