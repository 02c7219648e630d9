"""Focus areas, declared status, deadlines and table figures on documents built from the model."""
from pipeline.facts.plan import extract_plan_facts, plan_areas
from pipeline.facts.figures import table_figures
from pipeline.facts.focus_areas import clean_title
from pipeline.model import BBox, TableData
from pipeline.facts.status import classify_heading, classify_sentence

from plan_builder import make_doc


def _plan():
    return make_doc([
        [("h", 1, "Forord"),
         ("p", "Planen for 2014 rummer fire fokusområder. Indbrud i private boliger og Unge og "
               "kriminalitet videreføres fra 2013, mens Tryghed i nattelivet er nyt.")],
        [("h", 1, "Fokusområder i 2014"),
         ("h", 2, "Fokusområde 1: Indbrud i private boliger"),
         ("p", "Politiet og kommunerne arbejder sammen om at forebygge indbrud i hjem. "
               "Lokalrådene afrapporterer til kredsrådet på mødet i 3. kvartal 2014.")],
        [("p", "Der er gennemført 7 øvelser med nabohjælp."),
         ("h", 2, "Fokusområde 2: Unge og kriminalitet"),
         ("p", "SSP-samarbejdet styrker indsatsen over for kriminalitetstruede unge.")],
        [("h", 2, "Fokusområde 3: Tryghed i nattelivet"),
         ("p", "Nattelivet i de større byer skal være trygt for alle."),
         ("h", 2, "Fortsat fokus på færdsel"),
         ("p", "Færdselssikkerheden omkring skolerne har fortsat høj prioritet."),
         ("h", 1, "Kredsen i tal"),
         ("p", "Kredsen har 768 medarbejdere.")],
    ])


def test_areas_are_the_headings_under_the_container_with_numbering_removed():
    titles = [a.title for a in plan_areas(_plan())]
    assert titles == ["Indbrud i private boliger", "Unge og kriminalitet", "Tryghed i nattelivet",
                      "Fortsat fokus på færdsel"]


def test_area_spans_pages_until_the_next_heading_of_same_level():
    areas = plan_areas(_plan())
    assert (areas[0].page_start, areas[0].page_end) == (2, 3)
    assert "7 øvelser" in areas[0].text
    assert "SSP-samarbejdet" not in areas[0].text


def test_status_from_foreword_list_belongs_to_each_listed_area():
    areas = {a.title: a for a in plan_areas(_plan())}
    assert areas["Indbrud i private boliger"].declared_status == "continued"
    assert areas["Indbrud i private boliger"].declared_from_year == 2013
    assert areas["Unge og kriminalitet"].declared_from_year == 2013
    assert areas["Tryghed i nattelivet"].declared_status == "new"


def test_status_from_heading_wording():
    areas = {a.title: a for a in plan_areas(_plan())}
    assert areas["Fortsat fokus på færdsel"].declared_status == "continued"


def test_status_sentence_variants_are_matched_on_lemmas():
    assert classify_sentence("Indsatsområdet er en videreførelse af indsatsen fra 2012.", 2014).from_year == 2012
    assert classify_sentence("Fokusområdet blev videreført fra samarbejdsplanen 2013.", 2014).status == "continued"
    assert classify_sentence("Der er tale om et nyt indsatsområde i samarbejdsplanen.", 2014).status == "new"
    assert classify_sentence("Politiet patruljerer i weekenden.", 2014) is None
    assert classify_heading("Indbrud fastholdes og udbygges", 2014).status == "continued"
    assert classify_heading("Trafiksikkerhed (videreført fra 2012)", 2014).from_year == 2012
    assert classify_heading("Digital kriminalitet (ny)", 2014).status == "new"
    assert classify_heading("Digital kriminalitet – ny indsats", 2014).status == "new"
    assert classify_heading("Unge og nye medier", 2014) is None
    assert classify_sentence("Området har været et fokusområde siden 2011.", 2014).from_year == 2011
    assert classify_sentence("Indsatsområdet er tilføjet planen i år.", 2014).status == "new"
    assert classify_sentence("Der er i år oprettet 8 nye nabohjælpsgrupper.", 2014) is None
    assert classify_sentence("For første gang er tryghed et selvstændigt tema.", 2014).status == "new"
    started = classify_sentence("Indsatsen blev etableret i 2012 i samarbejde med kommunerne.", 2014)
    assert (started.status, started.from_year) == ("continued", 2012)
    third = classify_sentence("Arbejdet går nu ind i sit tredje år.", 2014)
    assert (third.status, third.from_year) == ("continued", 2012)
    assert classify_sentence("Nyt i år er en indsats mod falske politifolk.", 2014).status == "new"


def test_numbering_prefixes_are_removed_from_titles():
    assert clean_title("Indsatsområde 3: Bander og rockere") == "Bander og rockere"
    assert clean_title("2.3 Radikalisering") == "Radikalisering"
    assert clean_title("Tryghed i boligområderne") == "Tryghed i boligområderne"


