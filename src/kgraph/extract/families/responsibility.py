"""Responsibility: "X said Y was chiefly responsible for E", "Z played smaller roles", "X held Y responsible",
"X blamed E on Y", "X implicated Y in E", "X said Y carried out E" (a party's own claim of an event is
read in claimed.py)."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kgraph.extract.context import NAME_OR_DEMONYM, DocumentContext
from kgraph.extract.events import particular_act
from kgraph.extract.grammar import passive_agent
from kgraph.extract.speakers import (
    represented_by,
    speaker_of,
    subject_of,
    with_report,
)
from kgraph.records import Claim, ClaimKind


def responsibility(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """Every attribution of responsibility in a sentence, with the role the attributor gives."""
    lexicon = ctx.knowledge.lexicon.responsibility
    blaming, placing = lexicon.blaming_verbs, lexicon.event_then_party
    claims: list[Claim] = []
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.pos_ == "ADJ" and lemma in lexicon.adjectives:
            claims += from_responsible(ctx, sentence, token)
        elif token.pos_ == "VERB" and (lemma in blaming or lemma in placing):
            found = from_blame(ctx, sentence, token) if lemma in blaming else []
            claims += found or (from_placed_blame(ctx, sentence, token, placing[lemma]) if lemma in placing else [])
        elif token.pos_ == "VERB" and lemma in lexicon.party_then_event:
            claims += from_implicating(ctx, sentence, token, lexicon.party_then_event[lemma])
        elif token.pos_ == "VERB" and lemma in ctx.knowledge.lexicon.accusation.verbs:
            claims += from_accused_of_event(ctx, sentence, token)
        elif token.pos_ == "VERB" and lemma in lexicon.perpetration_verbs:
            claims += from_perpetration(ctx, sentence, token)
        elif token.pos_ == "ADP" and lemma in lexicon.behind_preps and token.head.lemma_ == "be":
            claims += from_behind(ctx, sentence, token)
        elif token.pos_ == "NOUN" and lemma in lexicon.role_nouns and token.head.lemma_.lower() in lexicon.role_verbs:
            role = role_from(ctx, token.children)
            if role:
                claims += attributed(ctx, sentence, token.head, subject_of(ctx, token.head), role, token.head)
    return claims


def from_responsible(ctx: DocumentContext, sentence: Span, adjective: Token) -> list[Claim]:
    """ "Y were (chiefly) responsible for E" under a reporting verb, or "X held Y responsible"."""
    role = role_from(ctx, adjective.children) or "responsible"
    holder = adjective.head
    holding = ctx.knowledge.lexicon.responsibility.holding_verbs
    if adjective.dep_ == "amod" and holder.dep_ == "dobj" and holder.head.lemma_.lower() in holding:
        # the parser's "held [the coalition responsible]" as a noun phrase
        return attributed(ctx, sentence, holder.head, holder, role, adjective,
                          claimants=ctx.actors(subject_of(ctx, holder.head)))
    if holder.lemma_.lower() in holding:
        # "held Y responsible", or the parser's small clause: "held [Y responsible]" (Y the adjective's subject)
        party = next((c for c in (*holder.children, *adjective.children) if c.dep_ in ("dobj", "nsubj")
                      and c.head == (holder if c.dep_ == "dobj" else adjective)), None)
        return attributed(ctx, sentence, holder, party, role, adjective, claimants=ctx.actors(subject_of(ctx, holder)))
    subject = subject_of(ctx, holder) if adjective.dep_ in ("acomp", "attr", "oprd") else None
    return attributed(ctx, sentence, holder, subject, role, adjective)


def from_blame(ctx: DocumentContext, sentence: Span, verb: Token) -> list[Claim]:
    """ "X blamed Y for the attack on Z", "for shelling the market", "Y was blamed by X for the attack"
    (an event; "blamed Y for war crimes" is an accusation)."""
    blamed_for = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"
                  for g in c.children if g.dep_ in ("pobj", "pcomp")]  # "for the shelling", "for shelling the market"
    event_nouns = ctx.knowledge.lexicon.events.nouns
    scope = next((g for g in blamed_for if ctx.event_in(g) or g.lower_ in event_nouns), None)
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    party = passive if passive is not None else next((c for c in verb.children if c.dep_ == "dobj"), None)
    if scope is None and not blamed_for and party is not None:
        # "X blamed Y and condemned the attack": blamed for nothing named, Y is blamed for the event at hand
        scope = next((t for t in sentence if is_event(ctx, t) and t not in party.subtree), None)
    if scope is None:
        return []
    blamers = ctx.actors(passive_agent(verb) if passive is not None else subject_of(ctx, verb))
    if party is not None and reciprocal(party):  # "X and Y blamed each other": each blames the other
        return [claim for blamer in blamers for claim in attributed(
            ctx, sentence, verb, None, "responsible", scope, claimants=[blamer], parties=[
                other for other in blamers if other not in ctx.related_actors(blamer)])]
    return attributed(ctx, sentence, verb, party, "responsible", scope, claimants=blamers)


def reciprocal(party: Token) -> bool:
    """ "each other", "one another": the parties blame one another."""
    return party.lower_ in ("other", "another") and any(c.lower_ in ("each", "one") for c in party.children)


def from_accused_of_event(ctx: DocumentContext, sentence: Span, verb: Token) -> list[Claim]:
    """ "X accused Y of the attack on Z", "X condemned Y for the strike": accused of an event, not of a
    charge (that is an accusation)."""
    preps = ctx.knowledge.lexicon.accusation.charge_preps
    scope = next((g for c in verb.children if c.dep_ == "prep" and c.lower_ in preps
                  for g in c.children if g.dep_ == "pobj" and is_event(ctx, g) and not is_charge(ctx, g)), None)
    condemned = next((c for c in verb.children if c.dep_ == "dobj"), None)
    condemning = verb.lemma_.lower() in ctx.knowledge.lexicon.responsibility.condemning_verbs
    if scope is None and condemning and condemned is not None and is_event(ctx, condemned) \
            and not is_charge(ctx, condemned):
        # "X condemned Y's strike on Z", "the Russian attack": the act's author is held responsible
        return attributed(ctx, sentence, verb, condemned, "responsible", condemned,
                          claimants=ctx.actors(subject_of(ctx, verb)))
    if scope is None:
        return []
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    party = passive if passive is not None else next((c for c in verb.children if c.dep_ == "dobj"), None)
    claimants = ctx.actors(passive_agent(verb) if passive is not None else subject_of(ctx, verb))
    return attributed(ctx, sentence, verb, party, "responsible", scope, claimants=claimants)


def from_placed_blame(ctx: DocumentContext, sentence: Span, verb: Token, preposition: str) -> list[Claim]:
    """ "X blamed E on Y", "E, which X blamed on Y", "E was attributed to Y by X"."""
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    scope = passive if passive is not None else next((c for c in verb.children if c.dep_ == "dobj"), None)
    if scope is not None and is_relative(scope) and verb.dep_ == "relcl":
        scope = event_above(ctx, verb.head)
    if scope is None or not is_event(ctx, scope):
        return []
    # the parser may hang "on Y" on the event's phrase or a place after it ("the strike on the station
    # on Russia", "the blast at the dam on Russia"): the last one that names a party
    party = next((g for w in reversed([*verb.subtree]) if w.dep_ == "prep" and w.lower_ == preposition
                  and w.i > scope.i for g in w.children if g.dep_ == "pobj" and parties_of(ctx, g)), None)
    claimants = ctx.actors(passive_agent(verb) if passive is not None else subject_of(ctx, verb))
    return attributed(ctx, sentence, verb, party, "responsible", scope, claimants=claimants)


def from_implicating(ctx: DocumentContext, sentence: Span, verb: Token, preposition: str) -> list[Claim]:
    """ "X implicated Y in E", "a video implicates Y in E, according to X", "Y was linked to E by X"."""
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    party = passive if passive is not None else next((c for c in verb.children if c.dep_ == "dobj"), None)
    scope = next((g for c in verb.children if c.dep_ == "prep" and c.lower_ == preposition
                  for g in c.children if g.dep_ == "pobj" and is_event(ctx, g)), None)
    if scope is None:
        return []
    claimants = ctx.actors(passive_agent(verb) if passive is not None else subject_of(ctx, verb))
    return attributed(ctx, sentence, verb, party, "responsible", scope, claimants=claimants)


def from_perpetration(ctx: DocumentContext, sentence: Span, verb: Token) -> list[Claim]:
    """ "X said Y carried out E", "E was carried out by Y, X said", "Y fighters killed 40 people in E":
    the subject (the agent of a passive) perpetrated the event, in the words of the clause's speaker."""
    if negated(verb) or verb.dep_ in ("amod", "compound"):
        return []
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    accusing = verb.head.head if verb.dep_ == "pcomp" else None  # "X accused Y of carrying out E"
    claimants = None
    if accusing is not None and accusing.lemma_.lower() in ctx.knowledge.lexicon.accusation.verbs:
        if accusing.lemma_.lower() in ctx.knowledge.lexicon.responsibility.blaming_verbs:
            return []  # "blamed Y for carrying out E" is read as blame
        accused = next((c for c in accusing.children if c.dep_ == "nsubjpass"), None)
        party = accused if accused is not None else next((c for c in accusing.children if c.dep_ == "dobj"), None)
        claimants = ctx.actors(passive_agent(accusing) if accused is not None else subject_of(ctx, accusing))
        done = next((c for c in verb.children if c.dep_ == "dobj"), None)
    elif passive is not None or verb.dep_ == "acl":
        party = passive_agent(verb)
        done = passive if passive is not None else verb.head  # "the attack carried out by Y"
    else:
        party = subject_of(ctx, verb)
        done = next((c for c in verb.children if c.dep_ == "dobj"), None)
    # a killing charged is an event too when the clause makes it a particular one ("carried out executions in
    # Merawi in late January", "committed the massacre in Ardamata")
    particular = done is not None and done.lemma_.lower() in ctx.knowledge.lexicon.responsibility.killing_nouns \
        and particular_act(ctx, verb, done)
    if done is not None and is_charge(ctx, done) and not particular:
        return []  # "carried out war crimes", "orchestrated attacks on civilians": an accusation
    event_preps = ctx.knowledge.lexicon.responsibility.event_preps
    placing = [*verb.children, *(done.children if done is not None else ())]  # "killed [60 people in E]"
    scope = done if done is not None and (particular or is_event(ctx, done)) else next(
        (g for c in placing if c.dep_ == "prep" and c.lower_ in event_preps
         for g in c.children if g.dep_ == "pobj" and is_event(ctx, g)), None)
    if scope is None and party is not None and party.dep_ == "pobj" and is_event(ctx, party):
        scope = party  # "the hospital was hit by an Israeli airstrike"
    if scope is None and done is not None and verb.lemma_.lower() in ctx.knowledge.lexicon.responsibility.attack_verbs \
            and any(word.pos_ == "PROPN" for word in done.subtree) \
            and done.lemma_.lower() not in ctx.knowledge.lexicon.responsibility.idiom_objects:
        scope = done  # "Y shelled the Olenivka prison": an attack on a named target is an event ("struck a deal" no)
    if scope is None and done is not None and verb.dep_ != "acl" \
            and done.lemma_.lower() in ctx.knowledge.lexicon.responsibility.weapon_nouns:
        # "the drones were launched by the RSF": the weapon's launcher did the attack the text is about
        # ("a rocket fired by Y", a phrase, is read through the act it caused)
        named = [t for t in ctx.doc[:sentence.end] if is_event(ctx, t)]  # an attack the text has named
        scope = next((t for t in named if t.sent == sentence), done if named and passive is not None else None)
    if party is None and passive is not None:
        party = scope  # "20 people were killed in an airstrike by the coalition", "in an Israeli airstrike"
    if scope is None and party is not None and done is not None and counted_victims(ctx, verb, done):
        return killing(ctx, sentence, verb, party, done, claimants)
    if scope is None or party is None or denied_by_speaker(ctx, verb):
        return []
    helping = verb.head if verb.dep_ in ("ccomp", "xcomp") else None  # "X has been helping Y carry out E"
    helpers = []
    if helping is not None and helping.lemma_.lower() in ctx.knowledge.lexicon.responsibility.helping_verbs:
        helpers = attributed(ctx, sentence, helping, subject_of(ctx, helping), "secondary", scope)
    return attributed(ctx, sentence, verb, party, "perpetrator", scope, claimants=claimants) + helpers


