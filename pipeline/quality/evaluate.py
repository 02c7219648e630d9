"""Score the pipeline's output tables against the gold annotations (``tests/gold/*.json``,
schema in ``docs/GOLD.md``).

``evaluate(out_dir, gold_dir)`` returns an :class:`EvalReport` whose ``metrics`` is plain nested
dicts, ``metrics[table][group][metric] -> number``, e.g.
``report.metrics["text"]["brochure"]["sentences_intact"]``. Groups:

- each house style (gold ``style``),
- ``all``: every gold document; ``dev``: documents of the development styles with held-out items
  left out (the honest development score),
- ``heldout_style``: documents with ``heldout_style: true``,
- ``heldout_items``: only the sentences/areas/deadlines marked ``heldout: true`` (recall-type
  metrics only: predictions carry no held-out flag, so precision is not defined there).

A metric whose denominator is zero for a group is left out of that group (not measured ≠ 0).
Fact tables are scored by functions registered with :func:`register_scorer`; each reports
``precision``/``recall``/``f1`` and ``field_<name>`` accuracies over matched rows.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import pandas as pd

from pipeline.batch.store import read_text_table as read_table
from pipeline.quality.changes import evaluate_changes, gold_changes

ALL, DEV, HELDOUT_STYLE, HELDOUT_ITEMS = "all", "dev", "heldout_style", "heldout_items"
FEATURE = "feature:"
FIXED_GROUPS = (ALL, DEV, HELDOUT_STYLE, HELDOUT_ITEMS)
FACT_TABLES = ("focus_areas", "deadlines", "figures", "agenda_items", "attendees", "area_changes")
META_FIELDS = ("doc_type", "district", "year", "title", "council", "municipality",
               "meeting_date", "meeting_no")
# The hyphen-like characters a renderer or extractor may leave where a word was broken.
_BREAK = r"(?:[-\u00ad‐‑]\s?)"
_SUSPENDED = re.compile(r"(\S+)-\s+(og|eller|samt|til|&)\s+", re.IGNORECASE)


# ---------------------------------------------------------------- report + tally

@dataclass
class EvalReport:
    metrics: dict[str, dict[str, dict[str, float]]]
    counts: dict[str, dict[str, dict[str, tuple[float, float]]]]  # ratio metrics: (num, den)
    n_gold: int = 0
    n_matched: int = 0
    unmatched: list[str] = field(default_factory=list)        # gold files without a documents row
    tables_missing: list[str] = field(default_factory=list)   # fact tables gold has but out_dir lacks

    def get(self, table: str, group: str, metric: str, default: Any = None) -> Any:
        return self.metrics.get(table, {}).get(group, {}).get(metric, default)


class Tally:
    """Numerators/denominators per table, group and metric; plain counts kept apart."""

    def __init__(self) -> None:
        self.ratios: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: [0.0, 0.0])))
        self.sums: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(float)))

    def ratio(self, table: str, groups: Iterable[str], metric: str, num: float, den: float = 1) -> None:
        for g in groups:
            cell = self.ratios[table][g][metric]
            cell[0] += num
            cell[1] += den

    def count(self, table: str, groups: Iterable[str], metric: str, n: float) -> None:
        for g in groups:
            self.sums[table][g][metric] += n

    def finish(self) -> tuple[dict, dict]:
        metrics: dict = defaultdict(lambda: defaultdict(dict))
        counts: dict = defaultdict(lambda: defaultdict(dict))
        for table, groups in self.ratios.items():
            for g, ms in groups.items():
                for m, (num, den) in ms.items():
                    counts[table][g][m] = (num, den)
                    if den:
                        metrics[table][g][m] = num / den
        for table, groups in self.sums.items():
            for g, ms in groups.items():
                metrics[table][g].update(ms)
        _add_f1(metrics)
        return _plain(metrics), _plain(counts)


def _add_f1(metrics: dict) -> None:
    for groups in metrics.values():
        for ms in groups.values():
            p, r = ms.get("precision"), ms.get("recall")
            if p is not None and r is not None:
                ms["f1"] = 0.0 if p + r == 0 else 2 * p * r / (p + r)
            head = {k: ms.pop(k) for k in ("precision", "recall", "f1") if k in ms}
            rest = dict(ms)
            ms.clear()
            ms.update(head, **rest)  # precision/recall/f1 first in printed tables


def _plain(d: Any) -> Any:
    return {k: _plain(v) for k, v in d.items()} if isinstance(d, dict) else d


# ---------------------------------------------------------------- normalisation

def norm_ws(text: Any) -> str:
    """Any run of whitespace -> one space (how SPEC text is compared)."""
    return re.sub(r"\s+", " ", _s(text)).strip()


def norm_key(text: Any) -> str:
    """For titles and names: whitespace, case and end punctuation do not count."""
    return norm_ws(text).casefold().strip(" .,:;–-")


def norm_due_text(text: Any) -> str:
    """Due texts compare without a bare leading "i"/"på": "i juni 2015" and "juni 2015",
    "på mødet i 4. kvartal" and "mødet i 4. kvartal" name the same period (the gold writers
    were not consistent about it). Lead-ins that change the period ("i løbet af",
    "i slutningen af") stay."""
    key = norm_key(text)
    return re.sub(r"^(?:i|på)\s+(?!løbet|slutningen|starten|begyndelsen|midten)", "", key)


def _s(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def norm_int(value: Any) -> str:
    """2014, "2014", "2014.0" -> "2014"; "" stays ""."""
    s = _s(value).strip()
    try:
        return str(int(float(s))) if s else ""
    except ValueError:
        return s


def norm_number(value: Any) -> Optional[float]:
    try:
        return round(float(_s(value).replace(",", ".")), 3)
    except ValueError:
        return None


def norm_date(value: Any) -> str:
    return _s(value).strip()[:10]


_META_NORM: dict[str, Callable[[Any], str]] = {
    "year": norm_int, "title": norm_key, "meeting_date": norm_date,
}


# ---------------------------------------------------------------- gold and output loading

@dataclass
class GoldDoc:
    path: Path
    data: dict
    doc_id: Optional[str] = None   # matched documents row
    row: Optional[dict] = None

    @property
    def style(self) -> str:
        return self.data.get("style") or "unknown"

    @property
    def heldout_style(self) -> bool:
        return bool(self.data.get("heldout_style"))

    def groups(self) -> list[str]:
        """Groups every item of this document counts in (held-out items add/remove some).
        Randomised layouts (corpus/random_plans.py) also count in one group per layout feature
        they show (``feature:heading_bar`` ...), so weak spots show per feature."""
        features = [f"{FEATURE}{f}" for f in self.data.get("features") or []]
        return [ALL, self.style, HELDOUT_STYLE if self.heldout_style else DEV] + features

    def item_groups(self, heldout: bool) -> list[str]:
        groups = self.groups()
        if heldout:
            groups = [g for g in groups if g != DEV] + [HELDOUT_ITEMS]
        return groups

    def items(self, key: str) -> list[dict]:
        return self.data.get(key) or []


def load_gold(gold_dir: Path) -> list[GoldDoc]:
    return [GoldDoc(p, json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(Path(gold_dir).glob("*.json"))]


def _match_documents(gold: list[GoldDoc], documents: Optional[pd.DataFrame]) -> None:
    """Attach each gold file's documents row, compared by file name (paths may differ)."""
    if documents is None or documents.empty:
        return
    by_name: dict[str, list[dict]] = defaultdict(list)
    for row in documents.to_dict("records"):
        by_name[Path(_s(row.get("source_path"))).name].append(row)
    for g in gold:
        file = _s(g.data.get("file"))
        rows = by_name.get(Path(file).name, [])
        # Several files of one name in different folders: prefer the one whose path ends the same.
        rows = sorted(rows, key=lambda r: not _s(r.get("source_path")).endswith(file))
        if rows:
            g.row, g.doc_id = rows[0], _s(rows[0].get("doc_id"))


