"""House styles of the sample plans: geometry, fonts, cover, headings, furniture, tables, diagrams.

brochure (districts A, C), office (district B, and the scanned 2012 plan), sidebar (district D,
held out: the layout code is never tuned on it).
"""
from __future__ import annotations

from corpus.plans_layout import Item, Layout, Style, width

NAVY = (0.1, 0.2, 0.42)
TEAL = (0.05, 0.38, 0.42)


def make_style(name: str) -> Style:
    if name == "brochure":
        return Style("brochure", x0=50, x1=545, top=78, bottom=790, ncols=2, gutter=18,
                     font="DejaVuSans", bold="DejaVuSans-Bold", size=9.3, leading=12.9,
                     justify=True, hyphenate=True, heading_sizes={1: 19, 2: 13.5},
                     heading_color=NAVY, box_fill=(0.86, 0.92, 0.97),
                     callout_color=(0.74, 0.82, 0.9))
    if name == "office":
        return Style("office", x0=72, x1=523, top=80, bottom=770, ncols=1,
                     font="Times-Roman", bold="Times-Bold", size=12, leading=15.5,
                     justify=False, hyphenate=False, heading_sizes={1: 15, 2: 12.5},
                     box_fill=(0.93, 0.93, 0.93))
    if name == "sidebar":
        return Style("sidebar", x0=208, x1=552, top=66, bottom=780, ncols=1,
                     font="DejaVuSerif", bold="DejaVuSerif-Bold", size=9.6, leading=13.4,
                     justify=True, hyphenate=True, heading_sizes={1: 15, 2: 11.5},
                     heading_bar=TEAL, box_fill=(0.98, 0.93, 0.84))
    raise ValueError(name)


def wrap(text: str, font: str, size: float, w: float) -> list[str]:
    lines, cur = [], ""
    for word in text.split():
        cand = f"{cur} {word}".strip()
        if cur and width(cand, font, size) > w:
            lines.append(cur)
            cur = word
        else:
            cur = cand
    return lines + ([cur] if cur else [])


# ---------------------------------------------------------------------------------------------
def heading(L: Layout, text: str, level: int, keep: float) -> None:
    """A full-width heading (a coloured bar with white text in the sidebar style)."""
    s = L.s
    size = s.heading_sizes[level]
    font = "DejaVuSansCondensed-Bold" if s.heading_bar else s.bold
    w = s.x1 - s.x0 - (12 if s.heading_bar else 0)
    lines = wrap(text, font, size, w)
    lead = size * 1.25
    pad = 5 if s.heading_bar else 0
    before = (8 if level == 2 else 4) if L.y > s.top else 0
    h = before + len(lines) * lead + 2 * pad + (8 if level == 1 else 5)
    H = s.page[1]

    def draw(c, x, top):
        top += before
        if s.heading_bar:
            c.setFillColorRGB(*(s.heading_bar if level == 1 else (0.2, 0.5, 0.55)))
            c.rect(x, H - top - len(lines) * lead - 2 * pad, s.x1 - s.x0,
                   len(lines) * lead + 2 * pad, stroke=0, fill=1)
            c.setFillColorRGB(1, 1, 1)
            x += 6
        else:
            c.setFillColorRGB(*s.heading_color)
        c.setFont(font, size)
        for i, ln in enumerate(lines):
            c.drawString(x, H - top - pad - size - i * lead, ln)
    L.full_width(h, draw, keep=keep)


def box_item(L: Layout, sents: list, w: float) -> Item:
    """A coloured box quoting the law; its sentences are real text (gold: box=true)."""
    s = L.s
    size, lead = s.size - 0.6, s.leading - 0.6
    text = " ".join(x.text for x in sents)
    font = s.font
    lines = wrap(text, font, size, w - 16)
    h = len(lines) * lead + 16
    H = s.page[1]

    def draw(c, x, top):
        c.setFillColorRGB(*s.box_fill)
        c.rect(x, H - top - h + 4, w, h - 6, stroke=0, fill=1)
        c.setFillColorRGB(0.1, 0.1, 0.2)
        c.setFont(font, size)
        for i, ln in enumerate(lines):
            c.drawString(x + 8, H - top - 6 - size - i * lead, ln)
    return Item(h + 4, draw, [x.id for x in sents])


