"""Vector charts for the report: stacked bars as inline SVG (no image files, no plotting library).

Colours come from the Okabe-Ito palette, distinguishable with the common colour-vision deficiencies;
bars also carry a <title> (tooltip, screen readers) and the legend is plain HTML text. Tick labels
are slanted only when they would not fit side by side, and long ones are shortened (full text in
the tooltip), so labels never overlap.
"""
from __future__ import annotations

import html
import math
from typing import Optional

import pandas as pd

# Okabe & Ito (2008), "Color Universal Design": 8 colours, black left out for bars.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#999999")
WIDTH, HEIGHT = 860, 300
LEFT, RIGHT, TOP = 48, 12, 28
CHAR_WIDTH = 6.5  # px per character of a 11 px sans-serif label: decides when to slant
LINE_HEIGHT = 12  # px a label needs across its baseline
SLANT = 40        # degrees; slanted labels sit slot * sin(SLANT) apart, across their baselines
MAX_LABEL = 18


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _tint(colour: str, share: float) -> str:
    """``colour`` mixed with white (share of white)."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in rgb)


def palette_for(labels: list[str]) -> dict[str, str]:
    """A stable colour per label, in the order given: the palette, then (more labels than
    colours) its tints, so a repeated hue differs at least in lightness."""
    n = len(PALETTE)
    return {label: PALETTE[i % n] if i < n else _tint(PALETTE[i % n], 0.55 if i < 2 * n else 0.8)
            for i, label in enumerate(labels)}


def _nice_max(value: float) -> tuple[float, float]:
    """(axis maximum, tick step) with 4-6 round ticks."""
    if value <= 0:
        return 1.0, 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value / step <= 6:
            return float(step * -(-value // step)), float(step)
    step = 10 ** len(str(int(value)))
    return float(step), float(step / 5)


def stacked_bar(counts: pd.DataFrame, title: str, xlabel: str, ylabel: str = "count",
                colours: Optional[dict[str, str]] = None) -> str:
    """A <figure> with an SVG stacked bar chart: one bar per row of ``counts``, one stack per
    column (a "total" column is ignored), and an HTML legend."""
    counts = counts.drop(columns=["total"], errors="ignore")
    series = [str(c) for c in counts.columns]
    colours = {**palette_for(series), **(colours or {})}
    totals = counts.sum(axis=1).astype(float).tolist()
    top, step = _nice_max(max(totals, default=0.0))
    labels = [str(i) for i in counts.index]
    n = max(len(labels), 1)
    slot = (WIDTH - LEFT - RIGHT) / n
    longest = max((len(lab) for lab in labels), default=0)
    slant = longest * CHAR_WIDTH > slot * 0.9
    # Slanted labels closer than a line apart would touch: then only every k-th is written.
    every = math.ceil(LINE_HEIGHT / (slot * math.sin(math.radians(SLANT)))) if slant else 1
    bottom_margin = 34 + (min(longest, MAX_LABEL) * CHAR_WIDTH * 0.7 if slant else 0)
    height = HEIGHT + bottom_margin
    plot_h = HEIGHT - TOP
    y = lambda v: TOP + plot_h * (1 - v / top)  # noqa: E731
    parts = [f'<svg viewBox="0 0 {WIDTH} {height:.0f}" role="img" aria-label="{_esc(title)}" '
             f'class="chart" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="{WIDTH / 2}" y="16" text-anchor="middle" class="ct">{_esc(title)}</text>']
    tick = 0.0
    while tick <= top + 1e-9:
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                     f'class="grid"/><text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">'
                     f'{tick:g}</text>')
        tick += step
    bar_w = max(slot * 0.7, 1.0)
    for i, (label, row) in enumerate(zip(labels, counts.itertuples(index=False))):
        x = LEFT + i * slot + (slot - bar_w) / 2
        base = 0.0
        for name, value in zip(series, row):
            value = float(value)
            if value <= 0:
                continue
            parts.append(f'<rect x="{x:.1f}" y="{y(base + value):.1f}" width="{bar_w:.1f}" '
                         f'height="{plot_h * value / top:.1f}" fill="{colours[name]}">'
                         f'<title>{_esc(label)} · {_esc(name)}: {value:g}</title></rect>')
            base += value
        short = label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1] + "…"
        cx, cy = x + bar_w / 2, HEIGHT + 14
        if i % every:
            continue
        if slant:
            parts.append(f'<text x="{cx:.1f}" y="{cy}" text-anchor="end" class="tick" '
                         f'transform="rotate(-{SLANT} {cx:.1f} {cy})"><title>{_esc(label)}</title>'
                         f'{_esc(short)}</text>')
        else:
            parts.append(f'<text x="{cx:.1f}" y="{cy}" text-anchor="middle" class="tick">'
                         f'{_esc(short)}</text>')
    parts.append(f'<text x="{WIDTH / 2}" y="{height - 4:.0f}" text-anchor="middle" class="axis">'
                 f'{_esc(xlabel)}</text><text x="12" y="{TOP + plot_h / 2}" class="axis" '
                 f'transform="rotate(-90 12 {TOP + plot_h / 2})" text-anchor="middle">'
                 f'{_esc(ylabel)}</text></svg>')
    legend = "".join(f'<span><i style="background:{colours[s]}"></i>{_esc(s)}</span>'
                     for s in series)
    return f'<figure class="chart">{"".join(parts)}<figcaption class="legend">{legend}</figcaption></figure>'
