"""Year-to-year comparison of focus areas: which areas a district continued, started and dropped.

For every district, each plan year is aligned with the previous *available* plan year (a missing
plan is a gap, not an empty year). The alignment is one-to-one (Hungarian assignment) on a pair
similarity in 0..1 that combines
- the lemma TF-IDF cosine of title + text, with concept tokens added so that synonyms meet
  ("indbrud" ~ "tyveri" ~ "sommerhus"),
- the character n-gram cosine of the titles (inflection and compounds without a lemmatiser),
- the overlap of concept groups named in the titles and texts (data: data/compare.yaml),
- agreement of the category codes.
The later area's own claim is evidence: "continued" lowers the threshold a pair must pass,
"new" raises it. Pairs below the threshold are not continuations: the later area is `new`, the
earlier one `dropped`. When two areas merge into one, the better match is `continued` and the
other `dropped` (one-to-one).

Outputs the SPEC table ``area_changes`` (plus ``gap``/``gap_years``: plan years skipped between
the two compared plans, and the two doc_ids) and ``area_threads`` (one row per area; continued
links chained through the years into a stable id "<district slug>-<first year>-<position>").
``similarity`` of a new (dropped) row is that of the closest earlier (later) area, so a reader can
see how far it was from counting as continued. ``agrees`` is empty when the plan claims nothing.

Public: compare_years, compare_stage (runner post-stage), create_views (DuckDB), lemmas,
clean_title, district_slug; for evaluation gold_focus_areas, gold_changes, evaluate_changes.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd
from pipeline.datafiles import load
from pipeline.lang.nlp import lemmatize
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer


CHANGE_COLUMNS = ["district", "from_year", "to_year", "status", "from_area_id", "to_area_id",
                  "from_title", "to_title", "category", "similarity", "declared_status", "agrees",
                  "gap", "gap_years", "from_doc_id", "to_doc_id"]
THREAD_COLUMNS = ["thread_id", "district", "year", "doc_id", "area_id", "title"]
WORD = re.compile(r"[0-9a-zæøåéäöü]+")
CONCEPT_PREFIX = "§"   # marks concept tokens in the TF-IDF vocabulary; never a Danish letter


# --------------------------------------------------------------------------------------- config
@lru_cache(maxsize=1)
def config() -> dict:
    return load("compare.yaml")


# --------------------------------------------------------------------------------------- lemmas
def lemmas(text: str) -> list[str]:
    """Lower-case lemmas of the words of ``text`` (stop words kept; hyphen compounds split:
    "SSP-samarbejdet" -> "ssp", "samarbejde", so each part can match on its own).

    The words go through pipeline.lang.nlp's word lemmatiser (shared overrides and compound rules)
    but are split by a regex, not spaCy's tokenizer: the tokenizer was two thirds of the
    comparison's time and only the words matter for similarity."""
    return [lemmatize(w).lower() for w in WORD.findall(str(text).lower())]


# ------------------------------------------------------------------------------------- concepts
@lru_cache(maxsize=1)
def _concept_patterns() -> list[tuple[str, str, str]]:
    """(concept, kind, stem): kind is exact | prefix | suffix | infix (from '*' in the data)."""
    out = []
    for concept, entries in config()["concepts"].items():
        for entry in entries:
            entry = str(entry).lower()
            kind = {(True, True): "infix", (True, False): "suffix",
                    (False, True): "prefix", (False, False): "exact"}[
                (entry.startswith("*"), entry.endswith("*"))]
            out.append((concept, kind, entry.strip("*")))
    return out


@lru_cache(maxsize=200_000)
def concepts_of_lemma(lemma: str) -> frozenset[str]:
    """The concept groups a lemma belongs to (a compound may belong to several)."""
    found = set()
    for concept, kind, stem in _concept_patterns():
        hit = {"exact": lemma == stem, "prefix": lemma.startswith(stem),
               "suffix": lemma.endswith(stem), "infix": stem in lemma}[kind]
        if hit:
            found.add(concept)
    return frozenset(found)


