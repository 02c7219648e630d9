"""Attendees of a meeting: "Til stede", "Afbud", "Referent" ... as prose lists or as tables."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from pipeline.lang import gazetteer
from pipeline.datafiles import alternation
from pipeline.facts.minutes.text import clean, column_map, norm, phrases
from pipeline.model import TableData

INITIALS = r"[A-ZÆØÅ]{2,5}"
NAME_TOKEN = r"(?:[A-ZÆØÅ][a-zæøåéüöäA-ZÆØÅ'\-]*\.?|af|von|van|de|la|le|du|ter)"


@dataclass
class Person:
    name: str
    role: str = ""
    organisation: str = ""
    status: str = "present"
    initials: str = ""
    page: int = 0
    hint: str = ""              # the list label ("fra politiet"): an organisation when none is printed
    reason: str = ""            # why an absent person was absent ("ferie")
    chair: str = ""             # "formand" when printed "(formand)": the role only if none other is printed


@dataclass
class Section:
    """An open attendance list: the status its label gave and the role it implies."""

    status: str
    label: str
    role: str = ""
    people: list[Person] = field(default_factory=list)
    group_org: str = ""          # "Fra Holbæk Kommune:" on its own line: the organisation of the entries below
    signature: bool = False      # a "Referent:" line after the items: it signs, it lists nobody


# ---------------------------------------------------------------- labels

@lru_cache(maxsize=1)
def _label_re() -> re.Pattern:
    labels = phrases()["attendance_labels"]
    words = alternation(labels["present"] + labels["absent"])
    # A label must end in a colon or the line, unless it ends in a word that takes an object
    # ("Afbud fra X", "Desuden deltog X"); this keeps "Referat af møde ..." from being a label.
    return re.compile(rf"^\s*(?P<label>{words})\s*(?:[:\-–]\s*|$|(?<=fra)\s+|(?<=deltog)\s+|(?<=var)\s+)(?P<rest>.*)$",
                      re.IGNORECASE)


def attendance_label(text: str) -> Optional[Section]:
    """The section a label line opens, with the rest of the line, or None."""
    m = _label_re().match(text)
    if not m:
        return None
    label = re.sub(r"\s+", " ", m.group("label").lower())
    status = "absent" if label in [x.lower() for x in phrases()["attendance_labels"]["absent"]] else "present"
    role = phrases()["label_roles"].get(label, "")
    return Section(status, label, role)


def label_rest(text: str) -> str:
    m = _label_re().match(text)
    return m.group("rest").strip() if m else ""


# ---------------------------------------------------------------- entries

@lru_cache(maxsize=1)
def _role_re() -> re.Pattern:
    return re.compile(rf"^(?P<role>{alternation(phrases()['roles'])})\b\.?\s*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _org_re() -> re.Pattern:
    # "(?![\w-])": "SSP-konsulent" is a role, not the organisation "SSP".
    return re.compile(rf"(?<![\w-])(?:{alternation(phrases()['organisation_words'])})(?![\w-])", re.IGNORECASE)


def org_word_start(text: str) -> Optional[re.Match]:
    """Does the text start with an organisation word ("Politi ...", "Kommune")?"""
    return _org_re().match(text.strip())


def is_organisation(part: str) -> bool:
    return bool(_org_re().search(part)) and not _looks_like_name_with_role(part) and not _is_role_only(part)


def _is_role_only(part: str) -> bool:
    m = _role_re().match(part.strip())
    return bool(m) and not part.strip()[m.end():].strip(" .")


def _looks_like_name_with_role(part: str) -> bool:
    m = _role_re().match(part)
    return bool(m) and bool(name_of(part[m.end():]))


def role_of(part: str) -> str:
    """The printed role, lower-cased unless it starts with an acronym (keep "SSP-konsulent")."""
    m = _role_re().match(part.strip())
    if not m:
        return ""
    role = re.sub(r"\s+", " ", m.group("role"))
    return role if role[:2].isupper() else role.lower()


def name_of(text: str) -> str:
    text = clean(text).strip(" .:")
    text = re.sub(r"^(?:fra|ved|v/)\s+", "", text, flags=re.IGNORECASE)
    tokens = text.split()
    if not 2 <= len(tokens) <= 6:
        return ""
    if not re.fullmatch(NAME_TOKEN, tokens[0]) or not tokens[0][0].isupper():
        return ""
    if not all(re.fullmatch(NAME_TOKEN, t) for t in tokens) or not tokens[-1][0].isupper():
        return ""
    return " ".join(tokens)


def split_top(text: str, seps: str = ",") -> list[str]:
    """Split on separators that are not inside parentheses."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch in seps and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def _split_og(part: str) -> list[str]:
    """Split "A og B" when both sides are people; "Midt- og Vestsjællands" has a hyphen before og."""
    pieces = re.split(r"(?<!-)\s+(?:og|samt)\s+", part)
    if len(pieces) > 1 and all(_person_core(p)[0] for p in pieces):
        return pieces
    return [part]


