# Two entry points: `make crawl` (set up, then crawl the stand-in sites into ./data)
# and `make test` (set up, then run the test suite). Both install what they need.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?= -n 2

.PHONY: setup host crawl test bench clean

# The runtime packages at the versions the service image ships (deploy/requirements.lock).
$(VENV)/.installed: pyproject.toml deploy/requirements.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c deploy/requirements.lock -e '.[test]'
	touch $@

setup: $(VENV)/.installed

# Debian packages for the browser and deployment tests (only what is missing), and
# ReplayWeb.page's static app for its replay test (fetched once, into /var/tmp/newsarchive-npm).
host:
	deploy/host-packages.sh
	deploy/replaywebpage.sh

crawl: setup
	PATH="$(abspath $(VENV))/bin:$$PATH" deploy/crawl-standins.sh

# The compose deployment test (marker `deploy`: its own Docker engine, image builds) runs
# after the rest, alone, so its builds do not starve the browser and timing tests.
test: setup host
	$(PY) -m pytest $(PYTEST_ARGS) -m "not deploy"
	$(PY) -m pytest -p no:xdist -m deploy

bench: setup
	$(PY) bench/bench_pipeline.py
	$(PY) bench/bench_upload.py
	$(PY) bench/bench_ship.py
	$(PY) bench/bench_compare.py
	$(PY) bench/bench_judge.py
	$(PY) bench/bench_hostile_memory.py
	$(PY) bench/bench_dedup_index.py --sizes 100000
	$(PY) bench/bench_generic_extraction.py -v
	$(PY) bench/bench_wire_dates.py

clean:
	rm -rf data build *.egg-info