def _concept_counts(lems: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for lemma in lems:
        for concept in concepts_of_lemma(lemma):
            counts[concept] = counts.get(concept, 0) + 1
    return counts


# ------------------------------------------------------------------------------------- features
@lru_cache(maxsize=1)
def _status_phrases() -> list[re.Pattern]:
    return [re.compile(p, re.IGNORECASE) for p in config()["title_status_phrases"]]


def clean_title(title: str) -> str:
    """The title without printed status phrases ("Fortsat fokus på X" -> "X")."""
    text = "" if title is None or (not isinstance(title, str) and pd.isna(title)) else str(title)
    for pattern in _status_phrases():
        cut = pattern.sub(" ", text).strip()
        text = cut or text   # never cut a title away entirely ("Nyt" alone stays)
    return text


class _Features:
    """Vectors of every area of the input, row-aligned with ``areas`` (fitted once per call so
    IDF reflects the whole collection of plans, not just two years of one district)."""

    def __init__(self, areas: pd.DataFrame) -> None:
        cfg = config()
        stop = set(str(s) for s in cfg["stopwords"])
        titles = [clean_title(t) for t in areas["title"]]
        title_lems = [lemmas(t) for t in titles]
        text_lems = [lemmas(t) for t in areas["text"]]
        docs = [self._tokens(a + b, stop) for a, b in zip(title_lems, text_lems)]
        self.text = _fit(TfidfVectorizer(analyzer=_identity, sublinear_tf=True), docs)
        low, high = cfg["title_ngrams"]
        self.chars = _fit(TfidfVectorizer(analyzer="char_wb", ngram_range=(low, high)),
                          [t.lower() for t in titles])
        names = sorted(cfg["concepts"])
        self.title_concepts = _concept_matrix([_concept_counts(l) for l in title_lems], names)
        self.text_concepts = _concept_matrix([_concept_counts(l) for l in text_lems], names)
        neutral = set(cfg["neutral_categories"])
        self.category = [("" if c in neutral else c) for c in areas["category"].fillna("")]

    @staticmethod
    def _tokens(lems: list[str], stop: set[str]) -> list[str]:
        words = [l for l in lems if l not in stop and len(l) > 1]
        return words + [CONCEPT_PREFIX + c for l in words for c in sorted(concepts_of_lemma(l))]

    def similarity(self, rows: list[int], cols: list[int]) -> np.ndarray:
        """Pair similarity (0..1) of earlier areas ``rows`` × later areas ``cols``."""
        w = config()["weights"]
        share = config()["concept_title_share"]
        text = _cos(self.text, rows, cols)
        chars = _cos(self.chars, rows, cols)
        concepts = (share * _cos(self.title_concepts, rows, cols)
                    + (1 - share) * _cos(self.text_concepts, rows, cols))
        category = self._category_agreement(rows, cols)
        total = (w["text"] * text + w["title_chars"] * chars + w["concepts"] * concepts
                 + w["category"] * category)
        return np.clip(total, 0.0, 1.0)

    def _category_agreement(self, rows: list[int], cols: list[int]) -> np.ndarray:
        # 1 same code, 0 different codes, 0.5 when either is the catch-all (no evidence either way)
        out = np.empty((len(rows), len(cols)))
        for i, r in enumerate(rows):
            for j, c in enumerate(cols):
                a, b = self.category[r], self.category[c]
                out[i, j] = 0.5 if not a or not b else float(a == b)
        return out


def _content_lemmas(title: str) -> set[str]:
    stop = set(str(s) for s in config()["stopwords"])
    return {l for l in lemmas(str(title)) if l not in stop and len(l) > 1}


def is_renamed(a: str, b: str) -> bool:
    """Is a continuation from title ``a`` to ``b`` a rename: titles sharing few lemmas (Jaccard at
    most the configured share)? Status phrases do not count, so "Fortsat fokus på X" vs "X" is
    not a rename. Used by the evaluation and by the report's timeline."""
    x, y = _content_lemmas(clean_title(a)), _content_lemmas(clean_title(b))
    union = x | y
    return bool(union) and len(x & y) / len(union) <= config()["renamed_max_jaccard"]


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _fit(vectorizer: TfidfVectorizer, docs: list) -> csr_matrix:
    try:
        return csr_matrix(vectorizer.fit_transform(docs))
    except ValueError:  # every document empty: no vocabulary, so no similarity either
        return csr_matrix((len(docs), 1))


def _concept_matrix(counts: list[dict[str, int]], names: list[str]) -> csr_matrix:
    dense = np.array([[c.get(n, 0) for n in names] for c in counts], dtype=float)
    dense = np.sqrt(dense)  # damp repetition: a text naming "unge" ten times is not 10× about youth
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    return csr_matrix(np.divide(dense, norms, out=np.zeros_like(dense), where=norms > 0))


def _cos(matrix: csr_matrix, rows: list[int], cols: list[int]) -> np.ndarray:
    """Cosine of l2-normalised rows."""
    return np.asarray((matrix[rows] @ matrix[cols].T).todense())


# ------------------------------------------------------------------------------------ alignment
def thresholds(later: list[dict], from_year: int) -> np.ndarray:
    """Threshold per later area (records): its declared status moves it (data/compare.yaml)."""
    t = config()["threshold"]
    out = []
    for area in later:
        status, declared_from = area["declared_status"], area["declared_from_year"]
        value = {"continued": t["declared_continued"], "new": t["declared_new"]}.get(
            status, t["base"])
        declared_year = _year_or_none(declared_from)
        if status == "continued" and declared_year and from_year <= declared_year < area["year"]:
            value -= t["from_year_bonus"]
        out.append(value)
    return np.array(out, dtype=float)


def _year_or_none(value) -> int | None:
    """2013, 2013.0, "2013" -> 2013; empty or junk -> None (a cell from CSV, Parquet or dicts)."""
    try:
        return None if value is None or pd.isna(value) else int(float(str(value).strip()))
    except (TypeError, ValueError):
        return None


def align(similarity: np.ndarray, threshold: np.ndarray) -> list[tuple[int, int]]:
    """One-to-one pairs (earlier, later) maximising the summed margin above the later area's
    threshold; pairs with no positive margin stay unmatched (new / dropped)."""
    if similarity.size == 0:
        return []
    margin = similarity - threshold[None, :]
    rows, cols = linear_sum_assignment(np.where(margin > 0, margin, 0.0), maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols) if margin[r, c] > 0]


