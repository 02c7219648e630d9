"""Renders the sample cooperation plans (samarbejdsplaner) and writes their gold.

    generate(out_dir, gold_dir) -> list[Path]
"""
from __future__ import annotations

import random
import re
import tempfile
from pathlib import Path
from typing import Optional

from corpus.common import (empty_gold, new_canvas, parse_danish_number, rasterise_pdf,
                           repo_relative, setup_reportlab, write_gold)
from corpus.plans_layout import Layout, register_fonts, tokens_of, width
from corpus.plans_styles import (NAVY, TEAL, box_item, callout_item, diagram, heading,
                                 make_style, space_item, table, wrap)
from corpus.plans_world import PlanContent, build_plan, load

SUSPENDED_RE = re.compile(r"\b([A-ZÆØÅa-zæøå]+)- (og|eller|samt|til) ([A-ZÆØÅa-zæøå][\wæøåÆØÅ/-]*)")
NUMBERING = ["", "Indsatsområde {n}: ", "{n}. "]


class Renderer:
    """Lays out one PlanContent in one house style and collects what landed where."""

    def __init__(self, content: PlanContent, style: str, compact: bool = False):
        register_fonts()
        self.c, self.compact = content, compact
        self.L = Layout(make_style(style))
        self.style = style
        self.rng = random.Random(f"render-{content.district['short']}-{content.year}")
        self.callouts: list[str] = []
        self.tables: list[dict] = []
        self.areas: list[dict] = []
        self.headings: list[str] = []
        self.toc: list[tuple[str, str, int]] = []   # (printed entry, mark key, level)
        self.toc_y: Optional[float] = None           # baseline of the first contents entry
        self.numbering = "" if style == "office" else self.rng.choice(NUMBERING)
        n_areas = sum(len(sec.areas) for sec in content.sections)
        self.area_pages = style != "office" and n_areas <= 5 and self.rng.random() < 0.6

    # -- main flow --------------------------------------------------------------------
    def layout(self) -> None:
        self.cover()
        if not self.compact:
            self.L.new_page()
            self.contents_page()
        for si, sec in enumerate(self.c.sections):
            if (not self.compact and sec.key != "local") or sec.key in ("forord", "tal"):
                self.L.new_page()
            num = f"{si + 1}. " if self.style == "office" else ""
            self.toc.append((num + sec.title, sec.key, 1))
            self.headings.append(sec.title)
            heading(self.L, num + sec.title, 1, keep=self.L.s.leading * 4)
            self.L.mark(sec.key)
            self.blocks(sec.blocks)
            for ai, area in enumerate(sec.areas):
                self.area(area, ai, si)
        if self.toc_y is not None:   # the contents entries are drawn outside the Layout cursor
            end = self.toc_y + sum(17 if level == 1 else 14 for *_, level in self.toc[:-1])
            if end > self.L.s.bottom:
                raise ValueError(f"contents page runs below the text frame ({end:.0f} pt)")

    def area(self, area, ai: int, si: int) -> None:
        if self.style == "office":
            prefix = f"{si + 1}.{ai + 1} "
        else:
            prefix = self.numbering.format(n=ai + 1)
        key = f"area{ai}"
        if self.area_pages and ai > 0:
            self.L.new_page()   # some designs give every focus area its own page
        heading(self.L, prefix + area.title, 2, keep=self.L.s.leading * 4)
        self.headings.append(area.title)
        self.L.mark(key)
        start = self.L.page_no
        if self.style == "brochure" and self.rng.random() < 0.3:
            self.margin_callout(area.category)
        self.toc.append((prefix + area.title, key, 2))
        self.blocks(area.blocks)
        self.areas.append({"area": area, "page_start": start, "page_end": self.L.page_no})

    def margin_callout(self, category: str) -> None:
        """A big light word set vertically in the left margin, next to the area heading."""
        word = self.rng.choice(load("plans.yaml")["callouts"][category])
        H, top = self.L.s.page[1], self.L.y

        def draw(cv):
            cv.saveState()
            cv.setFillColorRGB(*self.L.s.callout_color)
            cv.setFont("DejaVuSans-Bold", 22)
            length = width(word, "DejaVuSans-Bold", 22)
            cv.translate(42, max(70, H - top - 10 - length))   # never below the page foot
            cv.rotate(90)
            cv.drawString(0, 0, word)
            cv.restoreState()
        self.L.op(draw)
        self.callouts.append(word)

    def blocks(self, blocks) -> None:
        run = []
        w = self.L.s.col_width
        for b in blocks:
            items = self.flow_items(b, w)
            if items is not None:
                run += items
                continue
            self.L.place_run(run)
            run = []
            if b.kind == "table":
                self.table(b.data)
            elif b.kind == "diagram":
                self.L.y += 10
                diagram(self.L, b.data, self.L.s.x1 - self.L.s.x0)
        self.L.place_run(run)

    def flow_items(self, b, w: float) -> list | None:
        """The items a text block adds to the running flow of the column; None for a block
        placed on its own (a table, a diagram)."""
        if b.kind == "para":
            toks = tokens_of([(s.id, s.text) for s in b.sents])
            return self.L.para_items(toks, w) + [space_item(self.L.s.para_space)]
        if b.kind == "box":
            return [box_item(self.L, b.sents, w), space_item(4)]
        if b.kind == "callout":
            if self.style != "brochure":
                return []
            item = callout_item(self.L, b.data)
            self.callouts.append(b.data)
            return [item]
        return None

    def table(self, data: dict) -> None:
        rows = data["rows"]
        self.L.ensure(15 * len(rows) + 30)
        self.L.y += 6
        table(self.L, rows, data["ruled"], data.get("footnote"),
              min(self.L.s.x1 - self.L.s.x0, 380))
        self.tables.append({"page": self.L.page_no, "rows": rows,
                            "footnote": data.get("footnote")})

    # -- cover and contents -----------------------------------------------------------
    def cover(self) -> None:
        s, c = self.L.s, self.c
        H, W = s.page[1], s.page[0]
        colour = {"brochure": NAVY, "sidebar": TEAL}.get(self.style)
        title, district = c.title, c.district["name"]

        def draw(cv):
            if colour:
                cv.setFillColorRGB(*colour)
                cv.rect(0, H * 0.45, W, H * 0.55, stroke=0, fill=1)
                cv.setFillColorRGB(1, 1, 1)
            else:
                cv.setFillColorRGB(0, 0, 0)
            cv.setFont(s.bold, 30)
            cv.drawString(60, H * 0.62, title)
            cv.setFont(s.font, 16)
            cv.drawString(60, H * 0.62 - 30, district)
            cv.setFillColorRGB(0.2, 0.2, 0.2)
            cv.setFont(s.font, 11)
            cv.drawString(60, H * 0.3, "Politi og kommuner i samarbejde om tryghed")
        self.L.op(draw)

    def contents_page(self) -> None:
        s = self.L.s
        title = self.rng.choice(load("plans_texts.yaml")["section_titles"]["toc"])
        heading(self.L, title, 1, keep=0)
        start_y, H = self.L.y + 10, s.page[1]
        self.toc_y = start_y
        x0, x1 = s.x0, s.x1

        def draw(cv, y=start_y):
            for text, key, level in self.toc:
                size = 10.5 if level == 1 else 9.5
                font = s.bold if level == 1 else s.font
                x = x0 + (0 if level == 1 else 18)
                cv.setFont(font, size)
                cv.setFillColorRGB(0, 0, 0)
                cv.drawString(x, H - y, text)
                cv.drawRightString(x1, H - y, str(self.L.marks[key]))
                y += 17 if level == 1 else 14
        self.L.op(draw)

    # -- furniture --------------------------------------------------------------------
    def furniture(self) -> list[str]:
        """Add running header/footer ops to every page but the cover; return printed lines."""
        s, c = self.L.s, self.c
        H, W = s.page[1], s.page[0]
        n = len(self.L.pages)
        district, title = c.district["name"], c.title
        printed: list[str] = []
        for i in range(1, n):
            p = i + 1
            if self.style == "brochure":
                lines = [(f"{district} | {title}", "top")]
            elif self.style == "office":
                lines = [(district, "top-right"), (f"{title} – Side {p} af {n}", "bottom")]
            else:
                lines = [(f"{district} · {title}", "bottom-left")]
            for text, where in lines:
                if text not in printed:
                    printed.append(text)
            self.L.pages[i].append(lambda cv, lines=lines, p=p: self._draw_furn(cv, lines, p))
        if self.style == "sidebar":
            for i in range(1, n):
                self.L.pages[i].insert(0, self._sidebar)
        return printed

    def _draw_furn(self, cv, lines, p: int) -> None:
        s = self.L.s
        H, W = s.page[1], s.page[0]
        cv.setFillColorRGB(0.35, 0.35, 0.35)
        for text, where in lines:
            if where == "top":
                cv.setFont(s.font, 7.5)
                cv.drawString(s.x0, H - 40, text)
                cv.setStrokeColorRGB(*NAVY)
                cv.line(s.x0, H - 45, s.x1, H - 45)
            elif where == "top-right":
                cv.setFont(s.font, 8.5)
                cv.drawRightString(s.x1, H - 45, text)
            elif where == "bottom":
                cv.setFont(s.font, 9)
                cv.drawCentredString(W / 2, 40, text)
            else:
                cv.setFont("DejaVuSansCondensed", 8)
                cv.drawString(s.x0, 30, text)
        if self.style == "brochure":
            cv.setFont(s.font, 8)
            cv.drawCentredString(W / 2, 28, str(p))
        elif self.style == "sidebar":
            cv.setFillColorRGB(*TEAL)
            cv.setFont("DejaVuSansCondensed-Bold", 11)
            cv.drawRightString(s.x1, H - 38, str(p))

    def _sidebar(self, cv) -> None:
        """The held-out style's narrow left column: contents and municipalities (no sentences)."""
        H = self.L.s.page[1]
        cv.setFillColorRGB(0.91, 0.95, 0.95)
        cv.rect(36, 40, 150, H - 96, stroke=0, fill=1)
        y = H - 80
        blocks = [("I denne plan", self.headings[:5]),
                  ("Kredsens kommuner", list(self.c.district["municipalities"]))]
        for title, items in blocks:
            cv.setFillColorRGB(*TEAL)
            cv.setFont("DejaVuSansCondensed-Bold", 9)
            cv.drawString(44, y, title)
            y -= 14
            cv.setFillColorRGB(0.15, 0.15, 0.15)
            cv.setFont("DejaVuSansCondensed", 7.8)
            for it in items:
                for ln in wrap(it, "DejaVuSansCondensed", 7.8, 132):
                    cv.drawString(48, y, ln)
                    y -= 10.5
            y -= 14

    def save(self, path: Path) -> int:
        cv = new_canvas(path, self.L.s.page, title=self.c.title, author=self.c.district["name"])
        for ops in self.L.pages:
            for op in ops:
                op(cv)
            cv.showPage()
        cv.save()
        return len(self.L.pages)


