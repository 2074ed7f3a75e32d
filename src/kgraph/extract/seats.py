"""Capitals and peoples that speak for their state: "Beijing rejected the report", "Moscow denied
it", "the presence of troops has been denied by Addis Ababa and Asmara" (the government), "blamed the
Saudis" (the state). Only as the one who says, denies, accuses, blames or demands, or the one accused,
blamed or urged; "a strike in Khartoum" keeps Khartoum a place and "Russians fled" are people. Read
after the names (and proper nouns the NER left unnamed), before the references.
"""
from __future__ import annotations

from spacy.tokens import Token

from kgraph.extract.context import DocumentContext, MentionKind
from kgraph.extract.mentions import add_gazetteer_actor, state_phrase
from kgraph.ingest.naming import as_written, strip_article
from kgraph.nlp import GOVERNMENT


def read_seats_of_government(ctx: DocumentContext) -> None:
    """Mark every capital that speaks, denies, accuses, blames or demands as its state's government."""
    capitals = ctx.knowledge.seats_of_government
    for mention in sorted(set(ctx.mentions.values()), key=lambda m: m.start):
        if mention.kind != MentionKind.NAME or not guessed_name(ctx, mention.key):
            continue
        surface = strip_article(as_written(ctx.doc[mention.start:mention.end]))
        state_id = capitals.get(surface)
        if state_id is None:
            continue
        if not acting(ctx, ctx.doc[mention.start:mention.end].root):
            continue
        named = mention.key
        mark_government(ctx, mention.start, mention.end, state_id, surface)
        if not any(m.key == named for m in ctx.mentions.values()):
            del ctx.drafts[named]  # named only as the government: no place of that name in the text
    for start, end in unnamed_proper_nouns(ctx):  # the NER can miss a capital: "Kyiv accused Moscow"
        surface = ctx.doc[start:end].text
        if surface in capitals and not any(i in ctx.mentions for i in range(start, end)) \
                and acting(ctx, ctx.doc[start:end].root):
            mark_government(ctx, start, end, capitals[surface], surface)


def mark_government(ctx: DocumentContext, start: int, end: int, state_id: str, surface: str) -> None:
    """Mark a capital's span as its state's government ("the Sudanese government")."""
    key, _ = state_phrase(ctx, GOVERNMENT, state_id, surface)
    ctx.mark(start, end, key, MentionKind.NAME)


def unnamed_proper_nouns(ctx: DocumentContext) -> list[tuple[int, int]]:
    """The spans, up to three words, of proper nouns no name covers."""
    spans = []
    for token in ctx.doc:
        if token.pos_ == "PROPN" and token.i not in ctx.mentions:
            end = token.i + 1
            while end < len(ctx.doc) and end - token.i < 3 and ctx.doc[end].pos_ == "PROPN" \
                    and end not in ctx.mentions:
                end += 1
            spans += [(token.i, stop) for stop in range(token.i + 1, end + 1)]
    return spans


def read_peoples_as_states(ctx: DocumentContext) -> None:
    """ "The Russians denied", "blamed the Saudis": a people named by its demonym, as a party to a speech
    act, is its state."""
    states = ctx.knowledge.states_by_demonym
    for ent in ctx.doc.ents:
        name = ent.text
        state_id = states.get(name) or (states.get(name[:-1]) if name.endswith("s") else None)
        if ent.label_ != "NORP" or state_id is None or any(i in ctx.mentions for i in range(ent.start, ent.end)) \
                or not ctx.is_definite(ent.root, ("the",)) or not acting(ctx, ent.root):
            continue
        ctx.mark(ent.start, ent.end, add_gazetteer_actor(ctx, state_id, name), MentionKind.NAME)


def guessed_name(ctx: DocumentContext, key: str) -> bool:
    """A place, or a name the NER took for an organisation ("Khartoum has denied"): not a gazetteer actor."""
    return key.startswith("place/") or (key.startswith("actor/") and key[6:] not in ctx.knowledge.actors)


def speech_acts(ctx: DocumentContext) -> frozenset[str]:
    """Verbs whose doer speaks for a party: saying, denying, accusing, labelling, blaming, demanding."""
    lexicon = ctx.knowledge.lexicon
    return (lexicon.reported_speech.verbs | lexicon.denial.verbs | lexicon.denial.labelling_verbs
            | addressing_acts(ctx) | lexicon.responsibility.condemning_verbs)


def addressing_acts(ctx: DocumentContext) -> frozenset[str]:
    """Verbs whose object is a party: "accused Moscow of", "urged Kyiv to", "blamed Damascus for"."""
    lexicon = ctx.knowledge.lexicon
    blaming = lexicon.responsibility
    return (lexicon.accusation.verbs | lexicon.appeal.verbs | blaming.blaming_verbs | blaming.holding_verbs
            | frozenset(blaming.event_then_party) | frozenset(blaming.party_then_event))


def acting(ctx: DocumentContext, word: Token) -> bool:
    """Whether a name (or the first of the names it is listed with) is a party to a speech act: its
    subject, its agent in the passive ("was denied by X and Y"), the one it accuses or addresses."""
    while word.dep_ == "conj" and word.head != word:
        word = word.head
    head = word.head
    if word.dep_ == "nsubj":  # "Moscow denied", and the party a demand addresses: "Washington must stop"
        return (head.lemma_.lower() in speech_acts(ctx) and head.pos_ in ("VERB", "AUX")) or any(
            c.dep_ == "aux" and c.lower_ in ctx.knowledge.lexicon.appeal.demand_modals for c in head.children)
    if word.dep_ == "pobj" and head.dep_ == "agent":
        return head.head.lemma_.lower() in speech_acts(ctx)
    if word.dep_ == "dobj":
        return head.lemma_.lower() in addressing_acts(ctx)
    if word.dep_ != "pobj":
        return False
    above = next((a for a in head.ancestors if a.pos_ == "VERB"), head.head)  # "pinned the blast at X on Moscow"
    lexicon, verb = ctx.knowledge.lexicon, above.lemma_.lower()  # "called on Kyiv to", "pinned it on Moscow"
    return (head.lower_ in lexicon.appeal.addressee_preps and verb in lexicon.appeal.verbs) \
        or head.lower_ == lexicon.responsibility.event_then_party.get(verb)
