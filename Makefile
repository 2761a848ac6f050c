# Two commands do everything on a fresh machine: `make run` and `make test` (see README).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := .make
PORT ?= 8000
# Django settings for local commands; tests and CI use the same (see README "Configuration").
export DJANGO_DEBUG ?= 1
export PYTHONDONTWRITEBYTECODE := 1
# The interface's compiled gettext catalogues (see the locale/%.mo rule).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

# A Python >= 3.12: python3.13, python3.12, then what pyenv has installed.
define find_python
for c in python3.13 python3.12 python3 \
         $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/*/bin/python3 2>/dev/null | sort -rV); do \
  if "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
    command -v "$$c" 2>/dev/null || echo "$$c"; exit 0; fi; \
done; exit 1
endef

.PHONY: help run test test-fast bench bench-pages bench-report bench-workshop bench-room setup sysdeps browserdeps lint typecheck pytest clean

help:
	@echo "make run    set up, load demo data and serve http://127.0.0.1:$(PORT) with a worker"
	@echo "make test   set up and run every check (format, lint, types, migrations, tests)"
	@echo "make test-fast  the quick lane while you work: the tests without the browser (e2e)"
	@echo "make bench  set up and run every benchmark in benchmarks/ (about 15 minutes)"
	@echo "            or one: make bench-pages, bench-report, bench-workshop, bench-room"

run: setup
	@echo ""
	@$(PY) manage.py load_demo
	@echo ""
	@echo "Serving http://127.0.0.1:$(PORT)/ with a background worker for reports and e-mail (Ctrl-C stops both)"
	@trap 'kill 0' EXIT; \
	$(PY) manage.py db_worker --verbosity 1 & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup browserdeps
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

# The quick lane: every test but the browser ones (marked e2e); `make test` runs them all.
test-fast: setup
	$(VENV)/bin/pytest -m "not e2e" $(ARGS)

bench: bench-pages bench-report bench-workshop bench-room

# Serves the app with gunicorn on a throwaway SQLite, then PostgreSQL, database (the local
# server at 127.0.0.1:5432, started if needed); pages as shares of a minimal view's rps.
# See benchmarks/web.py; output in benchmarks/output/web.json.
bench-pages: setup
	$(PY) benchmarks/run.py

# The demo assessment's PDF: warm, first in a fresh process, memory, each beside a WeasyPrint
# reference measured in the same run, with the deck, the workbook and large assessments as
# ratios to it (benchmarks/report.py); then 20 files asked for at once with 2 workers while
# pages are served (benchmarks/jobqueue.py, on a throwaway PostgreSQL database).
bench-report: setup
	$(PY) benchmarks/report.py
	$(PY) benchmarks/jobqueue.py

# 100 simulated phones vote on one item while the console polls; polls as shares of a minimal
# view's rps, vote latency beside the machine's load; see benchmarks/workshop.py.
bench-workshop: setup
	$(PY) benchmarks/workshop.py

# 500 phones in one workshop and 4 x 50 in others, through two gunicorn servers sharing a
# throwaway PostgreSQL database and Redis (db 9, started if needed), while every console and
# projector polls; see benchmarks/room.py; output in benchmarks/output/room.json.
bench-room: setup
	$(PY) benchmarks/room.py

pytest: setup browserdeps
	$(VENV)/bin/pytest $(ARGS)

setup: sysdeps $(STAMP)/python $(STAMP)/npm build/vendor/plotly/plotly.min.js .env $(MO_FILES)
	@$(PY) manage.py migrate --verbosity 0
	@$(PY) manage.py load_frameworks --verbosity 0 >/dev/null

# The gettext catalogues, compiled: .mo files are build output (git-ignored), made again
# whenever their .po changes (MO_FILES lists them, above). --check refuses a broken
# placeholder or plural header.
locale/%.mo: locale/%.po | sysdeps
	msgfmt --check -o $@ $<

# Local settings that every command in README reads (config/settings.py loads the file):
# debug on and a secret key made for this checkout. Real environment variables win; the
# file is git-ignored and production never needs it.
.env:
	@printf 'DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=%s\n' \
	  "$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "Wrote .env (local settings: debug on, a generated secret key)"

# System libraries that PyPI cannot provide: WeasyPrint's Pango and HarfBuzz subsetter,
# pdftoppm, npm, msgfmt.
sysdeps:
	@missing=""; \
	ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so' || missing="$$missing libharfbuzz-subset0"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	$(call apt_install,$$missing)

# Debian's Chromium for the browser tests; Playwright cannot download its own here.
browserdeps:
	@missing=""; command -v chromium >/dev/null || missing="chromium"; \
	$(call apt_install,$$missing)

define apt_install
if [ -n "$(1)" ]; then \
  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
    echo "Installing Debian packages:$(1)"; \
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
  else \
    echo "Missing system packages; install them with: sudo apt-get install$(1)"; exit 1; \
  fi; \
fi
endef

$(STAMP)/python: pyproject.toml
	@py=$$($(find_python)) || { echo "Python 3.12 or newer is needed: install python3.12 (or pyenv install 3.12) and run make again."; exit 1; }; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	  echo "Creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@mkdir -p $(STAMP) && touch $@

$(STAMP)/npm: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(STAMP) && touch $@

# plotly.js from npm, cut down to the trace types the app draws (the entry file lists them):
# about 1.2 MB instead of 4.8 MB. The stylesheet that only map traces load is left out.
PLOTLY_ENTRY := reports/charts/plotly-bundle.js
build/vendor/plotly/plotly.min.js: $(STAMP)/npm $(PLOTLY_ENTRY)
	node_modules/.bin/esbuild $(PLOTLY_ENTRY) --bundle --minify --format=iife --global-name=Plotly \
	  --define:global=window --define:define.amd=false --loader:.css=empty \
	  --log-level=warning --outfile=$@


clean:
	rm -rf $(VENV) $(STAMP) node_modules build staticfiles .mypy_cache .ruff_cache .pytest_cache
