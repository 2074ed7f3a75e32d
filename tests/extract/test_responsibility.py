"""Responsibility attributions and their roles."""
from helpers.extraction import run


def roles(text):
    return [(c.claimant.split("/")[1], c.target.split("/")[1], c.role, c.event)
            for c in run(text).claims if c.kind == "responsibility"]


def test_chief_and_coordinated_smaller_roles():
    text = ("Amnesty said Hamas was chiefly responsible for the October 7 attack, while Palestinian Islamic Jihad "
            "and the al-Aqsa Martyrs' Brigades played smaller roles.")
    assert roles(text) == [
        ("amnesty-international", "hamas", "chief", "event/2025-10-07-attack"),
        ("amnesty-international", "palestinian-islamic-jihad", "secondary", "event/2025-10-07-attack"),
        ("amnesty-international", "al-aqsa-martyrs-brigades", "secondary", "event/2025-10-07-attack"),
    ]


def test_parenthetical_speaker():
    text = "The Wagner Group was primarily responsible for the massacre in Moura, HRW said."
    assert roles(text) == [("human-rights-watch", "wagner-group", "chief", "event/massacre-in-moura")]


def test_held_responsible():
    assert roles("The United States held Iran responsible for the drone strike on Tower 22.") == [
        ("united-states", "iran", "responsible", "event/strike-on-tower-22")]


def test_blamed_for_an_event_is_responsibility_not_an_accusation():
    extraction = run("The Ukrainian government blamed Russia for the attack on the Kramatorsk train station.")
    assert [c.kind for c in extraction.claims] == ["responsibility"]
    assert roles("The Ukrainian government blamed Russia for the attack on the Kramatorsk train station.") == [
        ("ukrainian-government", "russia", "responsible", "event/attack-on-the-kramatorsk-train-station")]


def test_blamed_for_a_gerund_naming_an_event():
    assert roles("The Rapid Support Forces blamed the Sudanese Armed Forces for shelling the market.") == [
        ("rapid-support-forces", "sudanese-armed-forces", "responsible", None)]
    assert roles("The Rapid Support Forces blamed the Sudanese Armed Forces for leaving the city.") == []


def test_blamed_in_the_passive():
    assert roles("Russia was blamed by the Ukrainian government for the attack on the Kramatorsk train station.") == [
        ("ukrainian-government", "russia", "responsible", "event/attack-on-the-kramatorsk-train-station")]
