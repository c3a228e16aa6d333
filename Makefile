# Signpost: `make run` serves the embedded default, `make test` runs the whole suite.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint provision meilisearch assets clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

meilisearch:
	@bash infra/meilisearch/provision.sh

provision: $(STAMP) meilisearch

run: provision
	$(BIN)/signpost serve

test: provision
	$(BIN)/python -m pytest -q -m "not benchmark"

bench: provision
	$(BIN)/python -m pytest -q -s -m benchmark tests/benchmarks

lint: $(STAMP)
	$(BIN)/ruff check services projections search tests
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf var/data var/meili var/*.sqlite* .pytest_cache
