"""Official sources a text describes rather than names: "the health ministry", "Gaza's health ministry",
"the ministry of health in Gaza", "hospital officials", "medics", "police", "the civil defence", and a
named body's office ("the UN's humanitarian office"). Casualty figures mostly come from them, so each is
a party of its own (`[entities.official_sources]` gives its class), part of the state the phrase names.
Read after the described parties and before the references, so that "the ministry" or "it" refers back.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from kgraph.extract.context import NAME_OR_DEMONYM, DocumentContext, Mention, MentionKind
from kgraph.extract.mentions import POSSESSIVE_MARKS, add_gazetteer_actor, state_phrase
from kgraph.extract.parties import gazetteer_names
from kgraph.extract.unowned import forces_of, state_of_events
from kgraph.ingest.naming import as_written, slug, strip_article
from kgraph.knowledge import Knowledge
from kgraph.nlp import ARMED_FORCES

OWNER_PREPOSITIONS = ("in", "of")  # "the ministry of health [in Gaza]"
BODY_CLASSES = ("GovernmentBody", "ArmedForces")  # a state's own: part of it; hospitals and medics are not


def read_official_sources(ctx: DocumentContext) -> None:
    """Mark every described official source, and every named body's office the gazetteer knows, as a name."""
    for mention in sorted(set(ctx.mentions.values()), key=lambda m: m.start):
        if mention.key.startswith("actor/") and mention.kind == MentionKind.NAME:
            office_of(ctx, mention)
    end = 0
    while end < len(ctx.doc):
        found = source_at(ctx, end)
        end = found if found else end + 1


def office_of(ctx: DocumentContext, owner: Mention) -> bool:
    """ "the UN's humanitarian office": a body's part the gazetteer names as "UN humanitarian office"."""
    after = owner.end
    if after >= len(ctx.doc) or ctx.doc[after].text not in POSSESSIVE_MARKS:
        return False
    head = ctx.doc[owner.start:owner.end].root.head  # "the UN's humanitarian [office]"
    if head.i <= after or head.i in ctx.mentions or head.pos_ not in ("NOUN", "PROPN"):
        return False
    words = as_written(ctx.doc[after + 1:head.i + 1])
    draft = ctx.drafts[owner.key]
    names = gazetteer_names(ctx.knowledge)
    found = next((names[f"{name} {words}".lower()] for name in sorted({draft.label, *draft.aliases})
                  if f"{name} {words}".lower() in names), None)
    if found is None:
        return False
    ctx.uncount(owner.key)  # the owner is named here through its office
    key = add_gazetteer_actor(ctx, found, strip_article(as_written(ctx.doc[owner.start:head.i + 1])))
    ctx.mark(owner.start, head.i + 1, key, MentionKind.NAME)
    return True


def source_at(ctx: DocumentContext, end: int) -> int | None:
    """The end of a described source whose last word is at `end`, once marked; None when there is none."""
    doc = ctx.doc
    for words, class_ in official_sources(ctx.knowledge).get(doc[end].lemma_.lower(), ()):
        first = end + 1 - len(words)
        if first < 0 or tuple(w.lemma_.lower() for w in doc[first:end + 1]) != words:
            continue
        if end + 1 < len(doc) and doc[end + 1].pos_ in ("NOUN", "PROPN") and doc[end + 1].dep_ != "appos":
            return None  # "hospital [officials]", "police station": the phrase only qualifies another noun
        if any(i in ctx.mentions and not ner_guess(ctx, ctx.mentions[i]) for i in range(first, end + 1)):
            return None  # a name of the gazetteer or a state's institution, read already
        if any((m := ctx.mentions.get(i)) is not None and m.start < first and doc[m.start].dep_ != "det"
               for i in range(first, end + 1)):
            return None  # "Al Ahli Baptist Hospital": the last words of a name
        if len(words) == 1 and refers_back(ctx, doc[end]):
            return None  # "the army" after "Sudan's army": a reference, read by references.py
        mark_source(ctx, first, end + 1, class_)
        return end + 1
    return None


