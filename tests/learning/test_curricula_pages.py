"""Curricula pages (issue 17 item 4): HR's list and form, a person's progress on their learning page, the
landing's blocks (HR: the curricula; a lead: their new hires' progress), the lead's overdue to-dos and the
once-only reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from serviceladder.audit.models import AuditEvent
from serviceladder.learning.errors_curricula import ITEM_OFFSET_INVALID
from serviceladder.learning.models import Completion, Curriculum, Enrolment
from serviceladder.learning.services.curricula import apply_curricula, curriculum_reminders_send
from serviceladder.notifications.models import Notification
from serviceladder.todos.registry import items_for
from tests.factories import UserFactory, user_with_roles
from tests.learning.curricula_setup import courses, hire, new_hire_curriculum

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def _in_progress(org):
    """A new hire of team a1 hired 40 days ago: phone communication done, service technique (day 30) overdue,
    the rest to do."""
    newbie = hire(org, "E3001", TODAY - dt.timedelta(days=40))
    new_hire_curriculum(org, applies_from=TODAY - dt.timedelta(days=100), today=TODAY)
    phone = Enrolment.objects.get(employee=newbie, course__code="phone-communication")
    phone.state = Enrolment.State.COMPLETED
    phone.save(update_fields=["state"])
    Completion.objects.create(
        employee=newbie,
        course=phone.course,
        name=phone.course.name_zh,
        completed_on=TODAY - dt.timedelta(days=35),
        enrolment=phone,
    )
    return newbie


def test_hr_creates_a_curriculum_with_ordered_items_from_the_form(org, client_for):
    courses()
    client = client_for("hr")
    page = client.get(reverse("learning_curriculum_new"))
    assert page.status_code == 200 and b'name="offset"' in page.content
    answer = client.post(
        reverse("learning_curriculum_new"),
        {
            "code": "new-hire",
            "name_zh": "新员工培训路径",
            "name_en": "New-hire curriculum",
            "trigger": "hire",
            "applies_from": "2026-01-01",
            "active": "on",
            "order": ["2", "1", "3", "4"],
            "course": ["service-technique", "phone-communication", "", ""],
            "offset": ["30", "0", "", ""],
        },
    )
    curriculum = Curriculum.objects.get(code="new-hire")
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "learning_curriculum", args=[curriculum.pk]
    )
    assert list(curriculum.items.values_list("course__code", "offset_days", "position")) == [
        ("phone-communication", 0, 0),
        ("service-technique", 30, 1),
    ]
    assert client.get(reverse("learning_curricula")).content.count(b"new-hire") >= 1


def test_a_bad_row_is_shown_with_its_reason_and_nothing_is_saved(org, client_for):
    courses()
    client = client_for("hr")
    answer = client.post(
        reverse("learning_curriculum_new"),
        {
            "code": "new-hire",
            "name_zh": "新员工培训路径",
            "name_en": "New-hire curriculum",
            "trigger": "hire",
            "applies_from": "2026-01-01",
            "course": ["phone-communication", "service-technique"],
            "offset": ["0", "900"],
        },
    )
    assert answer.status_code == 400
    expected = str(ITEM_OFFSET_INVALID) % {"row": 2, "limit": 730, "found": "900"}
    assert expected in answer.content.decode()
    assert b'value="900"' in answer.content  # what HR typed is kept
    assert not Curriculum.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="learning.curriculum").exists()


def test_hr_changes_a_curriculum(org, client_for):
    curriculum = new_hire_curriculum(org)
    client = client_for("hr")
    page = client.get(reverse("learning_curriculum", args=[curriculum.pk]))
    assert page.status_code == 200 and b'value="business-knowledge" selected' in page.content
    answer = client.post(
        reverse("learning_curriculum", args=[curriculum.pk]),
        {
            "code": "new-hire",
            "name_zh": "新员工路径",
            "name_en": "First months",
            "trigger": "hire",
            "applies_from": "2026-01-01",
            "course": ["phone-communication", "complaint-handling"],
            "offset": ["0", "45"],
        },
    )
    assert answer.status_code == 302
    curriculum.refresh_from_db()
    assert curriculum.name_en == "First months" and curriculum.active is False
    assert list(curriculum.items.values_list("course__code", "offset_days")) == [
        ("phone-communication", 0),
        ("complaint-handling", 45),
    ]


@pytest.mark.parametrize("role", ["agent", "team_lead", "department_head", "management", "admin"])
def test_only_hr_posts_the_curriculum_form(org, client_for, role):
    curriculum = new_hire_curriculum(org)
    data = {
        "code": "x",
        "name_zh": "改",
        "name_en": "X",
        "trigger": "hire",
        "applies_from": "2026-01-01",
        "course": ["phone-communication"],
        "offset": ["0"],
    }
    client = client_for(role)
    assert client.post(reverse("learning_curriculum_new"), data).status_code == 403
    assert client.post(reverse("learning_curriculum", args=[curriculum.pk]), data).status_code == 403
    assert list(Curriculum.objects.values_list("code", flat=True)) == ["new-hire"]


def test_a_persons_page_shows_done_due_and_overdue_per_item(org, client_for):
    newbie = _in_progress(org)
    page = client_for("team_lead").get(reverse("person_learning", args=[newbie.number])).content.decode()
    assert 'id="curricula"' in page
    rows = page.split('class="curriculum-item curriculum-')[1:]
    statuses = [r.split('"', 1)[0] for r in rows]
    assert statuses == ["done", "overdue", "due", "due", "due"]
    assert "1 of 5 done" in page and "1 overdue" in page
    # someone else's lead does not see the page at all
    other = hire(org, "E3002", TODAY - dt.timedelta(days=10), team="b1")
    apply_curricula(TODAY)
    assert client_for("team_lead").get(reverse("person_learning", args=[other.number])).status_code in (
        403,
        404,
    )


def test_the_landing_shows_hr_the_curricula_and_the_lead_their_new_hires(org, client_for):
    newbie = _in_progress(org)
    outsider = hire(org, "E3002", TODAY - dt.timedelta(days=10), team="b1")
    apply_curricula(TODAY)
    hr = client_for("hr").get(reverse("learning")).content.decode()
    assert 'id="manage-curricula"' in hr and "new-hires-progress" not in hr
    lead = client_for("team_lead").get(reverse("learning")).content.decode()
    assert "new-hires-progress" in lead and newbie.number in lead and outsider.number not in lead
    assert "manage-curricula" not in lead
    agent = client_for("agent").get(reverse("learning")).content.decode()
    assert 'id="curricula"' not in agent


def test_overdue_items_are_the_leads_to_dos_until_done(org):
    newbie = _in_progress(org)
    lead, agent = org.users["team_lead"], org.users["agent"]
    overdue = [i for i in items_for(lead) if i.kind == "learning.curriculum_overdue"]
    assert [(i.key, i.due) for i in overdue] == [
        (
            f"enrolment:{Enrolment.objects.get(employee=newbie, course__code='service-technique').pk}",
            TODAY - dt.timedelta(days=10),
        )
    ]
    assert newbie.number in overdue[0].url
    assert not [i for i in items_for(agent) if i.kind == "learning.curriculum_overdue"]
    assert not [i for i in items_for(org.users["hr"]) if i.kind == "learning.curriculum_overdue"]
    Enrolment.objects.filter(employee=newbie, course__code="service-technique").update(state="completed")
    assert not [i for i in items_for(lead) if i.kind == "learning.curriculum_overdue"]


def test_the_overdue_reminder_goes_to_the_person_and_the_lead_exactly_once(org):
    newbie = _in_progress(org)
    newbie.user = UserFactory(username="newbie")
    newbie.save(update_fields=["user"])
    left = hire(org, "E3002", TODAY - dt.timedelta(days=40))
    apply_curricula(TODAY)
    left.leave_date = TODAY - dt.timedelta(days=1)
    left.save(update_fields=["leave_date"])
    assert curriculum_reminders_send(TODAY) == {"sent": 1}
    sent = Notification.objects.filter(kind="learning.curriculum_overdue")
    assert sorted(n.recipient.username for n in sent) == sorted(["newbie", org.users["team_lead"].username])
    assert all(newbie.number in n.url for n in sent)
    assert curriculum_reminders_send(TODAY) == {"sent": 0}
    assert curriculum_reminders_send(TODAY + dt.timedelta(days=1)) == {"sent": 0}
    assert sent.count() == 2
    # an item not yet overdue is not reminded
    assert not Enrolment.objects.filter(
        employee=newbie, course__code="complaint-handling", overdue_reminded_on__isnull=False
    ).exists()


def test_the_leads_landing_block_costs_the_same_queries_for_more_new_hires(org, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    new_hire_curriculum(org, applies_from=TODAY - dt.timedelta(days=100), today=TODAY)
    client = client_for("team_lead")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("learning")).status_code == 200
        return len(captured)

    hire(org, "E3001", TODAY - dt.timedelta(days=40))
    apply_curricula(TODAY)
    few = queries()
    for n in range(2, 7):
        hire(org, f"E300{n}", TODAY - dt.timedelta(days=10 * n))
    apply_curricula(TODAY)
    page = client.get(reverse("learning")).content.decode()
    assert page.count('href="/people/E300') == 6
    assert queries() == few


def test_a_head_follows_the_teams_without_a_lead_and_the_person_sees_their_own_progress(org, client_for):
    new_hire_curriculum(org, applies_from=TODAY - dt.timedelta(days=100), today=TODAY)
    led = hire(org, "E3001", TODAY - dt.timedelta(days=40), team="a1")
    unled = hire(org, "E3002", TODAY - dt.timedelta(days=40), team="a2")
    other_department = hire(org, "E3003", TODAY - dt.timedelta(days=40), team="b1")
    apply_curricula(TODAY)
    head = client_for("department_head").get(reverse("learning")).content.decode()
    assert unled.number in head and led.number not in head and other_department.number not in head
    items = items_for(org.users["department_head"])
    overdue = {i.key for i in items if i.kind == "learning.curriculum_overdue"}
    assert overdue == {
        f"enrolment:{e.pk}"
        for e in Enrolment.objects.filter(employee=unled, due_on__lt=TODAY, state=Enrolment.State.ASSIGNED)
    }
    assert overdue
    client = client_for("agent")
    client.force_login(user_with_roles("newbie", "agent", employee=led))
    own = client.get(reverse("person_learning", args=[led.number])).content.decode()
    assert 'id="curricula"' in own and own.count('class="curriculum-item') == 5


def test_hr_sees_who_follows_a_curriculum_and_how_far_they_got(org, client_for):
    newbie = _in_progress(org)
    left = hire(org, "E3002", TODAY - dt.timedelta(days=10), team="b1")
    apply_curricula(TODAY)
    left.leave_date = TODAY - dt.timedelta(days=1)
    left.save(update_fields=["leave_date"])
    curriculum = Curriculum.objects.get(code="new-hire")
    page = client_for("hr").get(reverse("learning_curriculum", args=[curriculum.pk])).content.decode()
    table = page.split('id="curriculum-followers"', 1)[1].split("</table>", 1)[0]
    assert newbie.number in table and left.number not in table  # who left is no longer followed
    assert "1 of 5" in table and "1 overdue" in table
    assert (TODAY - dt.timedelta(days=40)).isoformat() in table  # started on the hire date
