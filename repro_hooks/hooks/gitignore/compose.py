"""The ``env_file:`` entries of Docker Compose files, without a YAML library.

Only the narrow subset compose files use for ``env_file`` is read: a scalar
(``env_file: .env``), a flow list (``[a.env, b.env]``), a block list of scalars, and a
block list of mappings with ``path:`` (compose 2.24+). Anything else is skipped, never
fatal: this reader must not fail on a file that Compose itself would reject.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

COMPOSE_FILE_NAMES = (
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
    "compose.override.yaml",
    "compose.override.yml",
    "docker-compose.override.yaml",
    "docker-compose.override.yml",
)

_ENV_FILE_KEY = re.compile(r"(?P<indent>[ ]*)(?:-[ ]+)?env_file[ ]*:(?P<value>.*)")
_LIST_ITEM = re.compile(r"[ ]*-[ ]*(?P<value>.*)")
_PATH_KEY = re.compile(r"[ ]*(?:-[ ]+)?path[ ]*:(?P<value>.*)")
_FLOW_PATH = re.compile(r"""\bpath[ ]*:[ ]*(?P<value>"[^"]*"|'[^']*'|[^,}]+)""")
_FLOW_MAPPING = re.compile(r"\{[^}]*\}")
_DRIVE = re.compile(r"[A-Za-z]:")
_MAPPING_KEY = re.compile(r"[\w-]+[ ]*:(?:[ ]|$)")


def _strip_comment(text: str) -> str:
    """Drop a trailing `` # comment`` that is not inside quotes."""
    quote = ""
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            return text[:index].strip()
    return text.strip()


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


def _flow_mapping_path(text: str) -> Iterator[str]:
    """The ``path`` of a flow mapping such as ``{path: a.env, required: false}``."""
    if found := _FLOW_PATH.search(text):
        yield _unquote(found.group("value"))


def _flow_items(text: str) -> Iterator[str]:
    """The items of ``[a, "b", {path: c}]``."""
    inner = text[1:-1]
    for mapping in _FLOW_MAPPING.findall(inner):
        yield from _flow_mapping_path(mapping)
    for item in _FLOW_MAPPING.sub("", inner).split(","):
        if item.strip():
            yield _unquote(item)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_items(lines: list[str], key_indent: int) -> Iterator[str]:
    """The values of the block list under an ``env_file:`` key at ``key_indent``.

    YAML lets the list's dashes sit at the key's own indentation, so the block ends at
    the first line that is less indented, or as indented but not a list item.
    """
    for line in lines:
        content = _strip_comment(line)
        if not content:
            continue
        indent = _indent(line)
        if indent < key_indent or (indent == key_indent and not content.startswith("-")):
            return
        if found := _PATH_KEY.fullmatch(content):
            yield _unquote(found.group("value"))
        elif item := _LIST_ITEM.fullmatch(content):
            value = item.group("value")
            if value.startswith("{"):
                yield from _flow_mapping_path(value)
            elif not _MAPPING_KEY.match(value):
                yield _unquote(value)


def _flow_text(value: str, following: list[str]) -> str | None:
    """A flow list that may span lines (``[`` here, ``]`` some lines below), or None."""
    text = value
    for line in following:
        if text.endswith("]"):
            break
        text += " " + _strip_comment(line)
    return text if text.endswith("]") else None


def _raw_env_files(text: str) -> Iterator[str]:
    lines = text.splitlines()
    for number, line in enumerate(lines):
        found = _ENV_FILE_KEY.fullmatch(line.rstrip())
        if not found:
            continue
        value = _strip_comment(found.group("value"))
        following = lines[number + 1 :]
        if value.startswith("["):
            flow = _flow_text(value, following)
            yield from _flow_items(flow) if flow is not None else ()
        elif value:
            yield _unquote(value)
        else:
            yield from _block_items(following, len(found.group("indent")))


def _inside_repository(raw: str) -> str | None:
    """``raw`` as a root-relative path, or None where it cannot name a repository file."""
    if not raw or "$" in raw or raw.startswith(("/", "\\")) or _DRIVE.match(raw):
        return None
    path = posixpath.normpath(raw.replace("\\", "/"))
    return None if path in (".", "..") or path.startswith("../") else path


def env_files(text: str) -> list[str]:
    """The env files a compose file (at the repository root) names, root-relative.

    Paths outside the repository, absolute ones and those built from ``${VARIABLES}``
    cannot be checked in the repository and are left out.
    """
    paths = (_inside_repository(raw) for raw in _raw_env_files(text))
    return list(dict.fromkeys(path for path in paths if path is not None))
