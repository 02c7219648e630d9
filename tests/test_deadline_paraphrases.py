"""Deadlines on wordings the corpus generator never uses (tests/fixtures/deadline_paraphrases.yaml).

Verbs of reporting, period idioms and passive sentences vary far more in real plans than in the
generator's development templates; each row here is its own test case.
"""
from pathlib import Path

import pytest
import yaml

from pipeline.deadlines import deadlines_in_sentence

FIXTURE = yaml.safe_load((Path(__file__).parent / "fixtures" / "deadline_paraphrases.yaml").read_text("utf-8"))
SETS = [FIXTURE] + [FIXTURE[k] for k in ("second_set",) if k in FIXTURE]
ROWS = [(s["plan_year"], row["text"], row["due"]) for s in SETS for row in s["sentences"]]


@pytest.mark.parametrize("plan_year,text,due", ROWS, ids=lambda v: str(v)[:60])
def test_sentence_sets_the_expected_deadlines(plan_year, text, due):
    found = [[d["due_start"], d["due_end"], d["precision"]] for d in deadlines_in_sentence(text, plan_year)]
    assert found == [[str(a), str(b), p] for a, b, p in due]
