"""Structure-aware generators: notebooks and Python sources built from the constructs the
hooks look at (code, magics, shell escapes, ``x = !cmd``, help syntax, suppressions,
paths, secrets), joined by odd line ends, with wrong JSON types for any notebook field,
and mutations of existing notebooks.

Every secret the generators plant is returned beside the files, so an oracle can check
that none is printed whole. Secrets are planted between delimiters (quotes, spaces,
``/``, ``=``, ``@``, ``:``) as they are written in real code, never glued to other
letters.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

ALNUM = string.ascii_letters + string.digits
UPPER = string.ascii_uppercase + string.digits
# Line ends a notebook or file can hold; only the first three break a line for Jupyter.
LINE_ENDS = ("\n", "\r\n", "\r", "\x85", "\u2028", "\x0c\n", "\x0b\n", "\n\n")
# Text that is hard to carry: lone surrogates (from JSON escapes), controls, bidi, NUL.
ODD_TEXT = (
    *("\ud800", "\udfff", "\x00", "\x1b[31m", "\u202e", "\ufeff"),
    *("é", "\U0001d4b3", "\t", "\\"),
)


@dataclass
class Planted:
    """Secrets written into the generated files (each must never be printed whole)."""

    secrets: list[str] = field(default_factory=list)


def _token(alphabet: str, size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=size, max_size=size)


# Known credential formats: what the suite's masking rule must recognise wherever it is quoted.
SECRETS: st.SearchStrategy[str] = st.one_of(
    _token(ALNUM, 36).map(lambda body: "ghp_" + body),
    _token(ALNUM, 40).map(lambda body: "github_pat_11" + body),
    _token(UPPER, 16).map(lambda body: "AKIA" + body),
    _token(ALNUM, 48).map(lambda body: "sk-proj-" + body),
    _token(ALNUM, 24).map(lambda body: "xoxb-1234567890-" + body),
    _token(ALNUM, 20).map(lambda body: "glpat-" + body),
)


@st.composite
def secret(draw: st.DrawFn, planted: Planted) -> str:
    value = draw(SECRETS)
    planted.secrets.append(value)
    return value


@st.composite
def url_with_credentials(draw: st.DrawFn, planted: Planted) -> str:
    """``https://user:SECRET@host/...`` or ``https://SECRET@host/...``."""
    value = draw(secret(planted))
    user = draw(st.sampled_from(["", "oauth2:", "ana:", "x-access-token:"]))
    host = draw(st.sampled_from(["github.com", "gitlab.example.com", "pypi.internal"]))
    return f"https://{user}{value}@{host}/team/repo.git"


@st.composite
def path(draw: st.DrawFn, planted: Planted) -> str:
    """A path, often machine-specific, sometimes with odd characters or a secret in it."""
    root = draw(
        st.sampled_from(
            [
                "/home/michael/",
                "/Users/ana/",
                "C:\\Users\\ana\\",
                "/content/drive/MyDrive/",
                "/mnt/data/",
                "data/",
                "../",
                "~/",
                "/",
                "",
            ]
        )
    )
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(["x.csv", "proj", "a b", "-dash", "über", "💾", "..", "."]),
                st.sampled_from(ODD_TEXT),
                st.text(min_size=1, max_size=8),
                secret(planted),
            ),
            max_size=4,
        )
    )
    return root + "/".join(parts)


def _quoted(text: str, quote: str) -> str:
    escaped = text.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return f"{quote}{escaped}{quote}"


@st.composite
def suppression(draw: st.DrawFn, planted: Planted) -> str:
    codes = draw(
        st.lists(
            st.one_of(
                st.sampled_from(["RH101", "RH201", "RH001", "RH999", "rh104", "", " ", "X"]),
                st.sampled_from(ODD_TEXT),
                secret(planted),
            ),
            max_size=6,
        )
    )
    spelled = draw(st.sampled_from(["# repro: ignore", "#repro:ignore", "# REPRO: IGNORE"]))
    if draw(st.booleans()):
        return spelled
    return f"{spelled}[{', '.join(codes)}]"


