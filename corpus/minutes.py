"""Deterministic generator of the sample council minutes (kredsråd, lokalråd) and lokalråd
handleplaner, with gold annotations (docs/GOLD.md).

Content comes from corpus/world/minutes.yaml (the documents) and minutes_bank.yaml (phrases,
names, roles); drawing from corpus/minutes_render.py, which records the physical page of every
line so the gold pages are exact.

    python -m corpus.minutes [--out raw_pdfs] [--gold tests/gold]
"""
from __future__ import annotations

import argparse
import random
import re
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Optional

from corpus.common import danish_number, empty_gold, repo_relative, setup_reportlab, write_gold
from corpus.minutes_content import (WEEKDAYS, Item, Person, Sent, attendees, bank, build_item,
                                    context, documents, figure_values, fill, fmt, fmt_date,
                                    plan_deadline)
from corpus.minutes_render import TEXT_W, Cell, Furniture, Placed, Writer
from corpus.common import rasterise_pdf

SUSPENDED = re.compile(r"\b[\wæøåÆØÅ]+- (?:og|eller|samt|til) [\wæøåÆØÅ-]+")
ROOT = Path(__file__).resolve().parent.parent


class Gold:
    """Collects gold facts while a document is drawn."""

    def __init__(self, file: str, style: str, document: dict):
        self.data = empty_gold(file, style, **document)
        self.printed: list[str] = []   # all printed text, to find suspended hyphens

    def sentences(self, sents: list[Sent], placed: Placed, area: Optional[str] = None,
                  category: Optional[str] = None) -> None:
        """Body sentences of one paragraph; a fact gets the page where its own words are
        printed (a sentence may start at the foot of one page and end on the next)."""
        for s, start in zip(sents, placed.starts):
            page = placed.page_at(start)
            self.data["sentences"].append({"page": page, "text": s.text, "heldout": False})
            self.facts(s, page, s.text, "text", area, category,
                       lambda i, start=start: placed.page_at(start + i))

    def facts(self, s: Sent, page: int, context: str, source: str,
              area: Optional[str] = None, category: Optional[str] = None,
              page_of: Optional[Callable[[int], int]] = None) -> None:
        self.printed.append(s.text)
        for f in s.figures:
            at = re.search(rf"(?<![\d.]){re.escape(danish_number(f['value']))}(?!\d)", s.text)
            self.data["figures"].append({"area_title": area, **f, "source": source,
                                         "page": page_of(at.start()) if page_of else page,
                                         "context": context})
        for d in s.deadlines:
            at = s.text.find(d["due_text"])
            row = {"area_title": area, **d, "page": page_of(at) if page_of else page,
                   "sentence": context, "heldout": False}
            if category:
                row["category"] = category
            self.data["deadlines"].append(row)

    def finish(self, w: Writer, n_pages: int) -> dict:
        self.data["document"]["n_pages"] = n_pages
        self.data["tables"] = w.tables
        if w.furniture.header:
            self.data["furniture"] = [w.furniture.header]
        for t in w.tables:
            self.printed += [c for row in t["rows"] for c in row]
        found = [m.group(0) for text in self.printed for m in SUSPENDED.finditer(text)]
        self.data["suspended"] = sorted(set(found), key=found.index)
        return self.data


# ---------------------------------------------------------------- shared blocks
def draw_title(w: Writer, g: Gold, title: str, size: float = 14.0) -> None:
    w.text(title, bold=True, size=size)
    g.printed.append(title)
    w.space(8)


def draw_meta(w: Writer, doc: dict) -> None:
    for label, key in (("Tid:", "time"), ("Sted:", "place")):
        if doc.get(key) and f"{{{key}}}" not in doc["title"]:
            w.text(f"{label} {doc[key]}")
    w.space(6)


def attendee_line(p: Person, form: int) -> str:
    if form == 0:
        return f"{p.role_cap} {p.name}, {p.organisation} ({p.initials})"
    return f"{p.name} ({p.initials}), {p.role}, {p.organisation}"


