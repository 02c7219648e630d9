"""The minutes structure model (issue 11): header vs title line vs attendance vs agenda vs body,
on hand-built pages. The randomised corpus is scored in test_minutes_random.py."""
from __future__ import annotations

from pipeline.facts.minutes.extract import extract_minutes
from pipeline.facts.minutes.people import parse_entry
from pipeline.pdf.metadata import detect
from tests.test_metadata import make_doc as words_doc
from tests.test_minutes import make_doc, make_page, table


def test_meeting_date_comes_from_the_title_line_not_the_letter_date_above_it():
    doc = detect(words_doc([
        ("LOKALPOLITIET", 9), ("26. marts 2009", 9), ("Sagsbehandler: phs", 9),
        ("DAGSORDEN / REFERAT af møde i Lokalrådet for Lejre Kommune,", 12),
        ("mandag den 23. marts 2009 kl. 1600, Lejre Rådhus", 12),
        ("Til stede: Linda Brask (LB), Karen Sommer (KS)", 10),
    ]))
    assert doc.meta.meeting_date == "2009-03-23"


def test_a_date_line_under_a_dateless_title_wins_over_the_letterhead_date():
    doc = detect(words_doc([
        ("Dato: 30-07-2010", 9), ("Sagsbehandler: abc", 9),
        ("Beslutningsreferat fra møde 3/2010 i Lokalrådet for Holbæk Kommune", 14),
        ("Mødedato: tirsdag den 27.7.2010 kl. 13.30", 10),
        ("Deltagere:", 10),
    ]))
    assert (doc.meta.meeting_date, doc.meta.meeting_no) == ("2010-07-27", "3/2010")


def test_a_date_quoted_in_the_body_is_never_the_meeting_date():
    doc = detect(words_doc([
        ("Referat Kredsrådets møde", 14), ("Til stede: Jens Hansen, borgmester, Køge Kommune", 10),
        ("Referatet af mødet den 12. marts 2014 blev godkendt.", 10),
    ]))
    assert doc.meta.meeting_date == ""


def test_the_letter_date_is_the_last_resort():
    doc = detect(words_doc([("14. marts 2014", 9), ("Referat af kredsrådsmødet", 14), ("Til stede:", 10)]))
    assert doc.meta.meeting_date == "2014-03-14"


def test_a_lokalraad_that_never_names_its_district_gets_it_from_its_municipality():
    doc = detect(words_doc([("Referat af møde i Lokalrådet i Fanø Kommune den 27.03.2014", 14)]))
    assert (doc.meta.municipality, doc.meta.district) == ("Fanø Kommune", "Syd- og Sønderjyllands Politi")


def test_word_table_with_number_and_title_in_the_dagsordenpunkt_column_gives_every_item():
    rows = [["Dagsordenpunkt", "", "Emne", "Beslutning", "Status"],
            ["1. Godkendelse af dagsorden", "PHS", "Dagsorden", "Godkendt uden bemærkninger.", "ok"],
            ["2. Godkendelse af referat", "PHS", "Mødet den 4. december", "Godkendt uden bemærkninger.", "ok"],
            ["3. Orientering om kriminalitetsudviklingen", "PHS", "Statistik", "Fremlagt og drøftet.", "ok"]]
    items = extract_minutes(make_doc([make_page(1, ["Referat"], [table(1, 100, rows)])]))["agenda_items"]
    assert [(i["item_no"], i["title"], i["decision"]) for i in items] == [
        ("1", "Godkendelse af dagsorden", "Godkendt uden bemærkninger."),
        ("2", "Godkendelse af referat", "Godkendt uden bemærkninger."),
        ("3", "Orientering om kriminalitetsudviklingen", "Fremlagt og drøftet.")]


def test_a_decision_column_that_also_holds_the_account_decides_by_its_concluding_statement():
    rows = [["Pkt.", "Emne", "Beslutning/referat"],
            ["1.", "Indbrud", "Politiet har haft fokus på weekenderne. Taget til efterretning."],
            ["2.", "Tryghed", "Der er planlagt et temamøde i efteråret."]]
    items = extract_minutes(make_doc([make_page(1, ["Referat"], [table(1, 100, rows)])]))["agenda_items"]
    assert [i["decision"] for i in items] == ["Taget til efterretning.", ""]
    assert items[1]["item_text"] == "Der er planlagt et temamøde i efteråret."


