"""The capitals of ontology/lexicon.toml ([entities.capitals]) point at states of the gazetteer."""
from __future__ import annotations

from kgraph.knowledge import load_knowledge


def test_every_capital_names_a_state_of_the_gazetteer():
    knowledge = load_knowledge()
    capitals = knowledge.lexicon.entities.capitals
    assert [name for name, state in capitals.items()
            if state not in knowledge.actors or knowledge.actors[state].type != "State"] == []


def test_no_capital_is_already_a_name_the_gazetteer_gives_an_actor():
    """ "Kinshasa" is an alias of the Congolese government in the gazetteer: the table would read it twice."""
    knowledge = load_knowledge()
    names = {name for actor in knowledge.actors.values() for name in (actor.label, *actor.aliases)}
    assert sorted(set(knowledge.lexicon.entities.capitals) & names) == []
