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

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

env: $(BIN)/.installed

system-deps:
	bash scripts/system-deps.sh

book: env
	$(BIN)/python tools/jb.py build . -W -n --keep-going

serve:
	$(BIN)/python -m http.server -d _build/html -b 127.0.0.1 8000

pdf: book
	$(BIN)/python scripts/build_pdf.py

exercises: env
	$(BIN)/lazylearn release all

test: env system-deps
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: env
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf _build .jupyter_cache gradebook.db submitted autograded feedback
