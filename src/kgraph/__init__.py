"""kgraph: conflict and human-rights reporting as an RDF knowledge graph of attributed claims."""
from __future__ import annotations

__version__ = "0.1.0"
