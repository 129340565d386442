# mitwirken – the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
# uv from the PATH, or else installed into .tools/ (a venv works on Debian's Python too).
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
MANAGE := $(UV) run --frozen python manage.py
PORT ?= 8000
# make run DEBUG_PAGES=true: Django's debug pages (tracebacks, URL patterns) instead of the
# portal's own error pages.
DEBUG_PAGES ?= false

.PHONY: run test lint format install kern messages clean

$(UV):
	@echo "uv wird installiert (nach .tools/) …"
	python3 -m venv .tools && .tools/bin/python -m pip install --quiet uv

install: $(UV)
	@$(UV) sync --frozen --quiet

## make run: install, migrate the SQLite database, load demo content, serve on 127.0.0.1:8000
## (DEVELOPMENT=true: static files from the app folders; the portal's German error pages)
run: install
	@$(MANAGE) migrate --verbosity 0
	@$(MANAGE) load_demo
	@echo ""
	@echo "E-Mails landen als Dateien in $(CURDIR)/var/mails/"
	@echo "mitwirken läuft auf http://127.0.0.1:$(PORT)/  (Beenden mit Strg+C)"
	@trap 'kill 0' EXIT; \
	  while true; do DEVELOPMENT=true DEBUG=$(DEBUG_PAGES) $(MANAGE) worker --interval 1 --reload; \
	    echo "Worker beendet, Neustart in 2 s"; sleep 2; done >var/worker.log 2>&1 & \
	  DEVELOPMENT=true DEBUG=$(DEBUG_PAGES) $(MANAGE) runserver 127.0.0.1:$(PORT)

## make test: the whole suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
test: install
	$(UV) run --frozen pytest $(PYTEST_ARGS)

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen djlint src/mitwirken --lint
	$(MANAGE) makemigrations --check --dry-run

format: install
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

## make kern: refresh the vendored KERN UX CSS and fonts (and htmx) from npm
kern:
	bash scripts/vendor_static.sh

## make messages: update the German catalogue after changing UI strings
messages: install
	cd src/mitwirken && $(UV) run --frozen django-admin makemessages -l de --no-obsolete --no-location \
	  --ignore 'static/*' && $(UV) run --frozen django-admin compilemessages -l de

clean:
	rm -rf var/mitwirken.sqlite3* var/mails var/static
