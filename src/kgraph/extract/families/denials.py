"""Denials: "X denies allegations it committed Z", "an allegation X denies", "X rejected the accusations".

What each denial answers is settled once the whole document is read, by refutes.link_denials.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from kgraph.extract.charges import charges_in
from kgraph.extract.context import DocumentContext
from kgraph.extract.families.denied import clause_text, denied_content, reported_in
from kgraph.extract.grammar import core_phrase, passive_agent
from kgraph.extract.speakers import accuser_of_noun, issuers, speaker_of, subject_of
from kgraph.ingest.naming import as_written, strip_article
from kgraph.records import Claim, ClaimKind

FIRST_PERSON = {"we", "i", "our", "my", "us"}
OWN_ACTS_CONFIDENCE = 0.6  # "we did not ...": a denial read from a negation, the least certain form
ABSENT_PARTY_CONFIDENCE = 0.65  # "there were no Eritrean troops": a party accused before said to be absent


def denials(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """Every denial in a sentence; what it refutes is settled later by link_denials."""
    verbs = ctx.knowledge.lexicon.denial.verbs
    claim_nouns = ctx.knowledge.lexicon.denial.claim_nouns
    claims: list[Claim] = dismissals(ctx, sentence)
    claims += [c for c in own_acts_denied(ctx, sentence) if c.claimant not in {d.claimant for d in claims}]
    refusals = ctx.knowledge.lexicon.denial.refusal_nouns
    for verb in sentence:
        if verb.pos_ != "VERB" or not (verb.lemma_.lower() in verbs or condemns_a_claim(ctx, verb)):
            continue
        if any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in refusals for c in verb.children):
            continue  # "rejected the ceasefire proposal", "denied journalists access": refused, not denied
        agent = passive_agent(verb)
        denied = passive_subject(verb) if agent is not None else claim_modified(verb, claim_nouns)
        subject = agent if agent is not None else participle_speaker(ctx, verb) or subject_of(ctx, verb)
        # "issued a statement denying ...": the statement's issuer denies
        deniers = ([accused_instead(ctx, subject, denier) for denier in issuers(ctx, subject)]
                   if subject is not None else [])
        if not deniers:
            continue
        charges, accusers = denied_content(ctx, verb, denied)
        cites_claim = any(w.lemma_.lower() in claim_nouns  # "denied the allegations", "an allegation X denies"
                          for w in verb.subtree if w.dep_ in ("dobj", "nsubjpass") or w == verb.head)
        claims += denying(ctx, sentence, verb, 0.85 if charges else 0.7, deniers, accusers, charges, cites_claim)
    return firmest(claims)


def condemns_a_claim(ctx: DocumentContext, verb: Token) -> bool:
    """ "denounced the report", "slammed the allegations": a verb of condemnation denies when what it
    condemns is a claim ("denounced the killings" condemns an act, and is no denial)."""
    lexicon = ctx.knowledge.lexicon.denial
    return verb.lemma_.lower() in lexicon.claim_condemning_verbs and any(
        c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in lexicon.claim_nouns for c in verb.children)


def firmest(claims: list[Claim]) -> list[Claim]:
    """One denial per denier and charge in a sentence read two ways ("dismissed as false a
    report", "rejected the report, calling it biased"), the firmer reading kept; a denial naming
    nothing gives way to one of the same denier that names what it denies."""
    best: dict[tuple, Claim] = {}
    for claim in claims:
        key = (claim.claimant, claim.charge, claim.charge_text)
        if key not in best or firmness(claim) > firmness(best[key]):
            best[key] = claim
    # "denied that its fighters were there, calling the account lies": one denial, with what it denies
    worded = {claim.claimant for claim in best.values() if claim.charge or claim.charge_text}
    bare = {claim.claimant: claim for claim in best.values() if not (claim.charge or claim.charge_text)}
    return [replace(claim, target=claim.target or (bare[claim.claimant].target if claim.claimant in bare else None))
            for claim in best.values() if claim.claimant not in worded or claim.charge or claim.charge_text]


def firmness(claim: Claim) -> tuple[bool, float]:
    """A reading that says whose claim is denied ("rejected the UN report") first, then the surer one."""
    return claim.target is not None, claim.confidence


def claim_modified(verb: Token, claim_nouns: frozenset[str]) -> Token | None:
    """ "..., dismissing claims that ...": the parser may hang the participle on the claim noun as a
    modifier; the noun is what it denies."""
    if verb.dep_ == "amod" and verb.tag_ == "VBG" and verb.head.lemma_.lower() in claim_nouns:
        return verb.head
    return None


def participle_speaker(ctx: DocumentContext, verb: Token) -> Token | None:
    """ "X said Y had looted the market, rejecting Z": a participle after a comma that the parser hung
    inside a reported clause speaks for the one who says it, not for that clause's subject."""
    if verb.tag_ != "VBG" or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    speech = ctx.knowledge.lexicon.denial.speech_verbs
    reported = next((a for a in verb.ancestors if a.dep_ == "ccomp"), None)
    if reported is None or reported.head.lemma_.lower() not in speech:
        return None
    return subject_of(ctx, reported.head)


def passive_subject(verb: Token) -> Token | None:
    """What a passive verb is said of, shared from the verb it is joined to: "the presence of troops
    is documented but [has been denied by X]"."""
    while True:
        subject = next((c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")), None)
        if subject is not None or verb.dep_ != "conj" or verb.head == verb:
            return subject
        verb = verb.head


def denying(ctx: DocumentContext, sentence: Span, trigger: Token, confidence: float, deniers: list[str],
            accusers: list[str], charges: list[tuple[str | None, str]], cites_claim: bool = False) -> list[Claim]:
    """One denial per denier and denied charge (or one for the whole claim when none is named)."""
    return [
        ctx.claim(ClaimKind.DENIAL, sentence, trigger, confidence, claimant=denier, cites_claim=cites_claim,
                  target=accusers[0] if accusers else None, charge=charge, charge_text=text)
        for denier in deniers for charge, text in (charges or [(None, None)])  # type: ignore[list-item]
    ]


def dismissals(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """ "X said the genocide charge was false", "X called the accusations baseless": a claim noun
    dismissed by a predicate is a denial by whoever says or labels it."""
    claim_nouns = ctx.knowledge.lexicon.denial.claim_nouns
    labelling = ctx.knowledge.lexicon.denial.labelling_verbs
    claims: list[Claim] = []
    for noun in sentence:
        if not (noun.pos_ == "NOUN" and noun.lemma_.lower() in claim_nouns or refers_back(noun)):
            continue
        head = noun.head
        if not dismissed(ctx, head, noun):
            continue
        said_of = noun.dep_ == "nsubj" and head.lemma_ == "be" or noun.dep_ in ("nsubj", "nsubjpass") \
            and head.lemma_.lower() in ctx.knowledge.lexicon.denial.grounds_verbs
        if said_of and (speaker := speaker_of(ctx, head)):
            deniers = list(speaker.actors)
        elif noun.dep_ in ("dobj", "oprd") and head.lemma_.lower() in labelling:
            # "X said that it did not ..., describing the accusations as false": X labels them
            deniers = ctx.actors(participle_speaker(ctx, head) or subject_of(ctx, head))
        else:
            continue
        # "reports that soldiers killed villagers were misinformation": what the reports said
        said = [clause for clause in (reported_in(ctx, c) for c in noun.children) if clause is not None]
        charges = charges_in(ctx, noun) or [(None, clause_text(clause)) for clause in said[:1]]
        owned = any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by") for c in noun.children)
        # "its accusations", "the Amnesty report"; else linked later
        accusers = accuser_of_noun(ctx, noun) if owned else publisher_named_in(ctx, noun)
        claims += denying(ctx, sentence, head, 0.75, deniers, accusers, charges)
    return claims


def dismissed(ctx: DocumentContext, head: Token, noun: Token) -> bool:
    """ "was baseless", "called it lies", "is not true": the predicate dismisses what it is said of;
    "called the report \"baseless\" that ...": the parser may make it a modifier after the noun."""
    dismissive = ctx.knowledge.lexicon.denial.dismissive_words
    truth = ctx.knowledge.lexicon.denial.truth_words
    words = predicate_of(head) + [c for c in noun.children if c.dep_ == "amod" and c.i > noun.i]
    # "was [politically] motivated and based on [lies]": what the claim is said to rest on
    words += [g for w in (head, *words) if w.lemma_.lower() in ctx.knowledge.lexicon.denial.grounds_verbs
              for g in grounds(w)]
    if any(w.lemma_.lower() in dismissive or w.lower_ in dismissive for w in words):
        return True
    negated = any(c.dep_ == "neg" for c in head.children)
    return negated and any(w.lower_ in truth for w in words)


def grounds(verb: Token) -> list[Token]:
    """What a claim is said to rest on: "based on [lies]", "[politically] motivated", "driven by [propaganda]"."""
    named = [g for c in verb.children if c.dep_ in ("prep", "agent") for g in c.children if g.dep_ == "pobj"]
    return [c for c in verb.children if c.dep_ == "advmod"] + named + [m for w in named for m in w.children
                                                                          if m.dep_ in ("amod", "conj")]


def publisher_named_in(ctx: DocumentContext, noun: Token) -> list[str]:
    """ "the Human Rights Watch report", "the allegations of the UN commission": an organisation named
    before a claim noun, or after its "of" or "from", published it ("the Sudan report" is about Sudan,
    so states do not count)."""
    named = [c for c in noun.children if c.dep_ == "compound"] + [g for p in noun.children if p.dep_ == "prep"
                                                                  and p.lower_ in ("of", "from")
                                                                  for g in p.children if g.dep_ == "pobj"]
    return [a for c in named for a in ctx.actors(c) if ctx.family_of(a) == "Organisation"]


def refers_back(word: Token) -> bool:
    """ "called it fictitious", "dismissed them as lies": a pronoun for a claim made before."""
    return word.pos_ == "PRON" and word.lower_ in ("it", "this", "that", "them", "these", "those") \
        and word.dep_ == "dobj"


def predicate_of(head: Token) -> list[Token]:
    """What a claim is called: "[baseless]", "as [lies]", "a completely [unfounded] verdict"."""
    words = [c for c in head.children if c.dep_ in ("acomp", "attr", "oprd", "xcomp", "ccomp")] + \
            [g for c in head.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children]
    return [*words, *(m for w in words for m in (*w.children, *w.conjuncts) if m.dep_ in ("amod", "conj", "compound"))]


def own_acts_denied(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """ "The army said its soldiers never fired on civilians", "“We did not target anyone,” the
    minister said": a party saying that it (or its own people) did not do something denies it; so
    does one saying that the act did not happen ("said no civilians were killed", "there was no massacre")."""
    speech = ctx.knowledge.lexicon.denial.speech_verbs
    claims: list[Claim] = []
    for verb in sentence:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        negation = [c for c in verb.children if c.dep_ == "neg" or (c.dep_ == "dobj" and c.lower_ == "nothing")]
        if negation:
            subject = subject_of(ctx, verb)
        else:  # "no civilians were killed", "there was no massacre"
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "attr")
                            and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)), None)
            negation = [d for d in (subject.children if subject is not None else ()) if d.lower_ == "no"]
        if not negation or subject is None or subject.head != verb or extraposing(subject):
            continue
        speaker = speaker_of(ctx, verb, speech)
        if speaker is None or speaker.verb == verb:
            continue
        if negation[0].dep_ != "det" and not own_party(ctx, subject, speaker.actors):
            continue
        conceded = {t.i for c in verb.children if concessive(c) for t in c.subtree}
        # "there were no troops in Tigray": what is said to be absent is the troops in Tigray
        denied = subject if subject.dep_ == "attr" and any(c.dep_ == "expl" for c in verb.children) else verb
        charges = charges_in(ctx, verb) or [(None, disowned(negation[0]) or as_written(
            w for w in core_phrase(denied) if w not in negation and w.dep_ != "mark" and w.i not in conceded))]
        # "said there were no Eritrean troops in Tigray": denied on behalf of a party accused before
        confidence = ABSENT_PARTY_CONFIDENCE if negation[0].dep_ == "det" and accused_before(ctx, subject) \
            else OWN_ACTS_CONFIDENCE
        claims += denying(ctx, sentence, speaker.verb, confidence, list(speaker.actors), [], charges)
    return claims


def extraposing(subject: Token) -> bool:
    """ "it was not clear who ...", "it was not possible to verify": an "it" that stands for a clause."""
    verb = subject.head
    return subject.lower_ == "it" and any(c.dep_ in ("acomp", "attr") for c in verb.children) \
        and any(c.dep_ in ("ccomp", "xcomp", "csubj") for c in verb.children)


def accused_before(ctx: DocumentContext, phrase: Token) -> bool:
    """Whether a phrase names a party accused, or held responsible, earlier in the document."""
    accused = {c.target for c in ctx.claims if c.kind in (ClaimKind.ACCUSATION, ClaimKind.RESPONSIBILITY)}
    return bool(set(ctx.actors(phrase)) & accused)


def disowned(negation: Token) -> str | None:
    """ "said it had [nothing] to do with the bombing": what the speaker's side disowns is the bombing."""
    if negation.lower_ != "nothing":
        return None
    matter = next((g for clause in negation.children for p in clause.children if p.dep_ == "prep"
                   and p.lower_ == "with" for g in p.children if g.dep_ == "pobj"), None)
    return strip_article(as_written(core_phrase(matter))) if matter is not None else None


def concessive(word: Token) -> bool:
    """ "[despite the evidence]", "[in spite of a wealth of evidence]": what the speaker concedes is not denied."""
    return word.dep_ == "prep" and (word.lower_ == "despite" or (
        word.lower_ == "in" and any(c.lemma_.lower() == "spite" for c in word.children)))


def own_party(ctx: DocumentContext, subject: Token, speakers: tuple[str, ...]) -> bool:
    """ "we", "our soldiers", "its fighters", "the army" (of the speaking state): the speaker's side,
    as far as the words tell."""
    related = {a for speaker in speakers for a in ctx.related_actors(speaker)}
    forces = {*ctx.knowledge.lexicon.entities.armed_forces_nouns, *ctx.knowledge.lexicon.entities.armed_group_nouns}
    for word in (subject, *(c for c in subject.children if c.dep_ == "poss")):
        actors = ctx.actors(word)
        if (actors and set(actors) <= related) or word.lower_ in FIRST_PERSON:
            return True
        if word.dep_ == "poss" and not actors and word.pos_ == "PRON" and subject.lower_ in forces:
            return True  # "his forces", "its soldiers": the speaker's, unless a name says otherwise
    return False


def accused_instead(ctx: DocumentContext, subject: Token, denier: str) -> str:
    """ "HRW accuses M23 of torture. The group denied it": an accuser does not deny its own claim,
    so a reference ("the group", "it") that resolved to the latest accuser means the accused."""
    mention = ctx.mentions.get(subject.i)
    if mention is None or mention.kind != "reference":
        return denier
    before = subject.idx + ctx.document.body_start
    earlier = [c for c in ctx.claims if c.kind == ClaimKind.ACCUSATION and c.evidence.start < before]
    if earlier and earlier[-1].claimant == denier and earlier[-1].target:
        return earlier[-1].target
    return denier
