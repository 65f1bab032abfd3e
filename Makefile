# govkg: `make build` builds the bundled report, `make test` runs the test suite.
# Both create .venv when it is missing; nothing but Python 3.11+ and the package index is needed.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

# One stamp per install: pip runs again only when pyproject.toml is newer than the stamp.
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: build test check-graph lint bench notebook docs

build: $(STAMP_RUN)
	$(BIN)/govkg build

test: $(STAMP_TEST)
	@status=0; \
	$(BIN)/python -m pytest $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then \
		echo "make test: FAILED: pytest ran no tests (exit code 5)" >&2; \
	elif [ $$status -ne 0 ]; then \
		echo "make test: FAILED: pytest exited with code $$status" >&2; \
	fi; \
	$(MAKE) --no-print-directory check-graph || { [ $$status -ne 0 ] || status=1; }; \
	exit $$status

# The committed graph must be exactly what a fresh build writes (byte for byte).
check-graph: $(STAMP_RUN)
	@tmp=$$(mktemp -d) || exit 1; \
	trap 'rm -rf "$$tmp"' EXIT; \
	$(BIN)/govkg build --quiet --out "$$tmp" || { echo "check-graph: FAILED: govkg build exited with code $$?" >&2; exit 1; }; \
	bad=0; built=0; \
	for f in "$$tmp"/*.ttl "$$tmp"/*.html; do \
		[ -e "$$f" ] || continue; \
		built=$$((built + 1)); name=$$(basename "$$f"); \
		if [ ! -f "graph/$$name" ]; then \
			echo "check-graph: FAILED: graph/$$name is missing; run 'make build' and commit graph/" >&2; bad=1; \
		elif ! cmp "graph/$$name" "$$f" >&2; then \
			echo "check-graph: FAILED: graph/$$name differs from a fresh build; run 'make build' and commit graph/" >&2; bad=1; \
		fi; \
	done; \
	for f in graph/*.ttl graph/*.html; do \
		[ -e "$$f" ] || continue; \
		if [ ! -f "$$tmp/$$(basename "$$f")" ]; then \
			echo "check-graph: FAILED: $$f is not produced by 'govkg build'; delete it or rebuild" >&2; bad=1; \
		fi; \
	done; \
	if [ $$built -eq 0 ]; then echo "check-graph: FAILED: govkg build wrote no .ttl or .html file" >&2; bad=1; fi; \
	[ $$bad -eq 0 ] && echo "check-graph: graph/ equals a fresh build"; \
	exit $$bad

# The generated docs, from a fresh graph/: the CLI reference of docs/cli.md and the SVGs (tools/make_docs.py), and the
# screenshot docs/tongzhou-2023-view.png, drawn by chromium from graph/tongzhou-2023.html, whose sha256 it
# records (tools/make_screenshot.py; a test fails when the committed screenshot was drawn from another page).
docs: $(STAMP_TEST)
	$(BIN)/govkg build --quiet --out graph
	$(BIN)/python tools/make_docs.py
	$(BIN)/python tools/make_screenshot.py

# Both linters run, whatever the first one finds.
lint: $(STAMP_TEST)
	@status=0; \
	echo "$(BIN)/ruff check src tests"; $(BIN)/ruff check src tests || status=1; \
	echo "$(BIN)/mypy src"; $(BIN)/mypy src || status=1; \
	exit $$status

bench: $(STAMP_RUN)
	$(BIN)/python benchmarks/bench_build.py

# Runs every notebook top to bottom in a Jupyter kernel (nbclient), as CI does.
notebook: $(STAMP_TEST)
	$(BIN)/pytest -q tests/test_notebooks.py

$(BIN)/python:
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "govkg needs Python 3.11 or newer; '$(PY)' is $$($(PY) --version 2>&1). Try: make PY=python3.11" >&2; exit 1; }
	$(PY) -m venv $(VENV)

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(STAMP_RUN)
