"""The fast character path: words and rectangles of a page read with pdfium (pypdfium2).

pdfplumber builds a Python dict for every character from pdfminer's interpretation of the content
stream; that is most of the time of a run. pdfium reads the same page in C. Its *loose* character
boxes are the font's ascent-to-descent boxes that pdfminer gives too, so pdfium characters fed to
pdfplumber's own word grouping (``WordExtractor``, the same tolerances and attributes as
``extract_words``) give the same words. Font size, name and fill colour are read once per text
object (a run of characters that share them), not once per character.

Rectangles: pdfium path objects cut into subpaths; an axis-aligned four-corner subpath is a
rectangle (as pdfplumber's ``rects``), a straight segment a line; curves are neither.
"""
from __future__ import annotations

import ctypes
import math
from typing import Optional

import pypdfium2.raw as pdfium_c
from pdfplumber.utils.text import WordExtractor

# extract_words' defaults, and the attributes parse.py splits words on.
WORD_OPTIONS = {"x_tolerance": 3, "y_tolerance": 3, "keep_blank_chars": False,
                "extra_attrs": ["fontname", "size", "non_stroking_color"]}
_FONT_NAME_BYTES = 256
_PDFIUM_HYPHEN = 0x02


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


def page_words(pdfium_page) -> list[dict]:
    """The page's words, as ``pdfplumber.Page.extract_words`` gives them."""
    textpage = pdfium_page.get_textpage()
    try:
        chars = page_chars(pdfium_page, textpage)
    finally:
        textpage.close()
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


def page_shapes(pdfium_page) -> tuple[list[dict], int]:
    """(rectangles as pdfplumber-shaped dicts with fill/stroke/colour, number of straight line
    segments) of the page's top-level path objects, in page space with a top-left origin."""
    height = pdfium_page.get_height()
    rects, lines = [], 0
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
        for points in _subpaths(raw):
            page_points = [(matrix.a * px + matrix.c * py + matrix.e,
                            matrix.b * px + matrix.d * py + matrix.f, k) for px, py, k in points]
            if len(points) == 2 and points[1][2] == pdfium_c.FPDF_SEGMENT_LINETO:
                lines += 1
                continue
            if not _is_rectangle(page_points):
                continue
            xs = [p[0] for p in page_points]
            ys = [height - p[1] for p in page_points]
            x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
            rects.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom,
                          "width": x1 - x0, "height": bottom - top, "fill": bool(fill_mode.value),
                          "stroke": bool(stroke.value), "non_stroking_color": colour})
    return rects, lines
