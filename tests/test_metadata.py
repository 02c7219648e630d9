from pipeline.pdf.metadata import detect, page_lines
from pipeline.model import BBox, Block, Document, Line, Page, Word

MVSJ = "Midt- og Vestsjællands Politi"


def _line_words(text: str, size: float, top: float) -> list[Word]:
    words, x = [], 50.0
    for token in text.split():
        width = len(token) * size * 0.5
        words.append(Word(token, x, top, x + width, top + size, size=size))
        x += width + size * 0.3
    return words


def make_page(lines: list[tuple[str, float]], number: int = 1) -> Page:
    """A page with only words (as parse gives it), one printed line per (text, size)."""
    words, top = [], 60.0
    for text, size in lines:
        words += _line_words(text, size, top)
        top += size * 1.4
    return Page(number=number, width=595, height=842, words=words)


def make_doc(*pages: list[tuple[str, float]], path: str = "raw_pdfs/x.pdf") -> Document:
    return Document(path=path, sha256="0", doc_id="d",
                    pages=[make_page(p, i + 1) for i, p in enumerate(pages)])


def test_plan_cover_gives_type_district_year_and_title_not_the_publication_year():
    doc = detect(make_doc([("MIDT- OG VESTSJÆLLANDS POLITI", 28), ("Samarbejdsplan 2014", 28),
                           ("Status på indsatsen i 2013", 12), ("Udgivet december 2013", 10)]))
    m = doc.meta
    assert (m.doc_type, m.district, m.year, m.title, m.council) == (
        "samarbejdsplan", MVSJ, 2014, "Samarbejdsplan 2014", "")
    assert doc.warnings == []


def test_district_alone_on_cover_line_without_politi_is_found():
    doc = detect(make_doc([("SAMARBEJDSPLAN 2016", 30), ("SYDSJÆLLANDS OG LOLLAND-FALSTERS", 20)]))
    assert doc.meta.district == "Sydsjællands og Lolland-Falsters Politi"


def test_kredsraad_minutes_title_spans_lines_and_next_meeting_date_is_ignored():
    doc = detect(make_doc([
        ("Referat af møde nr. 4/2013 i Kredsrådet for", 14),
        ("Midt- og Vestsjællands Politi", 14),
        ("Næste møde: den 11. marts 2014", 11),
        ("tirsdag den 10. december 2013 kl. 16.00, Politigården i Holbæk", 11),
        ("Til stede: borgmester, Køge Kommune", 11),
    ]))
    m = doc.meta
    assert m.title == "Referat af møde nr. 4/2013 i Kredsrådet for Midt- og Vestsjællands Politi"
    assert (m.doc_type, m.council, m.district) == ("referat", "kredsråd", MVSJ)
    assert (m.meeting_date, m.year, m.meeting_no) == ("2013-12-10", 2013, "4/2013")
    assert m.municipality == ""


def test_lokalraad_minutes_get_municipality_and_its_district():
    doc = detect(make_doc([
        ("DAGSORDEN / REFERAT af møde i Lokalrådet for Køge Kommune, tirsdag den 14. marts 2011 "
         "kl. 1600, Køge Rådhus", 13),
        ("Deltagere: politikommissær, lokalpolitiet", 10),
    ]))
    m = doc.meta
    assert (m.doc_type, m.council, m.municipality, m.district) == (
        "referat", "lokalråd", "Køge Kommune", MVSJ)
    assert (m.meeting_date, m.year) == ("2011-03-14", 2011)


def test_numeric_meeting_date_after_next_meeting_line():
    doc = detect(make_doc([
        ("Beslutningsreferat", 16),
        ("Lokalrådet i Greve", 12),
        ("Næste møde: 20-06-2011", 10),
        ("Mødedato: 14.3.2011", 10),
    ]))
    assert doc.meta.meeting_date == "2011-03-14"
    assert doc.meta.municipality == "Greve Kommune"


def test_meeting_number_without_year_takes_the_meeting_year():
    doc = detect(make_doc([("Referat af kredsrådsmøde nr. 2", 14),
                           ("Fyns Politi, torsdag den 5. juni 2014", 11)]))
    assert (doc.meta.meeting_no, doc.meta.district, doc.meta.meeting_date) == (
        "2/2014", "Fyns Politi", "2014-06-05")


