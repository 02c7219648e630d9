"""Minutes and handleplaner as data (pipeline/facts/minutes/extract.py), on hand-built documents.

The sample corpus is scored against its gold once, by pipeline.quality.evaluate, in test_quality.py."""
from __future__ import annotations

import pytest

from pipeline.facts.minutes.extract import extract_minutes
from pipeline.model import BBox, Block, Document, DocumentMeta, Line, Page, TableData, Word

def _block(page: int, text: str, top: float, kind: str = "body", order: int = 0, level=None) -> Block:
    lines = [Line([Word(w, 0, top, 10, top + 10) for w in ln.split()], BBox(0, top, 500, top + 10))
             for ln in text.splitlines()]
    return Block(kind, lines, BBox(0, top, 500, top + 12 * len(lines)), page, text=" ".join(text.splitlines()),
                 level=level, order=order)


def make_page(number: int, parts: list, tables: list[TableData] = ()) -> Page:
    """parts: str (a body block) or (kind, text); blocks stack from the top in order."""
    blocks, top = [], 50.0
    for i, part in enumerate(parts):
        kind, text = part if isinstance(part, tuple) else ("body", part)
        blocks.append(_block(number, text, top, kind, i, 1 if kind == "heading" else None))
        top += 14 * len(text.splitlines()) + 6
    return Page(number, 595, 842, blocks=blocks, tables=list(tables),
                text="\n".join(b.text for b in blocks))


def make_doc(pages: list[Page], doc_type: str = "referat", council: str = "kredsråd",
             date: str = "2014-03-14") -> Document:
    meta = DocumentMeta(doc_type=doc_type, council=council, meeting_date=date, year=int(date[:4]))
    return Document("x.pdf", "0" * 64, "doc1", pages=pages, meta=meta)


def table(page: int, top: float, rows: list[list]) -> TableData:
    return TableData(page, BBox(0, top, 500, top + 20 * len(rows)), rows)


PROSE = [
    ("heading", "Referat af møde nr. 1/2014 i Kredsrådet for Midt- og Vestsjællands Politi"),
    "Fredag den 14. marts 2014 kl. 10.00, Politigården i Holbæk",
    "Til stede:",
    "Borgmester Jens Hansen, Holbæk Kommune (JH)\nPolitidirektør Anne Sørensen, Midt- og Vestsjællands Politi (AS)",
    "Kommunaldirektør Peter Olsen, Køge Kommune",
    "Afbud: Borgmester Mette Larsen, Kalundborg Kommune; borgmester Ole Berg, Lejre Kommune",
    "Referent: Lise Holm, politiinspektør (LH)",
    ("heading", "Dagsorden"),
    "1. Godkendelse af dagsorden\n2. Orientering om indbrud\n3. Mødeplan 2015",
]
PROSE_P2 = [
    ("heading", "Ad 1) Godkendelse af dagsorden"),
    "Dagsordenen blev godkendt.",
    ("heading", "Ad 2) Orientering om indbrud"),
    "AS orienterede om udviklingen i antallet af indbrud i 2. kvartal 2013.",
    "Beslutning: Kredsrådet tog orienteringen til efterretning. Lokalrådene afrapporterer til "
    "kredsrådet på mødet i 3. kvartal 2014.",
    ("heading", "Ad 3) Mødeplan 2015"),
    "Kredsrådet mødes den 12. marts 2015 og den 4. juni 2015.",
    "Godkendt.",
]


def prose_doc() -> Document:
    return make_doc([make_page(1, PROSE), make_page(2, PROSE_P2)])


def test_prose_items_take_number_title_decision_and_start_page():
    items = extract_minutes(prose_doc())["agenda_items"]
    assert [(i["item_no"], i["title"], i["page"]) for i in items] == [
        ("1", "Godkendelse af dagsorden", 2), ("2", "Orientering om indbrud", 2), ("3", "Mødeplan 2015", 2)]
    assert items[1]["decision"].startswith("Kredsrådet tog orienteringen til efterretning.")
    assert items[0]["decision"] == "Dagsordenen blev godkendt."
    assert items[2]["decision"] == "Godkendt."
    assert all(i["meeting_date"] == "2014-03-14" for i in items)


