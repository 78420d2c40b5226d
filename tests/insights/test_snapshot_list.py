"""The eligibility list read from the snapshot: scoped like the live list (a lead their team, a head their
department), the same decisions and groups under every filter, "as of" shown; live when there is no snapshot
for the day or it was computed under another policy version."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.eligibility.loading import eligibility_report
from serviceladder.eligibility.selectors import ListFilters, eligibility_list
from serviceladder.insights.selectors import latest_snapshot, snapshot_list
from serviceladder.insights.services import SNAPSHOT_MANUAL, eligibility_snapshot_refresh
from serviceladder.org.selectors import today
from serviceladder.policy.services import policy_load
from tests.factories import LevelAssignmentFactory
from tests.web.org import USERS, WEB_POLICY

pytestmark = pytest.mark.django_db

ROLES = ("agent", "team_lead", "department_head", "hr", "management", "none")


@pytest.fixture
def run(org):
    return eligibility_snapshot_refresh(as_of=today(), trigger=SNAPSHOT_MANUAL)


def promote_e2003(org):
    """E2003 (L2, eligible for L3) becomes L3 yesterday: live, E2003 has no open step any more."""
    LevelAssignmentFactory(
        employee=org.employees["E2003"], level=org.levels[2], effective_from=today() - dt.timedelta(days=1)
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_snapshot_shows_each_user_the_people_the_live_list_shows(org, run, role):
    user = org.users[role]
    live = eligibility_report(user, as_of=today())
    snap = snapshot_list(user, today(), ListFilters())
    assert snap.detailed(snap.decisions) == live.decisions
    light = [
        (d.employee, d.from_level, d.to_level, d.kind, d.track, d.status, d.earliest) for d in snap.decisions
    ]
    assert light == [
        (d.employee, d.from_level, d.to_level, d.kind, d.track, d.status, d.earliest) for d in live.decisions
    ]
    assert all(d.checks == () and d.projection is None for d in snap.decisions)  # read only when shown
    assert set(snap.people) == set(live.people)


def test_a_lead_sees_their_team_and_a_head_their_department(org, run):
    lead = snapshot_list(org.users["team_lead"], today(), ListFilters())
    head = snapshot_list(org.users["department_head"], today(), ListFilters())
    assert lead.decisions and {d.employee for d in lead.decisions} <= USERS["team_lead"][3]
    assert {e.team.code for e in lead.people.values()} == {"a1"}
    assert head.decisions and {d.employee for d in head.decisions} <= USERS["department_head"][3]
    assert {d.employee for d in head.decisions} - USERS["team_lead"][3], (
        "the head sees beyond the lead's team"
    )
    hr = snapshot_list(org.users["hr"], today(), ListFilters())
    assert {d.employee for d in hr.decisions} - USERS["department_head"][3], "HR sees the other department"


def test_no_snapshot_means_none(org):
    assert latest_snapshot(today()) is None
    assert snapshot_list(org.users["hr"], today(), ListFilters()) is None


FILTERS = [
    ListFilters(),
    ListFilters(department="dept-a"),
    ListFilters(department="dept-b"),
    ListFilters(team="a1"),
    ListFilters(team="b1", level="L2"),
    ListFilters(level="L1"),
    ListFilters(track="expert"),
    ListFilters(track="service", status="eligible"),
    ListFilters(status="not_yet"),
    ListFilters(department="dept-a", team="a1", level="L2", track="service", status="eligible"),
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.query().items()))
@pytest.mark.parametrize("role", ["hr", "department_head", "team_lead"])
def test_the_list_from_the_snapshot_equals_the_live_list(org, run, role, filters):
    user = org.users[role]
    snap = eligibility_list(user, as_of=today(), filters=filters)
    live = eligibility_list(user, as_of=today(), filters=filters, live=True)
    assert snap.computed_at == run.computed_at and live.computed_at is None
    assert snap.detailed(snap.decisions) == live.decisions
    assert {k: snap.detailed(v) for k, v in snap.groups.items()} == live.groups
    assert set(snap.people) == set(live.people)
    assert snap.policy_version == live.policy_version


def test_the_list_reads_the_snapshot_not_todays_facts(org, run):
    promote_e2003(org)
    snap = eligibility_list(org.users["hr"], as_of=today(), filters=ListFilters())
    live = eligibility_list(org.users["hr"], as_of=today(), filters=ListFilters(), live=True)
    assert ("E2003", "L3") in {(d.employee, d.to_level) for d in snap.detailed(snap.decisions)}
    assert "E2003" not in {d.employee for d in live.decisions}
    refreshed = eligibility_snapshot_refresh(as_of=today(), trigger=SNAPSHOT_MANUAL)
    again = eligibility_list(org.users["hr"], as_of=today(), filters=ListFilters())
    assert again.computed_at == refreshed.computed_at
    assert again.detailed(again.decisions) == live.decisions


def test_another_day_or_another_policy_version_is_computed_live(org, run):
    other_day = eligibility_list(org.users["hr"], as_of=today() - dt.timedelta(days=1), filters=ListFilters())
    assert other_day.computed_at is None
    text = WEB_POLICY.replace("min_months_in_level: 18", "min_months_in_level: 6")
    version = policy_load(actor=Actor(user=org.users["hr"]), text=text, effective=today()).version
    result = eligibility_list(org.users["hr"], as_of=today(), filters=ListFilters())
    assert result.computed_at is None  # the run was computed under the previous version
    assert result.policy_version == version.label
    assert {d.policy_version for d in result.decisions} == {version.label}


def _local(run) -> str:
    return timezone.localtime(run.computed_at).strftime("%H:%M")


def test_the_page_shows_when_the_snapshot_was_computed(org, run, client_for):
    promote_e2003(org)
    html = client_for("hr").get(reverse("eligibility")).content.decode()
    assert 'class="snapshot-as-of"' in html
    assert f"as of {timezone.localtime(run.computed_at):%Y-%m-%d} {_local(run)}" in html
    assert "/people/E2003/path/" in html  # read from the snapshot
    zh = client_for("hr", "zh-hans").get(reverse("eligibility")).content.decode()
    assert 'class="snapshot-as-of"' in zh and _local(run) in zh
    assert "snapshot-live" not in html + zh


def test_the_page_says_it_computed_live_without_a_snapshot(org, client_for):
    promote_e2003(org)
    html = client_for("hr").get(reverse("eligibility")).content.decode()
    assert ">computed live</span>" in html
    assert "snapshot-as-of" not in html
    assert "/people/E2003/path/" not in html


def test_the_export_reads_the_same_snapshot(org, run, client_for):
    promote_e2003(org)
    response = client_for("hr").get(reverse("eligibility_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert any(row[0] == "E2003" for row in rows[1:])
    assert len(rows) - 1 == run.rows.count()


@pytest.mark.parametrize("role", ["hr", "department_head", "team_lead"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_from_the_snapshot_shows_what_the_live_page_shows(org, run, client_for, role, language):
    """Rows, explanations (the first unmet condition), groups and counts: only the as-of line differs."""

    client = client_for(role, language)
    from_snapshot = client.get(reverse("eligibility")).content.decode()
    run.delete()
    live = client.get(reverse("eligibility")).content.decode()
    assert "snapshot-as-of" in from_snapshot and "snapshot-live" in live
    start = '<ul class="group-index">'
    assert from_snapshot.count("<tr") > 1
    assert from_snapshot[from_snapshot.index(start) :] == live[live.index(start) :]
