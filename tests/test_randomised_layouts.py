"""Issue 10 on a small sample of randomised layouts (corpus/random_plans.py): focus areas,
decorations, sentences and table labels, development and held-back layouts scored apart.

The full measurement is benchmarks/randomised.py (300 documents); this sample is compact plans
(few pages, no scans) so the suite stays fast. The levels asserted are the ones measured on this
sample after the layout work of issue 10, a little below so that a regression shows."""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus.random_plans import HELDOUT_FEATURES, draw_look, render_series, series_jobs
from pipeline.batch.runner import run
from pipeline.quality.evaluate import ALL, evaluate


def _score(tmp: Path, heldout: bool, n: int):
    pdf, gold, out = tmp / "pdf", tmp / "gold", tmp / "out"
    for s in series_jobs(n, heldout, seed="suite", compact=True, scan_share=0.0):
        render_series(s, pdf, gold)
    run(pdf, out, workers=1, force=True, echo=lambda m: None)
    return evaluate(out, gold)


@pytest.fixture(scope="module")
def dev_report(tmp_path_factory):
    return _score(tmp_path_factory.mktemp("rnd_dev"), False, 12)


@pytest.fixture(scope="module")
def held_report(tmp_path_factory):
    return _score(tmp_path_factory.mktemp("rnd_held"), True, 6)


def test_development_layouts_never_draw_held_back_features():
    for i in range(40):
        assert not set(draw_look(f"t{i}", heldout=False).features) & set(HELDOUT_FEATURES)
        assert set(draw_look(f"t{i}", heldout=True).features) & set(HELDOUT_FEATURES)


def test_layout_draw_is_deterministic_per_seed():
    assert draw_look("same", False) == draw_look("same", False)
    assert draw_look("a", False).features != draw_look("b", False).features or \
        draw_look("a", False).page != draw_look("b", False).page


@pytest.mark.parametrize("which", ["dev", "held"])
def test_focus_areas_found_on_randomised_layouts(which, dev_report, held_report):
    report = dev_report if which == "dev" else held_report
    assert report.get("focus_areas", ALL, "recall") >= 0.9
    assert report.get("focus_areas", ALL, "precision") >= 0.9


@pytest.mark.parametrize("which", ["dev", "held"])
def test_decorative_words_never_become_focus_areas(which, dev_report, held_report):
    report = dev_report if which == "dev" else held_report
    assert report.get("focus_areas", ALL, "decorations_as_areas", 0) == 0


# measured: dev 0.997, held back 0.939 (the 0.99 is not reached on held-back layouts;
# they are reported, not tuned on)
@pytest.mark.parametrize("which,level", [("dev", 0.99), ("held", 0.92)])
def test_sentences_stay_intact_on_randomised_layouts(which, level, dev_report, held_report):
    report = dev_report if which == "dev" else held_report
    assert report.get("text", ALL, "sentences_intact") >= level
