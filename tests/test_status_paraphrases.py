"""Declared status on wordings the corpus generator never uses (tests/fixtures/status_paraphrases.yaml).

The development phrase bank is small; these hand-written paraphrases check that the status rules
describe Danish usage rather than the generator's templates. Each row is its own test case.
"""
from pathlib import Path

import pytest
import yaml

from pipeline.facts.focus_areas import FocusArea
from pipeline.facts.status import apply_overview_sentence, classify_heading, classify_sentence

FIXTURE = yaml.safe_load((Path(__file__).parent / "fixtures" / "status_paraphrases.yaml").read_text("utf-8"))
YEAR = FIXTURE["plan_year"]
# each set: its plan year and rows (status, from_year, text)
SETS = [FIXTURE, FIXTURE["second_set"], FIXTURE["third_set"]]


def _rows(key):
    return [(s["plan_year"], *row) for s in SETS for row in s.get(key, [])]


def _outcome(verdict):
    if verdict is None:
        return ("none", None)
    return (verdict.status, verdict.from_year if verdict.status == "continued" else None)


@pytest.mark.parametrize("plan_year,status,from_year,text", _rows("sentences"), ids=lambda v: str(v)[:60])
def test_area_sentence_declares_the_expected_status(plan_year, status, from_year, text):
    assert _outcome(classify_sentence(text, plan_year)) == (status, from_year)


@pytest.mark.parametrize("plan_year,status,from_year,text", _rows("headings"), ids=lambda v: str(v)[:60])
def test_heading_declares_the_expected_status(plan_year, status, from_year, text):
    assert _outcome(classify_heading(text, plan_year)) == (status, from_year)


@pytest.mark.parametrize("case", FIXTURE["overviews"], ids=lambda c: c["text"][:60])
def test_overview_sentence_gives_each_named_area_its_clause_status(case):
    areas = {key: FocusArea(key, title, title, 1, 1) for key, title in FIXTURE["overview_titles"].items()}
    apply_overview_sentence(case["text"], list(areas.values()), YEAR)
    got = {key: [a.declared_status, a.declared_from_year] for key, a in areas.items()
           if a.declared_status != "unknown"}
    assert got == case["expect"]
