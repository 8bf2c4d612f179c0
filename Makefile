# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-slow lint bench screenshot dist clean

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

# The slow tests build the wheel and the standalone app (the dist extra) and run them.
test-slow: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,dist]'
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m slow

# Lint, formatting, types (mypy --strict on the core and the ui, set in pyproject.toml) and the import
# contracts of the layout (tests/test_contracts.py, also part of `make test`).
lint: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,dev]'
	$(PY) -m ruff check wargame tests
	$(PY) -m ruff format --check wargame tests
	$(PY) -m mypy wargame/core wargame/ui
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/test_contracts.py

bench: $(STAMP)
	$(PY) -m wargame bench

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) main.py --screenshot docs/screenshot.png --size 1920x1080 --fit
	QT_QPA_PLATFORM=offscreen $(PY) main.py --screenshot docs/screenshot-presentation.png --size 1920x1080 --presentation

# The standalone app for this platform (Linux, Windows or macOS): dist/wargame-app/
dist: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	$(PY) -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/wargame-app.spec

clean:
	rm -rf $(VENV) build dist *.egg-info
