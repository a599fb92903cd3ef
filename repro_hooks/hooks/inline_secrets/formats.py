"""Known credential formats: detect-secrets' regexes plus the ones it lacks.

A format is recognised by its shape alone (``ghp_`` and 36 characters, a PEM private-key
header), so a match is a finding wherever it appears, outputs included. The cheap
:data:`CANDIDATE` pattern runs first on every text; detect-secrets is imported only when
it matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

PRIVATE_KEY = "private key"

# One literal prefix (or marker) per format below: text without any holds no known token.
# A prefix common in words (``single-``, ``task-``, ``shelf_``) takes the characters its
# formats demand after it, so ordinary code never imports detect-secrets. Every alternative
# starts with a character, which lets the scan skip ahead (no ``\b`` first).
# tests/test_prefilters.py holds this to every format.
CANDIDATE = re.compile(
    r"A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA|gh[pousr]_|github_pat_|gl[a-z]{1,6}-[\w-]{20}|GR1348941"
    r"|xox[aboprs]-|hooks\.slack\.com|[rs]k_(?:live|test)_|sk-[\w-]{20}|hf_[A-Za-z0-9]{30}"
    r"|AIza|eyJ|PRIVATE KEY"
    r"|PuTTY-User-Key|SG\.|pypi-|sq0csp-|AccountKey=|_authToken"
    r"|[AS](?<!\w[AS])[CK][a-z0-9]{32}"  # \b[AS][CK]..., written to start with a letter
    r"|[Bb]earer\s"
)


# A private-key header counts only with key material after it, not ``MIIE...``.
_KEY_BODY = re.compile(r"[\s\S]{0,200}?[A-Za-z0-9+/]{40}")


@dataclass(frozen=True)
class KnownToken:
    """A credential of a known format at ``start`` (an offset into the scanned text)."""

    kind: str
    value: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.value)


@dataclass(frozen=True)
class _Format:
    kind: str
    pattern: re.Pattern[str]
    must_look_random: bool = False


# Formats detect-secrets does not know, or knows too narrowly (``sk_test_``, new OpenAI keys).
_OWN_FORMATS = (
    _Format("Hugging Face token", re.compile(r"\bhf_[A-Za-z0-9]{30,}")),
    _Format("Google API key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}")),
    _Format("GitHub fine-grained token", re.compile(r"\bgithub_pat_\w{60,}")),
    _Format("Stripe test key", re.compile(r"\b[rs]k_test_[0-9A-Za-z]{24,}")),
    _Format("API secret key (sk-...)", re.compile(r"\bsk-[\w\-]{32,}"), must_look_random=True),
    _Format(
        "bearer token",
        re.compile(r"(?<=[Bb]earer )[A-Za-z0-9\-._~+/]{20,}=*"),
        must_look_random=True,
    ),
)

# detect-secrets plugins whose regexes identify a token by shape alone. Left out: the AWS
# secret-key and Artifactory regexes (they read the surrounding line, which
# ``context`` does better), Discord (no fixed prefix) and basic-auth URLs (see ``urls``).
_PLUGINS = (
    ("aws", "AWSKeyDetector", 1),
    ("github_token", "GitHubTokenDetector", None),
    ("gitlab_token", "GitLabTokenDetector", None),
    ("slack", "SlackDetector", None),
    ("stripe", "StripeDetector", None),
    ("openai", "OpenAIDetector", None),
    ("jwt", "JwtTokenDetector", None),
    ("private_key", "PrivateKeyDetector", None),
    ("sendgrid", "SendGridDetector", None),
    ("pypi_token", "PypiTokenDetector", None),
    ("square_oauth", "SquareOAuthDetector", None),
    ("azure_storage_key", "AzureStorageKeyDetector", None),
    ("npm", "NpmDetector", None),
    ("twilio", "TwilioKeyDetector", None),
    ("mailchimp", "MailchimpDetector", None),
)


@cache
def _formats() -> tuple[_Format, ...]:
    """detect-secrets' formats (imported on first need: it costs ~0.1 s), then ours."""
    import importlib

    formats: list[_Format] = []
    for module_name, class_name, keep in _PLUGINS:
        plugin = getattr(
            importlib.import_module(f"detect_secrets.plugins.{module_name}"), class_name
        )
        kind = PRIVATE_KEY if class_name == "PrivateKeyDetector" else plugin.secret_type
        patterns = list(plugin.denylist)[:keep]
        formats += [_Format(kind, pattern) for pattern in patterns]
    return (*formats, *_OWN_FORMATS)


def looks_random(value: str) -> bool:
    """Letters and digits mixed the way generated tokens are, not words joined by dashes."""
    classes = sum(
        any(test(char) for char in value) for test in (str.islower, str.isupper, str.isdigit)
    )
    return classes >= 2 and max(map(len, re.split(r"[-_.]", value))) >= 12


def known_tokens(text: str) -> Iterator[KnownToken]:
    """Every known-format token in ``text``, leftmost first, overlaps dropped."""
    if not CANDIDATE.search(text):
        return
    found: list[KnownToken] = []
    for token_format in _formats():
        for match in token_format.pattern.finditer(text):
            value = match[0]
            if token_format.must_look_random and not looks_random(value):
                continue
            if token_format.kind == "JSON Web Token" and not _is_jwt(value):
                continue
            if token_format.kind == PRIVATE_KEY and not _KEY_BODY.match(text, match.end()):
                continue
            found.append(KnownToken(token_format.kind, value, match.start()))
    end = -1
    for token in sorted(found, key=lambda token: (token.start, -len(token.value))):
        if token.start >= end:
            end = token.end
            yield token


def _is_jwt(value: str) -> bool:
    from detect_secrets.plugins.jwt import JwtTokenDetector

    return JwtTokenDetector.is_formally_valid(value)