def _person_core(part: str) -> tuple[str, str, str, str]:
    """(name, role, initials, organisation) of one entry part like "Borgmester Jens Hansen (JH)"."""
    initials, org, role = "", "", ""
    for inner in re.findall(r"\(([^)]*)\)", part):
        inner = inner.strip()
        if re.fullmatch(INITIALS, inner):
            initials = inner
        elif inner.lower() in phrases()["chair_words"]:
            continue  # "(formand)" marks the chair; the role printed beside it stays the role
        else:
            for bit in split_top(inner):
                bit_role, bit_org = _role_and_org(bit)
                org, role = org or bit_org, role or bit_role
    core = re.sub(r"\([^)]*\)", " ", part)
    core = clean(core)
    m = _role_re().match(core)
    if m:
        role = role_of(core)
        core = core[m.end():]
    name = name_of(core)
    if name and not role:
        # "Jens Hansen borgmester": a role printed after the name.
        tail = re.search(rf"\s({alternation(phrases()['roles'])})$", core, re.IGNORECASE)
        if tail and name_of(core[:tail.start()]):
            name, role = name_of(core[:tail.start()]), tail.group(1).lower()
    return name, role, initials, org


def parse_entry(text: str, status: str, default_role: str = "", page: int = 0,
                into: Optional[list[Person]] = None) -> list[Person]:
    """People in one list entry; comma parts after a name add its role and organisation.

    With ``into`` the entry may continue the last person of an open list (an organisation printed
    on the next line)."""
    people: list[Person] = into if into is not None else []
    text = re.sub(phrases()["attendance_notes"], "", text, flags=re.IGNORECASE)
    group_org, text = _group_prefix(text)
    start = len(people)
    text = re.sub(r"\s[–—-]\s", ", ", text)  # "Jens Hansen – borgmester" is a comma list
    for part in split_top(text, ",;"):
        for piece in _split_og(part):
            _absorb(people, piece, status, default_role, page)
    for person in people[start:]:
        person.organisation = person.organisation or group_org
    return people


def group_label(text: str) -> str:
    """ "Fra Holbæk Kommune:" alone on a line opens a group of people of that organisation."""
    m = re.match(r"^\s*(?:fra\s+)?([^:()]{3,60}):\s*$", text, re.IGNORECASE)
    if m and _org_re().search(m.group(1)) and not _role_re().match(m.group(1).strip()):
        return canonical_org(m.group(1))
    return ""


def _group_prefix(text: str) -> tuple[str, str]:
    """ "Fra Holbæk Kommune: Jens Hansen, ..." -> ("Holbæk Kommune", "Jens Hansen, ...")."""
    m = re.match(r"^\s*(?:fra\s+)?([^:()]{3,60}):\s*(.+)$", text, re.IGNORECASE)
    if m and _org_re().search(m.group(1)) and not _role_re().match(m.group(1).strip()):
        return canonical_org(m.group(1)), m.group(2)
    return "", text


@lru_cache(maxsize=1)
def _reason_re() -> re.Pattern:
    leads = alternation(phrases()["absence_reason_leads"])
    return re.compile(rf"(?:\s*[–—-]\s*|\s*\(\s*|\s+|^)(?:{leads})\s+(?P<reason>[^;,()]+?)\s*\)?\s*\.?$",
                      re.IGNORECASE)


def split_reason(piece: str, status: str) -> tuple[str, str]:
    """(entry without its reason, reason) of an absentee: "… pga. ferie", "… (ferie)"."""
    if status != "absent":
        return piece, ""
    m = _reason_re().search(piece)
    if m:
        return piece[:m.start()].strip(), clean(m.group("reason"))
    for inner in re.findall(r"\(([^)]*)\)?\s*\.?$", piece):
        bare = inner.strip()
        if bare and not re.fullmatch(INITIALS, bare) and not any(_role_and_org(bare)) \
                and bare.lower() not in phrases()["label_roles"]:
            return piece[:piece.rindex("(")].strip(), bare
    return piece, ""


def _absorb(people: list[Person], piece: str, status: str, default_role: str, page: int) -> None:
    piece, reason = split_reason(piece, status)
    if reason:
        before = len(people)
        _absorb(people, piece, status, default_role, page)
        if people and (len(people) > before or people[-1].status == "absent"):
            people[-1].reason = people[-1].reason or reason
        return
    name, role, initials, org = _person_core(piece)
    if name and not is_organisation(re.sub(r"\([^)]*\)", " ", piece)):
        chair = next((w for w in re.findall(r"\(([^)]*)\)", piece) if w.strip().lower() in phrases()["chair_words"]), "")
        people.append(Person(name, role or default_role, org, status, initials, page, chair=chair.strip().lower()))
        return
    if not people:
        return
    last = people[-1]
    role, org = _role_and_org(piece)
    if org:
        last.organisation = last.organisation or org
    if role and (not last.role or last.role == default_role):
        last.role = role
    if initials and not last.initials:
        last.initials = initials


