"""Year-to-year comparison of focus areas (pipeline.batch.compare) and its rendering (pipeline.views.diff)."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.batch.compare import (CHANGE_COLUMNS, THREAD_COLUMNS, compare_stage, compare_years,
                                    create_views, district_slug)
from pipeline.quality.changes import evaluate_changes, gold_changes, gold_focus_areas
from pipeline.views.diff import render_diff

FYN = "Fyns Politi"
NORD = "Nordsjællands Politi"

BURGLARY_2013 = ("Indbrud i private boliger", "indbrud",
                 "Antallet af indbrud i private boliger skal nedbringes. Politiet og kommunerne "
                 "styrker nabohjælp og rådgiver borgerne om sikring af boligen mod tyveri.")
BURGLARY_2014 = ("Forebyggelse af indbrud i hjem og sommerhuse", "indbrud",
                 "Tyverier fra hjem og sommerhuse rammer mange borgere. Nabohjælp udbredes, og "
                 "sommerhusejere får råd om sikring mod indbrudstyve.")
GANGS = ("Rocker- og bandekriminalitet", "bander",
         "Konflikter mellem rockere og bander skaber utryghed. Exit-programmet tilbyder hjælp "
         "til at forlade bandemiljøet.")
GANGS_RENAMED = ("Organiseret kriminalitet og exit", "bander",
                 "Rockergrupper og bandemedlemmer skal mødes med en konsekvent indsats, og "
                 "exit-forløb tilbydes dem, der vil ud af miljøet.")
YOUTH = ("Kriminalitetstruede unge", "boern_unge",
         "SSP-samarbejdet styrkes, så unge i risiko for kriminalitet fanges tidligt i skolen.")
YOUTH_RENAMED = ("Børn og unge i risiko", "boern_unge",
                 "Den tidlige indsats i SSP over for kriminalitetstruede unge fortsætter med "
                 "skolerne og de sociale myndigheder.")
TRAFFIC = ("Færdselssikkerhed", "faerdsel",
           "Trafikulykker forebygges med fartkontrol og kampagner mod spirituskørsel.")
TRAFFIC_RENAMED = ("Sikker trafik på vejene", "faerdsel",
                   "Færdslen skal være sikker: flere kontroller af fart og spirituskørsel.")
DRUGS = ("Narkotika i nattelivet", "narkotika",
         "Salg af euforiserende stoffer og hash i nattelivet bekæmpes sammen med restauratører.")
RADICAL = ("Forebyggelse af radikalisering", "radikalisering",
           "Info-huset samler viden om ekstremisme og bekymrende adfærd hos unge.")
PSYCH = ("Psykisk syge og PSP", "psykiatri",
         "PSP-samarbejdet mellem politi, psykiatri og socialforvaltning om psykisk syge borgere.")


def area(district: str, year: int, n: int, spec: tuple[str, str, str],
         declared: str = "unknown", from_year: int | None = None) -> dict:
    title, category, text = spec
    doc = f"{district_slug(district)}-{year}"
    return {"doc_id": doc, "area_id": f"{doc}-a{n}", "district": district, "year": year,
            "title": title, "category": category, "declared_status": declared,
            "declared_from_year": from_year, "page_start": 3 + n, "page_end": 3 + n, "text": text}


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def change(changes: pd.DataFrame, status: str, **where) -> pd.DataFrame:
    df = changes[changes["status"] == status]
    for col, value in where.items():
        df = df[df[col] == value]
    return df


# ------------------------------------------------------------------------------- the comparison
def test_renamed_area_with_low_word_overlap_is_continued():
    areas = frame(area(FYN, 2013, 1, BURGLARY_2013), area(FYN, 2013, 2, GANGS),
                  area(FYN, 2014, 1, BURGLARY_2014), area(FYN, 2014, 2, GANGS_RENAMED))
    changes, _ = compare_years(areas)
    pairs = set(zip(change(changes, "continued")["from_title"],
                    change(changes, "continued")["to_title"]))
    assert pairs == {(BURGLARY_2013[0], BURGLARY_2014[0]), (GANGS[0], GANGS_RENAMED[0])}
    assert set(changes["status"]) == {"continued"}


def test_unrelated_new_area_is_new_and_missing_one_is_dropped():
    areas = frame(area(FYN, 2013, 1, BURGLARY_2013), area(FYN, 2013, 2, TRAFFIC),
                  area(FYN, 2014, 1, BURGLARY_2014), area(FYN, 2014, 2, RADICAL))
    changes, _ = compare_years(areas)
    assert change(changes, "new")["to_title"].tolist() == [RADICAL[0]]
    assert change(changes, "dropped")["from_title"].tolist() == [TRAFFIC[0]]
    assert len(change(changes, "continued")) == 1


def test_merged_areas_continue_once_and_the_other_is_dropped():
    merged = ("Unge, narko og nattelivet", "boern_unge",
              "SSP og kriminalitetstruede unge i skolen; hash og euforiserende stoffer i nattelivet.")
    areas = frame(area(FYN, 2015, 1, YOUTH), area(FYN, 2015, 2, DRUGS),
                  area(FYN, 2016, 1, merged, "continued", 2015))
    changes, _ = compare_years(areas)
    assert len(change(changes, "continued", to_title=merged[0])) == 1
    assert len(change(changes, "dropped")) == 1
    assert change(changes, "continued")["from_title"].iloc[0] == YOUTH[0]  # same category wins


def test_missing_year_compares_with_previous_available_year_and_reports_gap():
    areas = frame(area(NORD, 2013, 1, TRAFFIC), area(NORD, 2015, 1, TRAFFIC_RENAMED),
                  area(NORD, 2016, 1, TRAFFIC_RENAMED))
    changes, _ = compare_years(areas)
    first = changes[changes["to_year"] == 2015].iloc[0]
    assert (first["from_year"], first["status"], first["gap"], first["gap_years"]) == \
        (2013, "continued", 1, "2014")
    assert changes[changes["to_year"] == 2016]["gap"].tolist() == [0]


def test_claim_that_disagrees_is_marked_not_obeyed():
    # the plan says "new" but the area is plainly last year's; and one says "continued" but is new
    areas = frame(area(FYN, 2013, 1, TRAFFIC), area(FYN, 2013, 2, BURGLARY_2013),
                  area(FYN, 2014, 1, TRAFFIC, "new"),
                  area(FYN, 2014, 2, BURGLARY_2014, "continued", 2013),
                  area(FYN, 2014, 3, PSYCH, "continued", 2013))
    changes, _ = compare_years(areas)
    traffic = change(changes, "continued", to_title=TRAFFIC[0]).iloc[0]
    psych = change(changes, "new", to_title=PSYCH[0]).iloc[0]
    burglary = change(changes, "continued", to_title=BURGLARY_2014[0]).iloc[0]
    assert (traffic["declared_status"], bool(traffic["agrees"])) == ("new", False)
    assert (psych["declared_status"], bool(psych["agrees"])) == ("continued", False)
    assert bool(burglary["agrees"]) is True


def test_agrees_is_empty_when_the_plan_says_nothing():
    areas = frame(area(FYN, 2013, 1, TRAFFIC), area(FYN, 2014, 1, TRAFFIC))
    changes, _ = compare_years(areas)
    assert changes["agrees"].isna().all()
    assert changes["declared_status"].tolist() == ["unknown"]


def test_declared_continued_lowers_the_bar_and_declared_new_raises_it():
    weak = ("Tryghed i byen", "udsatte_omraader", "Borgerne skal føle sig trygge i byrummet.")
    weak_later = ("Tryghed i nattelivet", "udsatte_omraader", "Tryghed om natten i byens centrum.")
    base = [area(FYN, 2013, 1, weak)]
    said_cont = compare_years(frame(*base, area(FYN, 2014, 1, weak_later, "continued", 2013)))[0]
    said_new = compare_years(frame(*base, area(FYN, 2014, 1, weak_later, "new")))[0]
    assert set(said_cont["status"]) == {"continued"}
    assert set(said_new["status"]) == {"new", "dropped"}


def test_one_to_one_assignment_prefers_the_better_global_pairing():
    areas = frame(area(FYN, 2013, 1, YOUTH), area(FYN, 2013, 2, RADICAL),
                  area(FYN, 2014, 1, RADICAL), area(FYN, 2014, 2, YOUTH_RENAMED))
    changes, _ = compare_years(areas)
    pairs = set(zip(changes["from_title"], changes["to_title"]))
    assert pairs == {(YOUTH[0], YOUTH_RENAMED[0]), (RADICAL[0], RADICAL[0])}


def test_changes_have_the_spec_columns_and_similarity_in_unit_range():
    areas = frame(area(FYN, 2013, 1, TRAFFIC), area(FYN, 2014, 1, DRUGS))
    changes, threads = compare_years(areas)
    assert list(changes.columns) == CHANGE_COLUMNS
    assert list(threads.columns) == THREAD_COLUMNS
    assert changes["similarity"].between(0, 1).all()


def test_districts_are_never_compared_with_each_other():
    areas = frame(area(FYN, 2013, 1, TRAFFIC), area(NORD, 2014, 1, TRAFFIC))
    changes, threads = compare_years(areas)
    assert changes.empty
    assert threads["thread_id"].nunique() == 2


def test_empty_input_gives_empty_tables():
    empty = pd.DataFrame(columns=["doc_id", "area_id", "district", "year", "title", "category",
                                  "declared_status", "declared_from_year", "page_start",
                                  "page_end", "text"])
    changes, threads = compare_years(empty)
    assert changes.empty and threads.empty


def test_duplicate_plan_for_a_year_is_compared_once():
    dup = area(FYN, 2013, 1, TRAFFIC) | {"doc_id": "copy", "area_id": "copy-a1"}
    areas = frame(area(FYN, 2013, 1, TRAFFIC), area(FYN, 2013, 2, DRUGS), dup,
                  area(FYN, 2014, 1, TRAFFIC))
    changes, _ = compare_years(areas)
    assert "copy-a1" not in set(changes["from_area_id"])
    assert sorted(changes["status"]) == ["continued", "dropped"]


# ---------------------------------------------------------------------------------------- threads
def test_threads_chain_continued_areas_and_ids_are_deterministic():
    areas = frame(area(FYN, 2013, 1, BURGLARY_2013), area(FYN, 2013, 2, TRAFFIC),
                  area(FYN, 2014, 1, BURGLARY_2014), area(FYN, 2014, 2, RADICAL),
                  area(FYN, 2015, 1, BURGLARY_2014), area(FYN, 2015, 2, RADICAL))
    _, threads = compare_years(areas)
    by_area = dict(zip(threads["area_id"], threads["thread_id"]))
    assert by_area["fyns-2013-a1"] == by_area["fyns-2014-a1"] == by_area["fyns-2015-a1"] == "fyns-2013-1"
    assert by_area["fyns-2014-a2"] == by_area["fyns-2015-a2"] == "fyns-2014-2"
    _, again = compare_years(areas.sample(frac=1, random_state=3))
    assert dict(zip(again["area_id"], again["thread_id"])) == by_area


def test_district_slug_is_ascii():
    assert district_slug("Midt- og Vestsjællands Politi") == "midt-og-vestsjaellands"
    assert district_slug("Københavns Vestegns Politi") == "koebenhavns-vestegns"


def test_area_matrix_views_show_thread_by_year():
    areas = frame(area(FYN, 2013, 1, TRAFFIC), area(FYN, 2014, 1, TRAFFIC_RENAMED),
                  area(FYN, 2014, 2, RADICAL))
    _, threads = compare_years(areas)
    con = duckdb.connect()
    con.register("focus_areas_df", areas)
    con.register("area_threads_df", threads)
    con.execute("CREATE TABLE focus_areas AS SELECT * FROM focus_areas_df")
    con.execute("CREATE TABLE area_threads AS SELECT * FROM area_threads_df")
    create_views(con)
    long = con.execute("SELECT thread_id, year, title, category FROM area_matrix").fetchall()
    assert ("fyns-2013-1", 2014, TRAFFIC_RENAMED[0], "faerdsel") in long
    wide = con.execute('SELECT thread_id, "2013", "2014" FROM area_matrix_wide').fetchall()
    assert ("fyns-2013-1", TRAFFIC[0], TRAFFIC_RENAMED[0]) in wide
    assert ("fyns-2014-2", None, RADICAL[0]) in wide


# -------------------------------------------------------------------------------------- rendering
@pytest.fixture()
def changes() -> pd.DataFrame:
    areas = frame(area(FYN, 2013, 1, TRAFFIC), area(FYN, 2013, 2, GANGS),
                  area(FYN, 2014, 1, TRAFFIC, "new"), area(FYN, 2014, 2, RADICAL, "new"),
                  area(NORD, 2013, 1, DRUGS), area(NORD, 2015, 1, DRUGS, "continued", 2013))
    return compare_years(areas)[0]


def test_diff_table_marks_claims_that_disagree(changes):
    text = render_diff(changes, district="fyn")
    assert "Fyns Politi: 2013 → 2014" in text
    assert "⚠ claims new" in text
    assert "Nordsjællands" not in text


def test_diff_table_names_the_missing_years(changes):
    assert "no plan for 2014" in render_diff(changes, district="Nordsjællands Politi")


def test_diff_table_colours_status_only_when_asked(changes):
    assert "\x1b[" not in render_diff(changes)
    assert "\x1b[" in render_diff(changes, color=True)


def test_diff_year_filter_keeps_pairs_inside_the_range(changes):
    text = render_diff(changes, from_year=2013, to_year=2014)
    assert "2013 → 2014" in text and "2013 → 2015" not in text


def test_diff_csv_and_json_carry_the_rows(changes):
    csv_text = render_diff(changes, fmt="csv")
    assert csv_text.splitlines()[0].startswith("district,from_year,to_year,status")
    records = json.loads(render_diff(changes, fmt="json", district="Nord"))
    assert [r["status"] for r in records] == ["continued"]


def test_diff_with_no_rows_says_so(changes):
    assert "No changes" in render_diff(changes, district="Bornholm")


def test_diff_rejects_unknown_format(changes):
    with pytest.raises(ValueError):
        render_diff(changes, fmt="xml")


# ------------------------------------------------------------------------------------- evaluation
def write_gold(tmp_path, district: str, year: int, areas: list[tuple]) -> None:
    """areas: (spec, thread, declared, from_year); one sentence per area page."""
    gold = {"document": {"doc_type": "samarbejdsplan", "district": district, "year": year},
            "sentences": [], "focus_areas": []}
    for n, (spec, thread, declared, from_year) in enumerate(areas, start=1):
        title, category, text = spec
        gold["focus_areas"].append({"title": title, "category": category,
                                    "declared_status": declared, "declared_from_year": from_year,
                                    "page_start": n + 3, "page_end": n + 3, "thread": thread})
        gold["sentences"].append({"page": n + 3, "text": text})
    (tmp_path / f"{district_slug(district)}_{year}.json").write_text(json.dumps(gold), "utf-8")


@pytest.fixture()
def gold_dir(tmp_path):
    write_gold(tmp_path, FYN, 2013, [(BURGLARY_2013, "b", "unknown", None),
                                     (TRAFFIC, "t", "unknown", None)])
    write_gold(tmp_path, FYN, 2014, [(BURGLARY_2014, "b", "new", None),
                                     (RADICAL, "r", "new", None)])
    write_gold(tmp_path, FYN, 2016, [(BURGLARY_2014, "b", "continued", 2014),
                                     (RADICAL, "r", "continued", 2014)])
    (tmp_path / "minutes.json").write_text(json.dumps({"document": {"doc_type": "referat"}}))
    return tmp_path


def test_gold_focus_areas_have_the_spec_shape_without_the_answer(gold_dir):
    areas = gold_focus_areas(gold_dir)
    assert "thread" not in areas.columns
    assert len(areas) == 6 and set(areas["year"]) == {2013, 2014, 2016}
    assert areas.loc[areas["title"] == RADICAL[0], "text"].iloc[0] == RADICAL[2]


def test_gold_changes_follow_threads_across_available_years(gold_dir):
    gold = gold_changes(gold_dir)
    pair = gold[gold["to_year"] == 2014]
    assert sorted(pair["status"]) == ["continued", "dropped", "new"]
    assert gold[gold["to_year"] == 2016]["gap"].tolist() == [1, 1]
    burglary = pair[pair["to_thread"] == "b"].iloc[0]
    assert burglary["agrees"] is False   # the plan calls a continued area new


def test_evaluation_of_comparison_on_gold_input_is_perfect_here(gold_dir):
    changes, _ = compare_years(gold_focus_areas(gold_dir))
    report = evaluate_changes(changes, gold_dir)
    for status in ("continued", "new", "dropped"):
        assert report[status]["precision"] == report[status]["recall"] == 1.0
    assert report["agreement"]["accuracy"] == 1.0
    assert report["renamed"] == {"recall": 1.0, "n": 1}
    assert report["across_gap"]["n"] == 2


def test_evaluation_counts_a_wrong_pairing_against_both_statuses(gold_dir):
    changes, _ = compare_years(gold_focus_areas(gold_dir))
    wrong = changes.copy()
    first = wrong.index[(wrong["status"] == "continued") & (wrong["to_year"] == 2014)][0]
    wrong.loc[first, "status"] = "new"
    wrong.loc[first, ["from_area_id", "from_title"]] = ""
    report = evaluate_changes(wrong, gold_dir)
    assert report["continued"]["recall"] < 1.0
    assert report["new"]["precision"] < 1.0


def test_diff_reads_agrees_back_from_csv_text(changes, tmp_path):
    path = tmp_path / "area_changes.csv"
    changes.to_csv(path, index=False)
    as_text = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert "⚠ claims new" in render_diff(as_text, district="Fyn")
    assert "⚠" not in render_diff(as_text, district="Nord")


def test_compare_stage_works_on_store_conformed_tables_and_views_survive_empty_input():
    from pipeline.batch import store
    areas = frame(area(FYN, 2013, 1, TRAFFIC), area(FYN, 2014, 1, TRAFFIC_RENAMED, "continued", 2013))
    out = compare_stage({"focus_areas": store.conform("focus_areas", areas)})
    assert out["area_changes"]["status"].tolist() == ["continued"]
    assert bool(out["area_changes"]["agrees"].iloc[0]) is True
    empty = compare_stage({})
    con = duckdb.connect()
    for name, df in {**empty, "focus_areas": store.empty_frame("focus_areas")}.items():
        con.register("_df", df)
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _df')
        con.unregister("_df")
    create_views(con)
    assert con.execute("SELECT count(*) FROM area_matrix").fetchone() == (0,)
    create_views(duckdb.connect())   # no tables at all: nothing to do, no error


GOLD = Path(__file__).parent / "gold"


@pytest.mark.skipif(not any(GOLD.glob("plan*.json")), reason="no gold plans yet")
def test_comparison_of_gold_focus_areas_meets_the_issue_targets():
    changes, _ = compare_years(gold_focus_areas(GOLD))
    report = evaluate_changes(changes, GOLD)
    for status in ("continued", "new", "dropped"):
        assert report[status]["precision"] >= 0.95 and report[status]["recall"] >= 0.95, status
    assert report["agreement"]["accuracy"] >= 0.95
    assert report["renamed"]["recall"] >= 0.9


def test_status_phrases_in_headings_are_not_part_of_the_title_compared():
    from pipeline.batch.compare import clean_title
    assert clean_title("Fortsat fokus på udsatte boligområder") == "udsatte boligområder"
    assert clean_title("Indbrud i private hjem fastholdes og udbygges") == "Indbrud i private hjem"
    assert clean_title("Ny indsats: Trafik") == "Trafik"
    assert clean_title("Nyt") == "Nyt"


def test_lemmas_handle_inflection_unknown_compounds_and_hyphen_compounds():
    from pipeline.batch.compare import lemmas
    assert lemmas("sommerhusene") == ["sommerhus"]
    assert lemmas("boligindbruddene")[0].endswith("indbrud")
    assert lemmas("SSP-samarbejdet")[:1] == ["ssp"]


def test_diff_loads_the_changes_written_by_a_run(changes, tmp_path):
    from pipeline.views.diff import load_changes
    with pytest.raises(FileNotFoundError):
        load_changes(tmp_path)
    changes.to_parquet(tmp_path / "area_changes.parquet")
    assert "⚠ claims new" in render_diff(load_changes(tmp_path))


def test_agrees_read_back_as_text_keeps_its_meaning():
    from pipeline.quality.changes import as_bool

    assert [as_bool(v) for v in ("False", "True", "", None, False, 1)] == [False, True, None, None, False, True]
