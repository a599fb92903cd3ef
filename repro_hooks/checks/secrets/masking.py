"""Show a secret without revealing it: every finding prints the masked form only."""

from __future__ import annotations

SHOWN_AT_MOST = 4


def mask(value: str) -> str:
    """``'ghp_…' (40 characters)``: a few leading characters, never more than a quarter of
    the value, so a short password is not half given away."""
    shown = value[: min(SHOWN_AT_MOST, len(value) // 4)]
    printable = "".join(char if char.isprintable() else "?" for char in shown)
    return f"'{printable}…' ({len(value)} characters)"
