"""Offline Danish language layer: sentences with character offsets, and lemmas.

No pretrained model is used (none may be downloaded): ``get_nlp()`` is ``spacy.blank("da")`` (its
tokenizer already knows many Danish abbreviations) plus two rule components:

* ``da_sentences`` -- a rule-based sentence splitter that knows Danish abbreviations, ordinals
  ("2. kvartal", "den 10. december"), law references ("§ 110, stk. 2.") and numbered headings;
* ``da_lemmas`` -- the lookup lemmatiser of spacy-lookups-data (``da_lemma_lookup``), with
  overrides from ``data/nlp.yaml`` and a compound fallback: an unknown word is lemmatised through
  its longest known tail ("bandekonflikterne" -> "bande" + lemma("konflikterne")).

The hot paths do not need spaCy's Doc at all: ``sentences(text)`` is pure regex work and
``lemmas(text)`` only runs the tokenizer, so a few thousand sentences per second is easy.
Lemmas are always lower case because they are used for matching, not for display.
"""
from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from pipeline.datafiles import load


Span = tuple[int, int, str]

# Sentence-final punctuation, optionally followed by closing quotes or brackets.
_CANDIDATE = re.compile(r"[.!?…]+[\"»”’')\]]*(?=\s|$)")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
# A line that starts a bullet or a numbered item begins a new sentence.
_ITEM_LINE = re.compile(r"\n[ \t]*(?=(?:[•▪●◦■\-–*]\s)|(?:\d+[.)]\s+[A-ZÆØÅ]))")
_HEADING_NUMBER = re.compile(
    r"\s*(?:(?:pkt|punkt|nr|afsnit|kapitel|kap|indsatsområde|fokusområde|tema)\.?\s*)?"
    r"(?:\d+(?:\.\d+)*|[IVXivx]+|[A-Za-z])\.", re.IGNORECASE)
_INITIALS = re.compile(r"(?:[a-zæøå]{1,4}\.){2,}")
_OPENERS = "([\"'«»„“‘–-•"
_LINE_END_CONTINUES = re.compile(
    r"(?:[,;:\-–(/&]|\b(?:og|eller|samt|i|på|af|til|for|med|at|den|det|de|en|et|som|om|fra|ved|"
    r"under|efter|mellem|hos|der|er|har|vil|skal|kan))$", re.IGNORECASE)


# ---------------------------------------------------------------- data

@lru_cache(maxsize=1)
def _abbrev() -> dict[str, frozenset[str]]:
    abbr = load("nlp.yaml")["abbreviations"]
    return {kind: frozenset(w.lower() for w in words) for kind, words in abbr.items()}


@lru_cache(maxsize=1)
def _continuation() -> frozenset[str]:
    return frozenset(w.lower() for w in load("nlp.yaml")["continuation_words"])


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """spacy-lookups-data's Danish lookup table, read straight from its gz JSON (no spaCy init)."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "da_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _overrides() -> dict[str, str]:
    return {str(k).lower(): str(v).lower() for k, v in (load("nlp.yaml").get("lemma_overrides") or {}).items()}


# ---------------------------------------------------------------- lemmas

@lru_cache(maxsize=200_000)
def lemmatize(word: str) -> str:
    """The lower-case lemma of one word: override, lookup table, hyphen/compound tail, or the word."""
    low = word.lower()
    overrides = _overrides()
    if low in overrides:
        return overrides[low]
    table = lemma_table()
    known = table.get(word) or table.get(low)
    if known:
        return known.lower()
    if "-" in low.strip("-"):
        head, _, tail = low.rpartition("-")
        return f"{head}-{lemmatize(tail)}"
    return _compound_lemma(low)


def _compound_lemma(low: str) -> str:
    """Lemmatise an unknown compound through its longest known tail, keeping the prefix as is."""
    data = load("nlp.yaml")
    min_suffix, min_prefix = data.get("compound_min_suffix", 4), data.get("compound_min_prefix", 2)
    if not low.isalpha() or len(low) < min_suffix + min_prefix:
        return low
    overrides, table = _overrides(), lemma_table()
    for i in range(min_prefix, len(low) - min_suffix + 1):
        tail = low[i:]
        lemma = overrides.get(tail) or table.get(tail)
        if lemma:
            return low[:i] + lemma.lower()
    return low


def tokens(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, token text, lemma) for every word token; punctuation and spaces are skipped."""
    doc = get_nlp().tokenizer(text)
    return [(t.idx, t.idx + len(t.text), t.text, lemmatize(t.text))
            for t in doc if not (t.is_space or t.is_punct)]


def lemmas(text: str) -> list[str]:
    """Lower-case lemmas of the words of ``text`` in order (punctuation left out)."""
    return [lemma for _, _, _, lemma in tokens(text)]


def lemma_sequence_in(haystack: list[str], phrase: list[str]) -> bool:
    """True when ``phrase`` (lemmas) occurs contiguously in ``haystack``; the last phrase lemma may
    be the head of a compound ("forebyggelse" matches "kriminalitetsforebyggelse")."""
    n = len(phrase)
    if n == 0:
        return False
    for i in range(len(haystack) - n + 1):
        if haystack[i:i + n - 1] == phrase[:-1] and haystack[i + n - 1].endswith(phrase[-1]):
            return True
    return False


# ---------------------------------------------------------------- sentences

