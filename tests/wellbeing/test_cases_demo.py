"""The demo's wellbeing cases: a few open cases with actions in the demo lead's team (one action overdue on
the demo's day), one closed after its actions and a follow-up, and one opened by HR elsewhere; each opened by
someone who may run it, never for the login agent."""

import datetime as dt

import pytest

from serviceladder.accounts.scoping import can_open_wellbeing_case
from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.wellbeing.models import Case, CaseAction

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 14)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_has_open_cases_an_overdue_action_and_a_closed_case():
    org = generate(seed=7, agents=60, months=6, today=TODAY)
    demo_load(org=org, actor=Actor(user=None, channel="cli"))
    cases = Case.objects.select_related("employee__team__lead", "opened_by")
    states = sorted(cases.values_list("state", flat=True))
    assert states.count("open") >= 2 and states.count("closed") == 1
    assert {c.opened_by.username for c in cases} == {"lead", "hr"}
    assert all(can_open_wellbeing_case(c.opened_by, c.employee) for c in cases)
    agent = next(login.employee for login in org.logins if login.username == "agent")
    assert not cases.filter(employee__number=agent).exists()
    overdue = CaseAction.objects.filter(case__state="open", done_on__isnull=True, due_on__lt=TODAY)
    assert overdue.count() == 1
    closed = cases.get(state="closed")
    assert closed.close_reason == "resolved" and closed.follow_ups.count() == 1
    assert not closed.actions.filter(done_on__isnull=True).exists()
