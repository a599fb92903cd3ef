"""The ``repro-hooks`` command: one subcommand per hook, then ``check`` and ``explain``;
shared output and exit status.

Only the hook that runs is imported: the parser gets every hook's subcommand for
``--help``, but a hook's own flags are added only when that hook is the command.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from repro_hooks import __version__
from repro_hooks.core.config import ConfigError, HookConfig, UsageError, load_config
from repro_hooks.core.finding import Finding, sort_key
from repro_hooks.registry import HOOK_PACKAGES

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json", "sarif", "github")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser. For a known ``command``, only that subcommand, with its own flags:
    each subcommand costs a parser to build (a hook's run is a few times that). Otherwise
    every subcommand, for ``--help`` and for the error that lists them."""
    from repro_hooks.registry import hook

    only = command if command in (*HOOK_PACKAGES, "check", "explain") else None

    parser = Parser(
        prog="repro-hooks",
        description="pre-commit hooks that keep Jupyter-notebook projects reproducible.",
    )
    parser.add_argument("--version", action="version", version=f"repro-hooks {__version__}")
    subparsers = parser.add_subparsers(
        dest="hook",
        metavar="COMMAND",
        title="commands",
        description="one per hook (the hook ids of .pre-commit-hooks.yaml), then check and explain",
    )
    for hook_id in HOOK_PACKAGES:
        if only not in (None, hook_id):
            continue
        record = hook(hook_id)
        sub = subparsers.add_parser(hook_id, help=record.summary, description=record.summary)
        if hook_id != command:
            continue
        add_report_arguments(sub)
        if record.pass_filenames:
            sub.add_argument("files", nargs="*", metavar="FILE", help="the files to check")
        if record.add_arguments is not None:
            record.add_arguments(sub)
    if only in (None, "check"):
        add_check_parser(subparsers)
    if only in (None, "explain"):
        add_explain_parser(subparsers)
    return parser


class Parser(argparse.ArgumentParser):
    """argparse's parser with its help wrapped to the terminal's width, found here: left to
    find it, argparse imports shutil (with zlib, bz2 and lzma: 3 ms of every run) for every
    argument it adds. Subcommands are parsers of the same class."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(formatter_class=help_formatter(), **kwargs)


def help_formatter() -> functools.partial[argparse.HelpFormatter]:
    """argparse's help formatter, told the terminal's width as argparse itself finds it."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        columns = 80
        with contextlib.suppress(AttributeError, ValueError, OSError):
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    return functools.partial(argparse.HelpFormatter, width=columns - 2)


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """What every command that reports findings takes: the hooks and ``check``."""
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format: text, json, sarif (GitHub code scanning), github "
        "(GitHub Actions annotations) (default: text)",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="a pyproject.toml with [tool.repro-hooks] (default: the nearest one "
        "above the working folder)",
    )
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="print how many findings each code has instead of the findings (text or json)",
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="print the findings only: no summary line, no notes",
    )


def emit(findings: list[Finding], args: argparse.Namespace) -> None:
    """The findings in the format asked for, sorted by path, cell, line and column."""
    from repro_hooks.output import formats
    from repro_hooks.output.encoding import masked, write
    from repro_hooks.registry import all_rules

    findings = masked(sorted(findings, key=sort_key))
    if args.statistics and args.format in ("text", "json"):
        rows = formats.statistics(findings, all_rules())
        as_json = args.format == "json"
        render = formats.render_statistics_json if as_json else formats.render_statistics
        write(sys.stdout, render(rows))
    elif args.format == "json":
        write(sys.stdout, formats.render_json(findings))
    elif args.format == "sarif":
        from repro_hooks.output.sarif import render_sarif

        write(sys.stdout, render_sarif(findings, all_rules()))
    elif args.format == "github":
        write(sys.stdout, formats.render_github(findings, all_rules()))
    else:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        write(sys.stdout, formats.render_text(findings, colour=colour))
    if args.format == "text" and not args.quiet:
        fixable = {code for code, rule in all_rules().items() if rule.fixable}
        write(sys.stdout, formats.render_summary(findings, fixable))


def note(args: argparse.Namespace, message: str) -> None:
    """A word on what was not checked, on standard error (never with ``--quiet``)."""
    if not args.quiet:
        from repro_hooks.output.encoding import say

        say(sys.stderr, f"repro-hooks {args.hook}: {message}")


def checked_files(paths: Sequence[str], args: argparse.Namespace) -> list[str]:
    """``paths`` less the files inside a virtualenv folder, each such folder named once."""
    from repro_hooks.engine.files import outside_virtualenvs

    kept, skipped = outside_virtualenvs(paths)
    for venv, count in skipped.items():
        files = "file" if count == 1 else "files"
        note(
            args,
            f"skipped {count} {files} inside the virtualenv {venv}/ (installed "
            "packages, not the project's code; git-ignore it, see RH402)",
        )
    return kept


