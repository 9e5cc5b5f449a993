# The two commands of the README: `make run` (the app on the embedded data) and `make test` (every test).
# Both create the virtual environment and install the pinned requirements on first use. `make serve` is the
# command for an event or a deployment: one Streamlit process per core behind HAProxy (docs/SCALING.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
ADDRESS ?= 0.0.0.0

.PHONY: run serve test lint unit e2e bench build check-warehouse clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Image exports and briefing packs need Chromium: installed when missing and root, else the app says so.
run: $(VENV)/.runtime
	-@scripts/ensure-chromium
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

# WORKERS Streamlit processes (default: one per core) behind Debian's HAProxy on PORT, kept alive by Debian's
# supervisor (both installed when missing and root); in the foreground until Ctrl-C or SIGTERM.
serve: $(VENV)/.runtime
	-@scripts/ensure-chromium
	scripts/ensure-serve-tools
	$(PY) -m scripts.serve --workers $(WORKERS) --port $(PORT) --address $(ADDRESS)

test: $(VENV)/.dev
	scripts/ensure-chromium
	scripts/ensure-serve-tools
	scripts/ensure-test-tools
	$(PY) -m ruff check .
	# Browser tests in their own run: pytest-playwright keeps an event loop running for the rest of a session,
	# which the load-balancer, upload and escaping tests (asyncio clients, their own Chromium) cannot share.
	$(PY) -m pytest tests --ignore=tests/e2e
	$(PY) -m pytest tests/e2e

lint: $(VENV)/.dev
	$(PY) -m ruff check .

unit: $(VENV)/.dev
	$(PY) -m pytest tests --ignore=tests/e2e

e2e: $(VENV)/.dev
	scripts/ensure-chromium
	scripts/ensure-test-tools
	$(PY) -m pytest tests/e2e

bench: $(VENV)/.dev
	scripts/ensure-chromium
	scripts/ensure-serve-tools
	$(PY) -m bench

build: $(VENV)/.runtime
	$(PY) -m radar build

check-warehouse: $(VENV)/.runtime
	$(PY) -m radar check

clean:
	rm -rf $(VENV) artifacts
