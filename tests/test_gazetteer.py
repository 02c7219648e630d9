from pipeline.lang import gazetteer as g

MVSJ = "Midt- og Vestsjællands Politi"
SSJL = "Sydsjællands og Lolland-Falsters Politi"


def test_there_are_twelve_districts_named_politi():
    names = g.districts()
    assert len(names) == 12
    assert all(n.endswith(" Politi") for n in names)
    assert "Københavns Vestegns Politi" in names and SSJL in names


def test_every_one_of_98_municipalities_has_one_district():
    munis = g.municipalities()
    assert len(munis) == 98 == len(set(munis))
    assert all(g.municipality_district(m) in g.districts() for m in munis)


def test_zealand_municipalities_follow_the_2007_2019_boundaries():
    for name in ["Køge", "Greve", "Solrød", "Stevns", "Roskilde", "Holbæk"]:
        assert g.municipality_district(name) == MVSJ
    for name in ["Slagelse", "Sorø", "Næstved", "Faxe"]:
        assert g.municipality_district(name) == SSJL


def test_municipality_district_accepts_kommune_and_genitive_forms():
    assert g.municipality_district("Frederikshavns kommune") == "Nordjyllands Politi"
    assert g.municipality_district("Århus Kommune") == "Østjyllands Politi"
    assert g.municipality_district("Thisted") == "Midt- og Vestjyllands Politi"
    assert g.municipality_district("Skanderborg Kommune") == "Sydøstjyllands Politi"
    assert g.municipality_district("Atlantis") is None


def test_canonical_district_reads_inflected_forms():
    forms = ["Midt- og Vestsjællands Politi", "Politiet i Midt- og Vestsjælland",
             "MIDT- OG VESTSJÆLLANDS POLITIKREDS", "politikredsen for Midt- og Vestsjælland",
             "Midt-og Vestsjællands politi", "MIDT- OG VESTSJÆLLANDS", "MVSJ"]
    assert {g.canonical_district(f) for f in forms} == {MVSJ}
    assert g.canonical_district("Fyns Politis samarbejdsplan") == "Fyns Politi"
    assert g.canonical_district("Politiet på Bornholm") == "Bornholms Politi"
    assert g.canonical_district("Kredsråd Nordjylland") == "Nordjyllands Politi"
    assert g.canonical_district("Køge Kommune") is None


def test_copenhagen_and_its_western_suburbs_are_not_confused():
    text = "Københavns Vestegns Politi og Københavns Politi"
    assert [d for d, _, _ in g.find_districts(text)] == ["Københavns Vestegns Politi", "Københavns Politi"]


def test_find_districts_gives_spans_in_text_order():
    text = "Kredsrådet for Sydsjællands og Lolland-Falsters Politi mødtes med Fyns Politi."
    found = g.find_districts(text)
    assert [d for d, _, _ in found] == [SSJL, "Fyns Politi"]
    _, start, end = found[0]
    assert text[start:end] == "Sydsjællands og Lolland-Falsters Politi"


def test_find_municipalities_needs_kommune_unless_bare():
    text = "Lokalrådet i Frederikshavns kommune og Høje-Taastrup Kommune; Køge havn"
    assert [m for m, _, _ in g.find_municipalities(text)] == ["Frederikshavn Kommune",
                                                              "Høje-Taastrup Kommune"]
    bare = [m for m, _, _ in g.find_municipalities("Køge og Stevns, greve", bare=True)]
    assert bare == ["Køge Kommune", "Stevns Kommune"]


def test_lolland_falster_is_not_the_municipality_lolland():
    assert g.find_municipalities("politiet på Lolland-Falster", bare=True) == []


def test_district_names_with_extra_or_missing_hyphens_and_ampersand():
    assert g.canonical_district("Sydsjællands- og Lolland-Falsters Politi") == SSJL
    assert g.canonical_district("Sydsjællands og Lolland Falsters Politi") == SSJL
    assert g.canonical_district("Midt- & Vestsjællands Politi") == MVSJ
    assert g.canonical_district("Syd og Sønderjyllands Politi") == "Syd- og Sønderjyllands Politi"


def test_fuzzy_district_reads_ocr_damaged_cover_lines_only():
    assert g.fuzzy_district("Midt- og Vestsjaellands Politl") == MVSJ
    assert g.fuzzy_district("Nordjyllands Polit1") == "Nordjyllands Politi"
    assert g.fuzzy_district("Politiet og kommunerne samarbejder") is None
