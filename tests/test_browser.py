"""The report and the Datasette pages in a real browser (Debian's chromium, driven by Playwright).

A module fixture runs the pipeline on two consecutive plans of one district from the sample
corpus (development material only: no held-out style or phrasing) and builds the report. The
timeline's statuses are checked against the statuses the gold threads imply; a clicked cell must
show its area, and its heading on the page image with a highlight over the heading's words.
Screenshots go to ``test-artifacts/browser/`` (override with PIPELINE_TEST_ARTIFACTS).
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from pipeline import api

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("PIPELINE_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "browser"
# One district's consecutive plans (a scanned 2012 and an office-style 2013) whose gold has no
# held-out item: the expected statuses come from their gold threads.
PLANS = ("plan_doc_03", "plan_sslf_2013")
VIEWPORT = {"width": 1280, "height": 900}


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: scripts/setup.sh installs it")
    pytest.skip("chromium is not installed (run scripts/setup.sh as root)")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        # The distribution's browser: Playwright must not download one of its own.
        b = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for stem in PLANS:
        shutil.copy(ROOT / "raw_pdfs" / f"{stem}.pdf", raw / f"{stem}.pdf")
    out = tmp_path_factory.mktemp("out")
    api.run(raw, out)
    api.report(out)
    return out


def _gold() -> list[dict]:
    docs = [json.loads((ROOT / "tests" / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
            for stem in PLANS]
    assert not any(d["heldout_style"] or any(a.get("heldout") for a in d["focus_areas"])
                   for d in docs), "the browser test must not use held-out material"
    return docs


def expected_statuses() -> Counter:
    """(year, status) of every timeline cell the gold implies: the first plan's areas are
    "first plan", a later area is continued when its thread was in the plan before, else new,
    and a thread missing from the later plan is dropped there."""
    docs = sorted(_gold(), key=lambda d: d["document"]["year"])
    cells: Counter = Counter()
    before: set[str] = set()
    for i, doc in enumerate(docs):
        year, threads = doc["document"]["year"], [a["thread"] for a in doc["focus_areas"]]
        for thread in threads:
            cells[(year, "first" if i == 0 else "continued" if thread in before else "new")] += 1
        cells[(year, "dropped")] += len(before - set(threads))
        before = set(threads)
    return cells


def _page(browser, errors: list[str]):
    page = browser.new_page(viewport=VIEWPORT)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)


def test_timeline_shows_the_statuses_the_gold_implies(browser, out_dir: Path) -> None:
    errors: list[str] = []
    page = _page(browser, errors)
    page.goto((out_dir / "report.html").as_uri())
    cells = page.locator("table.timeline td.cell")
    seen = [(int(c.get_attribute("data-year")), c.get_attribute("data-status"))
            for c in cells.all()]
    # renamed is a continued area under another title: the gold only knows continued
    shown = Counter((year, "continued" if s == "renamed" else s) for year, s in seen)
    page.locator("#timeline").scroll_into_view_if_needed()
    _shot(page, "timeline.png")
    assert shown == +expected_statuses()  # + drops the zero counts
    assert page.locator("#timeline").bounding_box()["width"] <= VIEWPORT["width"]
    assert errors == []


def test_a_clicked_cell_shows_its_area_and_its_heading_on_the_page(browser, out_dir: Path) -> None:
    errors: list[str] = []
    page = _page(browser, errors)
    page.goto((out_dir / "report.html").as_uri())
    cell = page.locator("table.timeline td.cell:not(.st-dropped)").first
    title = cell.get_attribute("data-title")
    cell.click()
    detail = page.locator(".detail:not([hidden])")
    assert title in detail.locator("h4").first.inner_text()
    assert "Category" in detail.inner_text()
    _shot(page, "timeline-detail.png")
    detail.locator("button.show").first.click()
    viewer = page.locator("#viewer")
    assert viewer.is_visible()
    image, mark = viewer.locator(".page img"), viewer.locator(".hl").first
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    # the highlight lies on the page image, well inside it, and is a line's size, not the page's
    img_box, hl_box = image.bounding_box(), mark.bounding_box()
    assert img_box["x"] <= hl_box["x"] and hl_box["x"] + hl_box["width"] <= img_box["x"] + img_box["width"]
    assert img_box["y"] <= hl_box["y"] and hl_box["y"] + hl_box["height"] <= img_box["y"] + img_box["height"]
    assert 0 < hl_box["height"] < img_box["height"] / 8
    _shot(page, "fact-on-page.png")
    assert errors == []


def test_fact_tables_sort_and_filter(browser, out_dir: Path) -> None:
    errors: list[str] = []
    page = _page(browser, errors)
    page.goto((out_dir / "report.html").as_uri())
    page.locator("#figures details summary").click()
    table = page.locator("#figures details table.data")
    rows = table.locator("tbody tr")
    total = rows.count()
    table.locator("th", has_text="value").click()
    values = [float(v) for v in table.locator("tbody tr td:nth-child(5)").all_inner_texts()]
    assert values == sorted(values)
    page.locator("#figures details input.filter").fill("zzz-no-such-text")
    assert total > 0 and table.locator("tbody tr:visible").count() == 0
    assert errors == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_datasette_serves_the_tables_with_descriptions_search_and_canned_queries(
        browser, out_dir: Path) -> None:
    port = _free_port()
    server = api.serve(out_dir, port=port, wait=False)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/-/versions.json")
        errors: list[str] = []
        page = _page(browser, errors)
        page.goto(f"{base}/pipeline/focus_areas?_search=kriminalitet")
        assert "Heading as printed" in page.content()  # the data dictionary as column help
        assert page.locator("table.rows-and-columns tbody tr").count() > 0
        _shot(page, "datasette-search.png")
        page.goto(f"{base}/pipeline/areas_by_district_and_year?district=Sydsj&year=2013")
        assert page.locator("table.rows-and-columns tbody tr").count() > 0
        _shot(page, "datasette-canned-query.png")
        assert errors == []
    finally:
        server.terminate()
        server.wait(timeout=30)
