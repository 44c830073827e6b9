# The two commands: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate seed lint format check superuser clean serve backup restore soak bench datasets vnu

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes, so a second `make run` starts in seconds.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The W3C Nu HTML Checker for tests/views/test_html_validity.py: vnu.jar from the vnu-jar npm
# package (run with java; its install script, which fetches a Java runtime, is skipped).
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR): | $(BIN)/python
	npm install --silent --no-save --no-audit --no-fund --ignore-scripts \
		--prefix $(VENV)/vnu vnu-jar@$(VNU_VERSION)
	test -f $@

vnu: $(VNU_JAR)

migrate: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input

# Loads the fixtures into an empty registry only: never overwrites editors' changes.
seed: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed

run: seed
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# With npm present the HTML checker is installed too; without it its test skips (CI has it).
test: install $(if $(shell command -v npm),$(VNU_JAR))
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .

# The registry against a raw-SQL baseline at 1k / 100k / 1M models (docs/performance.md).
# Needs PostgreSQL (BENCH_POSTGRES_URL) and wrk; BENCH_SIZES=1k,100k limits the sizes.
bench: install
	$(BIN)/python -m registry.bench

# Rebuild fixtures/datasets.json from the openness datasets (DATASETS=../shared/datasets, or
# checkouts of their repositories): docs/imports.md.
datasets: install
	scripts/build_dataset_fixture.sh

superuser: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py createsuperuser

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache bench-logs

# --- Production (docs/operations.md) ----------------------------------------------------
# gunicorn with DEBUG off. Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS in the environment.
serve: install
	@test -n "$$DJANGO_SECRET_KEY" || { echo "Set DJANGO_SECRET_KEY (docs/operations.md)." >&2; exit 1; }
	DJANGO_DEBUG=0 $(BIN)/python manage.py check --deploy
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=0 exec $(BIN)/gunicorn -c registry/gunicorn.conf.py

# make backup FILE=backups/registry.dump (full copy) or FILE=backups/registry.xml (natural keys)
FILE ?= backups/registry-$(shell date -u +%Y%m%dT%H%M%SZ).dump
backup: install
	@mkdir -p $(dir $(FILE))
	$(BIN)/python manage.py backup $(FILE)

restore: install
	@test -f "$(FILE)" || { echo "make restore FILE=<a file made by make backup>" >&2; exit 1; }
	$(BIN)/python manage.py restore $(FILE)

# API writes while gunicorn workers are SIGKILLed, on a throwaway PostgreSQL database
# (OMR_POSTGRES_URL); exits 1 if an acknowledged write is lost. SOAK_ARGS="--seconds 60".
soak: install
	$(BIN)/python scripts/soak.py $(SOAK_ARGS)