def test_attendees_from_prose_lists_get_role_organisation_status():
    people = {p["name"]: p for p in extract_minutes(prose_doc())["attendees"]}
    assert set(people) == {"Jens Hansen", "Anne Sørensen", "Peter Olsen", "Mette Larsen", "Ole Berg", "Lise Holm"}
    assert people["Jens Hansen"] | {} == {**people["Jens Hansen"], "role": "borgmester",
                                          "organisation": "Holbæk Kommune", "status": "present", "initials": "JH"}
    assert people["Anne Sørensen"]["role"] == "politidirektør"
    assert people["Anne Sørensen"]["organisation"] == "Midt- og Vestsjællands Politi"
    assert people["Mette Larsen"]["status"] == "absent" and people["Ole Berg"]["status"] == "absent"
    assert people["Ole Berg"]["organisation"] == "Lejre Kommune"
    assert people["Lise Holm"]["role"] == "politiinspektør"


def test_initials_in_an_item_resolve_to_the_presenter():
    items = extract_minutes(prose_doc())["agenda_items"]
    assert items[1]["presenter"] == "Anne Sørensen"


def test_meeting_plan_dates_become_day_deadlines_of_the_council():
    # The council is the forum; nobody in particular acts (the gold's convention: actor empty).
    rows = [d for d in extract_minutes(prose_doc())["deadlines"] if d["precision"] == "day"]
    assert [(d["due_start"], d["forum"], d["actor"]) for d in rows] == [
        ("2015-03-12", "kredsrådet", ""), ("2015-06-04", "kredsrådet", "")]
    assert rows[0]["page"] == 2


def test_reporting_duty_in_an_item_is_a_quarter_deadline_and_past_periods_are_not():
    pytest.importorskip("pipeline.lang.periods")
    rows = [d for d in extract_minutes(prose_doc())["deadlines"] if d["precision"] == "quarter"]
    assert [(d["due_start"], d["due_end"]) for d in rows] == [("2014-07-01", "2014-09-30")]
    assert rows[0]["forum"] == "kredsrådet"


HEADER = ["Pkt.", "Emne", "Ansvarlig", "Beslutning", "Status"]


def table_doc(repeat_header: bool) -> Document:
    p1 = table(1, 200, [HEADER,
                        ["1", "Godkendelse af referat", "PD", "Godkendt", "Afsluttet"],
                        ["2", "Status på\nbandeindsatsen", "CPI", "Kredsrådet drøftede\nindsatsen og", "Åben"]])
    rows2 = [["", "", "", "besluttede at fortsætte.", ""], ["3", "Eventuelt", "", "Intet", ""]]
    p2 = table(2, 60, ([HEADER] if repeat_header else []) + rows2)
    return make_doc([make_page(1, ["Beslutningsreferat fra kredsrådsmøde den 14. marts 2014"], [p1]),
                     make_page(2, [], [p2])])


@pytest.mark.parametrize("repeat_header", [True, False])
def test_agenda_table_continues_over_the_page_break_and_merges_a_split_cell(repeat_header):
    items = extract_minutes(table_doc(repeat_header))["agenda_items"]
    assert [(i["item_no"], i["title"], i["page"]) for i in items] == [
        ("1", "Godkendelse af referat", 1), ("2", "Status på bandeindsatsen", 1), ("3", "Eventuelt", 2)]
    assert items[1]["decision"] == "Kredsrådet drøftede indsatsen og besluttede at fortsætte."
    assert items[1]["responsible"] == "CPI"


