"""How well the year comparison matches the gold: gold focus areas and changes from the gold
threads (tests/gold, docs/GOLD.md), precision and recall per status, agreement of the plans' own
claims, renamed areas and comparisons across a missing year."""
from __future__ import annotations

import json
from difflib import SequenceMatcher
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from pipeline.batch.compare import clean_title, config, lemmas

# ----------------------------------------------------------------------------------- evaluation
# Gold: tests/gold/*.json (docs/GOLD.md). Each plan's focus areas carry a `thread` (same string for
# the same area of a district across years); gold changes compare consecutive AVAILABLE plan years.
GOLD_AREA_COLUMNS = ["doc_id", "area_id", "district", "year", "title", "category",
                     "declared_status", "declared_from_year", "page_start", "page_end", "text"]


Gold = Path | str | Iterable[tuple[str, dict]]  # a gold folder, or (file stem, gold data) pairs


def _gold_plans(gold: Gold) -> list[tuple[str, dict]]:
    """(stem, gold) of the plans among the gold files that name their district and year."""
    if isinstance(gold, (str, Path)):
        gold = [(path.stem, json.loads(path.read_text(encoding="utf-8")))
                for path in sorted(Path(gold).glob("*.json"))]
    plans = []
    for stem, data in gold:
        doc = data.get("document") or {}
        if doc.get("doc_type") == "samarbejdsplan" and doc.get("district") and _year(doc.get("year")):
            plans.append((stem, data))
    return plans


