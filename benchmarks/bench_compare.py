"""Time the year-to-year comparison on a synthetic 12 districts × 8 years × 6 areas frame (target < 1 s),
and optionally score it against gold.

    python benchmarks/bench_compare.py                        # timing only
    python benchmarks/bench_compare.py --gold tests/gold      # + scores on gold focus areas
    python benchmarks/bench_compare.py --gold tests/gold --focus-areas extracted/focus_areas.csv
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.batch.compare import compare_years
from pipeline.quality.changes import evaluate_changes, gold_focus_areas  # noqa: E402

THEMES = {  # category: (title words, text words) — invented for timing, not corpus content
    "indbrud": (["Indbrud", "Boligindbrud", "Tyveri fra hjem"], "indbrud bolig sommerhus nabohjælp tyveri sikring"),
    "bander": (["Bander og rockere", "Exit"], "bande rocker konflikt exit miljø våben"),
    "boern_unge": (["Unge", "SSP", "Kriminalitetstruede unge"], "unge skole ssp forældre risiko kriminalitet"),
    "narkotika": (["Narkotika", "Hash"], "hash stoffer salg misbrug narkotika"),
    "faerdsel": (["Trafik", "Færdsel"], "trafik fart spirituskørsel ulykke kontrol"),
    "radikalisering": (["Radikalisering", "Ekstremisme"], "ekstremisme radikalisering infohus bekymring"),
    "psykiatri": (["Psykiatri", "PSP"], "psykisk syg psp psykiatri borger"),
    "beredskab": (["Beredskab"], "øvelse beredskab krise hændelse"),
    "vold": (["Vold", "Partnervold"], "vold overfald partnervold offer"),
    "digital": (["Digital kriminalitet"], "internet online medier chikane"),
}
FILLER = "politiet kommunen samarbejde borgerne indsats tryghed dialog møde plan mål".split()


def synthetic(districts: int = 12, years: int = 8, per_year: int = 6, seed: int = 1) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for d in range(districts):
        current = rng.sample(sorted(THEMES), per_year)
        for y in range(2012, 2012 + years):
            if y > 2012 and rng.random() < 0.4:   # swap one theme: one dropped, one new
                current[rng.randrange(per_year)] = rng.choice(sorted(set(THEMES) - set(current)))
            for n, cat in enumerate(current, start=1):
                titles, words = THEMES[cat]
                text = " ".join(rng.choice(words.split() + FILLER) for _ in range(250))
                rows.append({"doc_id": f"d{d}-{y}", "area_id": f"d{d}-{y}-{n}",
                             "district": f"Distrikt {d} Politi", "year": y,
                             "title": rng.choice(titles), "category": cat,
                             "declared_status": rng.choice(["continued", "new", "unknown"]),
                             "declared_from_year": y - 1, "page_start": n, "page_end": n,
                             "text": text})
    return pd.DataFrame(rows)


def bench() -> None:
    areas = synthetic()
    start = time.perf_counter()
    compare_years(areas.head(12))  # loads the lemma table once (a fixed start-up cost)
    warmup = time.perf_counter() - start
    start = time.perf_counter()
    changes, threads = compare_years(areas)
    elapsed = time.perf_counter() - start
    print(f"areas={len(areas)} changes={len(changes)} threads={threads['thread_id'].nunique()}")
    print(f"start-up (lemma table) {warmup:.2f} s; comparison {elapsed:.3f} s (target < 1 s)")


def evaluate(gold: Path, focus_areas: Path | None) -> None:
    areas = pd.read_csv(focus_areas) if focus_areas else gold_focus_areas(gold)
    changes, _ = compare_years(areas)
    report = evaluate_changes(changes, gold)
    errors = report.pop("errors")
    print(json.dumps(report, indent=1, ensure_ascii=False))
    for err in errors:
        print(err)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path)
    parser.add_argument("--focus-areas", type=Path, help="extracted focus_areas.csv (default: gold)")
    args = parser.parse_args()
    bench()
    if args.gold:
        evaluate(args.gold, args.focus_areas)
