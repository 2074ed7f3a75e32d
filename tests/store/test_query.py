"""kgraph query: the named-query library on the seed and on a hand-written graph, parameters bound as
literals, output formats, and the errors a user sees (syntax with line and column, updates refused)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kgraph.cli import main
from kgraph.errors import QueryError
from kgraph.store import open_store
from kgraph.store.query import bind_parameters, format_answer, named_queries, named_query, query_form, run_query

from helpers.paths import TWO_DOCUMENTS

NAMES = ["about-actor", "claims-by-date", "denied-accusations", "figures-by-source", "mutual-accusations",
         "responsibility-for-event", "who-accuses-whom"]
SEED_DOC = "000_001a2dfaae7811e2"


def rows(source, name: str, **params: str) -> list[tuple[str, ...]]:
    """A named query's rows as tuples of the values `--format csv` prints."""
    answer = run_query(source, named_query(name).text, params)
    table = list(csv.reader(io.StringIO(format_answer(answer, "csv"))))
    return [tuple(row) for row in table[1:]]


@pytest.fixture(scope="module")
def hand():
    return open_store(TWO_DOCUMENTS)


@pytest.fixture(scope="module")
def seed(seed_graph: Path):
    return open_store(seed_graph / "kgraph.trig")


def test_library_has_the_named_queries_each_with_a_header_saying_what_it_answers():
    queries = named_queries()
    assert [query.name for query in queries] == NAMES
    for query in queries:
        assert query.text.startswith(f"# {query.name}: ")
        assert len(query.summary) > 20
    params = {query.name: [(p.name, p.kind) for p in query.parameters] for query in queries}
    assert params == {"about-actor": [("actor", "string")], "claims-by-date": [("from", "date"), ("to", "date")],
                      "denied-accusations": [], "figures-by-source": [("event", "string")],
                      "mutual-accusations": [], "responsibility-for-event": [("event", "string")],
                      "who-accuses-whom": []}