def _year(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def gold_focus_areas(gold: Gold, with_thread: bool = False) -> pd.DataFrame:
    """The SPEC focus_areas table built from gold (perfect input for judging the comparison on
    its own). ``text`` is the gold sentences of the area's pages; on a page shared by two areas
    the sentences are split by their order. ``thread`` (an area without one is its own thread,
    named by its title) and ``heldout`` only when asked: they are the answer."""
    rows = []
    for stem, gold in _gold_plans(gold):
        doc = gold["document"]
        areas = gold.get("focus_areas") or []
        texts = _area_texts(areas, gold.get("sentences") or [])
        for n, (area, text) in enumerate(zip(areas, texts), start=1):
            row = {"doc_id": stem, "area_id": f"{stem}-a{n:02d}", "district": doc["district"],
                   "year": _year(doc["year"]), "title": area.get("title", ""),
                   "category": area.get("category", "") or "",
                   "declared_status": area.get("declared_status") or "unknown",
                   "declared_from_year": area.get("declared_from_year"),
                   "page_start": area.get("page_start"), "page_end": area.get("page_end"),
                   "text": text}
            if with_thread:
                row["thread"] = area.get("thread") or _norm_title(area.get("title"))
                row["heldout"] = bool(area.get("heldout"))
            rows.append(row)
    columns = GOLD_AREA_COLUMNS + (["thread", "heldout"] if with_thread else [])
    df = pd.DataFrame(rows, columns=columns)
    df["declared_from_year"] = pd.to_numeric(df["declared_from_year"], errors="coerce").astype("Int64")
    return df


def _area_texts(areas: list[dict], sentences: list[dict]) -> list[str]:
    """Sentences of each area's page range; a page two areas share is split evenly by order
    (gold has no sentence → area link; the heading position on the page is unknown)."""
    by_page: dict[int, list[str]] = {}
    for s in sentences:
        by_page.setdefault(int(s.get("page") or 0), []).append(str(s.get("text", "")))
    owners: dict[int, list[int]] = {}
    for k, area in enumerate(areas):
        start, end = int(area.get("page_start") or 0), int(area.get("page_end") or 0)
        for page in range(start, max(start, end) + 1):
            owners.setdefault(page, []).append(k)
    parts: list[list[str]] = [[] for _ in areas]
    for page, ks in owners.items():
        sents = by_page.get(page, [])
        for slot, k in enumerate(ks):
            lo, hi = len(sents) * slot // len(ks), len(sents) * (slot + 1) // len(ks)
            parts[k] += sents[lo:hi]
    return [" ".join(p) for p in parts]


def gold_changes(gold: Gold) -> pd.DataFrame:
    """Gold area_changes from the threads: consecutive available plan years per district; a
    change is ``heldout`` when an area on either side is."""
    areas = gold_focus_areas(gold, with_thread=True)
    rows = []
    for district, group in areas.groupby("district", sort=True):
        years = sorted(group["year"].unique())
        for y0, y1 in zip(years, years[1:]):
            rows += _gold_pair(str(district), int(y0), int(y1),
                               group[group["year"] == y0], group[group["year"] == y1])
    return pd.DataFrame(rows, columns=["district", "from_year", "to_year", "status", "from_thread",
                                       "to_thread", "from_title", "to_title", "declared_status",
                                       "agrees", "gap", "heldout"])


def _gold_pair(district: str, y0: int, y1: int, earlier: pd.DataFrame,
               later: pd.DataFrame) -> list[dict]:
    before = dict(zip(earlier["thread"], earlier["title"]))
    held_before = dict(zip(earlier["thread"], earlier["heldout"]))
    rows = []
    for _, area in later.iterrows():
        status = "continued" if area["thread"] in before else "new"
        declared = area["declared_status"]
        rows.append({"district": district, "from_year": y0, "to_year": y1, "status": status,
                     "from_thread": area["thread"] if status == "continued" else "",
                     "to_thread": area["thread"],
                     "from_title": before.get(area["thread"], ""), "to_title": area["title"],
                     "declared_status": declared,
                     "agrees": (declared == status) if declared in ("continued", "new") else None,
                     "gap": y1 - y0 - 1,
                     "heldout": bool(area["heldout"] or held_before.get(area["thread"], False))})
    now = set(later["thread"])
    for thread, title in before.items():
        if thread not in now:
            rows.append({"district": district, "from_year": y0, "to_year": y1, "status": "dropped",
                         "from_thread": thread, "to_thread": "", "from_title": title,
                         "to_title": "", "declared_status": "", "agrees": None,
                         "gap": y1 - y0 - 1, "heldout": bool(held_before[thread])})
    return rows


def _norm_title(title) -> str:
    return " ".join(str(title or "").lower().split())


def _title_to_thread(gold_areas: pd.DataFrame) -> dict[tuple, str]:
    return {(r.district, int(r.year), _norm_title(r.title)): r.thread
            for r in gold_areas.itertuples()}


def _thread_lookup(gold_areas: pd.DataFrame) -> Callable[[str, int, str], str]:
    """(district, year, predicted title) -> gold thread; exact title first, else the closest gold
    title of that plan (extracted titles may differ by a character or a dropped number)."""
    exact = _title_to_thread(gold_areas)
    by_plan: dict[tuple, list[tuple[str, str]]] = {}
    for (d, y, t), thread in exact.items():
        by_plan.setdefault((d, y), []).append((t, thread))

    def lookup(district: str, year: int, title: str) -> str:
        key = (district, int(year), _norm_title(title))
        if key in exact:
            return exact[key]
        scored = [(SequenceMatcher(None, key[2], t).ratio(), th)
                  for t, th in by_plan.get(key[:2], [])]
        best = max(scored, default=(0.0, ""))
        return best[1] if best[0] >= 0.8 else ""
    return lookup


def _predicted_keys(area_changes: pd.DataFrame, lookup) -> pd.DataFrame:
    df = area_changes.copy()
    df["from_thread"] = [lookup(d, y, t) if t else "" for d, y, t in
                         zip(df["district"], df["from_year"], df["from_title"].fillna(""))]
    df["to_thread"] = [lookup(d, y, t) if t else "" for d, y, t in
                       zip(df["district"], df["to_year"], df["to_title"].fillna(""))]
    # an area that maps to no gold area can never be right: give it a key gold does not have
    df.loc[df["from_title"].fillna("").ne("") & df["from_thread"].eq(""), "from_thread"] = "?"
    df.loc[df["to_title"].fillna("").ne("") & df["to_thread"].eq(""), "to_thread"] = "?"
    return df


KEY = ["district", "from_year", "to_year", "status", "from_thread", "to_thread"]


def _keys(df: pd.DataFrame) -> set[tuple]:
    return {(d, int(a), int(b), s, f, t) for d, a, b, s, f, t in df[KEY].itertuples(index=False)}


def evaluate_changes(area_changes: pd.DataFrame, gold_dir: Path | str) -> dict:
    """Scores of ``area_changes`` against the gold threads: precision/recall/F1 per status,
    agreement accuracy (does the row say correctly whether the plan's claim holds), recall on
    renamed continuations (titles sharing few lemmas) and on year pairs across a gap."""
    gold_areas = gold_focus_areas(gold_dir, with_thread=True)
    gold = gold_changes(gold_dir)
    pred = _predicted_keys(area_changes, _thread_lookup(gold_areas))
    report: dict = {"n_gold": len(gold), "n_predicted": len(pred)}
    for status in ("continued", "new", "dropped"):
        report[status] = _prf(_keys(pred[pred["status"] == status]),
                              _keys(gold[gold["status"] == status]))
    report["agreement"] = _agreement(pred, gold)
    is_renamed = np.array([_renamed(a, b) for a, b in zip(gold["from_title"], gold["to_title"])],
                          dtype=bool)
    renamed = gold[(gold["status"] == "continued").to_numpy() & is_renamed]
    report["renamed"] = _recall(_keys(pred), _keys(renamed))
    report["across_gap"] = _recall(_keys(pred), _keys(gold[gold["gap"] > 0]))
    report["errors"] = _errors(pred, gold)
    return report


def _prf(predicted: set, gold: set) -> dict:
    hit = len(predicted & gold)
    p = hit / len(predicted) if predicted else 1.0
    r = hit / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "n_predicted": len(predicted), "n_gold": len(gold)}


