"""The ladder picture's layout: pure functions, no database."""

from serviceladder.policy.presets import preset_names, preset_text
from serviceladder.policy.validation import parse_policy
from serviceladder.web import ladder_svg as L


def _policy_layout(policy):
    tracks = [
        L.TrackIn(t.code, t.name_en, [L.LevelIn(lv.code, lv.name_en) for lv in t.levels])
        for t in policy.tracks
    ]
    moves = [L.TransitionIn(t.from_level, t.to_level, t.kind) for t in policy.transitions]
    return L.layout(tracks, moves)


def _inside_edge(point, box, tol=0.6):
    x, y = point
    on_vertical = (abs(x - box.x) < tol or abs(x - box.right) < tol) and box.y - tol <= y <= box.bottom + tol
    on_horizontal = (
        abs(y - box.y) < tol or abs(y - box.bottom) < tol
    ) and box.x - tol <= x <= box.right + tol
    return on_vertical or on_horizontal


def _segments(points):
    return list(zip(points, points[1:], strict=False))


def _crosses_box(seg, box):
    (x0, y0), (x1, y1) = seg
    lo_x, hi_x, lo_y, hi_y = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    return lo_x < box.right - 1 and hi_x > box.x + 1 and lo_y < box.bottom - 1 and hi_y > box.y + 1


def test_levels_go_bottom_up_and_tracks_side_by_side():
    layout = _policy_layout(parse_policy(preset_text("cn-standard")))
    service = [layout.boxes[c] for c in ("CS1", "CS2", "CS3", "CS4", "CS5")]
    assert [b.row for b in service] == [1, 2, 3, 4, 5]
    assert all(lower.y > upper.y for lower, upper in zip(service, service[1:], strict=False))
    assert {b.column for b in service} == {0}
    assert layout.boxes["EX-QA"].column == 1 and layout.boxes["TR-OPS"].column == 2
    assert layout.boxes["CS1"].x < layout.boxes["EX-QA"].x < layout.boxes["TR-OPS"].x


def test_a_track_entered_from_another_starts_at_its_entry_row():
    layout = _policy_layout(parse_policy(preset_text("cn-standard")))
    # CS2 → EX-QA is the lowest way into the expert track, so EX-QA sits beside CS2, not beside CS1.
    assert layout.boxes["EX-QA"].row == layout.boxes["CS2"].row
    assert layout.boxes["TR-OPS"].row == layout.boxes["CS3"].row


def test_every_arrow_connects_its_two_boxes():
    for name in preset_names():
        layout = _policy_layout(parse_policy(preset_text(name)))
        policy = parse_policy(preset_text(name))
        assert len(layout.arrows) == len(policy.transitions), name
        for arrow in layout.arrows:
            a, b = layout.boxes[arrow.from_code], layout.boxes[arrow.to_code]
            assert _inside_edge(arrow.start, a), (name, arrow.from_code, arrow.to_code, arrow.start)
            assert _inside_edge(arrow.end, b), (name, arrow.from_code, arrow.to_code, arrow.end)
            assert arrow.d.startswith("M")


def test_promotion_to_next_level_is_a_straight_arrow_up():
    layout = _policy_layout(parse_policy(preset_text("cn-standard")))
    up = next(a for a in layout.arrows if (a.from_code, a.to_code) == ("CS1", "CS2"))
    assert up.route == "up" and up.kind == "promotion"
    (x0, y0), (x1, y1) = up.start, up.end
    assert x0 == x1 and y0 > y1  # straight, pointing up
    assert y0 == layout.boxes["CS1"].y and y1 == layout.boxes["CS2"].bottom


def test_cross_track_arrows_never_run_through_a_box_or_share_a_lane():
    layout = _policy_layout(parse_policy(preset_text("cn-standard")))
    cross = [a for a in layout.arrows if a.route == "cross"]
    assert {(a.from_code, a.to_code) for a in cross} >= {("CS3", "TR-OPS"), ("CS2", "EX-QA")}
    for arrow in cross:
        for seg in _segments(arrow.points)[1:-1]:
            for box in layout.boxes.values():
                assert not _crosses_box(seg, box), (arrow.from_code, arrow.to_code, box.code)
    verticals = [
        (round(p[0], 1), arrow.to_code)
        for arrow in cross
        for p, q in _segments(arrow.points)
        if p[0] == q[0] and p[1] != q[1]
    ]
    xs = [x for x, _ in verticals]
    assert len(xs) == len(set(xs)), verticals
    lateral = next(a for a in cross if a.to_code == "TR-OPS")
    assert lateral.kind == "lateral"


def test_moves_inside_a_track_that_skip_or_go_down_curve_along_the_side():
    tracks = [L.TrackIn("t", "T", [L.LevelIn("A", "A"), L.LevelIn("B", "B"), L.LevelIn("C", "C")])]
    layout = L.layout(tracks, [L.TransitionIn("A", "C", "promotion"), L.TransitionIn("C", "A", "lateral")])
    skip, down = layout.arrows
    assert skip.route == down.route == "side"
    assert " C" in skip.d and skip.start[0] == layout.boxes["A"].x  # left side, curved
    assert down.start[0] == layout.boxes["C"].right


def test_transitions_to_unknown_levels_are_left_out():
    tracks = [L.TrackIn("t", "T", [L.LevelIn("A", "A"), L.LevelIn("B", "B")])]
    layout = L.layout(tracks, [L.TransitionIn("A", "B", "promotion"), L.TransitionIn("A", "Z", "promotion")])
    assert [(a.from_code, a.to_code) for a in layout.arrows] == [("A", "B")]


def test_long_names_wrap_into_two_lines_and_cjk_counts_double():
    assert L.wrap("Intermediate service agent", 25) == ["Intermediate service", "agent"]
    assert L.text_units("客服主管") == 8
    lines = L.wrap("一二三四五六七八九十一二三四五六七八九十", 12)
    assert len(lines) == 2 and lines[-1].endswith("…")


def test_rounded_path_keeps_corners_within_short_segments():
    d = L._rounded([(0, 0), (10, 0), (10, 4), (20, 4)])
    assert d.startswith("M0.0,0.0") and d.endswith("L20.0,4.0")
    assert "Q10.0,0.0" in d


def test_the_you_tag_sits_below_every_text_row_of_its_box():
    """The tag marking one's own level never covers the level's name or code: its pill starts below the last
    text row's descenders, whatever the number of name lines, and stays within the box's width."""
    descent = 4  # below a 13 px baseline
    for name in ("Agent", "Intermediate service agent", "客服", "一二三四五六七八九十一二三四五六七八九十"):
        layout = L.layout([L.TrackIn("t", "Track", [L.LevelIn("A1", name)])], [])
        box = layout.boxes["A1"]
        x, y, w, h, text_x, text_y = box.own_tag
        last_baseline = max(row[0] for row in box.text_rows)
        assert y >= last_baseline + descent, (name, y, last_baseline)
        assert box.x < x and x + w < box.right
        assert x < text_x < x + w and y < text_y < y + h