def test_deadline_sentence_is_linked_to_its_area_and_normalised():
    facts = extract_plan_facts(_plan())
    areas = {a["area_id"]: a["title"] for a in facts["focus_areas"]}
    [deadline] = [d for d in facts["deadlines"] if d["precision"] == "quarter"]
    assert areas[deadline["area_id"]] == "Indbrud i private boliger"
    assert (deadline["due_start"], deadline["due_end"]) == ("2014-07-01", "2014-09-30")
    assert deadline["actor"] == "lokalrådene" and deadline["forum"] == "kredsrådet"
    assert deadline["page"] == 2


def test_sentence_offsets_point_into_the_page_text():
    doc = _plan()
    facts = extract_plan_facts(doc)
    for row in facts["deadlines"] + [f for f in facts["figures"] if f["source"] == "text"]:
        page_text = doc.pages[row["page"] - 1].text
        assert page_text[row["char_start"]:row["char_end"]] in (row.get("sentence"), row.get("context"))


def test_table_cells_are_labelled_row_and_column_with_unit_from_header():
    table = TableData(page=9, bbox=BBox(0, 0, 1, 1), rows=[
        ["Kommune", "Areal (km²)", "Indbyggere"],
        ["Køge", "257,2", "60.000"],
        ["Stevns", "250,0", "22.000*)"],
        ["I alt", "507,2", "82.000"],
    ])
    figures, warnings = table_figures(table)
    by_label = {f["label"]: f for f in figures}
    assert by_label["Køge – Indbyggere"]["value"] == 60000
    assert by_label["Køge – Areal (km²)"]["value"] == 257.2
    assert by_label["Køge – Areal (km²)"]["unit"] == "km²"
    assert by_label["Stevns – Indbyggere"]["value"] == 22000
    assert warnings == []


def test_total_row_that_does_not_add_up_is_warned_about():
    table = TableData(page=9, bbox=BBox(0, 0, 1, 1), rows=[
        ["Faggruppe", "Antal"], ["Politiuddannede", "500"], ["Civile", "200"], ["I alt", "768"]])
    _, warnings = table_figures(table)
    assert len(warnings) == 1 and "768" in warnings[0] and "700" in warnings[0]


def test_a_table_of_contents_gives_no_figures():
    table = TableData(page=2, bbox=BBox(0, 0, 1, 1), rows=[
        ["1. Forord", "3"], ["2. Kreds- og lokalråd", "4"], ["3. Fokusområder", "6"],
        ["4. Kredsen i tal", "10"]])
    assert table_figures(table) == ([], [])


def test_meeting_named_by_its_place_in_a_year_is_a_quarter_deadline():
    from pipeline.facts.deadlines import deadlines_in_sentence

    [row] = deadlines_in_sentence("Lokalrådene melder tilbage på kredsrådets første møde i 2015.", 2014)
    assert (row["due_start"], row["due_end"], row["precision"]) == ("2015-01-01", "2015-03-31", "quarter")
    assert row["actor"] == "lokalrådene" and row["forum"] == "kredsrådet"
    [last] = deadlines_in_sentence("Status forelægges ved årets sidste møde.", 2016)
    assert (last["due_start"], last["due_end"]) == ("2016-10-01", "2016-12-31")


def test_passive_duty_names_the_agent_after_af_as_actor():
    from pipeline.facts.deadlines import deadlines_in_sentence

    [row] = deadlines_in_sentence("En samlet evaluering forelægges kredsrådet af lokalrådene i 2015.", 2015)
    assert (row["actor"], row["forum"]) == ("lokalrådene", "kredsrådet")


def test_background_years_and_past_periods_are_not_deadlines():
    from pipeline.facts.deadlines import deadlines_in_sentence

    assert deadlines_in_sentence("I Faxe Kommune er der i år afholdt 40 bekymringssamtaler.", 2016) == []
    assert deadlines_in_sentence("Tallene er opgjort i januar 2019 på grundlag af oplysninger fra "
                                 "Danmarks Statistik.", 2019) == []
    assert deadlines_in_sentence("I 2012 faldt antallet af indbrud, og indsatsen skal fortsætte.", 2014) == []
    [programme] = deadlines_in_sentence("Indsatsen er tilrettelagt som en 3-årig plan 2015–2017.", 2015)
    assert (programme["due_start"], programme["due_end"]) == ("2015-01-01", "2017-12-31")


def test_due_text_keeps_the_meeting_or_programme_it_names():
    from pipeline.facts.deadlines import deadlines_in_sentence

    [meeting] = deadlines_in_sentence("Status forelægges på kredsrådets møde i 4. kvartal.", 2014)
    assert meeting["due_text"] == "kredsrådets møde i 4. kvartal"
    [programme] = deadlines_in_sentence("Indsatsen er tilrettelagt som en 3-årig plan 2015–2017.", 2015)
    assert programme["due_text"] == "3-årig plan 2015–2017"
