"""Whose voice a document speaks in, and who says what a quotation says.

A press release or report of Human Rights Watch, Amnesty or a ministry states its findings without
"X said" ("(New York) - The Syrian government has carried out hundreds of attacks"): those are the
publisher's claims. The publisher is named by the `source` header or read from the text ("Amnesty
International said today", "a new report published today by X", a release opening with a dateline).
A news story relays (AP, Reuters): it has no voice of its own, and its outlet is never a claimant.

A quotation belongs to whoever the text says spoke it, even sentences away: "“A. B,” he said." and
"X said: “A. B.”" make both A and B X's; a quoted paragraph that runs on into the next is the same
speaker's.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kgraph.extract.context import DocumentContext, MentionKind
from kgraph.extract.speakers import speaking, subject_of
from kgraph.ingest.naming import slug, strip_article

OPENING, CLOSING, STRAIGHT = "“", "”", '"'  # not ‘ ’: the apostrophe of "Syria’s" is a closing mark
RELEASE_LEAD_TOKENS = 12  # "(New York, March 3, 2025) –": how far a release's dateline may run
LEADING_SENTENCES = 4  # own-voice markers are read in a document's first sentences


def read_voice(ctx: DocumentContext) -> None:
    """The document's publisher when the document is its own (ctx.voice), and the speaker of every
    quotation (ctx.quoted). Read after names, references and reports."""
    for start, end, actors in quotations(ctx):
        for index in range(start, end):
            ctx.quoted[index] = actors  # () when the text does not say who spoke
    ctx.voice = publisher_voice(ctx)
    if ctx.voice is not None:
        affiliate_staff(ctx, ctx.voice)


# --- the document's own voice ------------------------------------------------------------------

def publisher_voice(ctx: DocumentContext) -> str | None:
    """The actor whose own document this is, or None for a news story that relays others."""
    if ctx.document.publisher:
        key = publisher_actor(ctx, ctx.document.publisher)
        return None if ctx.type_of(key) == "MediaOrganisation" else key
    if relayed(ctx):
        return None
    return said_today(ctx) or released_by(ctx)


def publisher_actor(ctx: DocumentContext, name: str) -> str:
    """The gazetteer actor a `source` header names (by label or alias), else an organisation."""
    wanted = strip_article(name).lower()
    for actor in ctx.knowledge.actors.values():
        if wanted in (strip_article(n).lower() for n in (actor.label, *actor.aliases)):
            family = "place" if actor.type == "Place" else "actor"
            return ctx.add(f"{family}/{actor.id}", actor.label, actor.type, wikidata=actor.wikidata)
    for draft in ctx.drafts.values():  # named in the text as the gazetteer does not know it
        if draft.key.startswith("actor/") and wanted in {draft.label.lower(), *(a.lower() for a in draft.aliases)}:
            return draft.key
    return ctx.add(f"actor/{slug(strip_article(name))}", strip_article(name), "Organisation")


def relayed(ctx: DocumentContext) -> bool:
    """A news outlet in the document's first sentence or dateline ("JOHANNESBURG (AP) -", "AFP,")."""
    first = next(iter(leading_sentences(ctx, 1)), None)
    return first is not None and any(
        (key := ctx.actor_at(word)) and ctx.type_of(key) == "MediaOrganisation" for word in first)


def leading_sentences(ctx: DocumentContext, count: int = LEADING_SENTENCES) -> Iterator[Span]:
    for number, sentence in enumerate(ctx.doc.sents):
        if number >= count:
            return
        yield sentence


def said_today(ctx: DocumentContext) -> str | None:
    """ "Amnesty International said today", "X said in a report released today", "a new report published
    today by X": the publication day of the document itself marks the publisher's own release."""
    today = ctx.knowledge.lexicon.voice.release_days
    verbs = ctx.knowledge.lexicon.reported_speech.verbs
    for sentence in leading_sentences(ctx):
        for word in sentence:
            if word.lower_ not in today or word.i in ctx.quoted:
                continue  # "“Today we mourn,” X said" dates a quotation, not the document
            for above in (word, *word.ancestors):
                if (report := ctx.report_at(above)) and (publisher := ctx.drafts[report].extra.get("published_by")):
                    return own_voice(ctx, publisher)
                if above.lemma_.lower() in verbs and above.pos_ in ("VERB", "AUX"):
                    return subject_voice(ctx, above)
    return None