def console_main() -> NoReturn:
    """The ``repro-hooks`` command: :func:`main`, then out of the process at once. The
    interpreter's own exit frees every object of the run one by one, work nobody waits for
    (3% of a 100-file run); mypy leaves the same way. What is printed is flushed first;
    every file the run wrote is closed by then."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader left; the status still says what was found
        pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = next((word for word in arguments if not word.startswith("-")), None)
    parser = build_parser(command)
    args = parse(parser, arguments)
    if args.hook is None:
        parser.print_help()
        return EXIT_CLEAN
    if args.hook == "explain":
        return run_explain(args)
    if args.hook == "check":
        return run_check(args)
    try:
        findings = run_hook(args)
    except (UsageError, ConfigError) as error:
        return usage_error(args.hook, error)
    return report(findings, args)


def parse(parser: argparse.ArgumentParser, arguments: list[str]) -> argparse.Namespace:
    """The arguments, where a file whose name starts with ``-`` is still a file:
    pre-commit passes staged names as they are, with no ``--`` before them."""
    args, extras = parser.parse_known_args(arguments)
    listed = "files" if hasattr(args, "files") else "paths" if hasattr(args, "paths") else None
    if extras and (listed is None or not all(os.path.lexists(extra) for extra in extras)):
        parser.error(f"unrecognized arguments: {' '.join(extras)}")
    if extras and listed is not None:
        setattr(args, listed, [*getattr(args, listed), *extras])
    return args


def run_hook(args: argparse.Namespace) -> list[Finding]:
    """One hook as pre-commit runs it, on the files it is given."""
    from repro_hooks.engine.hook import Run, is_source
    from repro_hooks.engine.suppressions import Judging, suppress_in_text_files
    from repro_hooks.registry import all_rules, hook, schemas, suite_codes

    record = hook(args.hook)
    config = load_config(schemas(), suite_codes(), args.config).hook(record.id)
    judging = Judging((config.codes.own_prefix,), frozenset(all_rules()))
    files = args.files if record.pass_filenames else []
    # Requirement files, pyproject.toml: their suppressions are applied here, once.
    texts = [path for path in files if not is_source(path) and not config.excludes(path)]
    findings: list[Finding] = []
    if record.scope == "sources" and record.make_check is not None:
        from repro_hooks.engine.files import included, run_file_hook

        files = checked_files(files, args)
        sources = [path for path in files if is_source(path)]
        if record.fix is not None and getattr(args, "fix", False):
            record.fix(included(sources, config), config)
        findings = run_file_hook(sources, record.make_check(config), config, judging)
        if record.project_check is not None:
            project = record.project_check(Run(files, config, vars(args)))
            findings += suppress_in_text_files(texts, allowed(project, config), judging)
    elif record.scope == "files" and record.run is not None:
        found = allowed(record.run(Run(files, config, vars(args))), config)
        findings = suppress_in_text_files(texts, found, judging)
    elif record.run is not None:
        findings = record.run(Run([args.repo], config, vars(args)))
    return allowed(findings, config)


def allowed(findings: list[Finding], config: HookConfig) -> list[Finding]:
    """The findings of the codes the configuration selects."""
    return [finding for finding in findings if config.codes.allows(finding.code)]


def report(findings: list[Finding], args: argparse.Namespace) -> int:
    try:
        emit(findings, args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader left (`| head`): the rest of the report has nowhere to go, and
        # Python must not complain again when it flushes standard output at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_FINDINGS if findings else EXIT_CLEAN


def usage_error(command: str, error: Exception) -> int:
    from repro_hooks.output.encoding import say

    say(sys.stderr, f"repro-hooks {command}: error: {error}")
    return EXIT_USAGE


def add_check_parser(subparsers: argparse._SubParsersAction[Parser]) -> None:
    """``check`` runs every hook, but is not one: pre-commit has no use for it."""
    summary = "run every hook over the repository's tracked files, without pre-commit (not a hook)"
    sub = subparsers.add_parser("check", help=summary, description=summary)
    add_report_arguments(sub)
    sub.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a folder (its tracked files; every file outside git) or a file (checked even "
        "if untracked) (default: every tracked file of the repository)",
    )


def run_check(args: argparse.Namespace) -> int:
    """Imports the hooks only now, so that ``--help`` stays fast."""
    from repro_hooks.commands.check import check
    from repro_hooks.registry import schemas, suite_codes

    try:
        config = load_config(schemas(), suite_codes(), args.config)
        findings = check(args.paths, config, lambda message: note(args, message))
    except (UsageError, ConfigError) as error:
        return usage_error("check", error)
    return report(findings, args)


def add_explain_parser(subparsers: argparse._SubParsersAction[Parser]) -> None:
    """``explain`` sits beside the hooks but is not one: it reads rule docs, not files."""
    summary = "print the documentation of a rule code, or of every rule (not a hook)"
    sub = subparsers.add_parser("explain", help=summary, description=summary)
    target = sub.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "code", nargs="?", metavar="CODE", help="a code (RH101) or rule name (home-folder-path)"
    )
    target.add_argument(
        "--all", action="store_true", help="every rule, as one Markdown page (docs/rules.md)"
    )


def run_explain(args: argparse.Namespace) -> int:
    """Imports the rule docs only now, so that ``--help`` stays fast."""
    from repro_hooks.commands.explain import explain

    try:
        text = explain(None if args.all else args.code)
    except UsageError as error:
        return usage_error("explain", error)
    sys.stdout.write(text)
    return EXIT_CLEAN
