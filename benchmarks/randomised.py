"""Layouts nobody tuned on: generate N randomised plans (corpus/random_plans.py), run the
pipeline, print issue 10's measures for development and held-back layouts, and per layout feature.

    .venv/bin/python benchmarks/randomised.py --n 300 [--heldout-share 0.3] [--dir /tmp/rnd]

Series of one district share a run (year-to-year changes need them together); series of the same
district go into different batches, so every batch is one `pipeline run` + `evaluate`. The counts
(numerator, denominator) of all batches are added up. With --dir the PDFs and gold are kept there
and reused on the next call (they are deterministic), so a re-measure only re-runs the pipeline.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus.random_plans import Series, render_series, series_jobs  # noqa: E402
from pipeline.batch.runner import run  # noqa: E402
from pipeline.quality.evaluate import ALL, FEATURE, evaluate  # noqa: E402

# (label, table, metric, target, higher is better)
MEASURES = [
    ("focus areas recall", "focus_areas", "recall", 0.97),
    ("focus areas precision", "focus_areas", "precision", 0.97),
    ("decorations among focus areas", "focus_areas", "decorations_as_areas", 0),
    ("sentences intact", "text", "sentences_intact", 0.99),
    ("table figures, right labels", "figures", "table_labelled", 0.95),
    ("figures recall", "figures", "recall", None),
    ("figures precision", "figures", "precision", None),
    ("year-to-year changes recall", "area_changes", "recall", 0.95),
    ("year-to-year changes precision", "area_changes", "precision", 0.95),
]
FEATURE_MEASURES = [("area R", "focus_areas", "recall"), ("area P", "focus_areas", "precision"),
                    ("deco", "focus_areas", "decorations_as_areas"),
                    ("sent", "text", "sentences_intact"), ("tbl", "figures", "table_labelled")]


def batches(series: list[Series]) -> list[list[Series]]:
    """Series in batches without two series of one district."""
    out: list[list[Series]] = []
    for s in series:
        home = next((b for b in out if all(o.dkey != s.dkey for o in b)), None)
        if home is None:
            out.append([s])
        else:
            home.append(s)
    return out


class Totals:
    def __init__(self) -> None:
        self.ratio = defaultdict(lambda: [0.0, 0.0])   # (scope, table, metric) -> [num, den]
        self.count = defaultdict(float)

    def add(self, scope: str, report, group_map: dict[str, str]) -> None:
        for table, groups in report.counts.items():
            for group, metrics in groups.items():
                target = group_map.get(group) or (group if group.startswith(FEATURE) else None)
                if target is None:
                    continue
                for metric, (num, den) in metrics.items():
                    cell = self.ratio[(f"{scope}|{target}", table, metric)]
                    cell[0] += num
                    cell[1] += den
        for table, groups in report.metrics.items():
            for group, metrics in groups.items():
                target = group_map.get(group) or (group if group.startswith(FEATURE) else None)
                if target and "decorations_as_areas" in metrics:
                    self.count[(f"{scope}|{target}", table, "decorations_as_areas")] += \
                        metrics["decorations_as_areas"]

    def get(self, scope: str, table: str, metric: str):
        if metric == "decorations_as_areas":
            return self.count.get((scope, table, metric), 0)
        num, den = self.ratio.get((scope, table, metric), (0.0, 0.0))
        return num / den if den else None


def evaluate_batch(batch: list[Series], workdir: Path, totals: Totals, scope: str, k: int,
                   workers: int) -> int:
    pdf_dir, gold_dir, out_dir = (workdir / f"{scope}{k:03d}" / d for d in ("pdf", "gold", "out"))
    for d in (pdf_dir, gold_dir):
        d.mkdir(parents=True, exist_ok=True)
    for s in batch:
        if not all((pdf_dir / f"rnd_{s.sid}_{y}.pdf").exists() for y in s.years):
            render_series(s, pdf_dir, gold_dir)
    run(pdf_dir, out_dir, workers=workers, force=True, echo=lambda m: None)
    totals.add(scope, evaluate(out_dir, gold_dir), {ALL: "all"})
    return sum(len(s.years) for s in batch)


def fmt(v, target=None) -> str:
    if v is None:
        return "   —  "
    if isinstance(v, float) and target != 0:
        text = f"{v:6.3f}"
    else:
        text = f"{int(v):6d}"
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300, help="documents in all (dev + held-back)")
    ap.add_argument("--heldout-share", type=float, default=0.3)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--dir", help="keep PDFs, gold and output here (reused when present)")
    ap.add_argument("--seed", default="bench")
    ap.add_argument("--progress", help="rewrite this file with the scores after every batch")
    ap.add_argument("--compact", action="store_true",
                    help="short plans (at most four areas, no crime/local/org-chart sections)")
    args = ap.parse_args(argv)
    n_held = int(round(args.n * args.heldout_share))
    t0 = time.time()
    totals = Totals()
    done = {"dev": 0, "heldout": 0}
    # dev and held-back batches interleaved, so a run cut short still reports both
    queue = [("dev", b) for b in batches(series_jobs(args.n - n_held, False, args.seed, args.compact))]
    held = [("heldout", b) for b in batches(series_jobs(n_held, True, args.seed, args.compact))] if n_held else []
    step = max(1, round(len(queue) / max(1, len(held))))
    order = []
    while queue or held:
        order += queue[:step] + held[:1]
        queue, held = queue[step:], held[1:]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.dir or tmp)
        for k, (scope, batch) in enumerate(order):
            done[scope] += evaluate_batch(batch, work, totals, scope, k, args.workers)
            print(f"batch {k + 1}/{len(order)}: {done['dev']} dev + {done['heldout']} held-back "
                  f"documents ({time.time() - t0:.0f} s)", flush=True)
            if args.progress:
                Path(args.progress).write_text(summary(totals, done, t0))
    print(summary(totals, done, t0))
    return 0


def summary(totals: Totals, done: dict, t0: float) -> str:
    out = [f"randomised plans: {done['dev']} development + {done['heldout']} held-back documents "
           f"({time.time() - t0:.0f} s)"]
    out.append(f"{'measure':34s} {'target':>7s} {'dev':>7s} {'held':>7s}")
    for label, table, metric, target in MEASURES:
        cells = [fmt(totals.get(f"{s}|all", table, metric), target) for s in ("dev", "heldout")]
        out.append(f"{label:34s} {'' if target is None else target:>7} {cells[0]:>7s} {cells[1]:>7s}")
    for kind in ("born_digital", "scan"):
        cells = [fmt(totals.get(f"{s}|{FEATURE}{kind}", "text", "sentences_intact"))
                 for s in ("dev", "heldout")]
        cells2 = [fmt(totals.get(f"{s}|{FEATURE}{kind}", "focus_areas", "recall"))
                  for s in ("dev", "heldout")]
        out.append(f"{'sentences intact, ' + kind:34s} {'':>7s} {cells[0]:>7s} {cells[1]:>7s}")
        out.append(f"{'focus areas recall, ' + kind:34s} {'':>7s} {cells2[0]:>7s} {cells2[1]:>7s}")
    out.append("\nper layout feature (dev and held-back documents together)")
    feats = sorted({k[0].split("|", 1)[1] for k in totals.ratio if k[0].split("|", 1)[1].startswith(FEATURE)})
    out.append(f"{'feature':28s} " + " ".join(f"{n:>7s}" for n, _, _ in FEATURE_MEASURES))
    for f in feats:
        cells = []
        for _, table, metric in FEATURE_MEASURES:
            vals = [totals.get(f"{s}|{f}", table, metric) for s in ("dev", "heldout")]
            if metric == "decorations_as_areas":
                cells.append(fmt(sum(v or 0 for v in vals), 0))
                continue
            num = sum(totals.ratio.get((f"{s}|{f}", table, metric), (0, 0))[0] for s in ("dev", "heldout"))
            den = sum(totals.ratio.get((f"{s}|{f}", table, metric), (0, 0))[1] for s in ("dev", "heldout"))
            cells.append(fmt(num / den if den else None))
        out.append(f"{f[len(FEATURE):]:28s} " + " ".join(f"{c:>7s}" for c in cells))
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