def test_handleplan_is_a_lokalraad_document():
    doc = detect(make_doc([("Handleplan for 2015", 24), ("Lokalrådet i Greve Kommune", 16),
                           ("Indsatser i 2014 og 2015", 11)]))
    m = doc.meta
    assert (m.doc_type, m.year, m.council, m.municipality, m.district) == (
        "handleplan", 2015, "lokalråd", "Greve Kommune", MVSJ)


def test_running_header_block_names_the_district():
    def block(kind, text, top, size, level=None):
        words = _line_words(text, size, top)
        bbox = BBox(words[0].x0, top, words[-1].x1, top + size)
        return Block(kind=kind, lines=[Line(words, bbox)], bbox=bbox, page=1, text=text, level=level)

    page = Page(1, 595, 842, blocks=[
        block("header", "Fyns Politi | Samarbejdsplan 2016", 20, 8),
        block("heading", "Samarbejdsplan 2016", 100, 26, level=1),
        block("body", "Planen beskriver samarbejdet med kommunerne på øen.", 160, 10),
    ])
    doc = detect(Document("x.pdf", "0", "d", pages=[page]))
    assert (doc.meta.district, doc.meta.year, doc.meta.title) == ("Fyns Politi", 2016, "Samarbejdsplan 2016")


def test_page_text_only_is_enough():
    page = Page(1, 595, 842, text="Årsberetning 2012\nfor Nordjyllands Politi\nForord")
    doc = detect(Document("x.pdf", "0", "d", pages=[page]))
    assert (doc.meta.doc_type, doc.meta.year, doc.meta.district) == (
        "aarsberetning", 2012, "Nordjyllands Politi")


def test_file_name_is_the_last_resort():
    doc = detect(make_doc([("Indledning", 14), ("Politiet og kommunerne samarbejder.", 10)],
                          path="raw_pdfs/mvsj_samarbejdsplan_2014.pdf"))
    assert (doc.meta.doc_type, doc.meta.district, doc.meta.year) == ("samarbejdsplan", MVSJ, 2014)


def test_missing_district_and_year_are_warned():
    doc = detect(make_doc([("Notat", 14), ("Om samarbejdet", 10)]))
    assert doc.meta.district == "" and doc.meta.year is None
    assert "metadata: district not found" in doc.warnings
    assert "metadata: year not found" in doc.warnings


def test_printed_district_wins_over_gazetteer_with_a_warning():
    doc = detect(make_doc([("Referat af møde i Lokalrådet for Køge Kommune den 3. maj 2019", 14),
                           ("Sydsjællands og Lolland-Falsters Politi", 10)]))
    assert doc.meta.district == "Sydsjællands og Lolland-Falsters Politi"
    assert any("gazetteer says" in w for w in doc.warnings)


def test_page_lines_rebuilds_lines_from_words_by_top():
    page = make_page([("Første linje her", 12), ("Anden linje", 12)])
    assert [l.text for l in page_lines(page)] == ["Første linje her", "Anden linje"]


def test_title_takes_a_year_printed_on_its_own_line():
    doc = detect(make_doc([("SAMARBEJDSPLAN", 30), ("2017", 30), ("Nordsjællands Politi", 14)]))
    assert (doc.meta.title, doc.meta.year, doc.meta.district) == (
        "SAMARBEJDSPLAN 2017", 2017, "Nordsjællands Politi")


def test_lone_genre_word_title_goes_on_in_smaller_lower_case_line():
    doc = detect(make_doc([("REFERAT", 20),
                           ("af møde i Kredsrådet for Bornholms Politi den 3. april 2012", 12),
                           ("Til stede: politidirektøren", 10)]))
    m = doc.meta
    assert m.title == "REFERAT af møde i Kredsrådet for Bornholms Politi den 3. april 2012"
    assert (m.district, m.meeting_date, m.council) == ("Bornholms Politi", "2012-04-03", "kredsråd")


def test_plan_year_from_running_header_when_cover_has_none():
    def block(kind, text, top, size):
        words = _line_words(text, size, top)
        bbox = BBox(words[0].x0, top, words[-1].x1, top + size)
        return Block(kind=kind, lines=[Line(words, bbox)], bbox=bbox, page=1, text=text)

    page = Page(1, 595, 842, blocks=[block("header", "Samarbejdsplan 2018 · Fyns Politi", 20, 8),
                                     block("heading", "Forord", 100, 18),
                                     block("body", "I 2017 blev der arbejdet med mange ting.", 140, 10)])
    doc = detect(Document("x.pdf", "0", "d", pages=[page]))
    assert (doc.meta.doc_type, doc.meta.year) == ("samarbejdsplan", 2018)


