# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-slow lint bench screenshot clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml setup.py
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py $(ARGS)

# Two workers: the suite is CPU-bound and the target machines have two cores.
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n 2

test-slow: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m slow

lint: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,dev]'
	$(PY) -m ruff check wargame tests
	$(PY) -m mypy wargame/core

bench: $(STAMP)
	$(PY) -m wargame bench

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) main.py --screenshot docs/screenshot.png --size 1600x1000

clean:
	rm -rf $(VENV) build *.egg-info
