"""Appeals: "X urged Y to Z", "X called on Y to Z", "X called for Z", "X demanded that Y Z",
"a resolution calling on Y to Z", and "Y must Z, X said" (a demand stated with a modal)."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kgraph.extract.context import DocumentContext
from kgraph.extract.grammar import passive_agent
from kgraph.extract.speakers import Speaker, accuser_of_noun, issuers, speaker_of, subject_of, with_report
from kgraph.ingest.naming import as_written
from kgraph.records import Claim, ClaimKind

SUBJECTS = ("nsubj", "nsubjpass")


def appeals(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """Every appeal in a sentence: who calls on whom for what, one claim per demand."""
    verbs = ctx.knowledge.lexicon.appeal.verbs
    claims: list[Claim] = []
    for verb in sentence:
        if verb.pos_ == "VERB" and verb.lemma_.lower() in verbs:
            claims += addressed_appeal(ctx, sentence, verb)
        elif verb.pos_ in ("VERB", "AUX") and is_modal_demand(ctx, verb):
            claims += modal_demand(ctx, sentence, verb)
        elif verb.pos_ == "NOUN" and verb.lemma_.lower() in ctx.knowledge.lexicon.appeal.nouns:
            claims += nominal_appeal(ctx, sentence, verb)
    return claims


def addressed_appeal(ctx: DocumentContext, sentence: Span, verb: Token) -> list[Claim]:
    """ "X urged Y to Z and to W": one claim per demand, by the appellant to the addressee."""
    if verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in ctx.knowledge.lexicon.appeal.verbs:
        return []  # "asked the court to order Y to Z": the order is what is asked for, not an appeal made
    if describes_a_place(ctx, verb):
        return []
    addressee, demands = read_appeal(ctx, verb)
    if not demands or (verb.lemma_.lower() in ctx.knowledge.lexicon.appeal.need_addressee
                       and not ctx.actors(addressee)):
        return []
    own_subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    addressed = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if addressed is not None:  # "Y was urged by X to Z"
        own_subject, addressee = passive_agent(verb), addressee or addressed
    # "Amnesty said X committed crimes and urged Y to Z": an appeal without its own subject,
    # joined to a reported clause, is the speaker's (X does not urge).
    speaker = speaker_of(ctx, verb)
    appellants = ctx.actors(own_subject) if own_subject is not None else []
    if not appellants and speaker:
        appellants = list(speaker.actors)
    if not appellants:
        appellants = issuers(ctx, subject_of(ctx, verb))
    return appeal_claims(ctx, sentence, verb, appellants, ctx.actors(addressee), demands, speaker)


def describes_a_place(ctx: DocumentContext, verb: Token) -> bool:
    """ "the area [to which the army urged families to head]", "the town [where X urged Y to go]": a relative
    clause hung on a place by "where" or a preposition describes the place; it is an appeal only when hung
    on a document ("the resolution, in which the council urged Y to Z") or a party."""
    if verb.dep_ != "relcl" or verb.head.lemma_.lower() in ctx.knowledge.lexicon.appeal.documents \
            or ctx.report_at(verb.head) is not None \
            or ctx.actors(verb.head):
        return False
    relative = [w for w in verb.doc[verb.left_edge.i:verb.i] if w.tag_ in ("WDT", "WP", "WRB")]
    return any(w.dep_ in ("pobj", "advmod") for w in relative)


def modal_demand(ctx: DocumentContext, sentence: Span, verb: Token) -> list[Claim]:
    """ "Y must release Z and drop the charges, X said": the speaker demands each conjunct of Y."""
    speaker = speaker_of(ctx, verb)
    if speaker is None:
        return []  # an unattributed "must" describes a need ("civilians must walk miles"), not a demand
    subject = next(c for c in verb.children if c.dep_ in SUBJECTS)
    marks = {c.i for c in verb.children if c.dep_ == "mark"}
    if subject.dep_ == "nsubjpass":  # "the journalists must be released": nobody is addressed
        return appeal_claims(ctx, sentence, verb, list(speaker.actors), [], [phrase(verb, marks)], speaker)
    said = {subject.i, *marks, *(a.i for a in auxiliaries(verb))}
    demands = [phrase(verb, leaving_out=said)]
    demands += [phrase(c) for c in verb.conjuncts if c.i > verb.i and c.pos_ == "VERB"
                and not any(g.dep_ in SUBJECTS for g in c.children)]
    return appeal_claims(ctx, sentence, verb, list(speaker.actors), ctx.actors(subject), demands, speaker)


def nominal_appeal(ctx: DocumentContext, sentence: Span, noun: Token) -> list[Claim]:
    """ "X renewed its call for Z", "an appeal by X to Y for Z": whose call is its owner, by-phrase or
    the subject of the verb it is the object of (not of "rejected calls for Z")."""
    addressee_preps = ctx.knowledge.lexicon.appeal.addressee_preps
    demands = [phrase(c, leaving_out={c.i}) for c in noun.children
               if c.dep_ == "prep" and c.lower_ in ctx.knowledge.lexicon.appeal.demand_preps]
    for clause in (c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.pos_ == "VERB"):
        marks = {g.i for g in clause.children if g.dep_ == "mark" and g.lower_ == "that"}
        if marks or infinitive(clause):  # "its demand that Y lift the siege", "a plea to spare the city"
            subject = next((g for g in clause.children if g.dep_ == "nsubj"), None)
            addressed = {subject.i} if subject is not None and ctx.actors(subject) else set()
            demands.append(phrase(clause, leaving_out=marks | addressed))
    addressee = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ in addressee_preps
                      for g in c.children if g.dep_ == "pobj"), None)
    if not demands:
        return []
    addressees = ctx.actors(addressee) or [a for c in noun.children if c.dep_ in ("acl", "ccomp")
                                           for g in c.children if g.dep_ == "nsubj" for a in ctx.actors(g)]
    speaker = speaker_of(ctx, noun)
    return appeal_claims(ctx, sentence, noun, accuser_of_noun(ctx, noun), addressees, demands, speaker)


def appeal_claims(ctx: DocumentContext, sentence: Span, verb: Token, appellants: list[str], addressees: list[str],
                  demands: list[str], speaker: Speaker | None) -> list[Claim]:
    """One claim per demand, appellant and addressee (none when nobody is named), dated by its saying."""
    targets: list[str | None] = list(addressees) or [None]
    return [
        with_report(ctx, ctx.claim(ClaimKind.APPEAL, sentence, verb, 0.75, claimant=appellant, target=target,
                                  charge_text=demand, event=ctx.event_in(verb)), speaker)
        for demand in demands for appellant in appellants for target in targets if appellant != target
    ]


def read_appeal(ctx: DocumentContext, verb: Token) -> tuple[Token | None, list[str]]:
    """(whom it is addressed to, each thing called for) from the verb's dependents."""
    demand_preps = ctx.knowledge.lexicon.appeal.demand_preps
    addressee_preps = ctx.knowledge.lexicon.appeal.addressee_preps
    addressee: Token | None = None
    demands: list[str] = []
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in addressee_preps:
            addressee = next((g for g in child.children if g.dep_ == "pobj"), addressee)
        elif child.dep_ == "prep" and child.lower_ in demand_preps:
            demands = [phrase(child, leaving_out={child.i})]
            addressee = addressee or performer(ctx, child)
        elif child.dep_ == "dobj":
            if ctx.actors(child):
                addressee = child
            elif verb.lemma_.lower() not in ctx.knowledge.lexicon.appeal.need_preposition:
                demands = [phrase(child)]
        elif child.dep_ in ("xcomp", "ccomp") or (child.dep_ == "advcl" and child.i > verb.i and infinitive(child)
                                                   and not demands):
            # "demanded that the army withdraw": the clause's subject is the one addressed; "calls on all
            # sides [to end such attacks]": the parser may hang the infinitive as an adverbial clause
            subject = next((g for g in child.children if g.dep_ == "nsubj"), None)
            if child.dep_ == "ccomp" and addressee is None and ctx.actors(subject):
                addressee = subject
            said = {g.i for g in child.children if g.dep_ == "mark" or g == addressee}
            heads = listed_demands(ctx, child)
            demands = [phrase(head, leaving_out={o.i for o in heads if o != head} | (said if head == child else set()))
                       for head in heads]
        elif child.dep_ == "conj" and demands and infinitive(child) and child.pos_ == "VERB" \
                and not any(g.dep_ in SUBJECTS for g in child.children):
            demands.append(phrase(child))  # "urged Y to rescue Z and to refer W": the parser joins W to "urged"
    return addressee, demands


