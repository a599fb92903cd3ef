"""The rules of ``requirements-current`` (RH3xx): a requirements.txt that is what
pip-compile makes of its .in."""

from __future__ import annotations

from repro_hooks.core.rule import Rule

NOT_COMPILED = "RH301"
OUTSIDE_SPECIFIER = "RH302"
EXTRAS_OR_MARKER = "RH303"
STALE = "RH304"
MISSING_VIA = "RH305"
NOT_PINNED = "RH306"
DUPLICATE = "RH307"
PARTIAL_HASHES = "RH308"
LAYER_CONFLICT = "RH309"
MISSING_PARTNER = "RH310"
MISSING_INCLUDE = "RH311"
INCLUDE_CYCLE = "RH312"
MACHINE_SPECIFIC = "RH313"
NOT_CURRENT = "RH314"
RESOLVE_FAILED = "RH315"

RULES: tuple[Rule, ...] = (
    Rule(
        NOT_COMPILED,
        "requirement-not-compiled",
        "Finds a requirement of the `.in` (or of a file it includes with `-r`) that has no "
        "pin in the compiled `.txt`.",
        "Whoever installs from the `.txt` does not get the package the notebook imports.",
        "requirements.in: `seaborn` added, requirements.txt not recompiled",
        "Run the pip-compile command from the `.txt` header and commit both files.",
        fixable=True,
    ),
    Rule(
        OUTSIDE_SPECIFIER,
        "pin-outside-specifier",
        "Finds a pin in the `.txt` that the `.in` no longer allows, such as `pandas==2.1.0` "
        "for `pandas<2`, or a pin that is not the URL the `.in` names.",
        "The specifier in the `.in` says what works; the lock installs something else.",
        "requirements.in: `pandas<2`\nrequirements.txt: `pandas==2.1.0`",
        "Recompile so that the pin satisfies the specifier.",
        fixable=True,
    ),
    Rule(
        EXTRAS_OR_MARKER,
        "extras-or-marker-dropped",
        "Finds a pin missing the extras or the environment marker its `.in` line has (extras "
        "are not required when the header has `--strip-extras`).",
        "Without the extra the optional dependencies are missing; without the marker the "
        "package is installed where it should not be.",
        "requirements.in: `requests[socks]`\nrequirements.txt: `requests==2.32.3`",
        "requirements.txt: `requests[socks]==2.32.3`, as pip-compile writes it.",
        fixable=True,
    ),
    Rule(
        STALE,
        "stale-pin",
        "Finds a pin annotated `via -r X.in` for a package X.in no longer requires, and the "
        "pins that only it pulled in.",
        "Deleted dependencies keep being installed, and keep their vulnerabilities.",
        "requirements.txt: `seaborn==0.13.2  # via -r requirements.in` after removing seaborn",
        "Recompile; pip-compile drops the package and its orphans.",
        fixable=True,
    ),
    Rule(
        MISSING_VIA,
        "missing-via-annotation",
        "Finds a direct requirement whose pin lacks the `-r X.in` annotation.",
        "The `.txt` was not made from this `.in` (or was edited by hand); a recompile "
        "would change it.",
        "requirements.txt: `numpy==2.1.0  # via pandas` while requirements.in lists numpy",
        "requirements.txt: `numpy==2.1.0` annotated `# via -r requirements.in, pandas`.",
        fixable=True,
    ),
    Rule(
        NOT_PINNED,
        "not-an-exact-pin",
        "Finds a `.txt` line pip-compile never writes: an unpinned or non-`==` requirement, "
        "an unparseable line, or an `-r`/`-c` include.",
        "A lock file that is not exact does not reproduce the environment.",
        "requirements.txt: `pandas>=2`",
        "requirements.txt: `pandas==2.2.3`, by recompiling.",
        fixable=True,
    ),
    Rule(
        DUPLICATE,
        "duplicate-pin",
        "Finds a package pinned more than once in the `.txt`.",
        "pip refuses double requirements, or installs whichever it meets first.",
        "requirements.txt: `numpy==1.26.4` ... `numpy==2.1.0`",
        "One pin per package, by recompiling.",
        fixable=True,
    ),
    Rule(
        PARTIAL_HASHES,
        "partial-hashes",
        "Finds a pin without `--hash` in a `.txt` whose other pins have hashes (or whose "
        "header has `--generate-hashes`).",
        "pip's hash-checking mode refuses the whole file when one requirement lacks a hash.",
        "requirements.txt: `six==1.17.0` among `--hash=sha256:...` pins",
        "Recompile with `--generate-hashes`.",
        fixable=True,
    ),
    Rule(
        LAYER_CONFLICT,
        "layered-pin-conflict",
        "Finds a pin that disagrees with a constraint file the `.in` names with `-c`, such "
        "as dev.txt pinning another version than requirements.txt.",
        "Installing both layers together fails or silently changes the base environment.",
        "dev.in: `-c requirements.txt`; requirements.txt: `idna==3.7`; dev.txt: `idna==3.6`",
        "Recompile the layered file after its base.",
        fixable=True,
    ),
    Rule(
        MISSING_PARTNER,
        "missing-partner",
        "Finds a `.in` with no compiled `.txt`, or a compiled `.txt` whose input is gone.",
        "Nothing pins what the `.in` asks for, or nothing says how the `.txt` was made.",
        "requirements.in committed without requirements.txt",
        "Run `pip-compile requirements.in` and commit the result.",
    ),
    Rule(
        MISSING_INCLUDE,
        "missing-include",
        "Finds a `-r` or `-c` line whose file does not exist.",
        "pip-compile and pip install both stop on it.",
        "requirements.in: `-r base.in` with no base.in",
        "Fix the path or restore the file.",
    ),
    Rule(
        INCLUDE_CYCLE,
        "include-cycle",
        "Finds `-r` includes that lead back to a file already being read.",
        "The cycle makes the input ambiguous and some tools loop on it.",
        "a.in: `-r b.in`; b.in: `-r a.in`",
        "Move the shared requirements into one file both include.",
    ),
    Rule(
        MACHINE_SPECIFIC,
        "machine-specific-line",
        "Finds lines that only work on the author's machine: an absolute editable or file "
        "URL path, `--find-links` to an absolute directory, an index URL with a password.",
        "The lock fails to install anywhere else, and a password in it is leaked.",
        "requirements.txt: `-e file:///home/ana/project/localpkg`",
        "requirements.in: `-e file:localpkg` (pip-compile keeps it relative); "
        "`--no-emit-find-links`, `--no-emit-index-url` for machine-level pip settings.",
    ),
    Rule(
        NOT_CURRENT,
        "not-current",
        "With `--resolve`: pip-compile, run with the header's flags and the existing `.txt` "
        "as its starting point, writes a different file (the finding shows the diff).",
        "The lock is not what its inputs compile to today.",
        "requirements.txt differs from a fresh `pip-compile requirements.in`",
        "Run the command, or `repro-hooks requirements-current --fix`.",
        fixable=True,
    ),
    Rule(
        RESOLVE_FAILED,
        "resolve-failed",
        "With `--resolve` or `--fix`: pip-compile itself failed (no index, no solution).",
        "The pair could not be checked exactly.",
        "`--resolve` without network access",
        "Run the command shown to see pip-compile's full error.",
    ),
)
