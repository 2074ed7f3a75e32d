"""One parsed document as the claim families read it: the entities it names (a registry filled
by mentions.py, references.py and events.py), the mentions that point at them, and the lookups
and claim factory every family shares. Each family is then only the grammar of its own claims.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from spacy.tokens import Doc, Span, Token

from kgraph.extract.modality import Dates, hedged, status_of
from kgraph.knowledge import Knowledge
from kgraph.nlp import CHARGES_KEY
from kgraph.records import Claim, ClaimKind, Document, Entity, Evidence, Status
from kgraph.vocab import ENTITY_CLASSES


class MentionKind(StrEnum):
    """How a stretch of tokens points at an entity."""

    NAME = "name"
    REFERENCE = "reference"  # a descriptor or pronoun ("the group", "it")
    ATTRIBUTE = "attribute"  # a demonym ("Israeli")
    REPORT = "report"
    EVENT = "event"


NAMING = frozenset({MentionKind.NAME, MentionKind.REFERENCE})  # an actor named, or referred back to
NAME_OR_DEMONYM = frozenset({MentionKind.NAME, MentionKind.ATTRIBUTE})  # "Israel", "Israeli"


@dataclass(frozen=True)
class Mention:
    """A stretch of tokens that names (or refers back to) an entity."""

    start: int
    end: int
    key: str
    kind: MentionKind = MentionKind.NAME


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
    """Entities, mentions and dates of one parsed document."""

    def __init__(self, document: Document, doc: Doc, knowledge: Knowledge) -> None:
        self.document, self.doc, self.knowledge = document, doc, knowledge
        self.drafts: dict[str, Draft] = {}
        self.mentions: dict[int, Mention] = {}  # token index -> mention covering it
        self.groups: dict[int, list[str]] = {}  # plural reference token -> the listed actors it means
        self.claims: list[Claim] = []  # claims read so far, in sentence order
        self.notes: list[str] = []  # what was left out, for the build to report
        self.voice: str | None = None  # the publisher whose own document this is (voice.py)
        self.quoted: dict[int, tuple[str, ...]] = {}  # token in a quotation -> who spoke it (voice.py)
        self.sentence_number = {s.start: n for n, s in enumerate(doc.sents)}
        self.dates = Dates(doc, document.date)
        self._charges_by_sentence: dict[int, list[Span]] = {}
        for span in doc.spans.get(CHARGES_KEY, []):  # indexed once: a scan of the whole doc per claim is quadratic
            self._charges_by_sentence.setdefault(span[0].sent.start, []).append(span)

    # --- the entity registry ------------------------------------------------------------------

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

    def add_alias(self, key: str, alias: str) -> None:
        self.drafts[key].aliases.add(alias)

    def uncount(self, key: str) -> None:
        """Take back one mention: a parent named through its part is not mentioned itself."""
        self.drafts[key].count -= 1

    def rename(self, old: str, new: str, label: str) -> None:
        """Give an entity read under one key another key and label, with every mention of it."""
        draft = self.drafts.pop(old)
        self.drafts[new] = Draft(new, label, draft.type, draft.aliases | {draft.label}, draft.extra, draft.count)
        for index, mention in list(self.mentions.items()):
            if mention.key == old:
                self.mentions[index] = Mention(mention.start, mention.end, new, mention.kind)

    def set_part_of(self, key: str, parent: str) -> None:
        """The first parent found stays: "M23 spokesman X" makes X part of M23."""
        self.drafts[key].extra.setdefault("part_of", parent)

    def type_of(self, key: str) -> str:
        return self.drafts[key].type

    def label_of(self, key: str) -> str:
        return self.drafts[key].label

    def refer_to_group(self, index: int, members: list[str]) -> None:
        """A plural reference at a token ("the rights groups") means every listed actor."""
        self.groups[index] = members

    def mark(self, start: int, end: int, key: str, kind: MentionKind) -> None:
        mention = Mention(start, end, key, kind)
        for index in range(start, end):
            self.mentions[index] = mention

    # --- lookups the readers and families share -----------------------------------------------

    def is_definite(self, token: Token, articles: tuple[str, ...] | None = None) -> bool:
        """ "the group", "a rebel group", "The U.S.-based group"; not a bare plural ("groups")."""
        return any(c.dep_ in ("det", "poss") and (articles is None or c.lower_ in articles) for c in token.children)

    def actors(self, token: Token | None) -> list[str]:
        """Actor keys named by the phrase a token heads, its conjuncts included ("X and Y")."""
        if token is None:
            return []
        keys: list[str] = []
        for word in [token, *self._coordinated(token), *self._hung_inside_name(token), *self._listed_before(token),
                     *self._spelled_out(token)]:
            named: list[str | None] = list(self.groups.get(word.i, ())) or [self.actor_at(word)]
            for key in named:
                if key and key not in keys:
                    keys.append(key)
        return keys

    @staticmethod
    def _coordinated(token: Token) -> tuple[Token, ...]:
        """A word's conjuncts, when a coordinator joins them: "by HRW, security forces, and [their militias
        conducted]" hangs the next clause's subject on HRW without an "and" of its own; no list."""
        listed = (token, *token.conjuncts)
        joined = any(c.dep_ in ("cc", "preconj") for word in listed for c in word.children)
        return token.conjuncts if joined else ()

    def _hung_inside_name(self, token: Token) -> list[Token]:
        """Conjuncts the parser hung on a word inside a multi-word name: "[the Committee to Protect
        Journalists] and Amnesty International" joins Amnesty to "Journalists"."""
        mention = self.mentions.get(token.i)
        if mention is None or mention.kind != "name":
            return []
        return [conjunct for word in self.doc[mention.start:mention.end] if word.i != token.i
                for conjunct in word.conjuncts if not mention.start <= conjunct.i < mention.end]

    def _spelled_out(self, token: Token) -> list[Token]:
        """The parties listed after a colon that ends a phrase naming none itself: "by all sides: the
        insurgents, the government and ..." means each of them, however the parser hangs the list."""
        after = token.right_edge.i + 1
        if self.mentions.get(token.i) is not None or after >= token.sent.end or self.doc[after].text != ":":
            return []
        listed: list[Token] = []
        for word in self.doc[after + 1:token.sent.end]:
            mention = self.mentions.get(word.i)
            if mention is not None and mention.kind in NAMING and mention.key.startswith("actor/"):
                if word.i == mention.end - 1:
                    listed.append(word)
            elif not (word.lower_ in (",", "and", "or") or word.pos_ in ("DET", "ADJ")):
                break
        return listed

    def _listed_before(self, token: Token) -> list[Token]:
        """Names listed right before a name ("Amnesty International and [Human Rights Watch]"), for
        when the parser hangs a list of multi-word names together wrongly."""
        mention = self.mentions.get(token.i)
        listed: list[Token] = []
        while mention is not None and mention.kind == "name":
            before = mention.start - 1
            while before >= 0 and self.doc[before].lower_ in (",", "and"):
                before -= 1
            gap = {word.lower_ for word in self.doc[before + 1:mention.start]}
            # a list ends in "and": "the ICC, Human Rights Watch said" lists nothing
            if before == mention.start - 1 or before < 0 or (not listed and "and" not in gap):
                break
            mention = self.mentions.get(before)
            if mention is not None and mention.kind == MentionKind.NAME and mention.key.startswith("actor/"):
                listed.append(self.doc[before])
        return listed

    def actor_at(self, token: Token) -> str | None:
        """The actor a token names: itself, or a report's publisher, or an owner ("Amnesty positions")."""
        mention = self.mentions.get(token.i)
        if mention and mention.kind in NAMING and mention.key.startswith("actor/"):
            return mention.key
        if mention and mention.kind == "report":
            return self.drafts[mention.key].extra.get("published_by")
        others = self.knowledge.lexicon.entities.others_than_owner
        if token.pos_ in ("NOUN", "PROPN") and not any(  # "Russia's defence ministry", "Amnesty positions"
                word.lemma_.lower() in others for word in (token, *token.children) if word.dep_ != "poss"):
            for child in sorted(token.children, key=lambda c: abs(c.i - token.i)):  # "Yemen's [Huthi] authorities"
                owner = self.mentions.get(child.i)
                if child.dep_ in ("compound", "poss", "nmod") and owner and owner.key.startswith("actor/") \
                        and owner.kind in NAMING:
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
        return mention.key if mention and mention.kind == MentionKind.REPORT else None

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

    def charges_near(self, token: Token) -> list[Span]:
        """The taxonomy charges marked in the sentence of a token (doc.spans["charges"], in order)."""
        return self._charges_by_sentence.get(token.sent.start, [])

    def note(self, token: Token, text: str) -> None:
        """Something the article says that is left out of the graph, with the line it is on."""
        line = self.document.text.count("\n", 0, self.document.body_start + token.idx) + 1
        self.notes.append(f"line {line}: {text}")

    # --- the claim factory ---------------------------------------------------------------------

    def evidence(self, sentence: Span) -> Evidence:
        """The sentence as evidence, with offsets into the document's full text."""
        text = sentence.text
        lead = len(text) - len(text.lstrip())
        quote = text.strip()
        start = self.document.body_start + sentence.start_char + lead
        return Evidence(self.document.id, start, start + len(quote), quote)

    def claim(self, kind: ClaimKind | str, sentence: Span, trigger: Token, confidence: float, **fields) -> Claim:
        """A claim of this document with its evidence, date and status filled in."""
        fields.setdefault("date", self.dates.claim_date(trigger))
        modals = self.knowledge.lexicon.modality.modals
        fields.setdefault("status", status_of(trigger, modals))
        hedges = self.knowledge.lexicon.accusation.hedges.adjectives
        if fields["status"] == Status.ASSERTED and hedged(self.charges_near(sentence[0]), sentence,
                                                     fields.get("charge_text"), trigger, hedges, modals):
            fields["status"] = Status.POSSIBLE
        return Claim(kind=ClaimKind(kind), evidence=self.evidence(sentence), confidence=round(confidence, 2),
                     trigger=trigger.lemma_.lower(), **fields)
