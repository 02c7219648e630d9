"""pipeline.views.svg: stacked bars as inline SVG with readable, non-overlapping labels."""
from __future__ import annotations

import math
import re

import pandas as pd

from pipeline.views import svg


def _ticks(chart: str) -> list[tuple[float, str]]:
    return [(float(x), text) for x, text in
            re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="\w+" class="tick"[^>]*>'
                       r'(?:<title>[^<]*</title>)?([^<]*)</text>', chart)]


def test_short_labels_stand_upright_and_all_are_written() -> None:
    chart = svg.stacked_bar(pd.DataFrame({"a": [1, 2, 3]}, index=["2014", "2015", "2016"]),
                            "t", "year")
    assert [t for _, t in _ticks(chart)] == ["2014", "2015", "2016"]
    assert "rotate(" not in chart.split("</text>", 1)[1].split('class="axis"')[0]


def test_crowded_labels_are_slanted_and_thinned_so_they_never_touch() -> None:
    index = [f"{y}Q{q}" for y in range(2000, 2020) for q in range(1, 5)]  # 80 quarters
    chart = svg.stacked_bar(pd.DataFrame({"day": [1] * len(index)}, index=index), "t", "q")
    ticks = _ticks(chart)
    assert "rotate(-40" in chart and 1 < len(ticks) < len(index)
    gap = min(b[0] - a[0] for a, b in zip(ticks, ticks[1:]))
    assert gap * math.sin(math.radians(svg.SLANT)) >= svg.LINE_HEIGHT


def test_every_series_has_a_colour_and_a_legend_entry_and_bars_a_tooltip() -> None:
    counts = pd.DataFrame({"continued": [2, 1], "new": [0, 3], "total": [2, 4]},
                          index=["2014→2015", "2015→2016"])
    chart = svg.stacked_bar(counts, "Changes", "years", colours={"new": "#E69F00"})
    assert re.findall(r"<figcaption class=\"legend\">(.*)</figcaption>", chart)[0].count("<span>") == 2
    assert 'fill="#E69F00"' in chart and "<title>2015→2016 · new: 3</title>" in chart
    assert "total" not in chart  # the total column is not a series


def test_more_labels_than_palette_colours_get_distinct_tints() -> None:
    colours = svg.palette_for([str(i) for i in range(2 * len(svg.PALETTE))])
    assert len(set(colours.values())) == 2 * len(svg.PALETTE)
