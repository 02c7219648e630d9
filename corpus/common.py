"""Shared helpers for the corpus generators: determinism, gold output, hyphenation, scans.

Stable API (the minutes generator imports it):
    setup_reportlab()                      -- call before creating any canvas (byte-identical output)
    new_canvas(path, pagesize) -> Canvas   -- a canvas with invariant metadata
    write_gold(path, gold)                 -- validated, stable JSON
    rasterise_pdf(src, dst, dpi, seed)     -- image-only "scanned" copy of a PDF
    hyphenate(word) -> list[int]           -- allowed break positions (pyphen da_DK)
    split_word(word, max_prefix_width, width_fn) -> (head, tail) | None
    danish_number(value, decimals) / parse_danish_number(text)
    PageMarker / PageLog                   -- record the physical page of platypus flowables
    GOLD_KEYS, empty_gold(...)             -- the GOLD.md skeleton
"""
from __future__ import annotations

import json
import random
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

GOLD_KEYS = ("file", "style", "heldout_style", "document", "sentences", "furniture", "hyphenated",
             "suspended", "callouts", "focus_areas", "deadlines", "figures", "tables",
             "agenda_items", "attendees")
DOCUMENT_KEYS = ("doc_type", "district", "year", "title", "council", "municipality",
                 "meeting_date", "meeting_no", "n_pages", "ocr")
REPO_ROOT = Path(__file__).resolve().parent.parent


def setup_reportlab() -> None:
    """Make reportlab output byte-identical across runs (no dates, no random ids)."""
    rl_config.invariant = 1
    rl_config.pageCompression = 1


def new_canvas(path: str | Path, pagesize: tuple[float, float], title: str = "",
               author: str = "") -> Canvas:
    setup_reportlab()
    c = Canvas(str(path), pagesize=pagesize, invariant=1, pageCompression=1)
    if title:
        c.setTitle(title)
    if author:
        c.setAuthor(author)
    return c


# ---------------------------------------------------------------------------------------------
# Gold
def empty_gold(file: str, style: str, heldout_style: bool = False, **document: Any) -> dict:
    """A gold dict with every GOLD.md key present (lists empty, document keys defaulted)."""
    doc = {"doc_type": "", "district": "", "year": None, "title": "", "council": "",
           "municipality": "", "meeting_date": "", "meeting_no": "", "n_pages": 0, "ocr": False}
    doc.update(document)
    gold: dict[str, Any] = {"file": file, "style": style, "heldout_style": heldout_style,
                            "document": doc}
    for key in GOLD_KEYS[4:]:
        gold[key] = []
    return gold


def validate_gold(gold: dict) -> list[str]:
    """Problems with a gold dict (empty list = valid). Checks keys and the basic types."""
    problems = [f"missing key {k}" for k in GOLD_KEYS if k not in gold]
    problems += [f"missing document key {k}" for k in DOCUMENT_KEYS
                 if k not in gold.get("document", {})]
    for key in GOLD_KEYS[4:]:
        if key in gold and not isinstance(gold[key], list):
            problems.append(f"{key} is not a list")
    for s in gold.get("sentences", []):
        if not isinstance(s.get("page"), int) or not s.get("text"):
            problems.append(f"bad sentence {s!r}")
    return problems


