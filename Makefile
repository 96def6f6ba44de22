# Plain verbs for the bilingual support-triage bot. `make help` lists them.
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PYTHON  ?= $(shell scripts/find-python)

.DEFAULT_GOAL := help
.PHONY: help install run train test browser validate pytest conversations lint audit bench eval clean \
	run-prod-local prod-local-packages reliability

help: ## list the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

install: $(STAMP) ## create .venv and install pinned dependencies

run: $(STAMP) ## train if needed, then start bot, action server, chat page and review console
	$(BIN)/triagebot run

train: $(STAMP) ## train the model unless a model for the current data + config is cached
	$(BIN)/triagebot train

test: $(STAMP) browser prod-local-packages ## validate data, run pytest and the conversation tests
	$(BIN)/triagebot train
	$(MAKE) --no-print-directory validate pytest conversations

browser: ## install Debian's headless Chromium for the Playwright browser tests (as root)
	command -v chromium >/dev/null || \
		(apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

run-prod-local: $(STAMP) prod-local-packages ## PostgreSQL, Redis, nginx on :8000, 2 Rasa replicas, actions, web
	$(BIN)/triagebot prod-local

prod-local-packages: ## install Debian's postgresql, redis-server and nginx when missing (as root)
	@(ls /usr/lib/postgresql/*/bin/postgres && command -v redis-server && test -x /usr/sbin/nginx) \
		>/dev/null 2>&1 || (apt-get update && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql redis-server nginx)

reliability: $(STAMP) prod-local-packages ## 5-minute load and the fault tests -> docs/reliability.md
	$(BIN)/triagebot train
	$(BIN)/pytest -m slow tests/reliability

validate: $(STAMP) ## rasa data validate (warnings listed in README are the only accepted ones)
	$(BIN)/triagebot validate

pytest: $(STAMP)
	$(BIN)/pytest

conversations: $(STAMP) ## rasa conversation tests, failing on any prediction error
	$(BIN)/triagebot test-conversations

lint: $(STAMP) ## ruff and mypy
	$(BIN)/ruff check bot actions bench tests
	$(BIN)/mypy bot actions bench

audit: ## pip-audit the pinned versions (separate venv: pip-audit's deps clash with rasa's)
	@test -x .venv-audit/bin/pip-audit || ($(PYTHON) -m venv .venv-audit && .venv-audit/bin/pip install --quiet pip-audit)
	.venv-audit/bin/pip-audit --no-deps --disable-pip -r constraints.txt

bench: $(STAMP) ## accuracy, speed and cost benchmarks -> bench/results.json
	$(BIN)/python -m bench bench

eval: $(STAMP) ## NLU scores on the held-out sets and in cross-validation, per language
	$(BIN)/python -m bench eval

clean: ## remove trained models and runtime data (keeps .venv)
	rm -rf models var .rasa
