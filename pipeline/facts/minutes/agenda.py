"""Agenda items and attendance lists of a referat, read top to bottom from the event stream.

Items come as prose under numbered headings ("Pkt. 3.", "Ad 3)", "3. Titel") or as an agenda table
(Pkt. | Emne | Ansvarlig | Beslutning | Status) that may run over several pages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from pipeline.facts.minutes.people import (Person, Section, attendance_label, attendee_table_columns,
                                           group_label, is_prose_sentence, label_rest,
                                           name_of, org_word_start, parse_entry, people_from_table)
from pipeline.datafiles import alternation
from pipeline.facts.minutes.text import Event, clean, column_map, norm, phrases, sentence_texts
from pipeline.lang.dehyphenate import join_lines
from pipeline.model import TableData


@dataclass
class Item:
    no: str
    title: str
    page: int
    lines: list[str] = field(default_factory=list)
    decision: str = ""          # set directly by tables; prose decisions are found in `lines`
    responsible: str = ""
    status: str = ""
    source: str = "prose"
    title_open: bool = False    # the heading block may still continue the title on the next line
    block: int = -1
    line_blocks: list[int] = field(default_factory=list)   # block id of each line in `lines`
    line_pages: list[int] = field(default_factory=list)    # page of each line in `lines`
    mixed: bool = False         # the decision cell holds the account too: its concluding statement decides

    def page_of(self, snippet: str) -> int:
        """The page a piece of the item's text is printed on (an item may run over a page
        break; a fact belongs where its own words are)."""
        key = " ".join(snippet.split())
        for line, page in zip(self.lines, self.line_pages):
            if key and key in " ".join(line.split()):
                return page
        return self.page

    @property
    def text(self) -> str:
        """The whole text of the item: its paragraphs, and a table row's decision and status cells."""
        cells = [self.decision, self.status] if self.source == "table" else []
        return " ".join(t for t in [*self.paragraphs(), *cells] if t)

    @property
    def body(self) -> str:
        return join_lines(self.lines)

    def paragraphs(self) -> list[str]:
        """Body lines joined per layout block, so a list line without a full stop ends its sentence."""
        paras: list[list[str]] = []
        for i, line in enumerate(self.lines):
            block = self.line_blocks[i] if i < len(self.line_blocks) else -1
            before = self.line_blocks[i - 1] if 0 < i <= len(self.line_blocks) else -1
            if not paras or i == 0 or block != before or block == -1:
                paras.append([])
            paras[-1].append(line)
        return [join_lines(p) for p in paras]


@dataclass
class Minutes:
    items: list[Item] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)


# ---------------------------------------------------------------- item headings

@lru_cache(maxsize=1)
def _heading_re() -> re.Pattern:
    prefixes = alternation(phrases()["item_prefixes"])
    return re.compile(
        rf"^\s*(?P<prefix>(?:{prefixes})\s*)?(?P<no>\d{{1,2}}(?:\.\d{{1,2}})?[a-z]?)"
        rf"\s*(?P<punct>[.):\-–]?)\s*(?P<title>.*)$", re.IGNORECASE)


def item_heading(text: str, last_no: int, restart: bool = True) -> Optional[tuple[str, str]]:
    """(item_no, title) if the line opens an agenda item, else None.

    Numbers must follow the last item (or restart at 1 after an agenda list, ``restart``) and the
    title must not start in lower case, so dates ("14. marts"), quarters ("2. kvartal"), a wrapped
    "pkt. 3 fra sidste møde" and numbered lists inside an item never open an item."""
    m = _heading_re().match(text)
    if not m:
        return None
    no, title = m.group("no"), clean(m.group("title"))
    if title[:1].islower() or not _in_sequence(no, last_no, restart):
        return None
    if m.group("prefix"):
        prefix = m.group("prefix").strip()
        keep = ("." not in no or prefix.lower().startswith("pkt")) and not prefix[:1].islower()
        return (no, title) if keep else None
    if "." in no or not title or not title[0].isupper():
        return None
    if not m.group("punct") and not re.match(r"\d+\s{1,3}[A-ZÆØÅ]", text.strip()):
        return None
    return no, title


def _in_sequence(no: str, last_no: int, restart: bool) -> bool:
    n = int(re.match(r"\d+", no).group())
    return (n == 1 and restart) or last_no < n <= last_no + 3 or (n == last_no and "." in no)