def _recall(predicted: set, gold: set) -> dict:
    hit = len(predicted & gold)
    return {"recall": round(hit / len(gold), 4) if gold else 1.0, "n": len(gold)}


def as_bool(value) -> bool | None:
    """A nullable boolean however it was read back: True/False, "True"/"false", 1/0, or empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        text = value.strip().lower()
        return None if text in ("", "nan", "<na>", "none") else text in ("true", "1", "yes")
    return bool(value)


def _agreement(pred: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """Per gold later area with a claim: the predicted row for that area must exist in the same
    year pair and say the same agrees/disagrees."""
    claims = gold[gold["agrees"].notna()]
    said = {(d, int(a), int(b), t): g for d, a, b, t, g in
            pred[["district", "from_year", "to_year", "to_thread", "agrees"]].itertuples(index=False)
            if t}
    def verdict(d, a, b, t):
        return as_bool(said.get((d, int(a), int(b), t)))

    right = sum(1 for d, a, b, t, g in
                claims[["district", "from_year", "to_year", "to_thread", "agrees"]].itertuples(index=False)
                if verdict(d, a, b, t) == bool(g))
    disagreeing = claims[claims["agrees"] == False]  # noqa: E712 (object column)
    flagged = sum(1 for d, a, b, t in
                  disagreeing[["district", "from_year", "to_year", "to_thread"]].itertuples(index=False)
                  if verdict(d, a, b, t) is False)
    return {"accuracy": round(right / len(claims), 4) if len(claims) else 1.0, "n": len(claims),
            "disagreeing_flagged": round(flagged / len(disagreeing), 4) if len(disagreeing) else 1.0,
            "n_disagreeing": len(disagreeing)}


def _content_lemmas(title: str) -> set[str]:
    stop = set(str(s) for s in config()["stopwords"])
    return {l for l in lemmas(str(title)) if l not in stop and len(l) > 1}


def _renamed(a: str, b: str) -> bool:
    """Titles sharing few lemmas (Jaccard at most the configured share); status phrases do not
    count, so "Fortsat fokus på X" vs "X" is not a rename."""
    x, y = _content_lemmas(clean_title(a)), _content_lemmas(clean_title(b))
    union = x | y
    return bool(union) and len(x & y) / len(union) <= config()["renamed_max_jaccard"]


def _errors(pred: pd.DataFrame, gold: pd.DataFrame, limit: int = 30) -> list[dict]:
    """A sample of gold rows the prediction missed and predicted rows gold does not have."""
    p, g = _keys(pred), _keys(gold)
    missed = [dict(zip(KEY, k), kind="missed") for k in sorted(g - p, key=str)]
    spurious = [dict(zip(KEY, k), kind="spurious") for k in sorted(p - g, key=str)]
    return (missed + spurious)[:limit]
