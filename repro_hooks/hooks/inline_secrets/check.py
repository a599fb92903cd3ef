"""``inline-secrets``: keys, tokens and passwords written in code, magics, shell escapes or
notebook outputs (RH2xx).

Cheap regular expressions decide first whether a unit could hold anything; only then are
its string literals read with their libcst context (:func:`string_sites`) and
detect-secrets' formats imported. Every message shows the value masked, never whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from repro_hooks.core.finding import Finding
from repro_hooks.core.masking import mask, url_passwords
from repro_hooks.hooks.inline_secrets.context import (
    SecretName,
    credential_in,
    is_digest,
    is_placeholder_token,
    secret_call,
    secret_name,
)
from repro_hooks.hooks.inline_secrets.formats import PRIVATE_KEY, KnownToken, known_tokens
from repro_hooks.hooks.inline_secrets.rules import (
    COMMAND_SECRET,
    KNOWN_TOKEN,
    NAMED_SECRET,
    OUTPUT_SECRET,
    PRIVATE_KEY_BLOCK,
    URL_CREDENTIAL,
)
from repro_hooks.sources import CodeUnit, Command, OutputText, SourceFile, string_sites

_FIX = (
    "move it to an environment variable read with os.environ.get(...), or to a git-ignored "
    ".env loaded by python-dotenv"
)


# A secret-like word, then a string (``api_key = "``, ``"password": "``, ``login("``,
# ``setdefault("HF_TOKEN", "``): the only places a named secret can be.
_NAMED_CANDIDATE = re.compile(
    r"(?:key|token|secret|pass|pwd|cred|auth|login|bearer)[\w-]*['\"]?\s*[\])]?\s*"
    r"[:=,(]\s*(?:\w+\s*=\s*)?\(?\s*[rbuf]{0,2}(?P<quote>'''|\"\"\"|'|\")"
    r"(?P<value>[^'\"\n\\]*)(?P<stop>.?)",
    re.IGNORECASE,
)
_NAME_START = re.compile(r"[\w-]*\Z")
_LONGEST_NAME = 80
_NAME = re.compile(r"[\w-]*")
# ``scheme://user:password@host``: the password group is judged like any password.
# ``NAME=value``, ``--name=value``, ``Name: value`` and ``name:`` (value in the next word).
_NAME_VALUE = re.compile(r"-{0,2}(?P<name>[A-Za-z_][\w.-]*)\s*[=:]\s*(?P<value>.*)", re.DOTALL)
# ``name:value`` pairs inside one word: JSON or YAML written by ``echo`` or ``%%writefile``.
_EMBEDDED_PAIR = re.compile(
    r"(?P<name>[A-Za-z_][\w.-]*)[\"']?\s*[=:]\s*[\"']?(?P<value>[^\s,;{}\"']+)"
)
_USER_FLAGS = frozenset({"-u", "--user"})
_ENV_MAGICS = frozenset({"env", "set_env"})
_ALLOWLIST = "pragma: allowlist secret"
_ALLOWLIST_NEXT_LINE = "pragma: allowlist nextline secret"


@dataclass(frozen=True)
class SecretSettings:
    """A project's own placeholders: a value matching one of ``placeholders`` (searched,
    as detect-secrets' ``--exclude-secrets`` does) is never a secret."""

    placeholders: tuple[re.Pattern[str], ...] = ()

    def is_placeholder(self, secret: str) -> bool:
        return any(pattern.search(secret) for pattern in self.placeholders)


DEFAULT_SETTINGS = SecretSettings()


@dataclass(frozen=True)
class _Hit:
    """A finding within a unit before its path and cell are known; ``secret`` is the
    credential itself, for the project's placeholders (never printed)."""

    line: int
    column: int
    code: str
    message: str
    secret: str


def check_source(
    source: SourceFile, settings: SecretSettings = DEFAULT_SETTINGS
) -> Iterator[Finding]:
    for unit in source.units:
        for hit in _unit_hits(unit):
            if not _allowlisted(unit, hit.line) and not settings.is_placeholder(hit.secret):
                yield Finding(source.path, unit.cell, hit.line, hit.column, hit.code, hit.message)
    for output in source.outputs:
        yield from _output_findings(source.path, output, settings)


def _unit_hits(unit: CodeUnit) -> list[_Hit]:
    """Known tokens where they stand (comments included), then literals judged by their
    context when a cheap look says one could be a credential, then magics and shell lines."""
    hits: list[_Hit] = []
    for token in known_tokens(unit.python):
        if not is_placeholder_token(token.value):
            line, column = _position(unit, token.start)
            hits.append(_Hit(line, column, *_token_code_and_message(token, "in code"), token.value))
    if _worth_parsing(unit.python):
        hits += _literal_hits(unit, {hit.line for hit in hits})
    for command in unit.commands:
        hits += _command_hits(command)
    return hits


def _worth_parsing(python: str) -> bool:
    """Whether some literal could be a named secret or a URL password: parsing costs
    milliseconds a unit, this look microseconds. It errs towards parsing: a string with an
    escape or over several lines is always looked at."""
    for match in _NAMED_CANDIDATE.finditer(python):
        if len(match["quote"]) == 3 or match["stop"] not in ("", match["quote"]):
            return True
        start = _NAME_START.search(python, max(0, match.start() - _LONGEST_NAME), match.start())
        name = _NAME.match(python, start.start() if start else match.start())
        word = name[0] if name else ""
        kind = secret_name(word) or secret_call(word)
        if kind is not None and credential_in(match["value"], kind) is not None:
            return True
    return "://" in python and _url_password(python) is not None


