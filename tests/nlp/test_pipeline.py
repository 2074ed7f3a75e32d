"""The pipeline's rule components: where sentences start."""
from __future__ import annotations

import pytest

from kgraph.nlp import load_pipeline

from helpers.extraction import claims


def sentences(text: str) -> list[str]:
    return [sentence.text for sentence in load_pipeline()(text).sents]


@pytest.mark.parametrize(("text", "expected"), [
    ("BANGKOK, June 18 (AP) - Human Rights Watch accused the army of torture.",
     ["BANGKOK, June 18 (AP) -", "Human Rights Watch accused the army of torture."]),
    ("A headline\n\nTHE HAGUE — The prosecutor accused the militia of war crimes.",
     ["A headline\n\n", "THE HAGUE —", "The prosecutor accused the militia of war crimes."]),
    ("GENEVA, March 3 (Reuters) -- The UN said 43 civilians were killed.",
     ["GENEVA, March 3 (Reuters) --", "The UN said 43 civilians were killed."]),
    ("First paragraph.\nKYIV, Ukraine — The prosecutor spoke.",
     ["First paragraph.\n", "KYIV, Ukraine —", "The prosecutor spoke."]),
])
def test_a_paragraphs_dateline_is_a_sentence_of_its_own(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text", [
    "UN officials - including the envoy - said the talks failed.",  # no comma, bracket or capitals only
    "NATO said on Monday it would respond - a warning to Moscow.",  # a verb before the dash
    "The army, the ministry said - denied it.",  # the paragraph does not open with a capitalised word
])
def test_a_dash_elsewhere_does_not_end_a_sentence(text):
    assert sentences(text) == [text]


def test_the_story_after_a_dateline_keeps_its_subject():
    assert claims("BANGKOK, June 18 (AP) - Human Rights Watch on Wednesday accused Myanmar's military of "
                  "deliberate attacks on civilians.", "accusation") == [
        ("accusation", "human-rights-watch", "tatmadaw", "attacks-on-civilians")]


@pytest.mark.parametrize(("text", "expected"), [
    ('Its spokesman accused Israel of "a massacre."\n\nThe army denied it.',
     ['Its spokesman accused Israel of "a massacre."\n\n', "The army denied it."]),
    ("She said “it was a crime.” The army denied it.", ["She said “it was a crime.”", "The army denied it."]),
    ('He said it was over. "We will respond," he added.', ["He said it was over.", '"We will respond," he added.']),
])
def test_a_closing_quotation_mark_stays_with_the_sentence_it_closes(text, expected):
    assert sentences(text) == expected
