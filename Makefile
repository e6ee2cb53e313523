# Peta Sosialisasi — `make run` (sample dashboard) and `make test` (whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501
SAMPLE_DIR := data/contoh
# The synthetic sample covers 2024-03 .. 2026-11; its window ends here (deterministic).
SAMPLE_AS_OF := 2026-11-30

# Offline installs: use ../shared/mirror when it exists and PETA_DATA_MIRROR is unset.
ifeq ($(origin PETA_DATA_MIRROR), undefined)
  ifneq ($(wildcard ../shared/mirror/SHA256SUMS),)
    export PETA_DATA_MIRROR := $(abspath ../shared/mirror)
  endif
endif

.PHONY: install run geodata sample test lint pytest browser postgis bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

geodata: install
	$(BIN)/peta-sosialisasi geodata build

sample: geodata
	$(BIN)/peta-sosialisasi sample --out $(SAMPLE_DIR)/masukan
	$(BIN)/peta-sosialisasi etl $(SAMPLE_DIR)/masukan/contoh_sosialisasi.xlsx --out $(SAMPLE_DIR) --ganti-semua --per-tanggal $(SAMPLE_AS_OF)

run: sample
	$(BIN)/peta-sosialisasi dashboard --data $(SAMPLE_DIR) --port $(PORT)

# Debian's chromium for the browser tests (never a browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Memasang chromium (Debian) untuk uji peramban..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# Debian's PostgreSQL + PostGIS for the store tests (a throwaway cluster per test run).
postgis:
	@ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 && \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "Memasang PostgreSQL + PostGIS (Debian) untuk uji basis data..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql postgis >/dev/null; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

pytest: install browser postgis
	$(BIN)/pytest -q

test: lint pytest

bench: sample browser postgis
	$(BIN)/python -m tests.bench.run_bench

clean:
	rm -rf geodata/build data/contoh tests/artifacts
