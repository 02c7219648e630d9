"""Danish sentence splitting with character offsets, and lookup lemmas."""
import pytest

from pipeline.lang.nlp import get_nlp, lemma_sequence_in, lemmas, lemmatize, sentences


def texts(text: str) -> list[str]:
    return [s for _, _, s in sentences(text)]


# ------------------------------------------------------------------ no split after abbreviations

@pytest.mark.parametrize("abbr", [
    "bl.a.", "fx.", "f.eks.", "jf.", "pkt.", "nr.", "kl.", "ca.", "stk.", "evt.", "inkl.",
    "dvs.", "ift.", "mht.", "vedr.", "hhv.",
])
def test_never_final_abbreviation_does_not_split_before_capital(abbr):
    text = f"Politiet samarbejder {abbr} Roskilde Kommune om indsatsen. Det går godt."
    assert texts(text) == [f"Politiet samarbejder {abbr} Roskilde Kommune om indsatsen.",
                           "Det går godt."]


@pytest.mark.parametrize("abbr", ["mv.", "m.v.", "m.fl.", "osv.", "pct.", "kr."])
def test_abbreviation_that_may_end_keeps_lowercase_continuation(abbr):
    text = f"Indbrud {abbr} i sommerhuse er et problem."
    assert texts(text) == [text]


@pytest.mark.parametrize("abbr", ["mv.", "m.v.", "m.fl.", "osv.", "pct."])
def test_abbreviation_ending_a_sentence_splits_before_capitalised_word(abbr):
    text = f"Der er fokus på tyveri, hærværk, indbrud {abbr} Politiet vil øge indsatsen."
    assert texts(text) == [f"Der er fokus på tyveri, hærværk, indbrud {abbr}",
                           "Politiet vil øge indsatsen."]


def test_no_split_in_quarter_ordinal():
    assert len(sentences("Status gives i 2. kvartal 2014 til kredsrådet.")) == 1


def test_no_split_in_day_and_month():
    assert len(sentences("Mødet holdes den 10. december 2014 kl. 16.00 på stationen.")) == 1


def test_no_split_before_capitalised_month_or_kvartal():
    assert len(sentences("Mødet holdes den 10. December og igen i 2. Kvartal.")) == 1


def test_no_split_in_law_reference():
    text = "Kredsrådet er nedsat efter retsplejelovens § 110, stk. 2. i loven står mere."
    assert len(sentences(text)) == 1


def test_no_split_after_half_year_ordinal():
    assert len(sentences("Det sker i 1. halvår 2015 og i 2. halvår.")) == 1


def test_numbered_heading_stays_whole():
    assert texts("1. Indledning\nSamarbejdsplanen beskriver indsatsen.") == [
        "1. Indledning", "Samarbejdsplanen beskriver indsatsen."]


def test_numbered_agenda_item_stays_whole():
    assert texts("Pkt. 3. Godkendelse af referat") == ["Pkt. 3. Godkendelse af referat"]


def test_sentence_ending_in_year_splits_before_number():
    assert texts("Det skete i 2013. 12 nye betjente er ansat.") == [
        "Det skete i 2013.", "12 nye betjente er ansat."]


def test_initials_do_not_split():
    assert len(sentences("Formand H.C. Hansen og A. Jensen deltog.")) == 1


def test_question_and_exclamation_split():
    assert texts("Hvad gør vi? Vi handler! Det virker.") == ["Hvad gør vi?", "Vi handler!", "Det virker."]


def test_paragraph_break_always_splits():
    assert texts("Indbrud\n\nPolitiet vil øge indsatsen") == ["Indbrud", "Politiet vil øge indsatsen"]


def test_bullet_lines_split():
    assert texts("Indsatser:\n• Nabohjælp\n• Tryghedsvandringer") == [
        "Indsatser:", "• Nabohjælp", "• Tryghedsvandringer"]


def test_offsets_point_into_the_input():
    text = "  Politiet vil bl.a. se på indbrud mv. Politiet vil også.\n\nNyt afsnit her.  "
    spans = sentences(text)
    assert len(spans) == 3
    for start, end, sentence in spans:
        assert text[start:end] == sentence


def test_empty_text_has_no_sentences():
    assert sentences("") == [] and sentences("   \n ") == []


def test_spacy_pipeline_uses_the_same_splitter():
    doc = get_nlp()("Politiet vil bl.a. se på indbrud mv. Politiet vil øge indsatsen.")
    assert [s.text for s in doc.sents] == ["Politiet vil bl.a. se på indbrud mv.",
                                           "Politiet vil øge indsatsen."]


def test_spacy_pipeline_sets_lemmas():
    doc = get_nlp()("Indsatsområderne videreføres")
    assert [t.lemma_ for t in doc] == ["indsatsområde", "videreføre"]


# ------------------------------------------------------------------ lemmas

@pytest.mark.parametrize("word", ["videreføres", "videreført", "videreførelse", "viderefører",
                                  "videreførte"])
def test_continuation_words_share_one_lemma(word):
    assert lemmatize(word) == "videreføre"


@pytest.mark.parametrize("word", ["fortsætter", "fortsættes", "fortsat", "fortsættelse"])
def test_fortsaette_family_shares_one_lemma(word):
    assert lemmatize(word) == "fortsætte"


@pytest.mark.parametrize("word", ["ny", "nye", "nyt"])
def test_new_words_lemmatise_to_ny(word):
    assert lemmatize(word) == "ny"


def test_known_plural_definite_lemmatises():
    assert lemmatize("indsatsområderne") == "indsatsområde"


def test_unknown_compound_is_lemmatised_through_its_tail():
    assert lemmatize("bandekonflikterne") == "bandekonflikt"
    assert lemmatize("kredsrådsmødet") == "kredsrådsmøde"


def test_hyphenated_compound_keeps_prefix():
    assert lemmatize("SSP-samarbejdet") == "ssp-samarbejde"


def test_capitalised_word_falls_back_to_lower_case():
    assert lemmatize("Politiet") == "politi"


def test_unknown_word_is_returned_lower_case():
    assert lemmatize("Xqzw") == "xqzw"


def test_lemmas_skip_punctuation():
    assert lemmas("Indsatsen fortsætter, og fokusområdet er nyt.") == [
        "indsats", "fortsætte", "og", "fokusområde", "være", "ny"]


def test_lemma_sequence_matches_compound_head():
    assert lemma_sequence_in(lemmas("Kriminalitetsforebyggelse i skolerne"), ["forebyggelse"])
    assert not lemma_sequence_in(lemmas("Nyt fokusområde"), ["fokusområde", "ny"])