def callout_item(L: Layout, word: str) -> Item:
    s = L.s
    size = 26
    H = s.page[1]

    def draw(c, x, top):
        c.setFillColorRGB(*s.callout_color)
        c.setFont("DejaVuSans-Bold", size)
        c.drawString(x, H - top - size - 2, word)
    return Item(size + 12, draw)


def space_item(h: float) -> Item:
    return Item(h, lambda c, x, top: None, space=True)


# ---------------------------------------------------------------------------------------------
def table(L: Layout, rows: list[list[str]], ruled: bool, footnote: str | None,
          w: float) -> float:
    """Draw a table across `w`; returns nothing but moves the cursor. Numbers right-aligned."""
    s = L.s
    rh, size = 15.0, s.size
    ncol = len(rows[0])
    first = w * 0.46
    cw = [first] + [(w - first) / (ncol - 1)] * (ncol - 1)
    h = rh * len(rows) + (14 if footnote else 0) + 12
    H = s.page[1]
    font, bold = s.font, s.bold

    def draw(c, x, top):
        c.setStrokeColorRGB(0.3, 0.3, 0.3)
        c.setLineWidth(0.6)
        if s.heading_bar:
            c.setFillColorRGB(0.85, 0.92, 0.92)
            c.rect(x, H - top - rh, w, rh, stroke=0, fill=1)
        for r, row in enumerate(rows):
            y = H - top - (r + 1) * rh
            total = row[0] == "I alt"
            c.setFillColorRGB(0, 0, 0)
            c.setFont(bold if r == 0 or total else font, size)
            cx = x
            for j, cell in enumerate(row):
                if j == 0:
                    c.drawString(cx + 4, y + 4, cell)
                else:
                    c.drawRightString(cx + cw[j] - 4, y + 4, cell)
                cx += cw[j]
            if ruled or r == 0 or r == len(rows) - 2:
                c.line(x, y, x + w, y)
        if ruled:
            c.line(x, H - top, x + w, H - top)
            cx = x
            for j in range(ncol + 1):
                c.line(cx, H - top, cx, H - top - rh * len(rows))
                cx += cw[j] if j < ncol else 0
        if footnote:
            c.setFont(font, size - 1.5)
            c.drawString(x, H - top - rh * len(rows) - 12, footnote)
    L.full_width(h, draw)
    return h


def diagram(L: Layout, data: dict, w: float) -> None:
    """Boxes with labels (not sentences): the cooperation structure or the org chart."""
    s = L.s
    H = s.page[1]
    if data["kind"] == "coop":
        levels = [[data["labels"][0]], [data["labels"][1]],
                  [f"Lokalråd {m}" for m in data["munis"][:5]], data["labels"][3:]]
    else:
        levels = [[data["top"]], data["middle"], data["bottom"]]
    bh, gap = 24, 22
    h = len(levels) * (bh + gap) + 10

    def draw(c, x, top):
        centres = []
        for li, labels in enumerate(levels):
            n = len(labels)
            bw = min(150, (w - 8 * (n - 1)) / n)
            y = H - top - li * (bh + gap) - bh
            row = []
            for i, lab in enumerate(labels):
                bx = x + (w - n * bw - 8 * (n - 1)) / 2 + i * (bw + 8)
                c.setFillColorRGB(0.9, 0.93, 0.96) if li else c.setFillColorRGB(*NAVY)
                c.setStrokeColorRGB(*NAVY)
                c.rect(bx, y, bw, bh, stroke=1, fill=1)
                c.setFillColorRGB(*((0, 0, 0) if li else (1, 1, 1)))
                fs = 7.5
                while width(lab, "DejaVuSansCondensed", fs) > bw - 4 and fs > 5:
                    fs -= 0.5
                c.setFont("DejaVuSansCondensed", fs)
                c.drawCentredString(bx + bw / 2, y + bh / 2 - 3, lab)
                row.append((bx + bw / 2, y))
            if centres:
                for cx, cy in row:
                    c.line(centres[0][0], centres[0][1], cx, cy + bh)
            centres = row
    L.full_width(h, draw)
