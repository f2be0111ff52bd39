# Wegweiser kiosk — set-up, start and tests. Needs only Python 3.11+ and make.
#   make run    set everything up and start the kiosk on the shipped data.db
#   make test   set everything up and run the whole test suite (what CI runs)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup system-deps run test soak bench tour data translations bytecode messages clean

setup: system-deps $(STAMP) translations bytecode

# Qt's X11 plugin and speech module need a few Debian libraries (installed when root).
system-deps:
	@bash scripts/system-deps

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Compiled catalogues (.mo) are build output; the .po files are the source. (Not `pybabel
# compile -d`: it cannot parse private-use folder names such as de_x_ls, Leichte Sprache.)
translations: $(STAMP)
	@$(BIN)/python scripts/compile_catalogues.py --quiet

# Compiled bytecode for the kiosk's own modules, written even where PYTHONDONTWRITEBYTECODE is
# set (as on this workplace): without it Python compiles every module again at each start.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q kiosk ui bench scripts

# The kiosk runs on a fresh copy of the shipped data.db, so using it never changes the file
# in the repository (staff edits and usage counts go to .run/).
run: setup
	@mkdir -p .run && cp data.db .run/kiosk.db && rm -f .run/kiosk.db-wal .run/kiosk.db-shm
	$(BIN)/kiosk --db .run/kiosk.db --data-dir .run $(ARGS)

# The UI tests that walk the journey, run a second time on a real X server (a private Xvfb
# that tests/conftest.py starts for QT_QPA_PLATFORM=xcb): fonts, sizes, focus and the two-step
# start differ from the offscreen platform. (Staff mode on a real X server: tests/e2e.)
XCB_TESTS := tests/ui/test_journey.py tests/ui/test_languages.py tests/ui/test_accessibility.py \
             tests/ui/test_idle.py tests/ui/test_long_text.py tests/ui/test_deployed_start.py \
             tests/ui/test_reach_and_scrolling.py tests/ui/test_three_taps.py

# Two workers (2-core PC), a test file per worker: many tests wait on real processes (Xvfb,
# cupsd, speech-dispatcher, the kiosk's idle timers). `make test PARALLEL=` runs them in one.
PARALLEL ?= -n 2 --dist loadfile

# Static checks and the xcb run first, so the whole suite's summary is the last line CI reads.
test: setup
	$(BIN)/lint-imports
	$(BIN)/ruff check kiosk ui tests scripts bench
	$(BIN)/ruff format --check --quiet kiosk ui tests scripts bench
	QT_QPA_PLATFORM=xcb $(BIN)/python -m pytest -q $(PARALLEL) $(XCB_TESTS)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PARALLEL) $(PYTEST_ARGS)

# Full-size soak, monkey and crash runs (CI runs them reduced as part of make test).
soak: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/soak -s -q \
	  --soak-sessions 10000 --monkey-events 100000 --kill-runs 50

# Benchmarks with budgets (offscreen): prints a table, writes bench/results/latest.json.
bench: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run $(ARGS)

tour: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/kiosk --tour tour $(ARGS)

# Rebuild data.db from the reviewable seed in kiosk/db/seed/.
data: setup
	$(BIN)/kiosk-admin build-db --out data.db

# Re-extract UI strings and merge them into every catalogue (new ones stay empty, never fuzzy).
messages: setup
	$(BIN)/python scripts/update_catalogues.py

clean:
	rm -rf $(VENV) build *.egg-info tour
	find translations -name '*.mo' -delete

# The deployment as documented (deploy/): the kiosk through deploy/cage-kiosk.sh under Cage on
# Qt's Wayland platform, READY and WATCHDOG=1 on a stand-in notify socket, grim screenshots of
# the start screen and of a journey tapped from outside, the watchdog against a hung GUI
# thread. Screenshots and results.json go to deploy-check/.
.PHONY: deploy-check
deploy-check: setup
	scripts/deploy-check --out deploy-check
