# 链图 liantu. `make run`: set up and run the demo; `make test`: set up and run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint bench install clean vendor

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/liantu demo

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# Style, import order and likely bugs (ruff), and the types of the packages (mypy); both configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info

# Refresh the vendored JavaScript (cytoscape) from npm; the copies are committed so that
# `pip install` and the pages work without node or internet.
vendor:
	npm install --no-audit --no-fund
	mkdir -p webapp/static/vendor
	cp node_modules/cytoscape/dist/cytoscape.min.js webapp/static/vendor/cytoscape.min.js
	cp node_modules/cytoscape/LICENSE webapp/static/vendor/cytoscape.LICENSE
