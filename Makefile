# The few targets people use. Everything installs into .venv from the project's own files.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# pytest-xdist processes for the suite (auto: one per core); TEST_WORKERS=0 runs it in one.
TEST_WORKERS ?= auto

.PHONY: run test test-e2e lint format worker benchmark bench screenshots clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when a requirements file changes.
$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_hub --if-empty
	$(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite: lint, migrations in step with models, the tests. Browser journeys run
# too when Chromium is installed (see the README); CI always runs them (make test-e2e).
test: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=hub.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)
	@if [ -x "$${CHROMIUM:-/usr/bin/chromium}" ]; then $(MAKE) --no-print-directory test-e2e; \
	else echo "Browser journeys not run: Chromium is not installed (see README, 'make test-e2e')."; fi

# axe-core (accessibility checks in the journeys) comes from npm, pinned in tests/e2e/package.json.
tests/e2e/node_modules/axe-core/axe.min.js: tests/e2e/package.json
	npm install --prefix tests/e2e --no-audit --no-fund --silent
	touch $@

test-e2e: $(VENV)/.installed-dev tests/e2e/node_modules/axe-core/axe.min.js
	$(PY) -m pytest tests/e2e -m e2e -p no:xdist $(PYTEST_ARGS)

# Refresh docs/screenshots/ (home, clip, review screen, contributor's numbers) in Chromium.
screenshots: $(VENV)/.installed-dev tests/e2e/node_modules/axe-core/axe.min.js
	SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest tests/e2e -m e2e -p no:xdist -k screenshots

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m ruff format --check .

format: $(VENV)/.installed-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

worker: $(VENV)/.installed
	$(PY) manage.py db_worker

benchmark: $(VENV)/.installed
	$(PY) manage.py benchmark

# The whole benchmark (bench/run.py): seed, gunicorn beside the ceiling, wrk, search, JSON
# under bench/results/. BENCH_ARGS="--quick" for a CI-sized run, "--clips 100000" for search.
BENCH_ARGS ?=
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk"; apt-get install -y -q wrk; }
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
