# The two commands a fresh machine needs:
#   make site   build the project's own support site into _site/
#   make test   run the whole test suite
# Each one installs what it needs by itself.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: site test serve check install install-test browser clean

site: $(VENV)/.installed
	$(BIN)/sitegen build --source .

serve: $(VENV)/.installed
	$(BIN)/sitegen serve --source .

check: $(VENV)/.installed
	$(BIN)/sitegen check --source . --strict

test: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest -q

# Debian's chromium and CJK fonts for the browser tests (never a downloaded browser)
browser:
	bash scripts/install-browser.sh

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

clean:
	rm -rf _site .sitegen-cache .pytest_cache
