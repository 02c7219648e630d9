"""Declared status of focus areas: what the plan itself says (continued from a year, or new).

Evidence is looked for in three places, strongest first:
1. the area's own text (the sentence that names a continuation or says the area is new);
2. the area's heading ("Fortsat fokus på X", "X styrkes", "Ny indsats: X");
3. overview sentences in a foreword or introduction that list several areas at once
   ("A og B videreføres fra 2013, mens C er nyt"): the status belongs to each listed area, so the
   sentence is cut into clauses and each clause's areas get that clause's status.
Matching is on lemmas, so inflection and word order do not matter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.datafiles import load

from pipeline.focus_areas import FocusArea, lemma_set
from pipeline.structure import Section

YEAR = re.compile(r"(?<![\d.,])(20[01]\d|199\d)(?![\d.,]?\d)")
ORDINALS = {"andet": 2, "tredje": 3, "fjerde": 4, "femte": 5, "sjette": 6, "syvende": 7, "ottende": 8}
ORDINAL_YEAR = re.compile(r"\b(?:sit|sin|det|dets|dens)\s+(andet|tredje|fjerde|femte|sjette|syvende|ottende)\s+år\b", re.I)
SINCE_YEAR = re.compile(r"\bsiden\s+(20[01]\d|199\d)\b", re.I)
RELATIVE_LAST_YEAR = re.compile(r"\b(sidste|forrige|seneste)\s+års?\b|\bsidste\s+år\b|\bi\s+fjor\b", re.I)


@dataclass
class Verdict:
    status: str               # continued | new
    from_year: int | None
    evidence: str


@lru_cache(maxsize=1)
def _config() -> dict:
    return load("status.yaml")


def _matches(lemma: str, entries: list[str]) -> bool:
    for entry in entries:
        if entry.endswith("*"):
            if lemma.startswith(entry[:-1]):
                return True
        elif lemma == entry:
            return True
    return False


def classify_sentence(sentence: str, plan_year: int | None) -> Verdict | None:
    """The status a sentence declares, or None. Pure: used for area text and overview clauses."""
    cfg = _config()
    lems = lemma_set(sentence)
    if any(l in cfg["negations"] for l in lems):
        return None
    year = _from_year(sentence, plan_year)
    if any(_matches(l, cfg["continued"]["lemmas"]) for l in lems):
        return Verdict("continued", year, sentence)
    if year is not None and any(l in cfg["continued"]["weak"] for l in lems):
        return Verdict("continued", year, sentence)
    started = _started_in(lems, sentence, plan_year)
    if started:
        return started
    ordinal = ORDINAL_YEAR.search(sentence)
    if ordinal and plan_year:
        # "går ind i sit tredje år": running since plan_year - 2
        return Verdict("continued", plan_year - ORDINALS[ordinal.group(1).lower()] + 1, sentence)
    since = SINCE_YEAR.search(sentence)
    if since and (plan_year is None or int(since.group(1)) < plan_year):
        # "har været et indsatsområde siden 2013" ("siden" lemmatises to "side", page)
        return Verdict("continued", int(since.group(1)), sentence)
    if _says_new(lems):
        return Verdict("new", None, sentence)
    return None


def _started_in(lems: list[str], sentence: str, plan_year: int | None) -> Verdict | None:
    """ "Indsatsen blev etableret i 2012": started in an earlier year, so carried on from it."""
    cfg = _config()["new"]
    if not any(l in cfg["start_verbs"] for l in lems):
        return None
    years = [int(y) for y in YEAR.findall(sentence)]
    earlier = [y for y in years if plan_year is not None and y < plan_year]
    return Verdict("continued", min(earlier), sentence) if earlier else None


def _says_new(lems: list[str]) -> bool:
    """"ny" counts when it qualifies the area itself: right before an anchor noun ("et nyt
    indsatsområde", "ny indsats") or as predicate of one ("området er nyt"), not when it
    qualifies an activity inside the area ("8 nye nabohjælpsgrupper")."""
    cfg = _config()["new"]
    anchors = [a for a in cfg["anchors"] if a not in ("år", "gang")]
    is_anchor = lambda l: _is_anchor(l, anchors)
    for i, lemma in enumerate(lems):
        if not _matches(lemma, cfg["lemmas"]):
            continue
        after = lems[i + 1:i + 3]
        if after and is_anchor(after[0]) or (len(after) > 1 and after[0] in ("i", "for") and is_anchor(after[1])):
            return True
        if len(after) > 1 and after[0] == "i" and after[1] in cfg["after_ny_i"] and lemma in ("ny", "nyt"):
            return True
        before = lems[max(0, i - 4):i]
        if any(is_anchor(l) for l in before) and any(l in ("være", "blive", "er") for l in before):
            return True
        if lemma in ("første", "først") and after[:1] == ["gang"] and any(is_anchor(l) for l in lems):
            return True
    if any(l in cfg["verbs"] for l in lems) and any(is_anchor(l) for l in lems):
        return True
    return False


def _from_year(sentence: str, plan_year: int | None) -> int | None:
    years = [int(y) for y in YEAR.findall(sentence)]
    earlier = [y for y in years if plan_year is None or y < plan_year]
    if earlier:
        return max(earlier)
    if plan_year and RELATIVE_LAST_YEAR.search(sentence):
        return plan_year - 1
    return None


def classify_heading(heading: str, plan_year: int | None) -> Verdict | None:
    cfg = _config()
    words = [w.lower().strip(".,:;!()[]–-") for w in heading.split()]
    words = [w for w in words if w]
    if not words:
        return None
    edge = {words[0], words[-1]} | set(words[-3:])
    if edge & set(cfg["heading_continued"]):
        return Verdict("continued", _from_year(heading, plan_year), heading)
    # "Ny: X", "NY INDSATS: X", and a marker set off at the end: "X (ny)", "X – ny indsats"
    tail = re.search(r"(?:\(|[–-]\s)\s*(\w+)[^()–-]*\)?\s*$", heading)
    if words[0] in cfg["heading_new"] or (tail and tail.group(1).lower() in cfg["heading_new"]):
        return Verdict("new", None, heading)
    return None


def assign_status(areas: list[FocusArea], sections: list[Section], plan_year: int | None,
                  sentences_of) -> None:
    """Set declared_status/declared_from_year on each area. ``sentences_of(text)`` splits text."""
    for area in areas:
        # A status printed in the heading is deliberate; the text may add the year.
        heading = classify_heading(area.heading, plan_year)
        text = _from_area_text(area, plan_year, sentences_of)
        verdict = heading or text
        if heading and text and text.status == heading.status and text.from_year:
            verdict = text
        if verdict:
            _apply(area, verdict)
    _from_overviews(areas, sections, plan_year, sentences_of)


def _from_area_text(area: FocusArea, plan_year, sentences_of) -> Verdict | None:
    found: list[Verdict] = []
    for paragraph in joined_paragraphs(area.units):
        for sentence in sentences_of(paragraph):
            verdict = classify_sentence(sentence, plan_year)
            if verdict and _about_the_area(sentence):
                found.append(verdict)
    # the status sentence usually closes the section: prefer the last one that names a year
    with_year = [v for v in found if v.from_year]
    return (with_year or found or [None])[-1]


def joined_paragraphs(units) -> list[str]:
    """Body paragraphs, with a paragraph cut by a page or column break (no closing punctuation,
    next one starting in lower case or with a digit) joined to its continuation."""
    paragraphs: list[str] = []
    for unit in units:
        if unit.kind == "heading" or not unit.text:
            continue
        first = unit.text[0]
        if paragraphs and not paragraphs[-1].rstrip().endswith((".", "!", "?", ":")) and (first.islower() or first.isdigit()):
            paragraphs[-1] = paragraphs[-1].rstrip() + " " + unit.text
        else:
            paragraphs.append(unit.text)
    return paragraphs


def _about_the_area(sentence: str) -> bool:
    """A status word only counts when the sentence speaks of the area or the plan itself,
    not of an activity inside it ("nye metoder", "styrke samarbejdet")."""
    lems = lemma_set(sentence)
    return any(_is_anchor(l, _config()["new"]["anchors"]) for l in lems) or bool(YEAR.search(sentence))


def _is_anchor(lemma: str, anchors: list[str]) -> bool:
    # compounds end in their head noun ("indsatsområde"), but a short anchor such as "år" must
    # match whole ("hvornår" is no year)
    return any(lemma == a or (len(a) > 4 and lemma.endswith(a)) for a in anchors)


def _apply(area: FocusArea, verdict: Verdict) -> None:
    area.declared_status = verdict.status
    area.declared_from_year = verdict.from_year if verdict.status == "continued" else None
    area.status_evidence = verdict.evidence


CLAUSE_SPLIT = re.compile(r"\s*(?:;|,\s*(?:mens|hvorimod|medens|men)\s|\s(?:mens|hvorimod|men)\s|\.\s)\s*", re.I)


def _from_overviews(areas, sections, plan_year, sentences_of) -> None:
    """Overview sentences set the status of the areas they name that have none yet."""
    overview_words = _config()["overview_headings"]
    pending = [a for a in areas if a.declared_status == "unknown"]
    if not pending:
        return
    for section in sections:
        lems = lemma_set(section.title)
        if not any(l.endswith(w) for l in lems for w in overview_words):
            continue
        own_units = [u for u in section.units if u.kind != "heading"]
        for unit in own_units:
            for sentence in sentences_of(unit.text):
                _overview_sentence(sentence, pending, plan_year)


def _overview_sentence(sentence: str, pending: list[FocusArea], plan_year) -> None:
    for clause in CLAUSE_SPLIT.split(sentence):
        named = [a for a in pending if a.declared_status == "unknown" and mentions(clause, a.title)]
        if not named:
            continue
        verdict = _clause_verdict(clause, plan_year)
        if verdict is None:
            continue
        if verdict.from_year is None and verdict.status == "continued":
            verdict.from_year = _from_year(sentence, plan_year)
        for area in named:
            _apply(area, Verdict(verdict.status, verdict.from_year, sentence))


def _clause_verdict(clause: str, plan_year) -> Verdict | None:
    cfg = _config()
    lems = lemma_set(clause)
    if any(_matches(l, cfg["continued"]["lemmas"]) for l in lems):
        return Verdict("continued", _from_year(clause, plan_year), clause)
    if any(_matches(l, cfg["new"]["lemmas"] + cfg["new"]["verbs"]) for l in lems):
        return Verdict("new", None, clause)
    return None


STOP = {"og", "i", "af", "på", "for", "til", "med", "mod", "en", "et", "de", "det", "den", "samt", "fokus"}


def mentions(text: str, title: str) -> bool:
    """Does ``text`` name the area ``title``? Exact title, or most of its content lemmas."""
    if title.lower() in text.lower():
        return True
    want = [l for l in lemma_set(title) if l not in STOP and len(l) > 2]
    if not want:
        return False
    have = set(lemma_set(text))
    hits = sum(1 for w in want if w in have or any(h.endswith(w) or w.endswith(h) and len(h) > 4 for h in have))
    return hits >= max(1, round(0.75 * len(want)))
