"""The reads behind the wellbeing pages (issue 16): complementary suppression on the heat map, and bounded
queries whatever the size of the team or the organisation."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviceladder.wellbeing.selectors.assessments import heat_map, suppress, team_view
from tests.factories import EmployeeFactory
from tests.web.org import build_org
from tests.wellbeing.assessments_setup import assessment, qa_slide
from tests.wellbeing.signals_org import NEWEST, with_assessments


@pytest.mark.parametrize(
    ("members", "hidden"),
    [
        ({1: 6, 2: 7}, set()),
        ({1: 3, 2: 8, 3: 12}, {1, 2}),  # one small team: the next smallest goes with it
        ({1: 2, 2: 3, 3: 9}, {1, 2}),  # two small teams with 5 members together: enough
        ({1: 2, 2: 2, 3: 9, 4: 10}, {1, 2, 3}),
        ({1: 4}, {1}),
        ({1: 0, 2: 8}, {1}),  # an empty team has nothing to show and hides nobody else
        ({1: 5, 2: 5}, set()),
    ],
)
def test_suppress(members, hidden):
    assert suppress(members, 5) == hidden


@given(st.dictionaries(st.integers(1, 30), st.integers(0, 40), max_size=8), st.integers(3, 10))
def test_suppression_never_leaves_a_small_group_to_subtract(members, minimum):
    hidden = suppress(members, minimum)
    # Every team under the minimum is hidden; what is hidden is either nothing or at least the minimum.
    assert all(t in hidden for t, n in members.items() if n < minimum)
    people_hidden = sum(members[t] for t in hidden)
    assert people_hidden == 0 or people_hidden >= minimum or hidden == set(members)


@pytest.mark.django_db
def test_team_view_and_heat_map_queries_are_bounded(django_assert_max_num_queries):
    org = with_assessments(build_org())
    for i in range(20):
        person = EmployeeFactory(number=f"E24{i:02d}", team=org.teams["a1"])
        assessment(person, NEWEST, org.version, signals=[qa_slide(NEWEST, fired=i % 3 == 0)])
    lead = org.users["team_lead"]
    with django_assert_max_num_queries(6):
        view = team_view(lead, org.teams["a1"], today=dt.date(2026, 12, 1))
    assert len(view.rows) == 23
    with django_assert_max_num_queries(6):
        hm = heat_map(org.users["hr"])
    rows = {r.team.code: r for r in hm.rows}
    # a2 (one member) is hidden, so a1 — the next smallest of department a — is hidden with it.
    assert rows["a2"].small and rows["a1"].suppressed and not rows["a1"].small and not rows["a1"].counts
    assert rows["b1"].counts == {"qa-slide": 2}
