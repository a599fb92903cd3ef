#!/usr/bin/env bash
# Run every hook on the bundled example project, in a fresh git repository.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R "$root/examples/." "$work/"
cd "$work"
printf 'API_KEY=put-your-key-here\n' > .env
git init -q
git add -A
for hook in absolute-paths inline-secrets requirements-current gitignore notebook-order; do
    case "$hook" in
        requirements-current) files=(requirements.in requirements.txt) ;;
        gitignore) files=() ;;
        *) mapfile -t files < <(git ls-files '*.py' '*.ipynb') ;;
    esac
    echo "\$ repro-hooks $hook ${files[*]}"
    status=0
    repro-hooks "$hook" "${files[@]}" || status=$?
    echo "(exit $status)"
    echo
done
# Without pre-commit: every hook over the tracked files in one process.
echo "\$ repro-hooks check"
status=0
repro-hooks check || status=$?
echo "(exit $status)"
echo
echo "\$ repro-hooks explain RH101"
repro-hooks explain RH101
