"""Who says what: the subject of a verb, the speaker of a clause ("X said", "according to X",
"..., X said", the speaker of a quotation, the publisher of the document), and whose accusation a
noun is ("its accusation", "accusations by X").
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from kgraph.extract.context import DocumentContext, MentionKind
from kgraph.extract.grammar import SHARED_SUBJECT_DEPS, passive_agent
from kgraph.records import Claim

RELATIVE_TAGS = {"WDT", "WP"}  # "that", "which", "who" opening a relative clause


@dataclass(frozen=True)
class Speaker:
    """Who a clause is attributed to, and the report it was stated in."""

    actors: tuple[str, ...]
    report: str | None
    verb: Token
    voice: bool = False  # the document's own voice: said on the day it was published


def subject_of(ctx: DocumentContext, verb: Token) -> Token | None:
    """The subject of a verb, shared down conjoined and participial clauses; an acl's noun.

    Of two subjects (a dateline parsed as one: "THE HAGUE, ... — The SLA accused"), the actor.
    """
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects and verb.dep_ == "relcl" and subjects[-1].tag_ in RELATIVE_TAGS:
        return verb.head  # "a report that said ...": the report says it
    if subjects:
        return named_in_apposition(ctx, next((c for c in reversed(subjects) if ctx.actor_at(c)), subjects[-1]))
    if verb.dep_ == "xcomp" and (controller := next((c for c in verb.head.children if c.dep_ == "dobj"), None)):
        return controller  # "enabling them to commit abuses", "ordered troops to fire": the object acts
    if verb.dep_ == "conj" and verb.head.dep_ == "xcomp":
        return subject_of(ctx, verb.head.head)  # "urged Y to release them and called for Z": the parser's
        # conjunct of the xcomp is more often the main verb's
    if verb.dep_ in SHARED_SUBJECT_DEPS and verb.head != verb:
        return subject_of(ctx, verb.head)
    if verb.dep_ == "dep" and verb.pos_ == "VERB" and verb.head.pos_ == "VERB" and verb.head.i < verb.i:
        return subject_of(ctx, verb.head)  # "abducted, detained, tortured ...": the parser's list item
    if verb.dep_ == "acl":
        return verb.head
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.head.pos_ in ("VERB", "AUX"):
        return subject_of(ctx, verb.head.head)  # "Y committed a massacre by bombing the market": Y bombed it
    return trailing_speaker(ctx, verb)


def trailing_speaker(ctx: DocumentContext, verb: Token) -> Token | None:
    """ "Y shelled the city of Z, Human Rights Watch said": the parser often hangs the speaker on the
    name before the comma (as its conjunct or apposition) and leaves the reporting verb without one."""
    if verb.i == 0 or verb.lemma_.lower() not in ctx.knowledge.lexicon.reported_speech.verbs:
        return None
    noun = verb.doc[verb.i - 1]
    if noun.pos_ not in ("PROPN", "NOUN") or noun.dep_ not in ("conj", "appos") or noun.head.i > noun.i:
        return None
    start = min(t.i for t in noun.subtree)
    return noun if start > 0 and verb.doc[start - 1].text == "," else None


def named_in_apposition(ctx: DocumentContext, subject: Token) -> Token:
    """ "the government's information minister, X, blamed": the person named beside a role speaks
    (the body they speak for follows from the person, see spoken_for)."""
    person = next((c for c in subject.children if c.dep_ == "appos" and (mention := ctx.mentions.get(c.i))
                   and mention.kind == MentionKind.NAME and mention.key.startswith("actor/")
                   and ctx.type_of(mention.key) == "Person"), None)
    return person if person is not None and ctx.actor_at(subject) != ctx.actor_at(person) else subject


def speaker_of(ctx: DocumentContext, token: Token, verbs: frozenset[str] | None = None) -> Speaker | None:
    """Who says the clause a token stands in: the nearest reporting verb above it, "according to",
    a reporting verb after the clause; else who spoke the quotation it stands in; else, in a
    publisher's own document, the publisher.

    News media that report a clause only relay it ("X accused Y, the AP reported", "N were killed,
    Reuters reported"): they are never its speakers.
    """
    verbs = verbs or ctx.knowledge.lexicon.reported_speech.verbs
    return (stated_speaker(ctx, token, verbs) or parenthetical_speaker(ctx, token.sent.root, verbs)
            or quoted_speaker(ctx, token) or document_voice(ctx, token, verbs))


def stated_speaker(ctx: DocumentContext, token: Token, verbs: frozenset[str]) -> Speaker | None:
    """The nearest reporting verb above a token with an actor for subject, or "according to X"."""
    current: Token | None = token
    while current is not None:
        # "killed 73 and injured 52, according to WHO": the source hung on the last conjunct is the whole's
        source = according_to(ctx, current) or next(
            (found for c in current.children if c.dep_ == "conj" and c.pos_ == "VERB"
             and (found := according_to(ctx, c)) is not None), None)
        if source is not None and (actors := speaking(ctx, source_actors(ctx, source))):
            return Speaker(tuple(actors), ctx.report_at(source), current)
        if current != token and current.lemma_.lower() in verbs and current.pos_ in ("VERB", "AUX"):
            if speaker := speaker_as_subject(ctx, current):
                return speaker
        current = current.head if current.head != current else None
    return None


def according_to(ctx: DocumentContext, word: Token) -> Token | None:
    """X of "according to X" hung on a word."""
    according = ctx.knowledge.lexicon.reported_speech.according_to
    preps = [child for child in word.children if child.dep_ == "prep" and child.lower_ in according]
    # "according to [residents'] [testimonies] cited by X": the parser may hang the source's head on
    # "according" itself and its owner under "to"; the head says who gave it
    return next((c for prep in preps for c in prep.children if c.dep_ == "pobj"), None) or next(
        (g for prep in preps for c in prep.children for g in c.children if g.dep_ == "pobj"), None)


def source_actors(ctx: DocumentContext, source: Token) -> list[str]:
    """Who "according to" or "based on" names: the actors themselves, or whoever gave, compiled or
    collected the source ("a tally given by the army", "testimonies collected by HRW", "a tally by
    X", "figures from X")."""
    return ctx.actors(source) or [a for clause in source.children if clause.dep_ == "acl"
                                  for a in ctx.actors(passive_agent(clause))] or [
        a for p in source.children if p.dep_ == "prep" and p.lower_ in ("by", "from")
        for g in p.children if g.dep_ == "pobj" for a in ctx.actors(g)]


def quoted_speaker(ctx: DocumentContext, token: Token) -> Speaker | None:
    """Whoever the text says spoke the quotation a token stands in, sentences away included."""
    actors = ctx.quoted.get(token.i)
    return Speaker(actors, None, token.sent.root) if actors else None


def document_voice(ctx: DocumentContext, token: Token, verbs: frozenset[str]) -> Speaker | None:
    """The publisher, for a clause its own document states outside quotations, unless someone else is
    said to say it: "the army said" (a speaker not recognised as an actor) is not the publisher's
    word, nor is what "the resolution demanded" or "rights groups accused", while "witnesses said"
    and "according to survivors" are what the publisher relays."""
    if ctx.voice is None or token.i in ctx.quoted:
        return None
    lexicon = ctx.knowledge.lexicon
    informants = lexicon.voice.informants
    speech_acts = verbs | lexicon.accusation.verbs | lexicon.appeal.verbs | lexicon.denial.verbs
    root = token.sent.root
    above = [token, *token.ancestors]
    sources = [according_to(ctx, word) for word in above]
    sources += [subject_of(ctx, word) for word in above[1:]
                if word.lemma_.lower() in verbs and word.pos_ in ("VERB", "AUX")]
    if token.lemma_.lower() in speech_acts and token.pos_ in ("VERB", "AUX"):
        sources.append(subject_of(ctx, token))  # the verb's own subject says, demands or accuses
    sources += [subject_of(ctx, child) for child in root.children if child.dep_ in ("parataxis", "ccomp")
                and child.i > root.i and child.lemma_.lower() in verbs]
    # "We call on the authorities to ...": outside quotations, the publisher's "we" is the publisher
    if any(source is not None and source.lemma_.lower() not in informants and not first_person(source)
           and ctx.actor_at(source) not in ctx.related_actors(ctx.voice) for source in sources):
        return None
    return Speaker((ctx.voice,), None, root, voice=True)


def first_person(word: Token) -> bool:
    """ "we documented", "our staff found": outside quotations, the publisher of its own release speaks."""
    return word.lower_ in ("we", "us") or any(c.dep_ == "poss" and c.lower_ == "our" for c in word.children)


def speaking(ctx: DocumentContext, actors: list[str]) -> list[str]:
    """The actors that make claims of their own when they say something (news media relay); the body
    a person speaks for joins their claims afterwards (spoken_for)."""
    return [a for a in actors if ctx.type_of(a) != "MediaOrganisation"]


def spoken_for(ctx: DocumentContext, claims: list[Claim]) -> list[Claim]:
    """Each claim a person makes, followed by the same claim of the body they speak for, where no
    family gave it already: "M23 spokesman X denied ..." is M23's denial too."""
    made = set(claims)
    result: list[Claim] = []
    for claim in claims:
        result.append(claim)
        for body in represented_by(ctx, claim.claimant) if claim.claimant else []:
            if body != claim.target and (also := replace(claim, claimant=body)) not in made:
                made.add(also)
                result.append(also)
    return result


def represented_by(ctx: DocumentContext, key: str) -> list[str]:
    """The organisation, government body or armed group a person speaks for, if the text names one."""
    if ctx.type_of(key) != "Person":
        return []
    parent = ctx.drafts[key].extra.get("part_of")
    return [parent] if parent and ctx.family_of(parent) in ("Organisation", "ArmedGroup") else []


def speaker_as_subject(ctx: DocumentContext, verb: Token) -> Speaker | None:
    """The subject of a reporting verb as a speaker; or an apposition the parser hung on a subject it
    took from the quotation ("934 killings ..., Jane Doe, a spokeswoman, said": Jane Doe speaks)."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    subject = passive_agent(verb) if passive else subject_of(ctx, verb)  # "bodies were found": by no one named
    if subject is None:
        return None
    appositions = [c for c in subject.children if c.dep_ == "appos"]
    # "a tally by the ministry showed", "figures from the UN show": who gave the tally speaks through it
    givers = [g for p in subject.children if p.dep_ == "prep" and p.lower_ in ("by", "from")
              for g in p.children if g.dep_ == "pobj"] if not ctx.actors(subject) else []
    for candidate in (subject, *appositions, *role_holder_of(subject, ctx.knowledge.lexicon.speakers.role_nouns),
                      *givers):
        if actors := speaking(ctx, ctx.actors(candidate)):
            return Speaker(tuple(actors), ctx.report_at(candidate), verb)
    return None


def role_holder_of(role: Token, role_nouns: frozenset[str]) -> list[Token]:
    """ "a spokesman [for the army]", "the head [of the ministry]": whom someone in a role speaks for."""
    if role.lemma_.lower() not in role_nouns:
        return []
    return [g for p in role.children if p.dep_ == "prep" and p.lower_ in ("for", "of") for g in p.children
            if g.dep_ == "pobj"]


def parenthetical_speaker(ctx: DocumentContext, root: Token, verbs: frozenset[str]) -> Speaker | None:
    """ "Y was responsible, HRW said": the reporting verb hangs below the clause it reports (as a
    conjunct when only a comma joins them: "Y killed 13 people, X said")."""
    for child in root.children:
        if child.i > root.i and child.lemma_.lower() in verbs and (child.dep_ in ("parataxis", "ccomp") or (
                child.dep_ == "conj" and not any(c.dep_ == "cc" for c in root.children if root.i < c.i < child.i))):
            if speaker := speaker_as_subject(ctx, child):
                return speaker
    return None


def with_report(ctx: DocumentContext, claim: Claim, speaker: Speaker | None) -> Claim:
    """A reported claim takes the report it was stated in, and the date of its saying."""
    if speaker is None:
        return claim
    if speaker.voice:  # a release says what it says on the day it is published
        published = ctx.document.date
        return replace(claim, date=published.isoformat() if published else claim.date)
    said = ctx.dates.claim_date(speaker.verb)
    return replace(claim, report=speaker.report or claim.report, date=said or claim.date)


def accuser_of_noun(ctx: DocumentContext, noun: Token) -> list[str]:
    """Whose accusation: "its"/"Amnesty's", "by X", or the subject of "X repeated its accusation"."""
    for child in noun.children:
        if child.dep_ == "poss" and (owner := ctx.actors(child)):
            return owner
        if child.dep_ == "prep" and child.lower_ == "by":
            return [a for g in child.children if g.dep_ == "pobj" for a in ctx.actors(g)]
    if noun.dep_ in ("dobj", "nsubjpass") and not under_denial(ctx, noun):
        return ctx.actors(subject_of(ctx, noun.head))
    return []


def under_denial(ctx: DocumentContext, token: Token) -> bool:
    """Whether a word stands under a verb that denies ("rejected", or "denounced [the report]")."""
    lexicon = ctx.knowledge.lexicon.denial
    denials = lexicon.verbs | (lexicon.claim_condemning_verbs if token.lemma_.lower() in lexicon.claim_nouns
                               else frozenset())
    return any(a.lemma_.lower() in denials for a in token.ancestors)


def issuers(ctx: DocumentContext, subject: Token | None) -> list[str]:
    """Who speaks through a document that appeals or accuses: "the council adopted a resolution calling
    on Y" (the council), "a statement by X urging Y" (X), "X filed a case accusing Y" (X)."""
    if subject is None:
        return []
    actors = ctx.actors(subject)
    lexicon = ctx.knowledge.lexicon
    documents = lexicon.appeal.documents | lexicon.reports.nouns | lexicon.accusation.legal.nouns
    if actors or subject.lemma_.lower() not in documents:
        return actors
    by = next((g for c in subject.children if c.dep_ == "prep" and c.lower_ == "by"
               for g in c.children if g.dep_ == "pobj"), None) or next(
        (agent for c in subject.children if c.dep_ == "acl" and (agent := passive_agent(c))), None)  # "filed by X"
    if by is not None:
        return ctx.actors(by)
    return ctx.actors(subject_of(ctx, subject.head)) if subject.dep_ == "dobj" else []
