"""People in a case are shown by name and role, never by login name: the timeline, the printed form, the
appeal inbox and the notifications (test_views: the message when someone else moved the case first)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from serviceladder.promotions.services import promotion_comment_add
from tests.promotions_web import builders

pytestmark = pytest.mark.django_db

HEAD = (
    '<span class="person-name" translate="no">周建国</span> <span class="person-role">Department head</span>'
)
HR = '<span class="person-name" translate="no">赵敏</span> <span class="person-role">HR</span>'


def test_the_timeline_names_people_with_their_role(client_for, org, today):
    app = builders.dept_approved(org)
    promotion_comment_add(actor=builders.actor(org, "hr"), application=app, text="材料齐全")
    html = client_for("management").get(reverse("promotion_application", args=[app.pk])).content.decode()
    assert HEAD in html and HR in html
    for login in ("zhoujg", "zhaomin", "lina"):
        assert login not in html


def test_the_printed_form_names_the_reviewers(client_for, org, today):
    app = builders.dept_approved(org)
    html = client_for("hr").get(reverse("promotion_application_print", args=[app.pk])).content.decode()
    assert HEAD in html and "zhoujg" not in html


def test_the_timeline_speaks_chinese_roles(client_for, org, today):
    app = builders.dept_approved(org)
    html = client_for("hr", "zh-hans").get(reverse("promotion_application", args=[app.pk])).content.decode()
    assert (
        '<span class="person-name" translate="no">周建国</span> <span class="person-role">部门负责人</span>'
        in html
    )


def test_notifications_name_who_caused_them(client_for, org, today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        builders.dept_approved(org)
    html = client_for("agent").get(reverse("notifications")).content.decode()
    # the agent may not see the head's record: the role alone, never the login name
    assert '<span class="person-name">Department head</span>' in html
    assert "周建国" not in html and "zhoujg" not in html


def test_the_applicant_reads_roles_of_people_outside_their_scope(client_for, org, today):
    app = builders.dept_approved(org)
    html = client_for("agent").get(reverse("promotion_application", args=[app.pk])).content.decode()
    assert '<span class="person-name">Department head</span>' in html
    assert "周建国" not in html and "zhoujg" not in html


def test_a_notification_names_who_acted_not_their_login(
    client_for, org, today, django_capture_on_commit_callbacks
):
    from serviceladder.promotions import services

    with django_capture_on_commit_callbacks(execute=True), builders.clock_at(builders.SEPTEMBER):
        services.promotion_application_nominate(
            actor=builders.actor(org, "team_lead"),
            cycle=builders.cycle(org),
            employee=org.employees["E2003"],
            target_level="L3",
            **builders.FORM,
        )
    html = client_for("agent").get(reverse("notifications")).content.decode()
    assert "王芳 nominated you for" in html and "wangfang" not in html
