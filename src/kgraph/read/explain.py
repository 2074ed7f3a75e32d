"""`kgraph explain`: every claim about an entity (or one claim) with the words that state it."""
from __future__ import annotations

import textwrap

from kgraph.display import for_terminal
from kgraph.errors import QueryError
from kgraph.ingest.naming import slug, strip_article
from kgraph.knowledge import load_knowledge
from kgraph.read.claims import read_corpus
from kgraph.read.tables import claim_rows, entity_rows
from kgraph.store.query import closest


def explain(source, name: str) -> str:
    """A readable account of the claims an entity makes or is the object of, or of one claim.

    `name` is a claim IRI or id, an entity IRI, a label or an alias (case and punctuation ignored).
    """
    return for_terminal(account(source, name))  # printed for people: no escape sequence from an article


def account(source, name: str) -> str:
    corpus = read_corpus(source)
    rows = claim_rows(corpus)
    claims = [row for row in rows if row["id"] == name or row["id"].rsplit("/", 1)[-1] == name]
    if claims:
        return "\n".join(describe_claim(claims))
    entity = find_entity(entity_rows(corpus), name)
    label = entity["label"]
    involved = [row for row in rows if label in (row["claimant"], row["target"])]
    by_claim: dict[str, list[dict]] = {}
    for row in involved:
        by_claim.setdefault(row["id"], []).append(row)
    header = f"{label} ({entity['type']}): {len(by_claim)} claim(s) by or about it"
    blocks = ["\n".join(describe_claim(group)) for _, group in sorted(by_claim.items(), key=order)]
    return "\n\n".join([header, *blocks])


def find_entity(entities: list[dict], name: str) -> dict:
    """By IRI, label or alias in the graph, else by any gazetteer alias ("Qassam Brigades")."""
    wanted = slug(strip_article(name))
    for entity in entities:
        names = [entity["id"], entity["label"], *entity.get("aliases", [])]
        if name in names or wanted in {slug(n) for n in names}:
            return entity
    for actor in load_knowledge().actors.values():
        if wanted in {slug(n) for n in (actor.label, *actor.aliases)}:
            for entity in entities:
                if entity["id"].endswith(f"/{actor.id}"):
                    return entity
    names = [n for entity in entities for n in (entity["label"] or "", *entity.get("aliases", [])) if n]
    near = ", ".join(closest(name, names)) or "none"
    raise QueryError(f"no entity or claim named {name!r} (closest: {near}); `kgraph entities GRAPH` lists the names")


def order(item: tuple[str, list[dict]]) -> tuple:
    first = item[1][0]
    return first["kind"], first["claimant"] or "", first["target"] or "", first["charge"] or "", item[0]


def describe_claim(rows: list[dict]) -> list[str]:
    """One claim: what is said, by whom, with its status, then each source's quote and offsets."""
    first = rows[0]
    what = first["charge"] or first["role"] or (
        f"{first['quantity']} = {first['value']:g}" if first["value"] is not None else "")
    parts = [first["kind"], first["claimant"] or "(unattributed)"]
    if first["target"]:
        parts += ["->", first["target"]]
    line = " ".join(parts) + (f": {what}" if what else "")
    details = [f"status {first['status']}"]
    if first["event"]:
        details.append(f"event {first['event']}")
    if first["date"]:
        details.append(f"said {first['date']}")
    lines = [f"{line}  [{', '.join(details)}]", f"  id {first['id']}"]
    for row in sorted(rows, key=lambda r: (r["doc"], r["start"])):
        lines.append(f"  {row['doc']} [{row['start']}:{row['end']}]")
        lines += textwrap.wrap(f"“{row['quote']}”", width=96, initial_indent="    ", subsequent_indent="    ")
    return lines