def draw_attendees(w: Writer, g: Gold, doc: dict, people: list[Person]) -> None:
    rng = random.Random(f"{doc['seed']}|attendees")
    here, away = rng.choice((("Til stede:", "Afbud:"), ("Deltagere:", "Fraværende:")))
    present = [p for p in people if p.status == "present"]
    absent = [p for p in people if p.status == "absent"]
    form = rng.randrange(2)
    if doc["attendees"] == "table":
        w.text(here, bold=True, keep=3)
        rows: list[list[Cell]] = [[[(f"{p.name} ({p.initials})", False)], [(p.role_cap, False)],
                                   [(p.organisation, False)]] for p in present]
        w.table([150, 130, TEXT_W - 280], ["Navn", "Funktion", "Organisation"], rows, True)
    elif doc["attendees"] == "inline":  # one wrapped run: names break across lines
        w.text(f"{here} " + "; ".join(attendee_line(p, form) for p in present) + ".")
        w.space(4)
    else:
        w.text(here, bold=True, keep=2)
        for p in present:
            w.text(attendee_line(p, form), indent=14)
        w.space(4)
    if absent and doc["attendees"] == "inline":
        w.text(f"{away} " + "; ".join(attendee_line(p, form) for p in absent) + ".")
    elif absent:
        w.text(away, bold=True, keep=2)
        for p in absent:
            w.text(attendee_line(p, form), indent=14)
    g.printed += [attendee_line(p, form) for p in people]
    g.data["attendees"] = [p.gold() for p in people]
    w.space(8)


def make_items(doc: dict, ctx: dict, meeting: date) -> list[Item]:
    return [build_item(i, key, doc, ctx, meeting) for i, key in enumerate(doc["items"], 1)]


# ---------------------------------------------------------------- minutes, prose
def draw_prose_items(w: Writer, g: Gold, doc: dict, items: list[Item]) -> None:
    for it in items:
        w.space(5)
        heading = doc["item_format"].format(no=it.no, title=it.title)
        page = w.text(heading, bold=True, keep=3)
        g.printed.append(heading)
        g.sentences(it.text, w.paragraph([s.text for s in it.text]))
        decision = draw_decision(w, g, doc, it)
        g.data["agenda_items"].append({"item_no": it.no, "title": it.title, "decision": decision,
                                       "page": page})


def draw_decision(w: Writer, g: Gold, doc: dict, it: Item) -> str:
    """Print the decision in the document's manner; returns the gold decision text."""
    mode = doc["decision_mode"]
    if mode == "closing":
        if not it.closing:
            return ""
        g.sentences([Sent(it.closing)], w.paragraph([it.closing]))
        return it.closing
    if not it.decision:
        return ""
    if mode == "label":
        w.text(doc["decision_label"], bold=True, keep=2)
        g.sentences(it.decision, w.paragraph([s.text for s in it.decision]))
    else:  # inline: the label starts the first sentence
        first = Sent(f"{doc['decision_label']} {it.decision[0].text}", it.decision[0].figures,
                     it.decision[0].deadlines)
        sents = [first] + it.decision[1:]
        g.sentences(sents, w.paragraph([s.text for s in sents]))
    return " ".join(s.text for s in it.decision)


def draw_minutes_prose(w: Writer, g: Gold, doc: dict, people: list[Person], items: list[Item]
                       ) -> None:
    draw_title(w, g, g.data["document"]["title"])
    draw_meta(w, doc)
    draw_attendees(w, g, doc, people)
    if doc.get("agenda_list"):
        w.text("Dagsorden:", bold=True, keep=2)
        for it in items:
            w.text(f"{it.no}. {it.title}", indent=14)
        w.space(10)
    draw_prose_items(w, g, doc, items)


# ---------------------------------------------------------------- minutes, table
DEFAULT_COLUMNS = [["nr", "Pkt.", 34], ["title_text", "Emne", 185], ["resp", "Ansvarlig", 58],
                   ["decision", "Beslutning", 139], ["status", "Status", 0]]


def agenda_cell(role: str, it: Item, status: str) -> Cell:
    """The content of one agenda-table column (role names: see minutes.yaml `columns`)."""
    text = " ".join(s.text for s in it.text)
    return {"nr": [(f"{it.no}.", False)], "title": [(it.title, True)],
            "title_text": [(it.title, True)] + ([(text, False)] if text else []),
            "text": [(text, False)], "resp": [(it.resp, False)], "status": [(status, False)],
            "decision": [(" ".join(s.text for s in it.decision), False)]}[role]


