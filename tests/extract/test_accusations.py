"""Accusation patterns, each on sentences written for it."""
import pytest

from kgraph.extract import extract
from kgraph.ingest import read_document
from kgraph.knowledge import load_knowledge
from kgraph.nlp import load_pipeline

from helpers.extraction import claims, run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # active verb with "of" / "with"
        ("Human Rights Watch accused Russian forces of war crimes in Bucha.",
         [("accusation", "human-rights-watch", "russian-armed-forces", "war-crimes")]),
        ("The ICC charged Hamas with hostage-taking.",
         [("accusation", "international-criminal-court", "hamas", "hostage-taking")]),
        # passive voice: "Y was accused by X of Z"
        ("Hamas was accused by Amnesty International of hostage-taking.",
         [("accusation", "amnesty-international", "hamas", "hostage-taking")]),
        # reported speech: "X said Y committed Z"
        ("Human Rights Watch said Sudan's Rapid Support Forces committed ethnic cleansing in West Darfur.",
         [("accusation", "human-rights-watch", "rapid-support-forces", "ethnic-cleansing")]),
        # a verb that is the charge itself
        ("Amnesty said Russian troops tortured detainees in Izium.",
         [("accusation", "amnesty-international", "russian-armed-forces", "torture")]),
        # nominal form: "X's accusation that Y committed Z"
        ("Amnesty's accusation that Israel committed genocide drew criticism.",
         [("accusation", "amnesty-international", "israel", "genocide")]),
    ],
)
def test_pattern(text, expected):
    assert claims(text, "accusation") == expected


def test_coordinated_charges_are_one_claim_each():
    assert claims("Amnesty said the Tatmadaw committed war crimes and crimes against humanity.", "accusation") == [
        ("accusation", "amnesty-international", "tatmadaw", "war-crimes"),
        ("accusation", "amnesty-international", "tatmadaw", "crimes-against-humanity"),
    ]


def test_a_list_of_charges_the_parser_breaks_is_read_on():
    text = "The UN accused the RSF of summary executions, sexual violence and the deliberate shelling of civilians."
    assert claims(text, "accusation") == [
        ("accusation", "united-nations", "rapid-support-forces", "unlawful-killings"),
        ("accusation", "united-nations", "rapid-support-forces", "sexual-violence"),
        ("accusation", "united-nations", "rapid-support-forces", "attacks-on-civilians"),
    ]
    found = claims("The UN accused the RSF of torture, and Hamas of hostage-taking.", "accusation")
    assert ("accusation", "united-nations", "rapid-support-forces", "torture") in found
    assert ("accusation", "united-nations", "rapid-support-forces", "hostage-taking") not in found  # another list


def test_coordinated_accused_are_one_claim_each():
    assert claims("The UN accused Hamas and Palestinian Islamic Jihad of hostage-taking.", "accusation") == [
        ("accusation", "united-nations", "hamas", "hostage-taking"),
        ("accusation", "united-nations", "palestinian-islamic-jihad", "hostage-taking"),
    ]


def test_a_second_claimant_the_parser_joins_to_a_word_inside_the_first_name():
    assert claims("The Committee to Protect Journalists and Amnesty International accused Ethiopia of torture.",
                  "accusation") == [
        ("accusation", "committee-to-protect-journalists", "ethiopia", "torture"),
        ("accusation", "amnesty-international", "ethiopia", "torture"),
    ]


def test_negated_accusation_keeps_its_hedge():
    [claim] = run("The UN did not accuse Israel of genocide.").claims
    assert (claim.kind, claim.charge, claim.status) == ("accusation", "genocide", "negated")


def test_possible_accusation_keeps_its_hedge():
    [claim] = run("Amnesty said the attacks could amount to war crimes by Hamas.").claims
    assert (claim.claimant, claim.target, claim.charge, claim.status) == (
        "actor/amnesty-international", "actor/hamas", "war-crimes", "possible")


def test_charge_outside_the_taxonomy_keeps_its_words():
    [claim] = run("The United Nations has accused the Rwandan government of arming the rebels.").claims
    assert (claim.target, claim.charge, claim.charge_text) == (
        "actor/government-of-rwanda", None, "arming the rebels")


def test_descriptor_refers_back_to_the_organisation():
    text = "Amnesty International published a report. The organization said Hamas committed war crimes."
    assert claims(text, "accusation") == [("accusation", "amnesty-international", "hamas", "war-crimes")]


def test_acronym_defined_in_the_text():
    text = ("The Sudan Liberation Army (SLA) accused the Sudanese Armed Forces of war crimes. "
            "The SLA also accused the RSF of sexual violence.")
    assert claims(text, "accusation") == [
        ("accusation", "sudan-liberation-army", "sudanese-armed-forces", "war-crimes"),
        ("accusation", "sudan-liberation-army", "rapid-support-forces", "sexual-violence"),
    ]


def test_no_accuser_no_accusation():
    assert claims("Civilians were killed in the war crimes investigation area.", "accusation") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Amnesty International charged Hamas with war crimes on Thursday.", "2025-12-11"),
        ("Amnesty said last month that Israel committed genocide.", "2025-11"),
        ("Human Rights Watch accuses the M23 of torture.", "2025-12-11"),  # present tense: as published
        ("Human Rights Watch accused the M23 of torture in 2012.", "2012"),
        ("Human Rights Watch accused the M23 of torture.", None),  # past, undated: unknown
    ],
)
def test_claim_dates(text, expected):
    assert run(text).claims[0].date == expected


