"""Mentoring test helpers on tests.web.org's organisation: a mentor from another department (陈静 E2006,
an agent in team b1 who may not see anyone in dept-a) paired with the agent 李娜 (E2003, team a1, led by
王芳)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.development.models import DevelopmentPlan, Goal, PlanVersion
from serviceladder.development.services.mentoring import mentorship_start
from serviceladder.development.services.plan_drafts import plan_draft_for
from tests.factories import user_with_roles

MENTOR = "E2006"
MENTEE = "E2003"
PLAN_TEXT = "Take over escalated complaint calls on the hotline"
GOAL_TEXT = "Resolve 90 % of escalations without a callback"


def add_mentor_user(org):
    """A login for 陈静 (E2006, agent in dept-b) as org.users["mentor"]."""
    if "mentor" not in org.users:
        org.users["mentor"] = user_with_roles("chenjing", Role.AGENT, employee=org.employees[MENTOR])
    return org.users["mentor"]


def pair(org, *, by: str = "team_lead", starts_on: dt.date | None = None, **kwargs):
    add_mentor_user(org)
    return mentorship_start(
        actor=Actor(user=org.users[by]),
        mentor=org.employees[MENTOR],
        mentee=org.employees[MENTEE],
        focus=kwargs.pop("focus", "Complaint handling"),
        starts_on=starts_on or timezone.localdate() - dt.timedelta(days=60),
        **kwargs,
    )


def agreed_plan(org, number: str = MENTEE) -> PlanVersion:
    """An agreed plan for the person, with one goal. The plan workflow (accepting a version) is another item
    of issue 14; here the version is marked agreed the way that workflow leaves it."""
    person = org.employees[number]
    version = plan_draft_for(actor=Actor(user=org.users["team_lead"]), employee=person)
    version.target_level_code = "L3"
    version.horizon_short = PLAN_TEXT
    version.horizon_mid = "Move to the expert track"
    version.state = PlanVersion.State.AGREED
    version.agreed_at = timezone.now()
    version.save()
    DevelopmentPlan.objects.filter(pk=version.plan_id).update(status=DevelopmentPlan.Status.ACTIVE)
    Goal.objects.create(
        version=version,
        statement=GOAL_TEXT,
        owner=person,
        due_date=dt.date(2027, 6, 30),
        measure=Goal.Measure.MANUAL,
        done_when="90 % for three months",
    )
    return version
