"""Whether a value given to a name is a credential: the name says what it is for, the
value says whether it is a real one or a placeholder, a template, a reference, a file name,
a tokenizer token, a flag or an ordinary word.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from enum import Enum

from repro_hooks.core.lazy import LazyRegex


class SecretName(Enum):
    """What a secret-like name says its value is; passwords are judged more strictly."""

    PASSWORD = "password"
    KEY = "key"
    AUTHORIZATION = "authorization"


_NAME_WORDS = LazyRegex(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pass", "passphrase", "passcode"})
_KEY_WORDS = frozenset(
    {
        "key",
        "apikey",
        "token",
        "secret",
        "credential",
        "credentials",
        "creds",
        "bearer",
        "secretkey",
        "accesskey",
        "privatekey",
        "pat",
        "sid",
        "tok",
        "keys",
        "apikeys",
        "tokens",
        "secrets",
    }
)
_AUTHORIZATION_WORDS = frozenset({"auth", "authorization"})
_CALL_WORDS = frozenset({"login", "authenticate", "auth", "token", "key", "password"})
# Words before "key"/"token" that make it a lookup key or a vocabulary token.
_NOT_SECRET_QUALIFIERS = frozenset(
    {
        "sort",
        "primary",
        "foreign",
        "cache",
        "dict",
        "hot",
        "partition",
        "lookup",
        "group",
        "join",
        "index",
        "column",
        "row",
        "random",
        "rng",
        "prng",
        "layout",
        "public",
        "sequence",
        "bos",
        "eos",
        "pad",
        "unk",
        "cls",
        "sep",
        "mask",
        "start",
        "end",
        "stop",
        "special",
        "turn",
        "image",
        "boi",
        "eoi",
        "eot",
        "sot",
        "added",
        "new",
        "max",
        "num",
        "embed",
        "csrf",
        "xsrf",
    }
)


def name_words(name: str) -> list[str]:
    """``OPENAI_API_KEY`` / ``openaiApiKey`` / ``x-api-key`` -> ``['openai', 'api', 'key']``."""
    return [word.lower() for word in _NAME_WORDS.findall(name)]


def secret_name(name: str | None) -> SecretName | None:
    """What a name says its value is, judged by its last word (``api_key`` is a key,
    ``key_path`` is a path, ``bos_token`` a vocabulary token, ``aws_access_key_id`` a key)."""
    if not name:
        return None
    words = name_words(name)
    if words[-3:-1] == ["access", "key"] and words[-1] == "id":
        words = words[:-1]  # aws_access_key_id: a credential; kms_key_id: an id
    if not words:
        return None
    head, qualifier = words[-1], words[-2] if len(words) >= 2 else ""
    if head in _PASSWORD_WORDS:
        return SecretName.PASSWORD
    if head in _AUTHORIZATION_WORDS:
        return SecretName.AUTHORIZATION
    if head in _KEY_WORDS and qualifier not in _NOT_SECRET_QUALIFIERS:
        return SecretName.KEY
    return None


def secret_call(call: str | None) -> SecretName | None:
    """A call whose arguments are credentials by their position: ``wandb.login('...')``."""
    if not call:
        return None
    words = name_words(call.rsplit(".", 1)[-1])
    return SecretName.KEY if words and words[-1] in _CALL_WORDS else None


# -- values that are not credentials under any name ------------------------------------
# Compiled when a candidate value is first judged: a clean file never needs them.
_PLACEHOLDER = LazyRegex(
    r"placeholder|change.?me|replace|insert|dummy|example|sample|redacted|x{4,}|\*\*\*|###"
    r"|\.\.\.|fill.?in|enter.?your|secret.?key.?here|abc123|123456|<[^<>]*>|^\[[^\[\]]*\]$"
    r"|^(?:test|testing|password|secret|token|key|none|null|nil|undefined|default|string"
    r"|empty|unknown|n/?a)$",
    re.IGNORECASE,
)
# Short placeholder words turn up by chance inside random keys (one in a few hundred holds
# "tbd" or "xxx"), so inside a value with digits they count only as words of their own.
_SHORT_PLACEHOLDER_WORDS = r"your|here|fake|mock|todo|tbd|xxx"
_SHORT_PLACEHOLDER = LazyRegex(_SHORT_PLACEHOLDER_WORDS, re.IGNORECASE)
_SHORT_PLACEHOLDER_WORD = LazyRegex(
    rf"(?<![A-Za-z0-9])(?:{_SHORT_PLACEHOLDER_WORDS})(?![A-Za-z0-9])", re.IGNORECASE
)
_TEMPLATE = LazyRegex(r"\{[^{}]*\}|\$\{?[A-Za-z_]|%\(\w+\)s|%s|\$\(|\{\{|`")
_REFERENCE = LazyRegex(r"^(?:env|vault|secret|secrets|ssm|sm|op|keyring|file|arn|gcp|aws):", re.I)
_PATH = LazyRegex(
    r"^(?:~|\.{1,2})?[/\\]|^[A-Za-z]:[/\\]|^[a-z][a-z0-9+.-]*://(?![^/@\s]*:[^/@\s]*@)"
    r"|\.(?:json|txt|pem|key|p12|pfx|crt|cer|der|model|ya?ml|toml|ini|cfg|conf|env|csv|pkl"
    r"|bin|pt|h5|npy|gpg|jks|keystore|py|ipynb|pub|asc|secret|secrets|db|sqlite)$",
    re.IGNORECASE,
)
_FLAGS = frozenset(
    {"true", "false", "yes", "no", "on", "off", "auto", "1", "0", "enabled", "disabled"}
)
# Ordinary words and identifiers: letters only, joined by separators (``batch.encoder_input``).
_WORDS = LazyRegex(r"[A-Za-z]+(?:[\s_\-.:/]+[A-Za-z]+)*")
_UUID = LazyRegex(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_HEX = LazyRegex(r"(?=.*[a-f])(?=.*\d)[0-9a-f]{16,}", re.I)
_DIGEST_LENGTHS = frozenset({32, 40, 56, 64, 96, 128})
_DIGEST_WORDS = frozenset(
    {
        "sha",
        "sha1",
        "sha256",
        "sha512",
        "md5",
        "hash",
        "checksum",
        "digest",
        "commit",
        "revision",
        "rev",
        "etag",
        "fingerprint",
        "crc",
    }
)
_AUTH_SCHEME = LazyRegex(r"^(?:bearer|token|basic|digest|apikey)\s+", re.IGNORECASE)
MIN_PASSWORD_LENGTH = 4
MIN_KEY_LENGTH = 12
MIN_NUMERIC_KEY_LENGTH = 16
MIN_TOKEN_VARIETY = 8


_CAMEL_WORDS = LazyRegex(r"[a-z]*(?:[A-Z][a-z]+)+")


def looks_random(value: str) -> bool:
    """Letters and digits mixed the way generated tokens are: its longest piece between
    separators is long and mixes two kinds of characters. Words joined by dashes, CamelCase
    words (``SalesResults-1.2``), times (``2024-01-01T00:00:00Z``), ``host:port`` and
    ``owner/model`` ids are not."""
    longest = max(re.split(r"[-_.:/]", value), key=len)
    classes = sum(
        any(test(char) for char in longest) for test in (str.islower, str.isupper, str.isdigit)
    )
    return classes >= 2 and len(longest) >= 12 and _CAMEL_WORDS.fullmatch(longest) is None


def is_inert(value: str) -> bool:
    """Empty, a placeholder, a template, a reference, a path or file name, a flag, or
    ordinary words: nothing a leak could expose."""
    stripped = value.strip()
    return (
        not stripped
        or stripped.lower() in _FLAGS
        or _WORDS.fullmatch(stripped) is not None
        or len(set(stripped)) <= 2
        or _LONG_RUN.search(stripped) is not None
        or has_placeholder(stripped)
        or any(pattern.search(stripped) for pattern in (_TEMPLATE, _PATH))
        or _REFERENCE.match(stripped) is not None
        or any(char.isspace() for char in stripped)
    )


def is_digest_shaped(value: str) -> bool:
    """A UUID or a hex string: what ids and digests look like."""
    return _UUID.fullmatch(value) is not None or _HEX.fullmatch(value) is not None


def is_digest(value: str, name: str | None, in_comparison: bool) -> bool:
    """A hex digest named as one (``sha``, ``md5``, ``commit``) or compared to a checksum."""
    if _HEX.fullmatch(value) is None or len(value) not in _DIGEST_LENGTHS:
        return False
    return in_comparison or bool(_DIGEST_WORDS & set(name_words(name or "")))


# What marks a value of a known format as an example: masks (``xxxx``, ``****``, ``####``,
# ``...``), templates (``<key>``, ``{key}``, ``${KEY}``, ``[PASSWORD]``), words that ask for a
# value. Narrower than :func:`has_placeholder`: a provider's shape already says "secret",
# and its published samples hold words such as "test" or "fake".
_EXAMPLE_MARK = LazyRegex(
    r"x{4,}|X{4,}|\*{3,}|#{3,}|\.\.\.|<[^<>]*>|\{[^{}]*\}|\$\{|\[[A-Z_]+\]|placeholder"
    r"|change.?me|replace.?me|insert|dummy|redacted|fill.?in|enter.?your|your.?(?:api|key|token)"
    r"|(?<![A-Za-z])(?:your|here)(?![A-Za-z])",
    re.IGNORECASE,
)
# Seven of one character: ``5555555``, ``0000000`` (a run of ``A`` is base64's zero
# padding, part of some real formats: Dropbox, Twitter).
_LONG_RUN = LazyRegex(r"([^A])\1{6,}")


def is_example_token(value: str) -> bool:
    """A known-format token that is a documentation example (``ghp_xxxx...``,
    ``xoxb-<token>``, ``5555555555``) rather than a generated one: a mask or template, too
    few distinct characters, or one character seven times over."""
    return (
        _EXAMPLE_MARK.search(value) is not None
        or len(set(value)) < MIN_TOKEN_VARIETY
        or _LONG_RUN.search(value) is not None
    )


def has_placeholder(value: str) -> bool:
    """``<YOUR_API_KEY>``, ``YourKeyHere``, ``ghp_xxxx``: words that mark an example value."""
    if _PLACEHOLDER.search(value):
        return True
    short = _SHORT_PLACEHOLDER if not any(c.isdigit() for c in value) else _SHORT_PLACEHOLDER_WORD
    return short.search(value) is not None


def is_password(value: str) -> bool:
    """A password is short and can be anything but a placeholder or an ordinary word."""
    return len(value) >= MIN_PASSWORD_LENGTH and not is_inert(value)


def shannon_entropy(text: str) -> float:
    """Bits per character, as gitleaks measures a secret against a format's floor."""
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def is_key(value: str) -> bool:
    """A key or token is long and random-looking; a UUID counts, and so do long random
    digits (some providers' secrets are numbers)."""
    if is_inert(value):
        return False
    if _UUID.fullmatch(value) or _HEX.fullmatch(value):
        return True
    if value.isdigit():
        return len(value) >= MIN_NUMERIC_KEY_LENGTH and shannon_entropy(value) > 3.0
    return len(value) >= MIN_KEY_LENGTH and looks_random(value)


def credential_in(value: str, kind: SecretName) -> str | None:
    """The part of ``value`` that is a credential, for a value given to a name of ``kind``
    (``'Bearer x'`` given to ``Authorization`` -> ``x``), or ``None``."""
    if kind is SecretName.PASSWORD:
        return value if is_password(value) else None
    token = _AUTH_SCHEME.sub("", value.strip(), count=1)
    if kind is SecretName.AUTHORIZATION and token != value.strip() and is_password(token):
        return token
    return token if is_key(token) else None
