"""Focus-area categories from ``data/taxonomy.yaml`` (the file documents its own format).

``classify(title, text)`` scores every category by its weighted terms, found in the title (weighted
``title_weight``) and the text (``text_weight`` times 1 + log2(hits), hits capped at ``text_max_hits``),
and returns the best; ``other`` when no category reaches ``min_score``. Terms are matched on the
printed word and on its lemma (pipeline.lang.nlp), so inflection and compounds do not need listing.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, NamedTuple, Optional

import yaml

from pipeline.datafiles import DATA_DIR
from pipeline.lang.nlp import lemmatize
from pipeline.lang.nlp import tokens

DATA_FILE = DATA_DIR / "taxonomy.yaml"
OTHER = "other"

Token = tuple[str, str]  # (lower-case printed form, lemma)


class Classification(NamedTuple):
    category: str
    score: float


Matcher = Callable[[str], bool]


@dataclass(frozen=True)
class Term:
    pattern: str
    words: tuple[Matcher, ...]
    weight: float


@dataclass(frozen=True)
class Taxonomy:
    categories: dict[str, tuple[Term, ...]]
    title_weight: float
    text_weight: float
    text_max_hits: int
    min_score: float


def _word_matcher(word: str) -> Matcher:
    """A wildcard word as written; a plain word through its lemma (so any inflection works).

    The common shapes ("*stem*", "stem*", "*stem", "word") become plain string tests because
    classification runs over whole sections and regexes would dominate its time."""
    word = word.lower()
    if "*" not in word:
        word = lemmatize(word)
    core = word.strip("*")
    if "*" not in core:
        if word.startswith("*") and word.endswith("*") and len(word) > 1:
            return lambda s: core in s
        if word.endswith("*"):
            return lambda s: s.startswith(core)
        if word.startswith("*"):
            return lambda s: s.endswith(core)
        return lambda s: s == core
    rx = re.compile("[^ ]*".join(re.escape(part) for part in word.split("*")))
    return lambda s: rx.fullmatch(s) is not None


def _term(pattern: str, weight: float) -> Term:
    return Term(pattern, tuple(_word_matcher(w) for w in str(pattern).split()), float(weight))


def load_taxonomy(path: Optional[Path] = None) -> Taxonomy:
    """Read a taxonomy file (default: the shipped ``data/taxonomy.yaml``)."""
    raw = yaml.safe_load(Path(path or DATA_FILE).read_text(encoding="utf-8"))
    settings = raw.get("settings") or {}
    cats = {str(code): tuple(_term(p, w) for p, w in (spec.get("terms") or {}).items())
            for code, spec in (raw.get("categories") or {}).items()}
    return Taxonomy(cats, float(settings.get("title_weight", 10)),
                    float(settings.get("text_weight", 1)), int(settings.get("text_max_hits", 3)),
                    float(settings.get("min_score", 3)))


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    return load_taxonomy()


def categories() -> list[str]:
    """All category codes, ``other`` last."""
    return [*taxonomy().categories, OTHER]


def _tokens(text: str) -> list[Token]:
    return [(form.lower(), lemma) for _, _, form, lemma in tokens(text or "")]


def _count(term: Term, toks: list[Token], counts: Counter) -> int:
    """How often the term occurs in ``toks`` (a token matches by printed form or by lemma)."""
    def hit(matcher: Matcher, tok: Token) -> bool:
        return matcher(tok[0]) or matcher(tok[1])

    first = term.words[0]
    if len(term.words) == 1:
        return sum(n for tok, n in counts.items() if hit(first, tok))
    n, hits = len(term.words), 0
    for i in range(len(toks) - n + 1):
        if all(hit(term.words[k], toks[i + k]) for k in range(n)):
            hits += 1
    return hits


def _text_hits(count: int, cap: int) -> float:
    # sub-linear: a term repeated 40 times is stronger evidence than one said 3 times, but
    # one long section must not outweigh the few words of a title
    return 0.0 if count <= 0 else 1.0 + math.log2(min(count, cap))


def scores(title: str, text: str = "", tax: Optional[Taxonomy] = None) -> dict[str, float]:
    """Score of every category for one focus area (useful to see why a category won)."""
    tax = tax or taxonomy()
    title_toks, text_toks = _tokens(title), _tokens(text)
    title_counts, text_counts = Counter(title_toks), Counter(text_toks)
    result = {}
    for code, terms in tax.categories.items():
        total = 0.0
        for term in terms:
            if _count(term, title_toks, title_counts):
                total += tax.title_weight * term.weight
            hits = _text_hits(_count(term, text_toks, text_counts), tax.text_max_hits)
            total += tax.text_weight * term.weight * hits
        result[code] = total
    return result


def classify(title: str, text: str = "", tax: Optional[Taxonomy] = None) -> Classification:
    """(category, score) of a focus area; ``other`` when nothing scores ``min_score``."""
    tax = tax or taxonomy()
    all_scores = scores(title, text, tax)
    if not all_scores:
        return Classification(OTHER, 0.0)
    # max() keeps the first of equal scores: ties go to the category listed first in the file
    best = max(all_scores, key=lambda code: all_scores[code])
    if all_scores[best] < tax.min_score:
        return Classification(OTHER, all_scores[best])
    return Classification(best, all_scores[best])
