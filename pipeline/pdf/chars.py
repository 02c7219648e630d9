"""The fast character path: words and rectangles of a page read with pdfium (pypdfium2).

pdfplumber builds a Python dict for every character from pdfminer's interpretation of the content
stream; that is most of the time of a run. pdfium reads the same page in C. Its *loose* character
boxes are the font's ascent-to-descent boxes that pdfminer gives too, so pdfium characters fed to
pdfplumber's own word grouping (``WordExtractor``, the same tolerances and attributes as
``extract_words``) give the same words. Font size, name and fill colour are read once per text
object (a run of characters that share them), not once per character.

Shapes: pdfium path objects cut into subpaths; an axis-aligned four-corner subpath is a
rectangle, a single straight segment a line, anything else a curve, as pdfplumber sorts them.

``plumber_objects`` hands all of it to a pdfplumber page in pdfplumber's own shape, so its table
finder (which the pipeline keeps) works on these objects instead of running pdfminer over the page
a second time.
"""
from __future__ import annotations

import ctypes
import math
from typing import Optional

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.utils.text import WordExtractor

# extract_words' defaults, and the attributes parse.py splits words on.
WORD_OPTIONS = {"x_tolerance": 3, "y_tolerance": 3, "keep_blank_chars": False,
                "extra_attrs": ["fontname", "size", "non_stroking_color"]}
_FONT_NAME_BYTES = 256
_PDFIUM_HYPHEN = 0x02


def plain_geometry(source: str | pdfium.PdfDocument) -> bool:
    """Do the pages of ``source`` (a path or an open pdfium document) have the plain geometry this
    path handles: not rotated, the crop box equal to a media box at the origin? Other files are
    read by pdfplumber, whose coordinate rules for offset and rotated pages the pipeline was
    built on."""
    pdf = pdfium.PdfDocument(source) if isinstance(source, str) else source
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                media = page.get_mediabox()
                if page.get_rotation() or media[:2] != (0, 0) or page.get_cropbox() != media:
                    return False
            finally:
                page.close()
        return True
    finally:
        if pdf is not source:
            pdf.close()


def _text_object_style(text_obj, matrix_scale: float) -> tuple[str, float, Optional[tuple], float]:
    """(font name, size in points as drawn, fill colour as 0-1 RGB, descent in points below the
    baseline) of one text object."""
    name = ""
    size = ctypes.c_float()
    pdfium_c.FPDFTextObj_GetFontSize(text_obj, ctypes.byref(size))
    drawn = size.value * matrix_scale
    descent = ctypes.c_float()
    font = pdfium_c.FPDFTextObj_GetFont(text_obj)
    if font:
        buf = ctypes.create_string_buffer(_FONT_NAME_BYTES)
        n = pdfium_c.FPDFFont_GetBaseFontName(font, buf, _FONT_NAME_BYTES)
        name = buf.value.decode("latin-1", "replace") if n else ""
        pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(drawn), ctypes.byref(descent))
    rgba = [ctypes.c_uint() for _ in range(4)]
    colour = None
    if pdfium_c.FPDFPageObj_GetFillColor(text_obj, *(ctypes.byref(v) for v in rgba)):
        colour = tuple(round(v.value / 255, 3) for v in rgba[:3])
    return name, round(drawn, 2), colour, descent.value


def _matrix(text_obj) -> tuple[float, float, float, float]:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(text_obj, ctypes.byref(m))
    return m.a, m.b, m.c, m.d


def page_chars(pdfium_page, textpage) -> list[dict]:
    """pdfplumber-shaped character dicts (text, box with top-left origin, upright, fontname,
    size, non_stroking_color) of one page; characters pdfium made up (line breaks, spaces it
    inferred) are left out, as pdfminer never has them."""
    height = pdfium_page.get_height()
    raw = textpage.raw
    styles: dict[int, tuple[str, float, Optional[tuple], float, bool]] = {}
    rect = pdfium_c.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    chars = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
            continue
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code in (0, 0xFFFE, 0xFFFF) or code in (10, 13):
            continue
        # A glyph without a Unicode map: shown as pdfminer shows it, so parse.py's check of
        # "(cid:NN)" text sends the page to OCR on either path.
        if pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1:
            text = f"(cid:{code})"
        elif code == _PDFIUM_HYPHEN:
            text = "-"  # pdfium marks a hyphen at a line end with U+0002; the PDF has "-"
        else:
            text = chr(code)
        obj = pdfium_c.FPDFText_GetTextObject(raw, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        if key not in styles:
            a, b, c, d = _matrix(obj)
            name, size, colour, descent = _text_object_style(obj, math.hypot(c, d) or 1.0)
            styles[key] = (name, size, colour, descent, abs(b) < 1e-3 and abs(c) < 1e-3 and a > 0)
        name, size, colour, descent, upright = styles[key]
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(rect))
        # pdfminer's box, which the layout thresholds were measured on: one font size high,
        # its bottom at the font's descent below the baseline.
        pdfium_c.FPDFText_GetCharOrigin(raw, i, ctypes.byref(ox), ctypes.byref(oy))
        bottom = height - (oy.value + descent)
        # x0 at the glyph's origin, as pdfminer has it (the loose box starts at the ink, left
        # of the origin for a "j").
        chars.append({"text": text, "x0": ox.value, "x1": max(rect.right, ox.value),
                      "top": bottom - size, "bottom": bottom, "doctop": bottom - size,
                      "upright": upright, "fontname": name, "size": size,
                      "non_stroking_color": colour})
    return chars