@st.composite
def code_line(draw: st.DrawFn, planted: Planted) -> str:
    """One line (or a few) of code, magic, escape or text, at the start of a statement."""
    value = draw(path(planted))
    quoted = _quoted(value, draw(st.sampled_from(["'", '"'])))
    key = draw(secret(planted))
    url = draw(url_with_credentials(planted))
    name = draw(st.sampled_from(["x", "df", "files", "os.path", "_", "λ"]))
    choices = [
        f"{name} = {quoted}",
        f"df = pd.read_csv({quoted})",
        f"open({quoted}).read()",
        f"api_key = '{key}'",
        f'os.environ["TOKEN"] = "{key}"',
        f'client = Client(url="{url}")',
        f"!cp {value} .",
        f"!!ls {value}",
        f"{name} = !ls {value}",
        f"{name} = %sx ls {value}",
        f"%cd {value}",
        f"%env TOKEN={key}",
        f"%pip install git+{url}",
        f"%run {value}",
        f"{name}?",
        f"{name}??",
        f"?{name}",
        ":foo",
        ": x",
        "%",
        "!",
        "%%",
        "x = \\",
        "\\",
        "def f():\n    return " + quoted,
        "if x:\n    pass\nelse:\n    y = " + quoted,
        "class C:\n    p = " + quoted,
        f"s = ('''{value}\n''')",
        f'f"{{{name}}}/{key}"',
        "print(" + quoted + ")  " + draw(suppression(planted)),
        draw(suppression(planted)),
        "# " + value,
        "x = " + draw(st.text(max_size=30)),
        draw(st.text(max_size=40)),
        "@decorator",
        "async def g():\n    await h()",
        "lambda: (yield)",
        "x = [" * 3 + "]" * 3,
        "try:\n    import x\nexcept ImportError:\n    pass",
    ]
    return draw(st.sampled_from(choices))


@st.composite
def big_construct(draw: st.DrawFn, planted: Planted) -> str:
    """Large or deep constructs, within reason for the short profile."""
    size = draw(st.integers(min_value=1, max_value=600))
    kind = draw(st.sampled_from(["concat", "parens", "brackets", "long_line", "lines", "ops"]))
    if kind == "concat":
        return "x = (\n" + "\n".join(f"    'part{n}/'" for n in range(size)) + "\n)"
    if kind == "parens":
        return "x = " + "(" * size + "1" + ")" * size
    if kind == "brackets":
        return "x = " + "[" * size + "]" * size
    if kind == "long_line":
        return "x = '" + "/home/michael/" * size + "'"
    if kind == "ops":
        return "x = " + " + ".join(["'/a'"] * size)
    return "\n".join(f"y{n} = '/home/u{n}/x'" for n in range(size))


@st.composite
def source_text(draw: st.DrawFn, planted: Planted) -> str:
    """A cell's or file's text: lines joined by line ends of any kind."""
    pieces = draw(
        st.lists(
            st.one_of(code_line(planted), big_construct(planted))
            if draw(st.integers(0, 9)) == 0
            else code_line(planted),
            max_size=8,
        )
    )
    ends = draw(st.lists(st.sampled_from(LINE_ENDS), min_size=len(pieces), max_size=len(pieces)))
    indent = draw(st.sampled_from(["", "", "", " ", "\t", "    "]))
    joined = zip(pieces, ends, strict=True)
    text = "".join(indent * (i % 2) + piece + end for i, (piece, end) in enumerate(joined))
    if draw(st.booleans()):
        text = text.rstrip("\n")
    return text


# -- notebooks -------------------------------------------------------------------------
WRONG: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.just("text"),
    st.just([]),
    st.just({}),
    st.lists(st.one_of(st.integers(), st.none(), st.just({})), max_size=3),
    st.just({"a": 1}),
)


@st.composite
def _maybe_wrong(draw: st.DrawFn, value: Any) -> Any:
    """``value``, or one time in twelve a value of the wrong JSON type."""
    return draw(WRONG) if draw(st.integers(0, 11)) == 0 else value


@st.composite
def cell_source(draw: st.DrawFn, planted: Planted) -> Any:
    text = draw(source_text(planted))
    if draw(st.booleans()):
        return draw(_maybe_wrong(text))
    lines = text.splitlines(keepends=True)
    if draw(st.integers(0, 9)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), draw(WRONG))
    return draw(_maybe_wrong(lines))


@st.composite
def output(draw: st.DrawFn, planted: Planted) -> Any:
    text = draw(st.one_of(source_text(planted), secret(planted), url_with_credentials(planted)))
    kind = draw(st.sampled_from(["stream", "execute_result", "display_data", "error", "other"]))
    value: dict[str, Any] = {"output_type": draw(_maybe_wrong(kind))}
    if kind == "stream":
        value["name"] = "stdout"
        value["text"] = draw(_maybe_wrong(draw(st.sampled_from([text, [text]]))))
    elif kind in ("execute_result", "display_data"):
        plain = draw(_maybe_wrong(draw(st.sampled_from([text, text.splitlines(True)]))))
        value["data"] = draw(_maybe_wrong({"text/plain": plain, "text/html": [text]}))
        value["metadata"] = draw(_maybe_wrong({}))
        if kind == "execute_result":
            value["execution_count"] = draw(_maybe_wrong(1))
    elif kind == "error":
        value["ename"] = draw(_maybe_wrong("ValueError"))
        value["evalue"] = draw(_maybe_wrong(text))
        value["traceback"] = draw(_maybe_wrong(text.splitlines()))
    return draw(_maybe_wrong(value))


