"""Denials: who denies, whose claim, and which accusation each refutes."""
from helpers.extraction import claims, run


def test_relative_clause_denial_refutes_the_accusation():
    extraction = run("Amnesty accused Israel of genocide, an allegation Israel denies.")
    accusation, denial = extraction.claims
    assert (denial.kind, denial.claimant, denial.target, denial.charge) == (
        "denial", "actor/israel", "actor/amnesty-international", "genocide")
    [refuted] = denial.refutes
    assert (refuted.claimant, refuted.target, refuted.charge) == (accusation.claimant, accusation.target, "genocide")


def test_the_group_that_denies_is_the_accused_not_the_accuser():
    text = "Human Rights Watch accuses the March 23 Movement of torture. The group has denied the accusations."
    assert claims(text) == [
        ("accusation", "human-rights-watch", "m23", "torture"),
        ("denial", "m23", "human-rights-watch", "torture"),
    ]


def test_passive_denial():
    text = "Amnesty accused Israel of genocide. The accusation was rejected by the Israeli government."
    assert claims(text, "denial") == [("denial", "israeli-authorities", "amnesty-international", "genocide")]


def test_denial_of_the_part_answers_accusations_against_the_whole():
    text = "Ukraine's prosecutor general said Russian troops tortured civilians in Bucha. Russia denied the allegations."
    assert claims(text) == [
        ("accusation", "ukraine", "russian-armed-forces", "torture"),
        ("denial", "russia", "ukraine", "torture"),
    ]


def test_denied_content_outside_the_taxonomy_keeps_its_words():
    assert claims("The Rwandan government denied supporting the rebels.") == [
        ("denial", "government-of-rwanda", None, "supporting the rebels")]


def test_denial_implies_the_accusation_it_answers():
    text = ("Human Rights Watch published a report on Congo. "
            "A rebel group, the M23, denied allegations it has committed war crimes.")
    denial = next(c for c in run(text).claims if c.kind == "denial")
    assert (denial.claimant, denial.charge) == ("actor/m23", "war-crimes")


def test_saying_a_charge_is_false_is_a_denial_by_the_speaker():
    text = ("South Africa accused Israel of genocide. Israeli Prime Minister Benjamin Netanyahu said the genocide "
            "charge was false.")
    assert claims(text, "denial") == [("denial", "benjamin-netanyahu", "south-africa", "genocide")]


def test_labelling_accusations_baseless_is_a_denial():
    text = "Human Rights Watch accused Russia of war crimes. The Kremlin called the accusations baseless."
    assert claims(text, "denial") == [("denial", "russian-government", "human-rights-watch", "war-crimes")]


def test_a_head_of_state_denies_for_the_state():
    text = ("The UN accused Rwanda of backing the M23 rebels. "
            "Kagame has repeatedly rejected claims that Rwanda backs the M23.")
    denial = run(text).claims[-1]
    assert (denial.claimant, denial.target, denial.charge_text) == (
        "actor/paul-kagame", "actor/united-nations", "Rwanda backs the M23")
    assert [r.charge_text for r in denial.refutes] == ["backing the M23 rebels"]


def test_a_denial_without_an_allegation_implies_no_accusation():
    text = ("Human Rights Watch accused the RSF of crimes against humanity. "
            "The RSF's leader has previously denied that his fighters target civilians.")
    assert [c.kind for c in run(text).claims] == ["accusation", "denial"]


def test_rejecting_the_findings_answers_the_latest_accuser():
    text = ("The UN said the RSF committed ethnic cleansing. Human Rights Watch accused the RSF of crimes against "
            "humanity. The paramilitary group rejected the findings.")
    assert claims(text, "denial") == [
        ("denial", "rapid-support-forces", "human-rights-watch", "crimes-against-humanity")]


def test_an_aside_after_the_denied_clause_is_not_what_is_denied():
    text = ('Hamas denied that its fighters were present at the school, calling the Israeli account '
            '"lies intended to justify the killing of women and children."')
    [denial] = run(text).claims
    assert (denial.kind, denial.claimant, denial.charge, denial.charge_text) == (
        "denial", "actor/hamas", None, "its fighters were present at the school")