def _agenda_start(text: str) -> bool:
    words = alternation(phrases()["agenda_start"])
    return bool(re.match(rf"^\s*(?:{words})\s*:?\s*$", text, re.IGNORECASE))


# ---------------------------------------------------------------- agenda tables

def agenda_columns(table: TableData) -> Optional[dict[str, int]]:
    """Column meanings of an agenda table's header row, or None if it is not one."""
    for row in table.rows[:2]:
        cols = column_map(row, phrases()["agenda_table_columns"])
        if "title" in cols and "item_no" not in cols:
            cols = _with_number_column(table, cols)
        if "title" in cols and ("item_no" in cols or "decision" in cols):
            return cols
    return None


def _with_number_column(table: TableData, cols: dict[str, int]) -> dict[str, int]:
    # An unlabelled first column of "1.", "2." ... is the item number.
    body = table.rows[1:]
    for i in range(_width(table)):
        cells = [clean(r[i] or "") for r in body if i < len(r) and r[i]]
        if i not in cols.values() and cells and \
                sum(bool(re.fullmatch(r"\d{1,2}[.)]?", c)) for c in cells) >= 0.6 * len(cells):
            return {**cols, "item_no": i}
    return cols


def _is_header(row: list, cols: dict[str, int]) -> bool:
    cell = row[cols["title"]] if cols["title"] < len(row) else ""
    return norm(cell or "") in [norm(str(w)) for w in phrases()["agenda_table_columns"]["title"]]


class TableReader:
    """Reads agenda tables; a later table with the same columns continues the previous one."""

    def __init__(self) -> None:
        self.cols: Optional[dict[str, int]] = None
        self.width = 0
        self.items: list[Item] = []
        self.adjacent = False   # nothing but page furniture since the last agenda table
        self.col_x: list[float] = []   # left edge of each column, from the header words
        self.mixed = False             # the decision column also holds the account ("Beslutning/referat")

    def accepts(self, table: TableData) -> bool:
        if agenda_columns(table):
            return True
        if self.cols is None or attendee_table_columns(table) is not None:
            return False
        # The table finder may see one column fewer on a page where a column happens to be empty.
        return _width(table) == self.width or (self.adjacent and _width(table) >= 3)

    def read(self, table: TableData, words: Optional[list] = None) -> None:
        cols = agenda_columns(table)
        if cols:
            self.cols, self.width = cols, _width(table)
            self.mixed = _mixed_decision_column(table, cols)
            self.col_x = _column_edges(table, words or []) or self.col_x
        bold = self._bold_title_words(words or [])
        for row in table.rows:
            if not any(c and c.strip() for c in row) or _is_header(row, self.cols):
                continue
            self._row(row, table.page, bold)
        self.adjacent = True

    def _bold_title_words(self, words: list) -> set[str]:
        """Bold words of the title column: the printed title; the plain words after it describe."""
        i = self.cols.get("title") if self.cols else None
        if i is None or len(self.col_x) <= i:
            return set()
        right = self.col_x[i + 1] if i + 1 < len(self.col_x) else float("inf")
        return {w.text for w in words if w.bold and self.col_x[i] - 2 <= w.x0 < right - 2}

    def _row(self, row: list, page: int, bold: set[str]) -> None:
        cell = lambda k: join_lines((row[self.cols[k]] or "").splitlines()) \
            if k in self.cols and self.cols[k] < len(row) else ""
        no = re.sub(r"^(?:pkt|punkt)\.?\s*", "", clean(cell("item_no")), flags=re.IGNORECASE).rstrip(".)")
        title_cell = cell("title")
        if "item_no" not in self.cols:
            # "Dagsordenpunkt" cells carry number and title together: "3. Orientering om ...".
            m = re.match(r"^\s*(\d{1,2})[.)]?\s+(?=\S)", title_cell)
            if m:
                no, title_cell = m.group(1), title_cell[m.end():]
        title, rest = split_title(title_cell, bold)
        if self.items and (not no or no == self.items[-1].no):
            # A row without a number is the rest of the item above, split by the page break.
            last = self.items[-1]
            first = (cell("title").split() or [""])[0]
            if last.lines or (bold and not _is_bold(first, bold)):
                # The title is complete (or this cell starts in plain print): all description.
                title, rest = "", cell("title")
            last.title = join_lines([last.title, title])
            more = [t for t in (rest, cell("description")) if t]
            last.lines += more
            last.line_pages += [page] * len(more)
            last.decision = join_lines([last.decision, cell("decision")])
            last.mixed = self.mixed
            last.responsible = join_lines([last.responsible, cell("responsible")])
            last.status = join_lines([last.status, cell("status")])
            return
        lines = [t for t in (rest, cell("description")) if t]
        self.items.append(Item(no or str(len(self.items) + 1), title, page, lines=lines,
                               line_pages=[page] * len(lines),
                               decision=cell("decision"), responsible=cell("responsible"),
                               status=cell("status"), source="table", mixed=self.mixed))


