"""Issue 11, item 4: a step on a promotion case checks access first (404 for someone who may not see the
case), then the role (403 for someone who sees it but may not take the step), and only then the state or
the version (409). So an outsider and a wrong-role insider get the same answer in every state: they learn
nothing about where the case stands. Web (every step of the case page, the draft pages) and API (every
action endpoint), with a stale expected_version everywhere, on one case moved through the states."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from serviceladder.api.services import api_token_create
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.promotions.models import (
    Appeal,
    ApplicationAttachment,
    Assessment,
    PromotionApplication,
)
from serviceladder.promotions.states import State
from tests.api import promotion_builders

pytestmark = pytest.mark.django_db

STATES = [
    State.DRAFT,
    State.SUBMITTED,
    State.DEPT_APPROVED,
    State.HR_APPROVED,
    State.MGMT_APPROVED,
    State.ON_NOTICE,
    State.UNDER_APPEAL,
    State.EFFECTIVE,
    State.REJECTED,
]
STALE = 999
# The agent's (李娜 E2003, team A1) case: the team lead sees it but reviews, approves, pays and finalises
# nothing; the administrator does not see it at all.
INSIDER, OUTSIDER = "team_lead", "admin"


@pytest.fixture
def case(org):
    cycle = promotion_builders.cycle(org)
    app = PromotionApplication.objects.create(
        cycle=cycle,
        applicant=org.employees["E2003"],
        from_level=org.levels[1],
        target_level=org.levels[2],
        state=State.DRAFT,
        **promotion_builders.FORM,
    )
    hr = org.users["hr"]
    assessment = Assessment.objects.create(
        application=app, kind="interview", scheduled_at=timezone.now(), scheduled_by=hr
    )
    attachment = ApplicationAttachment.objects.create(
        application=app,
        file=SimpleUploadedFile("plan.txt", b"plan"),
        original_name="plan.txt",
        content_type="text/plain",
        size=4,
        uploaded_by=org.users["agent"],
    )
    appeal = Appeal.objects.create(
        application=app, appellant=org.users["management"], text="x", answer_due_on=dt.date(2026, 9, 30)
    )
    return {"app": app, "assessment": assessment, "attachment": attachment, "appeal": appeal}


def _in_state(app, state):
    PromotionApplication.objects.filter(pk=app.pk).update(state=state)


def _api_client(org, role) -> Client:
    user = org.users[role]
    key = api_token_create(actor=Actor(user=user, channel="web"), user=user, name="t").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def _api_calls(case, version):
    app, a = case["app"].pk, "/api/promotions/applications"
    v = {} if version is None else {"expected_version": version}
    review = {"approve": True, "opinion": "同意", **v}
    return {
        "review-department": ("post", f"{a}/{app}/review-department", review),
        "review-hr": ("post", f"{a}/{app}/review-hr", review),
        "approve": ("post", f"{a}/{app}/approve", review),
        "assessments": (
            "post",
            f"{a}/{app}/assessments",
            {"kind": "interview", "scheduled_at": "2026-09-20T10:00:00", **v},
        ),
        "scores": (
            "post",
            f"{a}/{app}/assessments/{case['assessment'].pk}/scores",
            {"scores": {"a": 80}, **v},
        ),
        "pay": ("post", f"{a}/{app}/pay", {"amount": "6000", "reason": "x", **v}),
        "finalise": ("post", f"{a}/{app}/finalise", v),
        "submit": ("post", f"{a}/{app}/submit", v),
        "withdraw": ("post", f"{a}/{app}/withdraw", v),
        "edit": ("patch", f"{a}/{app}", {"plan": "y", **v}),
        "attachment-remove": ("delete", f"{a}/{app}/attachments/{case['attachment'].pk}", v),
        "appeal-answer": (
            "post",
            f"/api/promotions/appeals/{case['appeal'].pk}/answer",
            {"outcome": "dismissed", "answer": "x", **v},
        ),
    }


def _api_status(client, method, url, body) -> int:
    return getattr(client, method)(url, body, content_type="application/json").status_code


@pytest.mark.parametrize("version", [STALE, None], ids=["stale-version", "no-version"])
@pytest.mark.parametrize(("role", "allowed"), [(OUTSIDER, {404}), (INSIDER, {403, 404})])
def test_every_api_action_answers_the_same_in_every_state(org, case, role, allowed, version):
    client = _api_client(org, role)
    calls = _api_calls(case, version)
    events = AuditEvent.objects.count()
    seen: dict[str, dict[str, int]] = {name: {} for name in calls}
    for state in STATES:
        _in_state(case["app"], state)
        for name, (method, url, body) in calls.items():
            seen[name][state] = _api_status(client, method, url, body)
        upload = SimpleUploadedFile("x.txt", b"x", content_type="text/plain")
        url = f"/api/promotions/applications/{case['app'].pk}/attachments"
        url += f"?expected_version={version}" if version else ""
        seen.setdefault("attachment-add", {})[state] = client.post(url, {"file": upload}).status_code
    problems = [
        f"{role} {name}: {by_state}"
        for name, by_state in seen.items()
        if len(set(by_state.values())) != 1 or not set(by_state.values()) <= allowed
    ]
    assert not problems, "\n".join(problems)
    if role == INSIDER:  # the case is theirs to see: steps are refused for the role, not hidden
        assert {seen[n][State.DRAFT] for n in ("review-hr", "pay", "finalise", "submit", "edit")} == {403}
    assert AuditEvent.objects.count() == events  # nothing was done


WEB_STEPS = {
    "department": {"decision": "approve", "opinion": "同意"},
    "hr": {"decision": "approve", "opinion": "同意"},
    "management": {"decision": "approve", "opinion": "同意"},
    "withdraw": {"reason": "x"},
    "assessment": {"kind": "interview", "scheduled_at": "2026-09-20T10:00"},
    "scores": {"score_name_0": "a", "score_value_0": "80"},
    "pay": {"amount": "6000", "reason": "x"},
    "finalise": {},
}


@pytest.mark.parametrize(("role", "expected"), [(OUTSIDER, 404), (INSIDER, 403)])
def test_every_web_step_answers_the_same_in_every_state(client_for, org, case, role, expected):
    client = client_for(role)
    app = case["app"]
    problems = []
    events = AuditEvent.objects.count()
    for state in STATES:
        _in_state(app, state)
        for step, data in WEB_STEPS.items():
            extra = {"assessment": case["assessment"].pk} if step == "scores" else {}
            body = {"step": step, "version": STALE, "state": state, **data, **extra}
            status = client.post(reverse("promotion_application", args=[app.pk]), body).status_code
            if status != expected:
                problems.append(f"{role} {step} in {state}: {status}")
        for name in ("promotion_application_edit", "promotion_application_review"):
            status = client.post(reverse(name, args=[app.pk]), {"plan": "y"}).status_code
            if status != expected:
                problems.append(f"{role} {name} in {state}: {status}")
    assert not problems, "\n".join(problems)
    assert AuditEvent.objects.count() == events  # nothing was done