def counted_victims(ctx: DocumentContext, verb: Token, victims: Token) -> bool:
    """ "Y killed 40 villagers", "dozens of people were massacred by Y": a killing that counts its victims
    is an act in itself, though no event ("the attack") is named."""
    if verb.lemma_.lower() not in ctx.knowledge.lexicon.responsibility.killing_verbs:
        return False
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        return False  # "shelled the prison, killing 50": the killing belongs to the act already read
    counts = ctx.knowledge.lexicon.responsibility.victim_counts
    return victims.like_num or victims.lower_ in counts \
        or any(c.dep_ == "nummod" or c.lower_ in counts for c in victims.children)


def killing(ctx: DocumentContext, sentence: Span, verb: Token, party: Token, victims: Token,
            claimants: list[str] | None) -> list[Claim]:
    """The killing's perpetrator in the words of its speaker, unless the speaker is on the killer's side
    ("the army said its troops killed 30 fighters" is a report of combat, not an attribution)."""
    if denied_by_speaker(ctx, verb) or party.pos_ == "PRON":
        return []  # "it killed 12 people": "it" is as often the strike as its author
    if not claimants and (speaker := speaker_of(ctx, verb)) is not None:
        # a researcher or spokesperson voices their body's count of a killing: the body's finding
        claimants = [body for actor in speaker.actors for body in (represented_by(ctx, actor) or [actor])]
    found = attributed(ctx, sentence, verb, party, "perpetrator", victims, claimants=claimants)
    return [claim for claim in found if claim.target not in ctx.related_actors(claim.claimant)]