def sentences(text: str) -> list[Span]:
    """Sentences of ``text`` as (start, end, text) with ``text == input[start:end]``."""
    cuts = sorted(set(_hard_cuts(text)) | set(_soft_cuts(text)))
    spans: list[Span] = []
    begin = 0
    for cut in cuts + [len(text)]:
        _append_span(spans, text, begin, cut)
        begin = cut
    return spans


def sentences_many(texts: Iterable[str]) -> list[list[Span]]:
    """``sentences`` for many texts (kept for symmetry with ``nlp.pipe``)."""
    return [sentences(t) for t in texts]


def _append_span(spans: list[Span], text: str, begin: int, end: int) -> None:
    chunk = text[begin:end]
    stripped = chunk.strip()
    if not stripped:
        return
    start = begin + (len(chunk) - len(chunk.lstrip()))
    spans.append((start, start + len(stripped), stripped))


def _hard_cuts(text: str) -> list[int]:
    """Paragraph breaks, bullet/numbered lines and short heading lines always end a sentence."""
    cuts = [m.end() for m in _PARAGRAPH.finditer(text)]
    cuts += [m.end() for m in _ITEM_LINE.finditer(text)]
    cuts += _heading_line_cuts(text)
    return cuts


def _heading_line_cuts(text: str) -> list[int]:
    # A short line without final punctuation followed by a capitalised line is a heading; in
    # Page.text single newlines separate blocks, so this does not cut wrapped running text.
    cuts = []
    pos = 0
    for line in text.split("\n")[:-1]:
        end = pos + len(line)
        stripped = line.strip()
        nxt = text[end + 1:end + 2 + 40].lstrip()
        if (stripped and len(stripped.split()) <= 10 and not _LINE_END_CONTINUES.search(stripped)
                and not stripped[-1] in ".!?" and nxt[:1].isupper()):
            cuts.append(end + 1)
        pos = end + 1
    return cuts


def _soft_cuts(text: str) -> list[int]:
    cuts = []
    last = 0
    for m in _CANDIDATE.finditer(text):
        if _is_boundary(text, m, last):
            cuts.append(m.end())
            last = m.end()
    return cuts


_NEXT_WORD = re.compile(r"\s*(\S*)")


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos)
    return m.group(1) if m else ""


def _starts_sentence(word: str) -> bool:
    """Capitalised, a digit, or an opening quote/bracket/bullet."""
    core = word.lstrip(_OPENERS)
    if not core:
        return bool(word)
    return core[0].isupper() or core[0].isdigit()


def _is_boundary(text: str, m: re.Match, sentence_start: int) -> bool:
    nxt = _next_word(text, m.end())
    if not nxt:
        return False
    punct = m.group(0)
    if "." not in punct[:1]:
        # ! ? … end a sentence unless the text carries on in lower case
        return not nxt[0].islower()
    if not _starts_sentence(nxt):
        return False
    word = _word_before(text, m.start() + 1)
    return _period_ends_sentence(word, nxt, text[sentence_start:m.start() + 1])


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_OPENERS)


def _period_ends_sentence(word: str, nxt: str, so_far: str) -> bool:
    low = word.lower()
    abbr = _abbrev()
    nxt_low = nxt.lstrip(_OPENERS).lower().rstrip(".,;:")
    if low in abbr["never_final"] or low in abbr["name_prefix"]:
        return False
    if re.fullmatch(r"(?:[A-ZÆØÅ]\.)+", word):
        return False  # initials stand before a name: "A. Jensen", "H.C. Andersen"
    if low in abbr["may_end"] or _INITIALS.fullmatch(low):
        return nxt_low not in _continuation()
    if re.fullmatch(r"\d+\.", word):
        return _ordinal_ends_sentence(nxt_low, so_far)
    if _HEADING_NUMBER.fullmatch(so_far.strip() or "x"):
        return False  # "II. Indsatser", "a. Unge"
    return True


def _ordinal_ends_sentence(nxt_low: str, so_far: str) -> bool:
    if nxt_low in _continuation():
        return False  # "den 10. December", "2. Kvartal"
    if _HEADING_NUMBER.fullmatch(so_far.strip()):
        return False  # a numbered heading "1. Indledning", "Pkt. 3. Godkendelse"
    return True


# ---------------------------------------------------------------- spaCy pipeline

def _register_components() -> None:
    from spacy.language import Language

    if not Language.has_factory("da_sentences"):
        @Language.component("da_sentences")
        def da_sentences(doc):  # noqa: ANN001 - spaCy signature
            starts = {s for s, _, _ in sentences(doc.text)}
            for i, token in enumerate(doc):
                token.is_sent_start = i == 0 or token.idx in starts
            return doc

    if not Language.has_factory("da_lemmas"):
        @Language.component("da_lemmas")
        def da_lemmas(doc):  # noqa: ANN001 - spaCy signature
            for token in doc:
                if not token.is_space:
                    token.lemma_ = lemmatize(token.text)
            return doc


@lru_cache(maxsize=1)
def get_nlp():
    """spacy.blank("da") with the rule sentence splitter and the lookup lemmatiser (cached)."""
    import spacy

    _register_components()
    nlp = spacy.blank("da")
    nlp.add_pipe("da_sentences")
    nlp.add_pipe("da_lemmas")
    return nlp
