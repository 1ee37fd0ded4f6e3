# Fresh-machine set-up: `make serve` to preview, `make test` to run every test.
# Python packages go into .venv (reinstalled only when pyproject.toml changes);
# test tools (Java, the Nu HTML Checker, Chromium) are installed by scripts/install-test-tools.sh.

PYTHON3 ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
ARGS    ?=

.PHONY: serve build check test test-tools venv clean

serve: $(STAMP)
	$(PY) -m builder serve $(ARGS)

build: $(STAMP)
	$(PY) -m builder build $(ARGS)

check: $(STAMP)
	$(PY) -m builder check $(ARGS)

test: $(STAMP) test-tools
	$(PY) -m pytest $(ARGS)

test-tools:
	@bash scripts/install-test-tools.sh

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PY) -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV) && $(PYTHON3) -m venv $(VENV); } \
	  || { rm -rf $(VENV); echo "make: cannot create $(VENV); on Debian: apt-get install python3-venv" >&2; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

clean:
	rm -rf site .pytest_cache
