"""Accusations: "X accused Y of Z", "Y was accused by X of Z", "X said Y committed Z", "X's accusation that
Y did Z" (nouns and legal acts are read in nominal.py)."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kgraph.extract import grammar
from kgraph.extract.charges import charges_in, dedupe, foreseen, investigated, manner_charge
from kgraph.extract.context import DocumentContext
from kgraph.extract.doers import agents_in, agents_of, doers_named
from kgraph.extract.families.accusing import accusing, denied_by_speaker
from kgraph.extract.families.nominal import from_accusation_noun, from_attributed_charges, from_legal_action
from kgraph.extract.grammar import core_phrase, dependents, passive_agent
from kgraph.extract.harms import doers_of_act, harm_charges, others_than
from kgraph.extract.speakers import (
    issuers,
    named_in_apposition,
    speaker_as_subject,
    speaker_of,
    speaking,
    subject_of,
    under_denial,
)
from kgraph.records import Claim, ClaimKind


def accusations(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """Every accusation a sentence states, one claim per accuser, accused and charge."""
    lexicon = ctx.knowledge.lexicon.accusation
    verbs, nouns = lexicon.verbs, lexicon.nouns
    acts = lexicon.perpetration_verbs | frozenset(lexicon.act_verbs)
    qualifying = lexicon.qualifying.verbs
    legal = lexicon.legal.nouns
    claims: list[Claim] = []
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") and lemma in verbs:
            claims += from_accusing_verb(ctx, sentence, token)
        elif token.pos_ in ("VERB", "AUX") and (lemma in acts or names_a_charge(ctx, token)
                                                or manner_charge(ctx, token) or harm_charges(ctx, token)):
            claims += from_reported_act(ctx, sentence, token)
        elif lemma in qualifying and (token.pos_ == "VERB" or any(c.dep_ == "nsubj" for c in token.children)):
            # "the abuses committed by Y amount to Z": the parser may tag "amount" a noun
            claims += from_qualified_acts(ctx, sentence, token)
        elif token.pos_ == "NOUN" and lemma in nouns:
            claims += from_accusation_noun(ctx, sentence, token)
        elif token.pos_ == "NOUN" and lemma in legal:
            claims += from_legal_action(ctx, sentence, token)
    claims += from_attributed_charges(ctx, sentence, claims)
    return claims or from_reported_frame(ctx, sentence)


def from_accusing_verb(ctx: DocumentContext, sentence: Span, verb: Token) -> list[Claim]:
    """ "X accused/charged/faulted Y of/with/for Z", active or passive."""
    passive_subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    confidence = 0.9
    agent = passive_agent(verb)
    accused: Token | None
    if passive_subject is not None:
        accused = passive_subject
        accusers = ctx.actors(agent)
    else:
        accused = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        accusers = issuers(ctx, subject_of(ctx, verb))  # "X filed a case accusing Y of Z": X accuses
    # "charged a retired general, [Mario Montoya], with Z": the person named beside a role
    targets = ctx.actors(accused) or (ctx.actors(named_in_apposition(ctx, accused)) if accused is not None else [])
    speaker = speaker_of(ctx, verb)
    if not accusers and speaker:
        accusers, confidence = list(speaker.actors), 0.75
    if not accusers or not targets:
        return []
    charges = charges_of_verb(ctx, verb, accused, agent)
    event = ctx.event_in(verb)
    if not charges:
        text = free_charge(ctx, verb, accused, agent)
        if text is None:
            return []
        charges = [(None, text)]
    else:  # "of blocking aid convoys and [arbitrarily arresting journalists]": each act of the list
        charges += uncharged_acts(ctx, verb, accused, agent)
    return accusing(ctx, sentence, verb, confidence, accusers, targets, charges, event, speaker)


def from_reported_act(ctx: DocumentContext, sentence: Span, verb: Token) -> list[Claim]:
    """ "X said (that) Y committed Z": Z is X's accusation against Y."""
    if denied_by_speaker(ctx, verb):
        return []  # "denied committing Z" is a denial; denials.py reads it
    speaker = speaker_of(ctx, verb)
    if speaker is None:
        return []
    passive_subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    passive = any(c.dep_ == "auxpass" for c in verb.children) or grammar.reduced_passive(verb)
    if passive_subject is None and passive and passive_agent(verb):
        passive_subject = subject_of(ctx, verb)  # "Z continues to be committed by Y", "villagers shot by Y"
    elif passive_subject is None and passive:
        return []  # "found 46 villagers unlawfully killed": the phrase it is said of names victims, not a doer
    if passive_subject is not None:
        targets, objects = agents_of(ctx, verb), [passive_subject]
    else:  # "Y's strikes killed pupils", "shelling by Y hit a school": the act's doer
        subject = subject_of(ctx, verb)
        targets = ctx.actors(subject) or (doers_of_act(ctx, subject) if subject is not None else [])
        objects = [c for c in verb.children if c.dep_ in ("dobj", "prep", "prt", "attr")]
    charges = dedupe([(s.label_, s.text) for s in ctx.charges_near(verb) if s.start == verb.i or s.root == verb]
                     + [c for obj in objects for c in charges_in(ctx, obj)])  # "recruited child soldiers"
    act = ctx.knowledge.lexicon.accusation.act_verbs.get(verb.lemma_.lower())
    if act in ctx.knowledge.charges and not charges:
        charges = [(act, verb.text)]  # "tortured detainees": the verb is the charge
    if not charges:  # "summarily executed villagers": the manner is the charge
        charges = manner_charge(ctx, verb)
    if not charges and (charges := harm_charges(ctx, verb)):  # "shot villagers": the victims are
        targets = others_than(ctx, speaker.actors, targets)
    return accusing(ctx, sentence, verb, 0.8, speaker.actors, targets, charges, ctx.event_in(verb), speaker)


