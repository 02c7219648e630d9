"""Content of the minutes corpus: the world files, people, dates, periods and filled-in sentences.

Everything here is pure data handling (no drawing) so that what is printed and what goes into the
gold come from the same values.
"""
from __future__ import annotations

import calendar
import random
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

from corpus.common import danish_number

WORLD = Path(__file__).resolve().parent / "world"
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
SLOT = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=1)
def bank() -> dict:
    return yaml.safe_load((WORLD / "minutes_bank.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def documents() -> dict:
    return yaml.safe_load((WORLD / "minutes.yaml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- dates and periods
def fmt_date(d: date, mode: str) -> str:
    """The printed forms of a date the minutes use."""
    return {
        "long": f"{d.day}. {MONTHS[d.month - 1]} {d.year}",
        "long_noyear": f"{WEEKDAYS[d.weekday()]} den {d.day}. {MONTHS[d.month - 1]}",
        "dash": f"{d.day:02d}-{d.month:02d}-{d.year}",
        "dot": f"{d.day}.{d.month}.{d.year}",
        "dot2": f"{d.day:02d}.{d.month:02d}.{d.year}",
    }[mode]


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    i = y * 12 + m - 1 + n
    return i // 12, i % 12 + 1


def period(kind: str, text: str, start: date, end: date, precision: str) -> dict:
    return {"text": text, "due_start": start.isoformat(), "due_end": end.isoformat(),
            "precision": precision, "kind": kind}


def quarter(y: int, q: int) -> dict:
    return period("quarter", f"{q}. kvartal {y}", date(y, 3 * q - 2, 1), _month_end(y, 3 * q),
                  "quarter")


def half(y: int, h: int) -> dict:
    return period("half", f"{h}. halvår {y}", date(y, 6 * h - 5, 1), _month_end(y, 6 * h), "half")


def month(y: int, m: int) -> dict:
    return period("month", f"{MONTHS[m - 1]} {y}", date(y, m, 1), _month_end(y, m), "month")


def day(d: date, prefix: str = "") -> dict:
    return period("day", prefix + fmt_date(d, "long"), d, d, "day")


def whole_year(y: int, prefix: str = "") -> dict:
    return period("year", f"{prefix}{y}", date(y, 1, 1), date(y, 12, 31), "year")


def meeting_deadline(spec: dict, meeting: date) -> dict:
    """A deadline relative to the meeting date (kinds: see minutes_bank.yaml)."""
    kind, q = spec["kind"], (meeting.month - 1) // 3
    if kind in ("quarter_next", "quarter_after"):
        i = meeting.year * 4 + q + (1 if kind == "quarter_next" else 2)
        return quarter(i // 4, i % 4 + 1)
    if kind == "half_next":
        return half(meeting.year, 2) if meeting.month <= 6 else half(meeting.year + 1, 1)
    if kind == "month":
        return month(*_add_months(meeting.year, meeting.month, spec["months"]))
    if kind == "day":
        return day(date(*_add_months(meeting.year, meeting.month, spec["months"]), 1))
    if kind == "year_end":
        return whole_year(meeting.year)
    if kind == "year_next":
        return whole_year(meeting.year + 1)
    raise ValueError(f"unknown deadline kind {kind}")


def plan_deadline(due: Any, year: int) -> Optional[dict]:
    """A handleplan Tidsfrist; None for 'løbende' (ongoing: no deadline)."""
    if not isinstance(due, dict):
        return None
    kind, year = due["kind"], year + due.get("year_offset", 0)
    if kind == "quarter":
        return quarter(year, due["q"])
    if kind == "half":
        return half(year, due["h"])
    if kind == "month":
        return month(year, due["m"])
    if kind == "day":
        return day(date(year, due["m"], due["d"]), "senest ")
    if kind == "year_end":
        return whole_year(year, "inden udgangen af ")
    raise ValueError(f"unknown deadline kind {kind}")


def meeting_dates(meeting: date, council: str, rng: random.Random) -> list[date]:
    """Next year's meetings: same weekday as this meeting, 2nd or 3rd such day of the month."""
    months = [3, 6, 9, 12] if council == "kredsråd" else [2, 5, 9, 11]
    out = []
    for m in months:
        days = [d for d in range(1, calendar.monthrange(meeting.year + 1, m)[1] + 1)
                if date(meeting.year + 1, m, d).weekday() == meeting.weekday()]
        out.append(date(meeting.year + 1, m, days[rng.choice((1, 2))]))
    return out


def join_da(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


# ---------------------------------------------------------------- people
@dataclass
class Person:
    key: str
    name: str
    initials: str
    role: str
    organisation: str
    status: str

    @property
    def role_cap(self) -> str:
        return self.role[0].upper() + self.role[1:]

    def gold(self) -> dict:
        return {"name": self.name, "role": self.role, "organisation": self.organisation,
                "status": self.status, "initials": self.initials}


def invent_name(seed: str, taken: set[str]) -> tuple[str, str]:
    """A Danish-sounding invented name with unique initials in the document."""
    names = bank()["names"]
    rng = random.Random(seed)
    while True:
        parts = [rng.choice(names["first"])]
        if rng.random() < 0.35:
            parts.append(rng.choice(names["middle"]))
        parts.append(rng.choice(names["last"]))
        initials = "".join(p[0] for p in parts).upper()
        if initials not in taken:
            taken.add(initials)
            return " ".join(parts), initials


def attendees(doc: dict) -> list[Person]:
    """Who sat in the meeting: the council's roles, mayors per municipality for a kredsråd.
    The same role in the same district/municipality gets the same name in every year."""
    council, district = doc["council"], doc["district"]
    absent_roles = set(doc.get("absent_roles", []))
    taken: set[str] = set()
    people: list[Person] = []
    for r in bank()["roles"][council]:
        if r.get("per_municipality"):
            slots = [(m, "present") for m in doc["present"]] + [(m, "absent") for m in doc["absent"]]
        else:
            slots = [(doc.get("municipality") or doc.get("present", [""])[0],
                      "absent" if r["key"] in absent_roles else "present")]
        for muni, status in slots:
            org = {"police": district, "kommune": f"{muni} Kommune"}.get(r["org"], r["org"])
            name, ini = invent_name(f"{district}|{muni}|{r['key']}", taken)
            people.append(Person(r["key"], name, ini, r["role"], org, status))
    for muni in doc.get("deputies", []):  # an absent mayor sends the deputy mayor instead
        name, ini = invent_name(f"{district}|{muni}|VBM", taken)
        people.append(Person("VBM", name, ini, "viceborgmester", f"{muni} Kommune", "present"))
    return people


# ---------------------------------------------------------------- filled-in sentences
@dataclass
class Sent:
    """One printed sentence with the facts it carries."""
    text: str
    figures: list[dict] = field(default_factory=list)
    deadlines: list[dict] = field(default_factory=list)


def fill(template: str, ctx: dict[str, str], figs: dict[str, dict], dues: dict[str, dict]) -> Sent:
    """Fill {slots}; a [bracketed] span is the due_text of the deadline slot inside it."""
    spans = {m.group(1): SLOT.findall(m.group(1)) for m in re.finditer(r"\[(.*?)\]", template)}
    values = dict(ctx)
    values.update({k: v["printed"] for k, v in figs.items()})
    values.update({k: v["text"] for k, v in dues.items()})

    def sub(s: str) -> str:
        return SLOT.sub(lambda m: values[m.group(1)], s)

    sent = Sent(sub(template.replace("[", "").replace("]", "")))
    for slot in SLOT.findall(template):
        if slot in figs:
            f = figs[slot]
            sent.figures.append({"label": f["label"], "value": f["value"], "unit": f["unit"]})
        elif slot in dues:
            due_text = next((sub(span) for span, slots in spans.items() if slot in slots),
                            dues[slot]["text"])
            sent.deadlines.append({"actor": dues[slot]["actor"], "forum": dues[slot]["forum"],
                                   "due_text": due_text, "due_start": dues[slot]["due_start"],
                                   "due_end": dues[slot]["due_end"],
                                   "precision": dues[slot]["precision"]})
    return sent


def figure_values(specs: dict, rng: random.Random) -> dict[str, dict]:
    out = {}
    for slot, spec in (specs or {}).items():
        value = rng.randint(*spec["range"])
        out[slot] = {"value": value, "printed": danish_number(value), "label": spec["label"],
                     "unit": spec.get("unit", "")}
    return out


@dataclass
class Item:
    no: str
    key: str
    title: str
    resp: str                      # initials of the responsible attendee
    text: list[Sent]
    decision: list[Sent]
    closing: str


def build_item(no: int, key: str, doc: dict, ctx: dict[str, str], meeting: date) -> Item:
    """One agenda item of the bank, filled in for this meeting."""
    spec = bank()["items"][key]
    rng = random.Random(f"{doc['seed']}|{key}")
    figs = figure_values(spec.get("figures"), rng)
    dues = {slot: {**meeting_deadline(d, meeting), "actor": d["actor"], "forum": d["forum"]}
            for slot, d in (spec.get("deadlines") or {}).items()}
    local = dict(ctx)
    plan: list[tuple[date, str]] = []
    if spec.get("meeting_plan"):
        mode = "long_noyear" if doc.get("dates", "long") == "long" else doc["dates"]
        plan = [(d, fmt_date(d, mode)) for d in meeting_dates(meeting, doc["council"], rng)]
        local["dates"] = join_da([printed for _, printed in plan])
    text = [fill(t, local, figs, dues) for t in spec["text"]]
    decision = [fill(t, local, figs, dues) for t in spec["decision"]]
    for template, sent in zip(spec["text"], text):
        if "{dates}" in template:
            sent.deadlines += [_meeting_date_deadline(d, printed, doc) for d, printed in plan]
    return Item(str(no), key, fmt(spec["title"], local), ctx.get(spec.get("resp", ""), ""),
                text, decision, spec.get("closing", ""))


def _meeting_date_deadline(d: date, printed: str, doc: dict) -> dict:
    forum = "kredsrådet" if doc["council"] == "kredsråd" else "lokalrådet"
    return {"actor": "", "forum": forum, "due_text": printed, "due_start": d.isoformat(),
            "due_end": d.isoformat(), "precision": "day"}


def context(doc: dict, people: list[Person], meeting: date) -> dict[str, str]:
    """Placeholder values of a document: names of places and dates, attendees' initials."""
    district = doc["district"]
    ctx = {"district": district, "genitive": district.removesuffix(" Politi"),
           "kommune": f"{doc['municipality']} Kommune" if doc.get("municipality") else "",
           "year": str(meeting.year), "next_year": str(meeting.year + 1),
           "prev_year": str(meeting.year - 1), "no": str(doc.get("meeting_no") or ""),
           "council": "kredsrådet" if doc.get("council") == "kredsråd" else "lokalrådet",
           "weekday": WEEKDAYS[meeting.weekday()], "time": doc.get("time", ""),
           "place": doc.get("place", "")}
    ctx["Council"] = ctx["council"].capitalize()
    for mode in ("long", "dash", "dot", "dot2"):
        ctx[f"date_{mode}"] = fmt_date(meeting, mode)
    for p in people:
        if p.status == "present":
            ctx.setdefault(p.key, p.initials)
    mayors = [p for p in people if p.key == "BM" and p.status == "present"]
    for i, p in enumerate(mayors, 1):
        ctx[f"BM{i}"] = p.initials
    if len(mayors) > 1:  # the mayor who speaks under "Eventuelt" is not always the first listed
        ctx["BM"] = mayors[random.Random(doc["seed"]).randrange(1, len(mayors))].initials
    return ctx


def fmt(template: str, ctx: dict[str, str]) -> str:
    return SLOT.sub(lambda m: ctx[m.group(1)], template)
