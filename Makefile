# Two commands set everything up on a fresh machine with Python >= 3.11:
#   make demo   installs into .venv, builds the demo city once, serves http://127.0.0.1:8000
#   make test   installs and runs the whole suite (SQLite; PostgreSQL when DATABASE_URL is set)
SHELL  := /bin/bash
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
# loadfile: a module runs on one worker, so a deployment module starts its cluster once
PYTEST_ARGS ?= -n auto --dist loadfile

.PHONY: install demo serve test lint browser messages makemessages clean bench bench-full bench-classifier bench-duplicates

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "chengguan needs Python >= 3.11"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) messages

messages: $(STAMP)
	@$(BIN)/python -c 'from chengguan.core.i18n import compile_translations; compile_translations()'

# The demo runs the real background worker (notifications, SMS) and supervision every 5 minutes beside the
# web server; Ctrl-C stops all three.
demo: export CHENGGUAN_NOTIFY_BASE_URL ?= http://$(HOST):$(PORT)
demo: install
	$(BIN)/chengguan migrate --noinput
	$(BIN)/chengguan demo_city --if-empty
	$(BIN)/chengguan train_classifier > /dev/null
	@echo "Serving the demo city at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@trap 'kill $$(jobs -p) 2>/dev/null' EXIT; \
	$(BIN)/chengguan db_worker --interval 2 --no-reload & \
	$(BIN)/chengguan supervise --loop 300 > /dev/null & \
	$(BIN)/chengguan runserver $(HOST):$(PORT)

serve: install
	$(BIN)/chengguan migrate --noinput
	$(BIN)/chengguan runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Browser tests need Debian's Chromium, the deployment tests nginx; installed when we can (root + apt),
# otherwise those tests skip loudly.
browser:
	@bash scripts/ensure-chromium
	@bash scripts/ensure-deploy-tools

test: install lint browser
	$(BIN)/pytest $(PYTEST_ARGS)

# Benchmarks (not tests): a synthetic city served by nginx and two app processes, each figure against a floor measured in the same
# run; results in BENCHMARKS.md. SQLite, and PostgreSQL when BENCH_POSTGRES_URL (default: the local server)
# answers. `bench` is the quick pass (10k and 100k cases, minutes); `bench-full` adds the 1M-case city.
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-full: install
	$(BIN)/python -m bench --full $(BENCH_ARGS)

# The category classifier alone (no database): training and prediction speed, dev-file cross-validation.
bench-classifier: install
	$(BIN)/python -m bench.classifier

bench-duplicates: install
	$(BIN)/python -m bench.duplicates

# Update the catalogues after changing UI strings (needs GNU gettext's xgettext: apt-get install gettext).
makemessages: install
	cd chengguan && ../$(BIN)/chengguan makemessages -l zh_Hans --no-obsolete --ignore 'demo/*'

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info