def names_a_charge(ctx: DocumentContext, verb: Token) -> bool:
    """Whether the taxonomy names a verb phrase the verb heads: "arbitrarily detained", "unlawfully killed"."""
    return any(span.root == verb for span in ctx.charges_near(verb))




def from_qualified_acts(ctx: DocumentContext, sentence: Span, verb: Token) -> list[Claim]:
    """ "X said Y's strikes could amount to war crimes", "the killings by Y constitute genocide"."""
    speaker = speaker_of(ctx, verb)
    acts = subject_of(ctx, verb)
    if speaker is None or acts is None:
        return []
    charges = dedupe([c for child in verb.children if child.dep_ in ("prep", "dobj", "attr")
                      for c in charges_in(ctx, child)])
    targets = doers_of(ctx, sentence, verb, acts, speaker.actors)
    return accusing(ctx, sentence, verb, 0.7, speaker.actors, targets, charges, ctx.event_in(acts), speaker)


def doers_of(ctx: DocumentContext, sentence: Span, verb: Token, acts: Token, speakers: tuple[str, ...]) -> list[str]:
    """Whose acts are qualified, from the nearest evidence to the farthest."""
    if found := ctx.actors(acts) or doers_named(ctx, acts):  # "Y's strikes", "the killings (committed) by Y"
        return found
    if in_charge := agents_in(ctx, (w for child in verb.children for w in child.subtree)):
        return in_charge  # "amount to war crimes by Y"
    speech = ctx.knowledge.lexicon.reported_speech.verbs
    earlier_doers = [a for word in sentence if word.i < acts.i and word.dep_ == "nsubj"  # "Y killed ..., and
                     and word.head.lemma_.lower() not in speech  # the attacks may amount to Z"
                     for a in ctx.actors(word) if a not in speakers]
    if earlier_doers:
        return earlier_doers
    named = [acts, *(g for c in acts.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)]
    if any(c.dep_ == "det" and c.lower_ in ("the", "these", "those", "such") for word in named for c in word.children):
        # "HRW said X carried out Y. The group said (some of) the abuses amounted to Z": whom the
        # speaker's latest accusation accused
        earlier = [c for c in ctx.claims if c.kind == ClaimKind.ACCUSATION and c.claimant in speakers and c.target]
        return [c.target for c in earlier if c.target and c.evidence == earlier[-1].evidence]
    return []


