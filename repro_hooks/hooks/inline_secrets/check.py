"""``inline-secrets``: keys, tokens and passwords written in code, magics, shell escapes or
notebook outputs (RH2xx).

Three looks at each code unit, cheapest first:

1. the provider catalogue over the text as written (code, comments, strings, magics,
   ``%%bash`` and ``%%writefile`` bodies): a token of a known format wherever it stands,
   at its own line and column;
2. string literals, read with their context only when a cheap look says one could hold a
   credential: a credential given to a name, a URL password, ``NAME=value`` pairs of
   configuration text held in the string (located inside the literal by
   :meth:`StringSite.locate`), a key passed on its own to a client;
3. magic and shell words: ``%env NAME=value``, ``--token VALUE``, ``-u user:password``.

Every message shows the value masked, never whole, and says what to do where it stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from keyword import iskeyword

from repro_hooks.core.finding import Finding
from repro_hooks.core.lazy import LazyRegex
from repro_hooks.core.masking import mask, url_passwords
from repro_hooks.hooks.inline_secrets.context import (
    SecretName,
    credential_in,
    is_digest,
    is_digest_shaped,
    is_inert,
    is_key,
    name_words,
    secret_call,
    secret_name,
    shannon_entropy,
)
from repro_hooks.hooks.inline_secrets.rules import (
    COMMAND_SECRET,
    KNOWN_TOKEN,
    NAMED_SECRET,
    OUTPUT_SECRET,
    PRIVATE_KEY_BLOCK,
    URL_CREDENTIAL,
)
from repro_hooks.hooks.inline_secrets.tokens import (
    TokenMatch,
    ascii_lower,
    catalogue,
)
from repro_hooks.sources import CodeUnit, Command, OutputText, SourceFile, StringSite, string_sites

READ_IT = (
    "move it to an environment variable read with os.environ.get(...), or to a git-ignored "
    ".env loaded by python-dotenv"
)
SET_IT_OUTSIDE = (
    "set it outside the notebook (a git-ignored .env read by python-dotenv, or the shell)"
)


class _LedBy:
    """``(?:word|...)tail`` as one regex per word, run only on a text that holds its word
    and compiled when one first does: a regex that starts with a choice of words tries
    nearly every position, and most texts are short cells that hold none of the words."""

    def __init__(self, words: Iterable[str], tail: str) -> None:
        self.words = tuple(sorted(words))
        self.tail = tail
        self._patterns = {word: LazyRegex(re.escape(word) + tail) for word in self.words}

    def present(self, text: str) -> frozenset[str]:
        """The words ``text`` holds."""
        return frozenset(word for word in self.words if word in text)

    def finditer(self, text: str, present: frozenset[str] | None = None) -> Iterator[re.Match[str]]:
        """The matches in ``text``; ``present``: the words it holds, if already known."""
        held = self.present(text) if present is None else present
        for word in self.words:
            if word in held:
                yield from self._patterns[word].finditer(text)


# A secret-like word, then a string (``api_key = "``, ``"password": "``, ``login("``,
# ``Client(api_key="``): the only places a named secret can be in code.
_NAMED_CANDIDATES = _LedBy(
    ("key", "tok", "secret", "pass", "pwd", "cred", "auth", "login", "bearer"),
    r"[\w-]*['\"]?\s*[\])]?\s*"
    r"[:=,(]\s*(?:(?P<keyword>\w+)\s*=\s*)?[(\[]?\s*(?:(?:'[^'\n]*'|\"[^\"\n]*\")\s*,\s*)*"
    r"[rbuf]{0,2}(?P<quote>'''|\"\"\"|'|\")"
    r"(?P<value>[^'\"\n\\]*)(?P<stop>.?)",
)
# ``NAME=value``, ``name: value``, ``"name": "value"``, ``export NAME=value``: configuration
# text (.env, YAML, INI, JSON, shell) as it stands inside a string.
_CONFIG_PAIR = LazyRegex(
    r"(?P<name>[A-Za-z_][\w.-]*)[\"']?[ \t]*(?:=|:(?!//))[ \t]*[\"']?"
    r"(?P<value>[^\s\"',;{}()\[\]\\&?]+)"
)
_CONFIG_CANDIDATES = _LedBy(
    ("key", "tok", "secret", "pass", "pwd", "cred", "auth"),
    r"[\w.-]*[\"']?[ \t]*[=:][ \t]*[\"']?(?P<value>[^\s\"',;{}()\[\]\\]{8,})",
)
# A key passed on its own to a client, a connection or a login: ``Client("...")``.
_CLIENT_WORDS = frozenset(
    {
        "client",
        "api",
        "sdk",
        "session",
        "connection",
        "connect",
        "auth",
        "authenticate",
        "login",
        "bot",
        "service",
        "credentials",
        "credential",
    }
)
_CLIENT_CANDIDATES = _LedBy(
    _CLIENT_WORDS,
    r"\s*\((?:[^()'\"]|'[^'\n]*'|\"[^\"\n]*\")*?[rbu]?['\"](?P<value>[\w+/=.~|-]{12,})['\"]",
)
# A long quoted word given first to a call: ``Client("...")``, found from its bracket (a
# rare character, searched fast), then the capitalised name before the bracket.
_QUOTED_KEY = LazyRegex(r"['\"][\w+/=.~|-]{12,}['\"]")
_QUOTED_FIRST_ARGUMENT = LazyRegex(r"\(\s*[rbu]?['\"](?P<value>[\w+/=.~|-]{12,})['\"]")
_CAPITALISED_CALL = LazyRegex(r"\b(?P<call>[A-Z]\w*)\s*\Z")
_CLIENT_KEY = LazyRegex(r"[A-Za-z0-9_+=.~|-]{14,}")
MIN_CLIENT_KEY_ENTROPY = 3.0
MIN_LETTERS_KEY_ENTROPY = 3.3
_NAME_START = LazyRegex(r"[\w-]*\Z")
_LONGEST_NAME = 80
_NAME = LazyRegex(r"[\w-]*")
# ``NAME=value``, ``--name=value``, ``Name: value`` and ``name:`` (value in the next word).
_NAME_VALUE = LazyRegex(r"-{0,2}(?P<name>[A-Za-z_][\w.-]*)\s*[=:]\s*(?P<value>.*)", re.DOTALL)
# ``name:value`` pairs inside one word: JSON or YAML written by ``echo`` or ``%%writefile``.
_EMBEDDED_PAIR = LazyRegex(
    r"(?P<name>[A-Za-z_][\w.-]*)[\"']?\s*(?:=|:(?!//))\s*[\"']?(?P<value>[^\s,;{}\"'&?]+)"
)
# What a cell shows: ``print(...)`` arguments, and its last line (the displayed result).
_PRINTED = LazyRegex(r"\bprint\((?P<argument>[^()\n]*)\)")
# A name shown as it is: ``api_key``, ``client.token``, ``os.environ["HF_TOKEN"]``.
_SHOWN_NAME = LazyRegex(r"(?P<name>[A-Za-z_][\w.]*)(?:\[\s*['\"](?P<key>\w+)['\"]\s*\])?")
_IDENTIFIER = LazyRegex(r"[A-Za-z_]\w*")
_OUTPUT_WORD = LazyRegex(r"[A-Za-z0-9_+=.~|-]{14,}")
MAX_SHOWN_OUTPUT = 1000
MIN_SHOWN_KEY_ENTROPY = 3.5
_USER_FLAGS = frozenset({"-u", "--user"})
# ``wandb login KEY``, ``huggingface-cli login TOKEN``: a key given to a login command.
_LOGIN_WORDS = frozenset({"login", "auth", "authenticate"})
_PASSWORD_WORDS = frozenset({"password", "passwd"})
_ENV_MAGICS = frozenset({"env", "set_env"})
# Python that puts a value into the environment: the value is set there, not read.
_SETS_ENVIRONMENT = LazyRegex(
    r"\benviron\s*\[[^\]]*\]\s*=(?!=)|\benviron\.(?:setdefault|update)\s*\(|\bputenv\s*\("
)
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
class Hit:
    """A finding within a unit before its path and cell are known. ``secret`` is the
    credential itself (never printed), ``variable`` the environment variable it belongs in
    (from the name the code gives it, or the provider's)."""

    line: int
    column: int
    code: str
    message: str
    secret: str
    variable: str


def check_source(
    source: SourceFile, settings: SecretSettings = DEFAULT_SETTINGS
) -> Iterator[Finding]:
    for unit in source.units:
        for hit in unit_hits(unit, settings):
            yield Finding(source.path, unit.cell, hit.line, hit.column, hit.code, hit.message)
    printed = {output.cell for output in source.outputs}
    shown = {unit.cell: _shows_a_secret(unit) for unit in source.units if unit.cell in printed}
    for output in source.outputs:
        yield from _output_findings(source.path, output, settings, shown.get(output.cell))


def unit_hits(
    unit: CodeUnit, settings: SecretSettings = DEFAULT_SETTINGS, every: bool = False
) -> list[Hit]:
    """The unit's secrets in line order, one per line (``every``: all of them, for
    ``--fix``): provider tokens first, then named literals and configuration text, then
    magic and shell words."""
    sets_env = _environment_lines(unit)
    command_lines = {c.line for c in unit.commands if c.kind != "magic" or c.args}
    hits = [_token_hit(unit, token, sets_env, command_lines) for token in _tokens(unit.text)]
    candidates = {unit.line_table.line(offset) for offset in _candidate_offsets(unit.python)}
    if candidates:
        hits += _literal_hits(unit, sets_env, candidates)
    for command in unit.commands:
        hits += _command_hits(command, sets_env)
    kept: dict[tuple[int, ...] | int, Hit] = {}
    for hit in hits:
        key = (hit.line, hit.column) if every else hit.line
        if key in kept or _allowlisted(unit, hit.line):
            continue
        if not settings.is_placeholder(hit.secret):
            kept[key] = hit
    return sorted(kept.values(), key=lambda hit: (hit.line, hit.column))


def _tokens(text: str) -> Iterator[TokenMatch]:
    return catalogue().matches(text)


def _token_hit(
    unit: CodeUnit, token: TokenMatch, sets_env: set[int], command_lines: set[int]
) -> Hit:
    line, column = unit.text_line_table.position(token.start)
    if "private-key" in token.format.id:
        code = PRIVATE_KEY_BLOCK
    else:
        code = COMMAND_SECRET if line in command_lines else KNOWN_TOKEN
    where = "in a command" if code == COMMAND_SECRET else "in code"
    advice = SET_IT_OUTSIDE if line in sets_env else READ_IT
    message = f"{token.format.label} {mask(token.value)} {where}: {advice}"
    return Hit(line, column, code, message, token.value, token.format.variable)


def _environment_lines(unit: CodeUnit) -> set[int]:
    """Lines that put a value into the environment or a .env file: ``os.environ[...] =``,
    ``%env``, ``export``, a ``%%writefile .env`` body."""
    lines: set[int] = set()
    if "environ" in unit.text or "putenv" in unit.text:
        lines = {n for n, text in enumerate(unit.lines, 1) if _SETS_ENVIRONMENT.search(text)}
    writes_env = False
    for command in unit.commands:
        if command.kind == "magic" and command.name == "writefile":
            writes_env = command.args.split("/")[-1].strip().startswith(".env")
        first = command.words[0].text if command.words else ""
        if (
            command.name in _ENV_MAGICS
            or (command.kind == "shell" and first == "export")
            or (command.kind == "text" and command.name == "writefile" and writes_env)
        ):
            lines.add(command.line)
    return lines


def _candidate_offsets(python: str) -> Iterator[int]:
    """Where a literal could be a named secret, configuration text with one, a key given
    to a client, or a URL password: parsing costs milliseconds a statement, this look
    microseconds, and only the statements holding these offsets are parsed. It errs
    towards parsing: a string with an escape or over several lines is always looked at.
    The candidate patterns read a lower-cased copy (the same offsets); names and values
    are judged as written."""
    lowered = ascii_lower(python)
    present = _NAMED_CANDIDATES.present(lowered)  # the configuration words are among them
    for match in _NAMED_CANDIDATES.finditer(lowered, present):
        if len(match["quote"]) == 3 or match["stop"] not in ("", match["quote"]):
            yield match.start()
            continue
        before = _name_before(python, match.start())
        keyword = python[match.start("keyword") : match.end("keyword")] or None
        value = python[match.start("value") : match.end("value")]
        kind = secret_name(keyword) or secret_name(before) or secret_call(before)
        if kind is not None and credential_in(value, kind) is not None:
            yield match.start()
    for match in _CONFIG_CANDIDATES.finditer(lowered, present):
        name = _name_before(python, match.start())
        value = python[match.start("value") : match.end("value")]
        kind = secret_name(name)
        if kind is not None and credential_in(value, kind) is not None:
            yield match.start()
    if _QUOTED_KEY.search(python):  # what a key given to a client is written as
        for match in _CLIENT_CANDIDATES.finditer(lowered):
            if _is_client_key(python[match.start("value") : match.end("value")]):
                yield match.start()
        for match in _QUOTED_FIRST_ARGUMENT.finditer(python):
            start = match.start()
            call = _CAPITALISED_CALL.search(python, max(0, start - _LONGEST_NAME), start)
            if call is not None and _given_to_client(call["call"], match["value"]):
                yield call.start()
    for match in url_passwords(python):
        if credential_in(match["password"], SecretName.PASSWORD) is not None:
            yield match.start()


def _name_before(python: str, end: int) -> str:
    """The whole word around ``end`` (``api_token`` for the ``token`` in it)."""
    start = _NAME_START.search(python, max(0, end - _LONGEST_NAME), end)
    name = _NAME.match(python, start.start() if start else end)
    return name[0] if name else ""


# -- string literals --------------------------------------------------------------------
def _literal_hits(unit: CodeUnit, sets_env: set[int], lines: set[int]) -> Iterator[Hit]:
    """Literals of the statements holding ``lines``, by their decoded value and context."""
    for site in string_sites(unit, lines):
        if site.is_docstring:
            continue
        yield from _site_hits(site, sets_env)


def _site_hits(site: StringSite, sets_env: set[int]) -> Iterator[Hit]:
    advice = SET_IT_OUTSIDE if site.line in sets_env else READ_IT
    for match in url_passwords(site.value):
        password = credential_in(match["password"], SecretName.PASSWORD)
        if password is not None:
            message = f"password {mask(password)} in a URL: {advice}"
            yield Hit(site.line, site.column, URL_CREDENTIAL, message, password, "DATABASE_URL")
            return
    named = _named_credential(site.name, site.call, site.value, site.in_comparison)
    if named is not None:
        described, credential = named
        message = f"{described} {mask(credential)} written in the code: {advice}"
        variable = _variable(site.name or site.call or "")
        yield Hit(site.line, site.column, NAMED_SECRET, message, credential, variable)
        return
    found = False
    for pair in _CONFIG_PAIR.finditer(site.value):
        named = _named_credential(pair["name"], None, pair["value"], in_comparison=False)
        if named is not None:
            described, credential = named
            line, column = site.locate(pair.start("value"))
            message = f"{described} {mask(credential)} in configuration text: {SET_IT_OUTSIDE}"
            yield Hit(line, column, NAMED_SECRET, message, credential, _variable(pair["name"]))
            found = True
    if not found and site.call and site.name is None and _given_to_client(site.call, site.value):
        message = (
            f"key or token (argument of {site.call}()) {mask(site.value)} written in the "
            f"code: {advice}"
        )
        yield Hit(site.line, site.column, NAMED_SECRET, message, site.value, "API_KEY")


def _given_to_client(call: str, value: str) -> bool:
    """A key passed on its own to a client, a connection or a login (``Client("...")``,
    ``connect(url, "...")``), or as the first argument of a class (``Mistral("...")``) when
    it is no UUID or hex digest (``UUID("...")``, ``ObjectId("...")`` take those)."""
    last = call.rsplit(".", 1)[-1]
    words = name_words(last)
    if not words or not _is_client_key(value):
        return False
    return words[-1] in _CLIENT_WORDS or (last[:1].isupper() and not is_digest_shaped(value))


def _is_client_key(value: str) -> bool:
    """A key handed to a client with no name: one random word (``owner/model`` repository
    ids, paths, URLs and words are not); letters alone must be long and varied."""
    if _CLIENT_KEY.fullmatch(value) is None or is_inert(value):
        return False
    entropy = shannon_entropy(value)
    if not any(char.isdigit() for char in value):
        # letters only: one long, varied word (``bert-base-uncased`` is three)
        return value.isalpha() and len(value) >= 16 and entropy > MIN_LETTERS_KEY_ENTROPY
    longest = max(re.split(r"[-_.|]", value), key=len)
    return is_key(value) or (len(longest) >= 12 and entropy > MIN_CLIENT_KEY_ENTROPY)


def _is_shown_key(word: str) -> bool:
    """A key among the words of an output: letters and digits mixed at random (versions,
    option names and identifiers are not)."""
    return (
        word[0].isalnum()
        and any(char.isdigit() for char in word)
        and any(char.isalpha() for char in word)
        and is_key(word)
        and shannon_entropy(word) > MIN_SHOWN_KEY_ENTROPY
    )


def _variable(name: str) -> str:
    """``openaiApiKey`` -> ``OPENAI_API_KEY``: the environment variable for a name."""
    return "_".join(name_words(name.rsplit(".", 1)[-1])).upper() or "SECRET"


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


# -- magics and shell lines -------------------------------------------------------------
def _command_hits(command: Command, sets_env: set[int]) -> Iterator[Hit]:
    """Named values in magic and shell words, each reported at the value itself."""
    where = "a shell line" if command.kind == "shell" else f"a %{command.name} line"
    advice = SET_IT_OUTSIDE if command.line in sets_env else READ_IT
    index = 0
    while index < len(command.words):
        found, used = _word_secret(command, index)
        if found is not None:
            described, secret, name = found
            word = next(
                (w for w in command.words[index : index + used] if secret in w.raw),
                command.words[index],
            )
            column = word.column + max(word.raw.find(secret), 0)
            message = f"{described} {mask(secret)} in {where}: {advice}"
            yield Hit(word.line, column, COMMAND_SECRET, message, secret, _variable(name))
        index += used


def _word_secret(command: Command, index: int) -> tuple[tuple[str, str, str] | None, int]:
    """What secret the word at ``index`` holds (what it is, the secret, its name) and how
    many words that took (a ``--token VALUE`` or ``%env NAME VALUE`` value is the next
    word). Known formats are left to the catalogue, which reads the line as written."""
    words = command.words
    text = words[index].text
    next_text = words[index + 1].text if index + 1 < len(words) else ""
    password = _url_password(text)
    if password is not None:
        return ("URL password", password, "DATABASE_URL"), 1
    before = words[index - 1].text if index else ""
    if before in _LOGIN_WORDS and not text.startswith("-") and is_key(text):
        return (f"key or token (argument of {before})", text, "API_KEY"), 1
    if before in _PASSWORD_WORDS:  # a .netrc line: machine HOST login USER password VALUE
        password = credential_in(text, SecretName.PASSWORD)
        if password is not None:
            return ("password", password, "PASSWORD"), 1
    if text in _USER_FLAGS and ":" in next_text:
        password = credential_in(next_text.split(":", 1)[1], SecretName.PASSWORD)
        return (None if password is None else ("password", password, "PASSWORD")), 2
    match = _NAME_VALUE.fullmatch(text)
    names_next = text.startswith("-") or (command.name in _ENV_MAGICS and index == 0)
    if (match is not None and not match["value"]) or (match is None and names_next):
        pairs, used = [(match["name"] if match else text.lstrip("-"), next_text)], 2
    else:
        pairs = [(match["name"], match["value"])] if match else []
        pairs += [(pair["name"], pair["value"]) for pair in _EMBEDDED_PAIR.finditer(text)]
        used = 1
    for name, value in pairs:
        value = value.strip("'\"").rstrip("]}),;").strip("'\"")  # a JSON or YAML value's own
        named = _named_credential(name, None, value, in_comparison=False)
        if named is not None:
            return (*named, name), used
    return None, 1


# -- outputs ----------------------------------------------------------------------------
def _shows_a_secret(unit: CodeUnit) -> str | None:
    """The name a cell prints or shows as its result, if that name says key, token or
    password (``print(api_key)``, a last line ``client.token``)."""
    # Lines as written that are Python (a magic reads "pass" in ``unit.python``).
    lines = [
        line
        for line, python in zip(unit.lines, unit.python_lines, strict=False)
        if line.strip() and line == python
    ]
    shown = [m["argument"] for m in _PRINTED.finditer("\n".join(lines))]
    if lines and not lines[-1].startswith((" ", "\t")):
        shown.append(lines[-1])
    for text in shown:
        expression = _SHOWN_NAME.fullmatch(text.strip())
        if expression is None:
            continue
        name = expression["key"] or _IDENTIFIER.findall(expression["name"])[-1]
        if not iskeyword(name) and secret_name(name) is not None:
            return name
    return None


def _output_findings(
    path: str, output: OutputText, settings: SecretSettings, shown: str | None
) -> Iterator[Finding]:
    """Known token formats, values printed beside a name that says key, token or password
    (``{'HF_TOKEN': '...'}``, ``API_KEY=...``), and a key in a short output of a cell that
    prints or shows such a name; nothing else: outputs are full of ids, digests and
    numbers."""
    found = [(token.format.label, token.value, token.start) for token in _tokens(output.text)]
    if shown is not None and len(output.text) <= MAX_SHOWN_OUTPUT:
        for word in _OUTPUT_WORD.finditer(output.text):
            if _is_shown_key(word[0]):
                found.append((f"key or token (the value of {shown})", word[0], word.start()))
    lowered = ascii_lower(output.text)
    if next(_CONFIG_CANDIDATES.finditer(lowered), None) is not None:
        for pair in _CONFIG_PAIR.finditer(output.text):
            named = _named_credential(pair["name"], None, pair["value"], in_comparison=False)
            if named is not None:
                found.append((named[0], named[1], pair.start("value")))
    reported: set[str] = set()
    for label, secret, start in sorted(found, key=lambda item: item[2]):
        if secret in reported or any(secret in other or other in secret for other in reported):
            continue
        reported.add(secret)
        if settings.is_placeholder(secret):
            continue
        line = output.text.count("\n", 0, start) + 1
        message = (
            f"{label} {mask(secret)} in the saved output of this cell "
            f"(output {output.output}, line {line}): clear the output, revoke it, and "
            f"{READ_IT}"
        )
        yield Finding(path, output.cell, None, None, OUTPUT_SECRET, message)


# -- shared -----------------------------------------------------------------------------
def _allowlisted(unit: CodeUnit, line: int) -> bool:
    """detect-secrets' inline allowlist comments, on the line or the one before."""
    lines = unit.lines
    same = lines[line - 1] if 0 < line <= len(lines) else ""
    before = lines[line - 2] if 1 < line <= len(lines) + 1 else ""
    return _ALLOWLIST in same or _ALLOWLIST_NEXT_LINE in before