def draw_minutes_table(w: Writer, g: Gold, doc: dict, people: list[Person], items: list[Item]
                       ) -> None:
    draw_title(w, g, g.data["document"]["title"], size=13)
    draw_meta(w, doc)
    draw_attendees(w, g, doc, people)
    cols = doc.get("columns") or DEFAULT_COLUMNS
    roles = [c[0] for c in cols]
    widths = [c[2] or TEXT_W - sum(x[2] for x in cols) for c in cols]  # 0: the rest
    rng = random.Random(f"{doc['seed']}|status")
    rows: list[list[Cell]] = []
    for it in items:
        status = "" if not it.decision else rng.choice(bank()["statuses"])
        rows.append([agenda_cell(r, it, status) for r in roles])
    w.text("Referat", bold=True, size=12, keep=4)
    places = w.table(widths, [c[1] for c in cols], rows, bool(doc.get("repeat_header")),
                     split_rows=bool(doc.get("split_rows")))
    # Where the item text and the decision sit: (column, paragraph within the cell).
    text_at = (roles.index("title_text"), 1) if "title_text" in roles else (roles.index("text"), 0)
    decision_at = (roles.index("decision"), 0)
    for it, place in zip(items, places):
        for (col, para), sents in ((text_at, it.text), (decision_at, it.decision)):
            off = 0
            for s in sents:
                g.facts(s, place.page_of(col, para, off), s.text, "text",
                        page_of=lambda i, off=off, col=col, para=para, place=place:
                        place.page_of(col, para, off + i))
                off += len(s.text) + 1
        g.data["agenda_items"].append({"item_no": it.no, "title": it.title,
                                       "decision": " ".join(s.text for s in it.decision),
                                       "page": place.page})


# ---------------------------------------------------------------- handleplaner
def draw_handleplan(w: Writer, g: Gold, plan: dict, ctx: dict) -> None:
    draw_title(w, g, g.data["document"]["title"], size=16)
    intro = [Sent(fmt(t, ctx)) for t in plan["intro"]]
    g.sentences(intro, w.paragraph([s.text for s in intro]))
    w.space(8)
    if plan["layout"] == "single_table":
        draw_single_table(w, g, plan)
    else:
        for i, key in enumerate(plan["areas"], 1):
            draw_area(w, g, plan, i, key, ctx)
    draw_follow_up(w, g, plan, ctx)


def draw_single_table(w: Writer, g: Gold, plan: dict) -> None:
    """All focus areas in one table; the area is named only in its first row, as many
    handleplaner do, so the area column is mostly empty."""
    rows: list[list[Cell]] = []
    owners: list[tuple[str, dict, Optional[dict]]] = []
    for i, key in enumerate(plan["areas"], 1):
        area = bank()["areas"][key]
        for j, a in enumerate(area["activities"]):
            d = plan_deadline(a["due"], plan["year"])
            rows.append([[(f"{i}. {area['title']}" if j == 0 else "", True)], [(a["text"], False)],
                         [(a["resp"], False)], [(d["text"] if d else "Løbende", False)]])
            owners.append((key, a, d))
    places = w.table([118, 170, 100, TEXT_W - 388],
                     ["Indsatsområde", "Aktivitet", "Ansvarlig", "Tidsfrist"], rows, True, size=9.5)
    pages = [p.page for p in places]
    for key in plan["areas"]:
        area = bank()["areas"][key]
        mine = [(a, d, p) for (k, a, d), p in zip(owners, pages) if k == key]
        for a, d, page in mine:
            if d:
                g.facts(activity_sent(a, d), page, a["text"], "table", area["title"], area["category"])
        g.data["focus_areas"].append(area_gold(plan, key, mine[0][2], mine[-1][2]))


def activity_sent(a: dict, d: dict) -> Sent:
    return Sent(a["text"], deadlines=[{"actor": a["resp"], "forum": "", "due_text": d["text"],
                                       "due_start": d["due_start"], "due_end": d["due_end"],
                                       "precision": d["precision"]}])


def area_gold(plan: dict, key: str, start: int, end: int) -> dict:
    area = bank()["areas"][key]
    return {"title": area["title"], "category": area["category"], "declared_status": "unknown",
            "declared_from_year": None, "page_start": start, "page_end": end, "heldout": False,
            "thread": f"hp-{plan['municipality'].lower()}-{key}"}


def draw_follow_up(w: Writer, g: Gold, plan: dict, ctx: dict) -> None:
    """The closing section: reporting duties outside any focus area (area_title null)."""
    spec = bank()["follow_up"]
    dues = {slot: {**plan_deadline(d, plan["year"]), "actor": d["actor"], "forum": d["forum"]}
            for slot, d in spec["deadlines"].items()}
    sents = [fill(t, ctx, {}, dues) for t in spec["text"]]
    w.space(8)
    w.text(spec["heading"], bold=True, size=w.size + 1.5, keep=3)
    g.sentences(sents, w.paragraph([s.text for s in sents]))


