"""A party's own claim of an event: "Y claimed responsibility for E", "Y claimed the attack on Z", "Y confirmed
that it carried out E" (an admission of its own act)."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kgraph.extract.context import DocumentContext
from kgraph.extract.families.responsibility import is_charge, is_event, negated
from kgraph.extract.grammar import passive_agent
from kgraph.extract.speakers import subject_of, under_denial
from kgraph.records import Claim, ClaimKind


def claimed_responsibility(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """Every event a party claims as its own in a sentence: the party is its perpetrator, in its own words."""
    lexicon = ctx.knowledge.lexicon.responsibility
    claims: list[Claim] = []
    for token in sentence:
        if token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.owning_nouns:
            claims += from_claimed_responsibility(ctx, sentence, token)
        elif token.pos_ == "VERB" and token.lemma_.lower() in lexicon.owning_verbs:
            claims += from_claimed_event(ctx, sentence, token)
        elif token.pos_ == "VERB" and token.lemma_.lower() in lexicon.admitting_verbs:
            claims += from_admitted_act(ctx, sentence, token)
    return claims


def from_claimed_responsibility(ctx: DocumentContext, sentence: Span, noun: Token) -> list[Claim]:
    """ "Y claimed responsibility for E": Y's own claim that it did E."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in ctx.knowledge.lexicon.responsibility.claiming_verbs:
        return []
    scope = next((g for c in (*noun.children, *verb.children) if c.dep_ == "prep" and c.lower_ == "for"
                  for g in c.children if g.dep_ == "pobj" and is_event(ctx, g)), None)
    return owned(ctx, sentence, verb, scope)


def from_claimed_event(ctx: DocumentContext, sentence: Span, verb: Token) -> list[Claim]:
    """ "The Houthis claimed the attack on the tanker": the event itself is what is claimed; passive, "the
    attack, which was claimed by IS", the claimant is the agent."""
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if passive is None:
        scope = next((c for c in verb.children if c.dep_ == "dobj" and is_event(ctx, c)), None)
        return owned(ctx, sentence, verb, scope)
    if passive.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        passive = verb.head  # "the attack, which was claimed by IS": the relative clause's noun
    return owned(ctx, sentence, verb, passive if is_event(ctx, passive) else None, owner=passive_agent(verb))


# who an admission's clause may name as the admitting party itself ("confirmed that it carried out E")
SELF_PRONOUNS = ("it", "they", "we")


def from_admitted_act(ctx: DocumentContext, sentence: Span, verb: Token) -> list[Claim]:
    """ "Y confirmed that it carried out E", "Y admitted carrying out E": an admission whose own clause
    makes the admitting party (itself, by a pronoun, or the clause's missing subject) the doer of E.
    A plain "Y said it carried out E" is not read: its "it" is too often someone else."""
    perpetration = ctx.knowledge.lexicon.responsibility.perpetration_verbs
    owners = ctx.actors(subject_of(ctx, verb))
    for clause in admitted_clauses(verb):
        if clause.lemma_.lower() not in perpetration or negated(clause):
            continue
        doer = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if doer is not None and not (doer.lower_ in SELF_PRONOUNS and set(ctx.actors(doer)) <= set(owners)):
            continue  # "confirmed that the RSF carried out E" is someone else's act
        done = next((c for c in clause.children if c.dep_ == "dobj"), None)
        # an event named ("the air strike"), not any object of "strike" ("struck a deal with Hamas in Doha")
        if done is not None and not is_charge(ctx, done) and is_event(ctx, done):
            return owned(ctx, sentence, verb, done)
    return []


def admitted_clauses(verb: Token) -> list[Token]:
    """The clauses an admission takes: "confirmed [that it struck E]", "admitted [carrying out E]",
    "admitted to [carrying out E]"."""
    direct = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
    return direct + [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
                     for g in c.children if g.dep_ == "pcomp"]


def owned(ctx: DocumentContext, sentence: Span, verb: Token, scope: Token | None,
          owner: Token | None = None) -> list[Claim]:
    """The subject's (or the given owner's) claim of the event, unless it says it did not ("denied claiming
    the attack")."""
    if scope is None or negated(verb) or under_denial(ctx, verb):
        return []
    event = ctx.event_in(scope) or ctx.principal_event()
    return [ctx.claim(ClaimKind.RESPONSIBILITY, sentence, verb, 0.8, claimant=party, target=party, role="perpetrator",
                      event=event) for party in ctx.actors(owner if owner is not None else subject_of(ctx, verb))]