# ----------------------------------------------------------------------------------- main entry
def compare_years(focus_areas: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(area_changes, area_threads) for the SPEC focus_areas table (all districts, all years)."""
    areas = _one_plan_per_district_year(focus_areas)
    if areas.empty:
        return pd.DataFrame(columns=CHANGE_COLUMNS), pd.DataFrame(columns=THREAD_COLUMNS)
    features = _Features(areas)
    # plain dicts (one conversion), not DataFrame rows: per-row pandas access dominated the time
    records = areas.to_dict("records")
    by_district: dict[str, list[int]] = {}
    for idx, rec in enumerate(records):
        by_district.setdefault(str(rec["district"]), []).append(idx)
    changes: list[dict] = []
    threads: list[dict] = []
    for district in sorted(by_district):
        district_changes, district_threads = _compare_district(
            district, by_district[district], records, features)
        changes += district_changes
        threads += district_threads
    return _changes_frame(changes), pd.DataFrame(threads, columns=THREAD_COLUMNS)


def compare_stage(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Runner post-stage: {"area_changes", "area_threads"} from tables["focus_areas"]."""
    focus = tables.get("focus_areas")
    if focus is None:
        focus = pd.DataFrame(columns=["doc_id", "area_id", "district", "year"])
    documents = tables.get("documents")
    if documents is not None and "doc_type" in documents and not focus.empty:
        # only the district's cooperation plans are compared year to year; a lokalråd's
        # handleplan has focus areas too, but of one municipality
        plans = set(documents.loc[documents["doc_type"] == "samarbejdsplan", "doc_id"])
        focus = focus[focus["doc_id"].isin(plans)]
    changes, threads = compare_years(focus)
    return {"area_changes": changes, "area_threads": threads}


def _one_plan_per_district_year(focus_areas: pd.DataFrame) -> pd.DataFrame:
    """Usable rows in a stable order; if a district-year has several plans (duplicate upload,
    scanned + digital copy) the one with most areas is used, so a year is compared once."""
    df = focus_areas.copy()
    df = df[df["district"].fillna("").astype(str).str.strip().ne("") & df["year"].notna()]
    if df.empty:
        return df.reset_index(drop=True)
    df["year"] = df["year"].astype(int)
    for col, default in (("text", ""), ("title", ""), ("category", ""),
                         ("declared_status", "unknown"), ("declared_from_year", None),
                         ("page_start", 0)):
        if col not in df:
            df[col] = default
    df["text"] = df["text"].fillna("").astype(str)
    df["title"] = df["title"].fillna("").astype(str)
    status = df["declared_status"].fillna("").astype(str).str.strip().str.lower()
    df["declared_status"] = status.where(status.isin(["continued", "new"]), "unknown")
    size = df.groupby(["district", "year", "doc_id"])["area_id"].transform("size")
    df = df.assign(_size=size).sort_values(
        ["district", "year", "_size", "doc_id"], ascending=[True, True, False, True])
    first_doc = df.groupby(["district", "year"])["doc_id"].transform("first")
    df = df[df["doc_id"] == first_doc].drop(columns="_size")
    df = df.assign(_page=pd.to_numeric(df["page_start"], errors="coerce").fillna(0))
    df = df.sort_values(["district", "year", "_page", "area_id"], kind="stable")
    return df.drop(columns="_page").reset_index(drop=True)


def _compare_district(district: str, idxs: list[int], records: list[dict],
                      features: _Features) -> tuple[list[dict], list[dict]]:
    """Changes of one district's consecutive available years; indices are rows of ``records``
    (already in plan order: year, page, area_id)."""
    by_year: dict[int, list[int]] = {}
    for idx in idxs:
        by_year.setdefault(int(records[idx]["year"]), []).append(idx)
    years = sorted(by_year)
    slug = district_slug(district)
    thread_of = {idx: f"{slug}-{years[0]}-{n}" for n, idx in enumerate(by_year[years[0]], start=1)}
    changes: list[dict] = []
    for prev_year, year in zip(years, years[1:]):
        pair_rows = _compare_pair(district, by_year[prev_year], by_year[year], records, features)
        changes += pair_rows
        continued = {r["_to_idx"]: r["_from_idx"] for r in pair_rows if r["status"] == "continued"}
        for n, idx in enumerate(by_year[year], start=1):
            thread_of[idx] = thread_of[continued[idx]] if idx in continued else f"{slug}-{year}-{n}"
    threads = [{"thread_id": thread_of[idx], "district": district,
                "year": int(records[idx]["year"]), "doc_id": records[idx]["doc_id"],
                "area_id": records[idx]["area_id"], "title": records[idx]["title"]}
               for idx in idxs]
    return changes, threads


def _compare_pair(district: str, earlier: list[int], later: list[int], records: list[dict],
                  features: _Features) -> list[dict]:
    before = [{**records[i], "_idx": i} for i in earlier]
    after = [{**records[j], "_idx": j} for j in later]
    prev_year, year = int(before[0]["year"]), int(after[0]["year"])
    sim = features.similarity(earlier, later)
    pairs = align(sim, thresholds(after, prev_year))
    gap_years = list(range(prev_year + 1, year))
    base = {"district": district, "from_year": prev_year, "to_year": year,
            "gap": len(gap_years), "gap_years": ",".join(str(y) for y in gap_years)}
    matched_e = {i for i, _ in pairs}
    matched_l = {j for _, j in pairs}
    rows = [_row(base, "continued", before[i], after[j], sim[i, j]) for i, j in pairs]
    # similarity of a new (dropped) area: its closest earlier (later) area, to explain the verdict
    rows += [_row(base, "new", None, after[j], _best(sim[:, j]))
             for j in range(len(after)) if j not in matched_l]
    rows += [_row(base, "dropped", before[i], None, _best(sim[i, :]))
             for i in range(len(before)) if i not in matched_e]
    return rows


def _best(values: np.ndarray) -> float:
    return float(values.max()) if values.size else 0.0


def _row(base: dict, status: str, earlier: dict | None, later: dict | None,
         similarity: float) -> dict:
    declared = later["declared_status"] if later is not None else ""
    agrees = pd.NA if declared not in ("continued", "new") else declared == status
    category = (later if later is not None else earlier)["category"]
    return {**base, "status": status,
            "from_area_id": earlier["area_id"] if earlier is not None else "",
            "to_area_id": later["area_id"] if later is not None else "",
            "from_title": earlier["title"] if earlier is not None else "",
            "to_title": later["title"] if later is not None else "",
            "category": category if isinstance(category, str) else "",
            "similarity": round(float(similarity), 4), "declared_status": declared,
            "agrees": agrees,
            "from_doc_id": earlier["doc_id"] if earlier is not None else "",
            "to_doc_id": later["doc_id"] if later is not None else "",
            "_from_idx": earlier["_idx"] if earlier is not None else None,
            "_to_idx": later["_idx"] if later is not None else None}


def _changes_frame(rows: list[dict]) -> pd.DataFrame:
    order = {"continued": 0, "new": 1, "dropped": 2}
    df = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    if df.empty:
        return df
    df["agrees"] = df["agrees"].astype("boolean")
    df["_order"] = df["status"].map(order)
    df = df.sort_values(["district", "from_year", "_order"], kind="stable")
    return df.drop(columns="_order").reset_index(drop=True)


def district_slug(district: str) -> str:
    """"Midt- og Vestsjællands Politi" -> "midt-og-vestsjaellands" (ASCII, stable)."""
    name = re.sub(r"\s+politi$", "", district.strip(), flags=re.I).lower()
    for src, dst in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        name = name.replace(src, dst)
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-")


# --------------------------------------------------------------------------------------- DuckDB
def create_views(con) -> None:
    """Views over area_threads/focus_areas in a DuckDB connection:
    ``area_matrix`` (long: district, thread_id, year, area_id, title, category, present) and
    ``area_matrix_wide`` (one row per district × thread, one title column per plan year)."""
    present = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables").fetchall()}
    if not {"area_threads", "focus_areas"} <= present:
        return   # nothing to view (a run without plans, or the compare stage not wired)
    con.execute("""
        CREATE OR REPLACE VIEW area_matrix AS
        SELECT t.district, t.thread_id, t.year, t.area_id, t.title, f.category, TRUE AS present
        FROM area_threads t
        LEFT JOIN focus_areas f ON f.area_id = t.area_id AND f.doc_id = t.doc_id
        ORDER BY t.district, t.thread_id, t.year""")
    years = [int(r[0]) for r in con.execute(
        "SELECT DISTINCT year FROM area_threads ORDER BY year").fetchall()]
    # A dynamic PIVOT cannot live in a view, so the year columns are fixed at creation time
    # (the view is recreated by every run that writes the tables).
    columns = "".join(f', max(title) FILTER (WHERE year = {y}) AS "{y}"' for y in years)
    con.execute(f"""
        CREATE OR REPLACE VIEW area_matrix_wide AS
        SELECT district, thread_id, count(*) AS n_years{columns}
        FROM area_threads GROUP BY district, thread_id ORDER BY district, thread_id""")
