"""Turns the YAML world (threads, sentence banks, phrase banks) into the content of one plan.

The content is style-independent: sections of blocks whose sentences carry their gold facts
(figures, deadlines, held-out flag). The renderer (plans.py) lays it out and adds pages.
"""
from __future__ import annotations

import calendar
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

from corpus.common import danish_number, parse_danish_number

WORLD = Path(__file__).parent / "world"
UNITS = {"pct.", "procent", "kr.", "mio. kr.", "km²", "timer", "minutter"}
NUM_WORDS = {3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "syv", 8: "otte"}
FIG_RE = re.compile(r"\[\[(.+?)\|(.+?)\]\]")
DUE_RE = re.compile(r"<(.+?)>")


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    return yaml.safe_load((WORLD / name).read_text(encoding="utf-8"))


@dataclass
class Sent:
    id: int
    text: str
    heldout: bool = False
    box: bool = False
    area: Optional[str] = None
    figures: list = field(default_factory=list)
    deadline: Optional[dict] = None


@dataclass
class Block:
    kind: str                    # para | box | callout | table | diagram | footnote
    sents: list = field(default_factory=list)
    data: Any = None


@dataclass
class Area:
    title: str                   # as printed, without numbering
    thread: str
    category: str
    status: str                  # declared: continued | new | unknown
    from_year: Optional[int]
    heldout: bool
    blocks: list
    true_status: str             # what the threads say (continued | new | first)


@dataclass
class Section:
    key: str
    title: str
    blocks: list = field(default_factory=list)
    areas: list = field(default_factory=list)


@dataclass
class PlanContent:
    district: dict
    year: int
    title: str
    label: str
    sections: list
    sentences: list


class Builder:
    def __init__(self, dkey: str, year: int):
        self.world = load("plans.yaml")
        self.texts = load("plans_texts.yaml")
        self.dev = load("plans_phrases.yaml")
        self.held = load("heldout_phrases.yaml")
        self.d = self.world["districts"][dkey]
        self.year = year
        self.rng = random.Random(f"plan-{self.d['short']}-{year}")
        self.sents: list[Sent] = []
        self.munis = list(self.d["municipalities"])

    # -- sentences --------------------------------------------------------------------
    def fill(self, text: str, **extra: Any) -> str:
        k1, k2 = self.rng.sample(self.munis, 2)
        values = {"district": self.d["name"], "hq": self.d["hq"], "kommune": k1, "kommune2": k2,
                  "y": self.year, "y1": self.year - 1}
        values.update(extra)
        return text.format(**values)

    def sent(self, text: str, area: Optional[str] = None, heldout: bool = False,
             box: bool = False, deadline: Optional[dict] = None) -> Sent:
        text, figures = self._figures(text)
        s = Sent(len(self.sents), text, heldout, box, area, figures, deadline)
        self.sents.append(s)
        return s

    def _figures(self, text: str) -> tuple[str, list]:
        figures = []

        def repl(m: re.Match) -> str:
            spec, label = m.group(1), m.group(2)
            num, _, rest = spec.partition(" ")
            if num.startswith(("N:", "D:")):
                lo, hi = (float(v) for v in num[2:].split("-"))
                if num[0] == "N":
                    printed = danish_number(self.rng.randint(int(lo), int(hi)))
                else:
                    printed = danish_number(round(self.rng.uniform(lo, hi), 1), 1)
            else:
                printed = num
            # number words are figures too ("syv fokusområder", "fire gange om året")
            words = {w: n for n, w in NUM_WORDS.items()}
            value = words[printed] if printed in words else parse_danish_number(printed)
            figures.append({"label": label, "value": value,
                            "unit": rest if rest in UNITS else "", "text": f"{printed} {rest}".strip()})
            return f"{printed} {rest}".strip()
        return FIG_RE.sub(repl, text), figures

    # -- phrase banks -----------------------------------------------------------------
    def pick(self, kind: str, section: str = "status", p_held: float = 0.27) -> tuple[dict, bool]:
        held = self.held[section].get(kind) or []
        if held and self.rng.random() < p_held:
            return self.rng.choice(held), True
        return self.rng.choice(self.dev[section][kind]), False

    def deadline(self, area: Optional[str], actor_ok: bool = True) -> Sent:
        """One reporting-duty sentence with its gold deadline."""
        held = self.rng.random() < 0.3
        entry = self.rng.choice((self.held if held else self.dev)["deadlines"])
        actor, Actor = self.rng.choice(self.texts["actors"])
        forum = entry.get("forum") or self.rng.choice(
            [f for f in self.texts["forums"] if f != actor])
        y = self.year
        dy = y + 1 if self.rng.random() < 0.2 else y
        q, h = self.rng.randint(1, 4), self.rng.randint(1, 2)
        m = self.rng.randint(3 if dy == y else 1, 12)   # a plan does not set a deadline in January of its own year
        d = self.rng.choice([1, 1, 15, 30]) if m != 2 else 1
        d = min(d, calendar.monthrange(dy, m)[1])
        month = self.texts["months"][m - 1]
        raw = entry["text"].format(Actor=Actor, actor=actor, forum=forum, q=q, h=h, d=d,
                                   month=month, dy=dy)
        due_text = DUE_RE.search(raw).group(1)
        start, end, prec = due_period(entry["kind"], y, dy, q, h, m, d)
        gold = {"area_title": area, "actor": actor, "forum": forum, "due_text": due_text,
                "due_start": start, "due_end": end, "precision": prec, "heldout": held}
        return self.sent(DUE_RE.sub(r"\1", raw), area, held, deadline=gold)

    def programme(self, area: str) -> Sent:
        entry = self.rng.choice(self.dev["programmes"])
        y2 = self.year + entry["span"] - 1
        raw = entry["text"].format(y=self.year, y2=y2)
        due_text = DUE_RE.search(raw).group(1)
        start = f"{self.year}-01-01" if "–" in due_text else f"{y2}-01-01"
        gold = {"area_title": area, "actor": "", "forum": "", "due_text": due_text,
                "due_start": start, "due_end": f"{y2}-12-31", "precision": "year",
                "heldout": False}
        return self.sent(DUE_RE.sub(r"\1", raw), area, deadline=gold)


