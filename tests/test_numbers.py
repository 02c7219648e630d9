"""Danish number formats, and which numbers in running text are figures."""
import pytest

from pipeline.lang.numbers import find_figures, parse_danish_number


@pytest.mark.parametrize("text, value", [
    ("443.693", 443693), ("2858,8", 2858.8), ("1.234,5", 1234.5), ("12", 12), ("0", 0),
    ("1.000.000", 1000000), (" 768 ", 768), ("-3", -3), ("−3", -3), ("2.5", 2.5),
])
def test_parse_danish_digits(text, value):
    assert parse_danish_number(text) == value


def test_thousands_grouping_gives_int_and_decimal_comma_gives_float():
    assert isinstance(parse_danish_number("443.693"), int)
    assert isinstance(parse_danish_number("2858,8"), float)


@pytest.mark.parametrize("text, value", [
    ("syv", 7), ("tre", 3), ("femten", 15), ("tyve", 20), ("et", 1), ("en", 1),
    ("treogtyve", 23), ("Seks", 6),
])
def test_parse_danish_number_words(text, value):
    assert parse_danish_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "12 pct.", "1,2,3", "12a"])
def test_parse_rejects_non_numbers(text):
    assert parse_danish_number(text) is None


def figs(text: str) -> list[tuple]:
    return [(f.value, f.unit, f.noun) for f in find_figures(text)]


@pytest.mark.parametrize("text, expected", [
    ("Der er gennemført 7 øvelser i 2014.", [(7, "", "øvelser")]),
    ("Der er banderåd i 5 af kommunerne.", [(5, "", "kommunerne")]),
    ("Der er 3 udsatte boligområder i kredsen.", [(3, "", "udsatte boligområder")]),
    ("Kredsen har 768 medarbejdere.", [(768, "", "medarbejdere")]),
    ("Kredsen har 443.693 indbyggere.", [(443693, "", "indbyggere")]),
    ("Der er 12 SSP-konsulenter.", [(12, "", "SSP-konsulenter")]),
    ("12 nye betjente er ansat.", [(12, "", "nye betjente")]),
    ("7 øvelser afholdes årligt.", [(7, "", "øvelser")]),
])
def test_counts_with_noun(text, expected):
    assert figs(text) == expected


@pytest.mark.parametrize("text", ["faldt med 12 pct. i år", "faldt med 12 % i år",
                                  "faldt med 12% i år", "faldt med 12 procent i år"])
def test_percentages(text):
    assert figs(text) == [(12, "pct.", "")]


def test_percentage_with_counted_noun():
    assert figs("12 pct. af indbruddene blev opklaret") == [(12, "pct.", "indbruddene")]


@pytest.mark.parametrize("text, expected", [
    ("Der er afsat 2,5 mio. kr. til indsatsen.", [(2.5, "mio. kr.", "")]),
    ("Der er afsat 350.000 kr. til indsatsen.", [(350000, "kr.", "")]),
    ("Der er afsat kr. 20.000 til indsatsen.", [(20000, "kr.", "")]),
    ("Arealet er 1.234,5 km² i alt.", [(1234.5, "km²", "")]),
    ("Arealet er 837 km2 i alt.", [(837, "km²", "")]),
])
def test_amounts_and_areas(text, expected):
    assert figs(text) == expected


def test_figure_offsets_and_text():
    text = "Der er gennemført 7 øvelser."
    (f,) = find_figures(text)
    assert text[f.start:f.end] == f.text == "7 øvelser"


def test_number_words_count_when_a_noun_follows():
    assert figs("Der er syv øvelser og tre nye indsatser.") == [
        (7, "", "øvelser"), (3, "", "nye indsatser")]


def test_articles_are_not_figures():
    assert figs("Der er en indsats og et møde.") == []


def test_bare_formatted_number_is_reported_without_label():
    assert figs("Antallet steg til 1.234.") == [(1234, "", "")]


@pytest.mark.parametrize("text", [
    "Planen gælder for 2014.",
    "I 2014 blev indsatsen styrket.",
    "Mødet er den 10. december 2014.",
    "Mødet er den 1.12.2015.",
    "Status gives i 2. kvartal 2014.",
    "Det sker i 1. halvår.",
    "Se side 3 i planen.",
    "Se pkt. 3 på dagsordenen.",
    "Referat af møde nr. 3/2014.",
    "Efter § 110 i loven.",
    "Efter § 110, stk. 2 i loven.",
    "Mødet starter kl. 16.00 på stationen.",
    "Mødet starter kl. 1600 på stationen.",
    "Ring på tlf. 12 34 56 78 for hjælp.",
    "Ring på 12345678 for hjælp.",
    "Det 3. møde blev aflyst.",
    "En 3-årig plan for 2013-2015.",
    "Postadressen er 4000 Roskilde.",
    "Indsatsområde 3: Indbrud",
])
def test_non_figures_are_not_reported(text):
    assert figs(text) == []


@pytest.mark.parametrize("text", ["steg med 3 procentpoint", "steg med 3 pct.-point", "steg med 3 %-point"])
def test_percentage_points_are_their_own_unit(text):
    assert figs(text) == [(3, "procentpoint", "")]


def test_amount_in_millions_without_currency_keeps_its_noun():
    assert figs("Der bor 1,2 mio. borgere i kredsen.") == [(1.2, "mio.", "borgere")]


def test_fælles_is_a_modifier_not_a_passive_verb():
    [fig] = find_figures("Der blev sidste år gennemført 16 fælles kontrolaktioner i kredsen.")
    assert (fig.value, fig.noun) == (16, "fælles kontrolaktioner")


def test_a_count_after_sidste_år_is_a_figure():
    [fig] = find_figures("Politiet modtog sidste år 25.352 anmeldelser om overtrædelser.")
    assert (fig.value, fig.noun) == (25352, "anmeldelser")


@pytest.mark.parametrize("text,label", [
    ("Der er etableret banderåd i 5 af kommunerne, hvor politi og kommune mødes.", "banderåd"),
    ("Målet er, at andelen af mindreårige sigtede falder med 5 pct. i planperioden.", "andelen af mindreårige sigtede"),
    ("Målet er at nedbringe antallet af dræbte og alvorligt tilskadekomne i trafikken med 10 pct.",
     "dræbte og alvorligt tilskadekomne"),
    ("Kommunerne har afsat 1,2 mio. kr. til ombygning af farlige kryds og skoleveje.", "farlige kryds og skoleveje"),
    ("Der blev beslaglagt 34 stjålne køretøjer ved kontroller.", "stjålne køretøjer"),
    ("Der er gennemført 7 øvelser.", "øvelser"),
    ("12 pct. af indbruddene skete om dagen.", "indbruddene"),
])
def test_figure_label_says_what_the_number_measures(text, label):
    assert [f.label for f in find_figures(text)] == [label]
