"""Counts over the generated plan gold: python -m corpus.stats [--gold tests/gold]"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

STOP = {"og", "i", "på", "af", "for", "med", "til", "mod", "en", "et", "de", "den", "det"}


def words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-zæøå]+", title.lower()) if w not in STOP}


def overlap(a: str, b: str) -> float:
    wa, wb = words(a), words(b)
    return len(wa & wb) / max(1, len(wa | wb))


def plan_stats(gold_dir: Path) -> dict:
    golds = [json.loads(p.read_text("utf-8")) for p in sorted(gold_dir.glob("plan_*.json"))]
    st: dict = {"documents": len(golds), "per_style": Counter(g["style"] for g in golds)}
    for key in ("sentences", "focus_areas", "deadlines", "figures", "hyphenated", "tables"):
        st[key] = sum(len(g[key]) for g in golds)
    st["pages"] = sum(g["document"]["n_pages"] for g in golds)
    st["figures_text"] = sum(f["source"] == "text" for g in golds for f in g["figures"])
    st["heldout"] = {k: sum(bool(x.get("heldout")) for g in golds for x in g[k])
                     for k in ("sentences", "focus_areas", "deadlines")}
    st["heldout_by_district"] = Counter(g["document"]["district"] for g in golds
                                        for k in ("focus_areas", "deadlines") for x in g[k]
                                        if x.get("heldout"))
    st["declared"] = Counter(a["declared_status"] for g in golds for a in g["focus_areas"])
    st["wrong_claims"] = sum(1 for g in golds for a in g["focus_areas"]
                             if a["declared_status"] != "unknown" and a["true_status"] != "first"
                             and a["declared_status"] != a["true_status"])
    st["precision"] = Counter(d["precision"] for g in golds for d in g["deadlines"])
    st["suspended_line_end"] = sum(len(g.get("suspended_line_end", [])) for g in golds)
    by = defaultdict(dict)
    for g in golds:
        for a in g["focus_areas"]:
            by[(g["document"]["district"], a["thread"])][g["document"]["year"]] = a["title"]
    cont = renamed = 0
    for years in by.values():
        ys = sorted(years)
        for y0, y1 in zip(ys, ys[1:]):
            cont += 1
            renamed += overlap(years[y0], years[y1]) < 0.34
    st["continued_area_years"] = cont
    st["renamed_low_overlap"] = renamed
    st["renamed_share"] = round(renamed / max(1, cont), 2)
    years = defaultdict(set)
    for g in golds:
        years[g["document"]["district"]].add(g["document"]["year"])
    st["year_pairs"] = sum(len(v) - 1 for v in years.values())
    return st


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default="tests/gold")
    for k, v in plan_stats(Path(ap.parse_args().gold)).items():
        print(f"{k}: {dict(v) if isinstance(v, Counter) else v}")


if __name__ == "__main__":
    main()