def performer(ctx: DocumentContext, preposition: Token) -> Token | None:
    """ "called for an investigation [by the UN Human Rights Council]": who is to do what is called for."""
    return next((g for demanded in preposition.children if demanded.dep_ == "pobj" for p in demanded.children
                 if p.dep_ == "prep" and p.lower_ == "by" for g in p.children if g.dep_ == "pobj" and ctx.actors(g)),
                None)


def listed_demands(ctx: DocumentContext, head: Token) -> list[Token]:
    """The heads of a list of demands: "to free X, to end Y and to allow Z" (the parser hangs a listed
    infinitive after a comma as an adverbial clause of the one before), not a further appeal."""
    appeal_verbs = ctx.knowledge.lexicon.appeal.verbs
    heads = [head]
    for child in head.children:
        listed = child.dep_ == "conj" or (child.dep_ == "advcl" and after_comma(child) and infinitive(child))
        if listed and child.pos_ == "VERB" and child.lemma_.lower() not in appeal_verbs:
            heads += listed_demands(ctx, child)
    # "to protect the refugees [still trapped in the camp] and to open the border": the parser joins the
    # second infinitive to the participle, which cannot take one
    for word in head.subtree:
        if word.dep_ == "conj" and word.head != head and word.head.dep_ in ("acl", "relcl") and infinitive(word) \
                and not infinitive(word.head) and word.pos_ == "VERB" and word not in heads:
            heads += listed_demands(ctx, word)
    return heads


