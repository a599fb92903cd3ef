"""``absolute-paths`` (RH1xx): paths that tie code to one machine.

A path is judged first by where it points (:func:`classify_path`: a home folder, a drive
letter, a hosted-notebook mount, ...) and then by how the code uses it: a fragment
appended to a variable, a docstring, a route in a decorator, a regex, a probe such as
``os.path.exists('/kaggle/input')`` or a download cache are not reported. Any other
absolute path is reported only where it is read, written or searched for code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from repro_hooks.core.finding import Finding
from repro_hooks.core.paths import under_any
from repro_hooks.hooks.absolute_paths.rules import (
    DRIVE,
    HOME,
    HOSTED,
    IO_PATH,
    MOUNT,
    PLACEHOLDER,
    PROJECT_ROOT,
)
from repro_hooks.sources import CodeUnit, Command, SourceFile, StringSite, Word, string_sites


@dataclass(frozen=True)
class PathKind:
    code: str
    label: str


@dataclass(frozen=True)
class PathSettings:
    """A project's own knowledge of its machines: ``extra_roots`` are machine-specific
    places the built-in kinds don't know (``/srv/lab``), and a path equal to or under one
    of ``allowed`` exists on every machine that runs the project (``/opt/models``)."""

    extra_roots: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()

    def is_allowed(self, path: str) -> bool:
        return under_any(path, self.allowed)

    def is_extra_root(self, path: str) -> bool:
        return under_any(path, self.extra_roots)


DEFAULT_SETTINGS = PathSettings()
_ABSOLUTE_IO = PathKind(IO_PATH, "absolute")
_EXTRA_ROOT = PathKind(PROJECT_ROOT, "configured machine-specific")


_KINDS: list[tuple[re.Pattern[str], PathKind]] = [
    (
        re.compile(
            r"""(?:/home|/Users)/(?!Shared(?:/|$))[^/\s]+ | /root(?:/|$)
            | [A-Za-z]:[\\/]+(?:Users|Documents[ ]and[ ]Settings)(?:[\\/]|$)
            | (?:\$HOME|\$\{HOME\})/""",
            re.VERBOSE,
        ),
        PathKind(HOME, "home folder"),
    ),
    (
        re.compile(r"[A-Za-z]:[\\/] | \\\\[^\\/\s]+[\\/] | /mnt/[a-zA-Z](?:/|$)", re.VERBOSE),
        PathKind(DRIVE, "Windows drive or network share"),
    ),
    (
        re.compile(
            r"""/content(?:/|$) | /kaggle/(?:input|working|temp)(?:/|$) | /kaggle/?$
            | /gdrive(?:/|$) | /dbfs/ | /Workspace/ | /workspace(?:/|$) | /opt/app(?:/|$)
            | /(?:input|output)(?:/|$)""",
            re.VERBOSE,
        ),
        PathKind(HOSTED, "hosted-notebook or container mount"),
    ),
    (
        re.compile(
            r"/(?:media|Volumes|mnt|raid|scratch|gpfs|lustre|nfs|cluster|net|storage)/[^/\s]+"
        ),
        PathKind(MOUNT, "mounted drive or cluster storage"),
    ),
    (
        re.compile(r"/path/to(?:/|$)|[A-Za-z]:[\\/]+path[\\/]+to(?:[\\/]|$)", re.IGNORECASE),
        PathKind(PLACEHOLDER, "placeholder path"),
    ),
]
_TILDE = re.compile(r"~(?:[A-Za-z_][\w.-]*)?/(?P<first>[^/\s]*)")
_PORTABLE = re.compile(
    r"/(?:tmp|var/tmp|dev|proc|sys|etc|usr|bin|sbin|lib|lib64|opt|var|run|boot|snap)(?:/|$)"
)
_ABSOLUTE = re.compile(r"/[\w.-]+/?")
_NOT_A_PATH = re.compile(
    r"/(?:cpu|gpu|device|job|replica|task|xla_cpu|xla_gpu|tpu)(?::|$)"  # TensorFlow devices
    r"|[a-z][a-z0-9+.-]+://(?!/)",  # URLs other than file:/// (one letter: a drive)
    re.IGNORECASE,
)
_REGEX = re.compile(r"\(\?|\[\^|\\[dwsbDWS]|\.\*|\.\+|^\^|\$$")
# Where a path is embedded in a longer string (a shell command built as a string).
_EMBEDDED = re.compile(
    r"""(?:^|(?<=[\s'"=(,:;]))(?P<path>(?:/home/|/Users/|/content/|/kaggle/(?:input|working)|/media/|/Volumes/|/mnt/|/raid/|/scratch/|~/|[A-Za-z]:\\\\?|\\\\\\\\)[^\s'"]*)"""
)

# Calls (by their last name) and keywords that read, write or list files, or change where
# code is looked up.
IO_CALLS = frozenset(
    """open read_csv read_excel read_json read_parquet read_table read_pickle read_feather
    read_hdf read_fwf read_stata read_sas read_spss read_orc read_xml read_text read_bytes
    read_file to_csv to_excel to_json to_parquet to_pickle to_feather to_hdf to_stata
    write_text write_bytes savefig imread imwrite imsave load loadtxt genfromtxt save savez
    savez_compressed savetxt fromfile tofile memmap load_model save_model load_weights
    save_weights Path PurePath PosixPath WindowsPath glob iglob listdir scandir walk chdir
    makedirs mkdir rmtree copy copyfile copy2 copytree move rename replace remove unlink
    expanduser join ZipFile TarFile File load_img image_dataset_from_directory
    flow_from_directory ImageFolder DatasetFolder load_dataset load_from_disk save_to_disk
    from_pretrained save_pretrained SummaryWriter ModelCheckpoint CSVLogger TensorBoard
    FileHandler VideoCapture VideoWriter connect read_image write_image dump loadmat savemat
    read_video""".split()
)
READ_CALLS = frozenset(
    name for name in IO_CALLS if name.startswith(("read", "load", "imread", "open", "glob"))
) | {"listdir", "scandir", "walk", "chdir", "ImageFolder", "Path", "copy", "copyfile", "File"}
PATH_APPEND_CALLS = frozenset({"sys.path.append", "sys.path.insert", "site.addsitedir"})
PATH_KEYWORDS = re.compile(
    r"(?:file|path|dir|directory|folder|root|fname|filename|filepath|logdir|path_or_buf)s?$",
    re.IGNORECASE,
)
URL_KEYWORDS = re.compile(r"url|route|endpoint|prefix|api", re.IGNORECASE)
_FILE_LIKE = re.compile(r"/[^/]+/[^/]|/[^/]+\.\w+$")
PROBE_CALLS = frozenset({"exists", "isdir", "isfile", "lexists", "startswith"})
REGEX_CALL = re.compile(r"(?:^|\.)(?:re|regex)\.\w+$|^(?:compile|fnmatch)$")
# Magics whose argument is a path the code then runs in or runs.
PATH_MAGICS = frozenset({"cd", "run", "load", "pushd", "bookmark", "save", "writefile", "file"})
CD_COMMANDS = frozenset({"cd", "pushd", "source", "."})
DOWNLOAD_KEYWORDS = frozenset({"download", "cache_dir", "exist_ok"})

_ADVICE = "use a path relative to the project{example}, a glob pattern, or a cloud URL"
_NOTEBOOK_NOTE = " (in a notebook, a relative path resolves against the notebook's folder)"


def classify_path(value: str, settings: PathSettings = DEFAULT_SETTINGS) -> PathKind | None:
    """The machine-specific kind of a path by where it points, or ``None``."""
    value = value.strip()
    if value.lower().startswith("file://"):
        value = value[len("file://") :]
        value = value[1:] if re.match(r"/[A-Za-z]:", value) else value
    for pattern, kind in _KINDS:
        if pattern.match(value):
            return kind
    return _EXTRA_ROOT if settings.is_extra_root(value) else None


def check_source(
    source: SourceFile, settings: PathSettings = DEFAULT_SETTINGS
) -> Iterator[Finding]:
    in_notebook = source.is_notebook
    for unit in source.units:
        for line, column, kind, path in check_unit(unit, settings):
            if not settings.is_allowed(path):
                message = _message(kind, path, in_notebook)
                yield Finding(source.path, unit.cell, line, column, kind.code, message)


# A string that starts like a path (not appended to something) or holds a strong root.
_CANDIDATE = re.compile(
    r"""(?<![+/]\s)(?<![+/])[rRbBuUfF]{0,2}['"]"""
    r"""(?P<path>(?:[/~\\]|[A-Za-z]:[\\/]|file:)[^'"\n]*)"""
)


# What every match of _CANDIDATE and of _EMBEDDED holds, found at C speed: most units hold
# neither, and skip those scans (tests/test_prefilters.py holds them to the patterns).
_PATH_START = re.compile(r"""['"](?:[/~\\]|[A-Za-z]:[\\/]|file:)""")
_EMBEDDED_ROOTS = (
    "/home/", "/Users/", "/content/", "/kaggle/input", "/kaggle/working", "/media/",
    "/Volumes/", "/mnt/", "/raid/", "/scratch/", "~/", ":\\", "\\\\",
)  # fmt: skip


def _candidate_lines(unit: CodeUnit, settings: PathSettings) -> set[int]:
    """Lines holding a string that could be reported, found without parsing."""
    python = unit.python
    offsets = []
    if _PATH_START.search(python):
        found = _CANDIDATE.finditer(python)
        offsets += [m.start() for m in found if _could_report(m["path"], settings)]
    if any(root in python for root in _EMBEDDED_ROOTS):
        offsets += [m.start("path") for m in _EMBEDDED.finditer(python) if m.start("path") > 0]
    return {unit.line_table.line(offset) for offset in offsets}


def _could_report(value: str, settings: PathSettings) -> bool:
    return bool(
        classify_path(value, settings) or _TILDE.match(value) or _is_unportable_absolute(value)
    )


def _is_unportable_absolute(value: str) -> bool:
    return bool(_ABSOLUTE.match(value)) and not _PORTABLE.match(value)


Hit = tuple[int, int, PathKind, str]


def check_unit(unit: CodeUnit, settings: PathSettings) -> Iterator[Hit]:
    """(line, column, kind, path) for each machine-specific path in one code unit."""
    lines = _candidate_lines(unit, settings)
    if lines:
        for site in string_sites(unit, lines):
            yield from _judge_site(unit, site, settings)
    for command in unit.commands:
        yield from _judge_command(command, settings)


def _last_name(call: str | None) -> str:
    return (call or "").rsplit(".", 1)[-1]


def _is_io_context(site: StringSite) -> bool:
    """Is the string a path that code reads, writes, or searches for modules?"""
    if site.call in PATH_APPEND_CALLS:
        return True
    if _last_name(site.call) in IO_CALLS and site.keyword is None:
        return True
    # ``path=`` of an unknown call may be a web route (``me.colab_show(path="/chat")``):
    # only a file-like value (two folders deep, or with an extension) counts there.
    return (
        site.keyword is not None
        and not URL_KEYWORDS.search(site.keyword)
        and bool(PATH_KEYWORDS.search(site.keyword))
        and bool(_FILE_LIKE.match(site.value))
    )


def _judge_site(unit: CodeUnit, site: StringSite, settings: PathSettings) -> Iterator[Hit]:
    if site.is_docstring or site.in_decorator or REGEX_CALL.search(site.call or ""):
        return
    value = site.value.split("{}", 1)[0] if site.is_fstring else site.value
    if site.is_head and value.strip() and not _NOT_A_PATH.match(value.strip()):
        kind = _kind_in_context(value.strip(), site, settings)
        if kind is not None:
            yield site.line, site.column, kind, value
            return
    lines_reported = set()
    for match in _EMBEDDED.finditer(site.value):
        path = match["path"]
        if match.start() == 0:
            continue  # the string's own head: judged above, or a fragment
        kind = classify_path(path, settings) or _tilde_kind(path, read=True)
        if kind is not None:
            position = site.locate(match.start("path"))
            if position[0] not in lines_reported:
                lines_reported.add(position[0])
                yield *position, kind, path


def _kind_in_context(value: str, site: StringSite, settings: PathSettings) -> PathKind | None:
    kind = classify_path(value, settings)
    if kind is not None:
        if site.in_comparison or _is_probe(site):
            return None
        return kind
    if value.startswith("~"):
        reads = _last_name(site.call) in READ_CALLS and not _creates_it(site)
        return _tilde_kind(value, read=reads)
    if (
        _is_unportable_absolute(value)
        and not _REGEX.search(value)
        and not site.in_comparison
        and _is_io_context(site)
    ):
        return _ABSOLUTE_IO
    return None


def _tilde_kind(value: str, read: bool) -> PathKind | None:
    """``~/data/x.csv`` read by the code is one user's data; ``~/.cache``-style folders and
    folders the code creates are per-user locations that work everywhere."""
    match = _TILDE.match(value)
    if match is None or not read or match["first"].startswith(".") or not match["first"]:
        return None
    return PathKind(HOME, "home folder")


def _creates_it(site: StringSite) -> bool:
    return any(
        keyword in DOWNLOAD_KEYWORDS and source.strip() != "False"
        for keyword, source in site.call_keywords
    )


def _is_probe(site: StringSite) -> bool:
    """``os.path.exists('/kaggle/input')`` and ``cwd.startswith('/content')`` only ask
    where the code runs."""
    return _last_name(site.call) in PROBE_CALLS


def _message(kind: PathKind, path: str, in_notebook: bool) -> str:
    shown = path if len(path) <= 60 else path[:57] + "..."
    advice = _ADVICE.format(example=_relative_example(path))
    note = _NOTEBOOK_NOTE if in_notebook else ""
    return f"{kind.label} path '{shown}' ties the code to one machine: {advice}{note}"


def _relative_example(path: str) -> str:
    """``data/ticket_data.csv`` for a file path: the file, in a folder of the project."""
    name = re.split(r"[\\/]+", path.rstrip("\\/"))[-1]
    if "." not in name.strip(".") or "{}" in name or ":" in name:
        return ""
    return f" (e.g. 'data/{name}')"


def _judge_command(command: Command, settings: PathSettings) -> Iterator[Hit]:
    """Shell and magic words (IPython syntax exists only in notebooks)."""
    if command.kind == "magic" and command.name in {"cd", "pushd", "bookmark"}:
        words = (
            [Word(command.args.strip().strip("'\""), command.args, command.line, command.column)]
            if command.args.strip()
            else []
        )
    else:
        words = list(command.words)
    takes_path = command.kind == "magic" and command.name in PATH_MAGICS
    previous = ""
    for word in words:
        for offset, value in _word_values(word.text):
            kind = classify_path(value, settings)
            if kind is None and value.startswith("~"):
                kind = _tilde_kind(value, read=True)
            moves_to_it = takes_path or previous in CD_COMMANDS
            if kind is None and moves_to_it and _is_unportable_absolute(value):
                kind = _ABSOLUTE_IO
            if kind is not None and not _NOT_A_PATH.match(value):
                column = word.column + (offset if word.raw == word.text else 0)
                yield word.line, column, kind, value
        previous = word.text


def _word_values(text: str) -> Iterator[tuple[int, str]]:
    """The word itself and, for ``--opt=/path`` or ``VAR=/path``, what follows ``=``."""
    yield 0, text
    if "=" in text:
        offset = text.index("=") + 1
        yield offset, text[offset:]
