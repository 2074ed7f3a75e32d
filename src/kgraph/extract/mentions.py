"""Names in a document: gazetteer actors, state phrases ("Israeli forces"), persons, organisations
the gazetteer lacks, acronyms defined in the text ("the Sudan Liberation Army (SLA)") and who a
spokesman speaks for. Read first, before references, reports and events.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from kgraph.extract.context import NAME_OR_DEMONYM, DocumentContext, MentionKind
from kgraph.extract.name_spans import with_nickname, without_nickname, without_people, without_title
from kgraph.ingest.naming import as_written, is_name, slug, strip_article
from kgraph.nlp import ARMED_FORCES, ARMED_GROUPS, DEMONYM, GOVERNMENT
from kgraph.nlp.sentences import dateline_end, paragraph_starts
from kgraph.vocab import ACTOR_FAMILIES

POSSESSIVE_MARKS = {"'s", "’s", "'", "’"}
NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "LANGUAGE", "LAW",
             "WORK_OF_ART", "PRODUCT"}
MISREAD_NAMES = {"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "LAW"}  # tags the NER gives a place it does not know
BODY_FAMILIES = {"Organisation", "ArmedGroup", "GovernmentBody"}  # bodies a person can work for


def read_names(ctx: DocumentContext) -> None:
    """Names from the entity ruler (gazetteer, demonym phrases) and the statistical NER.

    "the Sudan Liberation Army (SLA)" defines SLA for the rest of the document.
    """
    acronyms: dict[str, str] = {}
    datelined = read_datelines(ctx)
    places = place_names(ctx)
    for ent in ctx.doc.ents:
        if ent[0].text in POSSESSIVE_MARKS and len(ent) > 1:  # "the country[’s Anglophone]": a fragment
            ent = Span(ctx.doc, ent.start + 1, ent.end, label=ent.label_)
        if ent[-1].text in POSSESSIVE_MARKS and len(ent) > 1:  # "[Rodrigo Duterte's] arrest": the owner only
            ent = Span(ctx.doc, ent.start, ent.end - 1, label=ent.label_, kb_id=ent.kb_id_, span_id=ent.id_)
        if len(ent) > 1 and ent[-1].text == "(":  # the NER can take in the bracket of "Name (ACRONYM)"
            ent = Span(ctx.doc, ent.start, ent.end - 1, label=ent.label_, kb_id=ent.kb_id_, span_id=ent.id_)
        if ent.label_ == "PERSON":
            ent = with_nickname(without_title(ctx, ent))
        place_of_people = without_people(ctx, ent)  # "the Yazidis of Sinjar": Sinjar; "Hazaras": nothing
        if place_of_people is None:
            continue
        ent = place_of_people
        # "the\u2028 ", a fragment the NER can leave; a dateline's place, read already
        if (ent.label_ in NOT_NAMES and not is_place(ctx, ent, places)) or not is_name(ent.text) \
                or datelined & set(range(ent.start, ent.end)):
            continue
        surface = strip_article(without_nickname(ent))
        key: str | None
        if surface in acronyms:
            key, kind = ctx.named_again(acronyms[surface], surface), MentionKind.NAME
        else:
            key, kind = entity_for(ctx, ent, places)
        if key:
            ctx.mark(ent.start, ent.end, key, kind)
            if ent.label_ == "PERSON" and surface != ent.text:  # the nickname: "Jean \"Ti Jean\" Baptiste"
                ctx.add_alias(key, ent.text)
        if key and kind == MentionKind.NAME and (acronym := acronym_after(ctx, ent)):
            acronyms[acronym.text] = key
            ctx.add_alias(key, acronym.text)
            ctx.mark(acronym.i, acronym.i + 1, key, MentionKind.NAME)
    for token in ctx.doc:  # a defined acronym the NER did not tag
        if token.text in acronyms and token.i not in ctx.mentions:
            ctx.named_again(acronyms[token.text], token.text)
            ctx.mark(token.i, token.i + 1, acronyms[token.text], MentionKind.NAME)


def read_datelines(ctx: DocumentContext) -> set[int]:
    """ "JOHANNESBURG (AP) -", "THE HAGUE —": the place a paragraph's dateline opens with is a place,
    whatever the NER makes of it. Returns the indexes of the place words."""
    marked: set[int] = set()
    for start in paragraph_starts(ctx.doc):
        if dateline_end(ctx.doc, start) is None:
            continue
        end = start
        while end < len(ctx.doc) and ctx.doc[end].is_alpha and ctx.doc[end].is_upper:
            end += 1
        surface = strip_article(" ".join(word.text.capitalize() for word in ctx.doc[start:end]))
        ctx.mark(start, end, ctx.add(f"place/{slug(surface)}", surface, "Place", surface), MentionKind.NAME)
        marked.update(range(start, end))
    return marked


def acronym_after(ctx: DocumentContext, ent: Span) -> Token | None:
    """The X of "Name (X)" when X is an upper-case acronym."""
    if ent.end + 2 >= len(ctx.doc):
        return None
    opening, acronym, closing = ctx.doc[ent.end], ctx.doc[ent.end + 1], ctx.doc[ent.end + 2]
    if opening.text != "(" or closing.text != ")" or acronym.ent_id_:
        return None
    initials = [word[0] for word in strip_article(ent.text).split() if word[0].isupper()]
    # "Sudan Liberation Army (SLA)", not a dateline's "Netherlands (AP)"; an acronym of the name in
    # another language has the same initials in another order ("National Human Rights Defence Network (RNDDH)")
    if acronym.text.isupper() and 2 <= len(acronym.text) <= 8 and initials \
            and (acronym.text[0] == initials[0] or set(acronym.text) <= set(initials)):
        return acronym
    return None


def place_names(ctx: DocumentContext) -> frozenset[str]:
    """Names the document shows to be places: tagged a place by the NER somewhere, or named after a place
    noun ("the village of X", "the towns of X and Y"), or a "person" something is in ("homes in Sanaa": no
    one is in a person). The NER tags one name differently sentence by sentence, and a village is never a
    person or an organisation."""
    place_nouns = ctx.knowledge.lexicon.entities.place_nouns
    names = {plain(ent.text) for ent in ctx.doc.ents if not ent.ent_id_ and (ent.label_ in ("GPE", "LOC", "FAC")
             or (ent.root.dep_ == "pobj" and ent.root.head.lower_ in ("in", "near") and unknown_name(ctx, ent)))}
    peoples = ctx.knowledge.lexicon.entities.peoples
    for word in ctx.doc:
        if word.lower_ in peoples:  # "the Hazaras of Doshi": a people is from a place
            names.update(plain(c.text) for p in word.children if p.dep_ == "prep" and p.lower_ == "of"
                         for c in p.children if c.dep_ == "pobj" and c.pos_ == "PROPN")
        if word.lemma_.lower() in place_nouns and word.pos_ == "NOUN":
            for named in (g for p in word.children if p.dep_ == "prep" and p.lower_ == "of"
                          for c in p.children if c.dep_ == "pobj" for g in (c, *c.conjuncts)):
                if named.pos_ == "PROPN":
                    names.add(plain(ctx.doc[min(t.i for t in named.subtree):named.i + 1].text))
            before = [c for c in word.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            if before and word.i == before[-1].i + 1:  # "the Cite Soleil district": Cite Soleil is a place
                names.add(plain(ctx.doc[min(c.left_edge.i for c in before):word.i].text))
    return frozenset(names)


def unknown_name(ctx: DocumentContext, ent: Span) -> bool:
    """A person's or organisation's name that nothing marks as one: after "in", a place ("in El-Fashir")."""
    heads = {word for words in ctx.knowledge.lexicon.entities.name_heads.values() for word in words}
    if ent.label_ != "ORG":
        return ent.label_ == "PERSON"
    return len(ent.text.split()) <= 2 and not any(word.text in heads for word in ent) \
        and not any(child.dep_ == "poss" for child in ent.root.children)


def plain(text: str) -> str:
    return strip_article(text).rstrip(",;:")


def entity_for(ctx: DocumentContext, ent: Span, places: frozenset[str] = frozenset()) -> tuple[str | None, MentionKind]:
    surface = strip_article(without_nickname(ent))
    ent_id = ent.ent_id_
    if ent_id.startswith("actor:"):
        return add_gazetteer_actor(ctx, ent_id[6:], surface), MentionKind.NAME
    for prefix in (GOVERNMENT, ARMED_FORCES, ARMED_GROUPS, DEMONYM):
        if ent_id.startswith(prefix):
            return state_phrase(ctx, prefix, ent_id[len(prefix):], surface, ent[0].text)
    if ent.label_ in MISREAD_NAMES and (place := named_place(ctx, ent)):
        return ctx.add(f"place/{slug(place)}", place, "Place", surface), MentionKind.NAME
    if ent.label_ in MISREAD_NAMES and plain(surface) in places:  # named a place elsewhere in the text
        surface = plain(surface)
        return ctx.add(f"place/{slug(surface)}", surface, "Place", surface), MentionKind.NAME
    if ent.label_ == "PERSON" and len(ent) == 1 and ent.root.dep_ == "compound" and named_person(ctx, surface) is None \
            and ent.root.head.lemma_.lower() in ctx.knowledge.lexicon.speakers.role_nouns:
        # one word before a role, never named in full: a region as a portfolio ("senior Sahel
        # researcher"), not a person; "Kazarama" after "Vianney Kazarama" stays one
        return ctx.add(f"place/{slug(surface)}", surface, "Place", surface), MentionKind.NAME
    if ent.label_ == "PERSON" or (ent.label_ == "ORG" and titled(ctx, ent)):
        return person_key(ctx, ent, surface), MentionKind.NAME
    if (person := named_person(ctx, surface)) is not None:  # "Kostin" after "Andriy Kostin", though tagged a place
        return ctx.named_again(person, surface), MentionKind.NAME
    if ent.label_ == "ORG":
        return ctx.add(f"actor/{slug(surface)}", surface, guessed_type(ctx, ent), surface), MentionKind.NAME
    if ent.label_ in ("GPE", "LOC", "FAC"):
        return ctx.add(f"place/{slug(surface)}", surface, "Place", surface), MentionKind.NAME
    if ent.label_ == "EVENT":
        return None, MentionKind.EVENT  # read with the other events, which need dates and places
    return None, MentionKind.NAME


def named_place(ctx: DocumentContext, ent: Span) -> str | None:
    """The place a name is part of, whatever the NER made of it (a city is never a person): a name a
    place noun introduces ("the ancient town of Axum": Axum), or one that qualifies a place noun
    ("the Anglophone regions": Anglophone regions)."""
    places = ctx.knowledge.lexicon.entities.place_nouns
    head = ent.root.head
    if ent.root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in places:
        return strip_article(ent.text)
    if ent.root.dep_ in ("amod", "compound") and head.lemma_.lower() in places and head.i == ent.end:
        return strip_article(as_written(ctx.doc[ent.start:head.i + 1]))
    return None


def is_place(ctx: DocumentContext, ent: Span, places: frozenset[str]) -> bool:
    """Whether a name the NER tagged a title or a law is a place: "in the Cite Soleil district"."""
    return ent.label_ in MISREAD_NAMES and (named_place(ctx, ent) is not None or plain(ent.text) in places)


def titled(ctx: DocumentContext, ent: Span) -> bool:
    """Whether a name has a person's role beside it: "Ilaria Allegrozzi, senior researcher at HRW"."""
    return any(c.dep_ == "appos" and c.lemma_.lower() in ctx.knowledge.lexicon.speakers.role_nouns
               for c in ent.root.children)


