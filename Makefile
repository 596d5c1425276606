# The two commands: `make demo` (set up, build the demo world, ingest, analyse, write the
# reports, serve the web app on 127.0.0.1) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_HOME ?= $(CURDIR)/.demo
DEMO_PORT ?= 8000
TEST_SYSTEM_PACKAGES := postgresql

.PHONY: demo test install system-test-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The C scorer and the rule engine (mypyc) are compiled at install (a compiler and Python's
# headers first, if missing): a changed source reinstalls.
$(STAMP): pyproject.toml setup.py src/redfunnel/compliance/_ngram_scoring.c src/redfunnel/compliance/checker.py | $(BIN)/python
	scripts/build-deps.sh $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

system-test-deps:
	scripts/system-deps.sh $(TEST_SYSTEM_PACKAGES)

demo: install
	scripts/system-deps.sh
	$(BIN)/redfunnel --home $(DEMO_HOME) demo
	$(BIN)/redfunnel --home $(DEMO_HOME) report all --out $(DEMO_HOME)/reports --format html,xlsx,pdf
	$(BIN)/redfunnel --home $(DEMO_HOME) serve --host 127.0.0.1 --port $(DEMO_PORT)

test: install system-test-deps
	REDFUNNEL_REQUIRE_PG=1 scripts/with-postgres.sh $(BIN)/python -m pytest -n 2 -q

clean:
	rm -rf $(VENV) $(DEMO_HOME) .pytest_cache
