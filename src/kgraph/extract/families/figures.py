"""Figures: "Israeli authorities list 1,221 people killed", "41 of those captives later died", with their source."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kgraph.extract.context import DocumentContext, MentionKind
from kgraph.extract.speakers import (
    speaker_of,
    with_report,
)
from kgraph.ingest.dates import MONTHS
from kgraph.knowledge.lexicon import Words
from kgraph.records import MAX_FIGURE, Claim, ClaimKind

WORD_NUMBERS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {
    word: 10 * n for n, word in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), start=3)}
# "killed [in] 190 incidents", "[across] 12 villages": a number after these counts occasions or places.
CIRCUMSTANCE_PREPOSITIONS = {"in", "on", "during", "across", "over", "since", "after", "before", "within", "inside",
                             "near", "throughout", "into"}
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def figures(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """Every counted figure in a sentence with what was counted and who gave it."""
    ignored = ctx.knowledge.lexicon.figure.ignored_number_words
    sources = ctx.knowledge.lexicon.reported_speech.verbs | ctx.knowledge.lexicon.figure.source_verbs
    claims: list[Claim] = []
    seen: set[float] = set()
    for token in sentence:
        if token.pos_ != "NUM" or token.lower_ in ignored or not is_count(ctx, token) or part_of_a_count(token):
            continue
        value = number_value(token, ctx.knowledge.lexicon.figure.scales)
        quantity = quantity_of(ctx, token)
        if value is None or quantity is None or value in seen:
            continue
        if value > MAX_FIGURE:  # no count is that large (inf too), and xsd:decimal could not hold it
            ctx.note(token, f"figure {token.text[:20]!r} left out: over {MAX_FIGURE:.0e}, no count of people")
            continue
        seen.add(value)
        speaker = speaker_of(ctx, token, sources)
        claimants: list[str | None] = [*speaker.actors] if speaker else [*carried_source(ctx, token)] or [None]
        event = ctx.event_in(token.sent.root) if speaker is None else ctx.event_in(speaker.verb)
        claims += [
            with_report(ctx, ctx.claim(ClaimKind.FIGURE, sentence, speaker.verb if speaker else token,
                                       0.8 if speaker else 0.6, claimant=claimant, quantity=quantity, value=value,
                                       event=event), speaker)
            for claimant in claimants
        ]
    return claims


def carried_source(ctx: DocumentContext, number: Token) -> list[str]:
    """ "The ministry said 20 people were killed. Another 55 were wounded.": a count that names nobody
    and says it goes on ("another", "others", "also") continues the sourced count of the sentence right
    before it, and keeps its source."""
    sentence = number.sent
    noun = number.head if number.dep_ == "nummod" else number
    verb = noun.head if noun.dep_ in ("nsubj", "nsubjpass", "dobj") else noun
    going_on = ctx.knowledge.lexicon.figure.continuation_words
    if not any(w.lower_ in going_on or w.lemma_.lower() in going_on
               for w in (*number.children, noun, *noun.children, *verb.children)):
        return []
    if sentence.start == 0 or any((m := ctx.mentions.get(i)) is not None and m.kind == MentionKind.NAME
                                  and m.key.startswith("actor/") for i in range(sentence.start, sentence.end)):
        return []
    before = ctx.evidence(ctx.doc[sentence.start - 1].sent).start
    return list(dict.fromkeys(claim.claimant for claim in ctx.claims if claim.kind == ClaimKind.FIGURE
                              and claim.evidence.start == before and claim.claimant))


def part_of_a_count(number: Token) -> bool:
    """ "27 people, including [nine] children", "[Four] children were among 30 people killed": a part of
    a count the sentence gives is no count of its own (a part of a count it does not give still is:
    "two journalists were among the dead")."""
    noun = number.head if number.dep_ == "nummod" else number
    wholes = [whole] if (whole := counted_whole(noun)) is not None else []
    if noun.dep_ == "pobj" and noun.head.lower_ == "including" and noun.head.head.pos_ in ("VERB", "AUX"):
        # "44 were killed and 120 wounded, including 30 women": the parser hangs the part on the verb
        wholes += [c for c in noun.head.head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    return any(w.pos_ == "NUM" or any(c.dep_ == "nummod" and c.pos_ == "NUM" for c in w.children) for w in wholes)


def is_count(ctx: DocumentContext, token: Token) -> bool:
    """Not a date, a name ("March 23 Movement"), an ordinal or a compound such as "173-page"."""
    if token.ent_type_ in ("DATE", "TIME", "ORDINAL", "MONEY", "PERCENT", "QUANTITY") or token.i in ctx.mentions:
        return False
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    preceding = token.nbor(-1) if token.i > 0 else None
    if any(t is not None and t.lower_.rstrip(".") in MONTHS for t in (preceding, following)):
        return False  # "7 October", "October 7" when the NER missed the date
    return not (following is not None and following.text == "-")


def number_value(token: Token, scales: dict[str, int]) -> float | None:
    """1,221 -> 1221; "2.5 million" -> 2500000; "twelve" -> 12; None for no number."""
    text = token.lower_
    if NUMBER.fullmatch(text):
        value = float(text.replace(",", ""))
    elif text in WORD_NUMBERS:
        value = float(WORD_NUMBERS[text])
    elif text in scales and any(c.lower_ == "a" for c in token.children):
        return float(scales[text])  # "over a million displaced"
    else:
        return None
    for right in token.rights:
        if right.lower_ in scales:
            value *= scales[right.lower_]
    if token.head.lower_ in scales and token.head.pos_ == "NUM":
        value *= scales[token.head.lower_]
    return value


def quantity_of(ctx: DocumentContext, number: Token) -> str | None:
    """What was counted: a quantity of the lexicon (killed, hostages, displaced...) or a counted noun."""
    quantities = ctx.knowledge.lexicon.figure.quantities
    if number.dep_ in ("compound", "quantmod") and number.head.pos_ == "NUM":
        number = number.head  # "1.5 [million]": the scale word stands in the phrase
    if (own := own_quantity(number, quantities)) is not None:
        return own  # "12 injured as well as the 31 civilians killed": the parser may hang "12" on "civilians"
    counted_noun = number.head if number.dep_ == "nummod" else number
    acts = frozenset(word for words in quantities.values() for word in words)
    nearby = words_near(counted_noun, quantities["displaced"], acts)
    if (whole := counted_whole(counted_noun)) is not None:
        nearby += words_near(whole, quantities["displaced"], acts)
    if counted_noun == number and number.i + 1 < len(number.doc) and number.nbor(1).tag_ in ("JJ", "VBN"):
        nearby.append(number.nbor(1))  # "2,000 dead and [over a million] displaced": a number standing as the noun
    for group in (done_to(counted_noun), nearby):  # "executed 16 prisoners": the act decides, not the noun
        for name, words in quantities.items():
            if any(w.lemma_.lower() in words or w.lower_ in words for w in group):
                return name
    return None  # "four journalists", "a nation of 23 million": people counted, but no casualty


def own_quantity(number: Token, quantities: dict[str, Words]) -> str | None:
    """The quantity a participle or adjective the number itself heads names ("40 [wounded]"): the number
    stands as its own noun, whatever noun the parser attached it to."""
    for child in number.rights:
        if child.dep_ in ("acl", "amod") and child.tag_ in ("VBN", "JJ"):
            return next((name for name, words in quantities.items()
                         if child.lemma_.lower() in words or child.lower_ in words), None)
    return None


def counted_whole(noun: Token) -> Token | None:
    """The count a part belongs to: "27 people, including [nine children]", "[two journalists] were
    among the dead": the part counts what the whole counts."""
    if noun.dep_ == "pobj" and noun.head.lower_ in ("including", "among") and noun.head.head.pos_ == "NOUN":
        return noun.head.head
    if noun.dep_ == "nsubj":
        return next((g for p in noun.head.children if p.dep_ == "prep" and p.lower_ == "among"
                     for g in p.children if g.dep_ == "pobj"), None)
    return None