def due_period(kind: str, y: int, dy: int, q: int, h: int, m: int, d: int
               ) -> tuple[str, str, str]:
    """SPEC mapping of a printed period to due_start..due_end and precision."""
    if kind in ("quarter_noyear", "last_meeting", "q3_noyear"):
        dy = y
        q = 4 if kind == "last_meeting" else 3 if kind == "q3_noyear" else q
        kind = "quarter"
    if kind == "half2":
        h, kind = 2, "half"
    if kind == "quarter":
        m0, m1 = 3 * q - 2, 3 * q
        return f"{dy}-{m0:02d}-01", f"{dy}-{m1:02d}-{calendar.monthrange(dy, m1)[1]}", "quarter"
    if kind == "half":
        return (f"{dy}-01-01", f"{dy}-06-30", "half") if h == 1 else \
            (f"{dy}-07-01", f"{dy}-12-31", "half")
    if kind == "month":
        return f"{dy}-{m:02d}-01", f"{dy}-{m:02d}-{calendar.monthrange(dy, m)[1]}", "month"
    if kind == "day":
        return f"{dy}-{m:02d}-{d:02d}", f"{dy}-{m:02d}-{d:02d}", "day"
    return f"{dy}-01-01", f"{dy}-12-31", "year"


# ---------------------------------------------------------------------------------------------
def thread_title(thread: dict, year: int) -> str:
    keys = sorted(k for k in thread["titles"] if k <= year)
    return thread["titles"][keys[-1]]


def active_threads(d: dict, year: int) -> list[dict]:
    return [t for t in d["threads"] if t["years"][0] <= year <= t["years"][1]]


