# wijkzicht: `make run` builds the environment and runs the whole pipeline;
# `make test` runs the checks and the test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CORES ?= all
# make run: memory (MB) for the jobs side by side; empty: what is available on this machine
MEM_MB ?=
# make verify: more options of the check, e.g. --outputs-only (the outputs alone: for a
# release without its microdata, the inputs not checked)
VERIFY_ARGS ?=

.PHONY: help run test lint report clean env r-deps browser-deps pdf-deps verify validate-sae bench bench-disclosure bench-ingest slurm-deps test-slurm

env: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

# safe to rerun after a crash: a stale lock is removed and half-written outputs are redone;
# the jobs side by side stay within MEM_MB, else the memory available (config/README.md)
# (Snakemake's report after it, its chatter in a log: the run's last lines name the pages)
run: $(STAMP)
	$(BIN)/python -m wijkzicht.pipeline.run --cores $(CORES) $(if $(MEM_MB),--resources mem_mb=$(MEM_MB))
	@$(BIN)/snakemake --report results/report.html > results/internal/logs/report.log 2>&1 \
		|| { cat results/internal/logs/report.log; exit 1; }
	@echo "  results/report.html (Snakemake's report of the run)"

# recompute every hash of the release manifest and say what differs (the command's exit
# status 1; 2: the manifest is missing or not one, said in words); a GGD region (config
# gemeenten): every gemeente's results/export/<GM>/manifest.json
verify: $(STAMP)
	@ms="$$(ls results/export/GM*/manifest.json 2>/dev/null)"; rc=0; \
	for m in $${ms:-results/export/manifest.json}; do \
		$(BIN)/python -m wijkzicht.release.manifest verify $$m $(VERIFY_ARGS) || rc=$$?; \
	done; exit $$rc

report: $(STAMP)
	$(BIN)/snakemake --report results/report.html

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/snakefmt --check Snakefile workflow
	$(BIN)/snakemake --lint

# the small-area model estimates against the synthetic world's truth: the table in docs/small_area.md
validate-sae: $(STAMP)
	$(BIN)/python -m wijkzicht.pipeline.validate_sae --replicates 20 --bootstrap 100 --docs

# R and its survey package (Debian packages) for the cross-checks of the estimators
r-deps:
	bash tools/install-r.sh

# Debian's Chromium for the dashboard's headless browser tests (driven by Playwright)
browser-deps:
	bash tools/install-chromium.sh

# Debian's poppler-utils (pdftoppm, pdftotext) for the tests that render the report PDFs
pdf-deps:
	bash tools/install-poppler.sh

# unit, spec and property tests in parallel; the end-to-end workflow runs one at a time
test: $(STAMP) lint r-deps browser-deps pdf-deps
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not e2e and not slurm"
	$(BIN)/python -m pytest -m e2e

# Debian's slurm-wlm and munge, for the test of the SLURM profile (workflow/profiles/slurm)
slurm-deps:
	bash tools/install-slurm.sh

# the workflow on a single-node SLURM that the test starts and stops; every job goes through sbatch
test-slurm: $(STAMP) slurm-deps
	$(BIN)/python -m pytest -m slurm tests/slurm

# wijkzicht against a hand-written DuckDB baseline on a synthetic world (bench/run.py);
# results/bench/<label>.{json,csv}, and with DOCS=docs/BENCHMARKS.md the section <label> of that
# file. The label names the persons and every setting that differs from its default (2M,
# 2M-r20k-5gm-y2022-2023, 360k-pages-noop; python bench/run.py --help); a section of the same
# label that another command made is replaced only with BENCH_ARGS=--replace.
# Quick check: make bench PERSONS=20000 BENCH_ARGS='--years 2022 2023'
# PERSONS: persons in the national tables, of whom min(PERSONS // K, 360000) live in each of the
# K gemeenten (BENCH_ARGS='--gemeenten K', default 1) and the rest elsewhere; another split:
# BENCH_ARGS='--residents R'
PERSONS ?= 2000000
BENCH_CORES ?= 2
BENCH_ARGS ?=
DOCS ?=
bench: $(STAMP)
	$(BIN)/python bench/run.py --persons $(PERSONS) --cores $(BENCH_CORES) $(if $(DOCS),--docs $(DOCS)) $(BENCH_ARGS)

# disclosure control (protect(): suppression and the LP audit) per theme on small gemeenten of
# 3,000, 10,000 and 30,000 residents (bench/disclosure.py); results/bench/disclosure.{json,csv}
# and with DOCS=docs/BENCHMARKS.md its bench:disclosure table, where the rows of the sizes run
# replace theirs and the others stay (one size: BENCH_ARGS='--persons 10000'); rows that a run
# of other --years, --waves, --seed or --themes made are replaced only with BENCH_ARGS=--replace
# (or give the run its own --label). The worlds are cached in /tmp.
bench-disclosure: $(STAMP)
	$(BIN)/python bench/disclosure.py --cores $(BENCH_CORES) $(if $(DOCS),--docs $(DOCS)) $(BENCH_ARGS)

# The ingest alone, table by table, on a world bench/run.py made (bench/ingest.py): wall and CPU
# seconds per table; INGEST_ARGS=--no-write times the checks without the typed copy.
# DATA: the world's data folder (default: that of make bench's default run; make bench first)
DATA ?= /tmp/wijkzicht-bench-2M/data
bench-ingest: $(STAMP)
	$(BIN)/python bench/ingest.py --data $(DATA) $(INGEST_ARGS)

clean:
	rm -rf results .snakemake

# what each target does, in a line (a new user asked for it: N3)
help:
	@echo "make run          build the environment and run the whole pipeline (synthetic world by default)"
	@echo "make test         lint and the whole test suite (unit, spec, property, end to end)"
	@echo "make verify       recompute every hash of the release manifest and say what differs"
	@echo "make report       Snakemake's report of the last run (results/report.html)"
	@echo "make lint         ruff check and format, import contracts, snakefmt, snakemake --lint"
	@echo "make test-slurm   the SLURM executor test on a single-node SLURM it starts"
	@echo "make bench        time the workflow against a DuckDB baseline (PERSONS=, DOCS=, BENCH_ARGS=)"
	@echo "make bench-disclosure, make bench-ingest   disclosure control or the ingest alone"
	@echo "make env          only the environment (.venv); make clean: remove results/"
	@echo "README.md, config/README.md and docs/ say more"