def test_evidence_offsets_count_from_the_start_of_the_file(tmp_path):
    text = "date 2025-12-11 Intro line.\n\nThe ICC charged Hamas with hostage-taking. More text."
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    document = read_document(path)
    [claim] = extract(document, load_pipeline()(document.body), load_knowledge()).claims
    evidence = claim.evidence
    assert evidence.quote == "The ICC charged Hamas with hostage-taking."
    assert (evidence.doc, evidence.start, evidence.end) == ("a", 29, 71)
    assert text[evidence.start:evidence.end] == evidence.quote


def test_hedged_charge_is_possible_while_its_neighbour_is_asserted():
    text = "Human Rights Watch accused the RSF of crimes against humanity and possible genocide against the Masalit."
    assert [(c.charge, c.status) for c in run(text).claims] == [
        ("crimes-against-humanity", "asserted"), ("genocide", "possible")]


def test_charge_words_match_in_any_inflection():
    assert claims("Human Rights Watch said the RSF targeted civilians.", "accusation") == [
        ("accusation", "human-rights-watch", "rapid-support-forces", "attacks-on-civilians")]


def test_acts_that_may_amount_to_a_charge_belong_to_their_doer():
    text = ("The United Nations human rights office said on Friday that Sudan's Rapid Support Forces killed "
            "hundreds of civilians, and warned that the attacks may amount to ethnic cleansing.")
    [claim] = run(text).claims
    assert (claim.claimant, claim.target, claim.charge, claim.status, claim.date) == (
        "actor/ohchr", "actor/rapid-support-forces", "ethnic-cleansing", "possible", "2025-12-05")


def test_pronoun_object_refers_to_the_person():
    text = ("The International Criminal Court issued an arrest warrant for Vladimir Putin, "
            "accusing him of the unlawful deportation of children.")
    assert claims(text, "accusation") == [
        ("accusation", "international-criminal-court", "vladimir-putin", "forcible-transfer")]


def test_list_of_accusers_and_a_plural_reference_to_them():
    text = ("Amnesty International and Human Rights Watch said on Wednesday that Amhara security forces carried out "
            "a campaign of ethnic cleansing in western Tigray. The rights groups said the abuses amounted to "
            "war crimes.")
    assert sorted(claims(text, "accusation")) == [
        ("accusation", "amnesty-international", "amhara-security-forces", "ethnic-cleansing"),
        ("accusation", "amnesty-international", "amhara-security-forces", "war-crimes"),
        ("accusation", "human-rights-watch", "amhara-security-forces", "ethnic-cleansing"),
        ("accusation", "human-rights-watch", "amhara-security-forces", "war-crimes"),
    ]
    fighters = next(e for e in run(text).entities if e.key == "actor/amhara-security-forces")
    assert (fighters.label, fighters.type) == ("Amhara security forces", "ArmedGroup")


def test_arrest_warrants_accuse_each_person_of_each_charge():
    text = ("ICC prosecutor Karim Khan is seeking arrest warrants for Benjamin Netanyahu and Yahya Sinwar "
            "over alleged war crimes.")
    assert claims(text, "accusation") == [
        ("accusation", "karim-khan", "benjamin-netanyahu", "war-crimes"),
        ("accusation", "karim-khan", "yahya-sinwar", "war-crimes"),
    ]
    assert {c.date for c in run(text).claims} == {"2025-12-11"}  # present progressive: as published


def test_applying_for_warrants_accuses_the_person_they_are_against():
    text = ("The International Criminal Court prosecutor applied for arrest warrants against Haibatullah Akhundzada "
            "on charges of gender persecution.")
    assert claims(text, "accusation") == [
        ("accusation", "international-criminal-court", "haibatullah-akhundzada", "persecution")]


def test_according_to_a_report_names_the_accuser():
    assert claims("According to a UN report, the Houthis recruited child soldiers.", "accusation") == [
        ("accusation", "united-nations", "houthis", "child-soldiers")]


def test_a_dateline_does_not_hide_the_accuser_and_the_agency_only_relays():
    text = "THE HAGUE, Netherlands (AP) — The Sudan Liberation Army (SLA) accused the RSF of war crimes, the AP reported."
    assert claims(text, "accusation") == [
        ("accusation", "sudan-liberation-army", "rapid-support-forces", "war-crimes")]
    assert claims("Reuters reported that Russian forces tortured prisoners.") == []


def test_both_accused_and_a_charge_hedged_inside_a_relative_clause():
    text = ("The United Nations has accused both the Saudi-led coalition and the Houthis of violations "
            "that may amount to war crimes. The coalition has denied targeting civilians.")
    extraction = run(text)
    assert [(c.kind, c.target, c.charge, c.status) for c in extraction.claims if c.charge == "war-crimes"] == [
        ("accusation", "actor/saudi-led-coalition", "war-crimes", "possible"),
        ("accusation", "actor/houthis", "war-crimes", "possible"),
    ]
    [denial] = [c for c in extraction.claims if c.kind == "denial"]
    assert denial.claimant == "actor/saudi-led-coalition"


def test_a_speaker_does_not_accuse_its_own_side():
    text = "Houthi spokesman Yahya Saree said the group would continue its attacks until Israel stops its aggression."
    assert claims(text, "accusation") == [("accusation", "yahya-saree", "israel", "aggression")]


def test_a_surname_the_model_takes_for_a_place_is_the_person_named_before():
    text = ("Ukraine's Prosecutor General Andriy Kostin accused Russian forces on Thursday of executing prisoners of "
            "war.\n\nKostin said investigators had opened a criminal case into the killings under the article "
            "covering violations of the laws and customs of war.")
    entities = {entity.key: (entity.type, sorted(entity.aliases)) for entity in run(text).entities}
    assert entities["actor/andriy-kostin"] == ("Person", ["Kostin"])
    assert "place/kostin" not in entities
