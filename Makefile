# Two entry points: `make book` (reader: build the book) and `make test` (developer: the whole suite).
# Each creates the virtual environment on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: help env system-deps book serve pdf test exercises bench clean

help:
	@echo "make book   - create .venv, build the book into _build/html"
	@echo "make test   - create .venv, install system packages if missing, run the whole test suite"
	@echo "make serve  - serve _build/html on http://127.0.0.1:8000"
	@echo "make pdf    - print the built chapters to PDF (_build/pdf)"
	@echo "make exercises - regenerate exercises/ from solutions/ with nbgrader"
	@echo "make bench  - run the benchmarks (speed, memory, grading, book rebuild)"

# Readers get the course toolchain; the test suite adds PyTorch (the reference), pytest and the rest.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip

$(BIN)/.course: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[course]'
	touch $@

$(BIN)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(BIN)/.course

env: $(BIN)/.course

system-deps:
	bash scripts/system-deps.sh

book: $(BIN)/.course
	$(BIN)/python tools/jb.py build . -W -n --keep-going

serve:
	$(BIN)/python -m http.server -d _build/html -b 127.0.0.1 8000

pdf: $(BIN)/.test book
	$(BIN)/python scripts/build_pdf.py

exercises: $(BIN)/.course
	$(BIN)/lazylearn release all

test: $(BIN)/.test system-deps
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: $(BIN)/.test
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf _build .jupyter_cache gradebook.db submitted autograded feedback