def refers_back(ctx: DocumentContext, word: Token) -> bool:
    """Whether a lone descriptor ("the army") follows an actor of a class it can name."""
    classes = set(ctx.knowledge.lexicon.coreference.descriptors.get(word.lemma_.lower(), ()))
    return bool(classes) and any(
        m.key.startswith("actor/") and m.key in ctx.drafts
        and (ctx.type_of(m.key) in classes or ctx.family_of(m.key) in classes)
        for i, m in ctx.mentions.items() if i < word.i)


def ner_guess(ctx: DocumentContext, mention: Mention) -> bool:
    """Whether a mention is the NER's guess at an unknown body ("health ministry", "the Health Ministry"),
    which a described source replaces."""
    return mention.key.startswith("actor/") and mention.key.split("/", 1)[1] not in ctx.knowledge.actors \
        and ctx.type_of(mention.key) in ("Organisation", "GovernmentBody") and not ctx.drafts[mention.key].extra


def mark_source(ctx: DocumentContext, first: int, end: int, class_: str) -> None:
    """One described source: the gazetteer's body when it names it so, an earlier name holding all its
    words, or a party of its own named by its description and owner."""
    doc = ctx.doc
    root = doc[first:end].root
    start = min(root.left_edge.i, first)  # "Gaza's", "the Hamas-run", "local"
    while start < first and (doc[start].dep_ == "det" or doc[start].text in ("(", ",", "“", '"')):
        start += 1
    stop = end
    forget_guesses(ctx, start, stop)
    owner = owner_within(ctx, start, first)
    if owner is None and (place := owner_after(ctx, end)) is not None:
        owner, stop = place, place.end
    surface = strip_article(as_written(doc[start:stop]))
    description = as_written(doc[first:end])
    if doc[first].is_sent_start and doc[first].pos_ != "PROPN":
        description = description[0].lower() + description[1:]
    if known := gazetteer_body(ctx, surface, owner, description):
        key = add_gazetteer_actor(ctx, known, surface)
    elif (earlier := named_before(ctx, first, doc[first:end])) is not None:
        key = ctx.named_again(earlier, surface)
    else:
        key = described_source(ctx, doc[first:end], owner, class_, description, surface)
    ctx.mark(start, stop, key, MentionKind.NAME)


def gazetteer_body(ctx: DocumentContext, surface: str, owner: Mention | None, description: str) -> str | None:
    """The gazetteer's id for a described body, by its words as written ("ministry of health in Gaza")
    or by any name of its owner before its description ("Gaza" + "civil defence agency")."""
    names = gazetteer_names(ctx.knowledge)
    owner_names = sorted({ctx.label_of(owner.key), *ctx.drafts[owner.key].aliases}) if owner else []
    return names.get(surface.lower()) or next((names[f"{name} {description}".lower()] for name in owner_names
                                               if f"{name} {description}".lower() in names), None)


def forget_guesses(ctx: DocumentContext, start: int, stop: int) -> None:
    """Take back the NER's guesses inside a described source; one named nowhere else is dropped."""
    guesses = {m for i in range(start, stop) if (m := ctx.mentions.get(i)) is not None and ner_guess(ctx, m)}
    for guess in guesses:
        for index in range(guess.start, guess.end):
            del ctx.mentions[index]
    for key in {guess.key for guess in guesses}:
        if any(m.key == key for m in ctx.mentions.values()):
            ctx.uncount(key)
        else:
            del ctx.drafts[key]


def owner_after(ctx: DocumentContext, end: int) -> Mention | None:
    """The state or place after "in" or "of": "the ministry of health in [Gaza]", "in Hamas-run [Gaza]"."""
    if end >= len(ctx.doc) or ctx.doc[end].lower_ not in OWNER_PREPOSITIONS:
        return None
    for word in ctx.doc[end + 1:min(end + 6, word_sent_end(ctx, end))]:  # the parser may hang the place elsewhere
        mention = ctx.mentions.get(word.i)
        if mention is not None and mention.kind == MentionKind.NAME and family(ctx, mention.key) in ("State", "Place"):
            return mention
        if mention is None and not (word.dep_ in ("amod", "compound", "det") or word.text in ("-", "–")):
            return None
    return None


