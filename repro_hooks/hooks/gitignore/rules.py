"""The rules of ``gitignore`` (RH4xx): .env files and virtualenvs kept out of git."""

from __future__ import annotations

from repro_hooks.core.rule import Rule

FILE_NOT_IGNORED, FOLDER_NOT_IGNORED = "RH401", "RH402"
ENV_FILE_TRACKED, VIRTUALENV_TRACKED = "RH403", "RH404"
IGNORED_ONLY_PRIVATELY, NOT_DOCKERIGNORED, NO_WORK_TREE = "RH405", "RH406", "RH407"

DEFAULT_REQUIRED = (".env", "venv/")

RULES: tuple[Rule, ...] = (
    Rule(
        FILE_NOT_IGNORED,
        "env-file-not-ignored",
        what="Checks that `.env` (and any other required file) is ignored by the "
        "repository's own `.gitignore` files.",
        why="`.env` holds every key and password of the project at once. If the "
        "repository does not ignore it, one `git add .` publishes them all.",
        example="# .gitignore\n__pycache__/",
        instead="# .gitignore\n__pycache__/\n.env",
        fixable=True,
    ),
    Rule(
        FOLDER_NOT_IGNORED,
        "virtualenv-not-ignored",
        what="Checks that `venv/` and every folder holding a `pyvenv.cfg` (a virtualenv, "
        "whatever its name: `.venv`, `env`, `notebooks/.venv`) is ignored by the "
        "repository's own `.gitignore` files.",
        why="A virtualenv is hundreds of megabytes of binaries built for one machine; "
        "committed, it bloats the history for good and breaks on every other computer. "
        "Dependencies belong in `requirements.txt`.",
        example="# .gitignore\n.env",
        instead="# .gitignore\n.env\nvenv/\n.venv/",
        fixable=True,
    ),
    Rule(
        ENV_FILE_TRACKED,
        "env-file-tracked",
        what="Checks that no env file is tracked or staged: `.env`, `.env.local`, "
        "`secrets.env`, the `env_file:` files of `compose.yaml` / `docker-compose.yml`. "
        "Templates (`.env.example`, `.env.template`, `.env.sample`) are fine.",
        why="Ignoring a file does not untrack it: git keeps committing a tracked `.env` "
        "whatever `.gitignore` says, and every clone gets its secrets.",
        example="$ git ls-files\n.env\nanalysis.ipynb",
        instead="$ git rm --cached -- .env    # then rotate the secrets it held\n"
        "$ git ls-files\n.env.example\nanalysis.ipynb",
    ),
    Rule(
        VIRTUALENV_TRACKED,
        "virtualenv-tracked",
        what="Checks that no file inside a virtualenv folder is tracked or staged.",
        why="Ignoring a folder does not untrack what is already in git; the virtualenv "
        "stays in every commit until it is removed from the index.",
        example="$ git ls-files\nvenv/bin/python\nvenv/pyvenv.cfg",
        instead="$ git rm -r --cached -- venv/\n$ echo 'venv/' >> .gitignore",
    ),
    Rule(
        IGNORED_ONLY_PRIVATELY,
        "ignored-only-privately",
        what="Checks that a required entry is not ignored only by `.git/info/exclude` or "
        "a personal excludes file (`core.excludesFile`, `~/.config/git/ignore`).",
        why="Those files are not committed: on this machine `.env` looks safe, but a "
        "teammate's clone does not ignore it.",
        example="# .git/info/exclude\n.env",
        instead="# .gitignore (committed)\n.env",
        fixable=True,
    ),
    Rule(
        NOT_DOCKERIGNORED,
        "env-file-not-dockerignored",
        what="Where the repository has a `Dockerfile`, checks that `.dockerignore` "
        "excludes `.env`, the other env files present and the compose `env_file:` files.",
        why="`COPY . .` copies the whole build context, secrets included, into an image "
        "layer that anyone who can pull the image can read.",
        example="# .dockerignore\n.git",
        instead="# .dockerignore\n.git\n**/.env*\n**/*.env",
        fixable=True,
    ),
    Rule(
        NO_WORK_TREE,
        "not-a-git-work-tree",
        what="Reports that the hook found no git work tree to check (not a repository, a "
        "bare repository, or git itself missing).",
        why="The hook checks the repository it runs in; outside one there is nothing to "
        "check, and saying nothing would look like a pass.",
        example="$ cd /tmp && repro-hooks gitignore",
        instead="$ cd my-project && repro-hooks gitignore\n"
        "$ repro-hooks gitignore --repo my-project",
    ),
)
