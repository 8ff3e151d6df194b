# Facial Recognition Oversight Register. `make` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
TEST_WORKERS ?= auto
export FLASK_APP := app.py
export APP_ENV ?= development

.DEFAULT_GOAL := help
.PHONY: help run test test-postgres lint format typecheck assets translations db demo messages bench bench-import bench-statistics bench-faults clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

run: $(VENV)/.installed assets translations db ## Set up whatever is missing, load demo data, serve on http://127.0.0.1:$PORT
	$(BIN)/flask seed-demo
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.installed assets translations ## Set up whatever is missing, then run the whole suite (TEST_DATABASE_URL picks the database)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

test-postgres: ## Run the suite on the local PostgreSQL
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(MAKE) test

lint: $(VENV)/.installed ## ruff lint and format check, and the import contracts (lint-imports)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed ## ruff format and fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(VENV)/.installed ## mypy on oversight/
	$(BIN)/mypy oversight

assets: oversight/static/.built ## Build GOV.UK Frontend assets from npm

db: $(VENV)/.installed ## Apply the migrations to the configured database
	$(BIN)/flask db upgrade

demo: db ## Load the demo complaints
	$(BIN)/flask seed-demo

CATALOGUE := translations/cy/LC_MESSAGES/messages
messages: $(VENV)/.installed ## Extract every word into translations/messages.pot, bring the Welsh catalogue up to date and compile it
	$(BIN)/pybabel -q extract -F babel.cfg -k _l --add-comments TRANSLATORS: --sort-by-file -o translations/messages.pot .
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations -l cy --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel -q compile -d translations -l cy --statistics

translations: $(CATALOGUE).mo ## Compile the Welsh catalogue (the app reads the .mo)

$(CATALOGUE).mo: $(CATALOGUE).po $(VENV)/.installed
	$(BIN)/pybabel -q compile -d translations -l cy

BENCH_CASES ?= 100000
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/instance/bench.db
bench: $(VENV)/.installed ## Time the case queue on BENCH_CASES generated cases in BENCH_DATABASE_URL (default 100000, SQLite)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/generate_cases.py --count $(BENCH_CASES)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/queue_benchmark.py

bench-import: $(VENV)/.installed ## Import 100,000 generated deployment records on SQLite and print rows a second beside a bare bulk insert
	$(BIN)/python bench/import_deployments.py

BENCH_STATISTICS_DATABASE ?= sqlite:///$(CURDIR)/instance/bench-statistics.db
BENCH_STATISTICS_ARGS ?=# e.g. --cases 100000 --deployments 10000, or --keep-data to time again
bench-statistics: $(VENV)/.installed ## Time a quarter's and a year's statistics over 1,000,000 generated cases in a fresh BENCH_STATISTICS_DATABASE (default SQLite)
	$(BIN)/python bench/bench_statistics.py --database $(BENCH_STATISTICS_DATABASE) $(BENCH_STATISTICS_ARGS)

BENCH_FAULTS_ARGS ?=# e.g. --seconds 20, or --kill-every 3 1 --busy 2
bench-faults: $(VENV)/.installed ## File complaints from 50 clients against gunicorn on PostgreSQL (database bench_faults) while workers are killed, beside no kills
	$(BIN)/python bench/faults.py $(BENCH_FAULTS_ARGS)

clean: ## Remove the virtual environment, npm packages and built assets
	rm -rf $(VENV) node_modules oversight/static

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

oversight/static/.built: node_modules/.installed $(wildcard assets/*.scss assets/*.mjs)
	npm run build
	touch $@
