# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
STORE ?= .minekg/store
PORT ?= 8501
BIN = $(VENV)/bin
# The article minekg started from lives beside the checkout (shared/seed); it is ingested when present.
SEED = $(wildcard ../shared/seed/*.txt)
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install chromium ingest clean

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

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium; }

test: install chromium
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .minekg .pytest_cache
