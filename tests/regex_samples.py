"""Strings that match a regular expression, drawn with a given ``random.Random``: the
one generator of sample secrets for the tests and the evaluation benchmark. It reads the
syntax token formats are written in (classes, repeats, groups, alternation)."""

from __future__ import annotations

import random

try:
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_parse  # type: ignore[no-redef]

_ALPHABET = [chr(c) for c in range(33, 127)]
_WORD = [c for c in _ALPHABET if c.isalnum()]


def generate(pattern: str, rng: random.Random) -> str:
    """A string matching ``pattern`` (Go's simple syntax: classes, repeats, groups)."""
    return _emit(sre_parse.parse(pattern), rng)


def _emit(items: object, rng: random.Random) -> str:
    out = []
    items = list(items)  # type: ignore[call-overload]
    for index, (op, arg) in enumerate(items):
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append(rng.choice([c for c in _ALPHABET if ord(c) != arg]))
        elif name == "ANY":
            # between two literals, the dot a host name meant (``hooks.slack.com``)
            neighbours = items[index - 1 : index + 2 : 2] if index else []
            literal = [str(n[0]) for n in neighbours] == ["LITERAL", "LITERAL"]
            out.append("." if literal else rng.choice(_WORD))
        elif name == "IN":
            out.append(rng.choice(_class_chars(arg)))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = arg
            high = low + 8 if high > 10_000 else high
            out += [_emit(body, rng) for _ in range(rng.randint(low, high))]
        elif name == "SUBPATTERN":
            out.append(_emit(arg[-1], rng))
        elif name == "BRANCH":
            out.append(_emit(rng.choice(arg[1]), rng))
        elif name == "CATEGORY":
            out.append(rng.choice(_category_chars(str(arg))))
    return "".join(out)


def _category_chars(category: str) -> list[str]:
    digits = [c for c in _ALPHABET if c.isdigit()]
    word = [c for c in _ALPHABET if c.isalnum() or c == "_"]
    chosen = {
        "CATEGORY_DIGIT": digits,
        "CATEGORY_NOT_DIGIT": [c for c in _ALPHABET if not c.isdigit()],
        "CATEGORY_WORD": word,
        "CATEGORY_NOT_WORD": [c for c in _ALPHABET if c not in word],
        "CATEGORY_SPACE": [" "],
        "CATEGORY_NOT_SPACE": _ALPHABET,
    }
    return chosen.get(category, _ALPHABET)


def _class_chars(items: list[tuple[object, object]]) -> list[str]:
    chars: list[str] = []
    negate = False
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            chars.append(chr(arg))  # type: ignore[arg-type]
        elif name == "RANGE":
            low, high = arg  # type: ignore[misc]
            chars += [chr(c) for c in range(low, high + 1)]
        elif name == "CATEGORY":
            chars += _category_chars(str(arg))
    if negate:
        return [c for c in _ALPHABET if c not in chars]
    return chars
