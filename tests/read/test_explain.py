"""`kgraph explain`: claims with their quotes, documents and offsets."""
from click.testing import CliRunner

from kgraph.cli import main

from helpers.paths import SEED_ID


def run(*args):
    return CliRunner().invoke(main, ["explain", *map(str, args)])


def test_explain_an_actor_by_alias(seed_graph):
    result = run(seed_graph / "kgraph.ttl", "the Qassam Brigades")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Izz ad-Din al-Qassam Brigades (ArmedGroup): 1 claim(s) by or about it"
    assert lines[2] == ("responsibility Amnesty International -> Izz ad-Din al-Qassam Brigades: chief  "
                        "[status asserted, event October 7 assault, said 2025-12-11]")
    assert lines[4] == f"  {SEED_ID} [1446:1650]"
    assert lines[5].startswith("    “The group said the Izzedine al-Qassam Brigades were “chiefly responsible”")


def test_explain_one_claim_by_id(seed_graph):
    listing = run(seed_graph / "kgraph.ttl", "Israel").output
    denial_id = next(line.split()[1] for line in listing.splitlines() if line.startswith("  id ")
                     and "denial-" in line)
    result = run(seed_graph / "kgraph.ttl", denial_id.rsplit("/", 1)[1])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        "denial Israel -> Amnesty International: genocide  [status asserted, said 2025-12-11]")


def test_unknown_name_is_a_clear_error(seed_graph):
    result = run(seed_graph / "kgraph.ttl", "Atlantis")
    assert result.exit_code == 3
    assert "no entity or claim named 'Atlantis'" in result.output
