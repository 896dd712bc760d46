# ThEKiZ-Portal — the two commands a newcomer needs are `make run` and `make test`.
# Everything else here is for maintainers.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo lint format check assets messages lock bench clean

## make run: set everything up (venv, pinned dependencies, database, demo data) and serve the
## portal, with the worker that sends the mails (into var/mail/) beside it.
run: $(STAMP)
	@mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo_data --if-empty
	@echo ""
	@echo "  ThEKiZ-Portal: http://$(HOST):$(PORT)/   (Admin: http://$(HOST):$(PORT)/admin/)"
	@echo "  Mails: var/mail/"
	@echo ""
	$(PY) manage.py run_with_worker $(HOST):$(PORT)

## make test: the whole suite (unit, views, browser, accessibility) on the database in DATABASE_URL (default SQLite).
test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...).")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check pip==25.3
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

migrate: $(STAMP)
	$(PY) manage.py migrate --no-input

demo: $(STAMP)
	$(PY) manage.py demo_data

## make check: what CI checks besides the tests.
check: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make assets: rebuild static/dist from the KERN UX sources (needs Node.js and npm).
assets: $(STAMP)
	cd assets && npm ci --no-audit --no-fund
	$(PY) assets/build.py

## make messages: refresh and compile the German catalogue (needs GNU gettext). English is
## the language of the msgids, so it needs no catalogue.
messages: $(STAMP)
	$(PY) manage.py makemessages --locale de --no-obsolete --no-location --ignore 'assets/*' --ignore 'var/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages --locale de --ignore '.venv/*'

## make lock: re-resolve the pinned dependency files from pyproject.toml.
lock: $(STAMP)
	$(BIN)/pip install --quiet pip-tools==7.5.2
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements.txt pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --extra dev -o requirements-dev.txt pyproject.toml

bench: $(STAMP)
	$(PY) bench/page_weight.py
	$(PY) bench/handbook_search.py --db sqlite

clean:
	rm -rf $(VENV) var/*.sqlite3 staticfiles
