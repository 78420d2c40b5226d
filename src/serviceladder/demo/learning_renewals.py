"""Demo: certifications renewing (issue 17). The demo agent's customer service certificate expires in three
weeks: the daily renewal step has enrolled her again (source "certification renewal", due that day). A
colleague in the lead's team let his lapse five days ago: his renewal is overdue on the lead's home and the
old completion has expired."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from serviceladder.audit.services import Actor
from serviceladder.learning.models import Course, Enrolment
from serviceladder.learning.services.completions import record_completion
from serviceladder.learning.services.enrolments import enrol
from serviceladder.learning.services.expiry import enrolments_expire
from serviceladder.learning.services.renewals import renewals_enrol
from serviceladder.org.models import Employee
from serviceladder.rules.periods import add_months

CODE = "service-certificate"


@transaction.atomic
def demo_renewals_load(today: dt.date) -> dict:
    """The agent's renewal under way and a colleague's lapsed one; {"renewals": n}."""
    course = Course.objects.filter(code=CODE).first()
    hr = get_user_model().objects.filter(username="hr").first()
    agent = Employee.objects.select_related("team").filter(user__username="agent").first()
    if course is None or not course.validity_months or hr is None or agent is None:
        return {"renewals": 0}
    colleague = (
        Employee.objects.filter(team=agent.team, leave_date__isnull=True)
        .exclude(pk=agent.pk)
        .exclude(user__username="lead")
        .order_by("-number")
        .first()
    )
    actor = Actor(user=hr, channel="system")
    renewals = 0
    for person, expires_on in (
        (agent, today + dt.timedelta(days=21)),
        (colleague, today - dt.timedelta(days=5)),
    ):
        if person is None:
            continue
        completed_on = add_months(expires_on, -course.validity_months)
        enrolment, _created = enrol(
            person, course, source=Enrolment.Source.HR, actor=actor, assigned_on=completed_on
        )
        Enrolment.objects.filter(pk=enrolment.pk).update(state=Enrolment.State.COMPLETED)
        record_completion(
            person,
            actor=actor,
            completed_on=completed_on,
            course=course,
            enrolment=enrolment,
            expires_on=expires_on,
        )
        # the daily step on the day the window opened (catching up), as the worker would have run it
        opened = expires_on - dt.timedelta(days=course.renewal_days)
        renewals += renewals_enrol(min(opened, today))["enrolled"]
    enrolments_expire(today)
    return {"renewals": renewals}
