"""What changed between two plan versions (pure): goals and actions matched by lineage."""

from serviceladder.development.plan_changes import version_changes


def _v(target="L3", short="", goals=None, actions=None):
    return {
        "target": target,
        "horizons": {"short": short, "mid": "", "long": ""},
        "goals": goals or {},
        "actions": actions or {},
    }


def test_added_removed_and_changed_items_by_lineage():
    old = _v(
        goals={
            "g1": {"statement": "FCR 85%", "due_date": "2027-06-30"},
            "g2": {"statement": "考试", "due_date": "x"},
        },
        actions={"a1": {"title": "轮岗", "end_date": "2027-01-31"}},
    )
    new = _v(
        target="X1",
        short="学",
        goals={"g1": {"statement": "FCR 85%", "due_date": "2027-09-30"}},
        actions={
            "a1": {"title": "轮岗", "end_date": "2027-01-31"},
            "a2": {"title": "带新人", "end_date": ""},
        },
    )
    changes = [(c.kind, c.change, c.label, c.fields) for c in version_changes(old, new)]
    assert changes == [
        ("target", "changed", "", ()),
        ("horizon", "changed", "short", ()),
        ("goal", "changed", "FCR 85%", ("due_date",)),
        ("goal", "removed", "考试", ()),
        ("action", "added", "带新人", ()),
    ]


def test_identical_versions_have_no_changes():
    v = _v(goals={"g": {"statement": "s"}}, actions={"a": {"title": "t"}})
    assert version_changes(v, dict(v)) == []
