"""Names of actors: the gazetteer's entity-ruler patterns and the `kgraph_names` repairs of the NER."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kgraph.ingest.dates import MONTHS
from kgraph.knowledge import Knowledge

# spaCy labels for gazetteer classes, so rule matches and NER matches read alike.
SPACY_LABELS = {"State": "GPE", "Person": "PERSON", "Place": "LOC"}

# Entity ids set by the ruler: "actor:<gazetteer id>", or a state's institution or fighters.
ACTOR, GOVERNMENT, ARMED_FORCES, ARMED_GROUPS, DEMONYM = "actor:", "government:", "forces:", "fighters:", "demonym:"


def actor_patterns(knowledge: Knowledge) -> list[dict]:
    """EntityRuler patterns: every gazetteer name, and demonym phrases such as "Israeli authorities"."""
    patterns: list[dict] = []
    taken: set[str] = set()
    for actor in knowledge.actors.values():
        label = SPACY_LABELS.get(actor.type, "ORG")
        for name in (actor.label, *actor.aliases):
            patterns.append({"label": label, "pattern": name, "id": f"{ACTOR}{actor.id}"})
            taken.add(name.lower())
    lexicon = knowledge.lexicon.entities
    compounds = [
        (GOVERNMENT, lexicon.government_nouns),
        (ARMED_FORCES, lexicon.armed_forces_nouns),
        (ARMED_GROUPS, lexicon.armed_group_nouns),
    ]
    # Phrase (string) patterns only: the ruler matches thousands of them at the cost of a few, where
    # token patterns would cost more than the whole statistical pipeline.
    for actor in knowledge.actors.values():
        for demonym in actor.demonyms:
            for prefix, nouns in compounds:
                for noun in nouns:
                    if f"{demonym} {noun}".lower() in taken:
                        continue  # the gazetteer names this body itself (e.g. "Israeli army")
                    for written in (noun, noun.title()):  # "Israeli forces", "Israeli Forces"
                        pattern = f"{demonym} {written}"
                        patterns.append({"label": "ORG", "pattern": pattern, "id": f"{prefix}{actor.id}"})
            patterns.append({"label": "NORP", "pattern": demonym, "id": f"{DEMONYM}{actor.id}"})
    return patterns


@Language.factory(
    "kgraph_names",
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
    # token.pos too, which the model's attribute_ruler sets without declaring it
    requires=["doc.ents", "token.ent_type"],
    default_config={},  # nothing to set: the labels are the model's ("GPE", "ORG", "DATE")
)
def make_name_repairs(nlp: Language, name: str) -> NameRepairs:
    return NameRepairs()


class NameRepairs:
    """Four repairs of the small model's entities.

    A place that starts a longer name is not the actor: "[Sudan] Liberation Army" is one
    organisation, so a place followed by capitalised words ending in a name head ("Army", "Front",
    "Ministry"...) becomes that organisation's name. A day number before a month date belongs to it:
    "7 [October 2023]". And a name outside the gazetteer before a fighters noun is an organisation:
    "Fano militias". A body's name takes the place it is on: "the Fact-Finding Mission on Libya".
    """

    def __init__(self) -> None:
        self.name_heads: frozenset[str] = frozenset()
        self.fighter_phrases: tuple[tuple[str, ...], ...] = ()  # longest first

    def initialize(self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None,
                   knowledge: Knowledge) -> None:
        """Read the name heads and fighters nouns from the lexicon."""
        lexicon = knowledge.lexicon.entities
        self.name_heads = frozenset(word for words in lexicon.name_heads.values() for word in words)
        phrases = (tuple(noun.split()) for noun in lexicon.unknown_fighter_nouns)
        self.fighter_phrases = tuple(sorted(phrases, key=len, reverse=True))

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents) + unknown_fighters(doc, self.fighter_phrases)
        for index, ent in enumerate(ents):
            if ent.label_ == "GPE":
                end = ent.end
                while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
                    end += 1
                if end > ent.end and doc[end - 1].text in self.name_heads:
                    ents[index] = Span(doc, ent.start, end, label="ORG")
            elif ent.label_ == "ORG" and not ent.ent_id_ and (place := place_it_is_on(doc, ent, self.name_heads)):
                ents[index] = Span(doc, ent.start, place.end, label="ORG")
            elif ent.label_ == "DATE" and ent.start > 0 and ent[0].lower_ in MONTHS:
                day = doc[ent.start - 1]
                if day.is_digit and 1 <= int(day.text) <= 31 and day.ent_type_ == "":
                    ents[index] = Span(doc, ent.start - 1, ent.end, label="DATE")
        doc.ents = filter_spans(ents)
        return doc


def unknown_fighters(doc: Doc, phrases: tuple[tuple[str, ...], ...]) -> list[Span]:
    """ "Amhara security forces", "Fano militias": a name outside the gazetteer before a fighters noun."""
    found = []
    for token in doc[:-1]:
        if token.ent_id_ or not (token.pos_ == "PROPN" or token.ent_type_ in ("NORP", "GPE", "LOC")):
            continue
        if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
            continue  # only the last word of a name: "Tigray Defense Forces" is the NER's to find
        for words in phrases:
            following = doc[token.i + 1:token.i + 1 + len(words)]
            if tuple(t.lower_ for t in following) == words:
                start = token.i
                while start > 0 and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_id_:
                    start -= 1
                found.append(Span(doc, start, following.end, label="ORG"))
                break
    return found


def place_it_is_on(doc: Doc, ent: Span, name_heads: frozenset[str]) -> Span | None:
    """ "the Fact-Finding Mission [on Venezuela]": the place a body's name ends in, which the NER leaves
    out (or cuts after "on"); without it, the missions on two countries would be one actor."""
    after = ent.end
    if ent[-1].lower_ != "on":
        if ent[-1].text not in name_heads or after >= len(doc) or doc[after].lower_ != "on":
            return None
        after += 1
    place = next((e for e in doc.ents if e.start == after and e.label_ in ("GPE", "LOC")), None)
    return place
