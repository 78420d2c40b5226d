"""Promotion cases with attachments for the attachment tests and the route matrix (tests/web/pages.py), made
through the services on tests.web.org's organisation (tests.promotions_web.builders does the stages).

The agent's (李娜 E2003, team A1) application carries two files the agent uploaded while it was a draft:
业绩.txt (from tests.promotions_web.builders.draft) and 客户表扬信.pdf."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from serviceladder.promotions import services
from serviceladder.promotions.models import Appeal, ApplicationAttachment, PromotionApplication
from serviceladder.promotions.states import State
from tests.promotions_web import builders as web

SECOND_NAME = "客户表扬信.pdf"
SECOND_BYTES = "%PDF-1.4 客户表扬信".encode()
FIRST_NAME = "业绩.txt"

# Every state a case can be in, with how to get there from nothing.
STATES = [
    "draft",
    "submitted",
    "dept_approved",
    "hr_approved",
    "mgmt_approved",
    "on_notice",
    "under_appeal",
    "back_to_submitted",  # an appeal upheld: submitted again, after the department had reviewed it
    "effective",
    "rejected",
    "withdrawn",
]


def draft(org) -> PromotionApplication:
    app = web.draft(org)
    if app.attachments.count() == 1 and app.state == State.DRAFT:
        with web.clock_at(web.SEPTEMBER):
            services.promotion_attachment_add(
                actor=web.actor(org, "agent"),
                application=app,
                uploaded_file=SimpleUploadedFile(SECOND_NAME, SECOND_BYTES, "application/pdf"),
            )
    return app


def case_in(org, state: str) -> PromotionApplication:
    """The agent's case, moved by each stage's own role to `state` (see STATES)."""
    draft(org)
    hr = web.actor(org, "hr")
    if state == "back_to_submitted":
        app = web.appealed(org)
        with web.clock_at(web.PUBLISHED_ON):
            services.promotion_appeal_answer(
                actor=hr,
                appeal=Appeal.objects.get(application=app),
                outcome="upheld_department",
                answer="投诉属实，退回部门重新评审",
            )
    elif state == "under_appeal":
        app = web.appealed(org)
    elif state == "effective":
        app = web.on_notice(org)
        services.promotion_finalise(
            actor=hr, application=app, today=app.notice.ends_on + dt.timedelta(days=1)
        )
    elif state == "rejected":
        app = web.submitted(org)
        services.promotion_review_department(
            actor=web.actor(org, "department_head"), application=app, approve=False, opinion="业绩证明不足"
        )
    elif state == "withdrawn":
        app = web.submitted(org)
        services.promotion_application_withdraw(actor=web.actor(org, "agent"), application=app)
    else:
        app = {
            "draft": web.draft,
            "submitted": web.submitted,
            "dept_approved": web.dept_approved,
            "hr_approved": web.hr_approved,
            "mgmt_approved": web.mgmt_approved,
            "on_notice": web.on_notice,
        }[state](org)
    app.refresh_from_db()
    expected = "submitted" if state == "back_to_submitted" else state
    assert app.state == expected, (state, app.state)
    return app


def first(app: PromotionApplication) -> ApplicationAttachment:
    return app.attachments.order_by("pk").first()


# --- kwargs builders for tests/web/pages.py ROUTES ---------------------------------------------------------


def web_remove_kwargs(org, role) -> dict:
    app = draft(org)
    return {"pk": app.pk, "attachment_pk": first(app).pk}


def api_case_kwargs(org, role) -> dict:
    """The agent's case on notice (two attachments)."""
    return {"application_id": case_in(org, "on_notice").pk}


def api_attachment_kwargs(org, role) -> dict:
    app = case_in(org, "on_notice")
    return {"application_id": app.pk, "attachment_id": first(app).pk}


OTHER_NAME = "陈静的投诉处理记录.txt"


def other_agent_case(org):
    """陈静's (E2006, department B, another agent) submitted application with one file she uploaded: among
    the test users only HR and management may see it; lina (the agent) may not."""
    from serviceladder.accounts.roles import Role
    from tests.factories import user_with_roles

    cache = web._cache(org)
    if "other_agent" not in cache:
        user = user_with_roles("chenjing", Role.AGENT, employee=org.employees["E2006"])
        me = web.Actor(user=user, channel="web")
        with web.clock_at(web.SEPTEMBER):
            app = services.promotion_application_create(
                actor=me, cycle=web.cycle(org), target_level="L2", **web.FORM
            )
            services.promotion_attachment_add(
                actor=me,
                application=app,
                uploaded_file=SimpleUploadedFile(OTHER_NAME, "投诉处理二十件".encode(), "text/plain"),
            )
            services.promotion_application_submit(actor=me, application=app, exception_reason="特批")
        cache["other_agent"] = (app, user)
    return cache["other_agent"]
