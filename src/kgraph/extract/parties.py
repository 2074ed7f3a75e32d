"""Parties named by what they are rather than by a name: a state's institutions through its name
("Cameroon's military", "Burkina Faso security forces", "Syria's rebels"), fighters described by
their cause or side ("separatist fighters", "non-state armed groups", "pro-government militias") and
organisations by their field ("rights groups").
Read after the names and before the references, so that "the insurgents" later refers back.
"""
from __future__ import annotations

from spacy.tokens import Token

from kgraph.extract.context import NAME_OR_DEMONYM, DocumentContext, Mention, MentionKind
from kgraph.extract.mentions import POSSESSIVE_MARKS, add_gazetteer_actor, state_phrase
from kgraph.extract.unowned import unowned_forces
from kgraph.ingest.naming import as_written, slug, strip_article
from kgraph.knowledge import Knowledge
from kgraph.nlp import ARMED_FORCES, ARMED_GROUPS, GOVERNMENT

MODIFIER_DEPS = {"amod", "compound", "nmod", "npadvmod"}


def read_described_parties(ctx: DocumentContext) -> None:
    """Mark every institution of a named state and every described body of fighters as a name."""
    for mention in sorted(set(ctx.mentions.values()), key=lambda m: m.start):
        if mention.kind not in NAME_OR_DEMONYM or mention.key not in ctx.drafts \
                or not mention.key.startswith("actor/") or ctx.mentions.get(mention.start) != mention:
            continue
        if ctx.type_of(mention.key) == "State":
            owned_body(ctx, mention) or (state_institution(ctx, mention) if mention.kind == MentionKind.NAME
                                         else shared_noun(ctx, mention)) or government_in(ctx, mention)
        elif ctx.type_of(mention.key) == "GovernmentBody":
            government_in(ctx, mention)  # "authorities in Kinshasa": the seat names its government
    for token in ctx.doc:
        if token.i not in ctx.mentions and token.pos_ in ("NOUN", "PROPN") and token.dep_ not in MODIFIER_DEPS:
            described_fighters(ctx, token) or described_organisations(ctx, token) or unowned_forces(ctx, token)


def owned_body(ctx: DocumentContext, owner: Mention) -> bool:
    """ "Ethiopia's Ministry of Foreign Affairs", "the Nigerian Ministry of Defence": a government body
    named after its state's name or demonym is that state's, one entity per state ("Nigerian Ministry of
    Defence"), named so wherever the document names the body again."""
    start = owner.end + (owner.end < len(ctx.doc) and ctx.doc[owner.end].text in POSSESSIVE_MARKS)
    body = ctx.mentions.get(start)
    if body is None or body.start != start or body.kind != MentionKind.NAME or not body.key.startswith("actor/") \
            or ctx.type_of(body.key) != "GovernmentBody" or ctx.drafts[body.key].extra.get("wikidata") \
            or "part_of" in ctx.drafts[body.key].extra:
        return False  # a gazetteer body knows its state already
    state = ctx.knowledge.actors[owner.key.split("/", 1)[1]]
    name = ctx.label_of(body.key)
    label = f"{state.demonyms[0]} {name}" if state.demonyms else f"{name} of {state.label}"
    key = f"actor/{state.id}-{body.key.split('/', 1)[1]}"
    ctx.rename(body.key, key, label)
    ctx.add_alias(key, strip_article(as_written(ctx.doc[owner.start:body.end])))
    ctx.set_part_of(key, owner.key)
    ctx.mark(owner.start, body.end, key, MentionKind.NAME)
    return True


def state_institution(ctx: DocumentContext, owner: Mention) -> bool:
    """ "Cameroon's military", "the Mali government", "Burkina Faso security forces": the same party as
    "Cameroonian military". Read from the words after the state's name, which the parser often hangs
    wrongly. A possessive is not its owner: "Syria's rebels" are Syrian armed groups, not the state."""
    start = owner.end + (owner.end < len(ctx.doc) and ctx.doc[owner.end].text in POSSESSIVE_MARKS)
    found = institution_after(ctx, start)
    if found is None:
        return False
    end, prefix = found
    state_id = owner.key.split("/", 1)[1]
    surface = strip_article(as_written(ctx.doc[owner.start:end]))
    ctx.uncount(owner.key)  # the state is named here through its institution
    key, _ = state_phrase(ctx, prefix, state_id, surface)
    ctx.mark(owner.start, end, key, MentionKind.NAME)
    return True