def test_minutes_without_genre_word_are_recognised_by_their_vocabulary():
    doc = detect(make_doc([("Kredsrådsmøde 10. december 2013", 16),
                           ("Deltagere: borgmestrene", 10), ("Afbud: ingen", 10),
                           ("Pkt. 2: Samarbejdsplan 2014 blev drøftet", 10)]))
    assert (doc.meta.doc_type, doc.meta.meeting_date, doc.meta.council) == ("referat", "2013-12-10", "kredsråd")


def test_municipality_printed_before_lokalraad():
    doc = detect(make_doc([("Referat fra Solrød Lokalråd", 16), ("Mødedato 2.5.2016", 10)]))
    assert (doc.meta.municipality, doc.meta.district, doc.meta.meeting_date) == (
        "Solrød Kommune", MVSJ, "2016-05-02")


def test_publication_month_is_not_the_plan_year():
    doc = detect(make_doc([("Nordjyllands Politi", 24), ("December 2013", 24),
                           ("Planen for samarbejdet i 2014", 12)]))
    assert doc.meta.year == 2014 and doc.meta.doc_type == "samarbejdsplan"


def test_ocr_damaged_district_line_is_read_fuzzily():
    doc = detect(make_doc([("Samarbejdsplan 2013", 24), ("Midt- og Vestsjaellands Politl", 16)]))
    assert doc.meta.district == MVSJ


def test_title_block_over_two_lines_is_joined_even_without_an_unfinished_first_line():
    doc = detect(make_doc([
        ("Lokalrådet i Esbjerg Kommune – referat af mødet onsdag den 19. april", 14),
        ("2017 kl. 15.00", 14),
        ("Til stede: politiinspektør, Syd- og Sønderjyllands Politi", 10.5),
    ]))
    m = doc.meta
    assert m.title == "Lokalrådet i Esbjerg Kommune – referat af mødet onsdag den 19. april 2017 kl. 15.00"
    assert (m.meeting_date, m.municipality) == ("2017-04-19", "Esbjerg Kommune")


def test_title_with_line_end_hyphen_is_rejoined():
    doc = detect(make_doc([
        ("Referat af møde nr. 2/2015 i Kredsrådet for Sydsjællands og Lolland-", 13),
        ("Falsters Politi den 18. juni 2015", 13),
        ("Tid: kl. 14.00", 10.5),
    ]))
    m = doc.meta
    assert m.title == ("Referat af møde nr. 2/2015 i Kredsrådet for Sydsjællands og "
                       "Lolland-Falsters Politi den 18. juni 2015")
    assert (m.district, m.meeting_no, m.meeting_date) == (
        "Sydsjællands og Lolland-Falsters Politi", "2/2015", "2015-06-18")


def test_genre_line_over_same_size_rest_of_title():
    doc = detect(make_doc([
        ("DAGSORDEN / REFERAT af møde i Lokalrådet for Holbæk Kommune,", 13),
        ("tirsdag den 3. marts 2015 kl. 1600, Rådhuset", 13),
        ("Deltagere:", 10.5),
    ]))
    assert doc.meta.title == ("DAGSORDEN / REFERAT af møde i Lokalrådet for Holbæk Kommune, "
                              "tirsdag den 3. marts 2015 kl. 1600, Rådhuset")


def test_district_line_of_the_same_size_under_a_plan_title_is_not_title():
    doc = detect(make_doc([("Samarbejdsplan 2014", 28), ("Midt- og Vestsjællands Politi", 28),
                           ("Politi og kommuner i samarbejde", 11)]))
    assert (doc.meta.title, doc.meta.district) == ("Samarbejdsplan 2014", MVSJ)


def test_title_does_not_run_into_a_loosely_spaced_line_of_the_same_size():
    page = make_page([("Referat fra møde i Lokalrådet for Næstved Kommune den 25.10.2016", 14)])
    page.words += _line_words("Dagsorden", 14, 60 + 14 * 3)
    doc = detect(Document("x.pdf", "0", "d", pages=[page]))
    assert doc.meta.title == "Referat fra møde i Lokalrådet for Næstved Kommune den 25.10.2016"