def released_by(ctx: DocumentContext) -> str | None:
    """A release that opens with its dateline in brackets ("(Beirut) -", "(New York, May 2) –") speaks
    for the organisation that states findings first: "Human Rights Watch documented the attacks". A
    government body said to speak there ("the army said") is reported on, not publishing."""
    if not opens_with_bracketed_dateline(ctx):
        return None
    verbs = ctx.knowledge.lexicon.reported_speech.verbs
    for sentence in leading_sentences(ctx):
        for word in sentence:
            if word.lemma_.lower() in verbs and word.pos_ in ("VERB", "AUX") and (voice := subject_voice(ctx, word)) \
                    and ctx.family_of(voice) == "Organisation":
                return voice
    return None


def subject_voice(ctx: DocumentContext, verb: Token) -> str | None:
    """The organisation that is the subject of a reporting verb, itself (not a list it heads)."""
    subject = subject_of(ctx, verb)
    key = ctx.actor_at(subject) if subject is not None else None
    return own_voice(ctx, key) if key and ctx.type_of(key) != "MediaOrganisation" else None


def opens_with_bracketed_dateline(ctx: DocumentContext) -> bool:
    """ "(Beirut) –", "(New York, May 2, 2024) –", "GENEVA (14 March 2024) –": a release's dateline. A
    news agency in the brackets ("BAMAKO (AP) –") has been ruled out before: the story is relayed."""
    words = [t for t in ctx.doc[:RELEASE_LEAD_TOKENS] if not t.is_space]
    opening = next((i for i, t in enumerate(words) if t.text == "("), None)
    if opening is None or any(not (w.is_upper or w.text == ",") for w in words[:opening]):
        return False  # only a place in capitals may come before the brackets
    closing = next((i for i, t in enumerate(words) if t.text == ")" and i > opening), None)
    return closing is not None and closing + 1 < len(words) and words[closing + 1].text in ("-", "–", "—", "--")


def own_voice(ctx: DocumentContext, key: str) -> str | None:
    """Only an organisation or a government body publishes releases in its own voice; a person, a
    state named as such or an armed group named by a reporter does not."""
    return key if ctx.family_of(key) in ("Organisation", "GovernmentBody") else None


def affiliate_staff(ctx: DocumentContext, publisher: str) -> None:
    """In a publisher's own release, "said Jane Doe, deputy Africa director" names its own staff."""
    staff = ctx.knowledge.lexicon.voice.staff_nouns
    for key, draft in list(ctx.drafts.items()):
        if draft.type != "Person" or draft.extra.get("part_of"):
            continue
        heads = {ctx.doc[m.start:m.end].root for m in set(ctx.mentions.values())
                 if m.key == key and m.kind == MentionKind.NAME}
        if any(word.lemma_.lower() in staff for head in heads for word in (*head.children, head.head)
               if word.dep_ == "appos" or head.dep_ == "appos" or word.dep_ == "compound"):
            ctx.set_part_of(key, publisher)


# --- quotations ----------------------------------------------------------------------------------

def quotations(ctx: DocumentContext) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """(start, end, speakers) of every quotation; no speakers where the text does not name them.

    A quotation the text does not attribute continues the one before it when that one ran on past its
    paragraph, or when it follows it within a sentence ("“A,” said X. “B.”", "“A,” X said. In addition,
    “B.”"): reporters attribute a run of quotations once.
    """
    previous: tuple[int, bool, tuple[str, ...]] | None = None  # (end, closed, speakers)
    for start, end, closed in quotation_spans(ctx):
        actors = speaker_after(ctx, end) or speaker_before(ctx, start)
        if not actors and previous is not None and previous[2] and is_statement(ctx.doc[start:end]) \
                and not attributed_in_place(ctx, start, end) \
                and (not previous[1] or sentences_between(ctx, previous[0], start) <= 1) \
                and not someone_else_between(ctx, previous[0], start, previous[2]):
            actors = previous[2]
        yield start, end, actors
        previous = (end, closed, actors)