def state_phrase(ctx: DocumentContext, prefix: str, state_id: str, surface: str,
                 demonym: str | None = None) -> tuple[str, MentionKind]:
    """A state's government, armed forces or fighters (DEMONYM: the state itself, as an attribute). The
    fighters are named by `demonym` as written, else by the state's first demonym (or its name)."""
    state = ctx.knowledge.actors[state_id]
    demonym = demonym or (state.demonyms or (state.label,))[0]
    state_key = add_gazetteer_actor(ctx, state_id)
    if prefix == DEMONYM:
        return state_key, MentionKind.ATTRIBUTE
    if prefix == GOVERNMENT:
        key = ctx.add(f"actor/government-of-{state.id}", f"Government of {state.label}", "GovernmentBody",
                       surface, part_of=state_key)
    elif prefix == ARMED_FORCES:
        key = ctx.add(f"actor/armed-forces-of-{state.id}", f"Armed forces of {state.label}", "ArmedForces",
                       surface, part_of=state_key)
    else:  # fighters of a nationality are not part of its state
        ctx.uncount(state_key)
        key = ctx.add(f"actor/{slug(demonym)}-armed-groups", f"{demonym} armed groups", "ArmedGroup", surface)
    return key, MentionKind.NAME


def person_key(ctx: DocumentContext, ent: Span, surface: str) -> str:
    """A person; a later surname alone ("Kazarama") is the same person as the full name."""
    person = named_person(ctx, surface)
    if person is not None:
        return ctx.named_again(person, surface)
    return ctx.add(f"actor/{slug(surface)}", surface, "Person", surface)