def split_title(text: str, bold: set[str]) -> tuple[str, str]:
    """(title, description) of a title cell: the title is the cell's leading run of bold words;
    without bold print, the description starts at the first sentence opener after the title."""
    tokens = text.split()
    n = 0
    while n < len(tokens) and _is_bold(tokens[n], bold):
        n += 1
    if n == 0 and not bold:
        n = _sentence_start(tokens)
    if n == 0 or n == len(tokens):
        return text, ""
    return " ".join(tokens[:n]), " ".join(tokens[n:])


def _is_bold(token: str, bold: set[str]) -> bool:
    # "SSP-samarbejdet" was printed as the bold words "SSP-" and "samarbejdet" over a line break.
    return token in bold or ("-" in token and all(p in bold for p in re.findall(r"[^-]+-|[^-]+$", token)))


def _sentence_start(tokens: list[str]) -> int:
    """Index of the first token that opens a description sentence: initials followed by a verb
    ("MDV gennemgik") or a usual sentence opener ("Der", "Politiet"), only when a full stop follows."""
    openers = {w.lower() for w in phrases()["sentence_openers"]}
    for i in range(1, len(tokens) - 1):
        initials = re.fullmatch(r"[A-ZÆØÅ]{2,4}", tokens[i]) and tokens[i + 1][:1].islower()
        opener = tokens[i][:1].isupper() and tokens[i].lower() in openers
        if (initials or opener) and "." in " ".join(tokens[i:]):
            return i
    return 0


def _column_edges(table: TableData, words: list) -> list[float]:
    """x0 of each header cell's first word, found among the words of the table's top row."""
    if not words or not table.rows:
        return []
    top = min(w.top for w in words)
    header_words = [w for w in words if w.top <= top + 3]
    edges = []
    for cell in table.rows[0]:
        first = (cell or "").split()[:1]
        match = next((w for w in header_words if first and w.text == first[0]), None)
        if match is None:
            return []
        edges.append(match.x0)
    return edges


def _mixed_decision_column(table: TableData, cols: dict[str, int]) -> bool:
    """A header like "Beslutning/referat" names both a decision and an account of the item."""
    i = cols.get("decision")
    header = next((r for r in table.rows[:2] if i is not None and i < len(r) and r[i]), None)
    if header is None:
        return False
    words = set(re.split(r"[\s/]+", norm(header[i])))
    return bool(words & {norm(str(w)) for w in phrases()["agenda_table_columns"]["description"]})


def _width(table: TableData) -> int:
    return max((len(r) for r in table.rows), default=0)


# ---------------------------------------------------------------- the walk