def read_chars(pdfium_page) -> list[dict]:
    """The page's characters (see ``page_chars``)."""
    textpage = pdfium_page.get_textpage()
    try:
        return page_chars(pdfium_page, textpage)
    finally:
        textpage.close()


def words(chars: list[dict]) -> list[dict]:
    """The words of these characters, as ``pdfplumber.Page.extract_words`` gives them."""
    return WordExtractor(**WORD_OPTIONS).extract_words(chars)


def _subpaths(path_obj) -> list[list[tuple[float, float, int]]]:
    """The path's points (x, y, segment type) cut at every move-to."""
    out: list[list[tuple[float, float, int]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for k in range(pdfium_c.FPDFPath_CountSegments(path_obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(path_obj, k)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not out:
            out.append([])
        out[-1].append((x.value, y.value, kind))
    return out


def _is_rectangle(points: list[tuple[float, float, int]]) -> bool:
    if any(kind == pdfium_c.FPDF_SEGMENT_BEZIERTO for _, _, kind in points):
        return False
    corners = {(round(px, 2), round(py, 2)) for px, py, _ in points}
    xs, ys = {cx for cx, _ in corners}, {cy for _, cy in corners}
    return len(corners) == 4 and len(xs) == 2 and len(ys) == 2


def _shape(kind: str, points: list[tuple[float, float]], height: float, **extra) -> dict:
    xs = [x for x, _ in points]
    tops = [height - y for _, y in points]
    x0, x1, top, bottom = min(xs), max(xs), min(tops), max(tops)
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "y0": height - bottom, "y1": height - top, "width": x1 - x0, "height": bottom - top,
            "pts": [(x, height - y) for x, y in points], **extra}


def page_shapes(pdfium_page) -> dict[str, list[dict]]:
    """{"rect": [...], "line": [...], "curve": [...]}: the page's top-level path objects in
    pdfplumber's shape (top-left origin), with fill, stroke and fill colour."""
    height = pdfium_page.get_height()
    shapes: dict[str, list[dict]] = {"rect": [], "line": [], "curve": []}
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    rgba = [ctypes.c_uint() for _ in range(4)]
    matrix = pdfium_c.FS_MATRIX()
    for obj in pdfium_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1):
        raw = obj.raw
        pdfium_c.FPDFPath_GetDrawMode(raw, ctypes.byref(fill_mode), ctypes.byref(stroke))
        pdfium_c.FPDFPageObj_GetMatrix(raw, ctypes.byref(matrix))
        colour = None
        if fill_mode.value and pdfium_c.FPDFPageObj_GetFillColor(raw, *(ctypes.byref(v) for v in rgba)):
            colour = tuple(round(v.value / 255, 3) for v in rgba[:3])
        style = {"fill": bool(fill_mode.value), "stroke": bool(stroke.value),
                 "non_stroking_color": colour}
        for points in _subpaths(raw):
            page_points = [(matrix.a * px + matrix.c * py + matrix.e,
                            matrix.b * px + matrix.d * py + matrix.f, k) for px, py, k in points]
            xy = [(x, y) for x, y, _ in page_points]
            if len(points) == 2 and points[1][2] == pdfium_c.FPDF_SEGMENT_LINETO:
                shapes["line"].append(_shape("line", xy, height, **style))
            elif _is_rectangle(page_points):
                shapes["rect"].append(_shape("rect", xy, height, **style))
            elif len(points) > 1:
                shapes["curve"].append(_shape("curve", xy, height, **style))
    return shapes


def plumber_objects(chars: list[dict], shapes: dict[str, list[dict]], doctop: float,
                    page_number: int) -> dict[str, list[dict]]:
    """The page's objects as ``pdfplumber.Page.objects`` holds them (``doctop``: the page's
    offset in the document, pdfplumber's ``initial_doctop``)."""
    objects: dict[str, list[dict]] = {"char": []}
    for c in chars:
        objects["char"].append({**c, "object_type": "char", "page_number": page_number,
                                "doctop": c["top"] + doctop, "width": c["x1"] - c["x0"],
                                "height": c["bottom"] - c["top"]})
    for kind, items in shapes.items():
        objects[kind] = [{**s, "page_number": page_number, "doctop": s["top"] + doctop}
                         for s in items]
    return objects
