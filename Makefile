# Two commands for a fresh machine: `make demo` and `make test` (see README.md).
VENV   ?= .venv
PY     := $(VENV)/bin/python
TILSYN := $(VENV)/bin/tilsyn
DEMO   ?= demo
PERSONS ?= 20000

.PHONY: demo test system install clean

# Debian packages the project needs: Java (Spark engine), poppler-utils (PDF pages to PNG in
# tests), Chromium (browser tests; Debian's, never a downloaded one), Node/npm (DKFDS assets),
# Pango (WeasyPrint). Installed only when missing.
APT_PACKAGES := default-jre-headless poppler-utils chromium nodejs libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done; \
		command -v npm >/dev/null 2>&1 || echo npm); \
	if [ -n "$$missing" ]; then \
		echo "Installerer Debian-pakker: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: system $(VENV)/.installed

demo: install
	$(TILSYN) generate $(DEMO)/data --persons $(PERSONS) --seed 1
	$(TILSYN) import $(DEMO)/data --store $(DEMO)/tilsyn.duckdb

test: install
	$(PY) -m pytest

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .hypothesis
