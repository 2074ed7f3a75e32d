"""Evidence spans: where a claim's quote sits in the article file (cases as data live in cases/*.toml)."""
from kgraph.extract import extract
from kgraph.ingest import read_document
from kgraph.knowledge import load_knowledge
from kgraph.nlp import load_pipeline


def test_evidence_offsets_count_from_the_start_of_the_file(tmp_path):
    text = "date 2025-12-11 Intro line.\n\nThe ICC charged Hamas with hostage-taking. More text."
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    document = read_document(path)
    [claim] = extract(document, load_pipeline()(document.body), load_knowledge()).claims
    evidence = claim.evidence
    assert evidence.quote == "The ICC charged Hamas with hostage-taking."
    assert (evidence.doc, evidence.start, evidence.end) == ("a", 29, 71)
    assert text[evidence.start:evidence.end] == evidence.quote
