# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
STORE ?= .minekg/store
PORT ?= 8501
BIN = $(VENV)/bin
# The article minekg started from lives beside the checkout (shared/seed); it is ingested when present.
SEED = $(wildcard ../shared/seed/*.txt)
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install system ingest clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

ingest: install
	$(BIN)/minekg ingest data/articles $(SEED) --store $(STORE)

demo: ingest
	$(BIN)/minekg explore --store $(STORE) --port $(PORT)

# Debian packages the tests drive, as command:package: a headless browser for the explorer,
# Virtuoso's server and isql (its -bin package installs no service and asks nothing) for the
# remote-store tests, and curl as an HTTP client of `minekg serve`. Installed when missing.
TEST_DEBS = chromium:chromium virtuoso-t:virtuoso-opensource-7-bin curl:curl

system:
	@missing=""; for pair in $(TEST_DEBS); do command -v $${pair%%:*} >/dev/null || missing="$$missing $${pair#*:}"; done; \
	[ -z "$$missing" ] || { $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; }

test: install system
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .minekg .pytest_cache