def previous_plan_year(d: dict, thread: dict, year: int) -> Optional[int]:
    """The last earlier plan year of the district in which the thread lived."""
    earlier = [y for y in d["years"] if y < year and thread["years"][0] <= y <= thread["years"][1]]
    return earlier[-1] if earlier else None


def lc_first(t: str) -> str:
    # keep acronyms (PSP-, SSP-) capitalised
    return t if t[:2].isupper() else t[0].lower() + t[1:]


def join_list(items: list[str]) -> str:
    items = [f"»{i}«" for i in items]
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


# ---------------------------------------------------------------------------------------------
def build_plan(dkey: str, year: int, compact: bool = False) -> PlanContent:
    """All content of one plan: sections, areas with declared status, tables, gold facts."""
    b = Builder(dkey, year)
    d, rng, tx = b.d, b.rng, b.texts
    label = rng.choice(load("plans.yaml")["collective_labels"])
    noun = {"Fokusområder": "fokusområdet"}.get(label, rng.choice(["indsatsområdet", "indsatsen"]))
    threads = active_threads(d, year)
    if compact:
        threads = threads[:4]
    plans = [_plan_area(b, t, noun) for t in threads]
    use_foreword = rng.random() < 0.35
    fw_areas = [p for p in plans if p["mode"] == "foreword"] if use_foreword else []
    for p in plans:
        if p["mode"] == "foreword" and not use_foreword:
            p["mode"] = "sentence"
    sections = [_foreword(b, year, label, len(plans), fw_areas)]
    sections.append(_organisation(b, compact))
    if not compact:
        sections.append(_bank_section(b, "crime", "crime_picture"))
        if rng.random() < 0.6:
            sections.append(_bank_section(b, "local", "local_police"))
    areas_sec = Section("areas", label)
    intro = [b.sent(b.fill(rng.choice(tx["areas_intro"]), n_word=NUM_WORDS[len(plans)],
                           label_lc=label.lower()))]
    intro.append(b.sent(b.fill(rng.choice(tx["areas_intro_2"]))))
    areas_sec.blocks.append(Block("para", intro))
    areas_sec.areas = [_area(b, p, noun, compact) for p in plans]
    sections.append(areas_sec)
    if not compact:
        sections.append(_orgchart(b))
    sections.append(_figures(b, compact))
    return PlanContent(d, year, f"Samarbejdsplan {year}", label, sections, b.sents)


def _plan_area(b: Builder, t: dict, noun: str) -> dict:
    """Decide title, true status and how (and whether) the status is declared."""
    d, year, rng = b.d, b.year, b.rng
    prev = previous_plan_year(d, t, year)
    first_plan = year == d["years"][0]
    true = "first" if first_plan else ("continued" if prev else "new")
    from_year = prev if prev else (year - 1 if first_plan and rng.random() < 0.5 else None)
    status = "continued" if from_year else ("new" if true == "new" else "unknown")
    claim = (t.get("claims") or {}).get(year)
    if claim:
        status, from_year = claim["status"], claim.get("from")
    r = rng.random()
    if claim:
        r = 0.99   # a planted (wrong) claim must be printed as a status sentence
    if status == "unknown" or r < 0.14:
        mode = "none"
    elif status == "continued" and r < 0.30 and not claim:
        mode = "heading"
    elif r < 0.50:
        mode = "foreword"
    else:
        mode = "sentence"
    if mode == "none":
        status, from_year = "unknown", None
    return {"thread": t, "title": thread_title(t, year), "true": true, "status": status,
            "from": from_year, "mode": mode, "prev": prev, "heldout": False}


def _status_sentence(b: Builder, p: dict, noun: str) -> tuple[str, bool]:
    kind = "continued_sentence" if p["status"] == "continued" else "new_sentence"
    entry, held = b.pick(kind)
    if p["status"] == "continued" and entry.get("from") == "prev" and p["from"] != b.year - 1:
        entry, held = b.dev["status"][kind][0], False   # "last year" would be a lie here
    if p["status"] == "continued" and entry.get("from") == "none":
        p["from"] = None
    text = entry["text"].format(Noun=noun.capitalize(), noun=noun, y=b.year, fy=p["from"],
                                nyt="ny" if noun == "indsatsen" else "nyt")
    return text, held


