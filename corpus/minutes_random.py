"""Randomised council minutes (kredsråd, lokalråd) with gold written from what was rendered.

Every document draws its shapes independently: letterhead or none, title form, date and time
forms, attendance as lines / a run of prose / a table / groups, absences with reasons, "Desuden
deltog", referent, late arrival or early departure; agenda as a list with "Ad N" sections, as
sections only, or as a table with any column set, spanning pages. The same seed gives the same
PDF and gold. Some shapes are held back (HELDOUT): a document that uses one is marked
``heldout_style`` and scored apart; developers never tune on those.

    python -m corpus.minutes_random --n 100 --seed 1 --out /tmp/rm
"""
from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from corpus.common import empty_gold, write_gold
from corpus.minutes_render import PAGE_H, PAGE_W, RIGHT, TEXT_W, Cell, Furniture, Writer

ROOT = Path(__file__).resolve().parent
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag"]

# Shapes per dimension; the held-back ones are never looked at while developing the parser.
SHAPES = {
    "title": ["nr_kreds", "beslutning_kreds", "fra_mødet", "kort_kreds", "dagsorden_lokal",
              "beslutning_lokal", "lokal_den", "two_line_heldout", "mødereferat_heldout"],
    "attendance": ["lines", "inline", "table", "groups", "table_status", "columns_heldout"],
    "absence": ["list", "inline", "reason_paren", "prose_heldout"],
    "agenda": ["list_sections", "sections", "table", "wordtable", "punkt_heldout"],
    "date": ["long", "dashed", "dotted", "padded", "slash_heldout"],
}
KREDS_TITLES = {"nr_kreds", "beslutning_kreds", "fra_mødet", "kort_kreds"}
HELDOUT = {s for shapes in SHAPES.values() for s in shapes if s.endswith("_heldout")}


