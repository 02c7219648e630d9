"""Danish numbers: parse printed values, and find the figures (counts, percentages, amounts, areas)
in running text.

Danish notation: "." groups thousands and "," is the decimal mark ("443.693" -> 443693,
"2858,8" -> 2858.8, "1.234,5" -> 1234.5). Written numbers ("syv", "femten", "treogtyve") go through
text2num, which knows Danish.

A figure is a number with a unit ("12 pct.", "2,5 mio. kr.", "350.000 kr.", "37 km²") or with the
noun it counts ("7 øvelser", "banderåd i 5 af kommunerne", "3 udsatte boligområder"). Numbers that
merely point at something are not figures: years, dates, quarters and other ordinals, page/item/§
numbers, clock times, law references and phone numbers. A bare number without unit or noun is
reported only when its format shows it is a quantity ("1.234", "12,5"); its label is then empty.
Word lists live in ``data/units.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Union

from pipeline.datafiles import alternation, load
from pipeline.lang.periods import find_periods


Number = Union[int, float]

_GROUPED = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_COMMA_DECIMAL = re.compile(r"[+-]?\d+,\d+")
_INTEGER = re.compile(r"[+-]?\d+")
_POINT_DECIMAL = re.compile(r"[+-]?\d+\.\d{1,2}")
_NUMBER = re.compile(r"(?<![\w.,/§-])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\w²]|[.,/:]\d|-\w)")
_PHONE = re.compile(r"(?:\+45\s?)?(?<!\d)\d{2}(?:\s\d{2}){3}(?!\s?\d)|(?<![\d.,])\d{8}(?![\d.,])")
_WORD = re.compile(r"\s+([a-zæøå][a-zæøå-]*|[A-ZÆØÅ]{2,}-[a-zæøå-]+)(?=$|[\s.,;:!?)\]])")
_PREV_WORD = re.compile(r"(\S+)\s*$")


@dataclass(frozen=True)
class Figure:
    start: int          # character offsets into the input text
    end: int
    value: Number
    unit: str           # canonical unit from units.yaml, "" for a count
    noun: str           # what is counted ("øvelser", "udsatte boligområder"), "" if not printed
    text: str
    label: str = ""     # what the figure measures: the noun, or what the sentence says it is of


def _alt(phrases) -> str:
    # "mio. kr." is also printed "mio.kr."
    return alternation(phrases, space=r"\s*", lower=True)


# ---------------------------------------------------------------- parsing

def parse_danish_number(text: str) -> Optional[Number]:
    """A printed Danish number as int or float; None when ``text`` is not one number."""
    s = text.strip().replace("\u00a0", "").replace("\u2212", "-")
    if not s:
        return None
    if _GROUPED.fullmatch(s):
        return _to_number(s.replace(".", ""))
    if _COMMA_DECIMAL.fullmatch(s) or _INTEGER.fullmatch(s):
        return _to_number(s)
    if _POINT_DECIMAL.fullmatch(s):
        return float(s)  # English-style decimals occur in exported tables ("2.5")
    return _number_word(s)


def _to_number(s: str) -> Number:
    return float(s.replace(",", ".")) if "," in s else int(s)


def _number_word(s: str) -> Optional[int]:
    word = s.lower()
    if not re.fullmatch(r"[a-zæøå ]+", word):
        return None
    from text_to_num import text2num

    try:
        return int(text2num(word, "da"))
    except (ValueError, TypeError):
        return None


# ---------------------------------------------------------------- finding

@lru_cache(maxsize=1)
def _compiled() -> dict:
    d = load("units.yaml")
    units = {form.lower(): canon for canon, forms in d["units"].items() for form in forms}
    before = {form.lower(): canon for canon, forms in d["units_before"].items() for form in forms}
    ones, tens = _alt(d["number_word_ones"]), _alt(d["number_word_tens"])
    return {
        "units": units,
        "unit_rx": re.compile(rf"\s*({_alt(units)})(?![\wæøå²])", re.IGNORECASE),
        "before": before,
        "before_rx": re.compile(rf"(?<!\w)({_alt(before)})\s*$", re.IGNORECASE),
        "partitive_rx": re.compile(rf"\s+(?:{_alt(d['partitive'])})(?=\s)", re.IGNORECASE),
        "words_rx": re.compile(rf"(?<!\w)((?:{ones})og(?:{tens})|{_alt(d['number_words'])})(?!\w)",
                               re.IGNORECASE),
        "not_after": frozenset(w.lower() for w in d["not_after"]),
        "stop": frozenset(w.lower() for w in d["stop_words"]),
        "modifiers": frozenset(w.lower() for w in d["modifiers"]),
        "suffixes": tuple(d["modifier_suffixes"]),
        "noun_units": frozenset(d["noun_after_unit"]),
    }


def find_figures(text: str) -> list[Figure]:
    """Counts, percentages, amounts and areas in ``text`` (see module doc), in text order."""
    blocked = _blocked_spans(text)
    figures = [f for m in _NUMBER.finditer(text) if (f := _digit_figure(text, m, blocked))]
    figures += [f for m in _compiled()["words_rx"].finditer(text) if (f := _word_figure(text, m))]
    return sorted(figures, key=lambda f: f.start)


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    """Spans whose numbers are dates, periods or phone numbers."""
    # any default year will do: only the spans matter ("2. kvartal" has no printed year)
    spans = [(p.start, p.end) for p in find_periods(text, default_year=2000)]
    spans += [(m.start(), m.end()) for m in _PHONE.finditer(text)]
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _digit_figure(text: str, m: re.Match, blocked: list[tuple[int, int]]) -> Optional[Figure]:
    raw = m.group(0)
    if _inside(m.start(), blocked) or _is_reference(text, m.start()) or _is_ordinal(text, m.end()):
        return None
    value = parse_danish_number(raw)
    start, unit, end = _unit_before(text, m.start()), "", m.end()
    unit_m = _compiled()["unit_rx"].match(text, end)
    if unit_m:
        unit, end = _compiled()["units"][re.sub(r"\s+", " ", unit_m.group(1).lower())], unit_m.end()
    elif start < m.start():
        unit = _compiled()["before"][re.sub(r"\s+", " ", text[start:m.start()].strip().lower())]
    if not unit and _is_year(raw):
        return None
    noun_start = end
    noun, end = _noun_after(text, end) if (not unit or unit in _compiled()["noun_units"]) else ("", end)
    if not unit and not noun and not re.search(r"[.,]", raw):
        return None
    label = measured_label(text, start, noun_start, end, noun)
    return Figure(start, end, value, unit, noun, text[start:end], label)


def _word_figure(text: str, m: re.Match) -> Optional[Figure]:
    value = parse_danish_number(m.group(1))
    if value is None:
        return None
    unit_m = _compiled()["unit_rx"].match(text, m.end())
    if unit_m and _compiled()["units"][re.sub(r"\s+", " ", unit_m.group(1).lower())] == "pct.":
        return Figure(m.start(), unit_m.end(), value, "pct.", "", text[m.start():unit_m.end()],
                      measured_label(text, m.start(), unit_m.end(), unit_m.end(), ""))
    noun, end = _noun_after(text, m.end())
    if not noun:
        return None  # a written number counts something or it is not a figure
    return Figure(m.start(), end, value, "", noun, text[m.start():end],
                  measured_label(text, m.start(), m.end(), end, noun))


_OF_WHOLE = re.compile(r"\b(antallet|andelen)\s+af\s+", re.IGNORECASE)
_COUNTED_BEFORE = re.compile(r"([\wæøå-]+)\s+i\s+$", re.IGNORECASE)
_FOR_PURPOSE = re.compile(r"\s+til\s+(?:[\wæøå]+\s+af\s+)?", re.IGNORECASE)


def measured_label(text: str, start: int, noun_start: int, end: int, noun: str) -> str:
    """What a figure measures, as the sentence says it.

    * "banderåd i 5 af kommunerne": the partitive names the whole; the thing counted stands
      before "i" ("banderåd").
    * a counted noun after the number: that noun ("7 øvelser", "5 nye nabohjælpsgrupper").
    * a share or change without a noun: what it is of ("andelen af mindreårige sigtede falder med
      5 pct." -> "andelen af mindreårige sigtede"; "antallet af dræbte ... med 10 pct." -> "dræbte
      ...").
    * an amount set aside for something: what for ("afsat 2 mio. kr. til ombygning af farlige
      kryds" -> "farlige kryds").
    """
    if noun and _compiled()["partitive_rx"].match(text, noun_start):
        before = _COUNTED_BEFORE.search(text, max(0, start - 40), start)
        if before and before.group(1).lower() not in _compiled()["stop"]:
            return before.group(1)
    if noun:
        return noun
    sentence_start = max(text.rfind(". ", 0, start) + 1, 0)
    whole = list(_OF_WHOLE.finditer(text, sentence_start, start))
    if whole:
        phrase = _phrase(text, whole[-1].end())
        if phrase:
            return phrase if whole[-1].group(1).lower() == "antallet" else f"{whole[-1].group(0).strip()} {phrase}"
    purpose = _FOR_PURPOSE.match(text, end)
    return _phrase(text, purpose.end()) if purpose else ""


def _phrase(text: str, pos: int) -> str:
    """The noun phrase starting at ``pos``: words up to a function word, verb or punctuation,
    with "og" kept between two content words ("dræbte og alvorligt tilskadekomne")."""
    stop = _compiled()["stop"]
    words = []
    for m in re.finditer(r"\s*([\wæøå-]+|\S)", text[pos:pos + 120]):
        word = m.group(1)
        if word.lower() == "og" and words and words[-1] != "og":
            words.append(word)
            continue
        if not re.match(r"[\wæøå]", word) or word.lower() in stop or _ends_phrase(word):
            break
        words.append(word)
    while words and words[-1] == "og":
        words.pop()
    return " ".join(words[:6])


def _is_year(raw: str) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1990 <= int(raw) <= 2035


def _is_reference(text: str, start: int) -> bool:
    """"side 3", "pkt. 3", "§ 110", "stk. 2", "kl. 16": the word before makes it a reference."""
    prev = _PREV_WORD.search(text, 0, start)
    if not prev:
        return False
    word = prev.group(1).lower().lstrip("([")
    return word in _compiled()["not_after"]


def _is_ordinal(text: str, end: int) -> bool:
    """"3. møde", "10. december": a full stop right after the number and a lower-case word next."""
    return bool(re.match(r"\.\s+[a-zæøå]", text[end:end + 3]))


def _unit_before(text: str, start: int) -> int:
    m = _compiled()["before_rx"].search(text, max(0, start - 8), start)
    return m.start() if m else start


def _noun_after(text: str, pos: int) -> tuple[str, int]:
    """The counted noun phrase after ``pos``: modifiers plus one noun ("udsatte boligområder")."""
    c = _compiled()
    part = c["partitive_rx"].match(text, pos)
    cursor = part.end() if part else pos
    words: list[re.Match] = []
    while len(words) < 3:
        wm = _WORD.match(text, cursor)
        if not wm or _ends_phrase(wm.group(1)):
            break
        words.append(wm)
        cursor = wm.end()
        if not _is_modifier(wm.group(1)):
            break
    if not words:
        return "", pos
    return text[words[0].start(1):words[-1].end()], words[-1].end()


def _ends_phrase(word: str) -> bool:
    low = word.lower()
    if low in _compiled()["modifiers"]:
        return False  # "fælles" ends in -es but is an adjective ("16 fælles kontrolaktioner")
    # passive verbs in -es ("afholdes", "gennemføres") follow the noun, they are not one
    return low in _compiled()["stop"] or (len(low) > 5 and low.endswith("es"))


def _is_modifier(word: str) -> bool:
    low = word.lower()
    return low in _compiled()["modifiers"] or low.endswith(_compiled()["suffixes"])