def test_attendee_table_with_status_column():
    t = table(1, 120, [["Navn", "Funktion", "Organisation", "Status"],
                       ["Jens Hansen", "Borgmester", "Holbæk Kommune", "Til stede"],
                       ["Mette Larsen", "SSP-konsulent", "Kalundborg Kommune", "Afbud"]])
    doc = make_doc([make_page(1, [("heading", "Deltagere")], [t])], council="lokalråd")
    people = extract_minutes(doc)["attendees"]
    assert [(p["name"], p["role"], p["organisation"], p["status"]) for p in people] == [
        ("Jens Hansen", "borgmester", "Holbæk Kommune", "present"),
        ("Mette Larsen", "SSP-konsulent", "Kalundborg Kommune", "absent")]


def test_attendee_table_under_a_section_title_takes_its_status():
    t = table(1, 120, [["Ole Berg", "Borgmester", "Lejre Kommune"]])
    doc = make_doc([make_page(1, ["Afbud:"], [t])])
    people = extract_minutes(doc)["attendees"]
    assert [(p["name"], p["status"]) for p in people] == [("Ole Berg", "absent")]


def test_dates_and_quarters_in_text_do_not_open_items():
    doc = make_doc([make_page(1, ["1. Orientering", "Mødet den", "14. marts blev aflyst.", "2. kvartal var roligt.",
                                  "2. Eventuelt", "Intet."])])
    assert [i["item_no"] for i in extract_minutes(doc)["agenda_items"]] == ["1", "2"]


def test_handleplan_activities_become_deadlines_except_ongoing_ones():
    t = table(1, 120, [["Aktivitet", "Ansvarlig", "Tidsfrist"],
                       ["Tryghedsvandring i boligområdet", "Lokalpolitiet", "1. juni 2015"],
                       ["Møder i SSP-styregruppen", "SSP", "Løbende"]])
    doc = make_doc([make_page(1, [("heading", "Handleplan 2015"), ("heading", "Fokusområde 1: Utryghed i boligområder")],
                              [t])], doc_type="handleplan", council="lokalråd", date="2015-01-01")
    rows = extract_minutes(doc)["deadlines"]
    assert [(r["actor"], r["due_start"], r["area_title"]) for r in rows] == [
        ("Lokalpolitiet", "2015-06-01", "Utryghed i boligområder")]
    assert "category" in rows[0]


def test_other_document_types_give_nothing():
    assert extract_minutes(make_doc([make_page(1, ["Tekst"])], doc_type="samarbejdsplan")) == {}


def test_the_minutes_stage_never_writes_document_metadata():
    doc = prose_doc()
    before = dict(vars(doc.meta))
    extract_minutes(doc)
    assert vars(doc.meta) == before


def test_next_meeting_line_after_the_agenda_is_a_day_deadline():
    pytest.importorskip("pipeline.lang.periods")
    doc = table_doc(True)
    doc.pages[1].blocks.append(_block(2, "Næste møde holdes tirsdag den 2. juni 2014.", 400, order=5))
    rows = [d for d in extract_minutes(doc)["deadlines"] if d["precision"] == "day"]
    assert [(d["due_start"], d["forum"], d["page"]) for d in rows] == [("2014-06-02", "kredsrådet", 2)]


@pytest.mark.parametrize("sentence,council,expected", [
    ("Lokalrådene afrapporterer skriftligt til kredsrådet i 1. halvår 2017.", "kredsråd", ("lokalrådene", "kredsrådet")),
    ("Politiet og kommunen gør status over for lokalrådet i juli 2017.", "lokalråd", ("politiet og kommunen", "lokalrådet")),
    ("SSP-styregruppen sender en evaluering til lokalrådet senest den 1. juli 2017.", "lokalråd", ("SSP-styregruppen", "lokalrådet")),
    ("Politiet orienterer kommunerne om resultaterne i 2. halvår 2013.", "kredsråd", ("politiet", "kommunerne")),
    ("Status på handleplanen forelægges kredsrådet på mødet i 4. kvartal 2017.", "lokalråd", ("lokalrådet", "kredsrådet")),
    ("Det endelige udkast forelægges kredsrådet i januar 2017.", "kredsråd", ("politidirektøren", "kredsrådet")),
    ("Politikredsen redegør for erfaringerne senest den 1. august 2019.", "kredsråd", ("politikredsen", "kredsrådet")),
    ("Kontaktudvalget har nedsat en arbejdsgruppe, som skal komme med et oplæg i november 2016.", "kredsråd",
     ("arbejdsgruppen", "kontaktudvalget")),
])
def test_actor_is_the_subject_and_forum_the_party_reported_to(sentence, council, expected):
    from pipeline.lang.actors import actor_and_forum
    assert actor_and_forum(sentence, council) == expected