def test_list_prints_every_named_query_and_its_parameters():
    result = CliRunner().invoke(main, ["query", "--list"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines() if not line.startswith(" ")] == NAMES
    assert "--param actor=…  the actor's name or one of its aliases" in result.output


def test_who_accuses_whom_on_the_seed(seed):
    found = rows(seed, "who-accuses-whom")
    assert ("Amnesty International", "Hamas", "crimes against humanity", "asserted", "1") in found
    assert ("Amnesty International", "Israel", "genocide", "asserted", "1") in found
    assert all(row[0] == "Amnesty International" for row in found)


def test_denied_accusations_on_the_seed(seed):
    found = rows(seed, "denied-accusations")
    assert [row[:5] for row in found] == [("Amnesty International", "Israel", "genocide", "Israel", SEED_DOC)]
    assert "an allegation Israel denies" in found[0][5]


def test_responsibility_for_event_on_the_seed_matches_the_event_by_alias_in_any_case(seed):
    everything = rows(seed, "responsibility-for-event")
    assert ("October 7 assault", "Izz ad-Din al-Qassam Brigades", "chief", "Amnesty International", "1") in everything
    assert ("October 7 assault", "Palestinian Islamic Jihad", "secondary", "Amnesty International", "1") in everything
    assert rows(seed, "responsibility-for-event", event="october 7 ASSAULT") == everything
    assert rows(seed, "responsibility-for-event", event="Attacks in southern Israel") == everything
    assert rows(seed, "responsibility-for-event", event="Gaza war") == []


def test_figures_by_source_on_the_seed(seed):
    found = rows(seed, "figures-by-source", event="October 7 assault")
    assert [row[:4] for row in found] == [("October 7 assault", "killed", "1221", "Israeli authorities")]
    assert found[0][6] == "Israeli authorities list 1,221 people killed in the assault."


def test_about_actor_on_the_seed_takes_any_case(seed):
    found = rows(seed, "about-actor", actor="hamas")
    assert {row[0] for row in found} == {"Hamas"}
    assert ("Hamas", "target", "accusation", "Amnesty International", "Hamas", "crimes against humanity",
            "October 7 assault", SEED_DOC) in [row[:8] for row in found]


@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_gives_the_same_rows_on_the_file_and_the_store(name, seed, seed_store):
    assert rows(open_store(seed_store), name) == rows(seed, name)


def test_who_accuses_whom_counts_documents_and_leaves_negated_accusations_out(hand):
    assert rows(hand, "who-accuses-whom") == [
        ("North Front", "South Army", "war crimes", "asserted", "2"),
        ("South Army", "North Front", "terrorism", "possible", "1"),
    ]


def test_mutual_accusations(hand):
    assert rows(hand, "mutual-accusations") == [
        ("North Front / South Army", "North Front", "South Army", "war crimes", "2"),
        ("North Front / South Army", "South Army", "North Front", "terrorism", "1"),
    ]


def test_denied_accusations(hand):
    assert rows(hand, "denied-accusations") == [
        ("North Front", "South Army", "war crimes", "South Army", "d2", "South Army rejected the charge."),
    ]


def test_responsibility_for_event(hand):
    assert rows(hand, "responsibility-for-event", event="the shelling of the market") == [
        ("Market attack", "North Front", "perpetrator", "Watch Group", "1"),
    ]


def test_figures_by_source(hand):
    assert rows(hand, "figures-by-source") == [
        ("Market attack", "killed", "30", "South Army", "", "d1", "The army counted 30 dead at the market."),
        ("Market attack", "killed", "12", "Watch Group", "", "d2", "Watch Group counted 12 dead."),
    ]


def test_about_actor_by_alias_gives_each_claim_and_quote(hand):
    assert rows(hand, "about-actor", actor="NF") == [
        ("North Front", "claimant", "accusation", "North Front", "South Army", "war crimes", "", "d1",
         "North Front accused South Army of war crimes."),
        ("North Front", "claimant", "accusation", "North Front", "South Army", "war crimes", "", "d2",
         "NF repeated its war-crimes charge."),
        ("North Front", "target", "accusation", "South Army", "North Front", "terrorism", "", "d1",
         'The army said the "Front" may be guilty of terrorism.'),
        ("North Front", "target", "accusation", "Watch Group", "North Front", "hostage-taking", "", "d2",
         "Watch Group did not accuse the Front of hostage-taking."),
        ("North Front", "target", "denial", "South Army", "North Front", "war crimes", "", "d2",
         "South Army rejected the charge."),
        ("North Front", "target", "responsibility", "Watch Group", "North Front", "perpetrator role", "Market attack",
         "d2", "Watch Group blamed the Front for the market attack."),
    ]


def test_claims_by_date_range_is_inclusive_and_a_month_of_its_own_is_a_period_not_the_date(hand):
    # the terrorism claim's kg:claimDate 2024-01 names a period; it was made when d1 was published
    assert rows(hand, "claims-by-date", **{"from": "2024-01-01", "to": "2024-01-15"}) == [
        ("2024-01-15", "accusation", "North Front", "South Army", "war crimes", "d1"),
        ("2024-01-15", "accusation", "South Army", "North Front", "terrorism", "d1"),
        ("2024-01-15", "figure", "South Army", "", "30 killed", "d1"),
    ]
    assert [row[0] for row in rows(hand, "claims-by-date", **{"from": "2024-02-01"})] == ["2024-02-03"] * 5
    assert len(rows(hand, "claims-by-date")) == 8


def test_a_parameter_is_bound_as_a_literal_not_pasted_as_sparql(hand):
    hostile = 'x" } } ; DROP ALL ; SELECT * { ?s ?p "'
    assert rows(hand, "about-actor", actor=hostile) == []
    bound = bind_parameters(named_query("about-actor").text, {"actor": hostile})
    assert 'VALUES ?actor { "x\\" } } ; DROP ALL ; SELECT * { ?s ?p \\"" }' in bound


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_given_as_a_parameter_comes_back_unchanged(hand, value):
    answer = run_query(hand, "SELECT ?v WHERE {\n  # param ?v: any text\n}", {"v": value})
    assert [row[0].value for row in answer.rows] == [value]


def test_parameter_errors_name_the_parameter(hand):
    with pytest.raises(QueryError, match=r"^the query has no parameter nope \(it takes: actor\)$"):
        rows(hand, "about-actor", nope="1")
    with pytest.raises(QueryError, match=r"^parameter from: '2024-1-5' is not a date; write it as YYYY-MM-DD$"):
        rows(hand, "claims-by-date", **{"from": "2024-1-5"})
    with pytest.raises(QueryError, match=r"^no named query 'nope'; `kgraph query --list` shows: about-actor, "):
        named_query("nope")


def test_select_formats(hand):
    answer = run_query(hand, "SELECT ?claim ?value WHERE { ?claim kg:value ?value } ORDER BY ?value")
    assert format_answer(answer, "csv") == ("claim,value\n"
                                           "https://w3id.org/kgraph/id/claim/c7,12\n"
                                           "https://w3id.org/kgraph/id/claim/c3,30\n")  # Oxigraph keeps decimals in canonical form
    assert format_answer(answer, "tsv").splitlines()[1] == "https://w3id.org/kgraph/id/claim/c7\t12"
    assert json.loads(format_answer(answer, "json")) == [
        {"claim": "https://w3id.org/kgraph/id/claim/c7", "value": 12},
        {"claim": "https://w3id.org/kgraph/id/claim/c3", "value": 30}]
    assert format_answer(answer, "table") == (
        "claim                                value\n"
        "-----------------------------------  -----\n"
        "https://w3id.org/kgraph/id/claim/c7  12\n"
        "https://w3id.org/kgraph/id/claim/c3  30\n")


def test_a_table_shortens_vocabulary_iris_to_names_that_paste_back(hand):
    answer = run_query(hand, "SELECT DISTINCT ?class WHERE { ?c kg:charge ?x ; a ?class } ORDER BY ?class")
    assert format_answer(answer, "table").splitlines()[2:] == ["kg:Accusation", "kg:Claim", "kg:Denial"]


def test_ask_prints_true_or_false(hand):
    assert format_answer(run_query(hand, "ASK { ?x kg:accuses ?x }")) == "false\n"
    assert format_answer(run_query(hand, "ASK { ?x a kg:Denial }")) == "true\n"


def test_construct_prints_turtle_that_parses_back(hand):
    text = format_answer(run_query(hand, "CONSTRUCT { ?a kg:accuses ?b } WHERE { ?c a kg:Accusation ; "
                                         "kg:claimant ?a ; kg:target ?b }"))
    graph = Graph().parse(data=text, format="turtle")
    assert len(graph) == 3
    assert "@prefix kg: <https://w3id.org/kgraph/ontology#> ." in text


def test_the_store_reads_a_claim_stated_in_two_documents_once(hand):
    answer = run_query(hand, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(answer.rows[0][0].value) == len(hand) == 141
    per_graph = run_query(hand, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    assert [(g.value, int(n.value)) for g, n in per_graph.rows] == [
        ("https://w3id.org/kgraph/id/graph/d1", 45), ("https://w3id.org/kgraph/id/graph/d2", 73)]


@pytest.mark.parametrize(("text", "form"), [
    ("SELECT * {}", "SELECT"),
    ("PREFIX ex: <http://example.org/a#b>\n# a comment with INSERT\nask {}", "ASK"),
    ("BASE <http://example.org/#x> PREFIX : <http://example.org/> CONSTRUCT WHERE {}", "CONSTRUCT"),
    ("  # only a comment\n", ""),
    ("PREFIX ex: <http://example.org/#>\nDELETE WHERE { ?s ?p ?o }", "DELETE"),
])
def test_query_form_skips_comments_and_prologue(text, form):
    assert query_form(text) == form


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["query", *args], input=stdin)


def test_cli_syntax_error_names_line_and_column_and_exits_3():
    result = run(str(TWO_DOCUMENTS), "SELECT ?x WHERE {\n  ?x kg:label ?y\n  FILTER( }")
    assert result.exit_code == 3
    assert result.output.startswith("kgraph: error: SPARQL syntax error at line 3, column 12: ")
    assert "Traceback" not in result.output


def test_cli_unknown_prefix_is_named_as_such():
    result = run(str(TWO_DOCUMENTS), "SELECT ?x WHERE {\n  ?x foo:bar ?y }")
    assert result.exit_code == 3
    assert result.output == ("kgraph: error: SPARQL syntax error at line 2, column 13: unknown prefix "
                             "(declared: kg, kgr, kgc, oa, wd, prov, dcterms, skos, owl, rdf, rdfs, xsd)\n")


def test_cli_refuses_an_update():
    result = run(str(TWO_DOCUMENTS), "PREFIX ex: <http://example.org/#>\nINSERT DATA { ex:a ex:b ex:c }")
    assert result.exit_code == 3
    assert result.output == ("kgraph: error: kgraph query only reads: SPARQL Update (INSERT) is refused; "
                             "change the graph by rebuilding it\n")


def test_cli_reads_the_query_from_an_argument_a_file_or_standard_input(tmp_path):
    text = "SELECT ?label WHERE { ?x a kg:ArmedForces ; rdfs:label ?label }"
    expected = "label\n----------\nSouth Army\n"
    query_file = tmp_path / "forces.rq"
    query_file.write_text(text, encoding="utf-8")
    assert run(str(TWO_DOCUMENTS), text).output == expected
    assert run(str(TWO_DOCUMENTS), "-f", str(query_file)).output == expected
    assert run(str(TWO_DOCUMENTS), stdin=text).output == expected


def test_cli_named_query_with_a_parameter_on_a_store_folder(seed_store):
    result = run(str(seed_store), "--named", "about-actor", "--param", "actor=Hamas", "--format", "csv")
    assert result.exit_code == 0
    assert result.output.startswith("actorLabel,side,kind,claimant,target,what,eventLabel,doc,quote\n"
                                    "Hamas,target,accusation,Amnesty International,Hamas,")


def test_cli_usage_errors():
    assert "write NAME=VALUE" in run(str(TWO_DOCUMENTS), "--named", "about-actor", "--param", "Hamas").output
    assert "give one query" in run(str(TWO_DOCUMENTS), "ASK {}", "--named", "about-actor").output
    missing = run("/no/such/graph.ttl", "ASK {}")
    assert (missing.exit_code, missing.output) == (2, "kgraph: error: /no/such/graph.ttl: no such file\n")


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "SELECT * WHERE { FILTER(1<3)SERVICE#>\n<http://127.0.0.1:9/x> { ?s ?p ?o } }",  # "<3)SERVICE#>" is no IRI
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",  # escapes are decoded first
    "PREFIX kg: <x#> SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",  # rdflib cannot parse it
])
def test_service_is_refused_however_it_is_written(text):
    from kgraph.store.sparql import calls_service
    assert calls_service(text)
    with pytest.raises(QueryError, match="SERVICE .* is refused"):
        run_query(Graph(), text)


def test_the_word_service_elsewhere_is_fine():
    from kgraph.store.sparql import calls_service
    assert not calls_service('SELECT ?service WHERE { ?service ?p "service" }')
