"""Events and places named in a document, labelled as the text spells them."""
from helpers.extraction import run


def test_labels_keep_hyphenated_names_and_drop_quotation_marks():
    text = ('The Israeli military said it had carried out a "precise strike" on a Hamas command centre. '
            "Hamas said 34 people were killed in the strike on the al-Jaouni school in Nuseirat refugee camp.")
    labels = {entity.key: entity.label for entity in run(text).entities if entity.key.startswith(("event/", "place/"))}
    assert labels["event/strike-on-the-al-jaouni-school-in-nuseirat-refugee-camp"] == (
        "strike on the al-Jaouni school in Nuseirat refugee camp")
    assert labels["place/al-jaouni-school-in-nuseirat-refugee-camp"] == "al-Jaouni school in Nuseirat refugee camp"
    assert labels["event/strike-on-a-hamas-command-centre"] == "strike on a Hamas command centre"
