"""Acts charged by whom or what they hit ([accusation.harm]): "soldiers shot unarmed villagers" is an
unlawful killing, "drones struck a market" an attack on civilians, "the shelling of a hospital" an
attack on a protected object. The plain act is no charge (a battle death is no alleged crime); its
victim makes it one. Who did it and who says so are the families' business, as for any act.
"""
from __future__ import annotations

from spacy.tokens import Token

from kgraph.extract.charges import dedupe
from kgraph.extract.context import NAMING, DocumentContext
from kgraph.extract.doers import doers_named
from kgraph.extract.speakers import subject_of
from kgraph.knowledge.lexicon import Harm

VERB_VICTIM_PREPS = ("on", "against", "at")  # "shot at civilians", "struck at a funeral"
NOUN_VICTIM_PREPS = ("of", "on", "against", "at")  # "the killing of residents", "strikes on a school"


def harm_charges(ctx: DocumentContext, act: Token) -> list[tuple[str | None, str]]:
    """(charge slug, words) for each protected victim of an act verb or noun, by the act's class."""
    harm = ctx.knowledge.lexicon.accusation.harm
    lemma, is_verb = act.lemma_.lower(), act.pos_ in ("VERB", "AUX")
    if is_verb and not acting_subject(ctx, act):
        return []
    found: list[tuple[str | None, str]] = []
    for kind in harm.acts.values():
        if lemma not in (kind.verbs if is_verb else kind.nouns):
            continue
        for victim in victims_of_verb(harm, act) if is_verb else victims_of_noun(harm, act):
            for victim_class in victim_classes(harm, victim):
                charge = kind.charges.get(victim_class)
                if charge in ctx.knowledge.charges:
                    start, end = min(act.i, victim.left_edge.i), max(act.i, victim.i)
                    found.append((charge, act.doc[start:end + 1].text))
    return dedupe(found)


def others_than(ctx: DocumentContext, speakers: tuple[str, ...], doers: list[str]) -> list[str]:
    """The doers not on a speaker's side: "X executed 81 prisoners, X's interior ministry said" reports
    its own act and accuses nobody."""
    own = {a for speaker in speakers for a in ctx.related_actors(speaker)}
    return [doer for doer in doers if doer not in own]


def acting_subject(ctx: DocumentContext, verb: Token) -> bool:
    """Whether a verb's subject can be who did the harm: a name, or fighters, forces or an act of harm
    ("its forces", "Israeli air strikes"); not a thing an actor merely owns ("US sanctions hit civilians")."""
    if verb.dep_ == "acl" or any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children):
        return True  # a passive: its subject is the victim; the doer, if any, comes after "by"
    subject = subject_of(ctx, verb)
    if subject is None or subject.pos_ != "NOUN" or subject.i in ctx.mentions:
        return True
    entities, harm = ctx.knowledge.lexicon.entities, ctx.knowledge.lexicon.accusation.harm
    doers = {*entities.armed_forces_nouns, *entities.armed_group_nouns, *entities.unknown_fighter_nouns,
             *entities.government_nouns, *(noun for kind in harm.acts.values() for noun in kind.nouns)}
    return bool({subject.lemma_.lower(), subject.lower_} & doers)


def doers_of_act(ctx: DocumentContext, act: Token) -> list[str]:
    """Who did an act, as its phrase says ("strikes by X", "X's shelling"), or the actor named before it
    ("Hamas rocket attacks"); a demonym names no party ("Russian shelling", "US strikes")."""
    if not any(act.lemma_.lower() in kind.nouns for kind in ctx.knowledge.lexicon.accusation.harm.acts.values()):
        return []  # "X's sanctions hit civilians": only an act of harm has a doer here
    if found := doers_named(ctx, act):
        return found
    modifiers = [c for c in act.children if c.dep_ in ("amod", "compound")]
    modifiers += [g for c in modifiers for g in c.children if g.dep_ in ("amod", "compound")]  # "Hamas rocket attacks"
    named = [ctx.mentions.get(c.i) for c in modifiers]  # a demonym is no party ("Russian shelling"): names only
    return list(dict.fromkeys(m.key for m in named if m is not None and m.key.startswith("actor/")
                              and m.kind in NAMING))


def victims_of_verb(harm: Harm, verb: Token) -> list[Token]:
    """Whom or what a verb hits: its object, its passive subject, the object of "on"/"against"/"at", or
    the noun a participle describes; else those of the verbs it is coordinated with."""
    objects = [[c for c in word.children if c.dep_ in ("dobj", "nsubjpass")] for word in (verb, *verb.conjuncts)]
    heads = next((found for found in objects if found), [])  # "shelled and burned homes": a conjunct's object
    heads += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in VERB_VICTIM_PREPS
              for g in c.children if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME")]  # not "on May 17"
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        heads.append(verb.head)  # "villagers shot by X"
    return counted(harm, heads)


def victims_of_noun(harm: Harm, noun: Token) -> list[Token]:
    """Whom or what an act noun hits: "of"/"on"/"against"/"at" a victim, or a victim word before it
    ("civilian killings", "the hospital bombing")."""
    heads = [g for c in noun.children if c.dep_ == "prep" and c.lower_ in NOUN_VICTIM_PREPS
             for g in c.children if g.dep_ == "pobj"]
    heads += [c for c in noun.children if c.dep_ in ("amod", "compound")]
    return counted(harm, heads)


def counted(harm: Harm, heads: list[Token]) -> list[Token]:
    """The heads with their conjuncts, the people a count names ("dozens of villagers") and those it
    includes ("31 people, including children")."""
    words = [w for head in heads for w in (head, *head.conjuncts)]
    words += [g for w in words if w.like_num or w.lemma_.lower() in harm.counting_nouns
              for c in w.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    # "killed 31 people, including children": the protected among them
    words += [g for w in words for c in w.children if c.dep_ == "prep" and c.lower_ == "including"
              for p in c.children if p.dep_ == "pobj" for g in (p, *p.conjuncts)]
    return words


def victim_classes(harm: Harm, word: Token) -> list[str]:
    """The victim classes a noun names: as two words ("aid workers", "civilian infrastructure"), else by
    its lemma, else by a modifier ("civilian homes", "unarmed men")."""
    lemma = word.lemma_.lower()
    pairs = {f"{c.lemma_.lower()} {lemma}" for c in word.children if c.dep_ in ("compound", "amod")}
    modifiers = {c.lemma_.lower() for c in word.children if c.dep_ == "amod"}
    for names in (pairs, {lemma, word.lower_}, modifiers):
        if found := [victim_class for victim_class, words in harm.victims.items() if names & words]:
            return found
    return []
