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

from pipeline.facts.focus_areas import FocusArea, lemma_set
from pipeline.facts.structure import Section

YEAR = re.compile(r"(?<![\d.,])(20[01]\d|199\d)(?![\d.,]?\d)")
YEAR_RX = r"(?:19|20)\d\d"
ORDINALS = {"andet": 2, "tredje": 3, "fjerde": 4, "femte": 5, "sjette": 6, "syvende": 7, "ottende": 8}
SINCE_YEAR = re.compile(r"\bsiden\s+(20[01]\d|199\d)\b", re.I)
# "første gang i 2013", "i 2013 for første gang": the area started in that earlier year
FIRST_TIME_YEAR = re.compile(rf"første\s+gang\W+(?:\w+\W+){{0,4}}?(?:i\s+)?({YEAR_RX})|({YEAR_RX})\W+(?:\w+\W+){{0,3}}?første\s+gang", re.I)
CLAUSE_BREAK = re.compile(r"\s*(?:;|,\s*(?:men|mens|hvorimod|og)\s|\s(?:men|mens|hvorimod)\s)\s*", re.I)


@dataclass
class Verdict:
    status: str               # continued | new
    from_year: int | None
    evidence: str


@lru_cache(maxsize=1)
def _patterns() -> dict:
    """The phrase lists of status.yaml compiled, with {year} standing for a printed year."""
    cfg = load("status.yaml")
    compile_all = lambda rxs: [re.compile(rx.replace("{year}", YEAR_RX), re.I) for rx in rxs]
    return {
        "continued": compile_all(cfg["continued"]["phrases"]),
        "continued_weak": compile_all(cfg["continued"]["weak_phrases"]),
        "new": compile_all(cfg["new"]["phrases"]),
        "not_before": compile_all(cfg["new"]["not_before"]),
        "relative": [(re.compile(rf"\b(?:{rx})\b", re.I), int(back))
                     for rx, back in cfg["continued"]["relative_years"].items()],
        "ordinal": re.compile(cfg["continued"]["ordinal_years"], re.I),
    }


def _matches(lemma: str, entries: list[str]) -> bool:
    for entry in entries:
        if entry.endswith("*"):
            if lemma.startswith(entry[:-1]):
                return True
        elif lemma == entry:
            return True
    return False