def government_in(ctx: DocumentContext, state: Mention) -> bool:
    """ "Authorities in Mali", "officials of Niger": a state's government named by a government noun of the
    lexicon and the state (or the seat that names its government) after "in" or "of". A noun with a
    modifier of its own ("UN officials in Mali", "aid officials in Sudan") is somebody else's, and armed
    forces "in" a state may be foreign."""
    root = ctx.doc[state.start:state.end].root
    preposition = root.head
    noun = preposition.head
    if state.kind != MentionKind.NAME or root.dep_ != "pobj" or preposition.lower_ not in ("in", "of") \
            or noun.i >= state.start or noun.i in ctx.mentions \
            or noun.lower_ not in ctx.knowledge.lexicon.entities.government_nouns:
        return False
    if any(c.dep_ in ("compound", "poss", "nmod") or c.i in ctx.mentions for c in noun.lefts):
        return False
    start = next((c.i for c in noun.lefts if c.dep_ == "amod"), noun.i)
    if ctx.type_of(state.key) == "GovernmentBody":
        ctx.mark(start, state.end, state.key, MentionKind.NAME)
        return True
    state_id = state.key.split("/", 1)[1]
    surface = strip_article(as_written(ctx.doc[start:state.end]))
    ctx.uncount(state.key)  # the state is named here through its government
    key, _ = state_phrase(ctx, GOVERNMENT, state_id, surface)
    ctx.mark(start, state.end, key, MentionKind.NAME)
    return True


def shared_noun(ctx: DocumentContext, demonym: Mention) -> bool:
    """ "Ethiopian and Eritrean troops": a demonym coordinated with a state's institution names that
    state's institution of the same noun ("Ethiopian troops"), a party of its own."""
    after = demonym.end
    while after < len(ctx.doc) and ctx.doc[after].lower_ in (",", "and", "or"):
        after += 1
    body = ctx.mentions.get(after)
    if after == demonym.end or body is None or body.start != after or body.kind != "name":
        return False
    found = institution_after(ctx, body.start + 1)
    if found is None or found[0] != body.end:
        return False
    state_id = demonym.key.split("/", 1)[1]
    words = ctx.doc[demonym.start:demonym.end].text
    surface = f"{words} {as_written(ctx.doc[body.start + 1:body.end])}"
    named = gazetteer_names(ctx.knowledge).get(surface.lower())
    key = add_gazetteer_actor(ctx, named, surface) if named else \
        state_phrase(ctx, found[1], state_id, surface, words)[0]
    ctx.uncount(demonym.key)
    ctx.mark(demonym.start, demonym.end, key, MentionKind.NAME)
    return True


def gazetteer_names(knowledge: Knowledge) -> dict[str, str]:
    """Every gazetteer name and alias in lower case -> its actor id (read once per knowledge)."""
    if knowledge.version not in _NAMES:
        _NAMES[knowledge.version] = {name.lower(): actor.id for actor in knowledge.actors.values()
                                     for name in (actor.label, *actor.aliases)}
    return _NAMES[knowledge.version]


_NAMES: dict[str, dict[str, str]] = {}


def institution_after(ctx: DocumentContext, start: int) -> tuple[int, str] | None:
    """(end, kind) of the longest institution noun of the lexicon that the words from `start` name,
    after nothing but adjectives ("own regular army"); None when the noun only qualifies another
    ("army chief", "army spokesman": a person)."""
    doc = ctx.doc
    best: tuple[int, str] | None = None
    for end in range(start + 1, min(start + 5, len(doc) + 1)):
        for words, prefix in institution_nouns(ctx.knowledge).get(doc[end - 1].lower_, ()):
            first = end - len(words)
            if first >= start and tuple(w.lower_ for w in doc[first:end]) == words \
                    and all(w.pos_ == "ADJ" and w.i not in ctx.mentions for w in doc[start:first]) \
                    and not (end < len(doc) and doc[end].pos_ in ("NOUN", "PROPN")):
                best = (end, prefix)
    return best


