"""metrics.ranking: scores and ranks computed by hand."""

import pytest

from serviceladder.metrics.ranking import (
    Candidate,
    ScoreRule,
    group_scores,
    normalise,
    rank_all,
    rank_scores,
)


def test_percentile_normalisation_mid_ranks_ties():
    # sorted 1, 2, 2, 4: below/equal -> 1: 0/3, 2: (1 + 0.5)/3 = 0.5, 4: 3/3
    assert normalise([2, 4, 1, 2, None], method="peer_percentile", lower_is_better=False) == [
        0.5,
        1.0,
        0.0,
        0.5,
        None,
    ]


def test_lower_is_better_is_inverted():
    assert normalise([200, 300, 400], method="peer_percentile", lower_is_better=True) == [1.0, 0.5, 0.0]
    assert normalise([200, 300, 400], method="peer_minmax", lower_is_better=True) == [1.0, 0.5, 0.0]


def test_minmax_and_degenerate_groups():
    assert normalise([0.7, 0.8, 0.9], method="peer_minmax", lower_is_better=False) == pytest.approx(
        [0.0, 0.5, 1.0]
    )
    assert normalise([3, 3], method="peer_minmax", lower_is_better=False) == [1.0, 1.0]
    assert normalise([3], method="peer_percentile", lower_is_better=False) == [1.0]
    assert normalise([3, 3], method="peer_percentile", lower_is_better=False) == [0.5, 0.5]


def test_weighted_score_by_hand():
    rule = ScoreRule(
        weights={"csat_mean": 0.6, "aht_seconds": 0.4}, lower_is_better=frozenset({"aht_seconds"})
    )
    people = [
        Candidate("a", "g", {"csat_mean": 4.8, "aht_seconds": 300}),
        Candidate("b", "g", {"csat_mean": 4.5, "aht_seconds": 200}),
        Candidate("c", "g", {"csat_mean": 4.2, "aht_seconds": None}),
    ]
    # csat percentile: a 1, b 0.5, c 0; aht (2 present, inverted): b 1, a 0
    # a: (0.6*1 + 0.4*0) / 1 = 0.6; b: (0.6*0.5 + 0.4*1) / 1 = 0.7; c: (0.6*0) / 0.6 = 0
    assert group_scores(people, rule) == pytest.approx([60.0, 70.0, 0.0])


def test_no_weighted_figure_means_no_score():
    rule = ScoreRule(weights={"qa_score": 1})
    assert group_scores([Candidate("a", "g", {"qa_score": None})], rule) == [None]


def test_ranks_ties_and_top_percent():
    # "1224" ranking; percentile = rank / size * 100
    assert rank_scores([90, 80, 90, 70, None]) == [
        (1, 4, 25.0),
        (3, 4, 75.0),
        (1, 4, 25.0),
        (4, 4, 100.0),
        (None, None, None),
    ]
    best_of_ten = rank_scores([100 - i for i in range(10)])
    assert best_of_ten[0] == (1, 10, 10.0)
    assert best_of_ten[1] == (2, 10, 20.0)


def test_float_noise_does_not_split_a_tie():
    assert rank_scores([0.1 + 0.2, 0.3]) == [(1, 2, 50.0), (1, 2, 50.0)]


def test_groups_rank_separately_and_imported_method():
    rule = ScoreRule(method="imported")
    out = {
        r.key: r
        for r in rank_all(
            [
                Candidate("a", "L1@x", {}, 88.0),
                Candidate("b", "L1@x", {}, 92.0),
                Candidate("c", "L2@x", {}, 50.0),
                Candidate("d", None, {}, 99.0),
                Candidate("e", "L1@x", {}, None),
            ],
            rule,
        )
    }
    assert (out["b"].rank, out["b"].peer_size, out["b"].percentile) == (1, 2, 50.0)
    assert (out["a"].rank, out["a"].percentile) == (2, 100.0)
    assert (out["c"].rank, out["c"].peer_size, out["c"].percentile) == (1, 1, 100.0)
    assert out["d"].rank is None and out["d"].score is None
    assert out["e"].rank is None