# -- string literals --------------------------------------------------------------------
def _literal_hits(unit: CodeUnit, token_lines: set[int]) -> Iterator[_Hit]:
    """Literals by their decoded value and context; a known token already reported where
    it stands is not reported again."""
    for site in string_sites(unit):
        if site.is_docstring:
            continue
        tokens = [t for t in known_tokens(site.value) if not is_placeholder_token(t.value)]
        for token in tokens:
            line, column = site.locate(token.start)
            if line not in token_lines:
                code, message = _token_code_and_message(token, "in a string")
                yield _Hit(line, column, code, message, token.value)
        if tokens:
            continue
        password = _url_password(site.value)
        if password is not None:
            message = f"password {mask(password)} in a URL: {_FIX}"
            yield _Hit(site.line, site.column, URL_CREDENTIAL, message, password)
            continue
        named = _named_credential(site.name, site.call, site.value, site.in_comparison)
        if named is not None:
            name, credential = named
            message = f"{name} {mask(credential)} written in the code: {_FIX}"
            yield _Hit(site.line, site.column, NAMED_SECRET, message, credential)


def _named_credential(
    name: str | None, call: str | None, value: str, in_comparison: bool
) -> tuple[str, str] | None:
    """(how to call it, the credential) if ``value`` is a credential given to ``name``
    (or passed to a call such as ``login``)."""
    kind = secret_name(name)
    if kind is None and name is None:
        kind = secret_call(call)
    if kind is None or is_digest(value, name, in_comparison):
        return None
    credential = credential_in(value, kind)
    if credential is None:
        return None
    described = f"value given to {name!r}" if name else f"argument of {call}()"
    return f"{_secret_label(kind)} ({described})", credential


def _secret_label(kind: SecretName) -> str:
    return {
        SecretName.PASSWORD: "password",
        SecretName.KEY: "key or token",
        SecretName.AUTHORIZATION: "authorization credential",
    }[kind]


def _url_password(text: str) -> str | None:
    for match in url_passwords(text):
        credential = credential_in(match["password"], SecretName.PASSWORD)
        if credential is not None:
            return credential
    return None


def _token_code_and_message(token: KnownToken, where: str) -> tuple[str, str]:
    code = PRIVATE_KEY_BLOCK if token.kind == PRIVATE_KEY else KNOWN_TOKEN
    return code, f"{token.kind} {mask(token.value)} {where}: {_FIX}"


# -- magics and shell lines -------------------------------------------------------------
def _command_hits(command: Command) -> Iterator[_Hit]:
    where = "a shell line" if command.kind == "shell" else f"a %{command.name} line"
    index = 0
    while index < len(command.words):
        word = command.words[index]
        found, used = _word_secret(command, index)
        if found is not None:
            described, secret = found
            message = f"{described} {mask(secret)} in {where}: {_FIX}"
            yield _Hit(word.line, word.column, COMMAND_SECRET, message, secret)
        index += used


def _word_secret(command: Command, index: int) -> tuple[tuple[str, str] | None, int]:
    """What secret the word at ``index`` holds (what it is, the secret) and how many words
    that took (a ``--token VALUE`` or ``%env NAME VALUE`` value is the next word)."""
    words = command.words
    text = words[index].text
    next_text = words[index + 1].text if index + 1 < len(words) else ""
    tokens = [t for t in known_tokens(text) if not is_placeholder_token(t.value)]
    if tokens:
        return (tokens[0].kind, tokens[0].value), 1
    password = _url_password(text)
    if password is not None:
        return ("URL password", password), 1
    if text in _USER_FLAGS and ":" in next_text:
        password = credential_in(next_text.split(":", 1)[1], SecretName.PASSWORD)
        return (None if password is None else ("password", password)), 2
    match = _NAME_VALUE.fullmatch(text)
    names_next = text.startswith("-") or (command.name in _ENV_MAGICS and index == 0)
    if (match is not None and not match["value"]) or (match is None and names_next):
        pairs, used = [(match["name"] if match else text.lstrip("-"), next_text)], 2
    else:
        pairs = [(match["name"], match["value"])] if match else []
        pairs += [(pair["name"], pair["value"]) for pair in _EMBEDDED_PAIR.finditer(text)]
        used = 1
    for name, value in pairs:
        named = _named_credential(name, None, value.strip("'\""), in_comparison=False)
        if named is not None:
            return named, used
    return None, 1


# -- outputs ----------------------------------------------------------------------------
def _output_findings(path: str, output: OutputText, settings: SecretSettings) -> Iterator[Finding]:
    """Known token formats only: outputs are full of ids, digests and numbers."""
    for token in known_tokens(output.text):
        if is_placeholder_token(token.value) or settings.is_placeholder(token.value):
            continue
        line = output.text.count("\n", 0, token.start) + 1
        message = (
            f"{token.kind} {mask(token.value)} in the saved output of this cell "
            f"(output {output.output}, line {line}): clear the output, revoke it, and "
            f"{_FIX}"
        )
        yield Finding(path, output.cell, None, None, OUTPUT_SECRET, message)


# -- shared -----------------------------------------------------------------------------
def _position(unit: CodeUnit, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``unit.python``."""
    line_start = unit.python.rfind("\n", 0, offset) + 1
    return unit.python_line(offset), offset - line_start + 1


def _allowlisted(unit: CodeUnit, line: int) -> bool:
    """detect-secrets' inline allowlist comments, on the line or the one before."""
    lines = unit.lines
    same = lines[line - 1] if 0 < line <= len(lines) else ""
    before = lines[line - 2] if 1 < line <= len(lines) + 1 else ""
    return _ALLOWLIST in same or _ALLOWLIST_NEXT_LINE in before
