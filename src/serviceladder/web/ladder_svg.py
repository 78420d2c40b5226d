"""The career framework as a picture: pure layout of level boxes and transition arrows.

Tracks are columns, levels go bottom-up (entry level lowest). A track that people enter from another track
starts at the row of its lowest entry point, so a sideways move reads as sideways. Arrows:
- a promotion to the next level of the same track is a straight arrow up the column;
- any other move inside a track curves along the side of the column;
- a move to another track leaves the box sideways, runs in the gutter between columns (and, for columns
  further away, through the gap between two rows, where no box is) and enters the target from the side.
Every arrow in a gutter or a row gap gets a lane of its own, so no two arrows share a segment.

No Django here: the view passes plain values in and renders the result with templates/web/ladder/svg.html.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

BOX_W = 176
BOX_H = 60
GUTTER = 120
ROW_GAP = 52
MARGIN_X = 16
HEADER_H = 44
MARGIN_BOTTOM = 28
CORNER = 8
OWN_TAG_W = 40
OWN_TAG_H = 17


@dataclass(frozen=True)
class TrackIn:
    code: str
    name: str
    levels: list[LevelIn]


@dataclass(frozen=True)
class LevelIn:
    code: str
    name: str


@dataclass(frozen=True)
class TransitionIn:
    from_code: str
    to_code: str
    kind: str  # "promotion" | "lateral"
    title: str = ""


@dataclass
class Box:
    code: str
    name: str
    track: str
    column: int
    row: int  # 1 = bottom row
    x: float
    y: float
    w: float = BOX_W
    h: float = BOX_H
    name_lines: list[str] = field(default_factory=list)

    @property
    def text_rows(self) -> list[tuple[float, str, str]]:
        """(baseline y, text, css class): the name in one or two lines, then the level code."""
        line_h = 15
        count = len(self.name_lines) + 1
        first = self.cy - (count - 1) * line_h / 2 + 4
        rows = [(first + i * line_h, text, "ladder-name") for i, text in enumerate(self.name_lines)]
        rows.append((first + len(self.name_lines) * line_h, self.code, "ladder-code"))
        return rows

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def own_tag(self) -> tuple[float, float, float, float, float, float]:
        """The "you" tag hanging from the bottom edge at the right, below every text row, so it never covers
        the name or the code: (x, y, width, height) of its pill, then its text's centre x and baseline y."""
        w, h = OWN_TAG_W, OWN_TAG_H
        x, y = self.right - 10 - w, self.bottom - 5
        return (x, y, w, h, x + w / 2, y + h - 5)


@dataclass
class Arrow:
    from_code: str
    to_code: str
    kind: str  # "promotion" | "lateral"
    route: str  # "up" (next level, same track) | "side" (other move in the track) | "cross" (other track)
    points: list[tuple[float, float]]
    d: str = ""
    title: str = ""

    @property
    def start(self) -> tuple[float, float]:
        return self.points[0]

    @property
    def end(self) -> tuple[float, float]:
        return self.points[-1]


@dataclass
class Header:
    x: float
    y: float
    lines: list[str]


@dataclass
class Layout:
    width: float
    height: float
    boxes: dict[str, Box]
    arrows: list[Arrow]
    headers: list[Header]


