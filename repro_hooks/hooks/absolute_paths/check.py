"""``absolute-paths`` (RH1xx): paths that tie code to one machine.

A string is judged first by what the syntax says it is: a regular expression, an encoded
blob, an argument of ``str.replace``, a default read from the environment, a probe such as
``Path('/kaggle/working').exists()``, path arithmetic in a test, a fragment appended to a
variable, a docstring or a route is not a path the code uses. A path is then judged by
where it points (:func:`classify_path`): a home folder, a drive letter, a hosted
platform's folder (:mod:`.platforms`), a mount; any other absolute path only where it is
read, written or searched for code. Home folders reached by code are followed by
:mod:`.home`, relative paths that leave the work tree by :mod:`.relative`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from repro_hooks.core.finding import Finding
from repro_hooks.core.lazy import LazyRegex
from repro_hooks.core.paths import is_absolute, local_path, under_any
from repro_hooks.hooks.absolute_paths.platforms import (
    Platform,
    is_mount_call,
    place_of,
    platforms_named,
)
from repro_hooks.hooks.absolute_paths.relative import Base, base_of, goes_up
from repro_hooks.hooks.absolute_paths.rules import (
    DRIVE,
    HOME,
    HOSTED,
    IO_PATH,
    MOUNT,
    OUTSIDE_TREE,
    PLACEHOLDER,
    PLATFORM_USER,
    PROJECT_ROOT,
)
from repro_hooks.sources import CodeUnit, Command, SourceFile, StringSite, Word, string_sites


@dataclass(frozen=True)
class PathKind:
    code: str
    label: str
    platform: Platform | None = None


@dataclass(frozen=True)
class PathSettings:
    """A project's own knowledge of its machines: ``extra_roots`` are machine-specific
    places the built-in kinds don't know (``/srv/lab``), a path equal to or under one of
    ``allowed`` exists on every machine that runs the project (``/opt/models``), and
    ``report_platforms`` says the project must also run off its hosted platform (RH103)."""

    extra_roots: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()
    report_platforms: bool = False

    def is_allowed(self, path: str) -> bool:
        return under_any(path, self.allowed)

    def is_extra_root(self, path: str) -> bool:
        return under_any(path, self.extra_roots)


@dataclass(frozen=True)
class FileFacts:
    """What the whole file says about its paths: the platforms its metadata and imports
    name, the folders it mounts a user's storage at, where its relative paths start (none
    outside a work tree), whether it is a test module or a notebook, and whether
    ``../input`` in it means Kaggle's input folder."""

    platforms: frozenset[str] = frozenset()
    mounts: tuple[str, ...] = ()
    base: Base | None = None
    is_test: bool = False
    in_notebook: bool = False
    kaggle_inputs: bool = False


DEFAULT_SETTINGS = PathSettings()
DEFAULT_FACTS = FileFacts()
_ABSOLUTE_IO = PathKind(IO_PATH, "absolute")
_EXTRA_ROOT = PathKind(PROJECT_ROOT, "configured machine-specific")
_OUTSIDE = PathKind(OUTSIDE_TREE, "relative")

