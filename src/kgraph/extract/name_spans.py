"""Where a name the NER found really begins and ends: without the title it took in ("Chef José
Andrés"), without the people it begins with ("the Yazidis of Sinjar"), with the quoted nickname it
stopped at ("Jean "Ti Jean" Baptiste"). Read by mentions.py before a name becomes an entity.
"""
from __future__ import annotations

from spacy.tokens import Span

from kgraph.extract.context import DocumentContext

QUOTES = {'"', "“", "”"}


def without_people(ctx: DocumentContext, ent: Span) -> Span | None:
    """A name without the people it begins with: "the Yazidis of Sinjar" names Sinjar, "Hazaras" nothing
    (a people is neither a place, a person nor an organisation)."""
    peoples = ctx.knowledge.lexicon.entities.peoples
    words = [word for word in ent if word.lower_ not in ("the", "a", "an")]
    if not words or words[0].lower_ not in peoples:
        return ent
    if len(words) > 2 and words[1].lower_ == "of":  # the place they are from
        return Span(ctx.doc, words[2].i, ent.end, label="GPE")
    return None if len(words) == 1 else ent


def without_title(ctx: DocumentContext, ent: Span) -> Span:
    """A person's name without the titles the NER took in: "Chef José Andrés" is José Andrés."""
    lexicon = ctx.knowledge.lexicon
    titles = lexicon.entities.titles.before_names | lexicon.speakers.role_nouns \
        | {word.lower() for word in lexicon.entities.titles.words}
    start = ent.start
    while ent.end - start > 1 and ctx.doc[start].lower_.rstrip(".") in titles:
        start += 1
    return ent if start == ent.start else Span(ctx.doc, start, ent.end, label=ent.label_)


def with_nickname(ent: Span) -> Span:
    """A person's name with a quoted nickname inside it, which the NER ends at the nickname: ["Jean "Ti
    Jean"] Baptiste" is one person, Jean Baptiste, not "Jean "Ti Jean"" before a stray "Baptiste"."""
    doc, end = ent.doc, ent.end
    quotes = sum(t.text in QUOTES for t in ent)
    if quotes == 0 and end < len(doc) and doc[end].text in QUOTES:  # the NER stopped before the nickname
        closing = next((t.i for t in doc[end + 1:min(end + 5, len(doc))] if t.text in QUOTES), None)
        end, quotes = (closing + 1, 2) if closing is not None else (end, 0)
    elif quotes == 1 and end < len(doc) and doc[end].text in QUOTES:
        end, quotes = end + 1, 2
    if quotes != 2 or doc[end - 1].text not in QUOTES:
        return ent
    last = end
    while last < len(doc) and doc[last].pos_ == "PROPN" and doc[last].is_title and last - end < 2:
        last += 1
    return Span(doc, ent.start, last, label=ent.label_) if last > end else ent


def without_nickname(ent: Span) -> str:
    """A name's words outside quotation marks: "Jean Baptiste" of "Jean "Ti Jean" Baptiste"."""
    if sum(t.text in QUOTES for t in ent) != 2:
        return ent.text
    inside, words = False, []
    for token in ent:
        if token.text in QUOTES:
            inside = not inside
        elif not inside:
            words.append(token.text)
    return " ".join(words)