def from_behind(ctx: DocumentContext, sentence: Span, preposition: Token) -> list[Claim]:
    """ "X said Y was behind E": the subject of "be behind" an event perpetrated it."""
    # the event or one of its conjuncts: the parser may make a quoted adjective the object ("behind the
    # “extrajudicial” and “deliberate” killings" hangs "killings" as a conjunct of "extrajudicial")
    scope = next((e for g in preposition.children if g.dep_ == "pobj"
                  for e in (g, *g.conjuncts) if is_event(ctx, e)), None)
    if scope is None or negated(preposition.head) or denied_by_speaker(ctx, preposition.head):
        return []
    return attributed(ctx, sentence, preposition.head, subject_of(ctx, preposition.head), "perpetrator", scope)


def parties_of(ctx: DocumentContext, party: Token | None) -> list[str]:
    """The actors a phrase names, or the actor behind the instrument or act it names: "[a rocket fired
    by Y]", "[a failed launch by Y]", "[an Israeli airstrike]" (a demonym on an act names its author)."""
    if party is None or (actors := ctx.actors(party)):
        return actors if party is not None else []
    for child in party.children:
        if child.dep_ == "acl":
            deeper = passive_agent(child)
        elif child.dep_ == "prep" and child.lower_ == "by":
            deeper = next((g for g in child.children if g.dep_ == "pobj"), None)
        else:
            continue
        if deeper is not None and (actors := ctx.actors(deeper)):
            return actors
    if is_event(ctx, party):
        return [m.key for c in party.children if c.dep_ in ("amod", "compound", "poss")
                and (m := ctx.mentions.get(c.i)) and m.kind in NAME_OR_DEMONYM and m.key.startswith("actor/")]
    return []


