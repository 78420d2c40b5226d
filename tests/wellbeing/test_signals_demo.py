"""The demo's stages and signals: wellbeing switched on in the policy, three months of assessments, a
realistic spread (new hires in entry, several stages, most people without a warning), and in the demo
lead's team a colleague with a heavy load and falling attendance ("act", with both reasons)."""

import datetime as dt
from collections import Counter

import pytest

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.policy.selectors import policy_in_force
from serviceladder.rules.periods import date_month_index, month_label
from serviceladder.wellbeing.models import WellbeingAssessment

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 14)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_has_a_realistic_spread_of_stages_and_signals():
    org = generate(seed=7, agents=80, months=10, today=TODAY)
    demo_load(org=org, actor=Actor(user=None, channel="cli"))
    assert policy_in_force(TODAY).wellbeing.enabled
    last = date_month_index(TODAY) - 1
    months = [month_label(i) for i in range(last - 2, last + 1)]
    assert sorted(set(WellbeingAssessment.objects.values_list("month", flat=True))) == months
    latest = WellbeingAssessment.objects.filter(month=months[-1]).select_related("employee__team__lead")
    risks = Counter(a.risk for a in latest)
    stages = Counter(a.stage for a in latest)
    assert risks["none"] > len(latest) / 2  # most people have no warning
    assert risks["watch"] + risks["act"] >= 3
    assert len([s for s in stages if s != "unknown"]) >= 3 and stages["entry"] >= 1
    assert all(sum(c["decisive"] for c in a.stage_checks) == 1 for a in latest)
    lead_team = [
        a
        for a in latest
        if a.employee.team
        and a.employee.team.lead
        and a.employee.team.lead.user
        and a.employee.team.lead.user.username == "lead"
    ]
    # The signal codes are the policy's (the preset's when it switches wellbeing on, else the demo's own).
    rules = policy_in_force(TODAY).wellbeing.signals
    workload = next(r.code for r in rules if r.kind == "workload")
    attendance = next(r.code for r in rules if r.kind == "worsening" and r.metric == "attendance_rate")
    strained = [a for a in lead_team if {workload, attendance} <= set(a.fired)]
    assert strained and strained[0].risk == "act"
    assert any(workload in a.fired and attendance not in a.fired for a in lead_team)
