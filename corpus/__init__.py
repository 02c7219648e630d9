"""Deterministic generator of the sample corpus (plans and minutes) with gold annotations.

Not imported by the pipeline: the pipeline must never learn from the generator's phrase banks.
"""
