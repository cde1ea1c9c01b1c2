# Two commands on a fresh machine:  `make run`  and  `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test lint format install install-dev demo browser postgres nginx bench replicas clean axe
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: install, build the demo survey if nothing is published, start the app
run: install
	@test -s data/results/CURRENT || $(BIN)/python -m dgcore demo
	$(BIN)/streamlit run app.py --server.port $(PORT)

demo: install
	$(BIN)/python -m dgcore demo

## browser: Debian's chromium for the browser tests (never a downloaded browser)
browser:
	@bash scripts/ensure_chromium.sh

## axe: axe-core (npm, pinned in package.json / package-lock.json) for the accessibility browser test;
## installs Debian's npm first when the machine has none
axe: node_modules/axe-core/axe.min.js
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## postgres: Debian's PostgreSQL binaries for the account-store tests (the tests start their own server)
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; }

## nginx: Debian's nginx, for the browser test of deploy/nginx.conf's Content-Security-Policy, `make replicas` and the benchmark through two app processes
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx >/dev/null; }

## lint: ruff's checks and formatting (pyproject.toml); a finding fails `make test` before any test runs
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## format: apply ruff's formatting and safe fixes
format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## test: install everything, lint, and run every test (unit, integration, app, browser)
test: install-dev browser axe postgres nginx lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## replicas: two app processes behind nginx with accounts in PostgreSQL, on loopback (deploy/README.md)
replicas: install
	bash deploy/run_local_replicas.sh

## bench: every headline figure, each the median of 5 runs with its min-max and load average (~40 min)
bench: install-dev browser postgres nginx
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data/results .pytest_cache node_modules
