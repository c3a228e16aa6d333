# Signpost: `make run` serves the embedded default, `make test` runs the whole suite.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Python keeps compiled modules (and pytest its rewritten test modules) in __pycache__, even where
# the environment asks it not to: every run and every process the tests start then skips
# recompiling (README, "Set-up": the unit suite's times).
export PYTHONDONTWRITEBYTECODE :=

.PHONY: run test bench lint provision meilisearch assets browser clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

meilisearch:
	@bash infra/meilisearch/provision.sh

ASSETS := infra/assets
CSS := services/http/static/app.css

# GOV.UK Frontend (styles), sass and axe-core, pinned in infra/assets/package-lock.json.
$(ASSETS)/node_modules/.installed: $(ASSETS)/package.json $(ASSETS)/package-lock.json
	cd $(ASSETS) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CSS): $(ASSETS)/node_modules/.installed $(ASSETS)/app.scss $(ASSETS)/_signpost.scss
	cd $(ASSETS) && npm run --silent build

assets: $(CSS)

# Debian's Chromium for the page tests (driven by Playwright through executable_path).
browser:
	@bash infra/browser/provision.sh

provision: $(STAMP) meilisearch assets

run: provision
	$(BIN)/signpost serve

test: provision browser
	$(BIN)/python -m pytest -q -m "not benchmark"

bench: provision
	$(BIN)/python -m pytest -q -s -m benchmark tests/benchmarks

lint: $(STAMP)
	$(BIN)/ruff check services projections search tests
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf var/data var/meili var/*.sqlite* .pytest_cache