class Walker:
    """One pass over the stream: attendance sections, prose items, agenda tables."""

    def __init__(self) -> None:
        self.out = Minutes()
        self.section: Optional[Section] = None
        self.item: Optional[Item] = None
        self.tables = TableReader()
        self.last_no = 0
        self.prose_items: list[Item] = []
        self.restarted = False
        self.pending: list[str] = []           # lines of the attendance block being read
        self.pending_block: Optional[int] = None

    def walk(self, events: list[Event]) -> Minutes:
        for ev in events:
            if ev.is_table:
                self._flush_pending()
                self._table(ev.table, ev.words)
            else:
                self._line(ev)
        self._flush_pending()
        self.out.items = merge_items(self.tables.items or self.prose_items)
        return self.out

    def _table(self, table: TableData, words: list) -> None:
        if self.tables.accepts(table):
            self.tables.read(table, words)
            self.section = None
        elif self.section is not None or attendee_table_columns(table):
            self.out.people += people_from_table(table, self.section)

    def _line(self, ev: Event) -> None:
        text = ev.text.strip()
        self.tables.adjacent = False
        section = attendance_label(text)
        if section is not None:
            self._open_section(section, label_rest(text), ev)
            return
        if self.section is not None and self._list_line(ev, text):
            return
        head = item_heading(text, self.last_no, self._may_restart())
        if head:
            self._open_item(head, ev)
        elif _agenda_start(text):
            self.item = None
        elif self.item is not None:
            self._continue_item(ev, text)

    def _open_section(self, section: Section, rest: str, ev: Event) -> None:
        self._flush_pending()
        # "Referent: X" under the items signs the minutes: it names a participant's role at most.
        section.signature = section.role in phrases()["signature_roles"] and \
            bool(self.prose_items or self.tables.items)
        self.section, self.item = section, None
        if rest:
            self.pending, self.pending_block = [rest], ev.block

    def _list_line(self, ev: Event, text: str) -> bool:
        """Collect a line of the open attendance list; False ends the list."""
        if re.search(phrases()["attendance_event"], text, re.IGNORECASE):
            self._flush_pending()  # a late arrival or early departure: no entry, the list goes on
            return True
        if self.pending and _continues(self.pending[-1], text) and not _agenda_start(text):
            self.pending.append(text)  # the entry above stopped mid-way: this line finishes it
            self.pending_block = ev.block
            return True
        if (_agenda_start(text) or item_heading(text, self.last_no, self._may_restart())
                or (ev.kind == "heading" and not _looks_like_entry(text)) or is_prose_sentence(text)):
            self._flush_pending()
            self.section = None
            return False
        if ev.block != self.pending_block and not (self.pending and _continues(self.pending[-1], text)):
            self._flush_pending()  # a new block is a new entry, unless the last one stopped mid-way
        self.pending.append(text)
        self.pending_block = ev.block
        return True

    def _flush_pending(self) -> None:
        """Parse the collected lines of one layout block: wrapped entries are glued first."""
        sec, lines = self.section, self.pending
        self.pending, self.pending_block = [], None
        if sec is None or not lines:
            return
        for entry in merge_wrapped(lines):
            group = group_label(entry)
            if group:
                sec.group_org = group
                continue
            start = len(sec.people)
            parse_entry(entry, sec.status, sec.role, 0, into=sec.people)
            for person in sec.people[start:]:
                person.organisation = person.organisation or sec.group_org
        if sec.signature:
            self._sign(sec.people, sec.role)
            return
        for person in sec.people:
            if all(person is not p for p in self.out.people):
                person.hint = sec.label
                self.out.people.append(person)

    def _sign(self, signers: list[Person], role: str) -> None:
        known = {p.name.lower(): p for p in self.out.people}
        for signer in signers:
            person = known.get(signer.name.lower())
            if person is not None and not person.role:
                person.role = role

    def _may_restart(self) -> bool:
        # Numbering restarts at 1 only after an agenda list (items with next to no text of their own),
        # not for a numbered list inside an item.
        items = self.prose_items
        return not self.restarted and sum(len(i.lines) for i in items) <= len(items)

    def _open_item(self, head: tuple[str, str], ev: Event) -> None:
        self._flush_pending()
        no, title = head
        # "Ad 3." alone after an agenda list: the list gave the title, the next line is body text.
        listed = any(i.no == no and i.title for i in self.prose_items)
        self.item = Item(no, title, ev.page, block=ev.block,
                         title_open=(ev.kind == "heading" and bool(title)) or (not title and not listed))
        self.restarted = self.restarted or (bool(self.prose_items) and self.item.no == "1")
        self.prose_items.append(self.item)
        self.last_no = int(re.match(r"\d+", no).group())

    def _continue_item(self, ev: Event, text: str) -> None:
        item = self.item
        labelled = _decision_label_re().match(text) or _other_label_re().match(text)
        if item.title_open and not labelled and (not item.title or (ev.kind == "heading" and ev.block == item.block)):
            item.title = join_lines([item.title, text])
            item.block = ev.block
            return
        if item.title and not item.lines and ev.block == item.block and text[:1].islower() and not labelled:
            # An agenda list line wrapped: "... kriminalitetsbekæmpende og" / "kriminalpræventive indsats".
            item.title = join_lines([item.title, text])
            return
        item.title_open = False
        item.lines.append(text)
        item.line_blocks.append(ev.block)
        item.line_pages.append(ev.page)


# ---------------------------------------------------------------- attendance lines

def _looks_like_entry(text: str) -> bool:
    """A line that continues or adds to a list of people (layout may have styled it as a heading)."""
    listed = parse_entry(text, "present") or group_label(text)
    return bool(listed) or text[:1].islower() or text.startswith("(")


