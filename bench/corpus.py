"""A synthetic newsroom archive: N conflict-reporting articles made by recombining template sentences.

Usage: python bench/corpus.py N OUT_DIR [--seed S]

Actors come from ontology/actors.toml, charges from ontology/charges.ttl (through
kgraph.knowledge.load_knowledge), places, people, dates and numbers from the lists below. The same N and
seed give the same files, byte for byte; no two articles are identical, and every claim kind
(accusation, responsibility, denial, figure, appeal) is stated in the corpus.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from kgraph.knowledge import Knowledge, load_knowledge

PLACES = ["Gaza", "Khan Younis", "Rafah", "Jabalia", "Deir al-Balah", "Nablus", "Jenin", "Hebron",
          "Goma", "Bukavu", "Rutshuru", "Masisi", "North Kivu", "South Kivu", "Sake", "Kiwanja",
          "El Fasher", "Khartoum", "Nyala", "Geneina", "Kharkiv", "Mariupol", "Bakhmut", "Kherson",
          "Aleppo", "Idlib", "Raqqa", "Mosul", "Sanaa", "Hodeidah", "Taiz", "Marib", "Beirut", "Tyre"]
FIRST_NAMES = ["Amina", "Daniel", "Fatima", "Jean", "Leila", "Marc", "Nadia", "Omar", "Ruth", "Samuel",
               "Tamar", "Yusuf", "Claire", "Ahmed", "Grace", "Ivan", "Sara", "Hassan", "Miriam", "Paul"]
LAST_NAMES = ["Haddad", "Mukamana", "Levi", "Okafor", "Nasser", "Dubois", "Katz", "Mugisha", "Saleh",
              "Petrenko", "Hakimi", "Bizimana", "Cohen", "Mansour", "Uwase", "Kovalenko", "Barghouti"]
SPEAKER_ROLES = ["spokesperson", "spokesman", "spokeswoman", "director", "researcher"]
DEMANDS = ["the release of all hostages", "an immediate ceasefire", "an independent investigation",
           "unimpeded humanitarian access", "a halt to the fighting", "the protection of civilians",
           "an end to the blockade", "the return of displaced families"]
APPEAL_ACTIONS = ["release all civilians held in {place}", "allow aid convoys into {place}",
                  "halt the shelling of {place}", "stop attacks on hospitals in {place}",
                  "free the detained journalists", "open safe corridors out of {place}"]
EVENTS = ["assault", "attack", "offensive", "siege", "bombardment", "raid", "airstrikes", "shelling"]
COUNTED = [("people", "killed"), ("civilians", "killed"), ("children", "killed"), ("people", "wounded"),
           ("civilians", "injured"), ("people", "displaced"), ("hostages", "taken"), ("people", "detained"),
           ("residents", "missing")]
ACCUSERS = ("HumanRightsOrganisation", "IntergovernmentalOrganisation", "GovernmentBody", "State",
            "MediaOrganisation")
ACCUSED = ("ArmedGroup", "State", "GovernmentBody")

HEADLINE_SENTENCES = [
    "{claimant} accused {target} of {charge} in {place} on {weekday}.",
    "{claimant} charged {target} with {charge} over the {event} on {place}.",
    "{claimant} on {weekday} condemned {target} for {charge} in {place}.",
]
SENTENCES = {
    "accusation": [
        "{claimant} accused {target} of {charge} during the {event} on {place}.",
        "{claimant} said {target} committed {charge} in {place} in {month}.",
        "In a {pages}-page report, {claimant} said {target} had carried out {charge} against civilians in {place}.",
        "{target} was accused by {claimant} of {charge} after the {event} on {place} on {day}.",
        "{claimant} faulted {target} for {charge}, describing the {event} on {place} as {charge2}.",
    ],
    "responsibility": [
        "{claimant} said {target} was chiefly responsible for the {event} on {place} on {day}.",
        "According to {claimant}, {target} played a smaller role in the {event} on {place}.",
        "{claimant} held {target} responsible for the {event} on {place}.",
        "Investigators from {claimant} found that {target} was primarily responsible for the killings in {place}.",
    ],
    "denial": [
        "{target} denied the accusations.",
        "{target} rejected the allegation that it committed {charge} in {place}.",
        "{target} has dismissed the findings as politically motivated.",
        "A {role} for {target}, {person}, denied that its fighters had committed {charge}.",
    ],
    "figure": [
        "{source} said {number} {counted} were {verb} in {place} since {month}.",
        "According to {source}, {number} {counted} have been {verb} in the {event} on {place}.",
        "{source} put the number of {counted} {verb} in {place} at {number}.",
        "At least {number} {counted} were {verb} in {place} last week, {source} reported.",
    ],
    "appeal": [
        "{claimant} urged {target} to {action}.",
        "{claimant} called for {demand} in {place}.",
        "{claimant} called on {target} to {action}, citing {number} {counted} {verb} since {month}.",
        "A {role} for {claimant}, {person}, demanded {demand}.",
    ],
}
FILLER = [
    "Residents of {place} described nights of heavy bombardment and shortages of food and water.",
    "The {event} on {place} began in {month}, according to local officials.",
    "Aid workers in {place} said roads into the city remained closed on {weekday}.",
    "The fighting has displaced families across the region for months.",
    "Journalists have had little access to {place} since the start of the {event}.",
]
KINDS = tuple(SENTENCES)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


@dataclass(frozen=True)
class Vocabulary:
    """Names to substitute, drawn from the gazetteer and the charge taxonomy."""

    accusers: tuple[tuple[str, ...], ...]  # one tuple of names (label, aliases) per actor
    accused: tuple[tuple[str, ...], ...]
    charges: tuple[str, ...]


def vocabulary(knowledge: Knowledge) -> Vocabulary:
    """Actor names by role and every charge phrase (preferred and alternative labels)."""
    def names(types: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        return tuple((actor.label, *actor.aliases) for actor in sorted(knowledge.actors.values(), key=lambda a: a.id)
                     if actor.type in types)

    charges = tuple(phrase for slug in sorted(knowledge.charges)
                    for phrase in (knowledge.charges[slug].label, *knowledge.charges[slug].alt_labels))
    return Vocabulary(accusers=names(ACCUSERS), accused=names(ACCUSED), charges=charges)


def articles(n: int, seed: int = 0, knowledge: Knowledge | None = None) -> Iterator[tuple[str, str]]:
    """(file name, text) of n distinct articles; the same n and seed give the same articles."""
    words = vocabulary(knowledge or load_knowledge())
    rng = random.Random(seed)
    seen: set[str] = set()
    index = 0
    while index < n:
        text = article(rng, words, index)
        if text in seen:  # practically never; keeps "no two identical" a guarantee, not a likelihood
            continue
        seen.add(text)
        yield f"bench_{index:06d}.txt", text
        index += 1


def article(rng: random.Random, words: Vocabulary, index: int) -> str:
    """A date header, a lead sentence, then paragraphs mixing every claim kind in a random order."""
    published = date(2020, 1, 1) + timedelta(days=rng.randrange(6 * 365))
    kinds = list(KINDS) + rng.sample(KINDS, 3)
    rng.shuffle(kinds)
    sentences = [fill(rng, rng.choice(HEADLINE_SENTENCES), words)]
    sentences += [fill(rng, rng.choice(SENTENCES[kind]), words) for kind in kinds]
    sentences += [fill(rng, rng.choice(FILLER), words) for _ in range(rng.randint(1, 3))]
    sentences.append(f"This is dispatch {index + 1} of the archive.")  # every article differs
    paragraphs, start = [], 0
    while start < len(sentences):
        size = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[start:start + size]))
        start += size
    return f"date {published.isoformat()}\n\n" + "\n\n".join(paragraphs) + "\n"


def fill(rng: random.Random, template: str, words: Vocabulary) -> str:
    """A template with every {slot} replaced by a value drawn for this sentence."""
    accuser = rng.choice(words.accusers)
    claimant = rng.choice(accuser)
    target = rng.choice(rng.choice([names for names in words.accused if names != accuser]))
    counted, verb = rng.choice(COUNTED)
    values = {
        "claimant": claimant, "target": target, "source": rng.choice(rng.choice(words.accusers)),
        "charge": rng.choice(words.charges), "charge2": rng.choice(words.charges),
        "place": rng.choice(PLACES), "event": rng.choice(EVENTS), "weekday": rng.choice(WEEKDAYS),
        "month": rng.choice(MONTHS), "day": f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2020, 2025)}",
        "pages": str(rng.randint(20, 300)), "number": f"{rng.randint(12, 40000):,}",
        "counted": counted, "verb": verb, "demand": rng.choice(DEMANDS),
        "role": rng.choice(SPEAKER_ROLES), "person": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
    }
    values["action"] = rng.choice(APPEAL_ACTIONS).format(place=values["place"])
    text = template.format(**values)
    return text[0].upper() + text[1:]


def write_corpus(n: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write n articles into out_dir (created if needed) and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in articles(n, seed):
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out_dir", type=Path, help="folder to write bench_NNNNNN.txt files into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    paths = write_corpus(args.n, args.out_dir, args.seed)
    print(f"wrote {len(paths)} articles to {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