def _any(patterns: list[re.Pattern], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def classify_sentence(sentence: str, plan_year: int | None) -> Verdict | None:
    """The status a sentence of an area's own text declares about the area, or None.

    Pure. Only sentences that speak of the area or plan (an area noun, or an earlier year) count,
    so "Politiet vil fortsat være synlige" inside an area says nothing about the area."""
    anchored = _has_anchor(sentence, lemma_set(sentence))
    if not (anchored or _names_a_year(sentence)):
        return None
    verdict = declared_status(sentence, plan_year)
    if verdict and verdict.status == "new" and not anchored:
        return None     # "Politiet deltog for første gang i byfesten": an activity is new, not the area
    return verdict


def declared_status(text: str, plan_year: int | None) -> Verdict | None:
    """The status ``text`` declares, without asking whether it speaks of an area (used for the
    clauses of overview sentences, which name the areas by title)."""
    cfg, pats = load("status.yaml"), _patterns()
    lems = lemma_set(text)
    if any(l in cfg["trend_lemmas"] for l in lems) and not _has_anchor(text, lems) \
            and not _continued_phrase(text, plan_year):
        return None      # "antallet er fortsat faldende siden 2013": a trend, not a claim
    first = FIRST_TIME_YEAR.search(text)
    if first and plan_year and int(first.group(1) or first.group(2)) < plan_year:
        return Verdict("continued", int(first.group(1) or first.group(2)), text)
    if _any(pats["not_before"], text):
        return Verdict("new", None, text)     # "har ikke tidligere været en del af planen"
    for clause in CLAUSE_BREAK.split(text):
        verdict = _clause_status(clause, text, plan_year)
        if verdict:
            return verdict
    return None


def _clause_status(clause: str, sentence: str, plan_year: int | None) -> Verdict | None:
    cfg, pats = load("status.yaml"), _patterns()
    lems = lemma_set(clause)
    if any(l in cfg["negations"] for l in lems):
        return None
    year = _from_year(sentence, plan_year)
    if any(_matches(l, cfg["continued"]["lemmas"]) for l in lems) or _continued_phrase(clause, plan_year):
        return Verdict("continued", year, sentence)
    if year is not None and (any(l in cfg["continued"]["weak"] for l in lems)
                             or _any(pats["continued_weak"], clause)):
        return Verdict("continued", year, sentence)
    started = _started_in(lems, sentence, plan_year)
    if started:
        return started
    ordinal = _ordinal_start(clause, plan_year)
    if ordinal:
        return Verdict("continued", ordinal, sentence)
    since = SINCE_YEAR.search(clause)
    if since and (plan_year is None or int(since.group(1)) < plan_year):
        # "har været et indsatsområde siden 2013" ("siden" lemmatises to "side", page)
        return Verdict("continued", int(since.group(1)), sentence)
    if _says_new(lems, clause, plan_year):
        return Verdict("new", None, sentence)
    return None


def _continued_phrase(clause: str, plan_year: int | None) -> bool:
    for pattern in _patterns()["continued"]:
        for m in pattern.finditer(clause):
            years = [int(y) for y in YEAR.findall(m.group(0))]
            # "som i 2016" in the 2016 plan compares with this year, not an earlier plan
            if not years or plan_year is None or all(y < plan_year for y in years):
                return True
    return False


def _ordinal_start(clause: str, plan_year: int | None) -> int | None:
    m = _patterns()["ordinal"].search(clause)
    if not (m and plan_year):
        return None
    word = (m.group("a") or m.group("b")).lower()
    n = int(word[0]) if word[0].isdigit() else ORDINALS[word]
    return plan_year - n + 1      # "går ind i sit tredje år": running since plan_year - 2


def _started_in(lems: list[str], sentence: str, plan_year: int | None) -> Verdict | None:
    """ "Indsatsen blev etableret i 2012": started in an earlier year, so carried on from it."""
    cfg = load("status.yaml")["new"]
    if not any(l in cfg["start_verbs"] for l in lems):
        return None
    years = [int(y) for y in YEAR.findall(sentence)]
    earlier = [y for y in years if plan_year is not None and y < plan_year]
    return Verdict("continued", min(earlier), sentence) if earlier else None


def _says_new(lems: list[str], clause: str, plan_year: int | None) -> bool:
    """"ny" counts when it qualifies the area itself: right before an anchor noun ("et nyt
    indsatsområde", "ny indsats") or as predicate of one ("området er nyt"), not when it
    qualifies an activity inside the area ("8 nye nabohjælpsgrupper")."""
    cfg = load("status.yaml")["new"]
    if _any(_patterns()["new"], clause) or any(_matches(l, cfg["words"]) for l in lems):
        return True
    anchors = [a for a in cfg["anchors"] if a not in ("år", "gang")]
    is_anchor = lambda l: _is_anchor(l, anchors)
    for i, lemma in enumerate(lems):
        if not _matches(lemma, cfg["lemmas"]):
            continue
        after = lems[i + 1:i + 3]
        if after and (is_anchor(after[0]) or after[0] in cfg["ny_nouns"] and lemma in ("ny", "nyt", "nye")):
            return True
        if len(after) > 1 and after[0] in ("i", "for") and is_anchor(after[1]):
            return True
        if len(after) > 1 and after[0] == "i" and after[1] in cfg["after_ny_i"] and lemma in ("ny", "nyt"):
            return True
        before = lems[max(0, i - 4):i]
        if any(is_anchor(l) for l in before) and any(l in ("være", "blive", "er") for l in before):
            return True
    has_anchor = any(is_anchor(l) for l in lems)
    if any(l in cfg["verbs"] for l in lems) and has_anchor:
        return True
    # "Indsatsen er etableret i år": started this year
    this_year = re.search(r"\bi\s+år\b", clause, re.I) or (plan_year and str(plan_year) in clause)
    return bool(this_year and has_anchor and any(l in cfg["start_verbs"] for l in lems))


def _from_year(sentence: str, plan_year: int | None) -> int | None:
    """The earlier plan year a sentence names: "siden 2013" first, then the latest earlier year
    printed, then a relative one ("sidste års plan", "for to år siden")."""
    since = SINCE_YEAR.search(sentence)
    if since and (plan_year is None or int(since.group(1)) < plan_year):
        return int(since.group(1))
    years = [int(y) for y in YEAR.findall(sentence)]
    earlier = [y for y in years if plan_year is None or y < plan_year]
    if earlier:
        return max(earlier)
    if plan_year:
        for pattern, back in _patterns()["relative"]:
            if pattern.search(sentence):
                return plan_year - back
    return None


def classify_heading(heading: str, plan_year: int | None) -> Verdict | None:
    """Status printed in a heading: a marker set off from the title ("Videreført: X",
    "X (ny)", "X – fortsat fra 2015") or a continuation word opening or closing it
    ("Fortsat fokus på X", "X styrkes")."""
    cfg = load("status.yaml")
    for marker in _heading_markers(heading):
        words = _words(marker)
        if set(words) & set(cfg["heading_continued"] + cfg["heading_marker_continued"]):
            return Verdict("continued", _from_year(marker, plan_year), heading)
        if words and words[0] in cfg["heading_new"]:      # "NY:", "(nyt indsatsområde)", not "Unge og nye medier"
            return Verdict("new", None, heading)
    words = _words(heading)
    if not words:
        return None
    trend = len(words) > 1 and lemma_set(words[1])[:1] and lemma_set(words[1])[0] in cfg["trend_lemmas"]
    # the closing verb(s): "X styrkes", "X fastholdes og udbygges"
    closing = set(words[-3:]) if len(words) > 2 and words[-2] == "og" else {words[-1]}
    if (words[0] in cfg["heading_continued"] and not trend) or closing & set(cfg["heading_continued"]):
        return Verdict("continued", _from_year(heading, plan_year), heading)
    anchors = cfg["new"]["anchors"]
    if words[0] in cfg["heading_new"] and len(words) > 1 and _is_anchor(words[1], anchors):
        return Verdict("new", None, heading)    # "Ny indsats mod radikalisering"
    return None


HEADING_MARKERS = (
    re.compile(r"^\s*([^:]{1,40}?)\s*:\s+\S"),          # "Videreført: X", "NY: X"
    re.compile(r"\(([^()]{1,40})\)\s*$"),                # "X (videreført fra 2015)"
    re.compile(r"\s[–—-]\s+([^–—-]{1,40})$"),             # "X – nyt i 2016"
    re.compile(r"^\s*([^–—-]{1,40}?)\s+[–—-]\s"),        # "Nyt tema – X"
    re.compile(r":\s+([^:]{1,40})$"),                      # "X: fortsat indsats"
)


def _heading_markers(heading: str) -> list[str]:
    """Short phrases set off from the title by a colon, brackets or a dash (the title itself
    may be one of them; it carries no status word, so it does no harm)."""
    found = []
    for pattern in HEADING_MARKERS:
        m = pattern.search(heading)
        if m and len(m.group(1).split()) <= 4:
            found.append(m.group(1))
    return found


def _words(text: str) -> list[str]:
    words = [w.lower().strip(".,:;!()[]–—-") for w in text.split()]
    return [w for w in words if w]


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
            if verdict:
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


def _names_a_year(sentence: str) -> bool:
    """A printed year, an earlier plan named relatively, or the age of the work ("går ind i sit
    tredje år"): with one of these a status word speaks of the area, not of an activity in it."""
    return bool(YEAR.search(sentence)) or any(p.search(sentence) for p, _ in _patterns()["relative"]) \
        or bool(_patterns()["ordinal"].search(sentence))


def _has_anchor(text: str, lems: list[str]) -> bool:
    """An area noun in ``text``; "område" after "i"/"fra" is a place ("borgerne i området")."""
    cfg = load("status.yaml")["new"]
    for i, lemma in enumerate(lems):
        if lemma == "område" and i and lems[i - 1] in cfg["locative_before_område"]:
            continue
        if lemma not in ("år", "gang") and _is_anchor(lemma, cfg["anchors"]):
            return True     # "år"/"gang" anchor only "ny i år", "første gang", never alone
    return False


def _is_anchor(lemma: str, anchors: list[str]) -> bool:
    # compounds end in their head noun ("indsatsområde"), but a short anchor such as "år" must
    # match whole ("hvornår" is no year)
    return any(lemma == a or (len(a) > 4 and lemma.endswith(a)) for a in anchors)


def _apply(area: FocusArea, verdict: Verdict) -> None:
    area.declared_status = verdict.status
    area.declared_from_year = verdict.from_year if verdict.status == "continued" else None
    area.status_evidence = verdict.evidence


# Clauses of an overview sentence: each names its own areas and their status. A list of titles
# ("A, B og C") has no comma before "og", so ", og" and "og at" start a new clause.
CLAUSE_SPLIT = re.compile(r"\s*(?:;|,\s*(?:mens|hvorimod|medens|men|og)\s|\s(?:mens|hvorimod|men)\s|\s(?:og|samt)\s+at\s|\.\s)\s*", re.I)


def _from_overviews(areas, sections, plan_year, sentences_of) -> None:
    """Overview sentences set the status of the areas they name that have none yet."""
    overview_words = load("status.yaml")["overview_headings"]
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
                apply_overview_sentence(sentence, pending, plan_year)


def apply_overview_sentence(sentence: str, pending: list[FocusArea], plan_year) -> None:
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
    """A clause of an overview sentence names its areas by title, so a bare "nye" or
    "videreføres" there is about them ("mens C er nyt")."""
    verdict = declared_status(clause, plan_year)
    if verdict:
        return verdict
    cfg = load("status.yaml")
    lems = lemma_set(clause)
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
