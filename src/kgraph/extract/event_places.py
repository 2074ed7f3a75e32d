"""Where an event happened and how a text describes it, for events.py: "the attack on the border town
of Rann" happened in Rann, "the killings took place in Kahor" in Kahor; "a devastating attack" is
how a reader names it again. Also events a text names by their victims ("the genocide of the Yazidis").
"""
from __future__ import annotations

from spacy.tokens import Token

from kgraph.extract.context import NAME_OR_DEMONYM, DocumentContext, MentionKind
from kgraph.ingest.naming import as_written, slug, strip_article

DESCRIBING_DEPS = {"amod", "compound", "nmod", "npadvmod", "poss", "nummod"}


def place_key(ctx: DocumentContext, phrase: Token) -> str | None:
    """The Place a place phrase names: the name a place noun introduces ("the border town of Rann":
    Rann), else the phrase's head with the words before it ("Aleppo governorate [in northern Syria]");
    None when only a clause on it names anything ("the ceremony [held by the NUG]")."""
    name = phrase
    if phrase.lemma_.lower() in ctx.knowledge.lexicon.entities.place_nouns:
        name = next((c for p in phrase.children if p.dep_ == "prep" and p.lower_ == "of"
                     for c in p.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), phrase)
    mention = ctx.mentions.get(name.i)
    if mention is not None and mention.key.startswith("place/"):
        return mention.key
    if not any(named(ctx, w) for w in ctx.doc[name.left_edge.i:name.i + 1]):  # "a village [in Yobe state]"
        inside = next((c for p in name.children if p.dep_ == "prep" and p.lower_ in ("in", "near")
                       for c in p.children if c.dep_ == "pobj" and any(named(ctx, w) for w in c.subtree)), None)
        return place_key(ctx, inside) if inside is not None else None
    start = name.left_edge.i
    # "the remote [Kanbalu township]" is the township, where "southern Israel" is a region of its own
    dropped = ("DET", "ADJ", "PUNCT") if name.lemma_.lower() in ctx.knowledge.lexicon.entities.place_nouns else ("DET",)
    while start < name.i and ctx.doc[start].pos_ in dropped:
        start += 1
    text = strip_article(as_written(ctx.doc[start:name.i + 1], leaving_out=lambda w: w.is_quote))
    return ctx.add(f"place/{slug(text)}", text, "Place", text)


def place_of_clause(ctx: DocumentContext, head: Token) -> str | None:
    """The place a clause puts an event in: "the killings took place in the village of Kahor", "mass
    graves were discovered in Tarhuna" (verbs of `[events] scene_verbs`, the event their subject)."""
    verb = head.head
    if head.dep_ not in ("nsubj", "nsubjpass") or not is_scene_verb(ctx, verb):
        return None
    for phrase in (p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in ("in", "at")
                   for p in prep.children if p.dep_ == "pobj"):
        if not ctx.dates.text(phrase) and any(named(ctx, w) for w in phrase.subtree) and not is_party(ctx, phrase):
            return place_key(ctx, phrase)
    return None


def is_scene_verb(ctx: DocumentContext, verb: Token) -> bool:
    """ "occurred", "was found", "took place" (a verb with its object, written "take place")."""
    for entry in ctx.knowledge.lexicon.events.scene_verbs:
        lemma, _, obj = entry.partition(" ")
        if verb.lemma_.lower() == lemma and (not obj or any(c.dep_ == "dobj" and c.lower_ == obj
                                                            for c in verb.children)):
            return True
    return False


def described_start(head: Token, noun_start: int) -> int | None:
    """Where the words describing an event noun begin ("a [“devastating”] attack", "a [new] mass grave",
    "[Monday’s] attack"), or None when nothing describes it: a bare "attack" names no event."""
    words = [c for c in head.lefts if c.dep_ in DESCRIBING_DEPS and c.i < noun_start and c.pos_ != "PRON"]
    return min(c.left_edge.i for c in words) if words else None


def victims_event(ctx: DocumentContext, head: Token) -> str | None:
    """ "the genocide of the Yazidis", "the genocide against the Tutsi": an event named by its victims,
    a people, as histories name it, definite; a charge stays a claim ("accused X of genocide against Y")."""
    if not ctx.is_definite(head, articles=("the",)):
        return None
    peoples = ctx.knowledge.lexicon.entities.peoples
    for victims in (c for p in head.children if p.dep_ == "prep" and p.lower_ in ("of", "against")
                    for c in p.children if c.dep_ == "pobj"):
        if victims.lower_ in peoples or victims.ent_type_ == "NORP":
            label = strip_article(as_written(ctx.doc[head.i:victims.i + 1]))
            key = ctx.add(f"event/{slug(label)}", label, "Event", label)
            ctx.mark(head.i, victims.i + 1, key, MentionKind.EVENT)
            return key
    return None


def named(ctx: DocumentContext, token: Token) -> bool:
    """Whether a token is part of a name (an entity mention, a place, a proper noun)."""
    mention = ctx.mentions.get(token.i)
    return (mention is not None and mention.kind in NAME_OR_DEMONYM) \
        or token.ent_type_ in ("GPE", "LOC", "EVENT") or token.pos_ == "PROPN"


def is_place_name(ctx: DocumentContext, token: Token) -> bool:
    """Whether a word names a place or a state by itself: "[Mariupol]", "[Ukraine]", not "civilians"."""
    mention = ctx.mentions.get(token.i)
    if mention is not None and mention.kind == MentionKind.NAME:
        return mention.key.startswith("place/") or ctx.family_of(mention.key) == "State"
    return token.ent_type_ in ("GPE", "LOC", "FAC")


def is_party(ctx: DocumentContext, token: Token) -> bool:
    """An actor that is no place: "the explosion [on the Houthis]" (a misparse of "blamed E on Y")."""
    return is_actor(ctx, token) and ctx.family_of(ctx.mentions[token.i].key) != "State"


def is_actor(ctx: DocumentContext, token: Token) -> bool:
    mention = ctx.mentions.get(token.i)
    return mention is not None and mention.kind == MentionKind.NAME and mention.key.startswith("actor/")
