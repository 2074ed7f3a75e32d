"""Accusations named as nouns: "its accusation that Y did Z", "the U.S. accusation that Y did Z" (rejected
or not, an accusation is its author's claim), and legal acts: "issued a warrant for Y over Z", "its
genocide case against Y"; and charges an act is called that name their doer: "called the killing a
Russian war crime". Read by accusations.py, which dispatches every sentence's words."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kgraph.extract.charges import charges_in, dedupe
from kgraph.extract.context import NAMING, DocumentContext
from kgraph.extract.doers import doers_named
from kgraph.extract.families.accusing import accusing
from kgraph.extract.families.responsibility import parties_of
from kgraph.extract.grammar import CLAUSE_DEPS, passive_agent
from kgraph.extract.speakers import accuser_of_noun, speaker_of, subject_of, under_denial
from kgraph.records import Claim


def from_accusation_noun(ctx: DocumentContext, sentence: Span, noun: Token) -> list[Claim]:
    """ "its accusation that Israel committed genocide", "accusations of torture against X", "the U.S.
    accusation of Z" (rejected or not: the accusation is still its author's claim)."""
    accusers = accuser_of_noun(ctx, noun) or ctx.actors(noun) or author_attribute(ctx, noun)
    if not accusers:
        return []
    targets: list[str] = []
    charges: list[tuple[str | None, str]] = []
    for child in noun.children:
        if child.dep_ in CLAUSE_DEPS:
            targets += ctx.actors(subject_of(ctx, child))
            charges += charges_in(ctx, child)
        elif child.dep_ == "prep" and child.lower_ in ("of", "over"):
            charges += charges_in(ctx, child)
        elif child.dep_ == "prep" and child.lower_ == "against":
            targets += [a for g in child.children if g.dep_ == "pobj" for a in ctx.actors(g)]
    # "Y rejected X's accusation that Y did Z" is still X's accusation; one that names no accused is
    # left out even under a denial: who rejects it is too often not whom it accuses (measured)
    return accusing(ctx, sentence, noun, 0.75, accusers, targets, dedupe(charges), ctx.event_in(noun))


def author_attribute(ctx: DocumentContext, noun: Token) -> list[str]:
    """ "the U.S. accusation", "Russian allegations": an actor's attribute before a claim noun names its author."""
    return list(dict.fromkeys(mention.key for child in noun.children if child.dep_ in ("compound", "amod", "nmod")
                              and (mention := ctx.mentions.get(child.i)) and mention.key.startswith("actor/")))


def denier_of(ctx: DocumentContext, noun: Token) -> Token | None:
    """The subject of the denial verb whose object a claim noun is ("Y rejected [X's accusation]")."""
    if noun.dep_ not in ("dobj", "nsubjpass") or noun.head.lemma_.lower() not in ctx.knowledge.lexicon.denial.verbs:
        return None
    return subject_of(ctx, noun.head) if noun.dep_ == "dobj" else passive_agent(noun.head)


def from_legal_action(ctx: DocumentContext, sentence: Span, noun: Token) -> list[Claim]:
    """ "The ICC issued an arrest warrant for X over war crimes", "a case against X for genocide", "the
    prosecutor applied for warrants against X on charges of Z"."""
    section = ctx.knowledge.lexicon.accusation.legal
    sought = noun.dep_ == "pobj" and noun.head.lower_ == "for" and noun.head.head.pos_ == "VERB"
    verb = noun.head.head if sought else noun.head if noun.dep_ in ("dobj", "nsubjpass") else None
    brought = [c for c in noun.children if c.dep_ == "acl"]  # "a case [brought] against Y by X for Z"
    # "issued warrants [on Thursday] for X, Y and Z": the parser often hangs the accused on the verb
    holding = [noun, *brought, *([verb] if verb is not None and not sought else [])]
    accused = [g for holder in holding for c in holder.children
               if c.dep_ == "prep" and c.lower_ in section.accused_preps for g in c.children if g.dep_ == "pobj"]
    targets = list(dict.fromkeys(a for g in accused for a in ctx.actors(g) + people_listed(ctx, g)
                                 + arrested(ctx, g)))
    denier = denier_of(ctx, noun)
    # "issued a warrant ... over Z", "applied for it on charges of Z"
    holders = [noun, *brought, *([verb] if verb is not None else [])]
    charges = dedupe([c for holder in holders for child in holder.children
                      if child.dep_ == "prep" and child.lower_ in section.charge_preps
                      or holder == noun and child.dep_ in ("compound", "amod")  # "its genocide case against Y"
                      for c in charges_in(ctx, child)])
    claimants = [a for c in noun.children if c.dep_ == "poss" for a in ctx.actors(c)] or [
        a for clause in brought for a in ctx.actors(passive_agent(clause))]  # "South Africa's case", "filed by X"
    if not claimants and verb is not None and noun.dep_ != "nsubjpass" and denier is None:
        claimants = ctx.actors(subject_of(ctx, verb))
    speaker = speaker_of(ctx, noun)
    if not claimants and speaker:
        claimants = list(speaker.actors)
    return accusing(ctx, sentence, noun.head, 0.8, claimants, targets, charges, ctx.event_in(noun), speaker)


