"""The bottom band of improvement plans (issue 15 item 5), as a pure clause: who is in the bottom X % of the
peer group in each of the last N months, never on missing data, in a small group or in the first months of
service."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serviceladder.eligibility.ranking import peer_percentiles
from serviceladder.rules.clauses import FAIL, INSUFFICIENT, PASS, BandMonth, bottom_band
from serviceladder.rules.explain import render_check

MONTHS = ("2026-07", "2026-08", "2026-09")
LONG_AGO = dt.date(2020, 1, 1)


def _band(standings, *, bottom=10.0, min_group=5, hire=LONG_AGO, service=6):
    return bottom_band(
        standings,
        MONTHS,
        bottom_percent=bottom,
        min_group=min_group,
        hire_date=hire,
        min_months_of_service=service,
    )


def test_the_last_of_ten_in_every_month_is_in_the_band():
    check = _band(dict.fromkeys(MONTHS, BandMonth(100.0, 10)))
    assert check.status == PASS and check.code == "band.in"
    assert check.values["detail"] == [[m, 100.0, 10] for m in MONTHS]
    assert "bottom 10%" in render_check(check, "en") and "后10%" in render_check(check, "zh")


def test_the_edge_itself_is_outside_the_band():
    # pct > 100 − X: the ninth of ten (pct 90) is not in the bottom 10 %.
    standings = {**dict.fromkeys(MONTHS, BandMonth(100.0, 10)), "2026-08": BandMonth(90.0, 10)}
    check = _band(standings)
    assert check.status == FAIL and check.code == "band.out"
    assert check.values["month"] == "2026-08" and check.values["count"] == 2


def test_ties_at_the_bottom_share_the_better_position_and_leave_the_band():
    pcts = peer_percentiles({i: float(i) for i in range(8)} | {"a": -1.0, "b": -1.0})
    assert pcts["a"] == pcts["b"] == 90.0
    assert _band(dict.fromkeys(MONTHS, BandMonth(pcts["a"], 10))).status == FAIL


def test_a_missing_month_is_insufficient_data_never_the_band():
    check = _band({"2026-07": BandMonth(100.0, 10), "2026-09": BandMonth(100.0, 10)})
    assert check.status == INSUFFICIENT and check.values["missing"] == ["2026-08"]


def test_a_small_group_in_any_month_does_not_apply():
    standings = {**dict.fromkeys(MONTHS, BandMonth(100.0, 10)), "2026-07": BandMonth(100.0, 4)}
    check = _band(standings, min_group=5)
    assert check.status == FAIL and check.code == "band.small_group"
    assert check.values["size"] == 4 and check.values["month"] == "2026-07"


def test_the_first_months_of_service_do_not_apply():
    standings = dict.fromkeys(MONTHS, BandMonth(100.0, 10))
    # hired 2026-01-02: six months of service end on 2026-07-02, after the window's first day
    assert _band(standings, hire=dt.date(2026, 1, 2), service=6).code == "band.new_in_service"
    # hired 2026-01-01: the window starts on the day the first six months end
    assert _band(standings, hire=dt.date(2026, 1, 1), service=6).status == PASS


standing = st.one_of(
    st.none(),
    st.builds(BandMonth, st.floats(min_value=0.1, max_value=100.0), st.integers(min_value=1, max_value=60)),
)
standings_of = st.fixed_dictionaries(dict.fromkeys(MONTHS, standing))
hires = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 9, 30))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(standings_of, st.floats(min_value=0.5, max_value=50), st.integers(2, 30), hires, st.integers(0, 24))
def test_insufficient_data_never_fires(standings, bottom, min_group, hire, service):
    check = _band(standings, bottom=bottom, min_group=min_group, hire=hire, service=service)
    if any(v is None for v in standings.values()):
        assert check.status != PASS
    if check.status == PASS:
        assert all(standings[m].group_size >= min_group for m in MONTHS)
        assert all(standings[m].pct > 100 - bottom for m in MONTHS)
        assert dt.date(2026, 7, 1) >= hire


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=5, max_size=30),
    st.data(),
    st.floats(min_value=0.5, max_value=50),
)
def test_improving_a_score_never_puts_a_person_in_the_band(peers, data, bottom):
    """Peers unchanged, a higher score in any month never turns 'not in the band' into 'in the band'."""
    scores = {m: data.draw(st.floats(min_value=0, max_value=100, allow_nan=False)) for m in MONTHS}
    gains = {m: data.draw(st.floats(min_value=0, max_value=50, allow_nan=False)) for m in MONTHS}

    def standings(mine):
        out = {}
        for m in MONTHS:
            pcts = peer_percentiles({**dict(enumerate(peers)), "me": mine[m]})
            out[m] = BandMonth(pcts["me"], len(pcts))
        return out

    before = _band(standings(scores), bottom=bottom)
    after = _band(standings({m: scores[m] + gains[m] for m in MONTHS}), bottom=bottom)
    if before.status != PASS:
        assert after.status != PASS
