"""Reports and events a document mentions: "its 173-page assessment", "the October 7 assault".

Read once per document, after names and references, by DocumentContext; the claim families then
find them through `ctx.report_at` and `ctx.event_in`.
"""
from __future__ import annotations

from spacy.tokens import Token

from kgraph.extract.context import DocumentContext, MentionKind
from kgraph.extract.event_places import (
    described_start,
    is_actor,
    is_party,
    is_place_name,
    named,
    place_key,
    place_of_clause,
    victims_event,
)
from kgraph.extract.grammar import passive_agent
from kgraph.extract.speakers import subject_of
from kgraph.ingest.naming import as_written, slug, strip_article


def read_reports(ctx: DocumentContext) -> None:
    """ "its 173-page assessment", "the report": a Report published by the actor that owns it."""
    nouns = ctx.knowledge.lexicon.reports.nouns
    latest: str | None = None
    for token in ctx.doc:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in nouns or token.i in ctx.mentions:
            continue
        publisher = owner(ctx, token) or issuer(ctx, token)
        if publisher is None and not ctx.is_definite(token, articles=("the", "this", "that", "its", "their")):
            continue  # "a false report" names no particular report
        publisher = publisher or (None if latest else latest_organisation(ctx, token))
        if publisher is None and latest is None:
            continue
        key = latest if publisher is None else f"report/{ctx.document.id}-{publisher.split('/', 1)[1]}"
        assert key is not None  # a publisher, or the latest report (checked above)
        if publisher is not None:
            publisher_label = ctx.label_of(publisher)
            ctx.add(key, f"{publisher_label} report", "Report", published_by=publisher,
                    date=ctx.document.date.isoformat() if ctx.document.date else None)
        modifiers = [t for t in token.lefts if t.dep_ not in ("det", "poss")]
        start = min([m.left_edge.i for m in modifiers] + [token.i])
        ctx.add_alias(key, strip_article(ctx.doc[start:token.i + 1].text))
        ctx.mark(token.i, token.i + 1, key, MentionKind.REPORT)
        latest = key


def owner(ctx: DocumentContext, token: Token) -> str | None:
    """The actor that owns a report: "its assessment", "Amnesty's report", "a report by HRW", "a report
    published by HRW"."""
    for child in token.children:
        if child.dep_ in ("poss", "compound", "nmod"):  # the parser hangs "a [HRW (HRW)] report" as nmod
            named = child
        elif child.dep_ == "prep" and child.lower_ == "by":
            named = next((c for c in child.children if c.dep_ == "pobj"), child)
        elif child.dep_ == "acl" and (agent := passive_agent(child)) is not None:
            named = agent
        else:
            continue
        mention = ctx.mentions.get(named.i)
        if mention and mention.key.startswith("actor/"):
            return mention.key
    return None


def issuer(ctx: DocumentContext, token: Token) -> str | None:
    """Who speaks in or issued a report: "In a report released in Geneva, the UN rights office accused
    ...", "X presented its report to the Security Council" (X, never the audience), "the report was
    published by X"."""
    verb = token.head
    if token.dep_ == "pobj" and verb.lower_ == "in" and verb.head.pos_ == "VERB":
        actors = ctx.actors(subject_of(ctx, verb.head))
    elif token.dep_ == "dobj" and verb.lemma_.lower() in ctx.knowledge.lexicon.reports.issuing_verbs:
        actors = ctx.actors(subject_of(ctx, verb))
    elif token.dep_ == "nsubjpass" and verb.lemma_.lower() in ctx.knowledge.lexicon.reports.issuing_verbs:
        actors = ctx.actors(passive_agent(verb))
    else:
        return None
    return actors[0] if len(actors) == 1 else None


def latest_organisation(ctx: DocumentContext, token: Token) -> str | None:
    """The last organisation named before a token: who "the report" most likely belongs to; never a
    news agency, which relays the reports it names ("PARIS (AFP) - ... in a final report")."""
    for index in range(token.i - 1, -1, -1):
        mention = ctx.mentions.get(index)
        if mention and mention.key.startswith("actor/") and ctx.family_of(mention.key) == "Organisation" \
                and ctx.type_of(mention.key) != "MediaOrganisation":
            return mention.key
    return None


def read_events(ctx: DocumentContext) -> None:
    """Attacks, wars, sieges... with a date, place or name become Events; "the assault" refers back.
    One place and one event noun make one Event per document: "the attack on Rann" and "the Rann
    attack" are the same attack."""
    lexicon = ctx.knowledge.lexicon.events
    family_of = {word: family for family, words in lexicon.families.items() for word in words}
    latest: dict[str, str] = {}
    placed: dict[tuple[str, str], str] = {}  # (place key, event noun) -> event key
    for token in ctx.doc:
        if token.lower_ in lexicon.named_by_victims and token.i not in ctx.mentions:
            victims_event(ctx, token)
        noun = event_noun(ctx, token, family_of)
        if noun is None or (token.i in ctx.mentions and ctx.mentions[token.i].kind != "name"):
            continue
        family = family_of[noun]
        singular = noun[:-1] if noun.endswith("s") and noun[:-1] in family_of else noun  # "mass graves"
        found = event_phrase(ctx, token, (noun, singular, family), placed)
        if found:
            latest[family] = found
        elif ctx.is_definite(token) and family in latest and token.i not in ctx.mentions:
            ctx.mark(token.i, token.i + 1, latest[family], MentionKind.EVENT)


