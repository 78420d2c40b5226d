"""The demo's team activities: past ones (one with attendance recorded, one waiting for it as the head's
to-do) and coming ones for the team, the department and the organisation, with sign-ups."""

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.wellbeing.models import Activity, ActivitySignup
from serviceladder.wellbeing.selectors.activities import attendance_owed

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 14)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_has_past_and_coming_activities():
    org = generate(seed=7, agents=60, months=6, today=TODAY)
    demo_load(org=org, actor=Actor(user=None, channel="cli"))
    day = timezone.make_aware(dt.datetime(2026, 5, 14, 8))
    past = Activity.objects.filter(starts_at__lt=day)
    coming = Activity.objects.filter(starts_at__gt=day)
    assert past.count() == 2 and coming.count() == 3
    assert {a.kind for a in Activity.objects.all()} == set(Activity.Kind.values)
    assert {(a.team_id is not None, a.department_id is not None) for a in coming} == {
        (True, False),
        (False, True),
        (False, False),
    }
    recorded = ActivitySignup.objects.filter(activity__in=past, attended__isnull=False)
    assert recorded.filter(attended=True).count() == 5 and recorded.filter(attended=False).count() == 2
    head = Activity.objects.get(kind=Activity.Kind.STRESS_LECTURE, department__isnull=False).created_by
    assert head.username == "head"
    assert [a.title for a in attendance_owed(head, now=day)] == ["情绪减压讲座：面对投诉客户的自我调节"]
    assert all(a.signups.count() >= 1 for a in coming if a.team_id or a.department_id)
