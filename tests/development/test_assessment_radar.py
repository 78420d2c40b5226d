"""The radar chart: well-formed SVG, one polygon per series, escaped labels, a legend entry per series."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from serviceladder.web.radar import Series, radar_svg

NS = {"s": "http://www.w3.org/2000/svg"}


def _chart(axes, series, title="Required & assessed"):
    return ET.fromstring(str(radar_svg(chart_id="r1", title=title, axes=axes, series=series)))


def test_one_polygon_per_series_and_a_legend_entry_each():
    series = [
        Series("required", "Required", [3, 2, 4]),
        Series("self", "Self", [2, 2, 5]),
        Series("superior", "Superior", [3, None, 4]),
        Series("peer", "Peers (average)", [2.7, 2.3, 4.0]),
    ]
    root = _chart(["Communication", "Coaching", "Complaints"], series)
    polygons = root.findall("s:polygon[@data-group]", NS)
    assert [p.get("data-group") for p in polygons] == ["required", "self", "superior", "peer"]
    legend = [t.text for t in root.findall("s:text[@class='radar-legend']", NS)]
    assert legend == ["Required", "Self", "Superior", "Peers (average)"]
    assert root.find("s:title", NS).text == "Required & assessed"
    # five rings, one spoke and one label per axis
    assert len(root.findall("s:polygon[@class='radar-ring']", NS)) == 5
    axes = root.findall("s:text[@class='radar-axis']", NS)
    assert [t.get("aria-label") for t in axes] == ["Communication", "Coaching", "Complaints"]
    assert ["".join(t.itertext()) for t in axes] == ["Communication", "Coaching", "Complaints"]


def test_a_full_score_reaches_the_rim_and_a_missing_one_the_centre():
    root = _chart(["a", "b", "c"], [Series("self", "Self", [5, None, 5])])
    points = root.find("s:polygon[@data-group='self']", NS).get("points").split()
    assert points[0] == "260.0,52.0"  # straight up, radius 112 from the centre (260, 164)
    assert points[1] == "260.0,164.0"


def test_labels_are_escaped():
    evil = "<script>alert(\"x\")</script> & 'q'"
    svg = str(
        radar_svg(chart_id='r"1', title=evil, axes=[evil, "b", "c"], series=[Series("self", evil, [1, 2, 3])])
    )
    assert "<script>" not in svg and 'id="r&quot;1-title"' in svg
    root = ET.fromstring(svg)
    assert root.find("s:title", NS).text == evil
    assert "".join(root.find("s:text[@class='radar-axis']", NS).itertext()).replace(" ", "") == evil.replace(
        " ", ""
    )


def test_chinese_labels_and_a_long_legend_wrap_inside_the_chart():
    series = [
        Series(k, label, [3, 3, 3])
        for k, label in [
            ("required", "要求"),
            ("self", "自评"),
            ("superior", "上级评价"),
            ("peer", "同事评价（平均）"),
        ]
    ]
    root = _chart(["沟通表达", "辅导", "投诉处理"], series)
    width = float(root.get("viewBox").split()[2])
    for line in root.findall("s:line", NS):
        assert float(line.get("x2")) <= width


def test_a_long_label_is_wrapped_on_two_lines():
    root = _chart(["Cross-department coordination", "b", "c"], [Series("self", "Self", [1, 2, 3])])
    spans = root.find("s:text[@class='radar-axis']", NS).findall("s:tspan", NS)
    assert [s.text for s in spans] == ["Cross-department", "coordination"]


def test_two_competencies_get_round_rings_and_a_dot_per_value():
    """Two spokes make no polygon (each series would be a flat line through the centre, on top of the
    others): the rings are circles and every value is a dot on its spoke, at its distance from the centre."""
    series = [Series("required", "Required", [4, 3]), Series("self", "Self", [3, 2])]
    root = _chart(["Communication", "Coaching"], series)
    rings = root.findall("s:circle[@class='radar-ring']", NS)
    assert [float(r.get("r")) for r in rings] == [22.4, 44.8, 67.2, 89.6, 112.0]
    assert root.findall("s:polygon[@class='radar-ring']", NS) == []
    groups = root.findall("s:g[@data-group]", NS)
    assert [g.get("data-group") for g in groups] == ["required", "self"]
    assert [g.find("s:title", NS).text for g in groups] == ["Required", "Self"]
    assert root.findall("s:polygon[@data-group]", NS) == []  # no flat line through the centre
    dots = [d for g in groups for d in g.findall("s:circle[@class='radar-point']", NS)]
    centre_y = 164  # the chart's centre; the first spoke points up, the second down
    distances = [round(abs(float(d.get("cy")) - centre_y), 1) for d in dots]
    assert distances == [89.6, 67.2, 67.2, 44.8]
    assert {d.get("cx") for d in dots} == {"260.0"}
    # three or more spokes draw polygons and no dots
    three = _chart(["a", "b", "c"], [Series("self", "Self", [1, 2, 3])])
    assert three.findall("s:circle", NS) == []
