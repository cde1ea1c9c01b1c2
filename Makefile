# Two commands on a fresh machine:  `make run`  and  `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test install install-dev demo browser bench clean

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

## test: install everything and run every test (unit, integration, app, browser)
test: install-dev browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) data/results .pytest_cache