_KINDS: list[tuple[LazyRegex, PathKind]] = [
    (
        LazyRegex(
            r"""(?:/home|/Users)/(?!Shared(?:/|$))[^/\s]+ | /root(?:/|$)
            | [A-Za-z]:[\\/]+(?:Users|Documents[ ]and[ ]Settings)(?:[\\/]|$)
            | (?:\$HOME|\$\{HOME\})/""",
            re.VERBOSE,
        ),
        PathKind(HOME, "home folder"),
    ),
    (
        LazyRegex(r"[A-Za-z]:[\\/] | \\\\[^\\/\s]+[\\/] | /mnt/[a-zA-Z](?:/|$)", re.VERBOSE),
        PathKind(DRIVE, "Windows drive or network share"),
    ),
    (
        LazyRegex(
            r"/(?:media|Volumes|mnt|raid|scratch|gpfs|lustre|nfs|cluster|net|storage)/[^/\s]+"
        ),
        PathKind(MOUNT, "mounted drive or cluster storage"),
    ),
    (
        LazyRegex(r"/path/to(?:/|$)|[A-Za-z]:[\\/]+path[\\/]+to(?:[\\/]|$)", re.IGNORECASE),
        PathKind(PLACEHOLDER, "placeholder path"),
    ),
]
_TILDE = LazyRegex(r"~(?P<user>[A-Za-z_][\w.-]*)?/(?P<first>[^/\s]*)")
_PORTABLE = LazyRegex(
    r"/(?:tmp|var/tmp|dev|proc|sys|etc|usr|bin|sbin|lib|lib64|opt|var|run|boot|snap)(?:/|$)"
)
_ABSOLUTE = LazyRegex(r"/[\w.-]+/?")
_NOT_A_PATH = LazyRegex(
    r"/(?:cpu|gpu|device|job|replica|task|xla_cpu|xla_gpu|tpu)(?::|$)"  # TensorFlow devices
    r"|[a-z][a-z0-9+.-]+://(?!/)",  # URLs other than file:/// (one letter: a drive)
    re.IGNORECASE,
)
# Regular-expression syntax no file name holds: a group or class, an escaped
# metacharacter (not ``\*``, ``\?``, ``\{``: a Windows glob or template has those), a
# quantified escape, anchors, ``.*``.
_REGEX = LazyRegex(
    r"\(\?|\[\^|\[[^\]/\\]-[^\]/\\]\]|\\[sdwSDW][*+?{]|\\[.()\[\]|^$+]|\.\*|\.\+"
    r"|^\^|\$$"
)
# An encoded blob (base64): one long run of its alphabet, with no folder a person named.
_BLOB = LazyRegex(r"[A-Za-z0-9+/]{24,}={0,2}")
# Where a path is embedded in a longer string (a shell command built as a string).
_EMBEDDED = LazyRegex(
    r"""(?:^|(?<=[\s'"=(,:;]))(?P<path>(?:/home/|/Users/|/root/|/content/|/kaggle/(?:input|working)|/media/|/Volumes/|/mnt/|/raid/|/scratch/|~/|[A-Za-z]:\\\\?|\\\\\\\\)[^\s'"]*)"""
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
    makedirs mkdir rmtree copy copyfile copy2 copytree move rename remove unlink
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
WRITE_CALLS = IO_CALLS - READ_CALLS - {"join", "expanduser", "Path", "PurePath"}
# Names of a value that is a file or folder: ``path``, ``data_dir``, ``img_folder_2019``.
PATH_KEYWORDS = LazyRegex(
    r"(?:^|_)(?:file|path|dir|directory|folder|root|fname|filename|filepath|logdir"
    r"|path_or_buf)s?(?:_\w*)?$",
    re.IGNORECASE,
)
# Calls that read or write a file by their name: ``load_state``, ``save_checkpoint``.
IO_CALL_NAME = LazyRegex(r"(?:load|read|save|write|open)(?:_\w+)?$|to_[a-z]+$")
READ_CALL_NAME = LazyRegex(r"(?:load|read|open)(?:_\w+)?$")
# A file of data, a model or a config, by its extension.
DATA_FILE = LazyRegex(
    r"/[^/]+/.*\.(?:csv|tsv|parquet|feather|json|jsonl|txt|xlsx?|pkl|pickle|npy|npz|h5|hdf5"
    r"|pth?|ckpt|bin|safetensors|onnx|tfrecords?|ya?ml|zip|tar|gz|jpe?g|png|tiff?|dcm|nii|wav"
    r"|mp4|db|sqlite)$",
    re.IGNORECASE,
)
URL_KEYWORDS = LazyRegex(r"url|route|endpoint|prefix|api", re.IGNORECASE)
_FILE_LIKE = LazyRegex(r"/[^/]+/[^/]|/[^/]+\.\w+$")
PROBE_CALLS = frozenset({"exists", "isdir", "isfile", "lexists", "ismount"})
PROBE_METHODS = frozenset({"exists", "is_dir", "is_file", "is_mount", "is_symlink"})
REGEX_CALL = LazyRegex(r"(?:^|\.)(?:re|regex)\.\w+$|^(?:compile|fnmatch)$")
# Methods of ``str`` whose argument is text to find, cut or swap, never a file.
STRING_METHODS = frozenset(
    """replace split rsplit strip lstrip rstrip startswith endswith find rfind index rindex
    count partition rpartition removeprefix removesuffix""".split()
)
FILE_MOVES = frozenset({"os.replace", "shutil.move", "os.rename"})
# Names of file operations that lists, sets and dicts have too.
LIST_METHODS = frozenset({"remove", "copy", "move", "rename"})
FILE_CALLS = frozenset(
    {"os.remove", "os.rename", "shutil.copy", "shutil.move", "shutil.copyfile", "os.unlink"}
)
ENV_GETTERS = frozenset(
    {"os.environ.get", "os.getenv", "environ.get", "getenv", "os.environ.setdefault"}
)
PATH_BUILDERS = frozenset(
    {"Path", "PurePath", "PurePosixPath", "PureWindowsPath", "PosixPath", "WindowsPath", "join"}
)
DISK_METHODS = frozenset(
    """open read_text read_bytes write_text write_bytes mkdir iterdir glob rglob unlink
    rmdir touch stat""".split()
)
# Magics whose argument is a path the code then runs in or runs.
PATH_MAGICS = frozenset({"cd", "run", "load", "pushd", "bookmark", "save", "writefile", "file"})
CD_COMMANDS = frozenset({"cd", "pushd", "source", "."})
DOWNLOAD_KEYWORDS = frozenset({"download", "cache_dir", "exist_ok"})
_TEST_FILE = LazyRegex(r"(?:^|[\\/])(?:tests?[\\/].*|test_[^\\/]*|[^\\/]*_test|conftest)\.py$")
# Text that must be in a unit for it to reach a home folder through code.
HOME_TRIGGER = LazyRegex(r"expanduser|\.home\(\)|['\"](?:HOME|USERPROFILE)['\"]")


def reaches_home(python: str) -> bool:
    """Whether code may reach a home folder (:data:`HOME_TRIGGER`); four look-ups at C
    speed first, as a regex that starts with a choice of words tries every position."""
    words = "expanduser" in python or ".home()" in python or "HOME" in python
    return (words or "USERPROFILE" in python) and HOME_TRIGGER.search(python) is not None


_SYS_PATH_ENTRY = LazyRegex(r"""(?:sys\.path\.(?:append|insert)|addsitedir)\([^)]*['"]/""")
_KAGGLE_INPUT = LazyRegex(r"(?:\./)*\.\./input(?:/|$)")
_KAGGLE_PATH = LazyRegex(r"""(?<=['"\s])/kaggle/(?:input|working)\b""")

_ADVICE = "use a path relative to the project{example}, a glob pattern, or a cloud URL"
_NOTEBOOK_NOTE = " (in a notebook, a relative path resolves against the notebook's folder)"


@functools.lru_cache(maxsize=4096)
def classify_path(
    value: str, settings: PathSettings = DEFAULT_SETTINGS, facts: FileFacts = DEFAULT_FACTS
) -> PathKind | None:
    """The machine-specific kind of a path by where it points, or ``None`` (kept for the
    last few thousand questions: a candidate is classified again when it is judged)."""
    value = local_path(value.strip())
    place = place_of(value, facts.mounts)
    if place is not None:
        if place.personal:
            return PathKind(PLATFORM_USER, f"own {place.platform.name} storage", place.platform)
        return PathKind(HOSTED, f"{place.platform.name} folder", place.platform)
    for pattern, kind in _KINDS:
        if pattern.match(value):
            return kind
    return _EXTRA_ROOT if settings.is_extra_root(value) else None


def file_facts(source: SourceFile) -> FileFacts:
    """Facts of the whole file: platforms named by metadata and imports, mount points."""
    named = platforms_named(source.metadata_keys, (unit.python for unit in source.units))
    mounts = tuple(
        site.value
        for unit in source.units
        if "mount(" in unit.python
        for site in string_sites(unit, _lines_with(unit.python, "mount("))
        if is_mount_call(site.call) and site.argument == 0 and is_absolute(site.value)
    )
    kaggle = "Kaggle" in named or any(
        "/kaggle/" in unit.python and _KAGGLE_PATH.search(unit.python) for unit in source.units
    )
    return FileFacts(
        frozenset(named),
        mounts,
        base_of(source.path, source.is_notebook),
        _TEST_FILE.search(source.path) is not None,
        source.is_notebook,
        kaggle,
    )


def _lines_with(python: str, needle: str) -> set[int]:
    return {number for number, line in enumerate(python.split("\n"), 1) if needle in line}


def check_source(
    source: SourceFile, settings: PathSettings = DEFAULT_SETTINGS
) -> Iterator[Finding]:
    facts = file_facts(source)
    for unit in source.units:
        for line, column, kind, path in check_unit(unit, settings, facts):
            if settings.is_allowed(path):
                continue
            if kind.code == HOSTED and not settings.report_platforms:
                continue
            message = _message(kind, path, facts)
            yield Finding(source.path, unit.cell, line, column, kind.code, message)
        facts = _after_directory_changes(unit, facts)


_CHDIR = LazyRegex(r"""\bos\.chdir\(\s*(?:(?P<quote>['"])(?P<target>[^'"{}$~]*)(?P=quote)\s*\))?""")


def _after_directory_changes(unit: CodeUnit, facts: FileFacts) -> FileFacts:
    """Where the next cells' relative paths start once this one ran: ``%cd ..`` and
    ``os.chdir('data')`` move the folder; a change the hook cannot follow (``%cd
    {root}/x``, ``os.chdir(path)``) leaves it unknown, and relative paths unjudged."""
    if facts.base is None or ("chdir" not in unit.python and not unit.commands):
        return facts
    moves = [
        (command.line, command.args.strip().strip("'\""))
        for command in unit.commands
        if command.kind == "magic" and command.name in {"cd", "pushd"}
    ]
    moves += [
        (unit.line_table.line(match.start()), match["target"])
        for match in _CHDIR.finditer(unit.python)
    ]
    if not moves:
        return facts
    base: Base | None = facts.base
    for _, target in sorted(moves, key=lambda move: move[0]):
        plain = target and not target.startswith("-") and not re.search(r"[$\{}~]", target)
        if base is None or not plain or is_absolute(target or "") or base.leaves(target or ""):
            base = None
        else:
            base = base.moved(target or ".")
    return replace(facts, base=base)


# A string that starts like a path (not appended to something) or holds a strong root.
# Found from its quote, a rare character the scan skips to at C speed; the character
# before the quote says whether the string is appended to something (``+ '/x'``).
_CANDIDATE = LazyRegex(
    r"""['"](?<![+/]\s['"])(?<![+/]['"])"""
    r"""(?P<path>(?:[/~\\]|[A-Za-z]:[\\/]|file:|(?:\./)*\.\.[\\/])[^'"\n]*)"""
)


# What every match of _CANDIDATE and of _EMBEDDED holds, found at C speed: most units hold
# neither, and skip those scans (tests/test_prefilters.py holds them to the patterns).
_PATH_START = LazyRegex(r"""['"](?:[/~\\]|[A-Za-z]:[\\/]|file:|(?:\./)*\.\.[\\/])""")
_EMBEDDED_ROOT = LazyRegex(
    r"/(?:home|Users|root|content|media|Volumes|mnt|raid|scratch)/"
    r"|/kaggle/(?:input|working)|~/|:\\|\\\\"
)


def _candidate_lines(unit: CodeUnit, settings: PathSettings, facts: FileFacts) -> set[int]:
    """Lines holding a string that could be reported, found without parsing."""
    python = unit.python
    offsets = []
    if _PATH_START.search(python):
        found = _CANDIDATE.finditer(python)
        offsets += [m.start() for m in found if _could_report(m["path"], settings, facts)]
    if _EMBEDDED_ROOT.search(python):
        offsets += [m.start("path") for m in _EMBEDDED.finditer(python) if m.start("path") > 0]
    if "sys.path" in python or "addsitedir" in python:
        offsets += [m.start() for m in _SYS_PATH_ENTRY.finditer(python)]
    return {unit.line_table.line(offset) for offset in offsets}


def _could_report(value: str, settings: PathSettings, facts: FileFacts) -> bool:
    return bool(
        classify_path(value, settings, facts)
        or _TILDE.match(value)
        or _is_unportable_absolute(value)
        or (facts.base is not None and goes_up(value))
    )


def _is_unportable_absolute(value: str) -> bool:
    return bool(_ABSOLUTE.match(value)) and not _PORTABLE.match(value)


Hit = tuple[int, int, PathKind, str]


def check_unit(
    unit: CodeUnit, settings: PathSettings, facts: FileFacts = DEFAULT_FACTS
) -> Iterator[Hit]:
    """(line, column, kind, path) for each machine-specific path in one code unit."""
    reported: set[tuple[int, int]] = set()
    lines = _candidate_lines(unit, settings, facts)
    if lines:
        for site in string_sites(unit, lines):
            for hit in _judge_site(site, settings, facts):
                reported.add(hit[:2])
                yield hit
    if reaches_home(unit.python):
        from repro_hooks.hooks.absolute_paths.home import CallKinds, home_paths  # libcst

        kinds = CallKinds(is_read_call, is_write_call, is_path_keyword)
        for home in home_paths(unit, kinds):
            if (home.line, home.column) not in reported:
                yield home.line, home.column, PathKind(HOME, "home folder"), home.path
    for command in unit.commands:
        yield from _judge_command(command, settings, facts)


def _last_name(call: str | None) -> str:
    return (call or "").rsplit(".", 1)[-1]


def is_read_call(call: str) -> bool:
    """A call that reads the file or folder it is given, moves into it or searches it for
    code: ``pd.read_csv``, ``load_state``, ``os.chdir``, ``sys.path.append``."""
    last = _last_name(call)
    return last in READ_CALLS or call in PATH_APPEND_CALLS or READ_CALL_NAME.match(last) is not None


def is_write_call(call: str) -> bool:
    return _last_name(call) in WRITE_CALLS


def is_path_keyword(keyword: str) -> bool:
    return PATH_KEYWORDS.search(keyword) is not None and not URL_KEYWORDS.search(keyword)


def _is_io_context(site: StringSite) -> bool:
    """Is the string a path that code reads, writes, or searches for modules?"""
    if site.call in PATH_APPEND_CALLS or site.call in FILE_MOVES:
        return True
    last = _last_name(site.call)
    if last in LIST_METHODS and "." in (site.call or "") and site.call not in FILE_CALLS:
        return False  # ids.remove('/m/01s55n'): a list, set or dict, not a file
    if (last in IO_CALLS or IO_CALL_NAME.match(last)) and site.keyword is None:
        return True
    if DATA_FILE.search(site.value):
        return True  # a data or model file, wherever its path is written
    if site.keyword is None and site.name is not None and not URL_KEYWORDS.search(site.name):
        return bool(PATH_KEYWORDS.search(site.name)) and bool(_FILE_LIKE.match(site.value))
    # ``path=`` of an unknown call may be a web route (``me.colab_show(path="/chat")``):
    # only a file-like value (two folders deep, or with an extension) counts there, as
    # it does for the default of a command-line option (``add_argument(default=...)``).
    keyword = site.keyword
    if keyword == "default" and _last_name(site.call) == "add_argument":
        # --data-dir: the option names a folder; otherwise the value must look like one.
        names = [name.strip("'\"").lstrip("-").replace("-", "_") for name in site.call_arguments]
        return any(map(is_path_keyword, names)) or bool(_FILE_LIKE.match(site.value))
    return (
        keyword is not None
        and not URL_KEYWORDS.search(keyword)
        and bool(PATH_KEYWORDS.search(keyword))
        and bool(_FILE_LIKE.match(site.value))
    )


def is_not_a_path(site: StringSite, facts: FileFacts = DEFAULT_FACTS) -> bool:
    """What the syntax says is no path the code uses (each rule: the hook's rule docs)."""
    call, last = site.call or "", _last_name(site.call)
    return (
        site.is_docstring
        or site.in_decorator
        or REGEX_CALL.search(call) is not None
        or _REGEX.search(site.value) is not None
        or _is_blob(site.value)
        or (last in STRING_METHODS and call not in FILE_MOVES and site.keyword is None)
        or (call in ENV_GETTERS and (site.argument == 1 or site.keyword == "default"))
        or last in PROBE_CALLS
        or site.then in PROBE_METHODS
        or (facts.is_test and last in PATH_BUILDERS and site.then not in DISK_METHODS)
    )


def _is_blob(value: str) -> bool:
    """A base64 blob: a long run of its alphabet in which no part reads like a name."""
    match = _BLOB.search(value)
    if match is None:
        return False
    parts = [part for part in re.split(r"[/+=]", match[0]) if part]
    return any(len(part) >= 16 and _mixed(part) for part in parts)


def _mixed(part: str) -> bool:
    upper = sum(char.isupper() for char in part)
    lower = sum(char.islower() for char in part)
    digits = sum(char.isdigit() for char in part)
    return upper >= 3 and lower >= 3 and digits >= 1


def _judge_site(site: StringSite, settings: PathSettings, facts: FileFacts) -> list[Hit]:
    if is_not_a_path(site, facts):
        return []
    if is_mount_call(site.call) and site.argument == 0:
        place = place_of(site.value)
        platform = place.platform if place is not None else None
        return [(site.line, site.column, PathKind(HOSTED, "mount", platform), site.value)]
    value = site.value.split("{}", 1)[0] if site.is_fstring else site.value
    # os.path.join(root, '/content/drive/x') drops ``root``: a known machine-specific
    # absolute part is the head (an unknown one, '/val/*.tfrec', is a fragment).
    joined_absolute = (
        _last_name(site.call) == "join"
        and bool(site.argument)
        and classify_path(value, settings, facts) is not None
    )
    if (site.is_head or joined_absolute) and value.strip() and not _NOT_A_PATH.match(value.strip()):
        kind = _kind_in_context(value.strip(), site, settings, facts)
        if kind is not None:
            return [(site.line, site.column, kind, value)]
    hits: list[Hit] = []
    lines_reported = set()
    for match in _EMBEDDED.finditer(site.value):
        path = match["path"]
        if match.start() == 0:
            continue  # the string's own head: judged above, or a fragment
        kind = classify_path(path, settings, facts) or _tilde_kind(path, read=True)
        if kind is not None:
            position = site.locate(match.start("path"))
            if position[0] not in lines_reported:
                lines_reported.add(position[0])
                hits.append((*position, kind, path))
    return hits


def _kind_in_context(
    value: str, site: StringSite, settings: PathSettings, facts: FileFacts
) -> PathKind | None:
    kind = classify_path(value, settings, facts)
    if kind is not None:
        return None if site.in_comparison else kind
    if value.startswith("~"):
        reads = is_read_call(site.call or "") and not _creates_it(site)
        return _tilde_kind(value, read=reads, called=site.call is not None)
    if site.in_comparison:
        return None
    if goes_up(value):
        return _relative_kind(value, facts)
    if site.call in PATH_APPEND_CALLS and is_absolute(value):
        return _ABSOLUTE_IO  # any absolute entry of sys.path ties imports to one disk
    if _is_unportable_absolute(value) and _is_io_context(site):
        return _ABSOLUTE_IO
    return None


def _relative_kind(value: str, facts: FileFacts) -> PathKind | None:
    """``../input/x`` in a Kaggle notebook is Kaggle's input folder; any other relative
    path is reported when it resolves outside the work tree."""
    if facts.kaggle_inputs and _KAGGLE_INPUT.match(value.replace("\\", "/")):
        return classify_path("/kaggle/input")
    if facts.base is not None and facts.base.leaves(value):
        return _OUTSIDE
    return None


def _tilde_kind(value: str, read: bool, called: bool = True) -> PathKind | None:
    """``~/data/x.csv`` read by the code is one user's data; ``~/.cache``-style folders and
    folders the code creates are per-user locations that work everywhere. ``~jane/...``
    names another user's home, wherever it is passed."""
    match = _TILDE.match(value)
    if match is None:
        return None
    if match["user"] and called:
        return PathKind(HOME, "home folder")
    if not read or match["first"].startswith(".") or not match["first"]:
        return None
    return PathKind(HOME, "home folder")


def _creates_it(site: StringSite) -> bool:
    return any(
        keyword in DOWNLOAD_KEYWORDS and source.strip() != "False"
        for keyword, source in site.call_keywords
    )


def _message(kind: PathKind, path: str, facts: FileFacts) -> str:
    shown = path if len(path) <= 60 else path[:57] + "..."
    note = _NOTEBOOK_NOTE if facts.in_notebook else ""
    advice = _ADVICE.format(example=_relative_example(path))
    platform = kind.platform.name if kind.platform is not None else None
    if kind.code == HOSTED and kind.label == "mount":
        where = f" on {platform}" if platform else ""
        return (
            f"mounting '{shown}' ties the notebook to its platform{where}: off it, read the "
            f"data from a path relative to the project or a cloud URL{note}"
        )
    if kind.code == HOSTED:
        marked = " (the notebook is written for it)" if platform in facts.platforms else ""
        return (
            f"{kind.label} path '{shown}' exists only on {platform}{marked}: to run elsewhere "
            f"too, {advice}{note}"
        )
    if kind.code == PLATFORM_USER:
        return f"{kind.label} path '{shown}' is one user's own: nobody else has it; {advice}{note}"
    if kind.code == OUTSIDE_TREE:
        start = "the notebook's folder" if facts.in_notebook else "the repository's root"
        return (
            f"relative path '{shown}' resolves outside the repository (from {start}): keep "
            f"the data inside the project, or read its location from an environment variable"
        )
    return f"{kind.label} path '{shown}' ties the code to one machine: {advice}{note}"


def _relative_example(path: str) -> str:
    """``data/ticket_data.csv`` for a file path: the file, in a folder of the project."""
    name = re.split(r"[\\/]+", path.rstrip("\\/"))[-1]
    if "." not in name.strip(".") or "{}" in name or ":" in name:
        return ""
    return f" (e.g. 'data/{name}')"


def _judge_command(command: Command, settings: PathSettings, facts: FileFacts) -> Iterator[Hit]:
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
            kind = classify_path(value, settings, facts)
            if kind is None and value.startswith("~"):
                kind = _tilde_kind(value, read=True)
            if kind is None and goes_up(value):
                kind = _relative_kind(value, facts)
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
