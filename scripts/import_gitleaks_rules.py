"""Rewrite the gitleaks part of ``repro_hooks/hooks/inline_secrets/providers.py``.

usage: python scripts/import_gitleaks_rules.py GITLEAKS_TOML COMMIT PROVIDERS_PY
       ruff format PROVIDERS_PY

gitleaks' ``config/gitleaks.toml`` (MIT License, Copyright (c) 2019 Zachary Rice) is used
as data: each rule's id, keywords, regex, entropy floor and allowlists become one
``TokenFormat`` record. Go RE2 syntax is converted to Python ``re``: a ``(?i)`` after the
start becomes a scoped ``(?i:...)`` over the rest of its group (each later alternative
scoped on its own, so alternation keeps its meaning), ``\\z`` becomes ``\\Z``, POSIX
classes become ranges, and the end of a token also allows the punctuation notebooks put
after one (``&`` in a URL query, ``,``, ``)``). Every converted regex is compiled with
warnings as errors. Rules the hook covers its own way, or that need a file path, are left
out (see ``_LEFT_OUT``). The rest of PROVIDERS_PY (the record types, the formats gitleaks
lacks) is kept as written: only the part between the BEGIN and END markers is rewritten.
"""

from __future__ import annotations

import itertools
import re
import sys
import warnings
from pathlib import Path
from typing import Any

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

# Rules a notebook check does not take from the catalogue, and why.
_LEFT_OUT = {
    "generic-api-key": "names are judged by the hook's own name and value rules",
    "pkcs12-file": "a file type, not text",
    "hashicorp-tf-password": "a password named as one is the hook's own named-secret rule",
    "kubernetes-secret-yaml": "base64 data in a YAML manifest file, by path",
}

_PROVIDERS = {
    "1password": "1Password",
    "adobe": "Adobe",
    "age": "age",
    "aws": "AWS",
    "azure": "Azure",
    "cisco": "Cisco Meraki",
    "clickhouse": "ClickHouse",
    "digitalocean": "DigitalOcean",
    "droneci": "Drone CI",
    "easypost": "EasyPost",
    "flyio": "fly.io",
    "freshbooks": "FreshBooks",
    "gcp": "Google Cloud",
    "github": "GitHub",
    "gitlab": "GitLab",
    "gocardless": "GoCardless",
    "hashicorp": "HashiCorp Terraform",
    "huggingface": "Hugging Face",
    "intra42": "42 Intra",
    "jfrog": "JFrog",
    "jwt": "JSON Web Token",
    "kucoin": "KuCoin",
    "launchdarkly": "LaunchDarkly",
    "linkedin": "LinkedIn",
    "maxmind": "MaxMind",
    "messagebird": "MessageBird",
    "microsoft": "Microsoft Teams",
    "new": "New Relic",
    "npm": "npm",
    "nuget": "NuGet",
    "nytimes": "New York Times",
    "octopus": "Octopus Deploy",
    "openai": "OpenAI",
    "openshift": "OpenShift",
    "planetscale": "PlanetScale",
    "privateai": "Private AI",
    "private": "private key",
    "pypi": "PyPI",
    "rapidapi": "RapidAPI",
    "rubygems": "RubyGems",
    "sendgrid": "SendGrid",
    "settlemint": "SettleMint",
    "sumologic": "Sumo Logic",
    "travisci": "Travis CI",
    "typeform": "Typeform",
    "curl": "curl",
}

# Keywords a format's own values hold, where gitleaks' keywords are only names found near
# them: without one, the pre-filter could never let the value through on its own.
_EXTRA_KEYWORDS = {
    "airtable-personnal-access-token": ("pat",),
    "facebook-access-token": ("|",),
}

# The environment variable a --fix names the secret after when the code gives no name.
_ENV_NAMES = {
    "aws-access-token": "AWS_ACCESS_KEY_ID",
    "gcp-api-key": "GOOGLE_API_KEY",
    "github-pat": "GITHUB_TOKEN",
    "github-fine-grained-pat": "GITHUB_TOKEN",
    "github-oauth": "GITHUB_TOKEN",
    "github-app-token": "GITHUB_TOKEN",
    "huggingface-access-token": "HF_TOKEN",
    "huggingface-organization-api-token": "HF_TOKEN",
    "gitlab-pat": "GITLAB_TOKEN",
    "anthropic-api-key": "ANTHROPIC_API_KEY",
    "cohere-api-token": "CO_API_KEY",
    "slack-webhook-url": "SLACK_WEBHOOK_URL",
    "microsoft-teams-webhook": "TEAMS_WEBHOOK_URL",
    "private-key": "PRIVATE_KEY",
    "jwt": "JWT",
}


def _group_end(pattern: str, start: int) -> int:
    """Index of the ``)`` closing the group that holds ``start`` (or the pattern's end)."""
    depth, index, in_class = 0, start, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern.startswith("[]", index) or pattern.startswith("[^]", index):
                index += 2 if pattern[index + 1] == "]" else 3
                continue
        elif char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return index
            depth -= 1
        index += 1
    return len(pattern)


def _top_level_bars(pattern: str, start: int, end: int) -> list[int]:
    bars, depth, index, in_class = [], 0, start, False
    while index < end:
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            bars.append(index)
        index += 1
    return bars


def _scope_flags(pattern: str) -> str:
    """Go's ``X(?i)Y|Z`` (flag to the group's end) as Python's ``X(?i:Y)|(?i:Z)``."""
    while True:
        index = pattern.find("(?i)", 1)
        if index < 0:
            return pattern
        body_start = index + 4
        end = _group_end(pattern, body_start)
        cuts = [body_start, *(_top_level_bars(pattern, body_start, end)), end]
        parts = [pattern[a + (a != body_start) : b] for a, b in itertools.pairwise(cuts)]
        scoped = "|".join(f"(?i:{part})" for part in parts)
        pattern = pattern[:index] + scoped + pattern[end:]


