"""Geometry for the dashboard's server-rendered SVG charts; templates draw it.

Charts are pictures of a table shown beside them (the table is what screen readers and CSV
read), drawn in a fixed ``viewBox`` that scales to any width: nothing to cut off at 320 px.
"""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 220
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 8, 10, 24


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    series: int


@dataclass
class Line:
    label: str
    series: int
    points: str


@dataclass
class Chart:
    label: str  # what a screen reader announces for the picture
    legend: list[tuple[int, str]]
    top: float  # the value of the top gridline
    unit: str = ""
    rects: list[Rect] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    first_label: str = ""
    last_label: str = ""
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def plot_left(self):
        return PAD_LEFT

    @property
    def plot_right(self):
        return self.width - PAD_RIGHT

    @property
    def plot_top(self):
        return PAD_TOP

    @property
    def plot_bottom(self):
        return self.height - PAD_BOTTOM

    @property
    def middle_y(self):
        return (PAD_TOP + self.height - PAD_BOTTOM) / 2

    @property
    def top_text(self) -> str:
        return f"{self.top:g}{self.unit}"

    @property
    def middle_text(self) -> str:
        return f"{self.top / 2:g}{self.unit}"


def _nice_top(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 1
    while magnitude * 10 < value:
        magnitude *= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def stacked_bars(*, label, categories, series, values, unit="") -> Chart:
    """One bar per category, stacked from ``values[category][series]`` (None counts as 0)."""
    totals = [sum(v or 0 for v in row) for row in values]
    chart = Chart(
        label=label,
        legend=list(enumerate(series)),
        top=_nice_top(max(totals, default=0)),
        unit=unit,
        first_label=str(categories[0]) if categories else "",
        last_label=str(categories[-1]) if categories else "",
    )
    span = chart.plot_right - chart.plot_left
    plot_height = chart.plot_bottom - chart.plot_top
    slot = span / max(len(categories), 1)
    for i, row in enumerate(values):
        base = chart.plot_bottom
        for s, value in enumerate(row):
            height = plot_height * (value or 0) / chart.top
            base -= height
            if height:
                chart.rects.append(
                    Rect(
                        round(chart.plot_left + i * slot + slot * 0.15, 1),
                        round(base, 1),
                        round(slot * 0.7, 1),
                        round(height, 1),
                        s,
                    )
                )
    return chart


def lines(*, label, categories, series, values, unit="", top=None) -> Chart:
    """One line per series over the categories; a None value breaks nothing, it is skipped."""
    peak = max((v for row in values for v in row if v is not None), default=0)
    chart = Chart(
        label=label,
        legend=list(enumerate(series)),
        top=top if top is not None else _nice_top(peak),
        unit=unit,
        first_label=str(categories[0]) if categories else "",
        last_label=str(categories[-1]) if categories else "",
    )
    span = chart.plot_right - chart.plot_left
    plot_height = chart.plot_bottom - chart.plot_top
    step = span / max(len(categories) - 1, 1)
    for s, name in enumerate(series):
        points = [
            f"{chart.plot_left + i * step:.1f},"
            f"{chart.plot_bottom - plot_height * row[s] / chart.top:.1f}"
            for i, row in enumerate(values)
            if row[s] is not None
        ]
        chart.lines.append(Line(label=name, series=s, points=" ".join(points)))
    return chart
