"""Document metadata from content: doc_type, district, year, title, council, municipality,
meeting_date, meeting_no.

Evidence is read in order of trust: the title (largest-font lines on page 1 that name a genre),
running headers/footers, the rest of page 1, later pages, and only as a last resort the file name
(users name files anything). Works on whatever the layout stage left: blocks with kinds, lines, or
only words (lines are then rebuilt from word ``top``), or only ``Page.text``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from pipeline.datafiles import load

from pipeline.lang import gazetteer
from pipeline.lang.dehyphenate import join_lines
from pipeline.lang.dates import find_dates, month_number
from pipeline.model import FURNITURE_KINDS, Document, DocumentMeta, Page, Word

SIZE_TOLERANCE = 0.6   # points; title lines of one size differ by rounding only
MAX_TITLE_LINES = 4
TITLE_LEADING = 1.75   # a title line follows the line above within this many font sizes (top to top)
PAGE1_LINES = 25       # the header of minutes is within the first lines
# A title line ending in one of these words goes on in the next line.
_CONTINUES = re.compile(r"(?:\b(?:for|i|af|og|den|d\.|på|til|med|om|ved|fra|mellem|nr\.?)|[-–,/:])\s*$",
                        re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")


@dataclass
class TextLine:
    text: str
    size: float
    top: float
    kind: str
    page: int


# ---------------------------------------------------------------- config

@lru_cache(maxsize=1)
def _cfg() -> dict:
    return load("metadata.yaml")


@lru_cache(maxsize=None)
def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def _first_match(patterns_by_label: dict[str, list[str]], text: str) -> Optional[str]:
    """The label whose pattern matches earliest in ``text``."""
    best: tuple[int, str] | None = None
    for label, patterns in patterns_by_label.items():
        for p in patterns:
            m = _rx(p).search(text)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), label)
    return best[1] if best else None


def _any(patterns: Iterable[str], text: str) -> bool:
    return any(_rx(p).search(text) for p in patterns)


def norm_ws(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


# ---------------------------------------------------------------- lines from whatever layout gave

def _words_to_lines(words: list[Word], page: int, kind: str = "body") -> list[TextLine]:
    """Group words into lines by ``top`` (layout may not have run)."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines:
            last = lines[-1][0]
            tol = max(2.0, 0.5 * (last.bottom - last.top))
            if abs(w.top - last.top) <= tol:
                lines[-1].append(w)
                continue
        lines.append([w])
    return [TextLine(" ".join(w.text for w in sorted(ws, key=lambda w: w.x0)),
                     max(w.size for w in ws), min(w.top for w in ws), kind, page) for ws in lines]


def page_lines(page: Page) -> list[TextLine]:
    """The page's lines top to bottom, each with font size and block kind where known."""
    if page.blocks:
        out = []
        for b in page.blocks:
            if b.lines:
                for ln in b.lines:
                    size = max((w.size for w in ln.words), default=0.0)
                    out.append(TextLine(ln.text, size, ln.bbox.top, b.kind, page.number))
            elif b.text:
                out.append(TextLine(b.text, 0.0, b.bbox.top, b.kind, page.number))
        return sorted(out, key=lambda l: l.top)
    if page.lines:
        return [TextLine(ln.text, max((w.size for w in ln.words), default=0.0), ln.bbox.top,
                         "body", page.number) for ln in sorted(page.lines, key=lambda l: l.bbox.top)]
    if page.words:
        return _words_to_lines(page.words, page.number)
    return [TextLine(t, 0.0, float(i), "body", page.number)
            for i, t in enumerate(page.text.splitlines()) if t.strip()]


def page_text(page: Page) -> str:
    """Page.text when layout set it, else the page's lines joined."""
    return page.text or "\n".join(l.text for l in page_lines(page))


def _content_lines(page: Page) -> list[TextLine]:
    return [l for l in page_lines(page) if l.kind not in FURNITURE_KINDS and l.text.strip()]


