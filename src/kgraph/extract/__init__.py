"""Claims from a parsed document: names, references, reports and events are read first, then
each claim family (families/) reads every sentence through the same DocumentContext."""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span

from kgraph.extract.bodies import read_described_bodies, read_members_of_bodies, read_sides_of_conflicts
from kgraph.extract.context import DocumentContext
from kgraph.extract.events import read_events, read_reports
from kgraph.extract.families.accusations import accusations
from kgraph.extract.families.acts import listed_acts
from kgraph.extract.families.appeals import appeals
from kgraph.extract.families.claimed import claimed_responsibility
from kgraph.extract.families.denials import denials
from kgraph.extract.families.documented import documented_acts
from kgraph.extract.families.figures import figures
from kgraph.extract.families.refutes import link_denials
from kgraph.extract.families.responsibility import responsibility
from kgraph.extract.mentions import read_names, read_speaker_affiliations
from kgraph.extract.officials import read_official_sources
from kgraph.extract.owned_bodies import read_owned_bodies
from kgraph.extract.parties import read_described_parties
from kgraph.extract.references import resolve_references
from kgraph.extract.seats import read_peoples_as_states, read_seats_of_government
from kgraph.extract.sides import read_sides
from kgraph.extract.speakers import spoken_for
from kgraph.extract.voice import read_voice
from kgraph.knowledge import Knowledge
from kgraph.records import Claim, Document, Extraction

Family = Callable[[DocumentContext, Span], list[Claim]]
FAMILIES: tuple[Family, ...] = (accusations, listed_acts, responsibility, claimed_responsibility, documented_acts,
                                denials, figures, appeals)


def extract(document: Document, doc: Doc, knowledge: Knowledge) -> Extraction:
    """Entities and claims of one document, from its spaCy parse."""
    ctx = read_document(document, doc, knowledge)
    for sentence in doc.sents:
        for family in FAMILIES:
            ctx.claims += family(ctx, sentence)
    claims = link_denials(ctx, spoken_for(ctx, ctx.claims))
    return Extraction(document=document, entities=ctx.entities(), claims=tuple(dict.fromkeys(claims)),
                      notes=tuple(ctx.notes))


def read_document(document: Document, doc: Doc, knowledge: Knowledge) -> DocumentContext:
    """A document's names and described parties, then the references, reports and events that build on
    them, then whose voice the document and its quotations speak in."""
    ctx = DocumentContext(document, doc, knowledge)
    read_names(ctx)
    read_described_parties(ctx)
    read_official_sources(ctx)  # "the health ministry", "hospital officials": the sources of figures
    read_sides(ctx)  # "both sides": the parties listed last, official sources ("the army") among them
    read_owned_bodies(ctx)  # "the UN's humanitarian affairs office", "Israel's foreign ministry"
    read_described_bodies(ctx)  # "a UN fact-finding mission"
    read_sides_of_conflicts(ctx)  # "all parties to the conflict"
    read_members_of_bodies(ctx)  # "UN investigators": the UN's one named commission
    read_seats_of_government(ctx)  # "Moscow denied": the capital speaks for its government
    read_peoples_as_states(ctx)  # "blamed the Saudis": the state
    read_speaker_affiliations(ctx)  # "Cameroon's army spokesman X" speaks for the army
    resolve_references(ctx)
    read_reports(ctx)
    read_events(ctx)
    read_voice(ctx)
    return ctx