def _role_and_org(piece: str) -> tuple[str, str]:
    """ "borgmester", "Holbæk Kommune", "borgmester i Holbæk Kommune" -> (role, organisation)."""
    role = role_of(piece)
    m = _role_re().match(piece.strip())
    rest = piece.strip()[m.end():] if m else piece
    rest = re.sub(r"^(?:i|for|fra|ved|hos)\s+", "", rest.strip(), flags=re.IGNORECASE)
    org = canonical_org(rest) if rest and _org_re().search(rest) else _bare_municipality(rest)
    return role, org


def _bare_municipality(text: str) -> str:
    """ "Holbæk" printed alone beside a name means Holbæk Kommune."""
    return gazetteer.canonical_municipality(text) or "" if text and len(text.split()) <= 3 else ""


def canonical_org(text: str) -> str:
    """"X Kommune" / "Y Politi", canonical through the gazetteer; other organisations as printed."""
    text = clean(re.sub(r"\([^)]*\)", " ", text)).strip(" .")
    if re.search(r"\bpoliti\b", text, re.IGNORECASE):
        return gazetteer.canonical_district(text) or text
    if re.search(r"\bkommune\b", text, re.IGNORECASE):
        found = gazetteer.find_municipalities(text)
        return gazetteer.canonical_municipality(text) or (found[0][0] if found else text)
    return text


# ---------------------------------------------------------------- tables

def attendee_table_columns(table: TableData) -> Optional[dict[str, int]]:
    if not table.rows:
        return None
    cols = column_map(table.rows[0], phrases()["attendee_table_columns"])
    return cols if "name" in cols else None


def cell_status(value: str, default: str) -> str:
    key = norm(value)
    values = phrases()["status_values"]
    if key in [norm(str(v)) for v in values["absent"]] or key.startswith("afbud"):
        return "absent"
    if key in [norm(str(v)) for v in values["present"]]:
        return "present"
    return default


def people_from_table(table: TableData, section: Optional[Section]) -> list[Person]:
    """Rows of an attendee table; without a known header the row is read like a prose entry."""
    default = section.status if section else "present"
    role = section.role if section else ""
    by_column = _label_columns(table)
    if by_column:
        return _people_by_column(table, by_column)
    cols = attendee_table_columns(table)
    people: list[Person] = []
    for row in table.rows[1:] if cols else table.rows:
        inner = _row_label(row)
        if inner is not None:
            # A row "Afbud" inside the table switches the status of the rows below it.
            default, role = inner.status, inner.role
        elif cols:
            people += _person_from_row(row, cols, default, role, table.page)
        else:
            people += parse_entry(", ".join(clean(c or "") for c in row if c), default, role, table.page)
    return people


def _row_label(row: list) -> Optional[Section]:
    cells = [clean(c or "") for c in row if c and c.strip()]
    return attendance_label(cells[0]) if len(cells) == 1 and len(cells[0].split()) <= 4 else None


def _label_columns(table: TableData) -> dict[int, Section]:
    """Columns headed "Til stede" | "Afbud": each column is a list with that status."""
    if not table.rows:
        return {}
    cells = [clean(c or "") for c in table.rows[0]]
    found = {i: attendance_label(c) for i, c in enumerate(cells) if c}
    if found and all(v is not None and not label_rest(cells[i]) for i, v in found.items()) and \
            attendee_table_columns(table) is None:
        return found
    return {}


def _people_by_column(table: TableData, columns: dict[int, Section]) -> list[Person]:
    people: list[Person] = []
    for i, sec in columns.items():
        for row in table.rows[1:]:
            if i < len(row) and row[i]:
                for line in row[i].splitlines():
                    parse_entry(line, sec.status, sec.role, table.page, into=sec.people)
        people += sec.people
    return people


def _person_from_row(row: list, cols: dict[str, int], default: str, role: str, page: int) -> list[Person]:
    get = lambda k: clean(row[cols[k]] or "") if k in cols and cols[k] < len(row) else ""
    found = parse_entry(get("name"), default, role, page)
    if not found:
        return []
    person = found[0]
    person.role = role_of(get("role")) or get("role").lower() or person.role
    person.organisation = canonical_org(get("organisation")) if get("organisation") else person.organisation
    if "status" in cols:
        person.status = cell_status(get("status"), default)
        person.reason = split_reason(get("status"), person.status)[1]
    return [person]


def is_prose_sentence(text: str) -> bool:
    """A running sentence ends a list: many words and no list structure."""
    words = text.split()
    return len(words) > 14 and text.count(",") < 2 or (len(words) > 7 and "," not in text and text.rstrip().endswith("."))


def resolve_initials(text: str, people: list[Person]) -> str:
    """The name of the person whose initials open the text ("PHS orienterede ...")."""
    known = {p.initials: p.name for p in people if p.initials}
    m = re.match(rf"\s*({INITIALS})\b", text or "")
    if m and m.group(1) in known:
        return known[m.group(1)]
    m = re.search(rf"\b({INITIALS})\s+(?:orienterede|gennemgik|fremlagde|redegjorde|præsenterede|indledte|oplyste)", text or "")
    return known.get(m.group(1), "") if m else ""
