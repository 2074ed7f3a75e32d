"""Bodies a text describes rather than names: investigative bodies ("a UN fact-finding mission", "a
U.N.-backed panel", "an independent commission on Iran"), each a party of its own (part of the
organisation that set it up, when the phrase names one), so that "the mission" named again later and
what it found are its own, not the UN's at large; and the sides of a conflict a finding accuses
together ("all parties to Libya's conflict").
"""
from __future__ import annotations

from spacy.tokens import Token

from kgraph.extract.context import NAMING, DocumentContext, MentionKind
from kgraph.ingest.naming import slug


def read_described_bodies(ctx: DocumentContext) -> None:
    """Mark every described investigative body as a name of its own."""
    section = ctx.knowledge.lexicon.entities.described_bodies
    for head in ctx.doc:
        if head.pos_ != "NOUN" or head.tag_ != "NN" or head.lemma_.lower() not in section.heads \
                or head.i in ctx.mentions:
            continue
        modifiers = [c for c in head.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod") and c.i < head.i
                     and (c.dep_ != "amod" or ctx.doc[c.left_edge.i:c.i + 1].text.lower() in section.modifiers)]
        if not modifiers:
            continue
        start = min(m.left_edge.i for m in modifiers)
        words = ctx.doc[start:head.i + 1]
        owners = [m for t in words if (m := ctx.mentions.get(t.i)) and m.kind in NAMING and m.key.startswith("actor/")]
        described = any(ctx.doc[m.left_edge.i:m.i + 1].text.lower() in section.modifiers for m in modifiers)
        if not (described or owners) or any(ctx.type_of(m.key) not in section.founders for m in owners) \
                or any(t.is_quote or (t.is_punct and t.text not in "-.") for t in words):
            continue
        end = place_it_is_on(ctx, head) or head.i + 1
        if not owners and end == head.i + 1 and (named := named_body(ctx, head)):
            ctx.mark(start, end, named, MentionKind.REFERENCE)  # "the so-called international mission"
            continue
        label = ctx.doc[start:end].text
        type_ = ctx.type_of(owners[0].key) if owners else "Organisation"
        key = ctx.add(f"actor/{slug(label)}", label, type_, label)
        for owner in dict.fromkeys(m.key for m in owners):
            ctx.uncount(owner)  # "a UN panel" does not name the UN itself
            ctx.set_part_of(key, owner)
        ctx.mark(start, end, key, MentionKind.NAME)


def read_members_of_bodies(ctx: DocumentContext) -> None:
    """ "UN investigators said", "the U.N. experts found": the members of the one investigative body the
    document names speak for it, not for the UN at large."""
    section = ctx.knowledge.lexicon.entities.described_bodies
    bodies = {m.key for m in ctx.mentions.values() if m.kind == MentionKind.NAME and m.key.startswith("actor/")
              and ctx.doc[m.start:m.end].root.lemma_.lower() in section.heads}
    if len(bodies) != 1:
        return
    body = bodies.pop()
    for head in ctx.doc:
        if head.tag_ != "NNS" or head.lemma_.lower() not in section.members:
            continue
        owner = next((m for c in head.children if c.dep_ in ("compound", "nmod") and (m := ctx.mentions.get(c.i))
                      and m.key.startswith("actor/") and ctx.type_of(m.key) in section.founders), None)
        if owner is not None and owner.key != body and (ctx.top_actor(body) == ctx.top_actor(owner.key)
                                                        or ctx.type_of(body) == ctx.type_of(owner.key)):
            ctx.uncount(owner.key)
            ctx.mark(owner.start, head.i + 1, body, MentionKind.REFERENCE)


def read_sides_of_conflicts(ctx: DocumentContext) -> None:
    """ "all parties to Libya's conflict", "both sides in the war": the sides of a conflict, named together
    when a finding accuses them all, are one party (no side is named by itself here)."""
    sides = ctx.knowledge.lexicon.coreference.party_nouns
    wars = frozenset(ctx.knowledge.lexicon.events.families.get("war", ()))
    for head in ctx.doc:
        if head.tag_ != "NNS" or head.lemma_.lower() not in sides or head.i in ctx.mentions:
            continue
        conflict = next((g for p in head.children if p.dep_ == "prep" and p.lower_ in ("to", "in")
                         for g in p.children if g.dep_ == "pobj" and g.lower_ in wars), None)
        if conflict is None or any(t.i in ctx.mentions and ctx.mentions[t.i].key.startswith("actor/")
                                   and t.head != conflict for t in conflict.subtree):
            continue  # "the parties to the conflict between X and Y" are X and Y
        if not any(c.i in ctx.mentions for c in conflict.children if c.dep_ in ("poss", "amod", "compound")):
            continue  # "the parties to the conflict": which conflict is unsaid, so no party of one document
        label = ctx.doc[head.i:conflict.i + 1].text
        key = ctx.add(f"actor/{slug(label)}", label, "ArmedGroup", label)
        ctx.mark(head.i, conflict.i + 1, key, MentionKind.NAME)


def named_body(ctx: DocumentContext, head: Token) -> str | None:
    """The body a described one can only mean: the one actor of the document whose name its word heads."""
    named = {m.key for m in ctx.mentions.values() if m.kind == MentionKind.NAME and m.key.startswith("actor/")
             and ctx.doc[m.start:m.end].root.lemma_.lower() == head.lemma_.lower()}
    return named.pop() if len(named) == 1 else None


def place_it_is_on(ctx: DocumentContext, head: Token) -> int | None:
    """The end of "on Libya" after a body: the body is the one on that place."""
    after = head.i + 1
    mention = ctx.mentions.get(after + 1)
    if after + 1 < len(ctx.doc) and ctx.doc[after].lower_ == "on" and mention is not None \
            and mention.start == after + 1 and ctx.type_of(mention.key) in ("State", "Place"):
        return mention.end
    return None
