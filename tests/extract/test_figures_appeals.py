"""Figures with their sources, and appeals with their addressees."""
from helpers.extraction import run


def figures(text):
    return [(c.claimant and c.claimant.split("/")[1], c.quantity, c.value, c.event)
            for c in run(text).claims if c.kind == "figure"]


def appeals(text):
    return [(c.claimant.split("/")[1], c.target and c.target.split("/")[1], c.charge_text)
            for c in run(text).claims if c.kind == "appeal"]


def test_according_to_names_the_source():
    assert figures("According to the Gaza Health Ministry, 350 people were killed in the strikes.") == [
        ("gaza-health-ministry", "killed", 350.0, None)]


def test_reported_figure_with_event():
    assert figures("UNICEF said at least 1,200 children had been displaced by the fighting in North Kivu.") == [
        ("unicef", "displaced", 1200.0, "event/fighting-in-north-kivu")]


def test_subject_of_a_listing_verb_is_the_source():
    assert figures("Israeli authorities list 1,221 people killed in the assault.") == [
        ("israeli-authorities", "killed", 1221.0, None)]


def test_appeal_with_addressee_and_a_second_appeal():
    assert appeals("Amnesty urged Hamas to release all hostages and called for an immediate ceasefire.") == [
        ("amnesty-international", "hamas", "to release all hostages"),
        ("amnesty-international", None, "an immediate ceasefire"),
    ]


def test_called_on():
    assert appeals("The ICC prosecutor called on Russia to end the deportation of children.") == [
        ("international-criminal-court", "russia", "to end the deportation of children")]


def test_calling_something_a_name_is_no_appeal():
    assert appeals("Amnesty called the attack a war crime.") == []


def test_appeal_joined_to_a_reported_clause_is_the_speakers():
    text = ("Amnesty International said Russian forces committed war crimes in Bucha, "
            "and urged the international community to support investigations.")
    assert appeals(text) == [("amnesty-international", None, "to support investigations")]


def test_a_court_order_to_an_actor_is_an_appeal_but_an_evacuation_order_is_not():
    assert appeals("The International Court of Justice ordered Israel to prevent acts of genocide in Gaza.") == [
        ("international-court-of-justice", "israel", "to prevent acts of genocide in Gaza")]
    assert appeals("The Israeli military ordered the evacuation of northern Gaza.") == []


def test_a_toll_that_rose_to_a_number_with_a_parenthetical_source():
    assert figures("The death toll has risen to 3,000, the Health Ministry in Gaza said on Sunday.") == [
        ("gaza-health-ministry", "killed", 3000.0, None)]


def test_scaled_numbers_and_what_they_count():
    assert figures("Officials said the number of displaced people had reached 1.5 million.") == [
        (None, "displaced", 1500000.0, None)]


def test_dates_are_not_figures():
    assert figures("Amnesty said 12 people were killed in the 7 October 2023 assault.") == [
        ("amnesty-international", "killed", 12.0, "event/2023-10-07-attack")]


def test_a_descriptor_with_a_modifier_finds_the_name_it_repeats_paragraphs_back():
    text = ("The Gaza Health Ministry said 34 people were killed in the strike.\n\n"
            "The Israeli military said it had struck a command centre. It said the compound was used by Hamas. "
            "Hamas denied this. The military gave no figure.\n\n"
            "The health ministry says 35,000 people have been killed in Gaza.")
    assert [figure[:3] for figure in figures(text)] == [
        ("gaza-health-ministry", "killed", 34.0), ("gaza-health-ministry", "killed", 35000.0)]


def test_what_was_done_to_the_counted_decides_the_quantity():
    assert [figure[1:3] for figure in figures("Kostin said Russian forces executed at least 16 prisoners of war.")] == [
        ("executed", 16.0)]
    assert [figure[1:3] for figure in figures("Kostin documented the executions of at least 79 prisoners.")] == [
        ("executed", 79.0)]
    assert [figure[1:3] for figure in figures("Police detained 10 refugees, the UN said.")] == [("detained", 10.0)]
    assert [figure[1:3] for figure in figures("HRW documented the killing of 30 civilians.")] == [("killed", 30.0)]
    assert [figure[1:3] for figure in figures("The UN said 30 prisoners were moved.")] == [("detained", 30.0)]


def test_an_owners_members_or_allies_are_not_the_owner():
    assert appeals("Amnesty urged the court's member states to arrest the suspects.") == [
        ("amnesty-international", None, "to arrest the suspects")]
    assert appeals("Amnesty urged Israel's allies to halt arms transfers.") == [
        ("amnesty-international", None, "to halt arms transfers")]
    assert appeals("Amnesty urged Israel's government to lift the blockade.") == [
        ("amnesty-international", "israeli-authorities", "to lift the blockade")]


def test_a_report_belongs_to_who_speaks_in_it_not_to_the_latest_name():
    text = ("In a report released in Geneva, the Office of the High Commissioner for Human Rights accused the RSF of "
            "summary executions. The office said many of the victims were women and children.\n\n"
            '"These acts may amount to war crimes," High Commissioner Volker Turk said in a statement.\n\n'
            "The RSF denied targeting civilians. In a statement posted on Telegram, the group said its fighters had "
            "entered Zamzam to expel army-aligned militias.\n\n"
            "The report also documented abuses by the army. The Sudanese Armed Forces carried out air strikes on a "
            "market in Nyala in February that killed 43 civilians, according to the report.")
    [figure] = [c for c in run(text).claims if c.kind == "figure" and c.value == 43.0]
    assert (figure.claimant, figure.report) == ("actor/ohchr", "report/t-ohchr")


def test_demands_and_denied_clauses_read_as_the_text_spaces_them():
    assert appeals("Amnesty urged the UN to investigate Israel's army-aligned militias, quickly.") == [
        ("amnesty-international", "united-nations", "to investigate Israel's army-aligned militias quickly")]
    [denial] = run("The RSF denied that its army-aligned militias shelled Israel's camp.").claims
    assert denial.charge_text == "its army-aligned militias shelled Israel's camp"