def _rows_by_doc(df: Optional[pd.DataFrame]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    if df is not None and "doc_id" in df.columns:
        for row in df.to_dict("records"):
            out[_s(row["doc_id"])].append(row)
    return out


# ---------------------------------------------------------------- scorer registry

@dataclass
class ScoreContext:
    gold: list[GoldDoc]                       # all gold files; doc_id None when not in output
    tables: dict[str, Optional[pd.DataFrame]]
    tally: Tally
    tables_missing: list[str]
    _rows: dict[str, dict[str, list[dict]]] = field(default_factory=dict)

    def rows(self, table: str) -> dict[str, list[dict]]:
        """Output rows by doc_id, built once per table so scorers may enrich them."""
        if table not in self._rows:
            self._rows[table] = _rows_by_doc(self.tables.get(table))
        return self._rows[table]


Scorer = Callable[[ScoreContext], None]
SCORERS: dict[str, Scorer] = {}


def register_scorer(table: str) -> Callable[[Scorer], Scorer]:
    """Decorator: ``@register_scorer("figures")`` adds a scorer run by :func:`evaluate`."""
    def wrap(fn: Scorer) -> Scorer:
        SCORERS[table] = fn
        return fn
    return wrap


# ---------------------------------------------------------------- text

def _count(haystack: str, needle: str) -> int:
    return haystack.count(needle) if needle else 0


def _page_texts(rows: list[dict]) -> dict[int, str]:
    pages = {}
    for r in rows:
        try:
            pages[int(float(_s(r.get("page"))))] = _s(r.get("text"))
        except ValueError:
            continue
    return dict(sorted(pages.items()))


def _broken_regex(word: str) -> re.Pattern:
    """The word split by a leftover hyphen at any point ("kriminalitets- forebyggende")."""
    if "-" in word:  # a real compound: wrong if its hyphen got a space or was dropped
        left, right = word.split("-", 1)
        return re.compile(rf"(?<!\w){re.escape(left)}(?:-\s|\u00ad\s?|){re.escape(right)}(?!\w)")
    splits = [re.escape(word[:i]) + _BREAK + re.escape(word[i:]) for i in range(1, len(word))]
    return re.compile(rf"(?<!\w)(?:{'|'.join(splits)})(?!\w)")


def _word_regex(word: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")


def _score_text(g: GoldDoc, pages: dict[int, str], t: Tally) -> None:
    doc_text = norm_ws("\n".join(pages.values()))
    norm_pages = {p: norm_ws(txt) for p, txt in pages.items()}
    sentences = g.items("sentences")
    for s in sentences:
        intact = norm_ws(s.get("text")) in doc_text
        t.ratio("text", g.item_groups(bool(s.get("heldout"))), "sentences_intact", float(intact))
    _score_furniture(g, norm_pages, sentences, t)
    _score_hyphens(g, norm_pages, t)
    _score_suspended(g, doc_text, t)
    _score_callouts(g, doc_text, sentences, t)


def _score_furniture(g: GoldDoc, pages: dict[int, str], sentences: list[dict], t: Tally) -> None:
    body_by_page: dict[int, str] = defaultdict(str)
    for s in sentences:
        body_by_page[int(s.get("page") or 0)] += " " + norm_ws(s.get("text"))
    leaks = 0
    cover_title = norm_ws(g.data.get("document", {}).get("district", ""))
    for line in {norm_ws(f) for f in g.items("furniture")}:
        for p, text in pages.items():
            # A furniture line may also be printed in the body ("Fyns Politi"): only extras leak.
            # A sentence is listed on the page it starts on, so its neighbours count too.
            body = " ".join(body_by_page.get(q, "") for q in (p - 1, p, p + 1))
            extra = max(0, _count(text, line) - _count(body, line))
            if p == 1 and line == cover_title:
                extra = 0  # the cover prints the district as its title, not as a running header
            leaks += extra
    t.count("text", g.groups(), "furniture_leaks", leaks)
    t.ratio("text", g.groups(), "furniture_leaks_per_page", leaks, len(pages) or 1)


def _score_hyphens(g: GoldDoc, pages: dict[int, str], t: Tally) -> None:
    for h in g.items("hyphenated"):
        word = _s(h.get("word"))
        text = pages.get(int(h.get("page") or 0), "")
        broken = bool(word) and bool(_broken_regex(word).search(text))
        joined = not broken and bool(word) and bool(_word_regex(word).search(text))
        t.ratio("text", g.groups(), "hyphen_joined", float(joined))
        t.ratio("text", g.groups(), "hyphen_broken", float(broken))


def _score_suspended(g: GoldDoc, doc_text: str, t: Tally) -> None:
    for phrase in g.items("suspended"):
        phrase = norm_ws(phrase)
        t.ratio("text", g.groups(), "suspended_kept", float(phrase in doc_text))
        m = _SUSPENDED.search(phrase)
        if m:
            wrong = re.compile(rf"(?<!\w){re.escape(m.group(1))}-?{re.escape(m.group(2))}(?=\s)")
            t.count("text", g.groups(), "suspended_wrongly_joined", len(wrong.findall(doc_text)))


def _score_callouts(g: GoldDoc, doc_text: str, sentences: list[dict], t: Tally) -> None:
    body = " ".join(norm_ws(s.get("text")) for s in sentences)
    for word in g.items("callouts"):
        rx = _word_regex(norm_ws(word))
        leaks = max(0, len(rx.findall(doc_text)) - len(rx.findall(body)))
        t.count("text", g.groups(), "callout_leaks", leaks)
        t.ratio("text", g.groups(), "callouts_clean", float(leaks == 0))


# ---------------------------------------------------------------- metadata

def _meta_value(fld: str, value: Any) -> str:
    return _META_NORM.get(fld, norm_ws)(value)


def _score_metadata(g: GoldDoc, t: Tally) -> None:
    gold = g.data.get("document") or {}
    t.ratio("metadata", g.groups(), "found", float(g.row is not None))
    t.count("metadata", g.groups(), "n_docs", 1)
    all_right = g.row is not None
    for fld in META_FIELDS:
        ok = g.row is not None and _meta_value(fld, gold.get(fld)) == _meta_value(fld, g.row.get(fld))
        all_right &= ok
        t.ratio("metadata", g.groups(), fld, float(ok))
    t.ratio("metadata", g.groups(), "all_fields", float(all_right))
    if "n_pages" in gold:  # not part of all_fields: it is parse's job, not metadata's
        ok = g.row is not None and norm_int(gold["n_pages"]) == norm_int(g.row.get("n_pages"))
        t.ratio("metadata", g.groups(), "n_pages", float(ok))


# ---------------------------------------------------------------- fact tables

@dataclass
class ItemSpec:
    """How one fact table is matched: a key from gold items and from output rows, and fields
    compared on matched pairs as (gold field, output column, normaliser)."""
    table: str
    gold_key: str
    key_gold: Callable[[dict], tuple]
    key_pred: Callable[[dict], tuple]
    fields: list[tuple[str, str, Callable[[Any], Any]]]


def score_items(ctx: ScoreContext, spec: ItemSpec) -> None:
    """Precision/recall of a fact table per group, plus field accuracy on matched pairs."""
    rows = ctx.rows(spec.table)
    for g in ctx.gold:
        preds = rows.get(g.doc_id or "", [])
        pool: dict[tuple, list[dict]] = defaultdict(list)
        for r in preds:
            pool[spec.key_pred(r)].append(r)
        tp = 0
        for item in g.items(spec.gold_key):
            groups = g.item_groups(bool(item.get("heldout")))
            hit = pool.get(spec.key_gold(item))
            pred = hit.pop(0) if hit else None
            tp += pred is not None
            ctx.tally.ratio(spec.table, groups, "recall", float(pred is not None))
            for gold_f, pred_c, norm in spec.fields if pred is not None else []:
                same = norm(item.get(gold_f)) == norm(pred.get(pred_c))
                ctx.tally.ratio(spec.table, groups, f"field_{pred_c}", float(same))
        ctx.tally.ratio(spec.table, g.groups(), "precision", tp, len(preds))


def _run_spec(ctx: ScoreContext, spec: ItemSpec) -> None:
    if ctx.tables.get(spec.table) is None:
        if any(g.items(spec.gold_key) for g in ctx.gold):
            ctx.tables_missing.append(spec.table)
        return
    score_items(ctx, spec)


def _page(value: Any) -> str:
    return norm_int(value)


def _same_key(*fields: tuple[str, Callable[[Any], Any]]) -> Callable[[dict], tuple]:
    """A match key read the same way from gold items and output rows (same names in both)."""
    return lambda item: tuple(norm(item.get(name)) for name, norm in fields)


def _spec(table: str, key: list[tuple[str, Callable[[Any], Any]]],
          fields: list[tuple[str, Callable[[Any], Any]]]) -> ItemSpec:
    """An ItemSpec whose gold items and output rows use the same names."""
    k = _same_key(*key)
    return ItemSpec(table, table, key_gold=k, key_pred=k, fields=[(f, f, n) for f, n in fields])


FOCUS_AREA_SPEC = _spec("focus_areas", [("title", norm_key)],
                        [("category", norm_ws), ("declared_status", norm_ws),
                         ("declared_from_year", norm_int), ("page_start", _page), ("page_end", _page)])
DEADLINE_SPEC = _spec("deadlines", [("page", _page), ("due_start", norm_date), ("due_end", norm_date)],
                      [("precision", norm_ws), ("actor", norm_key), ("forum", norm_key),
                       ("due_text", norm_due_text), ("area_title", norm_key)])
FIGURE_SPEC = _spec("figures", [("value", norm_number), ("page", _page)],
                    [("label", norm_key), ("unit", norm_key), ("source", norm_ws)])
AGENDA_SPEC = _spec("agenda_items", [("item_no", norm_key)],
                    [("title", norm_key), ("decision", norm_key), ("page", _page)])
ATTENDEE_SPEC = _spec("attendees", [("name", norm_key)],
                      [("role", norm_key), ("organisation", norm_key), ("status", norm_ws)])


@register_scorer("focus_areas")
def score_focus_areas(ctx: ScoreContext) -> None:
    _run_spec(ctx, FOCUS_AREA_SPEC)
    _score_decorations_as_areas(ctx)


def _score_decorations_as_areas(ctx: ScoreContext) -> None:
    """Decorative words (gold ``callouts``) that came out as focus areas: must be 0."""
    if ctx.tables.get("focus_areas") is None:
        return
    rows = ctx.rows("focus_areas")
    for g in ctx.gold:
        decorations = {norm_key(c) for c in g.items("callouts")}
        if not decorations:
            continue
        titles = [norm_key(r.get("title")) for r in rows.get(g.doc_id or "", [])]
        hits = sum(1 for t in titles if t in decorations)
        ctx.tally.count("focus_areas", g.groups(), "decorations_as_areas", hits)


@register_scorer("deadlines")
def score_deadlines(ctx: ScoreContext) -> None:
    # "linked to the right area": the output names the area by area_id, the gold by its title
    titles = {str(r.get("area_id")): r.get("title") for rows in ctx.rows("focus_areas").values() for r in rows}
    for rows in ctx.rows("deadlines").values():
        for r in rows:
            r["area_title"] = titles.get(str(r.get("area_id") or ""), "") if r.get("area_id") else ""
    _run_spec(ctx, DEADLINE_SPEC)


@register_scorer("figures")
def score_figures(ctx: ScoreContext) -> None:
    _run_spec(ctx, FIGURE_SPEC)
    _score_table_labels(ctx)


def _score_table_labels(ctx: ScoreContext) -> None:
    """Table figures found with the right value, page and "row – column" label (header-less
    tables: the row label alone), over all gold table figures."""
    if ctx.tables.get("figures") is None:
        return
    rows = ctx.rows("figures")
    for g in ctx.gold:
        pool: dict[tuple, int] = defaultdict(int)
        for r in rows.get(g.doc_id or "", []):
            pool[(norm_number(r.get("value")), _page(r.get("page")), norm_key(r.get("label")))] += 1
        for item in g.items("figures"):
            if item.get("source") != "table":
                continue
            key = (norm_number(item.get("value")), _page(item.get("page")), norm_key(item.get("label")))
            hit = pool[key] > 0
            pool[key] -= hit
            ctx.tally.ratio("figures", g.groups(), "table_labelled", float(hit))


@register_scorer("agenda_items")
def score_agenda(ctx: ScoreContext) -> None:
    _run_spec(ctx, AGENDA_SPEC)


@register_scorer("attendees")
def score_attendees(ctx: ScoreContext) -> None:
    _run_spec(ctx, ATTENDEE_SPEC)


def gold_area_changes(gold: list[GoldDoc]) -> list[dict]:
    """Year-to-year changes implied by the gold ``thread`` of each district's plan areas
    (``quality.changes.gold_changes``: consecutive plan years of a district; a thread in both is
    continued, only later new, only earlier dropped)."""
    return gold_changes([(g.path.stem, g.data) for g in gold]).to_dict("records")


def _change_key(r: dict) -> tuple:
    return (_s(r.get("district")), norm_int(r.get("from_year")), norm_int(r.get("to_year")),
            _s(r.get("status")), norm_key(r.get("from_title")), norm_key(r.get("to_title")))


@register_scorer("area_changes")
def score_area_changes(ctx: ScoreContext) -> None:
    gold = gold_area_changes(ctx.gold)
    df = ctx.tables.get("area_changes")
    if df is None:
        if gold:
            ctx.tables_missing.append("area_changes")
        return
    pairs = {(c["district"], str(c["from_year"]), str(c["to_year"])) for c in gold}
    preds = [r for r in df.to_dict("records")
             if (_s(r.get("district")), norm_int(r.get("from_year")), norm_int(r.get("to_year"))) in pairs]
    pool: dict[tuple, int] = defaultdict(int)
    for r in preds:
        pool[_change_key(r)] += 1
    tp = 0
    for c in gold:
        key, groups = _change_key(c), [ALL] + ([HELDOUT_ITEMS] if c["heldout"] else [DEV])
        hit = pool[key] > 0
        pool[key] -= hit
        tp += hit
        ctx.tally.ratio("area_changes", groups, "recall", float(hit))
    ctx.tally.ratio("area_changes", [ALL], "precision", tp, len(preds))
    _score_changes_by_status(ctx, df)


def _score_changes_by_status(ctx: ScoreContext, df: pd.DataFrame) -> None:
    """Issue 5's own measures (pipeline.batch.compare.evaluate_changes): precision and recall per
    status, agreement of the plans' claims with the comparison, recall on renamed areas."""
    needed = {"district", "from_year", "to_year", "status", "from_title", "to_title", "agrees"}
    if not ctx.gold or not needed <= set(df.columns):
        return
    found = evaluate_changes(df, ctx.gold[0].path.parent)
    for status in ("continued", "new", "dropped"):
        for measure in ("precision", "recall"):
            if found.get(status, {}).get(measure) is not None:
                ctx.tally.ratio("area_changes", [ALL], f"{status}_{measure}", found[status][measure])
    for name, section, measure in (("agreement_accuracy", "agreement", "accuracy"),
                                   ("claims_disagreeing_flagged", "agreement", "disagreeing_flagged"),
                                   ("renamed_recall", "renamed", "recall"),
                                   ("across_gap_recall", "across_gap", "recall")):
        value = found.get(section, {}).get(measure)
        if value is not None:
            ctx.tally.ratio("area_changes", [ALL], name, value)


# ---------------------------------------------------------------- entry points

def evaluate(out_dir: Path, gold_dir: Path) -> EvalReport:
    """Score ``out_dir``'s tables against every ``gold_dir/*.json``."""
    gold = load_gold(Path(gold_dir))
    tables = {name: read_table(Path(out_dir), name) for name in ("documents", "pages", *FACT_TABLES)}
    _match_documents(gold, tables["documents"])
    tally = Tally()
    pages = _rows_by_doc(tables["pages"])
    for g in gold:
        # A document the pipeline lost scores zero rather than vanishing from the averages.
        _score_metadata(g, tally)
        _score_text(g, _page_texts(pages.get(g.doc_id or "", [])), tally)
    matched = [g for g in gold if g.doc_id is not None]
    ctx = ScoreContext(gold, tables, tally, [])
    for scorer in SCORERS.values():
        scorer(ctx)
    metrics, counts = tally.finish()
    return EvalReport(metrics, counts, n_gold=len(gold), n_matched=len(matched),
                      unmatched=[_s(g.data.get("file")) or g.path.name for g in gold if g.doc_id is None],
                      tables_missing=sorted(set(ctx.tables_missing)))


def _group_order(groups: Iterable[str]) -> list[str]:
    groups = set(groups)
    return [g for g in FIXED_GROUPS if g in groups] + sorted(groups - set(FIXED_GROUPS))


def format_report(report: EvalReport) -> str:
    """A plain-text table per scored table: metrics as rows, groups as columns."""
    out = [f"gold documents: {report.n_gold}, matched to output: {report.n_matched}"]
    if report.unmatched:
        out.append("not in output: " + ", ".join(report.unmatched))
    if report.tables_missing:
        out.append("tables missing from output: " + ", ".join(report.tables_missing))
    for table, groups in report.metrics.items():
        cols = _group_order(groups)
        names = list(dict.fromkeys(m for g in cols for m in groups[g]))
        width = max([len(n) for n in names] + [len(table)])
        colw = max([len(c) for c in cols] + [6])
        out.append("")
        out.append(table.ljust(width) + "  " + "  ".join(c.rjust(colw) for c in cols))
        for name in names:
            cells = [_fmt_cell(name, groups[c].get(name)).rjust(colw) for c in cols]
            out.append(name.ljust(width) + "  " + "  ".join(cells))
    return "\n".join(out)


_COUNT_METRICS = {"furniture_leaks", "suspended_wrongly_joined", "callout_leaks", "n_docs",
                  "decorations_as_areas"}


def _fmt_cell(metric: str, value: Optional[float]) -> str:
    if value is None:
        return "—"
    return str(int(value)) if metric in _COUNT_METRICS else f"{value:.3f}"


if __name__ == "__main__":  # python -m pipeline.quality.evaluate [OUT_DIR] [GOLD_DIR]
    import sys

    args = sys.argv[1:] + ["extracted", "tests/gold"][len(sys.argv[1:]):]
    print(format_report(evaluate(Path(args[0]), Path(args[1]))))


# ---------------------------------------------------------------- minutes measures (issue 11)

def _decision_found(gold: str, pred: str) -> bool:
    """The concluding statement is found when one text contains the other (a decision cell may
    carry the narrative before it; a found sentence may be the core of a longer gold decision)."""
    g, p = norm_key(gold), norm_key(pred)
    return bool(p) and (g in p or (p in g and len(p) >= 0.5 * len(g)))


def minutes_measures(pairs: Iterable[tuple[dict, dict[str, list[dict]]]]) -> dict[str, dict[str, list[float]]]:
    """The measures of randomised minutes, per group (``dev`` / ``heldout_style``):
    ``measure -> [right, total]``. ``pairs`` are (gold dict, extracted rows per table)."""
    out: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))

    def add(group: str, measure: str, ok: bool) -> None:
        out[group][measure][0] += ok
        out[group][measure][1] += 1

    for gold, rows in pairs:
        group = HELDOUT_STYLE if gold.get("heldout_style") else DEV
        doc_row = (rows.get("documents") or [{}])[0]
        meeting_date = norm_date(gold["document"]["meeting_date"])
        add(group, "meeting_date", norm_date(doc_row.get("meeting_date")) == meeting_date)
        add(group, "district", norm_ws(doc_row.get("district")) == norm_ws(gold["document"]["district"]))
        _agenda_measures(group, gold.get("agenda_items") or [], rows.get("agenda_items") or [], add)
        _attendee_measures(group, gold.get("attendees") or [], rows.get("attendees") or [], add)
    return {g: dict(m) for g, m in out.items()}


