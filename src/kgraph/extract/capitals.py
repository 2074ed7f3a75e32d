"""A state's seat of government named for the state: "Moscow denied", "Kyiv accused Moscow of Z",
"Beijing's rejection". Where the capital takes part in a claim (who says, accuses, denies, appeals, or
is accused), it is the state (gazetteer `capitals`); anywhere else ("fighting in Kyiv") it stays a place.
"""
from __future__ import annotations

from spacy.tokens import Token

from kgraph.extract.context import DocumentContext, MentionKind
from kgraph.extract.mentions import add_gazetteer_actor

SUBJECTS = ("nsubj", "nsubjpass")


def read_capitals(ctx: DocumentContext) -> None:
    """Mark every capital that takes part in a claim as a name of its state."""
    seats = {capital: actor.id for actor in ctx.knowledge.actors.values() for capital in actor.capitals}
    for start, end in places_or_unnamed(ctx):
        surface = ctx.doc[start:end].text
        if surface in seats and takes_part_in_a_claim(ctx, ctx.doc[start:end].root):
            if (place := ctx.mentions.get(start)) is not None:
                ctx.uncount(place.key)
            ctx.mark(start, end, add_gazetteer_actor(ctx, seats[surface], surface), MentionKind.NAME)


def places_or_unnamed(ctx: DocumentContext) -> list[tuple[int, int]]:
    """The spans of place names, and of proper nouns no name covers (the NER can miss "Kyiv"), up to three
    words long."""
    spans = [(m.start, m.end) for m in set(ctx.mentions.values())
             if m.kind == MentionKind.NAME and m.key.startswith("place/")]
    for token in ctx.doc:
        if token.pos_ == "PROPN" and token.i not in ctx.mentions:
            end = token.i + 1
            while end < len(ctx.doc) and end - token.i < 3 and ctx.doc[end].pos_ == "PROPN" \
                    and end not in ctx.mentions:
                end += 1
            spans += [(token.i, stop) for stop in range(token.i + 1, end + 1)]
    return sorted(spans)


def takes_part_in_a_claim(ctx: DocumentContext, word: Token) -> bool:
    """The subject of a verb of saying, accusing, denying or appealing, the one accused, or the owner of
    a claim ("Kyiv's accusation")."""
    lexicon = ctx.knowledge.lexicon
    claiming = (lexicon.reported_speech.verbs | lexicon.accusation.verbs | lexicon.denial.verbs
                | lexicon.denial.speech_verbs | lexicon.appeal.verbs | lexicon.responsibility.blaming_verbs)
    nouns = lexicon.accusation.nouns | lexicon.denial.claim_nouns | lexicon.appeal.nouns
    head = word.head
    if word.dep_ in SUBJECTS:
        return head.lemma_.lower() in claiming
    if word.dep_ == "dobj":
        return head.lemma_.lower() in lexicon.accusation.verbs  # "accused Moscow of Z"
    if word.dep_ == "pobj" and head.lower_ == "by":  # "was accused by Kyiv"
        return head.head.lemma_.lower() in claiming
    return word.dep_ == "poss" and head.lemma_.lower() in nouns