def event_noun(ctx: DocumentContext, token: Token, family_of: dict[str, str]) -> str | None:
    """The event noun a token ends, in lower case: "attack", or "mass graves" ending at "graves"."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    two_words = f"{ctx.doc[token.i - 1].lower_} {token.lower_}" if token.i > 0 else ""
    if two_words in family_of and ctx.doc[token.i - 1].head == token:
        return two_words
    return token.lower_ if token.lower_ in family_of else None


def event_phrase(ctx: DocumentContext, head: Token, noun_forms: tuple[str, str, str],
                 placed: dict[tuple[str, str], str]) -> str | None:
    """An Event for a noun with a date, place or name ("the October 7 assault"), or None. `noun_forms`:
    the event noun as written, in the singular, and its family."""
    noun, lemma, family = noun_forms
    modifiers = [c for c in head.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod", "poss")
                 and (ctx.dates.text(c) or named(ctx, c))]
    places = [p for prep in head.children if prep.dep_ == "prep" and prep.lower_ in ("in", "on", "at", "of")
              for p in prep.children if p.dep_ == "pobj" and not ctx.dates.text(p)
              and any(named(ctx, w) for w in p.subtree) and not is_party(ctx, p)
              and (prep.lower_ != "of" or is_place_name(ctx, p))]  # "the siege of Mariupol", not "of civilians"
    dates = [d for d in (ctx.dates.text(m) for m in modifiers) if d]
    for clause in (c for c in head.children if c.dep_ in ("relcl", "acl")):
        dates += [d for t in clause.subtree if (d := ctx.dates.text(t))]
    scene = place_of_clause(ctx, head)
    ner_event = head.ent_type_ == "EVENT"
    if not (modifiers or places or dates or ner_event or scene):
        return None
    start = min([m.left_edge.i for m in modifiers] + [ctx.dates.entities[m.i].start for m in modifiers
                                                       if m.i in ctx.dates.entities] + [head.i - noun.count(" ")])
    end = max([phrase_end(ctx, p) for p in places] + [head.i + 1])
    iso = ctx.dates.normalise(dates[0]) if dates else None
    place = place_key(ctx, places[0]) if places else scene or next(
        (m.key for c in modifiers if (m := ctx.mentions.get(c.i)) and m.key.startswith("place/")), None)
    label = strip_article(as_written(ctx.doc[start:end], leaving_out=is_quote))
    described = described_start(head, head.i - noun.count(" "))
    if place is not None and label.lower() == noun:  # "the killings [took place in Kahor]"
        label = f"{ctx.label_of(place)} {noun}"
    elif described is not None and label.lower() == noun:  # "the deadly air strikes [that killed 28 on May 5]"
        label = strip_article(as_written(ctx.doc[described:head.i + 1], leaving_out=is_quote))
    key = f"event/{iso}-{family}" if iso else placed.get((place or "", lemma), f"event/{slug(label)}")
    ctx.add(key, label, "Event", label, date=iso, place=place)
    if place is not None:
        placed.setdefault((place, lemma), key)
        ctx.add_alias(key, f"{ctx.label_of(place)} {noun}")  # "the attack on Rann" is the Rann attack
        if places and (proper := [w for w in places[0].lefts if w.dep_ == "compound" and w.pos_ == "PROPN"]):
            ctx.add_alias(key, f"{as_written(proper)} {noun}")  # "the strike on the Kramatorsk station"
    if described is not None:  # "a new mass grave"
        ctx.add_alias(key, strip_article(as_written(ctx.doc[described:head.i + 1], leaving_out=is_quote)))
    # an actor named inside the phrase stays one: "the strike on the station on Russia" (a misparse)
    # must leave Russia to whoever blames it
    actors = {i: m for i in range(start, end) if (m := ctx.mentions.get(i)) and m.key.startswith("actor/")}
    ctx.mark(start, end, key, MentionKind.EVENT)
    ctx.mentions.update(actors)
    return key


def is_quote(word: Token) -> bool:
    return word.is_quote  # a label drops quotation marks: 'a "precise strike"' is the strike


def phrase_end(ctx: DocumentContext, head: Token) -> int:
    """Where a place phrase ends, without its relative clauses ("the town [that killed 86 people]") or
    an actor hung on it with its own preposition again ("on the station [on Russia]": "blamed E on Y")."""
    clauses = [c for w in head.subtree for c in w.children if c.dep_ in ("relcl", "acl", "appos")
               or (c.dep_ == "prep" and c.lower_ == head.head.lower_
                   and any(is_actor(ctx, g) for g in c.children if g.dep_ == "pobj"))]
    return min([c.left_edge.i for c in clauses if c.left_edge.i > head.i] + [head.right_edge.i + 1])


def particular_act(ctx: DocumentContext, act: Token, done: Token) -> bool:
    """Whether a clause's act is one particular event: placed by name and either dated or definite ("carried
    out executions in the town of Merawi in late January", "committed the massacre in Ardamata"), not a
    pattern of conduct ("committed killings in Darfur in recent months")."""
    phrases = [c for c in (*act.children, *done.children) if c.dep_ in ("prep", "npadvmod")]
    places = [w for p in phrases if p.lower_ in ("in", "at", "near") for w in p.subtree
              if w.pos_ == "PROPN" and not ctx.dates.text(w) and not is_party(ctx, w)]
    # the date as a whole or by a word of it ("late January" by "January"): a point in time, not "recent months"
    dates = [d for p in phrases for w in p.subtree if (whole := ctx.dates.text(w)) for d in (whole, w.text)]
    definite = ctx.is_definite(done, ("the",))
    return bool(places) and (definite or any(ctx.dates.normalise(d) for d in dates))
