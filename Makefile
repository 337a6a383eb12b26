# Dateline: `make demo` runs the site with demo content, `make test` runs the tests.
# Both set themselves up (virtualenv, install, migrations) on a fresh clone.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo runs as production would (DEBUG off), with a secret generated once into var/.
# Its e-mail goes to the mailbox at /mailbox/ (dateline/mailbox/), not to a mail server.
DEMO_ENV := SECRET_KEY_FILE=var/secret_key ALLOWED_HOSTS=127.0.0.1,localhost \
	EMAIL_BACKEND=dateline.mailbox.backend.EmailBackend SITE_URL=http://$(HOST):$(PORT)

.PHONY: demo serve worker test test-postgres lint format install clean-venv bench bench-http soak

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[test]'
	touch $@

install: $(VENV)/.installed

var/secret_key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

demo: install var/secret_key
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0
	$(DEMO_ENV) $(BIN)/python manage.py load_demo
	@echo "Dateline is at http://$(HOST):$(PORT)/  (newsroom: http://$(HOST):$(PORT)/admin/, mailbox: http://$(HOST):$(PORT)/mailbox/)"
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production serving: granian (`manage.py serve`), static files by WhiteNoise, logs on
# stdout. Settings come from the environment (README); locally it falls back to the demo's
# secret and hosts.
WORKERS ?= 2
SERVE_ENV := $(if $(SECRET_KEY),,SECRET_KEY_FILE=var/secret_key) $(if $(ALLOWED_HOSTS),,ALLOWED_HOSTS=127.0.0.1,localhost)
serve: install var/secret_key
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0
	$(SERVE_ENV) $(BIN)/python manage.py serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

# The background worker for TASKS_BACKEND=django_tasks_db.DatabaseBackend (production).
worker: install var/secret_key
	$(SERVE_ENV) $(BIN)/python manage.py recover_tasks
	$(SERVE_ENV) $(BIN)/python manage.py schedule_newsletters
	$(SERVE_ENV) $(BIN)/python manage.py db_worker

test: install
	$(BIN)/pytest

# The same suite against PostgreSQL (default: the local server, trust authentication).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/dateline
test-postgres: install
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest

# Benchmarks print figures; they read ../shared/data/ and skip with a reason where it is absent.
# The quick ones; the large runs are in the README (bench/related_speed.py, search at
# 100,000 articles, bench/http_speed.py).
bench: install
	$(BIN)/python bench/spam_classifier.py
	$(BIN)/python bench/spam_first_days.py
	$(BIN)/python bench/related_quality.py
	$(BIN)/python bench/search_speed.py --sizes 10000
	$(BIN)/python bench/wxr_import.py

# Page speed with wrk (Debian: apt-get install wrk nginx) against granian and nginx on
# 127.0.0.1, on a generated site of 10,000 articles. Prints figures; takes a few minutes.
bench-http: install
	$(BIN)/python bench/http_speed.py

# A newsroom's worst day (bench/soak.py): 10 minutes of load with faults, on SQLite, then on
# PostgreSQL with Redis; SOAK_ARGS="--minutes 2" shortens it.
soak: install
	$(BIN)/python -m pip install -q -e '.[test,soak]'
	$(BIN)/python bench/soak.py $(SOAK_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean-venv:
	rm -rf $(VENV)