def someone_else_between(ctx: DocumentContext, end: int, start: int, speakers: tuple[str, ...]) -> bool:
    """Whether an actor other than the speakers and their own side is the subject of a clause between
    two quotations ("“A,” said X. Y, however, disagreed: “B.”"); a title ("X, deputy Middle East
    director") names no one else."""
    own = {key for speaker in speakers for key in ctx.related_actors(speaker)}
    return any(word.dep_ in ("nsubj", "nsubjpass") and (key := ctx.actor_at(word)) and key not in own
               for word in ctx.doc[end:start])


def attributed_in_place(ctx: DocumentContext, start: int, end: int) -> bool:
    """Whether a reporting verb in the quotation's own sentence gives it to people the text describes
    but does not name ("“...”, residents said"); "he added" and "the spokesman said" are the speaker
    before."""
    verbs = ctx.knowledge.lexicon.reported_speech.verbs
    informants = ctx.knowledge.lexicon.voice.informants
    return any(w.lemma_.lower() in verbs and w.pos_ in ("VERB", "AUX") and not start <= w.i < end
               and (subject := subject_of(ctx, w)) is not None and subject.lemma_.lower() in informants
               for w in ctx.doc[start].sent)


def is_statement(words: Span) -> bool:
    """A quotation that says something (a clause), not a word or two quoted in passing."""
    return len(words) > 3 and any(w.pos_ in ("VERB", "AUX") for w in words)


def sentences_between(ctx: DocumentContext, end: int, start: int) -> int:
    number = ctx.sentence_number
    return number[ctx.doc[start].sent.start] - number[ctx.doc[min(end, len(ctx.doc) - 1)].sent.start]


def quotation_spans(ctx: DocumentContext) -> Iterator[tuple[int, int, bool]]:
    """(first word, end, closed) of each quotation; an unclosed one ends with its paragraph."""
    start: int | None = None
    for token in ctx.doc:
        mark = token.text
        if start is None and (mark in OPENING or mark == STRAIGHT):
            start = token.i + 1
        elif start is not None and (mark in CLOSING or mark == STRAIGHT):
            yield start, token.i, True
            start = None
        elif start is not None and token.is_space and "\n" in token.text:
            yield start, token.i, False
            start = None
    if start is not None:
        yield start, len(ctx.doc), False


def speaker_after(ctx: DocumentContext, end: int) -> tuple[str, ...]:
    """ "“...,” he told reporters", "“...,” said X of Y": a reporting verb right after the closing mark;
    "“...,” X, spokesman for Y, said": the name before it, however the parser hung it."""
    if end >= len(ctx.doc):
        return ()
    sentence = ctx.doc[end].sent
    words = [w for w in ctx.doc[end + 1:sentence.end] if not in_quote_mark(w)]
    if found := reporting_actors(ctx, words):
        return found
    verbs = ctx.knowledge.lexicon.reported_speech.verbs
    verb = next((w for w in words if w.lemma_.lower() in verbs and w.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return ()
    named = next((key for w in words if w.i < verb.i and (m := ctx.mentions.get(w.i)) and m.kind == MentionKind.NAME
                  and (key := ctx.actor_at(w))), None)
    return tuple(speaking(ctx, [named])) if named else ()


def speaker_before(ctx: DocumentContext, start: int) -> tuple[str, ...]:
    """ "X said: “...”", "X told the council “...”": a reporting verb before the opening mark in its
    sentence, or in the sentence before when that one ends in a colon ("... X said:" / "“...")."""
    if start < 2:
        return ()
    opening = ctx.doc[start - 1]
    words = list(ctx.doc[opening.sent.start:opening.i])
    if not words:
        previous = ctx.doc[opening.sent.start - 1].sent
        words = list(previous) if previous.text.rstrip().endswith(":") else []
    return reporting_actors(ctx, words)


def reporting_actors(ctx: DocumentContext, words) -> tuple[str, ...]:
    verbs = ctx.knowledge.lexicon.reported_speech.verbs
    for word in words:
        if word.lemma_.lower() in verbs and word.pos_ in ("VERB", "AUX"):
            if actors := speaking(ctx, ctx.actors(subject_of(ctx, word))):
                return tuple(actors)
    return ()


def in_quote_mark(word: Token) -> bool:
    return word.text in OPENING + CLOSING + STRAIGHT