def arrested(ctx: DocumentContext, word: Token) -> list[str]:
    """ "a warrant for [Duterte's] arrest": the one whose arrest it is."""
    if word.lemma_.lower() not in ctx.knowledge.lexicon.accusation.legal.nouns | {"arrest", "extradition"}:
        return []
    return [a for c in word.children if c.dep_ == "poss" for a in ctx.actors(c)]


def people_listed(ctx: DocumentContext, head: Token) -> list[str]:
    """The actors a list names in apposition or conjunction: "for Netanyahu, his former defence minister
    Gallant and Hamas's military chief Deif" (not Hamas, who only owns a title)."""
    listed = [head]
    for word in listed:
        listed += [c for c in word.children if c.dep_ in ("appos", "conj")]
    return [m.key for word in listed[1:] if (m := ctx.mentions.get(word.i)) and m.kind in NAMING
            and m.key.startswith("actor/")]


# The parties whose attribute before a charge names its doer ("a Russian war crime"); a people is a
# victim more often than a doer ("the Yazidi genocide"), so only states, their bodies and armed groups.
DOER_FAMILIES = ("State", "GovernmentBody", "ArmedGroup")


def from_attributed_charges(ctx: DocumentContext, sentence: Span, given: list[Claim]) -> list[Claim]:
    """ "X called the killing a deliberate Russian war crime", "X said the strike was an Israeli war crime",
    "condemned Y's strike as a war crime": an act is called a charge whose words, or the act's, name the doer."""
    lexicon = ctx.knowledge.lexicon
    verbs = lexicon.reported_speech.verbs | lexicon.accusation.describing.verbs | lexicon.accusation.verbs
    done = {(c.target, c.charge) for c in given}
    claims: list[Claim] = []
    for span in ctx.charges_near(sentence[0]):
        noun = span.root
        called = noun.dep_ in ("oprd", "attr") or (noun.dep_ == "pobj" and noun.head.lower_ == "as")
        if not sentence.start <= span.start < sentence.end or not called or under_denial(ctx, noun):
            continue
        act = act_called(noun)
        doers = [m.key for c in noun.children if c.dep_ in ("amod", "compound", "poss")
                 and (m := ctx.mentions.get(c.i)) and m.key.startswith("actor/")
                 and ctx.family_of(m.key) in DOER_FAMILIES]
        if act is not None:  # "condemned [the Russian strike] as Z", "called [the attack by Y] Z"
            doers += parties_of(ctx, act) or doers_named(ctx, act)
        speaker = speaker_of(ctx, noun, verbs)
        if not doers or speaker is None:
            continue
        targets = [d for d in dict.fromkeys(doers) if (d, span.label_) not in done]
        claims += accusing(ctx, sentence, noun, 0.7, speaker.actors, targets, [(span.label_, span.text)],
                           ctx.event_in(sentence.root), speaker)
    return claims


def act_called(charge: Token) -> Token | None:
    """The act a charge is said of: "called [the strike] a war crime", "[the strike] was a war crime",
    "condemned [the strike] as a war crime"."""
    verb = charge.head.head if charge.dep_ == "pobj" else charge.head
    role = "nsubj" if charge.dep_ == "attr" else "dobj"
    return next((c for c in verb.children if c.dep_ == role and c.pos_ in ("NOUN", "PROPN")), None)
