"""The 12 police districts and the 98 municipalities, loaded from ``data/gazetteer.yaml``.

Names in the documents come inflected and spelled in many ways ("Fyns Politis", "Politiet i
Midt- og Vestsjælland", "MIDT- OG VESTSJÆLLANDS POLITIKREDS", "Frederikshavns kommune"), so the
matching is done with regular expressions built from each district's genitive and stem.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from pipeline.datafiles import load


# A hyphen may come as hyphen, non-breaking hyphen or dash, with or without spaces, or be dropped
# ("Midt- og", "Midt-og", "Midt og"); a space may be any run of whitespace (line breaks in titles).
_HYPHEN = r"\s*[-‐‑–]?\s*"
_SPACE = r"\s+"
_WORD_START = r"(?<![\w-])"
_WORD_END = r"(?![\w])"


@dataclass
class District:
    name: str
    genitive: str
    stem: str
    short: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)


def _flex(phrase: str) -> str:
    """Regex for a phrase that tolerates hyphen and whitespace variants."""
    out = []
    for token in re.split(r"(\s+|-)", phrase):
        if not token:
            continue
        if token == "-":
            out.append(_HYPHEN)
        elif token.isspace():
            out.append(_SPACE)
        else:
            out.append(re.escape(token))
    pattern = "".join(out)
    # "<HYPHEN>\s+" would demand a space after an optional hyphen; collapse to one flexible gap.
    pattern = pattern.replace(_HYPHEN + _SPACE, r"\s*[-‐‑–]?\s*")
    # "Sydsjællands- og Lolland-Falsters", "Midt- & Vestsjællands": og after an optional hyphen.
    return pattern.replace(_SPACE + "og" + _SPACE, r"\s*[-‐‑–]?\s*(?:og|&)\s+").replace(
        r"\s*[-‐‑–]?\s*og" + _SPACE, r"\s*[-‐‑–]?\s*(?:og|&)\s+")


def normalise(text: str) -> str:
    """Casefolded, one space between words, dashes unified: for exact alias look-ups."""
    text = re.sub(r"[‐‑–]", "-", text)
    text = re.sub(r"\s*-\s*", "- ", text)  # "Midt-og" / "Midt - og" -> "midt- og"
    return re.sub(r"\s+", " ", text).strip().casefold().rstrip(".,:;")


@lru_cache(maxsize=1)
def _districts() -> list[District]:
    return [District(**d) for d in load("gazetteer.yaml")["districts"]]


def districts() -> list[str]:
    """The 12 canonical district names, "<name> Politi"."""
    return [d.name for d in _districts()]


def _district_patterns(d: District) -> list[str]:
    gen, stem = _flex(d.genitive), _flex(d.stem)
    return [
        # "Fyns Politi", "Fyns Politis", "Fyns Politikreds", "Fyns politikredsens"
        rf"{gen}{_SPACE}politi(?:kreds(?:en|ens|s)?|s|ets)?",
        # "Politiet i Midt- og Vestsjælland", "politikredsen for Fyn", "Politiet på Bornholm"
        rf"politi(?:et|kredsen|kreds){_SPACE}(?:i|for|på){_SPACE}{stem}",
        # "Kredsrådet i Nordjylland", "Kredsråd Nordjylland", "Kredsrådet for Fyn"
        rf"kredsråd(?:et|ets)?{_SPACE}(?:(?:i|for|på){_SPACE})?{stem}",
        *[_flex(a) for a in d.aliases],
    ]


@lru_cache(maxsize=1)
def _district_regex() -> tuple[re.Pattern, dict[str, str]]:
    """One alternation of all district patterns; group names map back to canonical names."""
    parts, groups = [], {}
    for i, d in enumerate(_districts()):
        for j, p in enumerate(_district_patterns(d)):
            g = f"d{i}_{j}"
            groups[g] = d.name
            parts.append((p, g))
    # Longest pattern first so "Københavns Vestegns Politi" wins over "Københavns ...".
    parts.sort(key=lambda pg: -len(pg[0]))
    alt = "|".join(f"(?P<{g}>{p})" for p, g in parts)
    return re.compile(f"{_WORD_START}(?:{alt}){_WORD_END}", re.IGNORECASE), groups


def find_districts(text: str) -> list[tuple[str, int, int]]:
    """Every district named in ``text`` as (canonical name, start, end), in text order."""
    rx, groups = _district_regex()
    return [(groups[m.lastgroup], m.start(), m.end()) for m in rx.finditer(text)]


@lru_cache(maxsize=1)
def _exact_district_names() -> dict[str, str]:
    """Whole strings that name a district on their own: a cover line "MIDT- OG VESTSJÆLLANDS"."""
    names: dict[str, str] = {}
    for d in _districts():
        for form in [d.name, d.genitive, d.stem, *d.short, *d.aliases]:
            names[normalise(form)] = d.name
    return names


def exact_district(text: str) -> Optional[str]:
    """The district when the whole of ``text`` is one of its names ("MIDT- OG VESTSJÆLLANDS",
    "Fyn", "MVSJ"); None otherwise. For cover lines and file-name tokens."""
    return _exact_district_names().get(normalise(text)) if text else None


def canonical_district(text: str) -> Optional[str]:
    """The canonical name of the district ``text`` names, or None.

    Exact forms first (the whole text is a name, genitive, place name or abbreviation), then the
    first district found inside the text."""
    if not text:
        return None
    exact = exact_district(text)
    if exact:
        return exact
    found = find_districts(text)
    return found[0][0] if found else None


def fuzzy_district(text: str, cutoff: float = 0.85) -> Optional[str]:
    """The district a short line almost names ("Midt- og Vestsjaellands Politl" from OCR).
    Only for whole short lines (a cover, a letterhead): in running text it would guess."""
    key = normalise(text)
    if not key or len(key) > 60:
        return None
    names = _exact_district_names()
    close = difflib.get_close_matches(key, [n for n in names if len(n) > 5], n=1, cutoff=cutoff)
    return names[close[0]] if close else None


def find_district(text: str) -> Optional[str]:
    """Alias of :func:`canonical_district` (the name docs/ARCHITECTURE.md uses)."""
    return canonical_district(text)


# ---------------------------------------------------------------- municipalities

@lru_cache(maxsize=1)
def _municipality_table() -> tuple[dict[str, str], dict[str, str]]:
    """(surface form casefolded -> canonical "X Kommune", canonical -> district)."""
    data = load("gazetteer.yaml")
    official = data.get("municipality_official") or {}
    aliases = data.get("municipality_aliases") or {}
    forms: dict[str, str] = {}
    to_district: dict[str, str] = {}
    for d in _districts():
        for base in d.municipalities:
            canon = official.get(base, f"{base} Kommune")
            to_district[canon] = d.name
            for form in [base, *aliases.get(base, [])]:
                forms[normalise(form)] = canon
                if not form.endswith("s"):
                    forms[normalise(form + "s")] = canon  # genitive "Frederikshavns kommune"
    return forms, to_district


def municipalities() -> list[str]:
    """The 98 canonical municipality names."""
    return list(_municipality_table()[1])


def canonical_municipality(name: str) -> Optional[str]:
    """ "Køge", "Køge Kommune", "Frederikshavns kommune", "Århus" -> canonical "X Kommune"."""
    if not name:
        return None
    key = normalise(name)
    key = re.sub(r"\s+(?:regions)?kommunes?$|\s+kommunen$", "", key)
    forms, to_district = _municipality_table()
    if key in forms:
        return forms[key]
    for canon in to_district:  # the official name itself, e.g. "Bornholms Regionskommune"
        if normalise(canon) == normalise(name):
            return canon
    return None


def municipality_district(name: str) -> Optional[str]:
    """The canonical district a municipality belongs to ("Køge" or "Køge Kommune")."""
    canon = canonical_municipality(name)
    return _municipality_table()[1].get(canon) if canon else None


@lru_cache(maxsize=2)
def _municipality_regex(bare: bool) -> re.Pattern:
    forms = sorted(_municipality_table()[0], key=len, reverse=True)
    # Forms are casefolded; match case-insensitively but require the kommune word unless bare.
    alt = "|".join(_flex(f) for f in forms)
    suffix = rf"{_SPACE}(?:regions)?kommune(?:ns|n|s)?"
    tail = f"(?:{suffix})?" if bare else suffix
    flags = re.IGNORECASE
    return re.compile(rf"{_WORD_START}(?P<name>{alt}){tail}{_WORD_END}(?!-)", flags)


def find_municipalities(text: str, bare: bool = False) -> list[tuple[str, int, int]]:
    """Municipalities named in ``text`` as (canonical "X Kommune", start, end), in text order.

    By default only "X Kommune" forms count (a bare "Køge" is as often the town as the
    municipality); ``bare=True`` also accepts capitalised bare names."""
    forms = _municipality_table()[0]
    out = []
    for m in _municipality_regex(bare).finditer(text):
        name = m.group("name")
        if bare and m.end() == m.end("name") and not name[:1].isupper():
            continue  # a bare lower-case word ("greve") is not a place name
        canon = forms.get(normalise(name))
        if canon:
            out.append((canon, m.start(), m.end()))
    return out
