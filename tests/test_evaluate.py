import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.quality import evaluate as ev
from pipeline.quality.evaluate import evaluate, format_report

MVSJ = "Midt- og Vestsjællands Politi"
S1 = "Politiet og kommunerne samarbejder om den kriminalitetsforebyggende indsats."
S2 = "SSP-samarbejdet i Syd- og Sønderjyllands Politi er et forbillede."
S3 = "Indbrud i private boliger er fortsat et fokusområde."
S4 = "Indsatsen videreføres fra 2013."          # phrased with a held-out variant
HEADER = "Midt- og Vestsjællands Politi | Samarbejdsplan 2014"


def plan_gold(file="raw_pdfs/plan2014.pdf", year=2014, threads=("mvsj-indbrud", "mvsj-unge")):
    titles = {"mvsj-indbrud": "Indbrud i private boliger", "mvsj-unge": "Børn og unge",
              "mvsj-vold": "Vold i nattelivet"}
    return {
        "file": file, "style": "brochure", "heldout_style": False,
        "document": {"doc_type": "samarbejdsplan", "district": MVSJ, "year": year,
                     "title": f"Samarbejdsplan {year}", "council": "", "municipality": "",
                     "meeting_date": "", "meeting_no": "", "n_pages": 2, "ocr": False},
        "sentences": [{"page": 1, "text": S1, "heldout": False}, {"page": 1, "text": S2, "heldout": False},
                      {"page": 2, "text": S3, "heldout": False}, {"page": 2, "text": S4, "heldout": True}],
        "furniture": [HEADER],
        "hyphenated": [{"page": 1, "word": "kriminalitetsforebyggende"}, {"page": 1, "word": "SSP-samarbejdet"}],
        "suspended": ["Syd- og Sønderjyllands"],
        "callouts": ["TRYGHED"],
        "focus_areas": [{"title": titles[t], "category": "indbrud", "declared_status": "continued",
                         "declared_from_year": year - 1, "page_start": 2, "page_end": 2, "thread": t,
                         "heldout": False} for t in threads],
        "deadlines": [{"area_title": "Indbrud i private boliger", "actor": "lokalrådene", "forum": "kredsrådet",
                       "due_text": "mødet i 3. kvartal 2014", "due_start": "2014-07-01",
                       "due_end": "2014-09-30", "precision": "quarter", "page": 2, "sentence": S3,
                       "heldout": False}],
        "figures": [{"area_title": None, "label": "Køge – Indbyggere", "value": 60000, "unit": "",
                     "source": "table", "page": 2, "context": "Køge 60.000"}],
        "tables": [], "agenda_items": [], "attendees": [],
    }


def minutes_gold():
    return {
        "file": "raw_pdfs/referat.pdf", "style": "minutes_table", "heldout_style": False,
        "document": {"doc_type": "referat", "district": MVSJ, "year": 2013,
                     "title": "Referat af møde nr. 4/2013 i Kredsrådet", "council": "kredsråd",
                     "municipality": "", "meeting_date": "2013-12-10", "meeting_no": "4/2013",
                     "n_pages": 1, "ocr": False},
        "sentences": [{"page": 1, "text": "Kredsrådet godkendte planen.", "heldout": False}],
        "furniture": [], "hyphenated": [], "suspended": [], "callouts": [],
        "focus_areas": [], "deadlines": [], "figures": [], "tables": [],
        "agenda_items": [{"item_no": "1", "title": "Godkendelse af dagsorden", "decision": "Godkendt", "page": 1},
                         {"item_no": "2", "title": "Samarbejdsplan 2014", "decision": "Taget til efterretning",
                          "page": 1}],
        "attendees": [{"name": "Anne Hansen", "role": "borgmester", "organisation": "Køge Kommune",
                       "status": "present"},
                      {"name": "Per Jensen", "role": "borgmester", "organisation": "Greve Kommune",
                       "status": "absent"}],
    }


def heldout_gold():
    g = minutes_gold()
    g.update(file="raw_pdfs/new.pdf", style="newstyle", heldout_style=True,
             agenda_items=[], attendees=[],
             sentences=[{"page": 1, "text": "Et helt nyt layout.", "heldout": False}])
    g["document"] = dict(g["document"], title="Nyt referat")
    return g