def named_person(ctx: DocumentContext, surface: str) -> str | None:
    """The person named already whose full name is, or ends in, these words."""
    for draft in ctx.drafts.values():
        if draft.type == "Person" and (draft.label.endswith(" " + surface) or surface == draft.label):
            return draft.key
    return None


def guessed_type(ctx: DocumentContext, ent: Span) -> str:
    """A class for a name the gazetteer lacks, from its last or head word ("... Brigades" is an armed
    group, "Ministry of Defence" a government body, "Amhara militias" are fighters)."""
    lexicon = ctx.knowledge.lexicon.entities
    ending = ent.text.lower()
    if any(ending.endswith(" " + noun) for noun in lexicon.unknown_fighter_nouns):
        return "ArmedGroup"
    for type_, heads in lexicon.name_heads.items():
        if ent[-1].text in heads or ent.root.text in heads:  # "... Brigades", "Ministry of Foreign Affairs"
            return type_
    return "Organisation"


def read_speaker_affiliations(ctx: DocumentContext) -> None:
    """ "M23 spokesman Vianney Kazarama", "X, researcher at HRW", "X of Amnesty": the person speaks for
    that body (kg:partOf). The employer named after a preposition wins over a word before the role noun,
    which may be a portfolio ("senior Sahel researcher at HRW")."""
    role_nouns = ctx.knowledge.lexicon.speakers.role_nouns
    for mention in sorted(set(ctx.mentions.values()), key=lambda m: (m.start, m.end)):  # first one wins
        if mention.kind != MentionKind.NAME or ctx.type_of(mention.key) != "Person":
            continue
        head = ctx.doc[mention.start:mention.end].root
        for word in list(head.children) + [head.head]:
            if word.lemma_.lower() not in role_nouns:
                continue
            posted = ctx.knowledge.lexicon.speakers.posting_preps  # "envoy to the UN" speaks for who sent them
            named_after = [c for p in word.children if p.dep_ == "prep" and p.lower_ not in posted for c in p.children]
            for qualifier in [*named_after, *word.children]:
                parent = ctx.mentions.get(qualifier.i)
                if parent and parent.kind in NAME_OR_DEMONYM and parent.key.startswith("actor/") \
                        and ctx.family_of(parent.key) in ACTOR_FAMILIES - {"Person"}:
                    ctx.set_part_of(mention.key, parent.key)
        for employer in (g for p in head.children if p.dep_ == "prep" and p.lower_ in ("of", "from", "at")
                         for g in p.children if g.dep_ == "pobj"):  # "Deprose Muchena of Amnesty International"
            parent = ctx.mentions.get(employer.i)
            if parent and parent.kind == MentionKind.NAME and parent.key.startswith("actor/") \
                    and ctx.family_of(parent.key) in BODY_FAMILIES:
                ctx.set_part_of(mention.key, parent.key)


def add_gazetteer_actor(ctx: DocumentContext, actor_id: str, alias: str | None = None) -> str:
    actor = ctx.knowledge.actors[actor_id]
    parent = add_gazetteer_actor(ctx, actor.part_of) if actor.part_of else None
    if parent:
        ctx.uncount(parent)  # a parent named through its part is not mentioned itself
    family = "place" if actor.type == "Place" else "actor"
    return ctx.add(f"{family}/{actor.id}", actor.label, actor.type, alias, wikidata=actor.wikidata,
                    part_of=parent)
