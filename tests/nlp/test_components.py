"""Each kgraph spaCy component alone in a blank pipeline, and the full pipeline's wiring."""
from __future__ import annotations

from dataclasses import replace

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kgraph.errors import KGraphError
from kgraph.knowledge import Charge, load_knowledge
from kgraph.nlp import CHARGES_KEY, load_pipeline


def blank_with(factory: str, config: dict | None = None) -> Language:
    """spacy.blank("en") plus one kgraph component, initialised with the ontology folder's knowledge."""
    nlp = spacy.blank("en")
    nlp.add_pipe(factory, config=config or {})
    nlp.get_pipe(factory).initialize(nlp=nlp, knowledge=load_knowledge())
    return nlp


@Language.component("toy_lemmas", assigns=["token.lemma"])
def toy_lemmas(doc: Doc) -> Doc:
    """A stand-in lemmatizer for a blank pipeline: "targeting" -> "target", "civilians" -> "civilian"."""
    for token in doc:
        token.lemma_ = token.lower_.removesuffix("ing").removesuffix("s")
    return doc


def test_the_sentence_component_marks_datelines_blank_lines_titles_and_closing_quotes():
    nlp = blank_with("kgraph_sentences")
    doc = nlp('BANGKOK, June 18 (AP) - Sgt. Lee said "a massacre." He left.\n\nA new paragraph.')
    marked = [(token.text, token.is_sent_start) for token in doc if token.is_sent_start is not None]
    assert marked == [("BANGKOK", True), ("Sgt", True), ("Lee", False), ('"', False), ("A", True)]


def test_the_sentence_component_reads_the_dateline_length_from_its_config():
    nlp = blank_with("kgraph_sentences", {"dateline_max_tokens": 4})
    doc = nlp("BANGKOK, June 18 (AP) - The army denied it.")
    assert [token.text for token in doc if token.is_sent_start] == ["BANGKOK"]  # the dash is 7 tokens in


def test_the_name_component_repairs_places_that_start_names_day_numbers_and_unnamed_fighters():
    nlp = blank_with("kgraph_names")
    words = ["Sudan", "Liberation", "Army", "and", "Fano", "militias", "attacked", "on", "7", "October",
             "2023", ",", "Sudan", "said", "."]
    pos = ["PROPN", "PROPN", "PROPN", "CCONJ", "PROPN", "NOUN", "VERB", "ADP", "NUM", "PROPN",
           "NUM", "PUNCT", "PROPN", "VERB", "PUNCT"]
    ents = ["B-GPE", "O", "O", "O", "O", "O", "O", "O", "O", "B-DATE", "I-DATE", "O", "B-GPE", "O", "O"]
    doc = nlp(Doc(nlp.vocab, words=words, pos=pos, ents=ents))
    assert [(ent.text, ent.label_) for ent in doc.ents] == [
        ("Sudan Liberation Army", "ORG"), ("Fano militias", "ORG"), ("7 October 2023", "DATE"), ("Sudan", "GPE")]


def test_the_charge_component_without_a_lemmatizer_matches_the_taxonomy_word_for_word():
    nlp = blank_with("kgraph_charges", {"lemma_pipes": []})
    doc = nlp("They accused the militia of War Crimes, torture of detainees and targeting civilians.")
    assert [(span.text, span.label_) for span in doc.spans[CHARGES_KEY]] == [
        ("War Crimes", "war-crimes"), ("torture of detainees", "torture"),
        ("targeting civilians", "attacks-on-civilians")]


def test_the_charge_component_matches_by_the_lemmas_of_the_pipes_named_in_its_config():
    nlp = spacy.blank("en")
    nlp.add_pipe("toy_lemmas")
    nlp.add_pipe("kgraph_charges", config={"lemma_pipes": ["toy_lemmas"], "spans_key": "taxonomy"})
    nlp.get_pipe("kgraph_charges").initialize(nlp=nlp, knowledge=load_knowledge())
    doc = nlp("His fighters target civilians.")
    assert [(span.text, span.label_) for span in doc.spans["taxonomy"]] == [
        ("target civilians", "attacks-on-civilians")]
    assert CHARGES_KEY not in doc.spans


def test_the_charge_component_names_a_lemma_pipe_the_pipeline_lacks():
    nlp = spacy.blank("en")
    nlp.add_pipe("kgraph_charges")
    with pytest.raises(KGraphError, match="^kgraph_charges: lemma_pipes names tok2vec, tagger, attribute_ruler, "
                                          "lemmatizer, which the pipeline lacks$"):
        nlp.get_pipe("kgraph_charges").initialize(nlp=nlp, knowledge=load_knowledge())


def test_the_full_pipeline_runs_its_pipes_in_an_order_spacy_finds_no_problem_with():
    nlp = load_pipeline()
    assert nlp.pipe_names == ["tok2vec", "tagger", "kgraph_sentences", "parser", "attribute_ruler", "lemmatizer",
                              "entity_ruler", "ner", "kgraph_names", "kgraph_charges"]
    assert all(problems == [] for problems in nlp.analyze_pipes(pretty=False)["problems"].values())
    assert nlp.config["components"]["kgraph_charges"]["spans_key"] == CHARGES_KEY


def test_the_pipeline_reads_the_knowledge_it_is_given_and_is_loaded_once_per_knowledge():
    knowledge = load_knowledge()
    torture_only = replace(knowledge, charges={"torture": Charge("torture", "torture", (), ())}, version="torture")
    nlp = load_pipeline(torture_only)
    assert load_pipeline(torture_only) is nlp and load_pipeline(knowledge) is load_pipeline()
    assert load_pipeline(knowledge) is not nlp
    doc = nlp("They accused the army of torture and war crimes.")
    assert [(span.text, span.label_) for span in doc.spans[CHARGES_KEY]] == [("torture", "torture")]


def test_a_model_that_is_not_installed_is_named_in_one_line():
    with pytest.raises(KGraphError, match="^spaCy model 'en_no_such_model' is not installed; run `make install`"):
        load_pipeline(model="en_no_such_model")