def test_narrative_ad_sections_give_decision_and_whole_item_text():
    page = make_page(1, ["Dagsorden:", "1. Godkendelse af dagsorden\n2. Orientering fra politiet\n3. Eventuelt",
                         ("heading", "Ad 1."), "Dagsordenen blev godkendt.",
                         ("heading", "Ad. pkt. 2. Orientering fra politiet"),
                         "PHS orienterede om SSP-\nsamarbejdet kl. 16.00. Der var ingen spørgsmål.",
                         ("heading", "Ad 3:"), "Ingen bemærkninger."])
    items = extract_minutes(make_doc([page]))["agenda_items"]
    assert [(i["item_no"], i["title"], i["decision"]) for i in items] == [
        ("1", "Godkendelse af dagsorden", "Dagsordenen blev godkendt."),
        ("2", "Orientering fra politiet", "PHS orienterede om SSP-samarbejdet kl. 16.00."),
        ("3", "Eventuelt", "Ingen bemærkninger.")]
    assert items[1]["item_text"] == "PHS orienterede om SSP-samarbejdet kl. 16.00. Der var ingen spørgsmål."


def test_absence_reasons_are_their_own_column():
    for text, reason in [("Borgmester Jens Hansen, Køge Kommune pga. ferie", "ferie"),
                         ("Jens Hansen, borgmester, Køge Kommune (sygdom)", "sygdom"),
                         ("Jens Hansen – borgmester, Køge Kommune grundet anden mødeaktivitet", "anden mødeaktivitet")]:
        [p] = parse_entry(text, "absent")
        assert (p.name, p.role, p.organisation, p.reason) == ("Jens Hansen", "borgmester", "Køge Kommune", reason)


def test_chair_marker_keeps_the_printed_role_and_notes_are_not_organisations():
    [p] = parse_entry("Martin Winther (formand), politiinspektør, Fyns Politi", "present")
    assert (p.role, p.chair, p.organisation) == ("politiinspektør", "formand", "Fyns Politi")
    [g] = parse_entry("Konsulent Pia Nyborg, Kriminalforsorgen (under pkt. 4)", "present")
    assert (g.role, g.organisation) == ("konsulent", "Kriminalforsorgen")


def test_group_lines_give_organisations_and_departures_are_not_people():
    page = make_page(1, ["Til stede:", "Fra politiet:\nPolitiinspektør Karen Qvist",
                         "Fra Stevns Kommune:\nSSP-konsulent Ulla Frandsen\nSkolechef Bo Lund",
                         "Bo Lund forlod mødet kl. 17.40 under behandling af pkt. 3.",
                         "Afbud:", "Socialchef Tina Thomsen, Stevns Kommune pga. kursus",
                         ("heading", "Dagsorden")])
    doc = make_doc([page], council="lokalråd")
    doc.meta.district, doc.meta.municipality = "Midt- og Vestsjællands Politi", "Stevns Kommune"
    people = {p["name"]: p for p in extract_minutes(doc)["attendees"]}
    assert {n: (p["role"], p["organisation"], p["status"], p["absence_reason"]) for n, p in people.items()} == {
        "Karen Qvist": ("politiinspektør", "Midt- og Vestsjællands Politi", "present", ""),
        "Ulla Frandsen": ("SSP-konsulent", "Stevns Kommune", "present", ""),
        "Bo Lund": ("skolechef", "Stevns Kommune", "present", ""),
        "Tina Thomsen": ("socialchef", "Stevns Kommune", "absent", "kursus")}


def test_attendee_table_header_row_is_never_a_person():
    rows = [["Navn", "Funktion", "Organisation"], ["Jens Hansen", "borgmester", "Køge Kommune"]]
    people = extract_minutes(make_doc([make_page(1, ["Deltagere:"], [table(1, 100, rows)])]))["attendees"]
    assert [(p["name"], p["role"]) for p in people] == [("Jens Hansen", "borgmester")]


def test_names_and_organisations_wrapped_over_lines_are_glued_back():
    page = make_page(1, ["Til stede: Flemming Nyborg (FN), Camilla Bach Andersen (CBA), Lars Bak\n"
                         "Pallesen (LBP), Peter Kragh (PK).",
                         "Afbud:\nKirsten Qvist, politiinspektør, Sydsjællands og Lolland-Falsters\n"
                         "Politi (tjenesterejse)",
                         ("heading", "Dagsorden")])
    people = {p["name"]: p for p in extract_minutes(make_doc([page]))["attendees"]}
    assert set(people) == {"Flemming Nyborg", "Camilla Bach Andersen", "Lars Bak Pallesen", "Peter Kragh",
                           "Kirsten Qvist"}
    assert (people["Kirsten Qvist"]["organisation"], people["Kirsten Qvist"]["absence_reason"]) == (
        "Sydsjællands og Lolland-Falsters Politi", "tjenesterejse")


def test_a_referent_who_only_signs_after_the_items_is_not_a_participant():
    page = make_page(1, ["Til stede:", "Borgmester Jens Hansen, Køge Kommune",
                         ("heading", "Ad 1. Godkendelse af dagsorden"), "Godkendt.",
                         "Referent: Lise Holm"])
    people = extract_minutes(make_doc([page]))["attendees"]
    assert [p["name"] for p in people] == ["Jens Hansen"]
