# The two commands: `make demo` (set up, build the demo world, ingest, report) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_HOME ?= $(CURDIR)/.demo
TEST_SYSTEM_PACKAGES := postgresql

.PHONY: demo test install system-test-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

system-test-deps:
	scripts/system-deps.sh $(TEST_SYSTEM_PACKAGES)

demo: install
	$(BIN)/redfunnel --home $(DEMO_HOME) demo

test: install system-test-deps
	REDFUNNEL_REQUIRE_PG=1 scripts/with-postgres.sh $(BIN)/python -m pytest -n 2 -q

clean:
	rm -rf $(VENV) $(DEMO_HOME) .pytest_cache