def done_to(noun: Token) -> list[Token]:
    """The verb whose object (or passive or lone subject) the counted noun is, with its complements; or
    the act it is "of" ("the executions [of 79 prisoners]")."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        return [noun.head.head]
    lone_subject = noun.dep_ == "nsubj" and not any(c.dep_ == "dobj" for c in noun.head.children)
    if noun.dep_ not in ("dobj", "nsubjpass") and not lone_subject:
        return []
    return [noun.head, *(c for c in noun.head.children if c.dep_ in ("acomp", "xcomp", "oprd", "attr"))]


def does(clause: Token, fleeing: frozenset[str]) -> bool:
    """ "six brothers [who executed their opponents]": a relative clause whose subject is the counted
    noun, acting on an object, says what the counted did to others; "who fled the fighting" or "who
    died" say what befell them."""
    return clause.dep_ == "relcl" and clause.lemma_.lower() not in fleeing \
        and any(c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in clause.children) \
        and any(c.dep_ == "dobj" for c in clause.children)


def words_of(noun: Token) -> list[Token]:
    """A noun's modifiers and "of X" ("the number [of displaced people]")."""
    return [*noun.children, *(w for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                              for g in c.children for w in (g, *g.children))]


def words_near(noun: Token, fleeing: frozenset[str] = frozenset(), acts: frozenset[str] = frozenset()) -> list[Token]:
    """The counted noun, its modifiers, "of X", and the verb or predicate it is the subject or object of
    (`acts`: the verbs that count their objects, `fleeing`: those that count their subjects)."""
    words = [noun, *(c for c in noun.children if not does(c, fleeing))]
    words += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    words += [g for c in noun.children if c.dep_ == "relcl" for g in c.children if g.dep_ in ("acomp", "attr")]
    if noun.dep_ == "pobj" and (noun.head.dep_ == "agent" or noun.head.lower_ in CIRCUMSTANCE_PREPOSITIONS):
        return words  # "killed by three gunmen", "killed in 190 incidents": the doers or the occasions, not the victims
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in acts - fleeing \
            and any(c.dep_ == "dobj" for c in noun.head.children):
        return words  # "three gunmen killed 12 villagers": the subject of the act did it ("lost their lives" did not)
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr"):
        verb = noun.head if noun.dep_ != "pobj" else noun.head.head
        words += [verb, *(c for c in verb.children if c.dep_ in ("acomp", "xcomp", "oprd", "attr"))]
        # "the death toll has risen to 3,000", "the number of deaths is 900", "put the toll at 500":
        # what is counted is the verb's subject, or its object when the number stands after "at"
        counts = ("nsubj", "dobj") if noun.pos_ == "NUM" and noun.head.lower_ == "at" else ("nsubj",)
        words += [w for c in verb.children if c.dep_ in counts and c != noun for w in (c, *words_of(c))]
    return words
