"""``inline-secrets``: keys, tokens and passwords in code, magics, shell escapes and
notebook outputs (RH2xx)."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Sequence

from repro_hooks.core.config import HookConfig, regex_list
from repro_hooks.engine.hook import Hook, SourceCheck
from repro_hooks.hooks.inline_secrets.rules import RULES


def configured_check(config: HookConfig) -> SourceCheck:
    """The check with the project's settings."""
    from repro_hooks.hooks.inline_secrets.check import SecretSettings, check_source

    settings = SecretSettings(config.options.get("extra-placeholders", ()))
    return functools.partial(check_source, settings=settings)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fix",
        action="store_true",
        help="move each secret written in a string literal into the repository's .env "
        '(the code reads os.environ["NAME"]; .env is git-ignored; load_dotenv() is added)',
    )


def fix(paths: Sequence[str], config: HookConfig) -> None:
    """``--fix``: move what can be moved; the files are checked afterwards as they are."""
    from repro_hooks.hooks.inline_secrets.check import SecretSettings
    from repro_hooks.hooks.inline_secrets.fix import fix_paths

    fix_paths(paths, SecretSettings(config.options.get("extra-placeholders", ())))


HOOK = Hook(
    id="inline-secrets",
    prefix="RH2",
    summary="block keys, tokens and passwords in code, magics, shell escapes and outputs (RH2xx)",
    rules=RULES,
    scope="sources",
    options={"extra-placeholders": regex_list},  # values that are never secrets
    types=("python", "jupyter"),
    make_check=configured_check,
    fix=fix,
    add_arguments=add_arguments,
)