def merge_wrapped(lines: list[str]) -> list[str]:
    """List entries from printed lines: an entry wrapped over lines is glued back together.

    With ";" between entries the whole block is one run of entries; otherwise a line continues the
    one above when that ends mid-entry ("-", ",", "og") or it starts mid-entry (lower case, "(",
    a lone "Politi")."""
    if any(";" in ln for ln in lines):
        return [join_lines(lines)]
    out: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line):
            out[-1] = join_lines([out[-1], line])
        else:
            out.append(line)
    return out


def _continues(prev: str, nxt: str) -> bool:
    prev, nxt = prev.rstrip(), nxt.strip()
    leads = alternation(phrases()["absence_reason_leads"])
    if prev.endswith(("-", ",", "(")) or re.search(rf"(?:\b(?:og|samt|for|i|fra)|(?<!\w)(?:{leads}))$", prev):
        return True
    last = prev.rsplit(",", 1)[-1].strip()
    head = re.split(r"[,(;]", nxt, 1)[0].split()
    if len(head) == 1 and re.match(r"^\s*\S+\s*[(,;]", nxt) and "(" not in last \
            and (len(last.split()) == 1 or "," in prev) and name_of(f"{last} {head[0]}"):
        return True  # "..., Lars Bak" / "Pallesen (LBP), ...": a name broken before its surname
    if len(nxt.split()) == 1 and nxt[:1].isupper() and len(last.split()) == 1 and org_word_start(last):
        return True  # "..., Boligforeningen" / "Fremtiden": the organisation's name goes on
    # "Sydsjællands og Lolland-Falsters" / "Politi (tjenesterejse)": an organisation word opens no entry.
    return nxt[:1].islower() or nxt.startswith("(") or bool(org_word_start(nxt))


# ---------------------------------------------------------------- decisions

def merge_items(items: list[Item]) -> list[Item]:
    """One item per number: an agenda list at the top and the item's own section are the same item
    (the section, later in the document, wins a tie: a list line may have swallowed a heading)."""
    by_no: dict[str, Item] = {}
    for item in items:
        seen = by_no.get(item.no)
        if seen is None:
            by_no[item.no] = item
        elif _weight(item) >= _weight(seen):
            item.title = item.title or seen.title
            by_no[item.no] = item
    return list(by_no.values())


def _weight(item: Item) -> int:
    return len(item.lines) + (5 if item.decision else 0)


@lru_cache(maxsize=1)
def _decision_label_re() -> re.Pattern:
    labels = alternation(phrases()["decision_labels"])
    return re.compile(rf"^\s*(?:{labels})\s*(?::\s*(?P<rest>.*)|$)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _other_label_re() -> re.Pattern:
    return re.compile(rf"^\s*(?:{alternation(phrases()['item_labels'])})\s*:", re.IGNORECASE)


def decision_of(item: Item) -> str:
    """The item's decision: a "Beslutning:" paragraph, else a closing decision sentence."""
    if item.decision and item.mixed:
        return _concluding_part(item.decision)
    if item.decision:
        return item.decision
    labelled = _labelled_decision(item.lines)
    return labelled if labelled is not None else _closing_decision(item.paragraphs())


def _labelled_decision(lines: list[str]) -> Optional[str]:
    for i, line in enumerate(lines):
        m = _decision_label_re().match(line)
        if not m:
            continue
        taken = [m.group("rest") or ""]
        for nxt in lines[i + 1:]:
            if _other_label_re().match(nxt) or _decision_label_re().match(nxt):
                break
            taken.append(nxt)
        return join_lines(taken)
    return None


def _concluding_part(cell: str) -> str:
    """From the first decision sentence of a mixed cell to its end; "" when none decides."""
    sents = sentence_texts(cell)
    first = next((i for i, s in enumerate(sents) if _closing_decision([s])), None)
    return " ".join(sents[first:]) if first is not None else ""


def _closing_decision(paragraphs: list[str]) -> str:
    starts = alternation(phrases()["decision_phrases"])
    verbs = "|".join(phrases()["decision_verbs"])
    found = ""
    for sentence in (s for para in paragraphs for s in sentence_texts(para)):
        if re.match(rf"^(?:{starts})\b", sentence, re.IGNORECASE) or re.search(rf"\b(?:{verbs})\b", sentence, re.IGNORECASE):
            found = sentence
    return found


def description_of(item: Item) -> str:
    """The item's text without the decision paragraph (for deadlines and presenters)."""
    return join_lines([item.title, item.body, item.decision, item.status])
