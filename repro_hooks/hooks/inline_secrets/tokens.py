"""Provider tokens found by shape, wherever they stand: code, strings, magics, outputs.

Everything here is derived from the one catalogue (:data:`providers.FORMATS`): one combined
keyword scan per text says which formats could match, and only those formats' regexes run.
A match counts when its secret clears the format's entropy floor and is no placeholder
(the format's own allow rules, the global ones, and example words such as ``your``/``xxxx``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from operator import attrgetter

from repro_hooks.core.lazy import lazy
from repro_hooks.hooks.inline_secrets.context import is_example_token, shannon_entropy
from repro_hooks.hooks.inline_secrets.providers import FORMATS, GLOBAL_ALLOW, Allow, TokenFormat

# A format that starts at a word boundary (after its flags): searched without it, see
# :func:`at_word_starts`.
_LEADING_BOUNDARY = re.compile(r"^(\(\?i\))?\\b")
_NAME_PREFIX = re.compile(r"^(\(\?i\))?\[\\w\.-\]\{0,50\}\?")


@dataclass(frozen=True)
class TokenMatch:
    """A secret of a known format at ``start`` (an offset into the scanned text)."""

    format: TokenFormat
    value: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.value)


def ascii_lower(text: str) -> str:
    """``text`` lower-cased with every other character as ``?``: same length, same
    offsets, so a match in it is a match at the same place in ``text``."""
    if not text.isascii():
        text = text.encode("ascii", "replace").decode()
    return text.lower()


# Bytes of notebook code and output from the most to the least common (measured on public
# notebooks; the rest are rarer still). A regex tries a match at every position whose byte
# can start one, so each keyword is looked for from a rare byte of its own.
_BY_FREQUENCY = b" etasiron\nlpdc._m0=,ufg1(h)2b'y:?3[-\"x4v5/]6w897k#zq><j*{}%"
_RARE = 25  # bytes from this rank on are rare
_LAST_GROUP = attrgetter("lastindex")


def _rank(byte: int) -> int:
    found = _BY_FREQUENCY.find(bytes([byte]))
    return len(_BY_FREQUENCY) if found < 0 else found


class _KeywordScan:
    """Which of many keywords a lower-cased ASCII text holds, in two regex passes: one for
    keywords with a rare byte, looked for from it; one for the rest, looked for from as few
    distinct common bytes as cover them all (``linear`` and ``plaid`` both from ``a``).
    A match starts at the anchor byte; the keyword's bytes before it are checked behind
    (``a(?:ir(?<=plaid)...)``), so every position without an anchor is skipped at C speed.
    Like any scan, it reports the longest keyword at an anchor and goes on after it."""

    def __init__(self, keywords: Sequence[str]) -> None:
        anchors: dict[str, int] = {}
        covered: list[str] = []
        for word in keywords:
            rarest = max(range(len(word)), key=lambda i: _rank(ord(word[i])))
            if _rank(ord(word[rarest])) >= _RARE:
                anchors[word] = rarest
            else:
                covered.append(word)
        rare_pass = dict(anchors)
        common_pass: dict[str, int] = {}
        while covered:  # greedy: the common byte found in most of the keywords left
            counts = Counter(char for word in covered for char in set(word))
            best = max(counts, key=lambda char: (counts[char], _rank(ord(char))))
            for word in [word for word in covered if best in word]:
                common_pass[word] = word.index(best)
                covered.remove(word)
        self._passes = [_anchored(rare_pass), _anchored(common_pass)]

    def found(self, lowered: bytes) -> set[str]:
        words: set[str] = set()
        for pattern, by_group in self._passes:
            # The groups that matched, gathered at C speed: a text can hold thousands.
            groups = set(map(_LAST_GROUP, pattern.finditer(lowered)))
            words.update(by_group[group or 0] for group in groups)
        return words


def _anchored(anchors: dict[str, int]) -> tuple[re.Pattern[bytes], list[str]]:
    """One regex for the keywords, each from its anchor; group ``n`` marks keyword
    ``by_group[n]``."""
    by_anchor: dict[str, list[str]] = {}
    for word, index in anchors.items():
        by_anchor.setdefault(word[index], []).append(word)
    by_group = [""]
    branches = []
    for anchor, words in sorted(by_anchor.items()):
        tails = []
        for word in sorted(words, key=lambda w: (-len(w), anchors[w], w)):  # longest first
            index = anchors[word]
            behind = f"(?<={re.escape(word)})" if index else ""
            tails.append(f"{re.escape(word[index + 1 :])}{behind}()")
            by_group.append(word)
        branches.append(f"{re.escape(anchor)}(?:{'|'.join(tails)})")
    return re.compile("|".join(branches).encode() or b"(?!)"), by_group


class _CompiledAllow:
    def __init__(self, allow: Allow) -> None:
        self.regexes = [re.compile(regex, re.ASCII) for regex in allow.regexes]
        self.target = allow.target
        self.stopwords = tuple(word.lower() for word in allow.stopwords)

    def allows(self, secret: str, match: str, line: str) -> bool:
        target = {"secret": secret, "match": match, "line": line}[self.target]
        if any(regex.search(target) for regex in self.regexes):
            return True
        lowered = secret.lower()
        return any(word in lowered for word in self.stopwords)


class Catalogue:
    """The formats compiled once: the keyword scan, and each format's regex and allow rules.

    ``is_placeholder`` is the hook's own test for example values (``<your-key>``,
    ``ghp_xxxx``), applied to every secret after the format's rules.
    """

    def __init__(
        self, formats: Sequence[TokenFormat], is_placeholder: Callable[[str], bool]
    ) -> None:
        self.formats = tuple(formats)
        self._is_placeholder = is_placeholder
        keywords = sorted({k.lower() for f in self.formats for k in f.keywords})
        # Over lower-cased ASCII bytes: twice as fast as a case-blind scan of ``str``.
        self._keyword_scan = _KeywordScan(keywords)
        self._formats_found: dict[str, tuple[int, ...]] = {}
        self._keywords_of = [
            tuple(k.lower() for k in token_format.keywords) for token_format in self.formats
        ]
        # Compiled on first need: most texts call for a few formats, if any.
        self._compiled: dict[int, tuple[re.Pattern[str], tuple[_CompiledAllow, ...], bool]] = {}

    def _compiled_format(
        self, index: int
    ) -> tuple[re.Pattern[str], tuple[_CompiledAllow, ...], bool]:
        if index not in self._compiled:
            token_format = self.formats[index]
            allows = tuple(_CompiledAllow(allow) for allow in token_format.allow)
            regex = token_format.regex
            if token_format.needs_name:
                # The leading "[\w.-]{0,50}?" only widens a match to the left of the name;
                # without it the scan starts at the name, many times faster.
                regex = _NAME_PREFIX.sub(r"\1", regex, count=1)
            bounded = _LEADING_BOUNDARY.match(regex) is not None
            if bounded:
                regex = _LEADING_BOUNDARY.sub(r"\1", regex, count=1)
            self._compiled[index] = (re.compile(regex, re.ASCII), allows, bounded)
        return self._compiled[index]

    @lazy
    def _global_allow(self) -> _CompiledAllow:
        return _CompiledAllow(GLOBAL_ALLOW)

    def candidates(self, text: str) -> list[int]:
        """Indexes of the formats whose keywords ``text`` holds, in catalogue order: the one
        combined scan."""
        found: set[int] = set()
        for keyword in self._keyword_scan.found(ascii_lower(text).encode()):
            found.update(self._formats_of(keyword))
        return sorted(found)

    def _formats_of(self, found: str) -> tuple[int, ...]:
        """The formats a keyword found stands for: its own and those of every keyword
        inside it (the scan reports the longest at a position and goes on after it).
        Worked out when first found: a run meets a few keywords of the hundreds."""
        if found not in self._formats_found:
            self._formats_found[found] = tuple(
                index
                for index, keywords in enumerate(self._keywords_of)
                if any(keyword in found for keyword in keywords)
            )
        return self._formats_found[found]

    def matches(self, text: str) -> Iterator[TokenMatch]:
        """Every secret of a known format in ``text``, leftmost first; where two formats
        match overlapping text, the earlier and longer match wins."""
        found: list[TokenMatch] = []
        for index in self.candidates(text):
            found += self.matches_of(index, text)
        end = -1
        for token in sorted(found, key=lambda t: (t.start, -len(t.value))):
            if token.start >= end:
                end = token.end
                yield token

    def matches_of(self, index: int, text: str) -> Iterator[TokenMatch]:
        """The secrets of format ``index`` in ``text`` (no pre-filter, no overlap rule)."""
        token_format = self.formats[index]
        regex, own_allows, bounded = self._compiled_format(index)
        for match in at_word_starts(regex, text) if bounded else regex.finditer(text):
            group = _secret_group(match, token_format.secret_group)
            secret = match[group].strip("\n")
            if not secret:
                continue
            if token_format.entropy and shannon_entropy(secret) <= token_format.entropy:
                continue
            line = _line_of(text, match.start())
            allows = (self._global_allow, *own_allows)
            if any(allow.allows(secret, match[0], line) for allow in allows):
                continue
            if self._is_placeholder(secret):
                continue
            yield TokenMatch(token_format, secret, match.start(group))


def at_word_starts(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """What ``\\b`` + ``pattern`` finds in ``text``, found faster: a regex that starts with
    ``\\b`` is tried at every position, while ``pattern`` alone skips to where its first
    character is. The boundary is checked at each match (ASCII word characters, as the
    formats are compiled), and the search goes on from the next position when it fails."""
    position, end = 0, len(text)
    while position <= end:
        match = pattern.search(text, position)
        if match is None:
            return
        start = match.start()
        if _is_word(text, start - 1) != _is_word(text, start):
            yield match
            position = match.end() if match.end() > start else start + 1
        else:
            position = start + 1


def _is_word(text: str, index: int) -> bool:
    if not 0 <= index < len(text):
        return False
    char = text[index]
    return char == "_" or (char.isascii() and char.isalnum())


def _secret_group(match: re.Match[str], secret_group: int) -> int:
    """gitleaks' rule: the configured group, else the first group that matched, else all."""
    if secret_group:
        return secret_group
    for group in range(1, (match.re.groups or 0) + 1):
        if match[group]:
            return group
    return 0


def _line_of(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start : end if end >= 0 else len(text)]


@cache
def catalogue() -> Catalogue:
    """The hook's catalogue: every provider format, with the hook's test for example
    values."""
    return Catalogue(FORMATS, is_example_token)