def write_gold(path: str | Path, gold: dict) -> Path:
    """Write gold JSON (stable key order, UTF-8, trailing newline); raise on a malformed dict."""
    problems = validate_gold(gold)
    if problems:
        raise ValueError(f"{path}: invalid gold: {problems[:5]}")
    ordered = {k: gold[k] for k in GOLD_KEYS}
    ordered.update({k: v for k, v in gold.items() if k not in ordered})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(ordered, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def repo_relative(path: str | Path) -> str:
    """Path as the gold 'file' key wants it: relative to the repo root when inside it."""
    p = Path(path).resolve()
    try:
        return p.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return p.as_posix()


# ---------------------------------------------------------------------------------------------
# Numbers
def danish_number(value: float, decimals: int = 0) -> str:
    """443693 -> '443.693'; 2858.8 (decimals=1) -> '2858,8' (decimals are never grouped,
    as the brief's examples print them)."""
    if decimals:
        return f"{value:.{decimals}f}".replace(".", ",")
    return f"{int(round(value)):,}".replace(",", ".")


def parse_danish_number(text: str) -> float | int:
    """'443.693' -> 443693, '2858,8' -> 2858.8, '2,5' -> 2.5."""
    t = text.strip().replace("\u00a0", "").replace(".", "")
    if "," in t:
        return float(t.replace(",", "."))
    return int(t)


# ---------------------------------------------------------------------------------------------
# Hyphenation
@lru_cache(maxsize=1)
def _pyphen():
    import pyphen
    return pyphen.Pyphen(lang="da_DK", left=3, right=3)


def hyphenate(word: str) -> list[int]:
    """Positions where pyphen (da_DK) allows a break in a plain alphabetic word."""
    if len(word) < 7 or not word.isalpha():
        return []
    return list(_pyphen().positions(word))


def split_word(word: str, max_width: float, width_fn: Callable[[str], float]
               ) -> Optional[tuple[str, str]]:
    """Break `word` so that head + '-' fits in max_width; the longest such head wins.

    Words that already contain a hyphen may break right after it (the hyphen is then part of the
    word, like 'SSP-|samarbejdet'); trailing punctuation stays on the tail."""
    core = word.rstrip(".,;:)!?")
    candidates: list[tuple[str, str]] = []
    if "-" in core.strip("-"):
        i = core.index("-", 1)
        candidates.append((word[:i + 1], word[i + 1:]))
    else:
        lead = len(word) - len(word.lstrip("(\"'"))
        for pos in hyphenate(core[lead:]):
            candidates.append((word[:lead + pos] + "-", word[lead + pos:]))
    fitting = [c for c in candidates if width_fn(c[0]) <= max_width and c[1]]
    return max(fitting, key=lambda c: len(c[0])) if fitting else None


# ---------------------------------------------------------------------------------------------
# Page tracking for platypus users
class PageLog(dict):
    """key -> physical page (1-based) where a PageMarker was drawn."""


class PageMarker(Flowable):
    """Zero-size flowable: put it before a paragraph to learn the page it lands on."""

    def __init__(self, log: PageLog, key: Any):
        super().__init__()
        self.log, self.key = log, key
        self.width = self.height = 0

    def wrap(self, aw, ah):  # noqa: D401 - reportlab API
        return 0, 0

    def draw(self) -> None:
        self.log[self.key] = self.canv.getPageNumber()


# ---------------------------------------------------------------------------------------------
# Scans
def rasterise_pdf(src: str | Path, dst: str | Path, dpi: int = 200, seed: int = 0,
                  max_angle: float = 0.45, noise: int = 18) -> Path:
    """Write an image-only copy of `src`: grey, slightly rotated, with mild noise, no text layer.

    Each page is rendered with pypdfium2, turned grey, rotated by a seeded angle (< max_angle
    degrees), speckled, and placed as a JPEG on a reportlab page of the same size, so the output
    is byte-identical for the same input and seed (whatever the paths)."""
    import io

    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter
    from reportlab.lib.utils import ImageReader

    rng = random.Random(seed)
    pdf = pdfium.PdfDocument(str(src))
    sizes = [pdf[i].get_size() for i in range(len(pdf))]
    c = new_canvas(dst, sizes[0] if sizes else (595.27, 841.89))
    for i, (w, h) in enumerate(sizes):
        img = pdf[i].render(scale=dpi / 72).to_pil().convert("L")
        img = _scan_effects(img, rng, max_angle, noise, Image, ImageFilter)
        jpg = io.BytesIO()
        img.save(jpg, "JPEG", quality=72, optimize=False)
        jpg.seek(0)
        c.setPageSize((w, h))
        # an ImageReader (not a file name) so the XObject name is content-derived, and the
        # JPEG is passed through unchanged
        c.drawImage(ImageReader(jpg), 0, 0, width=w, height=h)
        c.showPage()
    c.save()
    pdf.close()
    return Path(dst)


def _scan_effects(img, rng: random.Random, max_angle: float, noise: int, Image, ImageFilter):
    angle = rng.uniform(0.15, max_angle) * rng.choice((-1, 1))
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=235)
    # Paper is never white on a scan: lift the blacks and darken the whites a little.
    img = img.point(lambda v: int(22 + v * 0.86))
    speckle = Image.frombytes("L", img.size, rng.randbytes(img.size[0] * img.size[1]))
    # about noise/8 in 256 pixels become grey specks (dust, toner)
    speckle = speckle.point(lambda v: 255 if v < noise // 8 else 0)
    img = Image.composite(Image.new("L", img.size, 120), img, speckle)
    return img.filter(ImageFilter.GaussianBlur(0.5))


def angle_hint(seed: int) -> float:
    """The rotation rasterise_pdf uses first for this seed (for tests/diagnostics)."""
    rng = random.Random(seed)
    return rng.uniform(0.15, 0.45) * rng.choice((-1, 1))

