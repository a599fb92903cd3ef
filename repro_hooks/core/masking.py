"""Show a secret without revealing it: every message prints the masked form only.

One rule for every hook: a credential the suite finds, and a password in a URL quoted from
a user's file (a requirement line, an index URL), come out as a few leading characters and
a length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

SHOWN_AT_MOST = 4
# ``scheme://user:password@host``; the password group stops at the first ``@`` after it.
URL_CREDENTIAL = re.compile(r"[a-z][a-z0-9+.-]*://[^\s/:@'\"]+:(?P<password>[^\s/@'\"]+)@", re.I)


def mask(value: str) -> str:
    """``'ghp_…' (40 characters)``: a few leading characters, never more than a quarter of
    the value, so a short password is not half given away."""
    shown = value[: min(SHOWN_AT_MOST, len(value) // 4)]
    printable = "".join(char if char.isprintable() else "?" for char in shown)
    return f"'{printable}…' ({len(value)} characters)"


def url_passwords(text: str) -> Iterator[re.Match[str]]:
    """Every ``scheme://user:password@`` in ``text``; the match's ``password`` group."""
    return URL_CREDENTIAL.finditer(text)


def mask_url_passwords(text: str) -> str:
    """``text`` with the password of every URL in it masked (``${ENV}`` references kept:
    they are not secrets)."""

    def masked(match: re.Match[str]) -> str:
        password = match["password"]
        if password.startswith("${"):
            return match[0]
        start, end = match.span("password")
        whole = match[0]
        return whole[: start - match.start()] + mask(password) + whole[end - match.start() :]

    return URL_CREDENTIAL.sub(masked, text)
