"""Small charts drawn on the server as inline SVG (no JavaScript, readable by screen readers).

The geometry is computed here; the markup lives in templates/web/charts/, so every text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: str


def _segments(points: list[Point | None]) -> list[str]:
    """Polyline strings, broken where a month has no value."""
    segments, current = [], []
    for p in points:
        if p is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(f"{p.x:.1f},{p.y:.1f}")
    if current:
        segments.append(current)
    return [" ".join(s) for s in segments]


def line_chart(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    y_min: float,
    y_max: float,
    y_ticks: Sequence[float],
    fmt: Callable[[float], str],
    width: int = 560,
    height: int = 200,
) -> SafeString:
    """A line chart with a y axis (ticks formatted by `fmt`), month labels and a <title>."""
    left, right, top, bottom = 48, 28, 12, 28  # room for a centred "YYYY-MM" under the last point
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(labels)
    span = (y_max - y_min) or 1.0

    def x_at(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y_at(v: float) -> float:
        v = min(max(v, y_min), y_max)
        return top + plot_h * (1 - (v - y_min) / span)

    points = [None if v is None else Point(x_at(i), y_at(v), labels[i], fmt(v)) for i, v in enumerate(values)]
    step = max(1, (n + 5) // 6)  # at most about six month labels, so they never overlap
    context = {
        "width": width,
        "height": height,
        "title": title,
        "left": left,
        "right_x": width - right,
        "bottom_y": top + plot_h,
        "ticks": [{"y": y_at(t), "label": fmt(t)} for t in y_ticks],
        "x_labels": [{"x": x_at(i), "label": labels[i]} for i in range(0, n, step)],
        "segments": _segments(points),
        "points": [p for p in points if p is not None],
        "empty": all(v is None for v in values),
    }
    return render_to_string("web/charts/line.html", context)


def sparkline(values: Sequence[float | None], *, title: str, width: int = 96, height: int = 24) -> SafeString:
    """A tiny trend line without axes; the <title> carries the numbers for assistive technology."""
    present = [v for v in values if v is not None]
    if len(present) < 2:
        return SafeString("")
    lo, hi = min(present), max(present)
    span = (hi - lo) or 1.0
    n = len(values)
    pad = 2
    points = [
        None
        if v is None
        else Point(
            pad + (width - 2 * pad) * i / (n - 1),
            pad + (height - 2 * pad) * (1 - (v - lo) / span) if hi != lo else height / 2,
            "",
            "",
        )
        for i, v in enumerate(values)
    ]
    last = next(p for p in reversed(points) if p is not None)
    return render_to_string(
        "web/charts/sparkline.html",
        {"width": width, "height": height, "title": title, "segments": _segments(points), "last": last},
    )