def test_prose_handleplan_reads_bullet_activity_with_ansvarlig_and_tidsfrist():
    pytest.importorskip("pipeline.lang.periods")
    doc = make_doc([make_page(1, [("heading", "Fokusområde 1: Unge i risiko for kriminalitet"),
                                  "(cid:127) Fælles bekymringsmøder mellem skole, SSP og politi",
                                  "Ansvarlig: SSP-konsulenten\nTidsfrist: 2. kvartal 2018",
                                  "(cid:127) Opsøgende arbejde i bymidten", "Ansvarlig: Gadeteamet\nTidsfrist: løbende",
                                  "(cid:127) Evaluering af forældremøderne", "Ansvarlig: Skoleafdelingen\nTidsfrist: senest 1. oktober 2018"])],
                   doc_type="handleplan", council="lokalråd", date="2018-01-01")
    rows = extract_minutes(doc)["deadlines"]
    assert [(r["sentence"], r["actor"], r["due_start"], r["area_title"]) for r in rows] == [
        ("Fælles bekymringsmøder mellem skole, SSP og politi", "SSP-konsulenten", "2018-04-01", "Unge i risiko for kriminalitet"),
        ("Evaluering af forældremøderne", "Skoleafdelingen", "2018-10-01", "Unge i risiko for kriminalitet")]


def test_attendee_entries_wrapped_over_lines_are_glued_back():
    doc = make_doc([make_page(1, ["Til stede: Ole Vestergaard (OV), politidirektør, Syd- og Sønderjyllands Politi; Jan\n"
                                  "Lund Nyborg (JLN), kommunaldirektør, Sønderborg Kommune; Finn Kragh (FK), referent, Syd- og\n"
                                  "Sønderjyllands Politi.",
                                  "Afbud:", "Palle Østergaard (PØ), politidirektør, Sydsjællands og Lolland-\nFalsters Politi\n"
                                  "Inge Ebbesen (IE), borgmester, Vordingborg Kommune"])])
    people = [(p["name"], p["organisation"], p["status"]) for p in extract_minutes(doc)["attendees"]]
    assert people == [("Ole Vestergaard", "Syd- og Sønderjyllands Politi", "present"),
                      ("Jan Lund Nyborg", "Sønderborg Kommune", "present"),
                      ("Finn Kragh", "Syd- og Sønderjyllands Politi", "present"),
                      ("Palle Østergaard", "Sydsjællands og Lolland-Falsters Politi", "absent"),
                      ("Inge Ebbesen", "Vordingborg Kommune", "absent")]


def test_bold_words_of_the_title_cell_are_the_title_and_the_rest_describes():
    from pipeline.facts.minutes.agenda import split_title
    assert split_title("Nyt fra kontaktudvalget JBR refererede fra mødet.", {"Nyt", "fra", "kontaktudvalget"}) == (
        "Nyt fra kontaktudvalget", "JBR refererede fra mødet.")
    assert split_title("Eventuelt", set()) == ("Eventuelt", "")
    # Without bold print: initials with a verb, or a usual sentence opener, start the description.
    assert split_title("Kriminalitetsbilledet i Holbæk Kommune MDV gennemgik tallene.", set()) == (
        "Kriminalitetsbilledet i Holbæk Kommune", "MDV gennemgik tallene.")
    assert split_title("Godkendelse af referat Der var ingen bemærkninger.", set()) == (
        "Godkendelse af referat", "Der var ingen bemærkninger.")
    assert split_title("Status på SSP-samarbejdet", set()) == ("Status på SSP-samarbejdet", "")