@lru_cache(maxsize=1)
def bank() -> dict:
    return yaml.safe_load((ROOT / "world" / "minutes_random.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def names() -> dict:
    return yaml.safe_load((ROOT / "world" / "minutes_bank.yaml").read_text(encoding="utf-8"))["names"]


@lru_cache(maxsize=1)
def districts() -> list[dict]:
    return gazetteer()["districts"]


@lru_cache(maxsize=1)
def gazetteer() -> dict:
    path = ROOT.parent / "pipeline" / "data" / "gazetteer.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass
class Person:
    name: str
    initials: str
    role: str
    org: str
    status: str = "present"
    reason: str = ""
    chair: bool = False
    printed_role: bool = True      # the rendered entry names the role (and organisation)
    org_printed: bool = True

    def gold(self) -> dict:
        return {"name": self.name, "initials": self.initials,
                "role": self.role if self.printed_role else "",
                "organisation": self.org if self.printed_role and self.org_printed else "",
                "status": self.status, "absence_reason": self.reason}


@dataclass
class AgendaItem:
    no: int
    title: str
    sentences: list[str]
    decision: str                  # the concluding statement; "" when the item has none
    resp: str = ""
    status: str = ""


# ---------------------------------------------------------------- dates

def fmt_date(d: date, form: str, weekday: bool = False) -> str:
    text = {"long": f"{d.day}. {MONTHS[d.month - 1]} {d.year}",
            "dashed": f"{d.day:02d}-{d.month:02d}-{d.year}",
            "dotted": f"{d.day}.{d.month}.{d.year}",
            "padded": f"{d.day:02d}.{d.month:02d}.{d.year}",
            "slash_heldout": f"{d.day}/{d.month} {d.year}"}[form]
    return f"{WEEKDAYS[d.weekday()]} den {text}" if weekday else text


def fmt_time(rng: random.Random) -> str:
    h, m = rng.choice([9, 10, 13, 14, 15, 16]), rng.choice([0, 0, 30])
    return rng.choice([f"kl. {h}.{m:02d}", f"kl. {h:02d}{m:02d}", f"kl. {h}:{m:02d}"])


# ---------------------------------------------------------------- people

def invent(rng: random.Random, taken: set[str]) -> tuple[str, str]:
    n = names()
    while True:
        parts = [rng.choice(n["first"])] + ([rng.choice(n["middle"])] if rng.random() < 0.3 else [])
        parts.append(rng.choice(n["last"]))
        initials = "".join(p[0] for p in parts).upper()
        if initials not in taken and " ".join(parts) not in taken:
            taken.update({initials, " ".join(parts)})
            return " ".join(parts), initials


def municipality_name(muni: str) -> str:
    return gazetteer()["municipality_official"].get(muni, f"{muni} Kommune")


def people_of(rng: random.Random, council: str, district: dict, munis: list[str], home: str) -> list[Person]:
    spec, taken = bank()["roles"][council], set()

    def org(kind: str, muni: str) -> str:
        return {"police": district["name"], "kommune": municipality_name(muni)}.get(kind, kind)

    def person(r: dict, muni: str = home) -> Person:
        name, ini = invent(rng, taken)
        return Person(name, ini, r["role"], org(r["org"], muni))

    out = [person(spec["chair"])]
    out[0].chair = True
    out += [person(r) for r in rng.sample(spec["staff"], rng.randint(2, min(5, len(spec["staff"]))))]
    if council == "kredsråd":
        out += [person(spec["mayor"], m) for m in munis]
    reasons = bank()["absence_reasons"]
    for p in rng.sample(out[1:], rng.randint(0, min(3, len(out) - 2))):
        p.status = "absent"
        p.reason = rng.choice(reasons) if rng.random() < 0.7 else ""
    return out + [person(spec["referent"])]


# ---------------------------------------------------------------- the document plan

def choose(rng: random.Random, dim: str, heldout: bool, council: str) -> str:
    options = [s for s in SHAPES[dim] if (s in HELDOUT) == heldout] or \
              [s for s in SHAPES[dim] if s not in HELDOUT]
    if dim == "title" and not heldout:
        options = [s for s in options if (s in KREDS_TITLES) == (council == "kredsråd")]
    return rng.choice(options)


def plan(seed: int) -> dict:
    rng = random.Random(f"minutes-random|{seed}")
    heldout = rng.random() < 0.3
    held_dims = set(rng.sample(sorted(SHAPES), rng.randint(1, 2))) if heldout else set()
    council = "lokalråd" if "title" in held_dims else rng.choice(["kredsråd", "lokalråd"])
    district = rng.choice(districts())
    munis = rng.sample(district["municipalities"], min(len(district["municipalities"]), rng.randint(3, 6)))
    home = munis[0]
    year = rng.randint(2008, 2023)
    meeting = date(year, rng.randint(1, 12), 1) + timedelta(days=rng.randint(0, 27))
    while meeting.weekday() > 4:
        meeting += timedelta(days=1)
    shapes = {d: choose(rng, d, d in held_dims, council) for d in SHAPES}
    return {"seed": seed, "rng": rng, "heldout": bool(held_dims), "shapes": shapes, "council": council,
            "district": district, "munis": munis, "home": home, "meeting": meeting,
            "no": rng.randint(1, 4), "font": rng.choice(["Helvetica", "Times-Roman", "Courier"]),
            "people": people_of(rng, council, district, munis, home)}


def title_of(p: dict) -> tuple[list[str], str]:
    """The printed title lines and the shape's meeting date text."""
    rng, d, shape = p["rng"], p["meeting"], p["shapes"]["title"]
    date_form = p["shapes"]["date"]
    ds, dw = fmt_date(d, date_form), fmt_date(d, date_form, weekday=True)
    dist, muni, no = p["district"], p["home"], f"{p['no']}/{d.year}"
    place = rng.choice(bank()["places"]).format(muni=muni)
    gen, kommune = dist["genitive"], municipality_name(muni)
    lines = {
        "nr_kreds": [f"Referat af møde nr. {no} i Kredsrådet for {gen} Politikreds den {ds}"],
        "beslutning_kreds": [f"Beslutningsreferat fra {gen} Politis kredsrådsmøde den {ds}"],
        "fra_mødet": [f"Referat fra mødet i Kredsrådet {dw} {fmt_time(rng)} i {place}"],
        "kort_kreds": [f"Referat Kredsrådets møde den {ds}"],
        "dagsorden_lokal": [f"DAGSORDEN / REFERAT af møde i Lokalrådet for {kommune}, {dw} "
                            f"{fmt_time(rng)}, {place}"],
        "beslutning_lokal": [f"Beslutningsreferat fra møde {no} i Lokalrådet for {kommune}"],
        "lokal_den": [f"Referat af møde i Lokalrådet i {kommune} den {ds} {fmt_time(rng)}"],
        "two_line_heldout": [f"Lokalrådet for {kommune}", f"Referat af mødet {dw}"],
        "mødereferat_heldout": [f"Mødereferat – {muni} Lokalråd – {ds}"],
    }[shape]
    return lines, ds


def extra_date_line(p: dict) -> Optional[str]:
    """Titles without a date get a "Mødedato:" / "Dato:" line under them."""
    if p["shapes"]["title"] != "beslutning_lokal":
        return None
    rng = p["rng"]
    label = rng.choice(["Mødedato:", "Dato og tid:", "Tid:"])
    return f"{label} {fmt_date(p['meeting'], p['shapes']['date'], weekday=rng.random() < 0.5)} {fmt_time(rng)}"


# ---------------------------------------------------------------- items

def who(rng: random.Random, person: Person) -> str:
    return rng.choice([person.initials, person.name, f"{person.role[0].upper()}{person.role[1:]} {person.name}"])


def make_items(p: dict) -> list[AgendaItem]:
    rng, b, d = p["rng"], bank()["items"], p["meeting"]
    prev = d - timedelta(days=rng.randint(60, 100))
    slots = {"prev": fmt_date(prev, "long"), "year": str(d.year + (d.month > 9)),
             "next_year": str(d.year + 1)}
    titles = [rng.choice(b["first"]), rng.choice(b["second"])]
    titles += rng.sample(b["middle"], rng.randint(2, 6)) + [rng.choice(b["last"])]
    present = [x for x in p["people"] if x.status == "present"]
    items = []
    for no, raw in enumerate(titles, 1):
        presenter = rng.choice(present)
        items.append(item_body(rng, no, raw.format(**slots), presenter, prev))
        items[-1].resp = presenter.initials
        items[-1].status = rng.choice(bank()["statuses"]) if items[-1].decision else ""
    return items


def item_body(rng: random.Random, no: int, title: str, presenter: Person, prev: date) -> AgendaItem:
    dec = bank()["decisions"]
    if no == 1:
        return AgendaItem(no, title, [], rng.choice(dec["approve"][:3]))
    if no == 2:
        quoted = f"Referatet af mødet den {fmt_date(prev, 'long')} var udsendt med dagsordenen."
        return AgendaItem(no, title, [quoted] if rng.random() < 0.6 else [], rng.choice(dec["approve"][3:]))
    if title in ("Eventuelt", "Evt."):
        return AgendaItem(no, title, [], rng.choice(dec["none"]))
    said = rng.sample(bank()["narrative"], rng.randint(0, 3))
    kind = rng.choice(["orient_note", "orient_only", "discuss", "narrative_only", "orient_note"])
    orient = rng.choice(bank()["orientation"]).format(who=who(rng, presenter), topic=rng.choice(bank()["topics"]))
    if kind == "narrative_only" and said:
        return AgendaItem(no, title, said, "")
    if kind == "orient_only":
        return AgendaItem(no, title, [orient] + said, orient)
    closing = rng.choice(dec["note"] if kind == "orient_note" else dec["discuss"])
    return AgendaItem(no, title, [orient] + said, closing)


# ---------------------------------------------------------------- drawing: header

def draw_letterhead(w: Writer, p: dict) -> None:
    """Issuing unit, letter date, case handler and journal number, top right (date of the
    letter, not of the meeting)."""
    rng = p["rng"]
    kind = "police" if rng.random() < 0.7 else "kommune"
    unit = rng.choice(bank()["units"][kind]).format(muni=p["home"])
    sent = p["meeting"] + timedelta(days=rng.randint(2, 14))
    letter_date = fmt_date(sent, rng.choice(["long", "dashed", "padded"]))
    # A kredsråd title that does not name the district leaves it to the letterhead.
    top = [p["district"]["name"]] if p["council"] == "kredsråd" else []
    lines = top + [unit, rng.choice(["", "Dato: "]) + letter_date,
             f"Sagsbehandler: {rng.choice(['phs', 'MKJ', 'abc001', 'TVE'])}",
             journal_number(rng)]
    x = PAGE_W - RIGHT - 160
    y = PAGE_H - 60
    for i, text in enumerate(lines):
        w.c.setFont(w.bold_font if i == 0 else w.font, 9)
        w.c.drawString(x, y, text)
        y -= 12
    w.y = y - 18


def journal_number(rng: random.Random) -> str:
    a, b, c, d = rng.randint(1000, 4999), rng.randint(10, 99), rng.randint(1, 99), rng.randint(1, 999)
    return f"Journalnr.: {a}-{b}-{c:02d}-{d}"


def draw_title(w: Writer, p: dict) -> str:
    lines, _ = title_of(p)
    size = p["rng"].choice([12.0, 13.0, 14.0, 16.0])
    for line in lines:
        w.text(line, bold=True, size=size)
    extra = extra_date_line(p)
    if extra:
        w.text(extra)
    if p["shapes"]["title"] == "nr_kreds" and p["rng"].random() < 0.5:
        w.text(f"Mødet blev holdt hos {p['munis'][-1]} Kommune.")
    w.space(8)
    return " ".join(lines)


# ---------------------------------------------------------------- drawing: attendance

def entry(x: Person, form: int) -> str:
    chair = " (formand)" if x.chair and form in (0, 2, 3) else ""
    role = x.role if x.role[:3].isupper() else x.role.lower()
    cap = role[0].upper() + role[1:]
    return [f"{cap} {x.name}{chair}, {x.org}", f"{x.name} ({x.initials}), {role}, {x.org}",
            f"{x.name}{chair}, {role}, {x.org}", f"{x.name}{chair} – {role}, {x.org}",
            f"{cap} {x.name} ({x.initials}), {x.org}", f"{x.name} ({x.initials})"][form]


def with_reason(text: str, x: Person, rng: random.Random, shape: str) -> str:
    if not x.reason:
        return text
    if shape == "reason_paren":
        return f"{text} ({x.reason})"
    return f"{text} {rng.choice(['pga.', 'grundet', '– pga.', 'på grund af'])} {x.reason}"


def draw_attendance(w: Writer, p: dict) -> list[Person]:
    """Draws who attended; returns everyone the gold lists (guests included)."""
    rng, shape, people = p["rng"], p["shapes"]["attendance"], list(p["people"])
    referent = people[-1]
    members = people[:-1]
    form = rng.choice([0, 1, 2, 3, 4, 5] if shape in ("lines", "inline") else [0, 1, 2, 4])
    # The referent: in the list, on a "Referent:" line of the header, or only signing at the end
    # (then not a participant the minutes name: never a person).
    mode = rng.choice(["list", "label", "label", "signature"])
    referent_in_label = mode == "label"
    p["referent_signs"] = mode == "signature"
    listed = members + ([referent] if mode == "list" else [])
    present = [x for x in listed if x.status == "present"]
    absent = [x for x in listed if x.status == "absent"]
    label = rng.choice(["Til stede:", "Deltagere:", "Tilstede var:", "Mødedeltagere:"])
    if form == 5:
        for x in people:
            x.printed_role = False
    if shape == "lines":
        w.text(label, bold=True, keep=2)
        for x in present:
            w.text(entry(x, form), indent=14)
    elif shape == "inline":
        sep = ", " if form == 5 else "; "
        w.text(f"{label} " + sep.join(entry(x, form) for x in present) + ".")
    elif shape == "groups":
        w.text(label, bold=True, keep=2)
        police = [x for x in present if x.org == p["district"]["name"]]
        others = [x for x in present if x not in police]
        w.text(rng.choice(["Fra politiet:", f"Fra {p['district']['name']}:"]), keep=2)
        for x in police:
            w.text(f"{x.role[0].upper()}{x.role[1:]} {x.name}", indent=14)
        by_org: dict[str, list[Person]] = {}
        for x in others:
            by_org.setdefault(x.org, []).append(x)
        for org, group in by_org.items():
            w.text(f"Fra {org}:", keep=2)
            for x in group:
                w.text(f"{x.role[0].upper()}{x.role[1:]} {x.name}", indent=14)
    elif shape in ("table", "table_status"):
        draw_attendee_table(w, p, present if shape == "table" else listed, shape == "table_status", label)
        if shape == "table_status":
            absent = []
    else:  # columns_heldout: a two-column table, present | absent
        rows = [[[(f"{x.name}, {x.role}", False)] if x else [("", False)] for x in pair]
                for pair in _pairs(present, absent)]
        w.table([TEXT_W / 2, TEXT_W / 2], ["Til stede", "Afbud"], rows, False)
        for x in listed:
            x.org_printed = False
        absent = []
    draw_absent(w, p, absent, form)
    guests = draw_extras(w, p, referent, referent_in_label)
    w.space(8)
    return (members if p["referent_signs"] else people) + guests


def _pairs(a: list, b: list) -> list[tuple]:
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else None, b[i] if i < len(b) else None) for i in range(n)]