def perfect_tables(golds: list[dict]) -> dict[str, list[dict]]:
    t = {k: [] for k in ["documents", "pages", "focus_areas", "deadlines", "figures",
                         "agenda_items", "attendees"]}
    for n, g in enumerate(golds):
        doc_id = f"doc{n}"
        t["documents"].append({"doc_id": doc_id, "source_path": "/data/" + g["file"], **g["document"]})
        for p in sorted({s["page"] for s in g["sentences"]}):
            t["pages"].append({"doc_id": doc_id, "page": p,
                               "text": "\n".join(s["text"] for s in g["sentences"] if s["page"] == p)})
        area_ids = {}
        for i, a in enumerate(g["focus_areas"]):
            area_ids[a["title"]] = f"{doc_id}-a{i}"
            t["focus_areas"].append({"doc_id": doc_id, "area_id": area_ids[a["title"]], **{k: a[k] for k in
                                     ["title", "category", "declared_status", "declared_from_year",
                                      "page_start", "page_end"]}})
        for d in g["deadlines"]:
            t["deadlines"].append({"doc_id": doc_id, "area_id": area_ids.get(d["area_title"], ""),
                                   **{k: d[k] for k in ["actor", "forum", "due_text", "due_start",
                                                        "due_end", "precision", "page"]}})
        for f in g["figures"]:
            t["figures"].append({"doc_id": doc_id, **{k: f[k] for k in ["label", "value", "unit", "source", "page"]}})
        for a in g["agenda_items"]:
            t["agenda_items"].append({"doc_id": doc_id, **a})
        for a in g["attendees"]:
            t["attendees"].append({"doc_id": doc_id, **a})
    return t


def write(tmp_path: Path, golds: list[dict], tables: dict[str, list[dict]]) -> tuple[Path, Path]:
    gold_dir, out_dir = tmp_path / "gold", tmp_path / "out"
    gold_dir.mkdir()
    out_dir.mkdir()
    for g in golds:
        (gold_dir / (Path(g["file"]).stem + ".json")).write_text(json.dumps(g, ensure_ascii=False))
    for name, rows in tables.items():
        if rows or name in ("documents", "pages"):
            pd.DataFrame(rows).to_csv(out_dir / f"{name}.csv", index=False)
    return out_dir, gold_dir


@pytest.fixture
def golds():
    return [plan_gold(), minutes_gold(), heldout_gold()]


def test_perfect_output_scores_one_on_every_ratio_and_zero_leaks(tmp_path, golds):
    report = evaluate(*write(tmp_path, golds, perfect_tables(golds)))
    assert report.n_gold == report.n_matched == 3 and report.unmatched == []
    for table, groups in report.metrics.items():
        for group, metrics in groups.items():
            for name, value in metrics.items():
                if name in ("hyphen_broken", "furniture_leaks_per_page", "furniture_leaks",
                            "suspended_wrongly_joined", "callout_leaks", "decorations_as_areas"):
                    assert value == 0, (table, group, name)
                elif name != "n_docs":
                    assert value == 1.0, (table, group, name)
    assert report.metrics["text"]["brochure"]["sentences_intact"] == 1.0
    assert report.metrics["metadata"]["all"]["n_docs"] == 3


def test_damaged_text_loses_exactly_what_was_damaged(tmp_path, golds):
    tables = perfect_tables(golds)
    damaged = (f"{HEADER} Politiet og kommunerne samarbejder om den kriminalitets- forebyggende "
               f"indsats. TRYGHED SSP-samarbejdet i Sydog Sønderjyllands Politi er et forbillede.")
    tables["pages"][0]["text"] = damaged
    report = evaluate(*write(tmp_path, golds, tables))
    text = report.metrics["text"]["brochure"]
    assert text["sentences_intact"] == 0.5           # S1 and S2 broken, S3 and S4 intact
    assert text["furniture_leaks"] == 1
    assert text["furniture_leaks_per_page"] == 0.5   # one leak over two pages
    assert text["hyphen_broken"] == 0.5 and text["hyphen_joined"] == 0.5
    assert text["suspended_kept"] == 0.0 and text["suspended_wrongly_joined"] == 1
    assert text["callout_leaks"] == 1 and text["callouts_clean"] == 0.0
    # the minutes style is untouched
    assert report.metrics["text"]["minutes_table"]["sentences_intact"] == 1.0


def test_heldout_items_and_styles_are_reported_apart(tmp_path, golds):
    tables = perfect_tables(golds)
    tables["pages"][1]["text"] = S3 + " Indsatsen videre- føres fra 2013."
    report = evaluate(*write(tmp_path, golds, tables))
    text = report.metrics["text"]
    assert text["heldout_items"]["sentences_intact"] == 0.0
    assert text["dev"]["sentences_intact"] == 1.0
    assert text["brochure"]["sentences_intact"] == 0.75
    assert text["heldout_style"]["sentences_intact"] == 1.0
    assert "newstyle" in text and "heldout_style" not in report.metrics["metadata"]["dev"]


def test_metadata_field_accuracy_and_all_fields(tmp_path, golds):
    tables = perfect_tables(golds)
    tables["documents"][0]["district"] = "Fyns Politi"
    tables["documents"][1]["title"] = "  referat af MØDE nr. 4/2013   i Kredsrådet "  # only case/space differ
    tables["documents"][1]["year"] = "2013.0"
    report = evaluate(*write(tmp_path, golds, tables))
    meta = report.metrics["metadata"]
    assert meta["all"]["district"] == pytest.approx(2 / 3)
    assert meta["all"]["all_fields"] == pytest.approx(2 / 3)
    assert meta["brochure"]["district"] == 0.0 and meta["brochure"]["doc_type"] == 1.0
    assert meta["minutes_table"]["title"] == 1.0 and meta["minutes_table"]["year"] == 1.0


