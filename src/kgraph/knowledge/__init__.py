"""Domain knowledge as data: the actor gazetteer, the charge taxonomy and the lexicons, loaded once."""
from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.namespace import SKOS

from kgraph.errors import InputError
from kgraph.knowledge.lexicon import Lexicon, read_lexicon
from kgraph.vocab import KGC


def ontology_dir() -> Path:
    """The folder of ontology and data files: inside an installed wheel, else the source tree."""
    packaged = Path(__file__).parents[1] / "ontology"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[3] / "ontology"


@dataclass(frozen=True)
class Actor:
    """One gazetteer entry."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    part_of: str | None = None
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()  # a state's seat of government: "Moscow denied" is Russia's denial


@dataclass(frozen=True)
class Charge:
    """One concept of the SKOS charge scheme."""

    slug: str
    label: str
    alt_labels: tuple[str, ...]
    broader: tuple[str, ...]


@dataclass(frozen=True)
class Knowledge:
    """Everything the extractor knows before it reads an article."""

    lexicon: Lexicon
    actors: dict[str, Actor]
    charges: dict[str, Charge]
    version: str  # hash of the data files: part of the pipeline version for caching

    @cached_property
    def seats_of_government(self) -> dict[str, str]:
        """A capital as written -> the id of the state whose government sits there ("Moscow" -> "russia")."""
        return {capital: actor.id for actor in self.actors.values() for capital in actor.capitals}

    @cached_property
    def states_by_demonym(self) -> dict[str, str]:
        """A state's demonym -> its id ("Saudi" -> "saudi-arabia")."""
        return {demonym: actor.id for actor in self.actors.values() if actor.type == "State"
                for demonym in actor.demonyms}

    def charge_ancestors(self, slug: str) -> list[str]:
        """The slug and every broader concept above it, nearest first."""
        seen, queue = [], [slug]
        while queue:
            current = queue.pop(0)
            if current in seen or current not in self.charges:
                continue
            seen.append(current)
            queue.extend(self.charges[current].broader)
        return seen


@cache
def load_knowledge(folder: Path | None = None) -> Knowledge:
    """Read lexicon.toml, actors.toml and charges.ttl from the ontology folder."""
    folder = folder or ontology_dir()
    paths = [folder / "lexicon.toml", folder / "actors.toml", folder / "charges.ttl"]
    digest = hashlib.sha256()
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: data file missing from the ontology folder")
        digest.update(path.read_bytes())
    return Knowledge(
        lexicon=read_lexicon(paths[0], read_toml(paths[0])),
        actors=read_actors(paths[1]),
        charges=read_charges(paths[2]),
        version=digest.hexdigest()[:16],
    )


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{path}: {error}") from None


def read_actors(path: Path) -> dict[str, Actor]:
    actors = {}
    for entry in read_toml(path).get("actor", []):
        actor = Actor(
            id=entry["id"],
            label=entry["label"],
            type=entry["type"],
            aliases=tuple(entry.get("aliases", ())),
            wikidata=entry.get("wikidata"),
            part_of=entry.get("part_of"),
            demonyms=tuple(entry.get("demonyms", ())),
            capitals=tuple(entry.get("capitals", ())),
        )
        actors[actor.id] = actor
    return actors


def read_charges(path: Path) -> dict[str, Charge]:
    graph = Graph().parse(path, format="turtle")
    charges = {}
    for concept in sorted(set(graph.subjects(SKOS.prefLabel, None)), key=str):
        if not str(concept).startswith(str(KGC)):
            continue
        charges[str(concept)[len(KGC):]] = Charge(
            slug=str(concept)[len(KGC):],
            label=str(graph.value(concept, SKOS.prefLabel)),
            alt_labels=tuple(sorted(str(label) for label in graph.objects(concept, SKOS.altLabel))),
            broader=tuple(sorted(str(b)[len(KGC):] for b in graph.objects(concept, SKOS.broader))),
        )
    return charges
