"""State parties a text describes without their state: "government troops", "security forces", "the
army". Real reporting names the state once ("Fighting raged in Sudan ...") and then says "government
troops"; such a description means the forces of the state the document is about, when that is clear.

The state of the events is the one state named before the description; with several, the one named
as the place of the events ("in Sudan") or as a party of its own ("Sudan's army", "Sudanese
strikes"), when only one is either. A state named only as an actor of something else ("as Chad
closed its border") does not compete; two candidates ("Israeli strikes in Lebanon") leave the
description unowned, since a guess between states would point the claim at the wrong party.
"""
from __future__ import annotations

from spacy.tokens import Token

from kgraph.extract.context import DocumentContext, MentionKind
from kgraph.extract.mentions import add_gazetteer_actor, state_phrase
from kgraph.ingest.naming import as_written
from kgraph.nlp import ARMED_FORCES

STATE_BODIES = ("ArmedForces", "GovernmentBody")  # a state named as a party through one of its own


def unowned_forces(ctx: DocumentContext, head: Token) -> bool:
    """ "government forces", "security forces", "government troops" with no state named in the phrase: the
    armed forces of the state of the events. With no such state they stay unnamed."""
    words = [w for w in ctx.doc[head.left_edge.i:head.i + 1] if w.dep_ != "det"]
    if not words or len(words) != head.i - words[0].i + 1 or any(w.i in ctx.mentions for w in words):
        return False  # "Amhara security forces": a modifier the lexicon does not know names someone else
    phrase = tuple(w.lower_ for w in words)
    lexicon = ctx.knowledge.lexicon.entities
    forces = {tuple(noun.split()) for noun in lexicon.armed_forces_nouns}
    owned_by_a_government = len(phrase) == 2 and phrase[0] in lexicon.government_nouns and phrase[1:] in forces
    if not (owned_by_a_government or (len(phrase) > 1 and phrase in forces)):
        return False
    state = state_of_events(ctx, head.i)
    if state is None:
        return False
    ctx.mark(words[0].i, head.i + 1, forces_of(ctx, state, as_written(ctx.doc[words[0].i:head.i + 1])),
             MentionKind.NAME)
    return True


def forces_of(ctx: DocumentContext, state: str, surface: str) -> str:
    """The armed forces of a state: named already ("Sudan's army ... government forces"), the gazetteer's
    one armed forces of that state, or new."""
    named = [d.key for d in ctx.drafts.values() if d.type == "ArmedForces" and d.extra.get("part_of") == state]
    if named:
        return ctx.named_again(named[0], surface)
    state_id = state.split("/", 1)[1]
    known = [a.id for a in ctx.knowledge.actors.values() if a.type == "ArmedForces" and a.part_of == state_id]
    if len(known) == 1:  # "government forces" in Sudan: the gazetteer's Sudanese Armed Forces
        return add_gazetteer_actor(ctx, known[0], surface)
    ctx.uncount(state)  # the state is not named here itself
    return state_phrase(ctx, ARMED_FORCES, state_id, surface)[0]


def state_of_events(ctx: DocumentContext, index: int) -> str | None:
    """The one state a description before `index` can mean: the only state named, else the only one named
    as the place of the events or as a party through its own bodies or demonym; None when unclear."""
    states = states_named_before(ctx, index)
    if len(states) == 1:
        return next(iter(states))
    candidates = places_named_before(ctx, index) | states_acting_before(ctx, index)
    return next(iter(candidates)) if len(candidates) == 1 else None


def states_named_before(ctx: DocumentContext, index: int) -> set[str]:
    """The states named before a token, themselves or through a body of theirs ("Sudan's army")."""
    keys = {m.key for i, m in ctx.mentions.items() if i < index and m.key.startswith("actor/")}
    owners: set[str] = {owner for key in keys if (owner := ctx.drafts[key].extra.get("part_of")) in ctx.drafts}
    return {key for key in keys | owners if ctx.type_of(key) == "State"}


def places_named_before(ctx: DocumentContext, index: int) -> set[str]:
    """The states named before a token as a place ("fighting in Sudan", "across Myanmar")."""
    places = ctx.knowledge.lexicon.coreference.locative_preps
    found: set[str] = set()
    for start, mention in ctx.mentions.items():
        if start >= index or mention.start != start or mention.kind != MentionKind.NAME \
                or not mention.key.startswith("actor/") or ctx.type_of(mention.key) != "State":
            continue
        root = ctx.doc[mention.start:mention.end].root
        if root.dep_ == "pobj" and root.head.lower_ in places:
            found.add(mention.key)
    return found


def states_acting_before(ctx: DocumentContext, index: int) -> set[str]:
    """The states named before a token as a party through a body of theirs ("Sudan's army", "the Chadian
    government") or by a demonym qualifying what was done ("Israeli strikes")."""
    found: set[str] = set()
    for start, mention in ctx.mentions.items():
        if start >= index or mention.start != start or not mention.key.startswith("actor/"):
            continue
        owner = ctx.drafts[mention.key].extra.get("part_of")
        if ctx.type_of(mention.key) in STATE_BODIES and owner in ctx.drafts and ctx.type_of(owner) == "State":
            found.add(owner)
        elif mention.kind == MentionKind.ATTRIBUTE and ctx.type_of(mention.key) == "State":
            found.add(mention.key)
    return found