def running_lines(doc: Document, max_pages: int = 6) -> list[str]:
    """Running header/footer texts: blocks marked so, else lines repeated at page top/bottom."""
    pages = doc.pages[:max_pages]
    marked = [norm_ws(b.text or " ".join(l.text for l in b.lines))
              for p in pages for b in p.blocks if b.kind in ("header", "footer")]
    if marked:
        return list(dict.fromkeys(t for t in marked if t))
    counts: Counter[str] = Counter()
    originals: dict[str, str] = {}
    for p in pages:
        lines = [l for l in page_lines(p) if l.text.strip()]
        for l in {id(x): x for x in lines[:2] + lines[-2:]}.values():
            key = re.sub(r"\d+", "#", norm_ws(l.text)).casefold()
            counts[key] += 1
            originals.setdefault(key, norm_ws(l.text))
    return [originals[k] for k, n in counts.items() if n >= 2 and len(k) > 3]


# ---------------------------------------------------------------- title

def _genre_in(text: str) -> Optional[str]:
    return _first_match(_cfg()["doc_types"], text)


def _same_size(a: TextLine, b: TextLine) -> bool:
    return abs(a.size - b.size) <= SIZE_TOLERANCE


def _title_start(lines: list[TextLine]) -> Optional[int]:
    """Index of the title's first line: the first biggest line naming a genre; else a genre line
    set larger than the body text; else the first biggest line. Genre words in body text (an
    agenda item "Samarbejdsplan 2014") must not become the title."""
    if not lines:
        return None
    genre = [i for i, l in enumerate(lines) if _genre_in(l.text)]
    sizes = [l.size for l in lines]
    if not any(sizes):
        headings = [i for i, l in enumerate(lines) if l.kind == "heading"]
        for group in ([i for i in headings if i in genre], [i for i in genre if i < 5], headings):
            if group:
                return group[0]
        return 0
    biggest = max(sizes)
    body = Counter(round(s) for s in sizes).most_common(1)[0][0]
    big = [i for i, s in enumerate(sizes) if s >= biggest - SIZE_TOLERANCE]
    if len(big) > max(2, len(lines) // 2):  # no size stands out: only the top lines can be title
        big = big[:5]
    big_genre = [i for i in big if i in genre]
    if big_genre:
        return big_genre[0]
    raised = [i for i in genre if sizes[i] > body + SIZE_TOLERANCE]
    if raised:
        return max(raised, key=lambda i: (sizes[i], -i))
    return big[0]


def detect_title(page: Page) -> str:
    """The title as printed on page 1: the whole title block (a title is often set over two or
    three lines), joined with line-end hyphens resolved, whitespace-normalised."""
    lines = _content_lines(page)[:PAGE1_LINES]
    start = _title_start(lines)
    if start is None:
        return ""
    taken = [lines[start]]
    for nxt in lines[start + 1:start + MAX_TITLE_LINES]:
        if not _title_goes_on(taken, nxt):
            break
        taken.append(nxt)
    return norm_ws(join_lines([l.text for l in taken]))


_YEAR_ONLY = re.compile(r"^(?:(?:for|i)\s+)?20[0-3]\d(?:\s*[-–]\s*20[0-3]\d)?$", re.IGNORECASE)
_GENRE_ONLY = re.compile(r"^[\w/ -]{3,30}$")


def _same_block(prev: TextLine, nxt: TextLine) -> bool:
    """Same font size and set at the title's own line spacing: the next line of one title block.
    Layout may call the lines of one block by different kinds (heading/body); a table is never
    part of a title."""
    if not (prev.size and nxt.size) or not _same_size(prev, nxt) or nxt.kind == "table":
        return False
    return 0 < nxt.top - prev.top <= TITLE_LEADING * max(prev.size, nxt.size)


def _title_goes_on(taken: list[TextLine], nxt: TextLine) -> bool:
    """Does the next line continue the title? A year set on its own line ("Samarbejdsplan" /
    "2014"); a lone genre word over a smaller lower-case line ("REFERAT" / "af møde i Kredsrådet
    ..."); an unfinished line over one of the same look; or the next line of the same title block
    (same size, tight spacing) - unless that line only names the district under a finished title
    (a cover's "Samarbejdsplan 2014" / "Fyns Politi")."""
    prev, text = taken[-1], nxt.text.strip()
    if _YEAR_ONLY.match(text):
        return True
    lower_start = text[:1].islower()
    if len(taken) == 1 and _GENRE_ONLY.match(prev.text.strip()) and _genre_in(prev.text) and lower_start:
        return True
    continues = _CONTINUES.search(prev.text) or lower_start
    if continues and _same_size(prev, nxt) and nxt.kind == prev.kind:
        return True
    if not continues and gazetteer.exact_district(text):
        return False
    return _same_block(prev, nxt)


# ---------------------------------------------------------------- fields

def detect_doc_type(title: str, running: list[str], page1: str, filename: str) -> str:
    """Genre word in title or running header; a weak cue in the title; minutes vocabulary on
    page 1 (before page 1's genre words: minutes often discuss "samarbejdsplanen"); file name."""
    cfg = _cfg()
    genre = (_genre_in(title) or _genre_in(" ".join(running))
             or _first_match(cfg.get("weak_doc_types") or {}, title))
    if genre:
        return genre
    if sum(bool(_rx(p).search(page1)) for p in cfg["minutes_cues"]) >= 2:
        return "referat"
    return _genre_in(page1[:800]) or _genre_in(re.sub(r"[_\-.]+", " ", filename)) or "other"


def detect_council(doc_type: str, title: str, running: list[str], page1: str) -> str:
    cfg = _cfg()
    if doc_type not in cfg["council_doc_types"]:
        return ""
    for source in (title, " ".join(running), page1):
        council = _first_match(cfg["councils"], source)
        if council:
            return council
    return (cfg.get("default_council") or {}).get(doc_type, "")


def detect_municipality(sources: list[str]) -> str:
    """ "X Kommune" of a lokalråd document: after "Lokalrådet i/for", else the first "X Kommune"."""
    lead = _rx(_cfg()["municipality_lead"])
    for text in sources:
        for m in lead.finditer(text):
            found = gazetteer.find_municipalities(text[m.end():m.end() + 60], bare=True)
            if found and found[0][1] == 0:
                return found[0][0]
    trail = _rx(_cfg()["municipality_trail"])
    for text in sources:
        for m in trail.finditer(text):
            before = gazetteer.find_municipalities(text[max(0, m.start() - 40):m.start()], bare=True)
            if before and before[-1][2] == min(40, m.start()):
                return before[-1][0]
    for text in sources:
        found = gazetteer.find_municipalities(text)
        if found:
            return found[0][0]
    return ""


def _exact_district_line(lines: list[TextLine]) -> Optional[str]:
    """A cover line that is only a district name ("MIDT- OG VESTSJÆLLANDS")."""
    for l in lines[:12]:  # the cover's top, not a stray place name further down
        if len(l.text) < 60:
            exact = gazetteer.exact_district(l.text)
            if exact:
                return exact
    return None


def _most_named_district(texts: Iterable[str]) -> Optional[str]:
    counts = Counter(d for t in texts for d, _, _ in gazetteer.find_districts(t))
    return counts.most_common(1)[0][0] if counts else None


def _district_from_municipalities(text: str) -> Optional[str]:
    counts = Counter(gazetteer.municipality_district(m) for m, _, _ in gazetteer.find_municipalities(text))
    counts.pop(None, None)
    return counts.most_common(1)[0][0] if counts else None


def _district_from_filename(filename: str) -> Optional[str]:
    """Last resort: "mvsj_samarbejdsplan_2014", "midt-og-vestsjaellands-politi-2014"."""
    stem = filename.casefold()
    for a, b in (("ae", "æ"), ("oe", "ø"), ("aa", "å")):
        stem = stem.replace(a, b)
    stem = re.sub(r"[_.\-]+", " ", stem)
    for t in stem.split():
        d = gazetteer.exact_district(t)
        if d:
            return d
    return _most_named_district([stem])


def detect_printed_district(title: str, running: list[str], lines1: list[TextLine]) -> Optional[str]:
    """A district printed where a document names itself: title, running header, cover, page 1."""
    for text in (title, " ".join(running)):
        found = gazetteer.find_districts(text)
        if found:
            return found[0][0]
    return _exact_district_line(lines1) or _most_named_district(["\n".join(l.text for l in lines1)])


def detect_district(doc: Document, title: str, running: list[str], lines1: list[TextLine]) -> Optional[str]:
    """Printed district, else the district named most in the first pages, else the district of
    the municipalities on page 1 (a kredsråd attendee list)."""
    return (detect_printed_district(title, running, lines1)
            or _most_named_district(page_text(p) for p in doc.pages[:4])
            or _district_from_municipalities("\n".join(l.text for l in lines1))
            or next(filter(None, (gazetteer.fuzzy_district(l.text) for l in lines1[:12])), None))


def _year_near_genre(text: str) -> Optional[int]:
    for genre_patterns in _cfg()["doc_types"].values():
        for g in genre_patterns:
            for template in _cfg()["plan_year_near_genre"]:
                m = _rx(template.replace("{genre}", f"(?:{g})")).search(text)
                if m:
                    return int(m.group("y"))
    return None


def _years_outside_dates(text: str) -> list[int]:
    """Years not part of a date or a month ("december 2013" is when a plan was published)."""
    spans = [(d.start, d.end) for d in find_dates(text)]
    out = []
    for m in _YEAR.finditer(text):
        words = text[:m.start()].split()
        if any(s <= m.start() < e for s, e in spans) or (words and month_number(words[-1])):
            continue
        out.append(int(m.group(1)))
    return out


def detect_plan_year(title: str, lines1: list[TextLine], page1: str, filename: str,
                     running: Iterable[str] = ()) -> Optional[int]:
    for text in (title, *running):
        year = _year_near_genre(text)
        if year:
            return year
    biggest = max((l.size for l in lines1), default=0.0)
    big = [l.text for l in lines1 if biggest and l.size >= biggest - 2 * SIZE_TOLERANCE]
    for text in [title, *big]:
        if _any(_cfg()["not_plan_year"], text):
            continue
        years = _years_outside_dates(text)
        if years:
            return years[0]
    year = _year_near_genre(page1)
    if year:
        return year
    clean = [l.text for l in lines1 if not _any(_cfg()["not_plan_year"], l.text)]
    counts = Counter(y for t in clean for y in _years_outside_dates(t))
    if counts:
        return counts.most_common(1)[0][0]
    years = _YEAR.findall(filename)
    return int(years[0]) if years else None


def detect_meeting_no(title: str, page1: str, year: Optional[int]) -> str:
    cfg = _cfg()
    for text in (title, page1[:1500]):
        m = _rx(cfg["meeting_no"]).search(text)
        if m:
            y = m.group("y")
            return f"{int(m.group('n'))}/{y if len(y) == 4 else '20' + y}"
    for text in (title, page1[:1500]):
        m = _rx(cfg["meeting_no_without_year"]).search(text)
        if m and year:
            return f"{int(m.group('n'))}/{year}"
    return ""


def _meeting_dates(text: str, default_year: Optional[int]) -> list[str]:
    """Dates of a line, without those a "next meeting" / "deadline" cue before them disowns."""
    out, prev_end = [], 0
    for d in find_dates(text, default_year):
        before = text[prev_end:d.start]
        prev_end = d.end
        if not _any(_cfg()["not_meeting_date"], before):
            out.append(d.iso)
    return out


def header_lines(lines1: list[TextLine]) -> list[TextLine]:
    """Page 1 down to where attendance, agenda, a table or the body starts (the minutes' header:
    letterhead, title line, time and place)."""
    out = []
    for l in lines1[:PAGE1_LINES]:
        if l.kind == "table" or _rx(_cfg()["minutes_body_start"]).search(l.text):
            break
        out.append(l)
    return out


def detect_meeting_date(title: str, lines1: list[TextLine], running: list[str],
                        default_year: Optional[int] = None) -> str:
    """The meeting's own date: the title line first; then a header line that names the meeting
    (a meeting word, a weekday, a time); a letterhead's lone date (the date of the letter) only
    as a last resort; never a date below the header (the body quotes earlier and later meetings)."""
    in_title = _meeting_dates(title, default_year)
    if in_title:
        return in_title[0]
    cands: list[tuple[float, int, str]] = []
    for i, l in enumerate(header_lines(lines1)):
        dates = _meeting_dates(l.text, default_year)
        if dates:
            rank = 0.0 if _rx(_cfg()["letter_date_line"]).match(l.text) else \
                (2.0 if _any(_cfg()["meeting_line_cues"], l.text) else 1.0)
            cands.append((rank, -i, dates[0]))
    cands += [(0.5, -PAGE1_LINES, d) for t in running for d in _meeting_dates(t, default_year)[:1]]
    return max(cands)[2] if cands else ""


# ---------------------------------------------------------------- the stage

def detect(doc: Document) -> Document:
    """Fill ``doc.meta`` from the document's content; warn when district or year is not found."""
    filename = Path(doc.path).stem if doc.path else ""
    if not doc.pages:
        doc.meta = DocumentMeta(doc_type=_genre_in(filename) or "other")
        doc.warn("metadata: document has no pages")
        return doc
    first = doc.pages[0]
    lines1 = _content_lines(first)
    running = running_lines(doc)
    title = detect_title(first)
    page1 = "\n".join(l.text for l in lines1)
    meta = DocumentMeta(title=title)
    meta.doc_type = detect_doc_type(title, running, page1, filename)
    meta.council = detect_council(meta.doc_type, title, running, page1)
    if meta.council == "lokalråd":
        meta.municipality = detect_municipality([title, *running, page1])
    meta.district = _resolve_district(doc, meta, title, running, lines1, filename)
    _fill_year_and_meeting(meta, title, lines1, running, page1, filename)
    _warn_missing(doc, meta)
    doc.meta = meta
    return doc


def _resolve_district(doc: Document, meta: DocumentMeta, title: str, running: list[str],
                      lines1: list[TextLine], filename: str) -> str:
    by_municipality = gazetteer.municipality_district(meta.municipality) if meta.municipality else None
    if not by_municipality:
        return detect_district(doc, title, running, lines1) or _district_from_filename(filename) or ""
    printed = detect_printed_district(title, running, lines1)
    if printed and printed != by_municipality:
        # The document knows its own police district better than a gazetteer; keep its word
        # but say so, the gazetteer or the document may be wrong.
        doc.warn(f"metadata: {meta.municipality} is printed with {printed}, "
                 f"gazetteer says {by_municipality}")
    return printed or by_municipality


def _fill_year_and_meeting(meta: DocumentMeta, title: str, lines1: list[TextLine],
                           running: list[str], page1: str, filename: str) -> None:
    if meta.doc_type != "referat":
        meta.year = detect_plan_year(title, lines1, page1, filename, running)
        return
    meta.meeting_no = detect_meeting_no(title, page1, None)
    hint = int(meta.meeting_no.split("/")[1]) if meta.meeting_no else None
    meta.meeting_date = detect_meeting_date(title, lines1, running, hint)
    if meta.meeting_date:
        meta.year = int(meta.meeting_date[:4])
    else:
        meta.year = hint or detect_plan_year(title, lines1, page1, filename, running)
    if not meta.meeting_no:
        meta.meeting_no = detect_meeting_no(title, page1, meta.year)


def _warn_missing(doc: Document, meta: DocumentMeta) -> None:
    if not meta.district:
        doc.warn("metadata: district not found")
    if meta.year is None:
        doc.warn("metadata: year not found")