def draw_attendee_table(w: Writer, p: dict, rows_of: list[Person], status: bool, label: str) -> None:
    rng = p["rng"]
    head = [rng.choice(["Navn", "Deltager"]), rng.choice(["Funktion", "Titel", "Stilling"]),
            rng.choice(["Organisation", "Myndighed", "Repræsenterer"])]
    widths = [150, 130, TEXT_W - 280]
    if status:
        head, widths = head + ["Status"], [125, 110, TEXT_W - 340, 105]
    rows = []
    for x in rows_of:
        name = f"{x.name} ({x.initials})" if rng.random() < 0.4 else x.name
        row: list[Cell] = [[(name, False)], [(x.role, False)], [(x.org, False)]]
        if status:
            text = "Til stede" if x.status == "present" else "Afbud" + (f" ({x.reason})" if x.reason else "")
            row.append([(text, False)])
        rows.append(row)
    if rng.random() < 0.5:
        w.text(label, bold=True, keep=3)
    w.table(widths, head, rows, rng.random() < 0.5)


def draw_absent(w: Writer, p: dict, absent: list[Person], form: int) -> None:
    if not absent:
        return
    rng, shape = p["rng"], p["shapes"]["absence"]
    label = rng.choice(["Afbud:", "Afbud fra:", "Fraværende:", "Meldt afbud:"])
    texts = [with_reason(entry(x, form), x, rng, shape) for x in absent]
    if shape == "list" or shape == "reason_paren":
        w.text(label, bold=True, keep=2)
        for t in texts:
            w.text(t, indent=14)
    elif shape == "inline":
        w.text(f"{label} " + "; ".join(texts) + ".")
    else:  # prose_heldout
        for x in absent:
            why = f" på grund af {x.reason}" if x.reason else ""
            w.text(f"{x.role[0].upper()}{x.role[1:]} {x.name}, {x.org}, havde meldt afbud{why}.")


