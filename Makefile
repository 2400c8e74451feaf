# Every target sets up .venv when it is missing (or when pyproject.toml changed).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: crawl test demo serve bench lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

crawl: $(STAMP)  ## crawl the live site into data/riac.db
	$(BIN)/riac-archive crawl

test: $(STAMP)  ## run the whole test suite
	$(BIN)/python -m pytest -q

demo: $(STAMP)  ## offline: serve the fixture site on 127.0.0.1 and crawl it into data/demo.db
	$(BIN)/riac-archive demo

serve: $(STAMP)  ## datasette on the archive
	$(BIN)/riac-archive serve

bench: $(STAMP)  ## benchmarks (not part of make test)
	$(BIN)/python benchmarks/run.py

lint: $(STAMP)
	$(BIN)/ruff check riac_archive tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info
