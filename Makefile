# Two commands from a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint install lock clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# constraints.txt pins the versions the tests (and the app's screen snapshots) were made
# with; `make lock` renews it after an upgrade.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The packages' bytecode is written ahead (as pip does for an installed package), so the
# app starts without compiling them, even where PYTHONDONTWRITEBYTECODE is set.
run: $(STAMP)
	$(BIN)/python -m compileall -q scenario engine tui
	$(BIN)/salient validate scenarios/kursk_2024.yaml
	$(BIN)/salient play scenarios/kursk_2024.yaml

test: $(STAMP)
	$(BIN)/ruff check scenario engine tui tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

# Several minutes: every benchmark (bench/results.json, not committed), then the tables of
# BENCHMARKS.md regenerated from it and from bench/baseline.json (see BENCHMARKS.md).
bench: $(STAMP)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.report

lock: $(STAMP)
	$(BIN)/python -m pip install --quiet --upgrade -e '.[dev]'
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^salient' > constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