def draw_extras(w: Writer, p: dict, referent: Person, referent_in_label: bool) -> list[Person]:
    """Desuden deltog, the referent's label, a late arrival or early departure."""
    rng, guests = p["rng"], []
    if rng.random() < 0.4:
        spec = rng.choice(bank()["roles"][p["council"]]["guests"])
        taken = {x.initials for x in p["people"]} | {x.name for x in p["people"]}
        name, ini = invent(rng, taken)
        kinds = {"police": p["district"]["name"], "kommune": municipality_name(p["home"])}
        org = kinds.get(spec["org"], spec["org"])
        g = Person(name, ini, spec["role"], org)
        guests.append(g)
        tail = rng.choice(["", f" (under pkt. {rng.randint(3, 5)})"])
        w.text(f"{rng.choice(['Desuden deltog:', 'Endvidere deltog:'])} {g.role[0].upper()}{g.role[1:]} "
               f"{g.name}, {g.org}{tail}")
    if referent_in_label:
        w.text(f"{referent.role[0].upper()}{referent.role[1:]}: {referent.name}")
        referent.printed_role = True
        referent.org_printed = False
    present = [x for x in p["people"][1:-1] if x.status == "present"]
    if present and rng.random() < 0.4:
        x = rng.choice(present)
        w.text(rng.choice([f"{x.name} forlod mødet kl. {rng.randint(15, 17)}.{rng.choice(['10', '40'])} "
                           f"under behandling af pkt. {rng.randint(3, 5)}.",
                           f"{x.name} deltog fra pkt. {rng.randint(2, 4)}."]))
    return guests


