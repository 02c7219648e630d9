"""Focus-area titles and texts map to the SPEC category codes; the taxonomy is data."""
import pytest

from pipeline.lang.taxonomy import OTHER, categories, classify, load_taxonomy

SPEC_CODES = {"boern_unge", "indbrud", "bander", "narkotika", "beredskab", "radikalisering",
              "psykiatri", "faerdsel", "natteliv", "vold", "udsatte_omraader", "digital",
              "oekonomisk", "other"}


def test_shipped_taxonomy_has_exactly_the_spec_codes():
    assert set(categories()) == SPEC_CODES


@pytest.mark.parametrize("title, code", [
    ("Unge og kriminalitet", "boern_unge"),
    ("SSP-samarbejdet", "boern_unge"),
    ("Børn og unge", "boern_unge"),
    ("Ungdomskriminalitet", "boern_unge"),
    ("Indbrud i private hjem", "indbrud"),
    ("Indbrud i sommerhuse og virksomheder", "indbrud"),
    ("Rocker- og bandekriminalitet", "bander"),
    ("Exitprogrammer for bandemedlemmer", "bander"),
    ("Unge i bandemiljøet", "bander"),
    ("Euforiserende stoffer", "narkotika"),
    ("Narkotikakriminalitet", "narkotika"),
    ("Beredskab og øvelser", "beredskab"),
    ("Radikalisering og voldelig ekstremisme", "radikalisering"),
    ("Psykisk syge", "psykiatri"),
    ("PSP-samarbejdet", "psykiatri"),
    ("Færdselssikkerhed", "faerdsel"),
    ("Trafiksikkerhed", "faerdsel"),
    ("Tryghed i nattelivet", "natteliv"),
    ("Vold i nattelivet", "natteliv"),
    ("Vold i nære relationer", "vold"),
    ("Partnervold", "vold"),
    ("Udsatte boligområder", "udsatte_omraader"),
    ("Tryghed i boligområderne", "udsatte_omraader"),
    ("It-kriminalitet", "digital"),
    ("Digital kriminalitet", "digital"),
    ("Cyberkriminalitet", "digital"),
    ("Social dumping og sort arbejde", "oekonomisk"),
    ("Økonomisk kriminalitet", "oekonomisk"),
])
def test_typical_titles(title, code):
    assert classify(title).category == code


@pytest.mark.parametrize("title", ["Forebyggelse", "Samarbejde med kommunerne", ""])
def test_nothing_fitting_is_other(title):
    assert classify(title).category == OTHER


def test_text_decides_when_the_title_is_generic():
    text = ("Politiet vil sammen med kommunerne sætte ind mod indbrud. Nabohjælp udbredes, "
            "og antallet af indbrud i beboelser skal ned.")
    assert classify("Tryghed for borgerne i hjemmet", text).category == "indbrud"


def test_title_outweighs_text():
    text = "Mange indbrud begås af unge. Indbrud er et problem. Indbruddene stiger."
    assert classify("Færdselssikkerhed", text).category == "faerdsel"


def test_single_weak_text_hint_is_other():
    assert classify("Generelt", "Vi holder møder om natten.").category == OTHER


def test_result_is_a_tuple_with_named_category():
    result = classify("Indbrud")
    code, score = result
    assert code == result.category == "indbrud" and score > 0


def test_researchers_extend_the_yaml_without_code(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(
        "settings: {title_weight: 10, text_weight: 1, text_max_hits: 3, min_score: 3}\n"
        "categories:\n"
        "  dyrevelfaerd:\n"
        "    label: Animal welfare\n"
        "    terms:\n"
        "      '*dyrevelfærd*': 5\n"
        "      hunde: 2\n", encoding="utf-8")
    tax = load_taxonomy(path)
    assert classify("Dyrevelfærd i landbruget", tax=tax).category == "dyrevelfaerd"
    # a plain word is lemmatised when loaded, so another inflection matches too
    assert classify("Farlige hunde", tax=tax).category == "dyrevelfaerd"
    assert classify("Indbrud", tax=tax).category == OTHER


def test_repeated_text_term_outweighs_a_single_mention():
    text = "Indbrud. " * 20 + "Unge deltager."
    assert classify("Indsatsen", text).category == "indbrud"


def test_wildcard_finds_compounds_in_text():
    assert classify("Indsatsen", "Boligindbruddene og indbrudsbølgen skal stoppes.").category == "indbrud"


@pytest.mark.parametrize("title, code", [
    ("Beskyttelse af fritidshuse og helårsboliger", "indbrud"),
    ("Hash og andre stoffer blandt unge", "narkotika"),
])
def test_the_subject_outweighs_the_target_group(title, code):
    assert classify(title).category == code