def test_gold_without_output_row_scores_zero_and_is_listed(tmp_path, golds):
    tables = perfect_tables(golds)
    tables["documents"] = tables["documents"][1:]
    report = evaluate(*write(tmp_path, golds, tables))
    assert report.unmatched == ["raw_pdfs/plan2014.pdf"]
    assert report.metrics["metadata"]["all"]["found"] == pytest.approx(2 / 3)
    assert report.metrics["metadata"]["brochure"]["all_fields"] == 0.0
    assert report.metrics["text"]["brochure"]["sentences_intact"] == 0.0
    assert report.metrics["focus_areas"]["brochure"]["recall"] == 0.0


def test_fact_tables_report_precision_recall_and_field_accuracy(tmp_path, golds):
    tables = perfect_tables(golds)
    tables["focus_areas"][1]["title"] = "Noget helt andet"       # one miss + one spurious row
    tables["focus_areas"][0]["category"] = "bander"               # matched, wrong category
    tables["attendees"][1]["status"] = "present"
    tables["figures"][0]["value"] = "60000.0"                     # same number, other spelling
    report = evaluate(*write(tmp_path, golds, tables))
    fa = report.metrics["focus_areas"]["brochure"]
    assert (fa["precision"], fa["recall"], fa["f1"]) == (0.5, 0.5, 0.5)
    assert fa["field_category"] == 0.0 and fa["field_declared_status"] == 1.0
    att = report.metrics["attendees"]["minutes_table"]
    assert att["recall"] == 1.0 and att["field_status"] == 0.5
    assert report.metrics["figures"]["all"]["recall"] == 1.0
    assert report.metrics["deadlines"]["all"]["precision"] == 1.0


def test_missing_fact_table_is_listed_not_scored(tmp_path, golds):
    tables = perfect_tables(golds)
    tables["deadlines"] = []
    report = evaluate(*write(tmp_path, golds, tables))
    assert "deadlines" in report.tables_missing and "deadlines" not in report.metrics


def test_area_changes_are_derived_from_gold_threads(tmp_path):
    golds = [plan_gold(), plan_gold("raw_pdfs/plan2015.pdf", 2015, ("mvsj-indbrud", "mvsj-vold"))]
    changes = ev.gold_area_changes([ev.GoldDoc(Path("x"), g) for g in golds])
    assert sorted(c["status"] for c in changes) == ["continued", "dropped", "new"]
    tables = perfect_tables(golds)
    tables["area_changes"] = [
        {"district": MVSJ, "from_year": 2014, "to_year": 2015, "status": "continued",
         "from_title": "Indbrud i private boliger", "to_title": "Indbrud i private boliger"},
        {"district": MVSJ, "from_year": 2014, "to_year": 2015, "status": "new",
         "from_title": "", "to_title": "Børn og unge"},
    ]
    report = evaluate(*write(tmp_path, golds, tables))
    ac = report.metrics["area_changes"]["all"]
    assert ac["precision"] == 0.5 and ac["recall"] == pytest.approx(1 / 3)


def test_registered_scorer_is_run(tmp_path, golds):
    @ev.register_scorer("custom")
    def _custom(ctx):
        ctx.tally.ratio("custom", ["all"], "seen_docs", len(ctx.gold), 3)

    try:
        report = evaluate(*write(tmp_path, golds, perfect_tables(golds)))
    finally:
        ev.SCORERS.pop("custom")
    assert report.metrics["custom"]["all"]["seen_docs"] == 1.0


def test_format_report_prints_a_table_per_scored_table(tmp_path, golds):
    report = evaluate(*write(tmp_path, golds, perfect_tables(golds)))
    text = format_report(report)
    assert "sentences_intact" in text and "metadata" in text and "brochure" in text
    assert "1.000" in text


def test_district_on_the_cover_is_a_title_not_a_leaked_header(tmp_path, golds):
    golds[0]["furniture"] = [HEADER, MVSJ]
    tables = perfect_tables(golds)
    tables["pages"][0]["text"] = MVSJ + "\n\n" + tables["pages"][0]["text"]
    tables["pages"][1]["text"] = MVSJ + "\n\n" + tables["pages"][1]["text"]
    report = evaluate(*write(tmp_path, golds, tables))
    assert report.metrics["text"]["brochure"]["furniture_leaks"] == 1   # page 2 only


def test_a_deadline_linked_to_the_wrong_area_costs_link_accuracy(tmp_path, golds):
    tables = perfect_tables(golds)
    tables["deadlines"][0]["area_id"] = ""
    report = evaluate(*write(tmp_path, golds, tables))
    assert report.metrics["deadlines"]["brochure"]["field_area_title"] < 1.0
    assert report.metrics["deadlines"]["brochure"]["recall"] == 1.0


def test_due_text_compares_without_a_bare_leading_preposition():
    assert ev.norm_due_text("i juni 2015") == ev.norm_due_text("juni 2015")
    assert ev.norm_due_text("på mødet i 4. kvartal") == ev.norm_due_text("mødet i 4. kvartal")
    assert ev.norm_due_text("i løbet af juni 2015") != ev.norm_due_text("juni 2015")