# gitleaks' end of a token: a quote, a space or ``;``. Notebooks also end one with ``&``
# (a URL query), ``,`` ``)`` ``]`` ``}`` ``>`` ``|`` or a full stop: each still ends the
# token where the format says it ends.
_SUFFIX = "(?:[\\x60'\"\\s;]|\\\\[nr]|$)"
_NOTEBOOK_SUFFIX = "(?:[\\x60'\"\\s;,&)\\]}>|]|\\.(?!\\w)|\\\\[nr]|$)"


def _repeated_groups_uncaptured(pattern: str) -> str:
    """``([a-z0-9]{4}-){3}`` -> ``(?:[a-z0-9]{4}-){3}``: a repeated group captures only its
    last repetition, never the secret, and would be taken for it (the first group)."""
    index = 0
    while (index := pattern.find("(", index)) >= 0:
        escaped = index > 0 and pattern[index - 1] == "\\"
        if not escaped and not pattern.startswith("(?", index):
            end = _group_end(pattern, index + 1)
            if end < len(pattern) - 1 and pattern[end + 1] in "{*+?":
                pattern = pattern[: index + 1] + "?:" + pattern[index + 1 :]
        index += 1
    return pattern


def go_to_python(pattern: str) -> str:
    pattern = _scope_flags(pattern).replace(_SUFFIX, _NOTEBOOK_SUFFIX)
    pattern = _repeated_groups_uncaptured(pattern)
    pattern = pattern.replace("\\z", "\\Z")
    pattern = pattern.replace("[[:alnum:]]", "[A-Za-z0-9]").replace("[:alnum:]", "A-Za-z0-9")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        re.compile(pattern, re.ASCII)
    return pattern


def _literal(text: str) -> str:
    """Source text for ``text``: a raw string when one can hold it."""
    for quote in ('"', "'", '"""', "'''"):
        if quote not in text and not text.endswith(("\\", quote[0])) and "\n" not in text:
            return f"r{quote}{text}{quote}"
    return repr(text)


def _provider(rule_id: str) -> str:
    first = rule_id.split("-")[0]
    return _PROVIDERS.get(first, first.capitalize())


def _allows(rule: dict[str, object]) -> list[str]:
    out = []
    for allow in rule.get("allowlists", []):  # type: ignore[union-attr]
        if allow.get("paths") or allow.get("commits"):
            continue  # file- or commit-bound: nothing a notebook cell can meet
        regexes = tuple(go_to_python(r) for r in allow.get("regexes", []))
        stopwords = tuple(allow.get("stopwords", []))
        target = allow.get("regexTarget", "secret")
        out.append(f'Allow({_literal_tuple(regexes)}, "{target}", {_literal_tuple(stopwords)})')
    return out


def _literal_tuple(items: tuple[str, ...]) -> str:
    if not items:
        return "()"
    return "(" + ", ".join(_literal(item) for item in items) + ",)"


def generated_block(config: dict[str, Any], commit: str) -> str:
    """The catalogue's gitleaks part: one ``TokenFormat(...)`` per rule, and the global
    allowlist."""
    lines = [
        BEGIN,
        f"# gitleaks config/gitleaks.toml at commit {commit} (MIT License,",
        "# Copyright (c) 2019 Zachary Rice), converted by scripts/import_gitleaks_rules.py.",
        "_GITLEAKS: tuple[TokenFormat, ...] = (",
    ]
    for rule in config["rules"]:
        if rule["id"] in _LEFT_OUT:
            continue
        named = rule["regex"].startswith(("(?i)[\\w.-]{0,50}?", "[\\w.-]{0,50}?"))
        fields = [
            f'"{rule["id"]}"',
            f'"{_provider(rule["id"])}"',
            _literal_tuple((*rule["keywords"], *_EXTRA_KEYWORDS.get(rule["id"], ()))),
            _literal(go_to_python(rule["regex"])),
        ]
        if rule.get("entropy"):
            fields.append(f"entropy={rule['entropy']}")
        if rule.get("secretGroup"):
            fields.append(f"secret_group={rule['secretGroup']}")
        if named:
            fields.append("needs_name=True")
        allows = _allows(rule)
        if allows:
            fields.append("allow=(" + ", ".join(allows) + ",)")
        if rule["id"] in _ENV_NAMES:
            fields.append(f'env_name="{_ENV_NAMES[rule["id"]]}"')
        lines += ["    TokenFormat(", *(f"        {field}," for field in fields), "    ),"]
    lines.append(")")
    allow = config["allowlist"]
    regexes = tuple(go_to_python(r) for r in allow["regexes"])
    lines += [
        "# gitleaks' global allowlist: values no format reports.",
        f'_GITLEAKS_ALLOW = Allow({_literal_tuple(regexes)}, "secret", '
        f"{_literal_tuple(tuple(allow['stopwords']))})",
        END,
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    toml_path, commit, target = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    with open(toml_path, "rb") as handle:
        config = tomllib.load(handle)
    text = target.read_text()
    before, rest = text.split(BEGIN + "\n", 1)
    after = rest.split(END + "\n", 1)[1]
    target.write_text(before + generated_block(config, commit) + after)
    return 0


BEGIN = "# -- begin: generated from gitleaks' rules"
END = "# -- end: generated from gitleaks' rules"


if __name__ == "__main__":
    sys.exit(main())
