"""Deadlines on wordings the corpus generator never uses (tests/fixtures/deadline_paraphrases.yaml).

Verbs of reporting, period idioms and passive sentences vary far more in real plans than in the
generator's development templates; each row here is its own test case.
"""
from pathlib import Path

import pytest
import yaml

from pipeline.facts.deadlines import deadlines_in_sentence

FIXTURE = yaml.safe_load((Path(__file__).parent / "fixtures" / "deadline_paraphrases.yaml").read_text("utf-8"))
SETS = [FIXTURE] + [FIXTURE[k] for k in ("second_set",) if k in FIXTURE]
ROWS = [(s["plan_year"], row["text"], row["due"]) for s in SETS for row in s["sentences"]]


@pytest.mark.parametrize("plan_year,text,due", ROWS, ids=lambda v: str(v)[:60])
def test_sentence_sets_the_expected_deadlines(plan_year, text, due):
    found = [[d["due_start"], d["due_end"], d["precision"]] for d in deadlines_in_sentence(text, plan_year)]
    assert found == [[str(a), str(b), p] for a, b, p in due]


@pytest.mark.parametrize("text,due_text", [
    ("Der følges op på indsatsen på kredsrådets sidste møde i 2016.", "kredsrådets sidste møde i 2016"),
    ("Der afrapporteres til kredsrådet på årets sidste møde.", "årets sidste møde"),
    ("Status forelægges kredsrådet ved årets sidste møde.", "ved årets sidste møde"),
    ("Resultaterne fremlægges for kredsrådet på mødet i 4. kvartal.", "mødet i 4. kvartal"),
    ("Politiet vil på kredsrådets møde i 3. kvartal 2016 fortælle om erfaringerne.", "kredsrådets møde i 3. kvartal 2016"),
    ("Arbejdsgruppen afleverer sin rapport til styregruppen ultimo maj 2016.", "ultimo maj 2016"),
])
def test_due_text_is_the_printed_period_with_the_meeting_it_names(text, due_text):
    assert [d["due_text"] for d in deadlines_in_sentence(text, 2016)] == [due_text]
