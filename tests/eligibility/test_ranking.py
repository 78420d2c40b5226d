"""Peer-group percentiles and the weighted performance score."""

import pytest

from serviceladder.eligibility.ranking import peer_group_ranks, peer_percentiles, performance_scores


def test_percentile_is_position_over_group_size_with_ties_sharing_the_better_position():
    pct = peer_percentiles({"a": 90, "b": 80, "c": 80, "d": 70, "e": None})
    assert pct == {"a": 25.0, "b": 50.0, "c": 50.0, "d": 100.0}  # e has no score: no rank


def test_top_twenty_percent_of_ten_is_exactly_two_people():
    pct = peer_percentiles({i: float(i) for i in range(10)})
    assert sorted(k for k, p in pct.items() if p <= 20) == [8, 9]


def test_weighted_score_inverts_lower_is_better_metrics():
    rows = {
        "good": {"csat_mean": 4.9, "complaint_rate": 0.001},
        "mid": {"csat_mean": 4.5, "complaint_rate": 0.01},
        "bad": {"csat_mean": 4.0, "complaint_rate": 0.05},
    }
    scores = performance_scores(rows, {"csat_mean": 0.5, "complaint_rate": 0.5})
    assert scores == {"good": 100.0, "mid": 50.0, "bad": 0.0}
    minmax = performance_scores(rows, {"complaint_rate": 1}, "peer_minmax")
    assert minmax["good"] == pytest.approx(100.0)
    assert minmax["bad"] == pytest.approx(0.0)


def test_missing_metric_means_no_score_unless_nobody_has_it():
    rows = {
        "a": {"csat_mean": 4.9},
        "b": {"csat_mean": 4.0, "qa_score": 90},
        "c": {"csat_mean": 4.5, "qa_score": 80},
    }
    scores = performance_scores(rows, {"csat_mean": 0.5, "qa_score": 0.5})
    assert scores["a"] is None
    only_csat = performance_scores(
        {"a": {"csat_mean": 4.9}, "b": {"csat_mean": 4.0}}, {"csat_mean": 0.5, "qa_score": 0.5}
    )
    assert only_csat == {"a": 100.0, "b": 0.0}


def test_ranks_per_month_and_peer_group():
    records = [
        ("2026-05", "CS1/d1", "a", {"performance_score": 90}),
        ("2026-05", "CS1/d1", "b", {"performance_score": 80}),
        ("2026-05", "CS1/d2", "c", {"performance_score": 10}),  # alone in its group
        ("2026-06", "CS1/d1", "a", {"performance_score": 70}),
        ("2026-06", "CS1/d1", "b", {"performance_score": 80}),
    ]
    ranks = peer_group_ranks(records, method="imported")
    assert ranks == {
        "a": {"2026-05": 50.0, "2026-06": 100.0},
        "b": {"2026-05": 100.0, "2026-06": 50.0},
        "c": {"2026-05": 100.0},
    }
