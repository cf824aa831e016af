# `make run` and `make test` set up everything they need from this repository's own files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FRONTEND_STAMP := frontend/node_modules/.installed

.PHONY: run test install frontend e2e lint typecheck pytest pytest-services openapi clean

# requirements-dev.lock pins the runtime set (requirements.lock, what the image installs) plus the
# embedded PostgreSQL and Redis of `petra dev` and the checks' tools.
$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(FRONTEND_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $(FRONTEND_STAMP)

install: $(STAMP) $(FRONTEND_STAMP)

frontend: $(FRONTEND_STAMP)
	cd frontend && npm run build

## Start the whole system on the embedded default (PostgreSQL, Redis, emulator, API, worker).
run: install frontend
	$(BIN)/petra dev

## Every check: lint, format, types, the Python suite, the frontend's checks (the generated API
## client included) and the browser journey on the full stack.
test: install lint typecheck pytest
	cd frontend && npm run lint && npm test && npm run build
	$(MAKE) e2e

## The Playwright journey against `petra dev` on the emulator (fresh data, free ports); needs
## frontend/dist. Screenshots land in frontend/e2e/artifacts/.
e2e: install
	cd frontend && npm run e2e

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

openapi: $(STAMP)
	$(BIN)/petra openapi -o openapi.yaml

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist .petra .pytest_cache .mypy_cache .ruff_cache