# ---------------------------------------------------------------- drawing: agenda and body

HEADINGS = {"list_sections": ["Ad {n}: {t}", "Ad. pkt. {n}. {t}", "Ad pkt. {n} – {t}", "Ad {n}.", "Ad {n}: "],
            "sections": ["Pkt. {n}. {t}", "{n}. {t}", "Punkt {n}: {t}", "{n} {t}"],
            "punkt_heldout": ["Sag nr. {n} – {t}"]}


def draw_items(w: Writer, p: dict, items: list[AgendaItem]) -> list[dict]:
    shape = p["shapes"]["agenda"]
    if shape in ("table", "wordtable"):
        return draw_agenda_table(w, p, items, shape == "wordtable")
    rng = p["rng"]
    if shape == "list_sections":
        w.text(rng.choice(["Dagsorden:", "Dagsorden", "DAGSORDEN"]), bold=True, keep=2)
        for it in items:
            w.text(f"{it.no}. {it.title}", indent=14)
        w.space(10)
        if rng.random() < 0.5:
            w.text(rng.choice(["Referat", "Referat:", "Beslutninger"]), bold=True, size=12, keep=3)
    form = rng.choice(HEADINGS[shape])
    decision_style = rng.choice(["closing", "label_line", "label_inline"])
    label = "Konklusion" if shape == "punkt_heldout" else rng.choice(["Beslutning", "Konklusion"])
    rows = []
    for it in items:
        w.space(5)
        page = w.text(form.format(n=it.no, t=it.title).strip(), bold=True, keep=3)
        body = list(it.sentences)
        if body:
            w.paragraph(body)
        printed = list(body)
        if it.decision and it.decision not in body:
            if decision_style == "closing":
                w.paragraph([it.decision])
            elif decision_style == "label_line":
                w.text(f"{label}:", bold=True, keep=2)
                w.paragraph([it.decision])
            else:
                w.paragraph([f"{label}: {it.decision}"])
            printed.append(it.decision if decision_style == "closing" else f"{label}: {it.decision}")
        rows.append(item_gold(it, page) | {"item_text": " ".join(printed)})
    return rows