def draw_area(w: Writer, g: Gold, plan: dict, i: int, key: str, ctx: dict) -> None:
    area = bank()["areas"][key]
    title, cat = area["title"], area["category"]
    heading = f"{i}. {title}" if plan["layout"] == "table" else f"Fokusområde {i}: {title}"
    w.space(6)
    start = w.text(heading, bold=True, size=w.size + 1.5, keep=4)
    rng = random.Random(f"{plan['seed']}|{key}")
    figs = figure_values(area.get("figures"), rng)
    intro = [fill(t, ctx, figs, {}) for t in area["intro"]]
    status, from_year = area_status(plan, key)
    if status != "unknown":
        phrase = rng.choice(bank()["area_status"][status])
        intro.append(Sent(fmt(phrase, {"from_year": str(from_year)})))
    g.sentences(intro, w.paragraph([s.text for s in intro]), title, cat)
    w.space(4)
    acts = [(a, plan_deadline(a["due"], plan["year"])) for a in area["activities"]]
    if plan["layout"] == "table":
        rows = [[[(a["text"], False)], [(a["resp"], False)], [(d["text"] if d else "Løbende", False)]]
                for a, d in acts]
        places = w.table([230, 140, TEXT_W - 370], ["Aktivitet", "Ansvarlig", "Tidsfrist"], rows,
                         True, size=9.5)
        pages = [p.page for p in places]
    else:
        pages = [draw_activity(w, a, d) for a, d in acts]
    for (a, d), page in zip(acts, pages):
        if d:
            g.facts(activity_sent(a, d), page, a["text"], "table", title, cat)
    g.data["focus_areas"].append({**area_gold(plan, key, start, w.page),
                                  "declared_status": status, "declared_from_year": from_year})


def area_status(plan: dict, key: str) -> tuple[str, Optional[int]]:
    """What the plan declares about an area: (continued, year) | (new, None) | (unknown, None)."""
    if key in (plan.get("continued") or {}):
        return "continued", plan["continued"][key]
    return ("new" if key in (plan.get("new") or []) else "unknown"), None


def draw_activity(w: Writer, a: dict, d: Optional[dict]) -> int:
    page = w.text(f"• {a['text']}", indent=10, keep=3)
    w.text(f"Ansvarlig: {a['resp']}", indent=22)
    w.text(f"Tidsfrist: {d['text'] if d else 'løbende'}", indent=22)
    w.space(3)
    return page


# ---------------------------------------------------------------- documents
def minutes_gold(doc: dict, path: Path, style: str, meeting: date, ctx: dict) -> Gold:
    lokal = doc["council"] == "lokalråd"
    return Gold(repo_relative(path), style, {
        "doc_type": "referat", "district": doc["district"], "year": meeting.year,
        "title": fmt(doc["title"], ctx), "council": doc["council"],
        "municipality": ctx["kommune"] if lokal else "", "meeting_date": meeting.isoformat(),
        "meeting_no": printed_meeting_no(doc), "n_pages": 0, "ocr": style == "scanned"})


def printed_meeting_no(doc: dict) -> str:
    """The meeting number as gold knows it: only when the document prints it (the title or the
    running header has {no}); a number that is only in the file name is not in the content."""
    no = str(doc.get("meeting_no") or "")
    printed = any("{no}" in (doc.get(key) or "") for key in ("title", "header"))
    return no if printed else ""


def render_minutes(doc: dict, path: Path, total: int) -> tuple[Gold, Writer, int]:
    meeting = doc["date"] if isinstance(doc["date"], date) else date.fromisoformat(doc["date"])
    people = attendees(doc)
    ctx = context(doc, people, meeting)
    g = minutes_gold(doc, path, doc["style"], meeting, ctx)
    w = Writer(path, doc["font"], 10.5 if doc["font"] != "Courier" else 10.0,
               Furniture(fmt(doc.get("header", ""), ctx), doc.get("footer", ""), total))
    items = make_items(doc, ctx, meeting)
    draw = draw_minutes_table if doc["style"] == "minutes_table" else draw_minutes_prose
    draw(w, g, doc, people, items)
    draw_closing(w, g, doc, people, meeting)
    return g, w, w.finish()