def word_sent_end(ctx: DocumentContext, index: int) -> int:
    return ctx.doc[index].sent.end


def owner_within(ctx: DocumentContext, start: int, first: int) -> Mention | None:
    """The state, place or body that qualifies a description: "Gaza's", "Palestinian", "Hamas-run"."""
    return next((m for i in range(start, first) if (m := ctx.mentions.get(i)) is not None
                 and m.kind in NAME_OR_DEMONYM and m.key.startswith(("actor/", "place/"))), None)


def family(ctx: DocumentContext, key: str) -> str:
    return ctx.type_of(key) if key in ctx.drafts else ""


def named_before(ctx: DocumentContext, first: int, words: Span) -> str | None:
    """An earlier name ending in the description's last word and holding all its words ("the Palestinian
    health ministry" before "the health ministry")."""
    wanted = {w.lemma_.lower() for w in words}
    last = words[-1].lemma_.lower()
    for index in range(first - 1, -1, -1):
        mention = ctx.mentions.get(index)
        if mention and mention.kind == MentionKind.NAME and index == mention.end - 1 \
                and mention.key.startswith("actor/") and ctx.doc[index].lemma_.lower() == last \
                and wanted <= {t.lemma_.lower() for t in ctx.doc[mention.start:mention.end]}:
            return mention.key
    return None


def described_source(ctx: DocumentContext, words: Span, owner: Mention | None, class_: str,
                     description: str, surface: str) -> str:
    """A party named by its description: "Palestinian health ministry" (part of Palestine), "hospital
    officials". Of a state only when the phrase names it: a story that names one state ("Israeli
    strikes") may quote another side's ministry, and a wrong state would put the figure in its mouth."""
    state = owner.key if owner is not None and family(ctx, owner.key) == "State" else None
    if class_ == "ArmedForces" and state is not None:  # "the army", "police": the state's armed forces
        return state_phrase(ctx, ARMED_FORCES, state.split("/", 1)[1], surface)[0]
    if class_ == "ArmedForces" and owner is None and ctx.is_definite(words.root, articles=("the",)) \
            and (events := state_of_events(ctx, words.start)) is not None:
        return forces_of(ctx, events, surface)  # "the army" in a story about one state: that state's
    if owner is not None and state is None:
        label = f"{ctx.label_of(owner.key)} {description}"  # "Gaza health ministry", "Hamas-run ... "
    elif state is not None and class_ in BODY_CLASSES:
        actor = ctx.knowledge.actors[state.split("/", 1)[1]]
        label = f"{(actor.demonyms or (actor.label,))[0]} {description}"
    else:
        label = description
    parent = state if class_ in BODY_CLASSES else None
    if parent is None and owner is not None and owner.key.startswith("actor/") and owner.kind == MentionKind.NAME:
        parent = owner.key  # "a Houthi-run hospital": part of whoever runs it
    # keyed by lemmas: "a hospital official" is one of the "hospital officials", the same party
    key = f"actor/{slug(label[:len(label) - len(description)] + ' '.join(w.lemma_ for w in words))}"
    key = ctx.add(key, ctx.drafts[key].label if key in ctx.drafts else label, class_, surface, part_of=parent)
    ctx.add_alias(key, description)
    return key


def official_sources(knowledge: Knowledge) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """The lexicon's described sources by their last lemma, longest first."""
    if knowledge.version not in _SOURCES:
        by_last: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for class_, phrases in knowledge.lexicon.entities.official_sources.items():
            for phrase in phrases:
                words = tuple(phrase.lower().split())
                by_last.setdefault(words[-1], []).append((words, class_))
        _SOURCES[knowledge.version] = {last: sorted(found, key=lambda f: -len(f[0])) for last, found in by_last.items()}
    return _SOURCES[knowledge.version]


_SOURCES: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {}