def item_gold(it: AgendaItem, page: int, table_order: bool = False) -> dict:
    text = list(it.sentences) + ([it.decision] if it.decision and it.decision not in it.sentences else [])
    if table_order and it.decision:
        text = [s for s in text if s != it.decision] + [it.decision]
    return {"item_no": str(it.no), "title": it.title, "decision": it.decision,
            "item_text": " ".join(text), "page": page, "heldout": False}


TABLE_COLUMNS = {
    "nr": (["Pkt.", "Nr.", "Punkt"], 32),
    "title": (["Emne", "Sag", "Dagsordenpunkt", "Overskrift"], 130),
    "resp": (["Ansvarlig", "Ansv.", "Fremlægger"], 62),
    "text": (["Referat", "Drøftelse", "Orientering"], 150),
    "decision": (["Beslutning", "Konklusion", "Beslutning/opfølgning"], 150),
    "status": (["Status", "Opfølgning"], 60),
}


def draw_agenda_table(w: Writer, p: dict, items: list[AgendaItem], word_style: bool) -> list[dict]:
    rng = p["rng"]
    if w.font == "Courier":  # a monospaced font's long words would not fit the narrow columns
        w.font, w.bold_font = "Helvetica", "Helvetica-Bold"
    if word_style:  # Dagsordenpunkt (number and title) | initials | Emne | Beslutning | Status
        roles = ["numtitle", "resp", "topic", "decision", "status"]
        head = ["Dagsordenpunkt", "", "Emne", rng.choice(["Beslutning", "Beslutning/referat"]), "Status"]
        widths = [125, 34, 120, 0, 50]
    else:
        roles = ["nr", "title"] + [r for r in ("resp", "text") if rng.random() < 0.5] + ["decision"]
        roles += ["status"] if rng.random() < 0.5 and "text" not in roles else []
        head = [rng.choice(TABLE_COLUMNS[r][0]) for r in roles]
        widths = [TABLE_COLUMNS[r][1] for r in roles]
    widths = [x or 140 for x in widths]
    widths = [x * TEXT_W / sum(widths) for x in widths] if sum(widths) > TEXT_W else widths
    if rng.random() < 0.6:
        heading = rng.choice(["Referat", "Dagsorden og referat", "Dagsorden/Beslutningsreferat"])
        w.text(heading, bold=True, size=12, keep=4)
    # Without a title or text column the narrative is printed in the decision cell, before it.
    rows = [[table_cell(r, it, rng, "text" in roles, "title" not in roles) for r in roles] for it in items]
    places = w.table(widths, head, rows, rng.random() < 0.5, split_rows=rng.random() < 0.5)
    # Printed order: the account (title or text cell) before the decision cell.
    gold = [item_gold(it, place.page, table_order=not word_style) for it, place in zip(items, places)]
    if word_style and head[3] == "Beslutning":
        # A plain "Beslutning" column is the decision as printed, account and all.
        for g in gold:
            g["decision"] = g["item_text"]
    return gold


