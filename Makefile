# Two commands for a fresh machine: `make demo` and `make test` (see README.md).
VENV   ?= .venv
PY     := $(VENV)/bin/python
TILSYN := $(VENV)/bin/tilsyn
DEMO   ?= demo
PERSONS ?= 50000
# The data run from 2019-01 to the last complete month (`tilsyn generate`'s default); the daily
# steps show that month and its last day under the rules in force today. Computed by tid.py when
# the recipe runs (after `install`), as the generator computes its default.
MAANED  = $(shell $(PY) -c 'from datetime import date; from tilsyn import tid; print(tid.maaned_tekst(tid.sidste_hele_maaned(date.today())))')
SLUTDAG = $(shell $(PY) -c 'from datetime import date; from tilsyn import tid; print(tid.last_day(tid.sidste_hele_maaned(date.today())))')
# The yearly steps (resultatmål, selection, cases, report, letters) need a year with a selection
# (tilsyn.ordning.udvaelgelse): the selection for a year is made in the spring of the next, and the
# state's skærpet tilsyn ended on 2026-02-01 (lov nr. 1750 af 29. december 2025), so 2024, selected
# in the spring of 2025, is the last. Its cases open in April 2025, move through their events in
# 2025 and end by law on AFSKAFFET (tilsyn.ordning.sager).
YEAR   ?= 2024
NAESTE  = $(shell echo $$(($(YEAR)+1)))
UDPEGET = $(NAESTE)-04-15
AFSKAFFET ?= 2026-02-01
SAG     = --actor demo --db $(DEMO)/tilsyn-sager.db
KOMMUNE ?= 0101
PORT   ?= 8000
PASSWORD ?= demo-adgangskode
DEMO_USER = --adgangskode $(PASSWORD) --erstat --db $(DEMO)/tilsyn-sager.db

.PHONY: demo test skaermbilleder system install clean

# Debian packages the project needs: Java (Spark engine), poppler-utils (PDF pages to PNG in
# tests), Chromium and its translations (browser tests with Danish date fields; Debian's, never a downloaded one), Node/npm (DKFDS assets),
# Pango (WeasyPrint). Installed only when missing.
APT_PACKAGES := default-jre-headless poppler-utils chromium chromium-l10n nodejs libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
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

# DKFDS and HTMX from npm, copied into the package: the web app serves them itself (no CDN).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

src/tilsyn/web/static/dkfds/css/dkfds.min.css: node_modules/.package-lock.json $(VENV)/.installed
	$(PY) -m tilsyn.web.assets

install: system $(VENV)/.installed src/tilsyn/web/static/dkfds/css/dkfds.min.css

demo: install
	$(TILSYN) generate $(DEMO)/data --persons $(PERSONS) --seed 1
	$(TILSYN) import $(DEMO)/data --store $(DEMO)/tilsyn.duckdb
	$(TILSYN) fokusmaal --data $(DEMO)/tilsyn.duckdb --maaned $(MAANED) --out $(DEMO)/fokusmaal-$(MAANED).csv
	$(TILSYN) resultatmaal --data $(DEMO)/tilsyn.duckdb --aar $(YEAR) --out $(DEMO)/resultatmaal-$(YEAR).csv
	$(TILSYN) udvaelgelse --data $(DEMO)/tilsyn.duckdb --aar $(YEAR) --out $(DEMO)/udvaelgelse-$(YEAR).csv
	$(TILSYN) frister --data $(DEMO)/tilsyn.duckdb --kommune $(KOMMUNE) --dato $(SLUTDAG) \
		--out $(DEMO)/frister-$(KOMMUNE).csv --xlsx $(DEMO)/frister-$(KOMMUNE).xlsx
	$(TILSYN) rettidighed --data $(DEMO)/tilsyn.duckdb --maaned $(MAANED) --kommune $(KOMMUNE)
	$(TILSYN) regler --dato $(SLUTDAG) --sti kontaktforloeb
	$(TILSYN) kvoteplan --data $(DEMO)/tilsyn.duckdb --dato $(SLUTDAG)
	rm -f $(DEMO)/tilsyn-sager.db
	$(TILSYN) sag aabn $(DEMO)/udvaelgelse-$(YEAR).csv --aar $(YEAR) --dato $(UDPEGET) $(SAG)
	$(TILSYN) fokusmaal --data $(DEMO)/tilsyn.duckdb --fra $(NAESTE)-06 --til $(NAESTE)-12 \
		--out $(DEMO)/fokusmaal-$(NAESTE).csv
	$(PY) -m tilsyn.data.demo_sager $(DEMO)/udvaelgelse-$(YEAR).csv $(DEMO)/fokusmaal-$(NAESTE).csv \
		--aar $(YEAR) --afskaffet $(AFSKAFFET) $(SAG)
	$(TILSYN) sag liste --db $(DEMO)/tilsyn-sager.db
	$(TILSYN) rapport --data $(DEMO)/tilsyn.duckdb --aar $(YEAR) --db $(DEMO)/tilsyn-sager.db $(DEMO)/rapport
	@for k in $$(tail -n +2 $(DEMO)/udvaelgelse-$(YEAR).csv | grep skaerpet_tilsyn | cut -d, -f1); do \
		echo "$(TILSYN) brev udvaelgelse $(DEMO)/rapport/brev-$$k.docx --kommune $$k --aar $(YEAR)"; \
		$(TILSYN) brev udvaelgelse $(DEMO)/rapport/brev-$$k.docx --kommune $$k --aar $(YEAR) \
			--dato $(UDPEGET) --data $(DEMO)/tilsyn.duckdb || exit 1; done
	$(TILSYN) bruger opret S$(KOMMUNE)-0001 --rolle sagsbehandler --kommune $(KOMMUNE) $(DEMO_USER)
	$(TILSYN) bruger opret teamleder --rolle teamleder --kommune $(KOMMUNE) --team "Team Dagpenge" $(DEMO_USER)
	$(TILSYN) bruger opret chef --rolle jobcenterchef --kommune $(KOMMUNE) $(DEMO_USER)
	$(TILSYN) bruger opret star --rolle star $(DEMO_USER)
	$(TILSYN) bruger opret admin --rolle admin $(DEMO_USER)
	@echo
	@echo "Tilsyn kører på http://127.0.0.1:$(PORT) (stop med Ctrl+C)."
	@echo "Log ind med adgangskoden '$(PASSWORD)' som: S$(KOMMUNE)-0001 (sagsbehandler), teamleder,"
	@echo "chef (rollen jobcenterchef, $(KOMMUNE)), star (STAR) eller admin. Data går til og med $(MAANED);"
	@echo "arbejdslisten viser $(SLUTDAG) efter reglerne i kraft den dag (Regler i kraft: /regler)."
	$(TILSYN) forbered --store $(DEMO)/tilsyn.duckdb
	$(TILSYN) serve --store $(DEMO)/tilsyn.duckdb --db $(DEMO)/tilsyn-sager.db --port $(PORT)

test: install
	$(PY) -m pytest

# Refresh the docs' screenshots (docs/screenshots/) from the browser tests.
skaermbilleder: install
	TILSYN_SKAERMBILLEDER=$(CURDIR)/docs/screenshots $(PY) -m pytest tests/web/test_browser.py \
		tests/web/test_browser_brugere.py tests/web/test_browser_arbejdsliste.py tests/web/test_browser_roller.py \
		tests/web/test_browser_kvoteplan.py tests/web/test_browser_rettidighed.py

clean:
	rm -rf $(VENV) $(DEMO) node_modules src/tilsyn/web/static/dkfds src/tilsyn/web/static/htmx .pytest_cache .hypothesis