@st.composite
def cell(draw: st.DrawFn, planted: Planted) -> Any:
    cell_type = draw(st.sampled_from(["code", "code", "code", "markdown", "raw"]))
    value: dict[str, Any] = {
        "cell_type": draw(_maybe_wrong(cell_type)),
        "metadata": draw(
            _maybe_wrong(
                {
                    "tags": draw(
                        _maybe_wrong(
                            draw(
                                st.lists(
                                    st.one_of(
                                        st.sampled_from(
                                            [
                                                "repro-ignore",
                                                "repro-ignore:RH101",
                                                "repro-ignore:RH201",
                                                "repro-ignore:",
                                                "x",
                                            ]
                                        ),
                                        WRONG,
                                    ),
                                    max_size=3,
                                )
                            )
                        )
                    )
                }
            )
        ),
        "source": draw(cell_source(planted)),
    }
    if cell_type == "code":
        value["execution_count"] = draw(
            _maybe_wrong(draw(st.one_of(st.none(), st.integers(0, 99))))
        )
        value["outputs"] = draw(_maybe_wrong(draw(st.lists(output(planted), max_size=3))))
    if draw(st.integers(0, 9)) == 0:
        del value[draw(st.sampled_from(sorted(value)))]
    return draw(_maybe_wrong(value))


@st.composite
def notebook(draw: st.DrawFn, planted: Planted) -> Any:
    language = draw(st.sampled_from(["python", "python", "python", "Python", "R", ""]))
    metadata = {
        "kernelspec": draw(
            _maybe_wrong({"name": "python3", "language": draw(_maybe_wrong(language))})
        ),
        "language_info": draw(_maybe_wrong({"name": draw(_maybe_wrong(language))})),
    }
    value: dict[str, Any] = {
        "cells": draw(_maybe_wrong(draw(st.lists(cell(planted), max_size=6)))),
        "metadata": draw(_maybe_wrong(metadata)),
        "nbformat": draw(_maybe_wrong(draw(st.sampled_from([4, 4, 4, 3, 5, 0])))),
        "nbformat_minor": draw(_maybe_wrong(5)),
    }
    return draw(_maybe_wrong(value))


def notebook_bytes(value: Any, indent: int | None = 1) -> bytes:
    """As Jupyter writes it; lone surrogates become JSON ``\\ud800`` escapes."""
    return json.dumps(value, indent=indent, ensure_ascii=True).encode("ascii")


@st.composite
def python_file(draw: st.DrawFn, planted: Planted) -> bytes:
    """A ``.py`` file's bytes: UTF-8 (lone surrogates kept as bytes Python cannot
    decode), with a BOM, or with a coding line."""
    text = draw(source_text(planted))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "bom", "latin-1", "cp1252"]))
    if encoding == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if encoding == "utf-8":
        return text.encode("utf-8", "surrogatepass")
    header = f"# -*- coding: {encoding} -*-\n"
    return (header + text).encode(encoding, "replace")


# -- mutation ----------------------------------------------------------------------------
def _walk(value: Any, visit: Callable[[Any], None]) -> None:
    visit(value)
    if isinstance(value, dict):
        for item in value.values():
            _walk(item, visit)
    elif isinstance(value, list):
        for item in value:
            _walk(item, visit)


@st.composite
def mutated_notebook(draw: st.DrawFn, original: bytes, planted: Planted) -> bytes:
    """A real notebook, changed: one field given a wrong type, a planted line in a cell, a
    string spliced with odd text, or its bytes flipped, cut or repeated."""
    how = draw(st.sampled_from(["field", "line", "splice", "bytes"]))
    try:
        value = json.loads(original)
    except ValueError:
        how = "bytes"
    if how == "bytes":
        data = bytearray(original)
        for _ in range(draw(st.integers(1, 4))):
            if not data:
                break
            spot = draw(st.integers(0, len(data) - 1))
            change = draw(st.sampled_from(["flip", "cut", "repeat"]))
            if change == "flip":
                data[spot] = draw(st.integers(0, 255))
            elif change == "cut":
                del data[spot:]
            else:
                data[spot:spot] = data[spot : spot + draw(st.integers(1, 64))]
        return bytes(data)
    containers: list[Any] = []
    _walk(value, lambda node: containers.append(node) if isinstance(node, (dict, list)) else None)
    target = draw(st.sampled_from(containers))
    keys = list(target) if isinstance(target, dict) else list(range(len(target)))
    if not keys:
        return notebook_bytes(draw(WRONG) if how == "field" else value)
    key = draw(st.sampled_from(keys))
    if how == "field":
        target[key] = draw(WRONG)
    elif how == "line":
        cells = value.get("cells") if isinstance(value, dict) else None
        if isinstance(cells, list) and cells and isinstance(cells[0], dict):
            chosen = cells[draw(st.integers(0, len(cells) - 1))]
            if isinstance(chosen, dict):
                chosen["cell_type"] = "code"
                chosen["source"] = draw(source_text(planted))
    elif isinstance(target[key], str):
        text = target[key]
        spot = draw(st.integers(0, len(text)))
        odd = draw(st.one_of(st.sampled_from(ODD_TEXT), st.sampled_from(LINE_ENDS)))
        target[key] = text[:spot] + odd + text[spot:]
    return notebook_bytes(value)
