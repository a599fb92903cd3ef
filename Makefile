# Two commands for a fresh clone; each makes its own virtualenv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench docs fuzz

$(BIN)/repro-hooks: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/repro-hooks
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/demo.sh

test: $(BIN)/repro-hooks
	$(BIN)/ruff check repro_hooks tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The fuzz suite's long profile (make test runs its short, fixed-seed one): random inputs,
# FUZZ_EXAMPLES per test; FUZZ_CORPUS may name a folder of real notebooks to mutate.
FUZZ_EXAMPLES ?= 2000
fuzz: $(BIN)/repro-hooks
	REPRO_HOOKS_FUZZ_PROFILE=long REPRO_HOOKS_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) \
	REPRO_HOOKS_FUZZ_CORPUS="$(FUZZ_CORPUS)" $(BIN)/python -m pytest -q tests/fuzz \
	-p no:cacheprovider --hypothesis-show-statistics

# Each hook against its anchor, side by side (detect-secrets alone takes ~5 minutes).
bench: $(BIN)/repro-hooks
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

# docs/rules.md is generated from the rule docs in the code; a test fails when it is stale.
docs: $(BIN)/repro-hooks
	$(BIN)/python -m repro_hooks explain --all > docs/rules.md.tmp
	mv docs/rules.md.tmp docs/rules.md
	$(BIN)/python scripts/readme_codes.py README.md
