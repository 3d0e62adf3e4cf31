# Two commands: `make run` (set up and start the portal) and `make test` (set up and run the tests).
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The pages the browser tests met, for the HTML check that runs after them (tests/browser/conftest.py)
HTML_PAGES := $(CURDIR)/test-results/html-pages
export FLASK_APP := wsgi:app

.PHONY: run test setup venv vendor migrate demo lint translations bench clean serve

run: ## set up everything and start web, worker and the local identity provider
	@scripts/system_deps.sh run
	@$(MAKE) --no-print-directory setup
	HEKA_ENV=development $(BIN)/flask migrate
	HEKA_ENV=development $(BIN)/flask load-demo
	@$(BIN)/python scripts/banner.py
	HEKA_ENV=development $(BIN)/honcho start -f Procfile

setup: $(BIN)/.installed heka_asoy/static/vendor/.installed translations

$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@

heka_asoy/static/vendor/.installed: package.json package-lock.json scripts/vendor.py
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(BIN)/python scripts/vendor.py
	touch $@

translations: $(BIN)/.installed
	$(BIN)/pybabel -q compile -d heka_asoy/translations

extract: ## refresh the message catalogs from the code and templates
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k _ln:1,2 -o heka_asoy/translations/messages.pot .
	$(BIN)/pybabel -q update -N -i heka_asoy/translations/messages.pot -d heka_asoy/translations

test: ## set up and run the whole suite: SQLite, then the data layer on PostgreSQL
	@scripts/system_deps.sh test
	@$(MAKE) --no-print-directory setup
	$(BIN)/ruff check .
	rm -rf $(HTML_PAGES)
	HEKA_HTML_PAGES=$(HTML_PAGES) $(BIN)/pytest -n 2 --dist loadgroup tests --ignore=tests/scaleout \
		--deselect tests/browser/test_html_valid.py::test_every_page_met_is_valid_html
	HEKA_HTML_PAGES=$(HTML_PAGES) $(BIN)/pytest tests/browser/test_html_valid.py
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} \
		$(BIN)/pytest -n 2 --dist loadgroup -m "not browser" tests --ignore=tests/domain --ignore=tests/browser --ignore=tests/scaleout
	$(BIN)/pytest tests/scaleout

lint:
	$(BIN)/ruff check .

bench: ## every main page against a hello world (wrk; BENCH_ARGS="--postgres URL --scale")
	@scripts/system_deps.sh bench
	@$(MAKE) --no-print-directory setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules heka_asoy/static/vendor
