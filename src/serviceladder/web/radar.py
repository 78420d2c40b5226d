"""A radar (spider) chart drawn on the server as SVG: the required competency profile and each rater
group's assessed levels, one polygon each, with a legend. Pure: values in, markup out; every text is
escaped here, numbers are formatted, nothing from the caller reaches the markup unescaped.

The caller passes labels already in the reader's language. The SVG scales to its container (a viewBox,
no fixed width), so it reads at 390 px; the numbers are in a table beside it for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, CX, CY, RADIUS = 520, 260, 164, 112
LEGEND_Y = 332
HEIGHT = 352
SCALE_MAX = 5
COLOURS = {"required": "#5b5b5b", "self": "#2166ac", "superior": "#c2571a", "peer": "#1b7837"}
DASHES = {"required": "5 4", "self": "", "superior": "", "peer": "2 3"}
# Dots on one or two spokes: the required level is a larger hollow ring, so an equal rating shows inside.
POINT_RADIUS = {"required": 8, "self": 4, "superior": 4, "peer": 4}


@dataclass(frozen=True)
class Series:
    key: str  # required | self | superior | peer (picks the colour and the dash)
    label: str
    values: Sequence[float | None]


def _point(i: int, n: int, value: float, radius: float = RADIUS) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n
    r = radius * max(0.0, min(float(value), SCALE_MAX)) / SCALE_MAX
    return CX + r * math.cos(angle), CY + r * math.sin(angle)


def _points(values: Sequence[float], n: int) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in (_point(i, n, v) for i, v in enumerate(values)))


WRAP_AT = 124  # px: a longer axis label goes on two lines


def _wrap(label: str) -> list[str]:
    """An axis label on one line, or on two split at the space nearest the middle (or in the middle of a
    Chinese label), so labels stay inside the chart."""
    if _text_width(label) <= WRAP_AT:
        return [label]
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    if spaces:
        cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
        return [label[:cut], label[cut + 1 :]]
    middle = (len(label) + 1) // 2
    return [label[:middle], label[middle:]]


def _text_width(text: str) -> int:
    """About how wide `text` is at 12 px: CJK characters are square, others about half as wide."""
    return sum(14 if ord(ch) > 0x2E80 else 8 for ch in text)


def _attr(text: object) -> str:
    return escape(str(text), quote=True)


def radar_svg(*, chart_id: str, title: str, axes: Sequence[str], series: Sequence[Series]) -> SafeString:
    """SVG markup: a ring per proficiency 1–5, a spoke and a label per axis, one polygon per series (a
    missing value counts as 0), and a legend with one entry per series."""
    n = len(axes)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{_attr(chart_id)}-title">',
        f'<title id="{_attr(chart_id)}-title">{escape(title)}</title>',
    ]
    if n:
        for level in range(1, SCALE_MAX + 1):
            if n > 2:
                ring = _points([level] * n, n)
                out.append(f'<polygon class="radar-ring" points="{ring}" fill="none" stroke="#d0d0d0"/>')
            else:  # one or two spokes make no polygon: round rings, and a dot on the spoke per value
                r = RADIUS * level / SCALE_MAX
                out.append(
                    f'<circle class="radar-ring" cx="{CX}" cy="{CY}" r="{r:.1f}" '
                    'fill="none" stroke="#d0d0d0"/>'
                )
        for i, label in enumerate(axes):
            x, y = _point(i, n, SCALE_MAX)
            out.append(
                f'<line class="radar-spoke" x1="{CX}" y1="{CY}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d0d0d0"/>'
            )
            lx, ly = _point(i, n, SCALE_MAX, RADIUS + 14)
            anchor = "middle" if abs(lx - CX) < 8 else ("start" if lx > CX else "end")
            lines = _wrap(label)
            baseline = ly + (4 if abs(ly - CY) < RADIUS * 0.5 else (12 if ly > CY else -2))
            if ly < CY - RADIUS * 0.5:
                baseline -= 14 * (len(lines) - 1)  # a wrapped label above the chart grows upwards
            elif abs(ly - CY) < RADIUS * 0.5:
                baseline -= 7 * (len(lines) - 1)
            spans = "".join(
                f'<tspan x="{lx:.1f}" dy="{0 if k == 0 else 14}">{escape(line)}</tspan>'
                for k, line in enumerate(lines)
            )
            out.append(
                f'<text class="radar-axis" x="{lx:.1f}" y="{baseline:.1f}" text-anchor="{anchor}" '
                f'font-size="14" aria-label="{_attr(label)}">{spans}</text>'
            )
        for s in series:
            values = [0.0 if v is None else float(v) for v in s.values]
            colour = COLOURS.get(s.key, "#333333")
            dash = DASHES.get(s.key, "")
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            fill = "none" if s.key == "required" else colour
            if n > 2:
                out.append(
                    f'<polygon class="radar-series radar-{_attr(s.key)}" data-group="{_attr(s.key)}" '
                    f'points="{_points(values, n)}" fill="{fill}" fill-opacity="0.12" stroke="{colour}" '
                    f'stroke-width="2"{dash_attr}><title>{escape(s.label)}</title></polygon>'
                )
                continue
            dots = "".join(
                f'<circle class="radar-point" cx="{x:.1f}" cy="{y:.1f}" r="{POINT_RADIUS.get(s.key, 4)}"/>'
                for x, y in (_point(i, n, v) for i, v in enumerate(values))
            )
            out.append(
                f'<g class="radar-series radar-{_attr(s.key)}" data-group="{_attr(s.key)}" fill="{fill}" '
                f'stroke="{colour}" stroke-width="2"><title>{escape(s.label)}</title>{dots}</g>'
            )
    x, y = 12, LEGEND_Y
    for s in series:
        width = 34 + _text_width(s.label) + 14
        if x > 12 and x + width > WIDTH:
            x, y = 12, y + 22
        colour = COLOURS.get(s.key, "#333333")
        dash = DASHES.get(s.key, "")
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{x}" y1="{y}" x2="{x + 22}" y2="{y}" stroke="{colour}" stroke-width="3"{dash_attr}/>'
        )
        out.append(
            f'<text class="radar-legend" x="{x + 28}" y="{y + 4}" font-size="12">{escape(s.label)}</text>'
        )
        x += width
    out.append("</svg>")
    out[0] = out[0].replace(f"0 0 {WIDTH} {HEIGHT}", f"0 0 {WIDTH} {y + 16}")
    return mark_safe("".join(out))  # noqa: S308 - every text above went through escape()
