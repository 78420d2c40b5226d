"""Goal services: add, change, remove a goal on the plan's draft; check-ins; the lead's judgement of a goal
measured by hand; judging due metric goals for good (the daily job and the lazy judgement on view)."""

import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.development import errors_goals as E
from serviceladder.development.models import Goal, GoalCheckIn, GoalJudgement, PlanVersion
from serviceladder.development.selectors.goals import goal_views, version_goals
from serviceladder.development.services.goals import (
    GoalInput,
    goal_add,
    goal_check_in,
    goal_edit,
    goal_judge,
    goal_remove,
    goals_judge_due,
)
from serviceladder.development.services.plan_drafts import plan_draft_for
from serviceladder.metrics.models import MonthlyMetric

pytestmark = pytest.mark.django_db
TODAY = dt.date(2027, 3, 10)


def metric_goal(**over):
    data = {
        "statement": "FCR at least 85% over 3 months",
        "due_date": "2027-06-30",
        "measure": "metric",
        "metric": "fcr_rate",
        "comparison": ">=",
        "value": "85%",
        "window": "3",
        "aggregation": "mean",
        "min_sample": "0",
    }
    data.update(over)
    return GoalInput(**data)


def manual_goal(**over):
    data = {
        "statement": "Lead a study group",
        "due_date": "2027-05-31",
        "measure": "manual",
        "done_when": "3 sessions",
    }
    data.update(over)
    return GoalInput(**data)


def agree(version):
    version.state = PlanVersion.State.AGREED
    version.save(update_fields=["state"])
    plan = version.plan
    plan.status = "active"
    plan.save(update_fields=["status"])


@pytest.fixture
def people(org):
    return org.employees["E2003"], Actor(org.users["agent"]), Actor(org.users["team_lead"])


def test_the_person_adds_a_metric_goal_to_a_new_draft(people):
    person, me, _lead = people
    goal = goal_add(actor=me, employee=person, data=metric_goal(), today=TODAY)
    assert goal.version.state == PlanVersion.State.DRAFT
    assert goal.owner == person and goal.horizon == "short"
    assert goal.clause == {
        "metric": "fcr_rate",
        "comparison": ">=",
        "value": "0.85",
        "window": 3,
        "aggregation": "mean",
        "min_sample": 0,
    }
    event = AuditEvent.objects.get(action="development.goal_add")
    assert event.employee == person and event.after["statement"] == goal.statement


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"statement": "  "}, E.STATEMENT_REQUIRED),
        ({"due_date": "30/06/2027"}, E.DUE_DATE_REQUIRED),
        ({"due_date": "2027-03-09"}, E.DUE_DATE_PAST),
        ({"due_date": "2032-03-11"}, E.DUE_DATE_TOO_FAR),
        ({"metric": "happiness"}, E.UNKNOWN_METRIC),
        ({"metric": "exam_score"}, E.UNKNOWN_METRIC),
        ({"comparison": "=="}, E.UNKNOWN_COMPARISON),
        ({"value": "lots"}, E.VALUE_NOT_A_NUMBER),
        ({"value": "120%"}, E.VALUE_OUT_OF_RANGE),
        ({"metric": "csat_mean", "value": "7"}, E.VALUE_OUT_OF_RANGE),
        ({"metric": "csat_mean", "value": "90%"}, E.VALUE_NOT_A_NUMBER),
        ({"window": "0"}, E.WINDOW_OUT_OF_RANGE),
        ({"window": "37"}, E.WINDOW_OUT_OF_RANGE),
        ({"aggregation": "median"}, E.UNKNOWN_AGGREGATION),
        ({"min_sample": "-1"}, E.MIN_SAMPLE_OUT_OF_RANGE),
        ({"measure": "vibes"}, E.UNKNOWN_MEASURE),
        ({"horizon": "eternal"}, E.UNKNOWN_HORIZON),
    ],
)
def test_a_bad_goal_is_refused_with_its_reason_and_nothing_is_written(people, over, message):
    person, me, _lead = people
    with pytest.raises(E.GoalInvalid) as caught:
        goal_add(actor=me, employee=person, data=metric_goal(**over), today=TODAY)
    assert caught.value.message == message
    assert not Goal.objects.exists()
    assert not PlanVersion.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="development.").exists()


