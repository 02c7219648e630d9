"""Rejoin words broken by a hyphen at a line end, the Danish way.

Three outcomes for a line ending in "-":
  * join   - a typographic break: drop the hyphen ("kriminalitets-" + "forebyggende");
  * keep   - a real compound hyphen that happens to sit at the line end ("SSP-" + "samarbejdet");
  * space  - a suspended hyphen ("Syd-" + "og Sønderjyllands"): hyphen and space stay.
The decision uses the Danish lemma table of spacy-lookups-data (keys and values) as a word list,
plus a compound check, because most Danish compounds are not in the table.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pipeline.datafiles import load
from pipeline.lang.nlp import lemma_table

HYPHENS = ("-", "\u00ad", "\u2010", "\u2011")
Mode = Literal["join", "keep", "space", "none"]
_EDGE_PUNCT = "\"'()[]{}«»„“”‘’.,;:!?*"


@lru_cache(maxsize=1)
def rules() -> dict:
    return load("layout_hyphen.yaml")


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Lower-cased Danish word forms and lemmas of the lemma table nlp reads (~0.5 M entries)."""
    table = lemma_table()
    words = {k.lower() for k in table} | {v.lower() for v in table.values()}
    words |= {w.lower() for w in rules()["extra_words"]}
    return frozenset(words)


def is_word(word: str) -> bool:
    return word.lower() in lexicon()


def _is_part(word: str) -> bool:
    return len(word) >= rules()["min_part"] and is_word(word)


def is_compound(word: str) -> bool:
    """Known word, or a known head (+ linking s/e) followed by a known tail (possibly compound)."""
    word = word.lower()
    if is_word(word):
        return True
    return _compound_split(word, depth=2)


@lru_cache(maxsize=65536)
def _compound_split(word: str, depth: int) -> bool:
    n_min = rules()["min_part"]
    for cut in range(len(word) - n_min, n_min - 1, -1):  # longest known suffix first
        tail = word[cut:]
        if not is_word(tail):
            continue
        head = word[:cut]
        for link in rules()["linking"]:
            if link and not head.endswith(link):
                continue
            stem = head[: len(head) - len(link)]
            if _is_part(stem) or (depth > 1 and len(stem) >= 2 * n_min
                                  and _compound_split(stem, depth - 1)):
                return True
    return False


def _core(word: str) -> str:
    return word.strip(_EDGE_PUNCT)


def _is_abbreviation(stem: str) -> bool:
    letters = re.sub(r"[^A-Za-zÆØÅæøå]", "", stem)
    if any(ch.isdigit() for ch in stem):
        return True
    if len(letters) >= 2 and letters.isupper():
        return True
    return stem.lower() in {a.lower() for a in rules()["lowercase_acronyms"]}


def join_mode(left: str, right: str) -> Mode:
    """How the last word of a line (``left``) and the first word of the next line go together."""
    if left.endswith("/"):
        return "keep"  # "rocker-/" + "bandemiljøet": an alternative, glued without space
    if not left or not left.endswith(HYPHENS) or not right:
        return "none"
    stem = _core(left[:-1])
    nxt = _core(right)
    suspenders = {s.lower() for s in rules()["suspenders"]}
    if nxt.lower() in suspenders or right.startswith(("/", "&")):
        return "space" if not right.startswith("/") else "keep"
    if not stem or not nxt:
        return "keep"
    if _is_abbreviation(stem) or nxt[0].isupper() or nxt[0].isdigit():
        return "keep"
    return _lexical_mode(stem, nxt)


def _lexical_mode(stem: str, nxt: str) -> Mode:
    hyphenated = f"{stem}-{nxt}".lower()
    joined = (stem + nxt).lower()
    if is_word(hyphenated) and not is_word(joined):
        return "keep"
    if is_word(joined) or is_compound(joined):
        return "join"
    if _is_part(stem) and is_compound(nxt):
        return "keep"  # two known words whose union is no word: the hyphen is the author's
    return "join"  # syllable break of a word the list does not know


def should_join(left_word: str, right_word: str) -> bool:
    """True when the line-end hyphen of ``left_word`` is typographic and the halves form one word."""
    return join_mode(left_word, right_word) == "join"


def glue(left: str, right: str) -> str:
    """``left`` + ``right`` joined according to :func:`join_mode`."""
    mode = join_mode(left, right)
    if mode == "join":
        return left[:-1] + right
    if mode == "keep":
        return (left[:-1] + "-" if left.endswith(HYPHENS[1:]) else left) + right
    return f"{left} {right}"


def join_lines(lines: list[str]) -> str:
    """The lines of one paragraph as one string: spaces between lines, line-end hyphens resolved."""
    out = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if not out:
            out = line
            continue
        head, _, last = out.rpartition(" ")
        first, _, rest = line.partition(" ")
        mode = join_mode(last, first)
        if mode in ("join", "keep"):
            word = glue(last, first)
            out = (f"{head} " if head else "") + word + (f" {rest}" if rest else "")
        else:
            out = f"{out} {line}"
    return out