def from_reported_frame(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """A fallback for "X says Y did Z" that no pattern read: the reporting verb's subject accuses
    the subject of the nearest clause above the charge ("X says [the group attacks] until [Y stops
    its aggression]": Y), else, when the parse of the clause is broken, the first actor named
    before the charge outside prepositional phrases (which name victims and places). Never the
    speaker's own side."""
    speech = ctx.knowledge.lexicon.reported_speech.verbs
    for verb in sentence:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in speech or denied_by_speaker(ctx, verb):
            continue
        accusers = speaking(ctx, ctx.actors(subject_of(ctx, verb)))
        if not accusers and (stated := speaker_as_subject(ctx, verb)):
            accusers = list(stated.actors)  # "the judges of the ICC found": whom the role speaks for
        charges = [s for s in ctx.charges_near(verb) if (verb.i < s.start or said_after(verb, s.root))
                   and s.end <= verb.right_edge.i + 1
                   and not under_denial(ctx, s.root)  # "X said Y denied the killings"
                   and not investigated(s.root) and not foreseen(ctx, s.root)]
        if not accusers or not charges:
            continue
        own_side = {a for accuser in accusers for a in ctx.related_actors(accuser)}
        victims = grammar.described_victims(charges[0].root)
        targets = doers_above(ctx, charges[0].root, verb) or [
            key for word in ctx.doc[verb.i + 1:charges[0].start]
            if (key := ctx.actor_at(word)) and not inside_prepositional_phrase(word, verb)
            and not of_a_report(ctx, word) and word.i not in victims][:1]
        targets = [t for t in targets if t not in own_side]
        if not targets:
            continue
        charged = dedupe([(s.label_, s.text) for s in charges])
        return accusing(ctx, sentence, verb, 0.6, accusers, targets, charged, ctx.event_in(verb))
    return []


def said_after(verb: Token, word: Token) -> bool:
    """Whether a word is an act listed in an adjunct of the clause a reporting verb reports after it
    ("[Y attacked villages as part of a campaign of Z], X said"); not the clause's object or a clause of
    its own ("[allegations of Z are spurious], X said"), nor what ought to be ("[Y should stop Z], X said")."""
    through_preps = False
    while word.dep_ in ("conj", "pobj", "prep", "appos"):
        through_preps |= word.dep_ == "prep"
        word = word.head
    return (through_preps and word.pos_ in ("VERB", "AUX") and word.head == verb and word.i < verb.i
            and word.dep_ in ("ccomp", "parataxis") and not any(c.tag_ == "MD" for c in word.children))


def doers_above(ctx: DocumentContext, word: Token, top: Token) -> list[str]:
    """The actors subject of the nearest verb above a word, below `top` ("[X and Y] bear responsibility
    for Z": both)."""
    for ancestor in word.ancestors:
        if ancestor == top:
            return []
        if ancestor.pos_ in ("VERB", "AUX"):
            # of two subjects ("[gang leader] [Jean Baptiste] ordered"), the nearer to the verb names the doer
            for subject in reversed([named_in_apposition(ctx, c) for c in ancestor.children
                                     if c.dep_ in ("nsubj", "nsubjpass")]):  # "[leader], [X], ordered": X
                if not ctx.report_at(subject) and (key := ctx.actor_at(subject)):
                    # a report is no doer: "Amnesty's report on torture was accurate"
                    return list(dict.fromkeys([key, *ctx.actors(subject)]))
    return []


def of_a_report(ctx: DocumentContext, word: Token) -> bool:
    """ "[Amnesty]'s [report] on torture": a report, or its owner, is no doer of what it is about."""
    owner = word.dep_ in ("poss", "compound") and ctx.report_at(word.head) is not None
    return owner or ctx.report_at(word) is not None


def inside_prepositional_phrase(word: Token, top: Token) -> bool:
    for ancestor in word.ancestors:
        if ancestor == top:
            return False
        if ancestor.dep_ == "prep" and ancestor.lower_ != "by":
            return True
    return False


def charges_of_verb(ctx: DocumentContext, verb: Token, *parties: Token | None) -> list[tuple[str | None, str]]:
    """Charges after an accusing verb ("of Z", "with Z", "for Z"), and "describing it as Z".

    The parser often hangs "of Z" on the accused or the agent ("accused [Israel of genocide]",
    "accused by [Amnesty of genocide]"), so their dependents are read too.
    """
    preps = ctx.knowledge.lexicon.accusation.charge_preps
    describing = ctx.knowledge.lexicon.accusation.describing.verbs
    charges: list[tuple[str | None, str]] = []
    for child in dependents(verb, *parties):
        if child.dep_ == "prep" and child.lower_ in preps:
            charges += charges_in(ctx, child)
        elif child.dep_ in ("advcl", "xcomp", "conj") and child.lemma_.lower() in describing:
            charges += [c for p in child.children if p.dep_ == "prep" and p.lower_ == "as" for c in charges_in(ctx, p)]
    return dedupe(charges)


def free_charge(ctx: DocumentContext, verb: Token, *parties: Token | None) -> str | None:
    """A charge outside the taxonomy, in the words used: "of actively supporting M23"."""
    for child in dependents(verb, *parties):
        if child.dep_ == "prep" and child.lower_ in ("of", "with"):
            words = [t for c in child.children for t in core_phrase(c)]
            if words and not any(ctx.mentions.get(t.i) and ctx.mentions[t.i].key.startswith("event/") for t in words):
                return ctx.doc[words[0].i:words[-1].i + 1].text
    return None


def uncharged_acts(ctx: DocumentContext, verb: Token, *parties: Token | None) -> list[tuple[str | None, str]]:
    """The acts of a coordinated charge ("of blocking aid convoys and arbitrarily arresting journalists")
    that name no taxonomy charge, each in its own words."""
    acts: list[tuple[str | None, str]] = []
    charged = {i for span in ctx.charges_near(verb) for i in range(span.start, span.end)}
    for child in dependents(verb, *parties):
        if child.dep_ != "prep" or child.lower_ not in ("of", "with"):
            continue
        for head in (c for c in child.children if c.dep_ in ("pobj", "pcomp")):
            listed = [head, *head.conjuncts]
            for act in listed if len(listed) > 1 else []:
                others = {t.i for other in listed if other.i > act.i for t in other.subtree}
                words = [t for t in core_phrase(act) if t.i not in others and t.dep_ != "cc"]
                while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
                    words.pop()
                if words and not charged & {t.i for t in words}:
                    acts.append((None, ctx.doc[words[0].i:words[-1].i + 1].text))
    return acts
