# Netzwerkstatt: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= 1000
CLIENTS ?= 500
RATE ?= 20
DURATION ?= 60
LOAD_MINUTES ?= 10

.PHONY: run test setup demo lint format bench bench-chat bench-search messages check-deploy clean smoke \
	stack load faults security

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check ".[dev]"
	@touch $(STAMP)

setup: $(STAMP)
	@mkdir -p var

demo: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content

run: demo
	@echo "Netzwerkstatt läuft auf http://$(HOST):$(PORT)/ (HTTP und WebSockets, Strg+C beendet)"
	$(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --ws websockets-sansio --ws-per-message-deflate false --lifespan off

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python bench/pages.py --scale $(SCALE)

# Two workers share Redis as in production, so they share PostgreSQL too (BENCH_DATABASE_URL, default below;
# with BENCH_DATABASE_URL= empty it runs on SQLite, which serialises the two processes' writes on one file).
bench-chat: setup
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL-postgres://postgres@127.0.0.1:5432/nw_bench} \
	$(BIN)/python bench/chat_load.py --clients $(CLIENTS) --rate $(RATE) --duration $(DURATION)

# PostgreSQL search at 100,000 documents (BENCH_SEARCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/nw_bench_search).
bench-search: setup
	$(BIN)/python bench/search.py --scale $(or $(SEARCH_SCALE),100000)

messages: setup
	$(BIN)/python manage.py makemessages --locale de --no-obsolete --no-location --ignore ".venv/*" --ignore "var/*" --ignore "tests/*" --ignore "bench/*"
	$(BIN)/python manage.py makemessages --locale de --domain djangojs --no-obsolete --no-location --ignore ".venv/*" --ignore "var/*" || true
	$(BIN)/python manage.py compilemessages --locale de --ignore ".venv/*"

check-deploy: setup
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))") \
	DJANGO_SETTINGS_MODULE=config.settings.production \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf var/static var/test-media var/test.sqlite3 var/bench

smoke: setup
	$(BIN)/python .ci/smoke.py

# Proof under load, faults and attack (proof/README.md); reports land in var/reports/.
# The production settings behind nginx on loopback, two ASGI workers; Ctrl+C stops everything it started.
stack: setup
	$(BIN)/python proof/stack.py

# A bounded soak of mixed traffic against a stack it starts and stops itself.
load: setup
	$(BIN)/python proof/load.py --minutes $(LOAD_MINUTES)

# Faults during a load run: Redis restart, a killed worker, a database outage, an unreachable Elasticsearch.
faults: setup
	$(BIN)/python proof/faults.py

# Hostile input in a real browser, the authorization matrix, CSRF, redirects, headers, axe, bandit.
security: setup
	$(BIN)/python proof/security.py
