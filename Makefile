# greengate: `make demo` screens the bundled demo suppliers, `make test` runs every check.
# Both set up a virtual environment in .venv from pyproject.toml on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP) system-deps
	$(BIN)/greengate demo --out greengate-report

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# Chromium, PostgreSQL, Redis and nginx from Debian packages, when missing (root or sudo).
system-deps:
	bash .ci/system-deps

pytest: $(STAMP) system-deps
	$(BIN)/python -m pytest -q

test: lint typecheck pytest

clean:
	rm -rf $(VENV) greengate-report .mypy_cache .ruff_cache .pytest_cache