def is_charge(ctx: DocumentContext, token: Token) -> bool:
    return any(span.start <= token.i < span.end for span in ctx.charges_near(token))


def denied_by_speaker(ctx: DocumentContext, verb: Token) -> bool:
    """ "Russia denied that its forces carried out E": a denial between the act and whoever reports it
    (the army that rejects "a report that said Y did E" does not deny what the report says)."""
    speaker = speaker_of(ctx, verb)
    denials = ctx.knowledge.lexicon.denial.verbs
    for above in verb.ancestors:
        if above.lemma_.lower() in denials:
            return True
        if speaker is not None and above == speaker.verb:
            return False
    return False


def is_event(ctx: DocumentContext, token: Token) -> bool:
    """Whether a noun names an event: an event mention, or an event noun ("the attack")."""
    mention = ctx.mentions.get(token.i)
    nouns = ctx.knowledge.lexicon.events.nouns  # by lemma or as written: "killings" is listed, its lemma is not
    return (mention is not None and mention.key.startswith("event/")) \
        or (token.pos_ in ("NOUN", "PROPN") and not nouns.isdisjoint((token.lemma_.lower(), token.lower_)))


def event_above(ctx: DocumentContext, head: Token) -> Token:
    """The event a relative clause describes: "the bombing of the theatre, which ..." hangs on "theatre"."""
    if not is_event(ctx, head) and head.dep_ == "pobj" and is_event(ctx, head.head.head):
        return head.head.head
    return head


def is_relative(token: Token) -> bool:
    return token.tag_ in ("WDT", "WP")


def negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def attributed(ctx: DocumentContext, sentence: Span, verb: Token, party: Token | None, role: str,
               scope: Token, claimants: list[str] | None = None, parties: list[str] | None = None) -> list[Claim]:
    """One claim per claimant (the given ones, else the clause's speaker) and party other than itself
    ("the army said it carried out E" is left out: "it" is too often the speaker by mistake)."""
    speaker = speaker_of(ctx, verb)
    claimants = claimants or (list(speaker.actors) if speaker else [])
    parties = parties if parties is not None else parties_of(ctx, party)
    event = ctx.event_in(scope) or ctx.principal_event()
    return [
        with_report(ctx, ctx.claim(ClaimKind.RESPONSIBILITY, sentence, verb, 0.8, claimant=claimant, target=target,
                                  role=role, event=event), speaker)
        for claimant in claimants for target in parties if claimant != target
    ]


def role_from(ctx: DocumentContext, words) -> str | None:
    """chief, secondary, planner... from "chiefly", "smaller", "leading" and the like."""
    roles = ctx.knowledge.lexicon.responsibility.roles
    for word in words:
        for role, markers in roles.items():
            if word.lower_ in markers:
                return role
    return None