def _area(b: Builder, p: dict, noun: str, compact: bool) -> Area:
    rng, t = b.rng, p["thread"]
    title = p["title"]
    if p["mode"] == "heading":
        entry, held = b.pick("continued_heading")
        title = entry["text"].format(t=lc_first(title), T=title)
        p["heldout"] = held
        p["from"] = None if "{fy}" not in entry["text"] else p["from"]
    bank = b.texts["areas"][t["category"]]
    n = rng.randint(3, 4) if compact else rng.randint(5, 8)
    chosen = sorted(rng.sample(range(len(bank)), min(n, len(bank))))
    sents = [b.sent(b.fill(bank[i]), title) for i in chosen]
    for other in b.d["threads"]:
        if other.get("merged_into") == t["id"] and other["years"][1] == p["prev"]:
            sents.insert(1, b.sent(b.fill(b.texts["merge_sentence"], noun=noun,
                                          old=lc_first(thread_title(other, p["prev"]))), title))
    n_dead = rng.choices([0, 1, 2], [25, 50, 25])[0]
    for _ in range(n_dead):
        sents.append(b.deadline(title))
    if rng.random() < 0.18:
        sents.append(b.programme(title))
    if p["mode"] == "sentence":
        text, held = _status_sentence(b, p, noun)
        sents.append(b.sent(text, title, held))
        p["heldout"] = held
    n_par = 1 if len(sents) < 4 else rng.randint(2, 3)
    cuts = sorted(rng.sample(range(1, len(sents)), n_par - 1)) if n_par > 1 else []
    blocks, last = [], 0
    for c in cuts + [len(sents)]:
        blocks.append(Block("para", sents[last:c]))
        last = c
    callouts = load("plans.yaml")["callouts"][t["category"]]
    if len(blocks) > 1 and rng.random() < 0.6:
        blocks.insert(1, Block("callout", data=rng.choice(callouts)))
    return Area(title, t["id"], t["category"], p["status"], p["from"] if p["status"] == "continued"
                else None, p["heldout"], blocks, p["true"])


def _foreword(b: Builder, year: int, label: str, n_areas: int, fw_areas: list) -> Section:
    rng, tx = b.rng, b.texts
    sec = Section("forord", "Forord")
    pool = tx["foreword"]
    picks = [pool[0]] + rng.sample(pool[1:], 3)
    sents = [b.sent(b.fill(s, n_areas=NUM_WORDS[n_areas], label_lc=label.lower())) for s in picks]
    if fw_areas:
        sents.append(_foreword_list(b, fw_areas))
    if rng.random() < 0.5:
        sents.append(b.deadline(None))
    sec.blocks = [Block("para", sents[:2]), Block("para", sents[2:])]
    return sec


def _foreword_list(b: Builder, fw: list) -> Sent:
    cont = [p for p in fw if p["status"] == "continued"]
    new = [p for p in fw if p["status"] == "new"]
    kind = "foreword_list" if cont and new else "foreword_list_all_continued"
    if not cont:   # only new areas: state them with the new-sentence phrasing in the foreword
        text = f"Nyt i samarbejdsplanen er {join_list([lc_first(p['title']) for p in new])}."
        return b.sent(text)
    entry, held = b.pick(kind)
    fy = cont[0]["from"]
    if entry.get("from") == "prev" and fy != b.year - 1:
        # "last year's plan" would name the wrong year after a missing plan year
        entry, held = next(e for e in b.dev["status"][kind] if e.get("from") == "year"), False
    for p in cont:   # one from-year for the whole list: the sentence names it once
        p["from"] = fy if entry.get("from") == "year" else b.year - 1
    if entry.get("from") == "prev":
        for p in cont:
            p["from"] = b.year - 1
    text = entry["text"].format(fy=fy, cont=join_list([lc_first(p["title"]) for p in cont]),
                                new=join_list([lc_first(p["title"]) for p in new]))
    for p in fw:
        p["heldout"] = held
    return b.sent(text[0].upper() + text[1:], heldout=held)


