"""Small bar charts of visits per day, laid out for inline SVG (pure)."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: datetime.date
    count: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    total: int
    peak: int


def bar_chart(
    days: list[tuple[datetime.date, int]], *, width: int = 300, height: int = 60
) -> Chart:
    """Return one bar per day, scaled so the busiest day fills the height."""
    peak = max((count for _, count in days), default=0)
    slot = width / max(len(days), 1)
    bars = []
    for i, (day, count) in enumerate(days):
        # Every day gets a sliver, so a day without visits still shows.
        bar_height = max(1.0, height * count / peak) if peak else 1.0
        bars.append(
            Bar(
                x=round(i * slot, 2),
                y=round(height - bar_height, 2),
                width=round(max(slot - 1, 1), 2),
                height=round(bar_height, 2),
                day=day,
                count=count,
            )
        )
    return Chart(width, height, bars, sum(c for _, c in days), peak)