def test_agenda_table_with_punkt_header_and_unlabelled_number_column():
    for header in (["Punkt", "Emne", "Beslutning"], ["", "Dagsordenspunkt", "Konklusion"]):
        t = table(1, 100, [header, ["1.", "Godkendelse", "Godkendt"], ["2.", "Eventuelt", "Intet"]])
        items = extract_minutes(make_doc([make_page(1, ["Referat"], [t])]))["agenda_items"]
        assert [(i["item_no"], i["title"], i["decision"]) for i in items] == [
            ("1", "Godkendelse", "Godkendt"), ("2", "Eventuelt", "Intet")], header


@pytest.mark.parametrize("heading", ["Ad. 2 Tryghed", "Ad pkt. 2: Tryghed", "Punkt 2 – Tryghed", "2) Tryghed"])
def test_item_heading_spellings(heading):
    doc = make_doc([make_page(1, ["1. Godkendelse", "Godkendt.", heading, "Punktet blev taget til orientering."])])
    items = extract_minutes(doc)["agenda_items"]
    assert [(i["item_no"], i["title"]) for i in items] == [("1", "Godkendelse"), ("2", "Tryghed")]
    assert items[1]["decision"] == "Punktet blev taget til orientering."


def test_people_grouped_under_an_organisation_get_it():
    doc = make_doc([make_page(1, ["Til stede:", "Fra Holbæk Kommune: Jens Hansen (borgmester), Peter Olsen (kommunaldirektør)",
                                  "Midt- og Vestsjællands Politi: Anne Sørensen (politidirektør)"])])
    people = [(p["name"], p["role"], p["organisation"]) for p in extract_minutes(doc)["attendees"]]
    assert people == [("Jens Hansen", "borgmester", "Holbæk Kommune"),
                      ("Peter Olsen", "kommunaldirektør", "Holbæk Kommune"),
                      ("Anne Sørensen", "politidirektør", "Midt- og Vestsjællands Politi")]


def test_deadline_of_an_item_running_over_a_page_break_is_on_the_page_of_its_words():
    page2 = PROSE_P2[:3] + ["AS orienterede om udviklingen i antallet af indbrud."]
    page3 = ["Politiet redegør for erfaringerne over for kredsrådet i 1. halvår 2015.",
             ("heading", "Ad 3) Mødeplan 2015"), "Godkendt."]
    doc = make_doc([make_page(1, PROSE), make_page(2, page2), make_page(3, page3)])
    rows = [r for r in extract_minutes(doc)["deadlines"] if r["due_start"] == "2015-01-01"]
    assert [(r["page"], r["actor"], r["forum"]) for r in rows] == [(3, "politiet", "kredsrådet")]


@pytest.mark.parametrize("sentence,expected", [
    ("Status for indsatsen sendes af lokalrådene til kredsrådet senest den 1. maj 2016.", ("lokalrådene", "kredsrådet")),
    ("En samlet evaluering forelægges kredsrådet af politiet i 2016.", ("politiet", "kredsrådet")),
    ("Politidirektøren giver kredsrådet en skriftlig orientering senest den 1. maj 2016.", ("politidirektøren", "kredsrådet")),
    ("På baggrund af kommunernes tal udarbejder politiet en status til kredsrådet i 2016.", ("politiet", "kredsrådet")),
])
def test_one_actor_detector_serves_plans_without_a_council(sentence, expected):
    from pipeline.lang.actors import actor_and_forum
    assert actor_and_forum(sentence) == expected
