"""Show a secret without revealing it: every message prints the masked form only.

One rule for every hook: a credential the suite finds, and a password in a URL quoted from
a user's file (a requirement line, an index URL), come out as a few leading characters and
a length. :func:`redact` applies the rule to a whole message; the output layer runs every
message through it, so text quoted from a user's file (a requirement line, a URL, a
suppression comment, a path) cannot carry a credential out whole, whichever hook quotes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from repro_hooks.core.lazy import LazyRegex

SHOWN_AT_MOST = 4
# ``scheme://user:password@host``; the password group stops at the first ``@`` after it.
URL_CREDENTIAL = LazyRegex(r"[a-z][a-z0-9+.-]*://[^\s/:@'\"]+:(?P<password>[^\s/@'\"]+)@", re.I)
# ``scheme://token@host``: a user part this long is a token, not a login name.
_URL_TOKEN = LazyRegex(r"[a-z][a-z0-9+.-]*://(?P<password>[^\s/:@'\"]{16,})@", re.I)
# Credentials recognised by their shape alone (a fixed prefix and a length); the
# inline-secrets hook finds more, judging context and randomness, this is what every
# message masks.
TOKEN_SHAPES = LazyRegex(
    r"gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}"
    r"|gl(?:pat|dt|ptt|rt|cbt|soat|ft|imt|agent)-[\w-]{20,}"
    r"|(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}"
    r"|xox[aboprs]-[\w-]{10,}|sk-[\w-]{20,}|[rs]k_(?:live|test)_[0-9A-Za-z]{20,}"
    r"|hf_[A-Za-z0-9]{30,}|AIza[\w-]{35}|pypi-AgE[\w-]{50,}|npm_[A-Za-z0-9]{36}"
    r"|SG\.[\w-]{22}\.[\w-]{43}|eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}"
)

# Where a TOKEN_SHAPES match can be, found from a rare character of its fixed prefix, so the
# scan skips to it at C speed (tests/test_prefilters.py holds it to TOKEN_SHAPES).
_SHAPE_MARK = LazyRegex(
    r"_(?:(?<=gh[pousr]_)|(?<=github_pat_)|(?<=k_live_)|(?<=k_test_)|(?<=hf_)|(?<=npm_))"
    r"|-(?:(?<=gl[a-z]{2}-)|(?<=gl[a-z]{3}-)|(?<=gl[a-z]{4}-)|(?<=gl[a-z]{5}-)"
    r"|(?<=xox[aboprs]-)|(?<=sk-)|(?<=pypi-))"
    r"|A(?=3T|KIA|SIA|BIA|CCA|Iza)|\.(?<=SG\.)|J(?<=eyJ)"
)


def mask(value: str) -> str:
    """``'ghp_…' (40 characters)``: a few leading characters, never more than a quarter of
    the value, so a short password is not half given away."""
    shown = value[: min(SHOWN_AT_MOST, len(value) // 4)]
    printable = "".join(char if char.isprintable() else "?" for char in shown)
    return f"'{printable}…' ({len(value)} characters)"


def url_passwords(text: str) -> Iterator[re.Match[str]]:
    """Every ``scheme://user:password@`` in ``text``; the match's ``password`` group.
    (The regex tries nearly every position: most texts are ruled out by two look-ups.)"""
    if "://" not in text or "@" not in text:
        return iter(())
    return URL_CREDENTIAL.finditer(text)


def mask_url_passwords(text: str) -> str:
    """``text`` with the password of every URL in it masked (``${ENV}`` references kept:
    they are not secrets)."""

    def masked(match: re.Match[str]) -> str:
        return match[0] if match["password"].startswith("${") else _masked_group(match, "password")

    return URL_CREDENTIAL.sub(masked, text)


def redact(text: str) -> str:
    """``text`` with every credential in it masked: URL passwords, tokens standing as a
    URL's user part, and tokens of a known shape anywhere."""
    if "://" in text:
        text = mask_url_passwords(text)
        text = _URL_TOKEN.sub(lambda match: _masked_group(match, "password"), text)
    if _SHAPE_MARK.search(text) is None:
        return text  # most messages: TOKEN_SHAPES would try every position for nothing
    return TOKEN_SHAPES.sub(lambda match: mask(match[0]), text)


def _masked_group(match: re.Match[str], group: str) -> str:
    start, end = match.span(group)
    whole = match[0]
    return whole[: start - match.start()] + mask(match[group]) + whole[end - match.start() :]
