"""``inline-secrets``: keys, tokens and passwords in code, magics, shell escapes and
notebook outputs (RH2xx)."""

from __future__ import annotations

import functools

from repro_hooks.core.config import HookConfig, regex_list
from repro_hooks.engine.hook import Hook, SourceCheck
from repro_hooks.hooks.inline_secrets.rules import RULES


def configured_check(config: HookConfig) -> SourceCheck:
    """The check with the project's settings."""
    from repro_hooks.hooks.inline_secrets.check import SecretSettings, check_source

    settings = SecretSettings(config.options.get("extra-placeholders", ()))
    return functools.partial(check_source, settings=settings)


HOOK = Hook(
    id="inline-secrets",
    prefix="RH2",
    summary="block keys, tokens and passwords in code, magics, shell escapes and outputs (RH2xx)",
    rules=RULES,
    scope="sources",
    options={"extra-placeholders": regex_list},  # values that are never secrets
    types=("python", "jupyter"),
    make_check=configured_check,
)
