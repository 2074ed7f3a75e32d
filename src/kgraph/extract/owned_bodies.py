"""Bodies described through the actor they belong to rather than named: "the UN's humanitarian
affairs office", "a UN fact-finding mission on Libya", "the Russian embassy in The Hague". Each is an
entity of its own, part of its owner, so that what it says is not put in the owner's mouth. Also
states that act together, named by their bloc ("Western powers", "Gulf states").
Read after the described parties, before the investigative bodies described without an owner
(bodies.py), the references and the speakers.
"""
from __future__ import annotations

from spacy.tokens import Token

from kgraph.extract.context import NAME_OR_DEMONYM, DocumentContext, Mention, MentionKind
from kgraph.extract.mentions import POSSESSIVE_MARKS, add_gazetteer_actor
from kgraph.extract.parties import gazetteer_names
from kgraph.ingest.naming import as_written, slug, strip_article

OWNER_DEPS = {"poss", "compound", "nmod", "amod"}  # "the UN's office", "a UN mission", "the Russian embassy"
DESCRIBING_DEPS = {"amod", "compound", "npadvmod", "nmod"}
OWNER_FAMILIES = {"Organisation", "State", "ArmedGroup"}  # "the UN's office", "Hamas's political office"
LOCATING_PREPS = ("in", "on", "for", "to")  # "mission on Libya", "embassy in The Hague"


def read_owned_bodies(ctx: DocumentContext) -> None:
    """Mark every body noun ("office", "mission", "embassy") its owner qualifies as a body of that owner.
    Owners are names, not references: a body of "the group" would count as a party of its own."""
    nouns = ctx.knowledge.lexicon.entities.body_nouns
    for token in ctx.doc:
        if token.pos_ not in ("NOUN", "PROPN") or token.i in ctx.mentions:  # "Israel's foreign [ministry]"
            continue
        if token.lemma_.lower() in nouns and (owner := owner_of(ctx, token)) is not None:
            named_before(ctx, token, owner) or described_body(ctx, token, owner)
        elif token.tag_ == "NNS" and token.lemma_.lower() in ctx.knowledge.lexicon.entities.state_blocs.nouns:
            state_bloc(ctx, token)


def state_bloc(ctx: DocumentContext, noun: Token) -> str | None:
    """ "Western powers", "Gulf states": states a text makes one party by the bloc they belong to
    (`[entities.state_blocs]`); "several countries" or "many nations" name no bloc."""
    blocs = ctx.knowledge.lexicon.entities.state_blocs.words
    bloc = [c for c in noun.lefts if c.dep_ in ("amod", "compound") and c.lower_ in blocs]
    if not bloc:
        return None
    label = as_written(ctx.doc[bloc[0].i:noun.i + 1])
    key = ctx.add(f"actor/{slug(label)}", label, "State", label)
    ctx.mark(bloc[0].i, noun.i + 1, key, MentionKind.NAME)
    return key


def owner_of(ctx: DocumentContext, noun: Token) -> Mention | None:
    """The organisation, state or armed group that qualifies a body noun, named or by its demonym; never a
    person."""
    for child in noun.lefts:
        mention = ctx.mentions.get(child.i)
        if child.dep_ in OWNER_DEPS and mention is not None and mention.kind in NAME_OR_DEMONYM \
                and mention.key.startswith("actor/") and ctx.family_of(mention.key) in OWNER_FAMILIES:
            return mention
    return None


def named_before(ctx: DocumentContext, noun: Token, owner: Mention) -> str | None:
    """The actor a described body spells out: "UNMISS (the U.N. mission in South Sudan)", "OCHA, the UN's
    humanitarian office," are UNMISS and OCHA, the description one more alias of theirs."""
    first = noun.left_edge.i
    before = ctx.mentions.get(first - 2) if first >= 2 and ctx.doc[first - 1].text in ("(", ",") else None
    if before is None or before.kind != MentionKind.NAME or not before.key.startswith("actor/") \
            or before.key == owner.key or ctx.doc[first].is_punct \
            or ctx.family_of(before.key) not in ("Organisation", "GovernmentBody"):
        return None
    end = noun.right_edge.i + 1 if ctx.doc[first - 1].text == "(" else noun.i + 1  # all the brackets hold
    ctx.add_alias(before.key, strip_article(as_written(ctx.doc[first:end])))
    ctx.mark(first, end, before.key, MentionKind.NAME)
    return before.key


def described_body(ctx: DocumentContext, noun: Token, owner: Mention) -> str:
    """The body a noun and its owner describe, labelled as a reader would name it: the owner as the text
    names it without its possessive, the describing words, the noun and where it is or works on."""
    owner_words = [w for w in ctx.doc[owner.start:owner.end] if w.text not in POSSESSIVE_MARKS]
    describing = [c for c in noun.lefts if c.dep_ in DESCRIBING_DEPS and c.i > owner.end - 1]
    start = max(min([c.left_edge.i for c in describing] + [noun.i]), owner.end)
    while start < noun.i and (ctx.doc[start].text in POSSESSIVE_MARKS or ctx.doc[start].is_punct):  # "UN [’s]"
        start += 1
    state_owned = ctx.family_of(owner.key) == "State"
    state = ctx.knowledge.actors.get(owner.key.split("/", 1)[1]) if state_owned else None
    # a state's body is named by its demonym, as a name the NER finds is: "Israel's foreign ministry" is the
    # Israeli foreign ministry
    owner_name = state.demonyms[0] if state is not None and state.demonyms else as_written(owner_words)
    short = " ".join(filter(None, [owner_name, as_written(ctx.doc[start:noun.i + 1])]))
    located = located_at(ctx, noun)
    label = f"{short} {located}" if located else short
    first = min(owner.start, start)
    if any(word.text in "()[]," for word in ctx.doc[first:noun.i + 1]):  # "the United Nations (UN) human rights office"
        first = start
    known = gazetteer_names(ctx.knowledge).get(label.lower()) or gazetteer_names(ctx.knowledge).get(short.lower())
    if known is not None:  # "the UN's human rights office" is the gazetteer's UN human rights office
        key = add_gazetteer_actor(ctx, known, strip_article(as_written(ctx.doc[first:noun.i + 1])))
        ctx.mark(first, noun.i + 1, key, MentionKind.NAME)
        return key
    type_ = "GovernmentBody" if state_owned else ctx.type_of(owner.key)
    key = ctx.add(f"actor/{slug(label)}", label, type_, short, part_of=owner.key)
    ctx.add_alias(key, strip_article(as_written(ctx.doc[first:noun.i + 1])))  # "UN’s humanitarian affairs office"
    ctx.mark(first, noun.i + 1, key, MentionKind.NAME)
    return key


def located_at(ctx: DocumentContext, noun: Token) -> str | None:
    """ "in The Hague", "on Libya": where a body sits or what it works on, when a name says it."""
    for prep in (c for c in noun.rights if c.dep_ == "prep" and c.lower_ in LOCATING_PREPS):
        place = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if place is not None and (place.pos_ == "PROPN" or place.ent_type_ in ("GPE", "LOC")):
            return f"{prep.lower_} {as_written(ctx.doc[place.left_edge.i:place.i + 1])}"
    return None
