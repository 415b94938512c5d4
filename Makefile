# halfyear: `make report` renders the demo report, `make test` runs lint and every test.
# Both create .venv with the project installed when it is missing or out of date.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp

.DEFAULT_GOAL := help
.PHONY: help install report lab test lint format demo-data validate bench bench-forecast clean

help: ## List the targets
	@echo "halfyear make targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its test tools

report: install ## Render the demo report into reports/2021-06/qingshui/
	$(BIN)/halfyear run

# jupyter refuses to start as root (containers) unless told it is intended
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

# the bundled Noto Sans SC is served to Lab with a stylesheet (.lab/custom/custom.css), so
# Chinese shows on a machine without CJK fonts; halfyear_lib/running/lab.py says how
lab: install ## Open JupyterLab on notebooks/explore.ipynb (kernel: this .venv; Chinese with the bundled font)
	$(BIN)/python -m halfyear_lib.running.lab $(ROOT_FLAG)

test: install lint ## Lint (ruff on .py and .ipynb) and run every test, notebooks included
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider tests notebooks

lint: install ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Fix lint and format the code and notebooks in place
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

demo-data: install ## Regenerate data/demo from the seeded generator
	$(BIN)/halfyear demo-data --out data/demo

validate: install ## Validate the demo data set (DATA=path to check another)
	$(BIN)/halfyear validate $(or $(DATA),data/demo)

bench: install ## Benchmark loading, headline computation and a full run (medians)
	$(BIN)/python benchmarks/bench_pipeline.py

bench-forecast: install ## Forecast benchmark: demo backtest of every unit, then M3 (SAMPLE=N for a quick run)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev,bench]"
	$(BIN)/python benchmarks/forecast_backtest.py --m3 $(if $(SAMPLE),--sample $(SAMPLE),)

clean: ## Remove reports and caches (keeps .venv)
	rm -rf reports .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