# ---------------------------------------------------------------------------------------------
def gold_for(r: Renderer, pdf: Path, style: str, heldout_style: bool, ocr: bool) -> dict:
    c, L = r.c, r.L
    g = empty_gold(repo_relative(pdf), style, heldout_style, doc_type="samarbejdsplan",
                   district=c.district["name"], year=c.year, title=c.title,
                   n_pages=len(L.pages), ocr=ocr)
    for s in c.sentences:
        row = {"page": L.sentence_page[s.id], "text": s.text, "heldout": s.heldout}
        if s.box:
            row["box"] = True
        g["sentences"].append(row)
        for f in s.figures:
            g["figures"].append({"area_title": s.area, "label": f["label"], "value": f["value"],
                                 "unit": f["unit"], "source": "text", "page": row["page"],
                                 "context": s.text})
        if s.deadline:
            g["deadlines"].append({**s.deadline, "page": row["page"], "sentence": s.text})
    g["hyphenated"] = [] if ocr else L.hyphens
    # extra key: suspended hyphens that ended up at a line end (the hard case for rejoining)
    g["suspended_line_end"] = L.suspended_eol
    texts = [s.text for s in c.sentences] + r.headings
    g["suspended"] = sorted({" ".join(m.groups()).replace(" ", "- ", 1).replace("- -", "-")
                             for t in texts for m in SUSPENDED_RE.finditer(t)})
    g["callouts"] = sorted(set(r.callouts))
    for a in r.areas:
        ar = a["area"]
        g["focus_areas"].append({"title": ar.title, "category": ar.category,
                                 "declared_status": ar.status,
                                 "declared_from_year": ar.from_year,
                                 "page_start": a["page_start"], "page_end": a["page_end"],
                                 "thread": ar.thread, "heldout": ar.heldout,
                                 "true_status": ar.true_status})
    for t in r.tables:
        g["tables"].append({"page": t["page"], "rows": t["rows"]})
        g["figures"] += table_figures(t)
    return g


