# Saphan — two commands: `make run` (set up and serve the demo) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export PYTHAINLP_OFFLINE := 1

.PHONY: run test test-fast lint format messages bench vendor clean-data

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

venv: $(STAMP)

run: $(STAMP)  ## set up everything and serve on http://127.0.0.1:$${PORT:-8000}
	$(PY) manage.py serve

# Tests run in parallel, one pytest-xdist worker per core (at most 4): each worker has its own
# throw-away database (and its own browser-test server). TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ $$n -gt 4 ] && n=4; echo $$n)

test: $(STAMP)  ## every test, on a throw-away embedded database (or DATABASE_URL)
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-fast: $(STAMP)  ## everything but the browser tests
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not e2e" $(PYTEST_ARGS)

lint: $(STAMP)  ## ruff, and the layers of DESIGN.md (import-linter contract in pyproject.toml)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(STAMP)  ## refresh locale/*.po from the source (needs GNU gettext: apt-get install gettext)
	$(PY) manage.py makemessages -l th -l en --no-obsolete --no-location --ignore=.venv --ignore=static/vendor --ignore=var
	$(PY) manage.py compile_translations

bench: $(STAMP)  ## make bench SUITE=name SCALE=N (load: USERS=25,50,100,200 SECONDS=60)
	$(PY) -m bench $(SUITE) $(if $(SCALE),--scale $(SCALE)) $(if $(USERS),--users $(USERS)) $(if $(SECONDS),--seconds $(SECONDS))

vendor:  ## refresh static/vendor from the npm registry
	bash scripts/vendor_static.sh

clean-data:  ## delete the local demo database and data (asks first)
	@read -p "Delete ./var (the demo database)? [y/N] " a && [ "$$a" = y ] && rm -rf var || true
