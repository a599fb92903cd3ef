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
# The advice in messages follows pip's configuration; the demo shows it without this
# machine's, so that it prints what the README shows.
export PIP_CONFIG_FILE=/dev/null
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL
mapfile -t hooks < <(sed -n 's/^- id: //p' "$root/.pre-commit-hooks.yaml")
for hook in "${hooks[@]}"; do
    # The files pre-commit would pass each hook.
    case "$hook" in
        requirements-current) files=(requirements.in requirements.txt) ;;
        declared-imports) mapfile -t files < <(git ls-files '*.py' '*.ipynb' 'requirements*') ;;
        notebook-order) mapfile -t files < <(git ls-files '*.ipynb') ;;
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
