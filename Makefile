# The two commands: `make run` and `make test`. Everything else is plumbing for them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL run of the test suite; pytest-django creates and drops test_<name>.
PG_URL ?= postgres://postgres@127.0.0.1:5432/archive
PYTEST_ARGS ?=
# gunicorn's workers (3 processes of 2 threads, gthread, for 2 cores) and the reasons are in
# gunicorn.conf.py; WEB_WORKERS=4 make run (or WEB_THREADS, WEB_WORKER_CLASS) changes them.
export WEB_WORKERS WEB_THREADS WEB_WORKER_CLASS

.PHONY: run test test-sqlite test-postgres install browser postgres messages demo-fixture clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# The web server and one import worker (manage.py db_worker); Ctrl-C stops both.
# More workers: run `.venv/bin/python manage.py db_worker` in other terminals or machines.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput >/dev/null
	$(BIN)/python manage.py import_articles fixtures/seeds
	@$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn archive.wsgi --config gunicorn.conf.py --bind $(HOST):$(PORT) --access-logfile -

test: install browser postgres test-sqlite test-postgres

test-sqlite: install
	DATABASE_URL=sqlite:///$(CURDIR)/db.test.sqlite3 $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install postgres
	DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_ARGS)

# Regenerate the interface translations after changing interface text (needs gettext).
# Both the .po catalogues and the compiled .mo files are in Git, so `run` and `test` need no gettext.
messages: install
	$(BIN)/python manage.py makemessages -l en -l ru -l uk --ignore=.venv --ignore=tests --ignore=fixtures --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# Reach PostgreSQL on 127.0.0.1:5432, starting a local cluster if one is installed and stopped.
postgres: install
	@$(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null || { \
	  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then \
	    echo "Starting the local PostgreSQL cluster"; \
	    pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -n 1) main start || true; \
	    sleep 2; \
	  fi; \
	  $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=5).close()" || { \
	    echo "make test: cannot reach PostgreSQL at $(PG_URL) (user postgres, trust auth expected)."; \
	    echo "Install and start PostgreSQL, or set PG_URL to a reachable server."; exit 1; }; }

# Rebuild fixtures/demo.json: the seeds through the real loader on a scratch database.
DEMO_DB := $(CURDIR)/.demo-build.sqlite3
demo-fixture: install
	rm -f $(DEMO_DB)
	DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/python manage.py migrate --noinput >/dev/null
	DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/python manage.py import_articles fixtures/seeds
	DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/python manage.py dumpdata archive \
	  --exclude archive.importbatch --exclude archive.importrecord --exclude archive.curationlog \
	  --indent 1 --output fixtures/demo.json
	rm -f $(DEMO_DB)

clean:
	rm -rf $(VENV) staticfiles db.test.sqlite3 db.test.sqlite3.test-db test-output .pytest_cache