def test_a_manual_goal_needs_done_when(people):
    person, me, _lead = people
    with pytest.raises(E.GoalInvalid) as caught:
        goal_add(actor=me, employee=person, data=manual_goal(done_when=""), today=TODAY)
    assert caught.value.message == E.DONE_WHEN_REQUIRED


def test_an_owner_is_the_person_or_their_lead(people, org):
    person, me, _lead = people
    goal = goal_add(actor=me, employee=person, data=manual_goal(owner=org.employees["E2002"]), today=TODAY)
    assert goal.owner.number == "E2002"
    with pytest.raises(E.GoalInvalid) as caught:
        goal_add(actor=me, employee=person, data=manual_goal(owner=org.employees["E2006"]), today=TODAY)
    assert caught.value.message == E.OWNER_NOT_ALLOWED


@pytest.mark.parametrize("role", ["department_head", "management", "admin", "none"])
def test_only_the_person_and_their_lead_change_goals(people, org, role):
    person, _me, _lead = people
    with pytest.raises(E.GoalNotAllowed):
        goal_add(actor=Actor(org.users[role]), employee=person, data=manual_goal(), today=TODAY)
    assert not Goal.objects.exists()


def test_editing_a_goal_of_an_agreed_plan_makes_a_new_draft_and_withdraws_acceptance(people):
    person, me, lead = people
    goal = goal_add(actor=me, employee=person, data=metric_goal(), today=TODAY)
    agree(goal.version)
    changed = goal_edit(
        actor=lead, employee=person, lineage=goal.lineage, data=metric_goal(value="88%"), today=TODAY
    )
    assert changed.version.number == 2 and changed.lineage == goal.lineage
    assert changed.clause["value"] == "0.88"
    goal.refresh_from_db()
    assert goal.clause["value"] == "0.85"  # the agreed version stays as agreed
    draft = changed.version
    draft.agent_accepted_at = dt.datetime(2027, 3, 10, tzinfo=dt.UTC)
    draft.save()
    goal_remove(actor=me, employee=person, lineage=goal.lineage)
    draft.refresh_from_db()
    assert draft.agent_accepted_at is None and not draft.goals.exists()
    assert goal.version.goals.count() == 1
    assert list(
        AuditEvent.objects.filter(action__startswith="development.goal")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["development.goal_add", "development.goal_edit", "development.goal_remove"]


def test_check_ins_and_the_leads_judgement(people):
    person, me, lead = people
    goal = goal_add(actor=me, employee=person, data=manual_goal(), today=TODAY)
    goal_check_in(
        actor=me, employee=person, lineage=goal.lineage, date="2027-03-09", percent_done="40", today=TODAY
    )
    with pytest.raises(E.GoalInvalid) as caught:
        goal_check_in(
            actor=me,
            employee=person,
            lineage=goal.lineage,
            date="2027-03-09",
            percent_done="140",
            today=TODAY,
        )
    assert caught.value.message == E.PERCENT_OUT_OF_RANGE
    with pytest.raises(E.GoalInvalid) as caught:
        goal_check_in(
            actor=me, employee=person, lineage=goal.lineage, date="2027-03-11", note="x", today=TODAY
        )
    assert caught.value.message == E.CHECK_IN_DATE
    assert GoalCheckIn.objects.count() == 1
    # judged only in force, by the lead, on or after the due date
    with pytest.raises(E.GoalInvalid):
        goal_judge(actor=lead, employee=person, lineage=goal.lineage, status="achieved", today=TODAY)
    agree(goal.version)
    with pytest.raises(E.GoalInvalid) as caught:
        goal_judge(actor=lead, employee=person, lineage=goal.lineage, status="achieved", today=TODAY)
    assert caught.value.message == E.JUDGE_TOO_EARLY
    with pytest.raises(E.GoalNotAllowed):
        goal_judge(actor=me, employee=person, lineage=goal.lineage, status="achieved", today=goal.due_date)
    assert not GoalJudgement.objects.exists()
    goal_judge(actor=lead, employee=person, lineage=goal.lineage, status="missed", today=goal.due_date)
    with pytest.raises(E.GoalInvalid) as caught:
        goal_judge(actor=lead, employee=person, lineage=goal.lineage, status="achieved", today=goal.due_date)
    assert caught.value.message == E.GOAL_ALREADY_JUDGED
    assert GoalJudgement.objects.get().status == "missed"


def _figures(person, months, fcr, contacts=300):
    for m in months:
        MonthlyMetric.objects.update_or_create(
            employee=person, month=m, defaults={"fcr_rate": fcr, "contacts": contacts, "source": "demo"}
        )


def test_due_metric_goals_are_judged_once_the_due_months_figures_exist(people):
    person, me, _lead = people
    MonthlyMetric.objects.filter(employee=person).delete()
    goal = goal_add(actor=me, employee=person, data=metric_goal(), today=TODAY)
    agree(goal.version)
    _figures(person, ["2027-04", "2027-05"], 0.9)
    assert goals_judge_due(dt.date(2027, 6, 30)) == 0  # not due yet
    assert goals_judge_due(dt.date(2027, 7, 1)) == 0  # June's figures missing: not judged yet
    [view] = goal_views(version_goals(goal.version), dt.date(2027, 7, 1))
    assert view.status == "awaiting_figures" and not GoalJudgement.objects.exists()
    _figures(person, ["2027-06"], 0.7)
    assert goals_judge_due(dt.date(2027, 7, 2)) == 1
    judgement = GoalJudgement.objects.get()
    assert (judgement.status, judgement.judged_on) == ("missed", dt.date(2027, 7, 1))
    assert judgement.explanation["months"] == ["2027-04", "2027-05", "2027-06"]
    assert goals_judge_due(dt.date(2027, 7, 3)) == 0  # once
    _figures(person, ["2027-06"], 0.99)  # a later correction does not change a judgement
    [view] = goal_views(version_goals(goal.version), dt.date(2027, 8, 1))
    assert view.status == "missed" and "2027-06" in view.months
    assert AuditEvent.objects.filter(action="development.goal_judged").count() == 1


def test_a_page_view_judges_a_due_goal_lazily(people):
    person, me, _lead = people
    goal = goal_add(actor=me, employee=person, data=metric_goal(), today=TODAY)
    agree(goal.version)
    _figures(person, ["2027-04", "2027-05", "2027-06"], 0.9)
    [view] = goal_views(version_goals(goal.version), dt.date(2027, 7, 5))
    assert view.status == "achieved" and view.final
    assert GoalJudgement.objects.get().status == "achieved"


def test_a_draft_goal_is_never_judged(people):
    person, me, _lead = people
    goal = goal_add(actor=me, employee=person, data=metric_goal(), today=TODAY)
    _figures(person, ["2027-04", "2027-05", "2027-06"], 0.9)
    assert goals_judge_due(dt.date(2027, 7, 5)) == 0
    [view] = goal_views(version_goals(goal.version), dt.date(2027, 7, 5))
    assert view.status == "achieved" and not GoalJudgement.objects.exists()
    assert plan_draft_for(actor=me, employee=person) == goal.version


def test_a_due_goal_shown_from_a_changed_draft_is_judged_as_the_agreed_version_holds_it(people):
    person, me, _lead = people
    goal = goal_add(actor=me, employee=person, data=metric_goal(), today=TODAY)
    agree(goal.version)
    other = goal_add(actor=me, employee=person, data=manual_goal(), today=TODAY)  # a new draft, copied
    assert other.version.number == 2
    _figures(person, ["2027-04", "2027-05", "2027-06"], 0.9)
    views = goal_views(version_goals(other.version), dt.date(2027, 7, 5))
    assert [v.status for v in views] == ["achieved", "to_judge"]
    judgement = GoalJudgement.objects.get()
    assert judgement.lineage == goal.lineage and judgement.status == "achieved"
