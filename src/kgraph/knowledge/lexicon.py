"""The schema of ontology/lexicon.toml: one typed, frozen model per section, checked when it loads.

A key the schema does not know, a key it needs that is missing, or a value of the wrong shape is an
InputError naming the file and the key, so a misspelt entry fails at once instead of being ignored.
docs/lexicon.md is the guide for people who edit the file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from kgraph.errors import InputError


def _lower(words: Any) -> Any:
    """Lemmas are matched in lower case; a capitalised entry would never match."""
    return [word.lower() if isinstance(word, str) else word for word in words] if isinstance(words, list) else words


Words = Annotated[frozenset[str], BeforeValidator(_lower)]  # lemmas, looked up by membership
Names = tuple[str, ...]  # words kept as written and in order (class names, titles, name endings)


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LegalActs(Section):
    nouns: Words
    accused_preps: Words
    charge_preps: Words


class Hedges(Section):
    adjectives: Words


class VerbList(Section):
    verbs: Words


class HarmAct(Section):
    verbs: Words  # "shelled a market"
    nouns: Words  # "the shelling of a market"
    charges: dict[str, str]  # victim class -> charge slug


class Harm(Section):
    counting_nouns: Words  # "dozens of villagers": the victims are after "of"
    light_verbs: Words  # "X launched strikes on a market": X did the strikes
    victims: dict[str, Words]  # victim class -> nouns, modifiers ("civilian homes") and two-word phrases
    acts: dict[str, HarmAct]  # act class -> its words and the charge each victim class makes of it


class Accusation(Section):
    verbs: Words
    nouns: Words
    charge_preps: Words
    perpetration_verbs: Words
    evidence_nouns: Words  # "evidence of Z by Y": a finding whose "by" names the doer of its act
    foreseeing_words: Words  # "warnings of genocide", "to prevent ethnic cleansing": a charge feared, not alleged
    plover: Names
    cameo_default: str
    act_verbs: dict[str, str]  # lemma -> charge slug
    act_manners: dict[str, dict[str, str]]  # adverb -> verb lemma -> charge slug
    harm: Harm  # acts charged by whom or what they hit: "shot unarmed villagers", "struck a market"
    legal: LegalActs
    hedges: Hedges
    qualifying: VerbList
    describing: VerbList
    cameo_by_charge: dict[str, str]  # charge slug -> CAMEO code


class ReportedSpeech(Section):
    verbs: Words
    according_to: Words


class Modality(Section):
    modals: Words


class Responsibility(Section):
    adjectives: Words
    holding_verbs: Words
    blaming_verbs: Words
    role_nouns: Words
    role_verbs: Words
    claiming_verbs: Words
    owning_nouns: Words
    owning_verbs: Words  # "Y claimed the attack": the event itself is claimed
    admitting_verbs: Words  # "Y confirmed that it carried out E": Y owns its own act
    documenting_verbs: Words  # "X documented an attack by Y": X holds Y its perpetrator
    weapon_nouns: Words  # "the drones were launched by Y": Y did the attack
    perpetration_verbs: Words
    event_preps: Words
    helping_verbs: Words
    attack_verbs: Words
    idiom_objects: Words  # "struck a deal with Hamas": no target of an attack
    killing_verbs: Words
    killing_nouns: Words  # "carried out executions in X on D": a charged killing that is a particular event
    victim_counts: Words
    condemning_verbs: Words
    behind_preps: Words
    cameo: str
    plover: Names
    event_then_party: dict[str, str]  # "blamed E on Y": verb lemma -> the preposition before the party
    party_then_event: dict[str, str]  # "implicated Y in E": verb lemma -> the preposition before the event
    roles: dict[str, Words]  # role -> words that give it


class Denial(Section):
    verbs: Words
    claim_nouns: Words
    dismissive_words: Words
    truth_words: Words  # "the report is not true": words that dismiss a claim when negated
    speech_verbs: Words  # "the army said its soldiers did not fire": saying a party did not act
    generic_words: Words  # "denied any involvement": words that name no particular act
    refusal_nouns: Words  # "rejected the proposal", "denied access": a refusal, not a denial
    labelling_verbs: Words
    claim_condemning_verbs: Words  # "denounced the report": a denial only when a claim is condemned
    grounds_verbs: Words  # "the report was based on lies", "politically motivated": what a claim rests on
    cameo: str
    plover: Names


class Appeal(Section):
    verbs: Words
    need_addressee: Words
    need_preposition: Words
    demand_preps: Words
    addressee_preps: Words
    demand_modals: Words
    nouns: Words
    addressed_parties: Words
    documents: Words
    plover: Names
    cameo_default: str
    cameo_by_word: dict[str, str]


class Figure(Section):
    source_verbs: Words
    cameo: str
    plover: Names
    ignored_number_words: Words
    continuation_words: Words  # "another 55", "55 others", "also wounded": the count before goes on
    scales: dict[str, int]  # "thousand" -> 1000
    quantities: dict[str, Words]  # quantity -> words that, near a number, say what was counted


class Coreference(Section):
    pronouns: Words
    locative_preps: Words
    member_nouns: Words  # one member in the singular, the group in the plural
    party_nouns: Words  # "both sides", "the three armed actors": the parties listed last
    descriptors: dict[str, Names]  # descriptor -> the entity classes it can name
    narrowing: dict[str, Names]  # modifier -> the classes it narrows a descriptor to


class Titles(Section):
    words: Names
    before_names: Words  # "Chef José Andrés", "Pope Francis": a title the NER takes into a person's name


class DescribedFighters(Section):
    heads: Words  # "separatist fighters": need a describing word
    group_heads: Words  # "non-state armed groups": need one of the group modifiers
    group_modifiers: Words
    not_describing: Words  # words that only count, compare or hedge ("some", "suspected")


class DescribedBodies(Section):
    heads: Words  # "a UN fact-finding [mission]": bodies that investigate and report
    modifiers: Words  # words that describe such a body without an owner: "fact-finding"
    founders: Names  # classes of the owner a described body may name: "a [UN] panel"
    members: Words  # "UN [investigators]": the members of the one such body a document names


class StateBlocs(Section):
    nouns: Words  # "powers", "states"
    words: Words  # "western", "gulf": the bloc that makes them one party


class Entities(Section):
    government_nouns: Names
    armed_forces_nouns: Names
    armed_group_nouns: Names
    unknown_fighter_nouns: Names
    others_than_owner: Words
    place_nouns: Words  # "the town of X": X is a place
    body_nouns: Words  # "the UN's humanitarian affairs office": a body of the actor that qualifies it
    state_blocs: StateBlocs
    peoples: Words  # "the Yazidis", "Hazaras": peoples, never a place, person or organisation
    described_fighters: DescribedFighters
    described_bodies: DescribedBodies
    name_heads: dict[str, Names]  # entity class -> last words of names that suggest it
    official_sources: dict[str, Names]  # entity class -> descriptions (lemmas) of sources: "health ministry"
    titles: Titles


class Events(Section):
    nouns: Words
    families: dict[str, Names]  # family -> head nouns; same date and family means the same event
    scene_verbs: Words  # "the killings took place in X": the event happened in X
    named_by_victims: Words  # "the genocide of the Yazidis": an event named by the people it targeted


class Reports(Section):
    nouns: Words
    issuing_verbs: Words  # "X presented a report to the council": X's report


class Voice(Section):
    release_days: Words  # "Amnesty said today": the publisher's own release
    staff_nouns: Words  # "said Jane Doe, deputy Africa director": the publisher's staff
    informants: Words  # "witnesses said": relayed by the publisher, not another speaker


class Speakers(Section):
    role_nouns: Words
    posting_preps: Words  # "envoy [to] the UN": where a person is posted, not whom they speak for


class Lexicon(Section):
    """Every section of lexicon.toml."""

    accusation: Accusation
    reported_speech: ReportedSpeech
    modality: Modality
    responsibility: Responsibility
    denial: Denial
    appeal: Appeal
    figure: Figure
    coreference: Coreference
    entities: Entities
    events: Events
    reports: Reports
    speakers: Speakers
    voice: Voice
    lemmas: dict[str, str]  # word form -> lemma, where the model's lemmatizer is wrong ("raped" -> "rap")

    def section(self, kind: str) -> Accusation | Responsibility | Denial | Appeal | Figure:
        """The section of a claim kind ("accusation", ..., "figure")."""
        return getattr(self, kind)


def read_lexicon(path: Path, data: dict[str, Any]) -> Lexicon:
    """The lexicon in `data` (read from `path`), checked against the schema."""
    try:
        return Lexicon.model_validate(data)
    except ValidationError as error:
        problems = [problem(entry) for entry in error.errors()]
        raise InputError(f"{path}: " + "; ".join(problems)) from None


def problem(entry: Any) -> str:
    """One schema error as `section.key: what is wrong`."""
    where = ".".join(str(part) for part in entry["loc"])
    if entry["type"] == "extra_forbidden":
        return f"{where}: unknown key (a typo, or a key the schema in kgraph/knowledge/lexicon.py lacks)"
    if entry["type"] == "missing":
        return f"{where}: missing key"
    return f"{where}: {entry['msg'].lower()}"