def draw_closing(w: Writer, g: Gold, doc: dict, people: list[Person], meeting: date) -> None:
    """Date of the next meeting (a day deadline of the council) and the referent's name."""
    w.space(10)
    if doc.get("next_meeting"):
        d = meeting + timedelta(weeks=13)  # about a quarter later, same weekday
        when = f"{WEEKDAYS[d.weekday()]} den {fmt_date(d, 'long')}"
        forum = "kredsrådet" if doc["council"] == "kredsråd" else "lokalrådet"
        sent = Sent(f"Næste møde holdes {when}.", deadlines=[{
            "actor": "", "forum": forum, "due_text": when, "due_start": d.isoformat(),
            "due_end": d.isoformat(), "precision": "day"}])
        g.sentences([sent], w.paragraph([sent.text]))
    referent = next((p for p in people if p.key == "REF"), None)
    if referent and doc["style"] != "minutes_table":
        w.text(f"Referent: {referent.name}")


def render_handleplan(plan: dict, path: Path, total: int) -> tuple[Gold, Writer, int]:
    ctx = {"year": str(plan["year"]), "prev_year": str(plan["year"] - 1),
           "kommune": f"{plan['municipality']} Kommune", "district": plan["district"]}
    g = Gold(repo_relative(path), "handleplan", {
        "doc_type": "handleplan", "district": plan["district"], "year": plan["year"],
        "title": fmt(plan["title"], ctx), "council": "lokalråd", "municipality": ctx["kommune"],
        "meeting_date": "", "meeting_no": "", "n_pages": 0, "ocr": False})
    w = Writer(path, plan["font"], 10.5, Furniture(fmt(plan.get("header", ""), ctx),
                                                   plan.get("footer", ""), total))
    draw_handleplan(w, g, plan, ctx)
    return g, w, w.finish()


def render_twice(render, spec: dict, path: Path) -> dict:
    """Render once to count the pages, again so that "Side n af N" prints the right N."""
    g, w, n = render(spec, path, 0)
    if "{total}" in (spec.get("footer") or ""):
        g, w, n = render(spec, path, n)
    return g.finish(w, n)


def generate_one(spec: dict, out_dir: Path, gold_dir: Path, render) -> Path:
    path = out_dir / spec["file"]
    if spec.get("style") == "scanned":
        with tempfile.TemporaryDirectory() as tmp:
            gold = render_twice(render, spec, Path(tmp) / spec["file"])
            rasterise_pdf(Path(tmp) / spec["file"], path, dpi=200, seed=spec["seed"])
        gold["file"] = repo_relative(path)
    else:
        gold = render_twice(render, spec, path)
    write_gold(gold_dir / f"{path.stem}.json", gold)
    return path


def generate(out_dir: Path, gold_dir: Path) -> list[Path]:
    """Write every minutes / handleplan PDF to out_dir and its gold JSON to gold_dir."""
    setup_reportlab()
    out_dir, gold_dir = Path(out_dir), Path(gold_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    world = documents()
    paths = [generate_one(d, out_dir, gold_dir, render_minutes) for d in world["documents"]]
    paths += [generate_one(p, out_dir, gold_dir, render_handleplan) for p in world["handleplaner"]]
    return paths


def summary(gold_dir: Path, paths: list[Path]) -> str:
    """Counts per style: documents, pages, attendees, agenda items, deadlines, figures."""
    import json
    from collections import Counter
    c: dict[str, Counter] = {}
    for p in paths:
        g = json.loads((gold_dir / f"{p.stem}.json").read_text(encoding="utf-8"))
        k = c.setdefault(g["style"], Counter())
        k.update(docs=1, pages=g["document"]["n_pages"], attendees=len(g["attendees"]),
                 items=len(g["agenda_items"]), deadlines=len(g["deadlines"]),
                 figures=len(g["figures"]), sentences=len(g["sentences"]))
    cols = ["docs", "pages", "attendees", "items", "deadlines", "figures", "sentences"]
    lines = ["style".ljust(15) + "".join(x.rjust(11) for x in cols)]
    for style, k in sorted(c.items()):
        lines.append(style.ljust(15) + "".join(str(k[x]).rjust(11) for x in cols))
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "raw_pdfs")
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold")
    args = ap.parse_args(argv)
    paths = generate(args.out, args.gold)
    print(summary(args.gold, paths))


if __name__ == "__main__":
    main()