def _organisation(b: Builder, compact: bool) -> Section:
    rng, org = b.rng, b.texts["organisation"]
    sec = Section("org", rng.choice(b.texts["section_titles"]["org"]))
    groups = ["kredsraad", "kontaktudvalg", "lokalraad"] + ([] if compact else ["other"])
    for g in groups:
        n = len(org[g]) if not compact else 1
        sec.blocks.append(Block("para", [b.sent(b.fill(s)) for s in org[g][:n]]))
        if g == "kredsraad":
            law = rng.sample(b.texts["law_boxes"], 1 if compact else 2)
            sec.blocks.append(Block("box", [b.sent(s, box=True) for s in law]))
    if not compact and rng.random() < 0.7:
        sec.blocks.append(Block("diagram", data={"kind": "coop", "labels": b.texts["coop_diagram"],
                                                "munis": b.munis}))
    return sec


def _bank_section(b: Builder, key: str, bank: str) -> Section:
    """A general section: a few sentences from a bank, in two or three paragraphs."""
    rng, cfg = b.rng, b.texts[bank]
    sec = Section(key, rng.choice(cfg["title"]))
    pool = cfg["sentences"]
    chosen = sorted(rng.sample(range(len(pool)), rng.randint(5, len(pool))))
    sents = [b.sent(b.fill(pool[i])) for i in chosen]
    cut = rng.randint(2, len(sents) - 2)
    sec.blocks = [Block("para", sents[:cut]), Block("para", sents[cut:])]
    return sec


def _orgchart(b: Builder) -> Section:
    sec = Section("orgchart", b.rng.choice(b.texts["section_titles"]["orgchart"]))
    sec.blocks.append(Block("para", [b.sent(s) for s in b.texts["orgchart_sentences"]]))
    sec.blocks.append(Block("diagram", data={"kind": "org", **b.texts["org_chart"]}))
    return sec


def _figures(b: Builder, compact: bool) -> Section:
    rng, tx, d, y = b.rng, b.texts["figures"], b.d, b.year
    sec = Section("tal", rng.choice(b.texts["section_titles"]["tal"]))
    sec.blocks.append(Block("para", [b.sent(b.fill(rng.choice(tx["intro"])))]))
    munis = d["municipalities"]
    pop_total = sum(v[1] for v in munis.values())
    with_fte = rng.random() < 0.5
    staff = [["Faggruppe", "Ansatte"] + (["Årsværk"] if with_fte else [])]
    tot_n, tot_f = 0, 0.0
    for g, per in load("plans.yaml")["staff_groups"].items():
        n = int(per * pop_total / 100000 * rng.uniform(0.93, 1.07))
        f = round(n * rng.uniform(0.9, 0.98), 1)
        tot_n, tot_f = tot_n + n, tot_f + f
        staff.append([g, danish_number(n)] + ([danish_number(f, 1)] if with_fte else []))
    staff.append(["I alt", danish_number(tot_n)] + ([danish_number(round(tot_f, 1), 1)] if with_fte else []))
    rows = [["Kommune", "Areal (km²)", "Indbyggere *)"]]
    ta, tp = 0.0, 0
    for name, (area, pop) in munis.items():
        p = int(pop * (1 + 0.004 * (y - 2016)) + rng.randint(-300, 300))
        ta, tp = ta + area, tp + p
        rows.append([name, danish_number(area, 1), danish_number(p)])
    rows.append(["I alt", danish_number(round(ta, 1), 1), danish_number(tp)])
    sec.blocks.append(Block("table", data={"rows": staff, "ruled": True}))
    sec.blocks.append(Block("table", data={"rows": rows, "ruled": compact or rng.random() < 0.5,
                                           "footnote": tx["footnote"][1].format(y=y)}))
    sec.blocks.append(Block("para", [b.sent(b.fill(rng.choice(tx["source"])))]))
    return sec