def text_units(text: str) -> float:
    """Rough width in "Latin character" units: CJK and full-width characters count double."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def wrap(text: str, max_units: float, max_lines: int = 2) -> list[str]:
    """Split a label into at most `max_lines` lines; words stay whole, CJK text breaks anywhere."""
    words = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current}{joiner}{word}" if current else word
        if text_units(candidate) <= max_units or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        kept = lines[: max_lines - 1]
        rest = joiner.join(lines[max_lines - 1 :])
        while rest and text_units(rest + "…") > max_units:
            rest = rest[:-1]
        lines = [*kept, rest.rstrip() + "…"]
    return lines


def _rows(tracks: list[TrackIn], transitions: list[TransitionIn]) -> dict[str, tuple[int, int]]:
    """Level code → (column, row). The first track starts at row 1; a later track starts at the row of the
    lowest level it is entered from (or 1 when nobody enters it from another track)."""
    placed: dict[str, tuple[int, int]] = {}
    track_of = {lv.code: t.code for t in tracks for lv in t.levels}
    for column, track in enumerate(tracks):
        start = 1
        if column > 0:
            codes = {lv.code for lv in track.levels}
            sources = [
                placed[t.from_code][1]
                for t in transitions
                if t.to_code in codes and t.from_code in placed and track_of.get(t.from_code) != track.code
            ]
            if sources:
                # rows below the entry point stay free when the track's first level is entered directly
                entry_index = min(
                    i
                    for i, lv in enumerate(track.levels)
                    if any(t.to_code == lv.code and t.from_code in placed for t in transitions)
                )
                start = max(1, min(sources) - entry_index)
        for i, level in enumerate(track.levels):
            placed.setdefault(level.code, (column, start + i))
    return placed


def _rounded(points: list[tuple[float, float]], radius: float = CORNER) -> str:
    """An SVG path through orthogonal points with rounded corners (corners never overshoot a segment)."""
    pts = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(pts) < 2:
        return ""
    d = [f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"]
    for i in range(1, len(pts) - 1):
        (x0, y0), (x1, y1), (x2, y2) = pts[i - 1], pts[i], pts[i + 1]
        len_in = abs(x1 - x0) + abs(y1 - y0)
        len_out = abs(x2 - x1) + abs(y2 - y1)
        r = min(radius, len_in / 2, len_out / 2)
        if r <= 0.5:
            d.append(f"L{x1:.1f},{y1:.1f}")
            continue
        ax = x1 - (x1 - x0) / len_in * r
        ay = y1 - (y1 - y0) / len_in * r
        bx = x1 + (x2 - x1) / len_out * r
        by = y1 + (y2 - y1) / len_out * r
        d.append(f"L{ax:.1f},{ay:.1f} Q{x1:.1f},{y1:.1f} {bx:.1f},{by:.1f}")
    d.append(f"L{pts[-1][0]:.1f},{pts[-1][1]:.1f}")
    return " ".join(d)


def _spread(center: float, index: int, count: int, span: float) -> float:
    """Position `index` of `count` evenly around `center` within `span`."""
    if count <= 1:
        return center
    step = min(14.0, span / (count + 1))
    return center + (index - (count - 1) / 2) * step


def layout(tracks: list[TrackIn], transitions: list[TransitionIn]) -> Layout:
    placed = _rows(tracks, transitions)
    n_rows = max((row for _, row in placed.values()), default=1)
    n_cols = max(len(tracks), 1)
    width = 2 * MARGIN_X + n_cols * BOX_W + (n_cols - 1) * GUTTER
    height = HEADER_H + n_rows * BOX_H + (n_rows - 1) * ROW_GAP + MARGIN_BOTTOM

    def col_x(column: int) -> float:
        return MARGIN_X + column * (BOX_W + GUTTER)

    def row_y(row: int) -> float:
        return HEADER_H + (n_rows - row) * (BOX_H + ROW_GAP)

    boxes: dict[str, Box] = {}
    headers: list[Header] = []
    for column, track in enumerate(tracks):
        headers.append(Header(col_x(column) + BOX_W / 2, 16, wrap(track.name, 30)))
        for level in track.levels:
            col, row = placed[level.code]
            if level.code in boxes:
                continue
            boxes[level.code] = Box(
                code=level.code,
                name=level.name,
                track=track.code,
                column=col,
                row=row,
                x=col_x(col),
                y=row_y(row),
                name_lines=wrap(level.name, 25),
            )

    usable = [t for t in transitions if t.from_code in boxes and t.to_code in boxes]
    # Side points: how many arrows leave / enter each box edge, so they can be spread along it.
    edge_use: dict[tuple[str, str], list[int]] = defaultdict(list)
    gutter_use: dict[int, list[int]] = defaultdict(list)
    gap_use: dict[int, list[int]] = defaultdict(list)  # gap below row r
    plans: list[dict] = []
    for index, t in enumerate(usable):
        a, b = boxes[t.from_code], boxes[t.to_code]
        if a.column == b.column:
            route = "up" if t.kind == "promotion" and b.row == a.row + 1 else "side"
            plans.append({"route": route})
            continue
        step = 1 if b.column > a.column else -1
        first_gutter = a.column if step > 0 else a.column - 1
        last_gutter = b.column - 1 if step > 0 else b.column
        edge_use[(a.code, "right" if step > 0 else "left")].append(index)
        edge_use[(b.code, "left" if step > 0 else "right")].append(index)
        gutter_use[first_gutter].append(index)
        if last_gutter != first_gutter:
            gutter_use[last_gutter].append(index)
            gap_use[b.row].append(index)
        plans.append(
            {"route": "cross", "step": step, "first_gutter": first_gutter, "last_gutter": last_gutter}
        )

    # Order the slots so arrows do not cross needlessly: along a box edge by where the other end is;
    # in a gutter, an arrow that turns up from a higher exit runs nearer to its source box, and an arrow
    # arriving at a higher target runs further from that target.
    def other_end_y(index: int, box_code: str) -> float:
        t = usable[index]
        other = t.to_code if t.from_code == box_code else t.from_code
        return boxes[other].cy

    for (code, _side), users in edge_use.items():
        users.sort(key=lambda i, c=code: (other_end_y(i, c), i))

    def edge_y(box: Box, side: str, index: int) -> float:
        users = edge_use[(box.code, side)]
        return _spread(box.cy, users.index(index), len(users), box.h - 12)

    ends: dict[int, tuple[float, float]] = {}
    for index, (t, plan) in enumerate(zip(usable, plans, strict=True)):
        if plan["route"] == "cross":
            step = plan["step"]
            a, b = boxes[t.from_code], boxes[t.to_code]
            sy = edge_y(a, "right" if step > 0 else "left", index)
            ey = edge_y(b, "left" if step > 0 else "right", index)
            if (
                len(edge_use[(b.code, "left" if step > 0 else "right")]) == 1
                and b.y + 10 <= sy <= b.bottom - 10
            ):
                ey = sy  # the only arrow into this side: arrive level, without a jog
            ends[index] = (sy, ey)

    for gutter, users in gutter_use.items():

        def nearness(index: int, g: int = gutter) -> tuple:
            """Sort key from the gutter's left side to its right side."""
            plan = plans[index]
            sy, ey = ends[index]
            if plan["first_gutter"] == g:
                going_up = ey < sy
                d = (0 if going_up else 1, sy if going_up else -sy)  # rank away from the source box
                box_on_left = plan["step"] > 0
            else:
                d = (0, -ey)  # rank away from the target box
                box_on_left = plan["step"] < 0
            return (0, *d) if box_on_left else (1, -d[0], -d[1])

        users.sort(key=lambda i: (nearness(i), i))

    def lane_x(gutter: int, index: int) -> float:
        users = gutter_use[gutter]
        left = col_x(gutter) + BOX_W
        return left + GUTTER * (users.index(index) + 1) / (len(users) + 1)

    def lane_y(row: int, index: int) -> float:
        users = gap_use[row]
        top = row_y(row) + BOX_H
        span = ROW_GAP if row > 1 else MARGIN_BOTTOM
        return top + span * (users.index(index) + 1) / (len(users) + 1)

    arrows: list[Arrow] = []
    for index, (t, plan) in enumerate(zip(usable, plans, strict=True)):
        a, b = boxes[t.from_code], boxes[t.to_code]
        if plan["route"] == "up":
            points = [(a.cx, a.y), (b.cx, b.bottom)]
            d = _rounded(points)
        elif plan["route"] == "side":
            # Bulge to the left for a skipped-level promotion, to the right for other moves.
            side = -1 if t.kind == "promotion" else 1
            sx = a.x if side < 0 else a.right
            bulge = side * (28 + 10 * abs(b.row - a.row))
            points = [(sx, a.cy), (sx, b.cy)]
            d = (
                f"M{sx:.1f},{a.cy:.1f} C{sx + bulge:.1f},{a.cy:.1f} {sx + bulge:.1f},{b.cy:.1f} "
                f"{sx:.1f},{b.cy:.1f}"
            )
        else:
            step = plan["step"]
            sx = a.right if step > 0 else a.x
            ex = b.x if step > 0 else b.right
            sy, ey = ends[index]
            x1 = lane_x(plan["first_gutter"], index)
            if plan["first_gutter"] == plan["last_gutter"]:
                points = [(sx, sy), (x1, sy), (x1, ey), (ex, ey)]
            else:
                gy = lane_y(b.row, index)
                x2 = lane_x(plan["last_gutter"], index)
                points = [(sx, sy), (x1, sy), (x1, gy), (x2, gy), (x2, ey), (ex, ey)]
            d = _rounded(points)
        arrows.append(Arrow(t.from_code, t.to_code, t.kind, plan["route"], points, d, t.title))
    return Layout(width, height, boxes, arrows, headers)
