"""What a document's words refer to: actor mentions, speakers and dates, with the coreference
(references.py), reports and events (events.py) they are read with.

The claim families (accusations.py, denials.py, ...) read a parsed document through this one object,
so each family is only the grammar of its own claims.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from kgraph.extract.events import read_events, read_reports
from kgraph.extract.references import resolve_references
from kgraph.ingest.dates import full_date, normalise_date, relative_date
from kgraph.ingest.naming import slug, strip_article
from kgraph.knowledge import Knowledge
from kgraph.nlp import ARMED_FORCES, ARMED_GROUPS, DEMONYM, GOVERNMENT
from kgraph.records import Claim, Document, Entity, Evidence
from kgraph.vocab import ENTITY_CLASSES

NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "LANGUAGE", "LAW",
             "WORK_OF_ART", "PRODUCT"}
MODALS = {"could", "may", "might", "would"}  # "could amount to": a possibility, not an assertion
ACTOR_FAMILIES = {"Organisation", "ArmedGroup", "State", "GovernmentBody", "Person"}
# Clause links across which a subject is shared: "X charged Y ..., detailing Z" (Z's subject is X).
SHARED_SUBJECT_DEPS = {"conj", "advcl", "xcomp"}


@dataclass(frozen=True)
class Mention:
    """A stretch of tokens that names (or refers back to) an entity."""

    start: int
    end: int
    key: str
    kind: str = "name"  # name, reference (descriptor or pronoun), attribute (demonym), report, event


@dataclass(frozen=True)
class Speaker:
    """Who a clause is attributed to, and the report it was stated in."""

    actors: tuple[str, ...]
    report: str | None
    verb: Token


@dataclass
class Draft:
    """An entity as it is being read; becomes an Entity at the end of the document."""

    key: str
    label: str
    type: str
    aliases: set[str] = field(default_factory=set)
    extra: dict = field(default_factory=dict)
    count: int = 0


class DocumentContext:
    """Entities and references of one parsed document."""

    def __init__(self, document: Document, doc: Doc, knowledge: Knowledge) -> None:
        self.document, self.doc, self.knowledge = document, doc, knowledge
        self.drafts: dict[str, Draft] = {}
        self.mentions: dict[int, Mention] = {}  # token index -> mention covering it
        self.groups: dict[int, list[str]] = {}  # plural reference token -> the listed actors it means
        self.claims: list[Claim] = []  # claims read so far, in sentence order
        self.sentence_number = {s.start: n for n, s in enumerate(doc.sents)}
        self.date_entities = {i: ent for ent in doc.ents if ent.label_ == "DATE" for i in range(ent.start, ent.end)}
        self._charges_by_sentence: dict[int, list[Span]] = {}
        for span in doc.spans.get("charges", []):  # indexed once: a scan of the whole doc per claim is quadratic
            self._charges_by_sentence.setdefault(span[0].sent.start, []).append(span)
        self.known_years = self._stated_years()
        self._read_names()
        resolve_references(self)
        read_reports(self)
        read_events(self)

    # --- entities -------------------------------------------------------------------------

    def entities(self) -> tuple[Entity, ...]:
        """Every entity this document mentions, sorted by key."""
        return tuple(
            Entity(key=d.key, label=d.label, type=d.type, aliases=tuple(sorted(d.aliases - {d.label})),
                   docs=(self.document.id,), **d.extra)
            for d in sorted(self.drafts.values(), key=lambda d: d.key)
        )

    def family_of(self, key: str) -> str:
        return ENTITY_CLASSES[self.drafts[key].type][0]

    def add(self, key: str, label: str, type_: str, alias: str | None = None, **extra) -> str:
        draft = self.drafts.get(key)
        if draft is None:
            draft = self.drafts[key] = Draft(key, label, type_, extra={k: v for k, v in extra.items() if v})
        if alias:
            draft.aliases.add(alias)
        draft.count += 1
        return key

    def named_again(self, key: str, alias: str) -> str:
        """One more mention of a known entity, under an alias."""
        draft = self.drafts[key]
        return self.add(key, draft.label, draft.type, alias)

    def mark(self, start: int, end: int, key: str, kind: str) -> None:
        mention = Mention(start, end, key, kind)
        for index in range(start, end):
            self.mentions[index] = mention

    def _add_gazetteer_actor(self, actor_id: str, alias: str | None = None) -> str:
        actor = self.knowledge.actors[actor_id]
        parent = self._add_gazetteer_actor(actor.part_of) if actor.part_of else None
        if parent:
            self.drafts[parent].count -= 1  # a parent named through its part is not mentioned itself
        family = "place" if actor.type == "Place" else "actor"
        return self.add(f"{family}/{actor.id}", actor.label, actor.type, alias, wikidata=actor.wikidata,
                        part_of=parent)

    def _read_names(self) -> None:
        """Names from the entity ruler (gazetteer, demonym phrases) and the statistical NER.

        "the Sudan Liberation Army (SLA)" defines SLA for the rest of the document.
        """
        acronyms: dict[str, str] = {}
        for ent in self.doc.ents:
            if ent.label_ in NOT_NAMES:
                continue
            surface = strip_article(ent.text)
            if surface in acronyms:
                key, kind = self.named_again(acronyms[surface], surface), "name"
            else:
                key, kind = self._entity_for(ent)
            if key:
                self.mark(ent.start, ent.end, key, kind)
            if key and kind == "name" and (acronym := self._acronym_after(ent)):
                acronyms[acronym.text] = key
                self.drafts[key].aliases.add(acronym.text)
                self.mark(acronym.i, acronym.i + 1, key, "name")
        for token in self.doc:  # a defined acronym the NER did not tag
            if token.text in acronyms and token.i not in self.mentions:
                self.named_again(acronyms[token.text], token.text)
                self.mark(token.i, token.i + 1, acronyms[token.text], "name")
        self._read_speaker_affiliations()

    def _acronym_after(self, ent: Span) -> Token | None:
        """The X of "Name (X)" when X is an upper-case acronym."""
        if ent.end + 2 >= len(self.doc):
            return None
        opening, acronym, closing = self.doc[ent.end], self.doc[ent.end + 1], self.doc[ent.end + 2]
        if opening.text != "(" or closing.text != ")" or acronym.ent_id_:
            return None
        initials = [word[0] for word in ent.text.split() if word[0].isupper()]
        # "Sudan Liberation Army (SLA)", not a dateline's "Netherlands (AP)"
        if acronym.text.isupper() and 2 <= len(acronym.text) <= 8 and initials and acronym.text[0] == initials[0]:
            return acronym
        return None

    def _entity_for(self, ent: Span) -> tuple[str | None, str]:
        surface = strip_article(ent.text)
        ent_id = ent.ent_id_
        if ent_id.startswith("actor:"):
            return self._add_gazetteer_actor(ent_id[6:], surface), "name"
        for prefix in (GOVERNMENT, ARMED_FORCES, ARMED_GROUPS, DEMONYM):
            if ent_id.startswith(prefix):
                return self._state_phrase(prefix, ent_id[len(prefix):], ent, surface)
        if ent.label_ == "PERSON":
            return self._person(ent, surface), "name"
        if (person := self._named_person(surface)) is not None:  # "Kostin" after "Andriy Kostin", though tagged a place
            return self.named_again(person, surface), "name"
        if ent.label_ == "ORG":
            return self.add(f"actor/{slug(surface)}", surface, self._guess_type(ent), surface), "name"
        if ent.label_ in ("GPE", "LOC", "FAC"):
            return self.add(f"place/{slug(surface)}", surface, "Place", surface), "name"
        if ent.label_ == "EVENT":
            return None, "event"  # read with the other events, which need dates and places
        return None, "name"

    def _state_phrase(self, prefix: str, state_id: str, ent: Span, surface: str) -> tuple[str, str]:
        state = self.knowledge.actors[state_id]
        state_key = self._add_gazetteer_actor(state_id)
        if prefix == DEMONYM:
            return state_key, "attribute"
        if prefix == GOVERNMENT:
            key = self.add(f"actor/government-of-{state.id}", f"Government of {state.label}", "GovernmentBody",
                           surface, part_of=state_key)
        elif prefix == ARMED_FORCES:
            key = self.add(f"actor/armed-forces-of-{state.id}", f"Armed forces of {state.label}", "ArmedForces",
                           surface, part_of=state_key)
        else:  # fighters of a nationality are not part of its state
            self.drafts[state_key].count -= 1
            demonym = ent[0].text
            key = self.add(f"actor/{slug(demonym)}-armed-groups", f"{demonym} armed groups", "ArmedGroup", surface)
        return key, "name"

    def _person(self, ent: Span, surface: str) -> str:
        """A person; a later surname alone ("Kazarama") is the same person as the full name."""
        person = self._named_person(surface)
        if person is not None:
            return self.named_again(person, surface)
        return self.add(f"actor/{slug(surface)}", surface, "Person", surface)

    def _named_person(self, surface: str) -> str | None:
        """The person named already whose full name is, or ends in, these words."""
        for draft in self.drafts.values():
            if draft.type == "Person" and (draft.label.endswith(" " + surface) or surface == draft.label):
                return draft.key
        return None

    def _guess_type(self, ent: Span) -> str:
        """A class for a name the gazetteer lacks, from its last words ("... Brigades" is an armed group,
        "Amhara militias" are fighters)."""
        lexicon = self.knowledge.lexicon["entities"]
        ending = ent.text.lower()
        if any(ending.endswith(" " + noun) for noun in lexicon["unknown_fighter_nouns"]):
            return "ArmedGroup"
        for type_, heads in lexicon["name_heads"].items():
            if ent[-1].text in heads:
                return type_
        return "Organisation"

    def _read_speaker_affiliations(self) -> None:
        """ "M23 spokesman Vianney Kazarama": the person speaks for M23 (kg:partOf)."""
        role_nouns = self.knowledge.words("speakers", "role_nouns")
        for mention in sorted(set(self.mentions.values()), key=lambda m: (m.start, m.end)):  # first one wins
            if mention.kind != "name" or self.drafts[mention.key].type != "Person":
                continue
            head = self.doc[mention.start:mention.end].root
            for word in list(head.children) + [head.head]:
                if word.lemma_.lower() not in role_nouns:
                    continue
                for qualifier in [*word.children, *(c for p in word.children if p.dep_ == "prep" for c in p.children)]:
                    parent = self.mentions.get(qualifier.i)
                    if parent and parent.kind in ("name", "attribute") and parent.key.startswith("actor/") \
                            and self.family_of(parent.key) in ACTOR_FAMILIES - {"Person"}:
                        self.drafts[mention.key].extra.setdefault("part_of", parent.key)

    def is_definite(self, token: Token, articles: tuple[str, ...] | None = None) -> bool:
        """ "the group", "a rebel group", "The U.S.-based group"; not a bare plural ("groups")."""
        return any(c.dep_ in ("det", "poss") and (articles is None or c.lower_ in articles) for c in token.children)

    def date_text(self, token: Token) -> str | None:
        """The DATE entity a token belongs to, as text."""
        ent = self.date_entities.get(token.i)
        return ent.text if ent is not None else None

    def _stated_years(self) -> dict[tuple[int, int], int]:
        """(month, day) -> year for every full date in the document ("7 October 2023")."""
        years = {}
        for ent in self.doc.ents:
            if ent.label_ == "DATE" and (full := full_date(ent.text)):
                years[(full.month, full.day)] = full.year
        return years

    # --- what the claim families ask --------------------------------------------------------

    def actors(self, token: Token | None) -> list[str]:
        """Actor keys named by the phrase a token heads, its conjuncts included ("X and Y")."""
        if token is None:
            return []
        keys: list[str] = []
        for word in [token, *token.conjuncts, *self._hung_inside_name(token), *self._listed_before(token)]:
            for key in self.groups.get(word.i) or [self.actor_at(word)]:
                if key and key not in keys:
                    keys.append(key)
        return keys

    def _hung_inside_name(self, token: Token) -> list[Token]:
        """Conjuncts the parser hung on a word inside a multi-word name: "[the Committee to Protect
        Journalists] and Amnesty International" joins Amnesty to "Journalists"."""
        mention = self.mentions.get(token.i)
        if mention is None or mention.kind != "name":
            return []
        return [conjunct for word in self.doc[mention.start:mention.end] if word.i != token.i
                for conjunct in word.conjuncts if not mention.start <= conjunct.i < mention.end]

    def _listed_before(self, token: Token) -> list[Token]:
        """Names listed right before a name ("Amnesty International and [Human Rights Watch]"), for
        when the parser hangs a list of multi-word names together wrongly."""
        mention = self.mentions.get(token.i)
        listed: list[Token] = []
        while mention is not None and mention.kind == "name":
            before = mention.start - 1
            while before >= 0 and self.doc[before].lower_ in (",", "and"):
                before -= 1
            if before == mention.start - 1 or before < 0:
                break
            mention = self.mentions.get(before)
            if mention is not None and mention.kind == "name" and mention.key.startswith("actor/"):
                listed.append(self.doc[before])
        return listed

    def actor_at(self, token: Token) -> str | None:
        """The actor a token names: itself, or a report's publisher, or an owner ("Amnesty positions")."""
        mention = self.mentions.get(token.i)
        if mention and mention.kind in ("name", "reference") and mention.key.startswith("actor/"):
            return mention.key
        if mention and mention.kind == "report":
            return self.drafts[mention.key].extra.get("published_by")
        others = self.knowledge.words("entities", "others_than_owner")
        if token.pos_ in ("NOUN", "PROPN") and not any(  # "Russia's defence ministry", "Amnesty positions"
                word.lemma_.lower() in others for word in (token, *token.children) if word.dep_ != "poss"):
            for child in token.children:
                owner = self.mentions.get(child.i)
                if child.dep_ in ("compound", "poss", "nmod") and owner and owner.key.startswith("actor/") \
                        and owner.kind in ("name", "reference"):
                    return owner.key
        return None

    def related_actors(self, key: str | None) -> set[str]:
        """Every actor under the same top-level actor: a spokesman speaks for his group, a state's army
        denies what its government was accused of."""
        if key is None:
            return set()
        top = self.top_actor(key)
        return {key} | {other for other in self.drafts if self.top_actor(other) == top}

    def top_actor(self, key: str) -> str:
        seen = {key}
        while (parent := self.drafts[key].extra.get("part_of") if key in self.drafts else None) and parent not in seen:
            seen.add(parent)
            key = parent
        return key

    def report_at(self, token: Token) -> str | None:
        mention = self.mentions.get(token.i)
        return mention.key if mention and mention.kind == "report" else None

    def subject_of(self, verb: Token) -> Token | None:
        """The subject of a verb, shared down conjoined and participial clauses; an acl's noun.

        Of two subjects (a dateline parsed as one: "THE HAGUE, ... — The SLA accused"), the actor.
        """
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            return next((c for c in reversed(subjects) if self.actor_at(c)), subjects[-1])
        if verb.dep_ in SHARED_SUBJECT_DEPS and verb.head != verb:
            return self.subject_of(verb.head)
        if verb.dep_ == "acl":
            return verb.head
        return None

    def speaker(self, token: Token, verbs: frozenset[str] | None = None, media: bool = False) -> Speaker | None:
        """Who says the clause a token stands in: the nearest reporting verb above it, or "according to".

        News media that report a clause only relay it ("X accused Y, the AP reported"); they are
        speakers only when asked for (`media`: a news agency can be the source of a figure).
        """
        verbs = verbs or self.knowledge.words("reported_speech", "verbs")
        current: Token | None = token
        while current is not None:
            for child in current.children:
                if child.dep_ == "prep" and child.lower_ == "according":
                    source = next((g for c in child.children for g in c.children if g.dep_ == "pobj"), None)
                    if source is not None and (actors := self.speaking(self.actors(source), media)):
                        return Speaker(tuple(actors), self.report_at(source), current)
            if current != token and current.lemma_.lower() in verbs and current.pos_ in ("VERB", "AUX"):
                subject = self.subject_of(current)
                if subject is not None and (actors := self.speaking(self.actors(subject), media)):
                    return Speaker(tuple(actors), self.report_at(subject), current)
            current = current.head if current.head != current else None
        return self._parenthetical_speaker(token.sent.root, verbs, media)

    def speaking(self, actors: list[str], media: bool = False) -> list[str]:
        """The actors that make claims of their own when they say something (news media relay)."""
        return actors if media else [a for a in actors if self.drafts[a].type != "MediaOrganisation"]

    def _parenthetical_speaker(self, root: Token, verbs: frozenset[str], media: bool) -> Speaker | None:
        """ "Y was responsible, HRW said": the reporting verb hangs below the clause it reports."""
        for child in root.children:
            if child.dep_ in ("parataxis", "ccomp") and child.i > root.i and child.lemma_.lower() in verbs:
                subject = self.subject_of(child)
                if subject is not None and (actors := self.speaking(self.actors(subject), media)):
                    return Speaker(tuple(actors), self.report_at(subject), child)
        return None

    def event_in(self, token: Token) -> str | None:
        """The first event mentioned in the phrase a token heads."""
        for word in token.subtree:
            mention = self.mentions.get(word.i)
            if mention and mention.key.startswith("event/"):
                return mention.key
        return None

    def principal_event(self) -> str | None:
        events = [d for d in self.drafts.values() if d.type == "Event"]
        return max(events, key=lambda d: d.count).key if events else None

    def date_of(self, token: Token) -> str | None:
        """When a claim was made: a date on its verb ("said last month"), a date relative to the
        article anywhere in its clause ("charged ... for the 2023 assault on Thursday"), or the
        article's date for a claim in the present tense ("HRW accuses", "has denied")."""
        for verb in (token, token.head):
            for child in verb.children:
                words = [child, *(c for c in child.children if c.dep_ == "pobj")] if child.dep_ == "prep" else [child]
                for word in words:
                    text = self.date_text(word)
                    if text and child.dep_ in ("npadvmod", "prep", "tmod", "advmod"):
                        return normalise_date(text, self.document.date, self.known_years)
        if self.document.date is None:
            return None
        for word in token.subtree:
            if (text := self.date_text(word)) and (said := relative_date(text, self.document.date)):
                return said
        if self._present_tense(token):
            return self.document.date.isoformat()
        return None

    def _present_tense(self, token: Token) -> bool:
        verb = token if token.pos_ in ("VERB", "AUX") else token.head
        if verb.tag_ in ("VBZ", "VBP"):
            return True
        return verb.tag_ in ("VBN", "VBG") and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in verb.children)

    def evidence(self, sentence: Span) -> Evidence:
        """The sentence as evidence, with offsets into the document's full text."""
        text = sentence.text
        lead = len(text) - len(text.lstrip())
        quote = text.strip()
        start = self.document.body_start + sentence.start_char + lead
        return Evidence(self.document.id, start, start + len(quote), quote)

    def status_of(self, verb: Token) -> str:
        """negated ("did not accuse"), possible ("could amount to"), or asserted."""
        for word in (verb, verb.head):
            for child in word.children:
                if child.dep_ == "neg":
                    return "negated"
                if child.dep_ == "aux" and child.lower_ in MODALS:
                    return "possible"
            if word.dep_ not in ("xcomp", "ccomp"):
                break
        return "asserted"

    def _hedged(self, sentence: Span, charge_text: str | None, trigger: Token) -> bool:
        """ "possible genocide", "violations that may amount to war crimes": the charge itself, or a
        clause between it and the claim's verb, is qualified as a possibility."""
        hedges = self.knowledge.words("accusation", "hedges", "adjectives")
        for span in self.charges_near(sentence[0]):
            if span.text != charge_text or not sentence.start <= span.start < sentence.end:
                continue
            if any(c.dep_ == "amod" and c.lower_ in hedges for c in span.root.children):
                return True
            for ancestor in span.root.ancestors:
                if ancestor == trigger:
                    break
                if any(c.dep_ == "aux" and c.lower_ in MODALS for c in ancestor.children):
                    return True
        return False

    def charges_near(self, token: Token) -> list[Span]:
        """The taxonomy charges marked in the sentence of a token (doc.spans["charges"], in order)."""
        return self._charges_by_sentence.get(token.sent.start, [])

    def claim(self, kind: str, sentence: Span, trigger: Token, confidence: float, **fields) -> Claim:
        """A claim of this document with its evidence, date and status filled in."""
        fields.setdefault("date", self.date_of(trigger))
        fields.setdefault("status", self.status_of(trigger))
        if fields["status"] == "asserted" and self._hedged(sentence, fields.get("charge_text"), trigger):
            fields["status"] = "possible"
        return Claim(kind=kind, evidence=self.evidence(sentence), confidence=round(confidence, 2),
                     trigger=trigger.lemma_.lower(), **fields)

    def with_report(self, claim: Claim, speaker: Speaker | None) -> Claim:
        """A reported claim takes the report it was stated in, and the date of its saying."""
        if speaker is None:
            return claim
        said = self.date_of(speaker.verb)
        return replace(claim, report=speaker.report or claim.report, date=said or claim.date)