def institution_nouns(knowledge: Knowledge) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """The lexicon's institution nouns by their last word: "forces" -> [(("security", "forces"), forces:)...]."""
    if knowledge.version not in _INSTITUTIONS:
        lexicon = knowledge.lexicon.entities
        by_last: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for prefix, nouns in ((GOVERNMENT, lexicon.government_nouns), (ARMED_FORCES, lexicon.armed_forces_nouns),
                              (ARMED_GROUPS, lexicon.armed_group_nouns)):
            for noun in nouns:
                words = tuple(noun.lower().split())
                by_last.setdefault(words[-1], []).append((words, prefix))
        _INSTITUTIONS[knowledge.version] = by_last
    return _INSTITUTIONS[knowledge.version]


_INSTITUTIONS: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {}


def described_fighters(ctx: DocumentContext, head: Token) -> bool:
    """ "separatist fighters", "an armed separatist group", "Islamist insurgents": fighters a text describes
    but does not name are a party of their own (an armed group), named by their description. A bare
    "insurgents" is one only beside another party ("both Egyptian security forces and insurgents")."""
    section = ctx.knowledge.lexicon.entities.described_fighters
    lemma = head.lemma_.lower()
    if head.tag_ not in ("NNS", "NNPS") or lemma not in section.heads | section.group_heads \
            or refers_back(ctx, head, {"ArmedGroup"}):
        return False  # "a rebel group", "the Islamist militants": a party named elsewhere
    modifiers = describing_words(ctx, head)
    if lemma in section.heads:
        if not modifiers and not beside_a_party(ctx, head):
            return False
    elif not (lemma in section.group_heads and any(w.lower_ in section.group_modifiers for w in modifiers)):
        return False
    return described_party(ctx, head, modifiers, "ArmedGroup")


def described_organisations(ctx: DocumentContext, head: Token) -> bool:
    """ "rights groups", "humanitarian organisations", "aid agencies": organisations a text describes by
    their field (a descriptor and a modifier that narrows it to organisations, [coreference]) are a party."""
    coreference = ctx.knowledge.lexicon.coreference
    classes = coreference.descriptors.get(head.lemma_.lower(), ())
    if not classes or head.tag_ not in ("NNS", "NNPS"):
        return False
    modifiers = describing_words(ctx, head)
    narrowed = [c for w in modifiers for c in coreference.narrowing.get(w.lower_, ()) if c in classes]
    if not narrowed or refers_back(ctx, head, set(classes)):
        return False
    return described_party(ctx, head, modifiers, narrowed[0])


def described_party(ctx: DocumentContext, head: Token, modifiers: list[Token], type_: str) -> bool:
    """A party named by its description, "separatist fighters", as a name of the class given."""
    start = min([w.i for w in modifiers] + [head.i])
    label = as_written(ctx.doc[start:head.i + 1])
    first = ctx.doc[start]
    if first.is_sent_start and first.pos_ != "PROPN" and not first.ent_type_:
        label = label[0].lower() + label[1:]  # "Rights groups said": capitalised only as the sentence's start
    key = ctx.add(f"actor/{slug(label)}", label, type_, label)
    ctx.mark(start, head.i + 1, key, MentionKind.NAME)
    return True


def describing_words(ctx: DocumentContext, head: Token) -> list[Token]:
    """The words before a noun that say what kind it is ("non-state armed"), without determiners,
    numbers or words that only count or hedge ("some", "other", "suspected")."""
    ignored = ctx.knowledge.lexicon.entities.described_fighters.not_describing
    words: list[Token] = []
    for child in head.lefts:
        if child.dep_ in MODIFIER_DEPS and child.i not in ctx.mentions:
            words += [w for w in child.subtree if w.i < head.i]
    kept = [w for w in words if w.pos_ not in ("DET", "NUM") and w.lower_ not in ignored]
    return kept if any(w.is_alpha for w in kept) else []


def refers_back(ctx: DocumentContext, head: Token, classes: set[str]) -> bool:
    """Whether a definite description follows a named actor of its classes, which it most likely means."""
    if not ctx.is_definite(head, articles=("the", "these", "those")):
        return False
    return any(m.kind == MentionKind.NAME and m.key.startswith("actor/")
               and (ctx.type_of(m.key) in classes or ctx.family_of(m.key) in classes)
               for i, m in ctx.mentions.items() if i < head.i)


def beside_a_party(ctx: DocumentContext, head: Token) -> bool:
    """Whether a noun is coordinated with an actor ("security forces and insurgents")."""
    return any((m := ctx.mentions.get(c.i)) is not None and m.key.startswith("actor/") for c in head.conjuncts)
