"""The case page's remove buttons and the remove view, for every role; downloads with the original name."""

from __future__ import annotations

import os
from urllib.parse import unquote

import pytest
from django.urls import reverse

from serviceladder.audit.models import AuditEvent
from serviceladder.promotions.errors import ATTACHMENT_REASON_REQUIRED, ATTACHMENT_REMOVE_TOO_LATE
from serviceladder.promotions.models import ApplicationAttachment
from tests.promotions_attachments.builders import FIRST_NAME, case_in, first, other_agent_case

ROLES = ["agent", "team_lead", "department_head", "hr", "management", "admin", "none"]
CASE_VIEWERS = {"agent", "team_lead", "department_head", "hr", "management"}
# Who sees a remove button on the agent's own files, by state of the case (HR's needs a reason).
BUTTONS = {
    "draft": {"agent", "hr"},
    "submitted": {"agent", "hr"},
    "dept_approved": {"hr"},
    "effective": set(),
}


def remove_url(app, attachment) -> str:
    return reverse("promotion_attachment_remove", args=[app.pk, attachment.pk])


def case_url(app) -> str:
    return reverse("promotion_application", args=[app.pk])


def removals() -> int:
    return AuditEvent.objects.filter(action="promotion.attachment_remove").count()


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(BUTTONS))
def test_remove_buttons_for_those_who_may_remove(client_for, org, state):
    app = case_in(org, state)
    target = first(app)
    for role in ROLES:
        response = client_for(role).get(case_url(app))
        if role not in CASE_VIEWERS:
            assert response.status_code == 404, role
            continue
        html = response.content.decode()
        assert response.status_code == 200 and FIRST_NAME in html, role
        shown = f'action="{remove_url(app, target)}"' in html
        assert shown == (role in BUTTONS[state]), (role, state)
        if shown:
            assert f'hx-post="{remove_url(app, target)}"' in html and "hx-confirm=" in html
            assert ('name="reason" required' in html) == (role == "hr"), role


@pytest.mark.django_db
def test_remove_by_post_for_every_role(client_for, org):
    """On a submitted case: the agent (uploader) and HR (with a reason) may; the others who see the case get
    403, those who cannot see it 404; a refusal removes nothing."""
    app = case_in(org, "submitted")
    expected = {"team_lead": 403, "department_head": 403, "management": 403, "admin": 404, "none": 404}
    for role, status in expected.items():
        response = client_for(role).post(remove_url(app, first(app)), {"reason": "不需要"})
        assert response.status_code == status, role
        assert app.attachments.count() == 2 and removals() == 0, role

    response = client_for("hr").post(remove_url(app, first(app)), {"reason": "  "})
    assert response.status_code == 400
    assert str(ATTACHMENT_REASON_REQUIRED) % {"name": FIRST_NAME} in response.content.decode()
    assert app.attachments.count() == 2 and removals() == 0

    target = first(app)
    response = client_for("agent").post(remove_url(app, target))
    assert response.status_code == 302 and response["Location"] == case_url(app)
    assert not ApplicationAttachment.objects.filter(pk=target.pk).exists()
    page = client_for("agent").get(case_url(app)).content.decode()
    assert f"{FIRST_NAME} removed from the application." in page
    history = page[page.index('id="timeline"') :]
    assert "Attachment removed" in history and f'<span translate="no">{FIRST_NAME}</span>' in history

    target = first(app)
    response = client_for("hr").post(remove_url(app, target), {"reason": "文件与申请无关"})
    assert response.status_code == 302
    assert app.attachments.count() == 0 and removals() == 2
    page = client_for("team_lead").get(case_url(app)).content.decode()
    assert "文件与申请无关" in page  # HR's reason is in the history for everyone who sees the case


@pytest.mark.django_db
def test_the_uploader_past_the_department_review_is_told_to_ask_hr(client_for, org):
    app = case_in(org, "dept_approved")
    response = client_for("agent").post(remove_url(app, first(app)))
    assert response.status_code == 400
    message = str(ATTACHMENT_REMOVE_TOO_LATE) % {
        "name": FIRST_NAME,
        "state": "Department approved, awaiting the HR review",
    }
    assert message in response.content.decode()
    assert app.attachments.count() == 2 and removals() == 0


@pytest.mark.django_db
def test_htmx_removal_redirects_with_the_header(client_for, org):
    app = case_in(org, "draft")
    client = client_for("hr")
    response = client.post(remove_url(app, first(app)), {}, headers={"HX-Request": "true"})
    assert response.status_code == 400 and response["HX-Redirect"] == case_url(app)
    assert app.attachments.count() == 2
    assert (
        str(ATTACHMENT_REASON_REQUIRED) % {"name": FIRST_NAME} in client.get(case_url(app)).content.decode()
    )
    response = client.post(
        remove_url(app, first(app)), {"reason": "重复上传"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 204 and response["HX-Redirect"] == case_url(app)
    assert app.attachments.count() == 1


@pytest.mark.django_db
def test_get_is_not_allowed_and_an_attachment_of_another_case_is_not_found(client_for, org):
    app = case_in(org, "draft")
    assert client_for("agent").get(remove_url(app, first(app))).status_code == 405
    other, _user = other_agent_case(org)
    # the agent's own case in the address, 陈静's file as the attachment: not found, nothing removed
    response = client_for("hr").post(
        reverse("promotion_attachment_remove", args=[app.pk, first(other).pk]), {"reason": "x"}
    )
    assert response.status_code == 404 and other.attachments.count() == 1
    response = client_for("agent").post(remove_url(other, first(other)))
    assert response.status_code == 404 and other.attachments.count() == 1
    assert "陈静" not in response.content.decode()


@pytest.mark.django_db
def test_download_keeps_the_chinese_name(client_for, org):
    app = case_in(org, "submitted")
    response = client_for("team_lead").get(reverse("promotion_attachment", args=[app.pk, first(app).pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "客户表扬信三封".encode()
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert unquote(disposition.split("filename*=UTF-8''", 1)[1]) == FIRST_NAME


@pytest.mark.django_db
def test_download_of_a_missing_file_is_not_found(client_for, org):
    app = case_in(org, "draft")
    os.remove(first(app).file.path)
    response = client_for("agent").get(reverse("promotion_attachment", args=[app.pk, first(app).pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "fallback"),
    [
        ("业绩证明.pdf", "attachment.pdf"),
        ("report 2026.pdf", "report 2026.pdf"),
        ('say "hi";x.txt', "say _hi__x.txt"),
        ("café menu.png", "cafe menu.png"),
        ("季度 Q3 总结.docx", "Q3.docx"),
    ],
)
def test_content_disposition_has_an_ascii_fallback_and_the_exact_name(name, fallback):
    from serviceladder.promotions.attachments import content_disposition

    header = content_disposition(name)
    assert header.isascii()
    assert header.startswith(f'attachment; filename="{fallback}"; ')
    assert unquote(header.split("filename*=UTF-8''", 1)[1]) == name
