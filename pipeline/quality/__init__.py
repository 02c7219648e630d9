"""Scores of the output tables against the gold annotations (tests/gold)."""