def infinitive(verb: Token) -> bool:
    return any(a.lower_ == "to" for a in verb.children if a.dep_ == "aux")


def after_comma(clause: Token) -> bool:
    start = clause.left_edge.i
    return start > 0 and clause.doc[start - 1].lower_ == ","


def is_modal_demand(ctx: DocumentContext, verb: Token) -> bool:
    """ "Y must release Z", "Y should be tried": a modal of obligation on a clause whose subject is an
    actor or a party addressed by its kind ("all parties", "the international community"); not
    "must have known" (a guess about the past) nor "should the truce fail" (a condition)."""
    aux = auxiliaries(verb)
    modal = next((a for a in aux if a.lower_ in ctx.knowledge.lexicon.appeal.demand_modals), None)
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    if modal is None or subject is None or modal.i < subject.i or any(a.lemma_ == "have" for a in aux):
        return False
    if any(c.dep_ == "neg" for c in verb.children) or verb.dep_ in ("relcl", "acl", "advcl"):
        return False
    return subject.dep_ == "nsubjpass" or bool(ctx.actors(subject)) \
        or subject.lemma_.lower() in ctx.knowledge.lexicon.appeal.addressed_parties


def auxiliaries(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass")]



def phrase(token: Token, leaving_out: set[int] | None = None) -> str:
    """The demand's words, without a further clause joined to it ("... and called for Z")."""
    clauses = [c for w in token.subtree for c in w.children
               if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    dropped = {t.i for c in clauses for t in c.subtree} | {t.i for c in clauses for t in c.head.children
                                                           if t.dep_ == "cc" and t.i < c.i}
    # each word left out takes its own phrase, unless it is the token or above it
    left_out = {t.i for i in (leaving_out or set()) for t in token.doc[i].subtree
                if i != token.i and not token.doc[i].is_ancestor(token)} | (leaving_out or set())
    words = [t for t in token.subtree if t.i not in dropped and t.i not in left_out]
    return as_written(words, leaving_out=lambda word: word.dep_ == "punct")