def _agenda_measures(group: str, gold: list[dict], pred: list[dict], add: Callable) -> None:
    by_no = {norm_key(r.get("item_no")): r for r in pred}
    gold_nos = {norm_key(i["item_no"]) for i in gold}
    for r in pred:
        add(group, "agenda_precision", norm_key(r.get("item_no")) in gold_nos)
    for item in gold:
        r = by_no.get(norm_key(item["item_no"]))
        add(group, "agenda_recall", r is not None)
        if r is None:
            continue
        add(group, "agenda_title", norm_key(r.get("title")) == norm_key(item["title"]))
        if item.get("decision"):
            add(group, "decision_found", _decision_found(item["decision"], _s(r.get("decision"))))
        else:
            add(group, "decision_empty_when_none", not _s(r.get("decision")))
        text = norm_key(r.get("item_text"))
        add(group, "item_text_complete", norm_key(item.get("item_text")) in text)


def _attendee_measures(group: str, gold: list[dict], pred: list[dict], add: Callable) -> None:
    for status in ("present", "absent"):
        g = {norm_key(p["name"]): p for p in gold if p["status"] == status}
        p = {norm_key(r.get("name")): r for r in pred if _s(r.get("status")) == status}
        for name in p:
            add(group, f"{status}_precision", name in g)
        for name, person in g.items():
            add(group, f"{status}_recall", name in p)
            r = p.get(name)
            if r is None:
                continue
            if person.get("role"):
                add(group, "role", norm_key(r.get("role")) == norm_key(person["role"]))
            if person.get("organisation"):
                add(group, "organisation", norm_key(r.get("organisation")) == norm_key(person["organisation"]))
            if status == "absent":
                reason = norm_key(person.get("absence_reason"))
                add(group, "absence_reason", norm_key(r.get("absence_reason")) == reason)


def format_minutes_measures(measures: dict[str, dict[str, list[float]]]) -> str:
    groups = [g for g in (DEV, HELDOUT_STYLE) if g in measures]
    names = list(dict.fromkeys(m for g in groups for m in measures[g]))
    lines = [f"{'measure':26s}" + "".join(f"{g:>22s}" for g in groups)]
    for m in names:
        cells = []
        for g in groups:
            right, total = measures[g].get(m, [0, 0])
            cells.append(f"{right / total:8.3f} ({int(right):4d}/{int(total):4d})" if total else f"{'-':>22s}")
        lines.append(f"{m:26s}" + "".join(f"{c:>22s}" for c in cells))
    return "\n".join(lines)