def table_cell(role: str, it: AgendaItem, rng: random.Random, has_text_column: bool,
               narrative_in_decision: bool) -> Cell:
    narrative = " ".join(s for s in it.sentences if s != it.decision)
    decision_cell = it.decision
    if narrative_in_decision:
        decision_cell = " ".join(list(it.sentences) + ([it.decision] if it.decision not in it.sentences else []))
    if role == "nr":
        return [(f"{it.no}.", False)]
    if role == "numtitle":
        return [(f"{it.no}. {it.title}", False)]
    if role == "title":
        return [(it.title, True)] + ([(narrative, False)] if narrative and not has_text_column else [])
    if role == "text":
        return [(narrative, False)]
    if role == "topic":
        return [(rng.choice(bank()["topics"]).capitalize(), False)]
    if role == "resp":
        return [(it.resp, False)]
    if role == "status":
        return [(it.status, False)]
    return [(decision_cell, False)]


# ---------------------------------------------------------------- a document

def draw_closing(w: Writer, p: dict) -> None:
    """Next meeting and the referent's signature: neither is a person nor the meeting date."""
    rng = p["rng"]
    nxt = p["meeting"] + timedelta(days=rng.randint(70, 110))
    w.space(8)
    if rng.random() < 0.6:
        w.paragraph([f"Næste møde afholdes den {fmt_date(nxt, 'long')}."])
    ref = p["people"][-1]
    if p["referent_signs"]:
        w.text(rng.choice([f"Referent: {ref.name}", f"Referat: {ref.name}", f"{ref.name}, referent"]))
    elif rng.random() < 0.5:
        w.text(rng.choice([f"Referent: {ref.name}", f"Ref.: {ref.initials}", f"Referat: {ref.initials}"]))


def render(seed: int, path: Path) -> dict:
    """Draw one randomised referat at ``path``; returns its gold."""
    p = plan(seed)
    d = p["meeting"]
    w = Writer(path, p["font"], size=p["rng"].choice([10.0, 10.5, 11.0]))
    w.furniture = Furniture(footer=p["rng"].choice(["Side {n}", "{n}", ""]))
    districtless_kreds = p["shapes"]["title"] in ("fra_mødet", "kort_kreds")
    if p["rng"].random() < 0.65 or districtless_kreds:
        draw_letterhead(w, p)
    title = draw_title(w, p)
    people = draw_attendance(w, p)
    items = make_items(p)
    agenda = draw_items(w, p, items)
    draw_closing(w, p)
    n_pages = w.finish()
    munis = p["district"]["municipalities"]
    title_shape = p["shapes"]["title"]
    no_printed = title_shape in ("nr_kreds", "beslutning_lokal")
    gold = empty_gold(str(path), "minutes_random", p["heldout"], doc_type="referat",
                      district=p["district"]["name"], year=d.year, title=title, council=p["council"],
                      municipality=municipality_name(p["home"]) if p["council"] == "lokalråd" else "",
                      meeting_date=d.isoformat(), meeting_no=f"{p['no']}/{d.year}" if no_printed else "",
                      n_pages=n_pages)
    gold["shapes"] = p["shapes"]
    gold["agenda_items"] = agenda
    gold["attendees"] = [x.gold() | {"heldout": False} for x in people]
    assert p["home"] in munis
    return gold


def generate(out_dir: Path, n: int, seed: int = 1) -> list[tuple[Path, dict]]:
    """n randomised minutes with gold JSON beside them, deterministic per (seed, index)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        path = out_dir / f"random_minutes_{seed}_{i:04d}.pdf"
        gold = render(seed * 100_000 + i, path)
        write_gold(path.with_suffix(".json"), gold)
        out.append((path, gold))
    return out


def main(argv: Optional[list[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("/tmp/random_minutes"))
    args = ap.parse_args(argv)
    docs = generate(args.out, args.n, args.seed)
    held = sum(g["heldout_style"] for _, g in docs)
    print(f"{len(docs)} minutes in {args.out} ({held} with held-back shapes)")


if __name__ == "__main__":
    main()
