# make run   - set up from nothing, then extract raw_pdfs/ into extracted/
# make test  - set up, then run the test suite
# make bench - set up, then measure pages/second and peak memory on raw_pdfs/
VENV := .venv
RAW ?= raw_pdfs
OUT ?= extracted

.PHONY: setup run test bench

setup:
	bash scripts/setup.sh

run: setup
	$(VENV)/bin/pipeline run $(RAW) --out $(OUT)

test: setup
	$(VENV)/bin/pytest -q

bench: setup
	$(VENV)/bin/python benchmarks/bench_run.py $(RAW)