def table_figures(t: dict) -> list[dict]:
    rows = t["rows"]
    head = [h.replace("*)", "").strip() for h in rows[0]]
    out = []
    for row in rows[1:]:
        for j, cell in enumerate(row[1:], start=1):
            unit = "km²" if "km²" in head[j] else ""
            out.append({"area_title": None, "label": f"{row[0]} – {head[j]}",
                        "value": parse_danish_number(cell), "unit": unit, "source": "table",
                        "page": t["page"], "context": " | ".join(row)})
    return out


# ---------------------------------------------------------------------------------------------
def plan_jobs() -> list[dict]:
    """Every plan to generate: district, year, style, file stem (some names are opaque)."""
    world = load("plans.yaml")["districts"]
    jobs, opaque = [], 0
    for dkey, d in world.items():
        for y in d["years"]:
            scanned = y in d.get("scanned_years", [])
            jobs.append({"dkey": dkey, "year": y, "style": "scanned" if scanned else d["style"],
                         "heldout_style": d["style"] == "sidebar"})
    rng = random.Random("plan-names")
    for j in jobs:
        if j["style"] == "scanned" or rng.random() < 0.35:
            opaque += 1
            j["stem"] = f"plan_doc_{opaque:02d}"
        else:
            j["stem"] = f"plan_{world[j['dkey']]['short']}_{j['year']}"
    return jobs


def render_plan(job: dict, out_dir: Path, gold_dir: Optional[Path]) -> Path:
    setup_reportlab()
    pdf = out_dir / f"{job['stem']}.pdf"
    scanned = job["style"] == "scanned"
    content = build_plan(job["dkey"], job["year"], compact=scanned)
    r = Renderer(content, "office" if scanned else job["style"], compact=scanned)
    r.layout()
    furniture = r.furniture()
    if scanned:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "born_digital.pdf"
            r.save(src)
            rasterise_pdf(src, pdf, dpi=200, seed=job["year"])
    else:
        r.save(pdf)
    if gold_dir is not None:
        g = gold_for(r, pdf, job["style"], job["heldout_style"], scanned)
        g["furniture"] = furniture
        write_gold(gold_dir / f"{job['stem']}.json", g)
    return pdf


def generate(out_dir: Path | str, gold_dir: Path | str) -> list[Path]:
    out_dir, gold_dir = Path(out_dir), Path(gold_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [render_plan(j, out_dir, gold_dir) for j in plan_jobs()]
