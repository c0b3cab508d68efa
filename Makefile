# Media Monitor: `make demo` replays bundled news over 29 days, the last through Airflow; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export AIRFLOW_HOME ?= $(CURDIR)/airflow_home

.PHONY: demo test test-cluster airflow bench fuzz lint clean venv

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip install --quiet -p $(BIN)/python -r requirements.txt -r requirements-dev.txt
	$(BIN)/uv pip install --quiet -p $(BIN)/python --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)  ## bundled news replayed over DEMO_HISTORY_DAYS (28) days in-process, then DEMO_DATE through Airflow, offline
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/airflow_demo.sh

# pytest-xdist processes for make test (at most 4); TEST_WORKERS=0 runs the suite in one process
TEST_WORKERS ?= auto

test: $(STAMP)  ## the whole test suite, on every core (TEST_WORKERS)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --maxprocesses 4

test-cluster: $(STAMP)  ## two Celery workers, PostgreSQL, Redis and an S3 server on 127.0.0.1 (about 13 min; needs redis-server)
	PATH="$(CURDIR)/$(BIN):$$PATH" MEDIAMON_CLUSTER_TESTS=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/e2e/test_multiworker.py

lint: $(STAMP)  ## ruff over the package, DAGs, plugin, tests, benchmarks and tools (CI runs it too)
	$(BIN)/ruff check include dags plugins tests benchmarks tools

fuzz: $(STAMP)  ## a longer property-based run over the parsers
	PATH="$(CURDIR)/$(BIN):$$PATH" HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q tests/fuzz

airflow: $(STAMP)  ## Airflow standalone on the demo's AIRFLOW_HOME (UI on http://localhost:8080, DAGs left paused)
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/airflow_standalone.sh

bench: $(STAMP)  ## every benchmark that prints figures
	for b in $(filter-out benchmarks/enrichment_%.py benchmarks/stories.py,$(wildcard benchmarks/*.py)); do \
		echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) airflow_home data
