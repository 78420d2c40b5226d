"""/api/promotions: a whole application walked through every stage by API tokens of each role; forbidden
roles and stale versions change nothing; pay and appellants are shown only where the scoping allows.

The organisation and policy are tests.promotions' (policy 001 in small, a September window in 2025, the
CN 2025 holiday calendar); the promotions clock is fixed and moved as in tests/promotions.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from serviceladder.audit.models import AuditEvent
from serviceladder.learning.models import Enrolment
from serviceladder.org.models import LevelAssignment, PayRecord
from serviceladder.promotions.errors import NOTICE_NOT_OVER, STALE_VERSION
from serviceladder.promotions.models import (
    Appeal,
    Comment,
    PromotionApplication,
    PromotionCycle,
    StageOpinion,
    TransitionLog,
)
from serviceladder.promotions.states import State
from tests.promotions import conftest as promotions
from tests.promotions.conftest import FORM, advance, build_org, submitted

pytestmark = pytest.mark.django_db

BASE = "/api/promotions"
today = promotions.today  # the promotions clock fixed at TODAY, with a setter (a fixture)


@pytest.fixture
def org(db, today):
    """tests.promotions' organisation without a cycle (HR opens it by API in the walk)."""
    return build_org()


@pytest.fixture
def cycled(org):
    from serviceladder.promotions.services import promotion_cycle_open

    org.cycle = promotion_cycle_open(
        actor=org.actor("hr"),
        name="2025 下半年晋升",
        opens_on=dt.date(2025, 9, 1),
        closes_on=dt.date(2025, 9, 30),
    )
    return org


class Api:
    """A token client for one role key, speaking JSON."""

    def __init__(self, client: Client):
        self.client = client

    def get(self, path: str, **query):
        return self.client.get(BASE + path, query)

    def post(self, path: str, body: dict | None = None):
        return self.client.post(BASE + path, json.dumps(body or {}), content_type="application/json")

    def patch(self, path: str, body: dict):
        return self.client.patch(BASE + path, json.dumps(body), content_type="application/json")


@pytest.fixture
def api(key_for, bearer):
    cache: dict[str, Api] = {}

    def for_role(key: str) -> Api:
        if key not in cache:
            cache[key] = Api(bearer(key_for(key)))
        return cache[key]

    return for_role


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content.decode()
    return response.json()


def problem(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    if code is not None:
        assert body["code"] == code, body
    return body


def snapshot(app_pk: int) -> tuple:
    """What a refused step must leave untouched."""
    app = PromotionApplication.objects.get(pk=app_pk)
    return (
        app.state,
        app.version,
        TransitionLog.objects.filter(application=app).count(),
        StageOpinion.objects.filter(application=app).count(),
        Comment.objects.filter(application=app).count(),
        Appeal.objects.filter(application=app).count(),
        AuditEvent.objects.count(),
    )


# --- the whole walk -----------------------------------------------------------------------------------------


def test_one_application_from_draft_to_effective_by_api(org, api, today):
    agent, head, hr, management = api("applicant"), api("head"), api("hr"), api("management")

    # HR opens the cycle; the policy's quotas come with it
    cycle = ok(
        hr.post("/cycles", {"name": "2025 下半年晋升", "opens_on": "2025-09-01", "closes_on": "2025-09-30"}),
        201,
    )
    assert cycle["quotas"] == {"L2": 1, "L3": 2} and cycle["open_now"] is True
    assert cycle["funnel"]["applied"] == 0
    cycle_id = cycle["id"]
    assert [c["id"] for c in ok(agent.get("/cycles", open_now="true"))["items"]] == [cycle_id]

    # the agent drafts, edits, attaches and submits
    draft = ok(
        agent.post("/applications", {"cycle": cycle_id, "target_level": "L2", **FORM, "plan": ""}), 201
    )
    app_id = draft["id"]
    assert (draft["state"], draft["version"], draft["from_level"]["code"]) == ("draft", 1, "L1")
    assert {"submit", "withdraw", "update", "attach"} <= {a["action"] for a in draft["allowed_actions"]}
    incomplete = problem(agent.post(f"/applications/{app_id}/submit", {"expected_version": 1}), 400)
    assert "plan" in incomplete["detail"]
    edited = ok(agent.patch(f"/applications/{app_id}", {"plan": FORM["plan"], "expected_version": 1}))
    assert edited["version"] == 2 and edited["form"]["plan"] == FORM["plan"]
    upload = SimpleUploadedFile("results.txt", "三封表扬信".encode(), "text/plain")
    attached = ok(agent.client.post(f"{BASE}/applications/{app_id}/attachments", {"file": upload}), 201)
    assert attached["attachment"]["name"] == "results.txt" and attached["application"]["state"] == "draft"
    sent = ok(agent.post(f"/applications/{app_id}/submit", {"expected_version": 2}))
    assert (sent["state"], sent["version"], sent["is_exception"]) == ("submitted", 3, False)
    assert sent["eligibility"]["status"] == "eligible"
    assert sent["eligibility"]["snapshot"]["to_level"] == "L2"
    assert sent["eligibility"]["snapshot"]["checks"]

    # department review: the head's inbox, then approval
    inbox = ok(head.get("/applications", awaiting="me"))
    assert [a["id"] for a in inbox["items"]] == [app_id]
    assert ok(hr.get("/applications", awaiting="me"))["items"] == []  # the head is the reviewer, not HR
    dept = ok(
        head.post(f"/applications/{app_id}/review-department", {"approve": True, "opinion": "业绩突出"})
    )
    assert dept["state"] == "dept_approved"

    # HR review with an interview and its scores
    assert [a["id"] for a in ok(hr.get("/applications", awaiting="me", state="dept_approved"))["items"]] == [
        app_id
    ]
    scheduled = ok(
        hr.post(
            f"/applications/{app_id}/assessments",
            {"kind": "interview", "scheduled_at": "2025-09-26T10:00:00+08:00", "expected_version": 4},
        ),
        201,
    )
    assessment_id = scheduled["assessment"]["id"]
    recorded = ok(
        hr.post(
            f"/applications/{app_id}/assessments/{assessment_id}/scores",
            {
                "scores": {"case handling": "88.5", "coaching": 90},
                "result_note": "清晰",
                "expected_version": 4,
            },
        )
    )
    assert recorded["assessment"]["scores"] == {"case handling": "88.5", "coaching": "90"}
    assert recorded["application"] == {
        "id": app_id,
        "state": "dept_approved",
        "state_label": str(State.DEPT_APPROVED.label),
        "version": 4,
    }
    hr_ok = ok(hr.post(f"/applications/{app_id}/review-hr", {"approve": True, "opinion": "数据核实无误"}))
    assert hr_ok["state"] == "hr_approved" and hr_ok["pay"] is None  # no pay change proposed yet

    # management sees the ranked candidates and the quota, then approves (proposing the pay)
    (level,) = ok(management.get(f"/cycles/{cycle_id}/candidates"))
    assert level["level"]["code"] == "L2" and level["quota"] == {
        "level": "L2",
        "quota": 1,
        "used": 0,
        "remaining": 1,
    }
    assert [c["application"] for c in level["candidates"]] == [app_id]
    approved = ok(
        management.post(
            f"/applications/{app_id}/approve", {"approve": True, "opinion": "同意", "expected_version": 5}
        )
    )
    assert approved["state"] == "mgmt_approved" and approved["version"] == 6
    assert approved["pay"]["proposed_amount"] == "5500.00" and approved["pay"]["old_amount"] == "5000.00"
    used = {q["level"]: q["used"] for q in ok(management.get(f"/cycles/{cycle_id}"))["quota_use"]}
    assert used == {"L2": 1, "L3": 0}

    # HR adjusts the pay within the band and publishes the notice on Monday 2025-09-29
    pay = ok(
        hr.post(
            f"/applications/{app_id}/pay", {"amount": "5600", "reason": "带教成绩", "expected_version": 6}
        )
    )
    assert pay["pay"]["final_amount"] == "5600.00" and pay["application"]["version"] == 6
    today(dt.date(2025, 9, 29))
    notice = ok(
        hr.post(f"/cycles/{cycle_id}/notice", {"applications": [{"id": app_id, "expected_version": 6}]}), 201
    )
    assert (notice["published_on"], notice["ends_on"], notice["working_days"]) == (
        "2025-09-29",
        "2025-10-13",
        5,
    )
    assert notice["applications"] == [
        {"id": app_id, "state": "on_notice", "state_label": str(State.ON_NOTICE.label), "version": 7}
    ]

    # finalising before the notice ends is refused with the domain error's message
    today(dt.date(2025, 10, 13))
    early = problem(
        hr.post(f"/applications/{app_id}/finalise", {"expected_version": 7}), 409, "promotion_error"
    )
    assert early["detail"] == NOTICE_NOT_OVER % {"ends": "2025-10-13"}
    today(dt.date(2025, 10, 14))
    done = ok(hr.post(f"/applications/{app_id}/finalise", {"expected_version": 7}))
    assert (done["state"], done["version"], done["effective_on"]) == ("effective", 8, "2025-11-01")
    assert sorted((t["code"], t["state"], t["due_on"]) for t in done["trainings"]) == [
        ("basics", "assigned", "2026-02-01"),
        ("lead-skills", "assigned", "2026-02-01"),
    ]
    assert [a["action"] for a in done["allowed_actions"]] == ["comment"]

    # the applicant sees the outcome, the new pay and the whole history
    mine = ok(agent.get(f"/applications/{app_id}"))
    assert mine["pay"]["final_amount"] == "5600.00"
    # their own pay, not the band of the level or the policy's ratio: those are for HR and management
    assert (mine["pay"]["band_min"], mine["pay"]["band_max"], mine["pay"]["min_ratio"]) == (None, None, None)
    assert mine["pay"]["capped"] is None
    assert ok(hr.get(f"/applications/{app_id}"))["pay"]["band_min"] is not None
    assert [(e["to_state"], e["actor"]) for e in mine["timeline"] if e["kind"] == "transition"] == [
        ("submitted", "lina"),
        ("dept_approved", "zhoujg"),
        ("hr_approved", "zhaomin"),
        ("mgmt_approved", "sunqiang"),
        ("on_notice", "zhaomin"),
        ("effective", "zhaomin"),
    ]
    employee = org.employees["applicant"]
    assert (
        LevelAssignment.objects.get(employee=employee, effective_from=dt.date(2025, 11, 1)).level.code == "L2"
    )
    assert PayRecord.objects.get(
        employee=employee, effective_from=dt.date(2025, 11, 1)
    ).monthly_amount == Decimal("5600.00")
    assert Enrolment.objects.filter(employee=employee, application_id=app_id).count() == 2
    # every step is recorded as taken through the API
    assert set(TransitionLog.objects.filter(application_id=app_id).values_list("channel", flat=True)) == {
        "api"
    }
    assert set(
        AuditEvent.objects.filter(action__startswith="promotion.", employee=employee).values_list(
            "channel", flat=True
        )
    ) == {"api"}
    funnel = ok(hr.get(f"/cycles/{cycle_id}"))["funnel"]
    assert [funnel[k] for k in ("applied", "reviewed", "approved", "published", "effective")] == [
        1,
        1,
        1,
        1,
        1,
    ]


def test_a_team_lead_nominates_and_submits_and_the_person_sees_it(cycled, api):
    lead = api("nominator")
    nominated = ok(
        lead.post(
            "/applications", {"cycle": cycled.cycle.pk, "target_level": "L2", "employee": "P001", **FORM}
        ),
        201,
    )
    assert nominated["nominated_by"] == {"number": "P004", "name": "wangfang-name"}
    assert nominated["applicant"]["number"] == "P001"
    assert ok(lead.post(f"/applications/{nominated['id']}/submit"))["state"] == "submitted"
    assert ok(api("applicant").get(f"/applications/{nominated['id']}"))["nominated_by"]["number"] == "P004"
    # a lead of another team may not nominate a person they cannot see: 404, nothing created
    before = PromotionApplication.objects.count()
    problem(
        api("other_lead").post(
            "/applications", {"cycle": cycled.cycle.pk, "target_level": "L2", "employee": "P002", **FORM}
        ),
        404,
    )
    # HR sees the person but does not nominate: 403
    problem(
        api("hr").post(
            "/applications", {"cycle": cycled.cycle.pk, "target_level": "L2", "employee": "P002", **FORM}
        ),
        403,
    )
    assert PromotionApplication.objects.count() == before


# --- who may do what ----------------------------------------------------------------------------------------


REVIEW = {"approve": True, "opinion": "同意"}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("colleague", 404),  # an agent of the same team: cannot see the case
        ("agent_b", 404),
        ("other_head", 404),  # the head of the other department
        ("admin", 404),  # no performance data for administrators
        ("applicant", 403),  # sees it, but nobody reviews their own application
        ("nominator", 403),  # the team lead sees the case but the department head reviews it
        ("hr", 403),  # HR stands in only when the department has no head
        ("management", 403),
    ],
)
def test_forbidden_roles_cannot_review_and_nothing_changes(cycled, api, role, status):
    app = submitted(cycled)
    client = api(role)
    before = snapshot(app.pk)
    problem(client.post(f"/applications/{app.pk}/review-department", REVIEW), status)
    assert snapshot(app.pk) == before


@pytest.mark.parametrize(
    ("state", "role", "path", "body"),
    [
        (State.DEPT_APPROVED, "head", "/review-hr", REVIEW),
        (State.DEPT_APPROVED, "management", "/review-hr", REVIEW),
        (
            State.DEPT_APPROVED,
            "management",
            "/assessments",
            {"kind": "interview", "scheduled_at": "2025-09-26T10:00"},
        ),
        (State.DEPT_APPROVED, "nominator", "/withdraw", {}),
        (State.HR_APPROVED, "head", "/approve", REVIEW),
        (State.HR_APPROVED, "hr", "/approve", REVIEW),
        (State.ON_NOTICE, "management", "/finalise", {}),
        (State.ON_NOTICE, "applicant", "/finalise", {}),
    ],
)
def test_each_stage_is_for_its_own_role(cycled, api, state, role, path, body):
    app = advance(cycled, submitted(cycled), state)
    client = api(role)
    before = snapshot(app.pk)
    problem(client.post(f"/applications/{app.pk}{path}", body), 403, "promotion_not_allowed")
    assert snapshot(app.pk) == before


def test_only_hr_opens_cycles_and_publishes(cycled, api):
    body = {"name": "2026 上半年晋升", "opens_on": "2026-03-01", "closes_on": "2026-03-31"}
    for role in ("applicant", "head", "management"):
        problem(api(role).post("/cycles", body), 403)
    assert PromotionCycle.objects.count() == 1
    app = advance(cycled, submitted(cycled), State.MGMT_APPROVED)
    api("applicant")
    before = snapshot(app.pk)
    problem(api("management").post(f"/cycles/{cycled.cycle.pk}/notice", {}), 403)
    problem(
        api("applicant").post(f"/cycles/{cycled.cycle.pk}/notice", {"applications": [{"id": app.pk}]}), 403
    )
    assert snapshot(app.pk) == before
    # a window outside the policy's application months is bad input
    bad = problem(
        api("hr").post("/cycles", {**body, "opens_on": "2026-04-01", "closes_on": "2026-04-30"}), 400
    )
    assert bad["code"] == "promotion_window_closed"
    assert PromotionCycle.objects.count() == 1


def test_agents_cannot_read_other_applications_or_pay(cycled, api):
    app = advance(cycled, submitted(cycled), State.MGMT_APPROVED)
    other = submitted(cycled, "agent_b")
    colleague = api("colleague")
    problem(colleague.get(f"/applications/{app.pk}"), 404, "promotion_not_found")
    problem(colleague.get(f"/applications/{app.pk}/comparison"), 404)
    assert ok(colleague.get("/applications"))["items"] == []
    mine = ok(api("applicant").get("/applications"))["items"]
    assert [a["id"] for a in mine] == [app.pk]  # not agent_b's
    problem(api("applicant").get(f"/applications/{other.pk}"), 404)
    # the case is visible to the lead and the head, but the pay only to the applicant, HR and management
    for role in ("nominator", "head"):
        case = api(role).get(f"/applications/{app.pk}")
        assert ok(case)["pay"] is None
        assert "5500" not in case.content.decode() and "5000" not in case.content.decode()
    for role in ("applicant", "hr", "management"):
        assert ok(api(role).get(f"/applications/{app.pk}"))["pay"]["proposed_amount"] == "5500.00"
    # HR and management compare the snapshot with today's data; the applicant may not
    assert ok(api("hr").get(f"/applications/{app.pk}/comparison"))["status_then"] == "eligible"
    problem(api("applicant").get(f"/applications/{app.pk}/comparison"), 403)
    problem(api("applicant").get(f"/cycles/{cycled.cycle.pk}/candidates"), 403)


def test_the_notice_shows_names_and_levels_and_no_figures_or_pay(cycled, api, today):
    app = advance(cycled, submitted(cycled), State.MGMT_APPROVED)
    today(dt.date(2025, 9, 29))
    ok(api("hr").post(f"/cycles/{cycled.cycle.pk}/notice", {}), 201)
    response = api("agent_b").get("/notices")  # another department: sees the notice only
    (entry,) = ok(response)["items"]
    assert entry == {
        "application": app.pk,
        "notice": entry["notice"],
        "name": "lina-name",
        "from_level": "Level 1",
        "to_level": "Level 2",
        "published_on": "2025-09-29",
        "ends_on": "2025-10-13",
        "provisional_years": [],
        "running": True,
    }
    text = response.content.decode()
    for figure in ("5500", "5000", "5,500", "csat", "eligib", "P001"):
        assert figure not in text.lower()
    problem(api("agent_b").get(f"/applications/{app.pk}"), 404)  # the case itself stays private


def test_appellant_is_hidden_from_everyone_but_hr(cycled, api, today):
    app = advance(cycled, submitted(cycled), State.ON_NOTICE)
    today(dt.date(2025, 9, 30))
    # the applicant may not appeal their own promotion; nothing is filed
    api("applicant")
    before = snapshot(app.pk)
    problem(api("applicant").post(f"/applications/{app.pk}/appeals", {"text": "自己"}), 403)
    assert snapshot(app.pk) == before
    filed = ok(api("colleague").post(f"/applications/{app.pk}/appeals", {"text": "数据有误"}), 201)
    assert filed["application"]["state"] == "under_appeal"
    appeal_id = filed["appeal"]["id"]
    for role in ("applicant", "nominator", "head", "management"):
        case = api(role).get(f"/applications/{app.pk}")
        body = ok(case)
        assert body["appeals"][0]["appellant"] is None and body["appeals"][0]["text"] is None, role
        appeal_rows = [e for e in body["timeline"] if e["action"] == "appeal_file"]
        assert appeal_rows and all(e["text"] == "" and e["actor"] != "zhangwei" for e in appeal_rows), role
        assert "zhangwei" not in case.content.decode() and "数据有误" not in case.content.decode(), role
    hr_view = ok(api("hr").get(f"/applications/{app.pk}"))
    assert (hr_view["appeals"][0]["appellant"], hr_view["appeals"][0]["text"]) == ("zhangwei", "数据有误")
    # only HR answers; the applicant's side gets 404 for the appeal itself
    problem(api("head").post(f"/appeals/{appeal_id}/answer", {"outcome": "dismissed", "answer": "x"}), 404)
    answered = ok(
        api("hr").post(
            f"/appeals/{appeal_id}/answer",
            {"outcome": "upheld_hr", "answer": "重新核实", "expected_version": hr_view["version"]},
        )
    )
    assert answered["state"] == "dept_approved" and answered["notice"] is None


# --- races and versions -------------------------------------------------------------------------------------


def test_a_stale_expected_version_is_409_with_the_message_and_nothing_changes(cycled, api):
    app = submitted(cycled)
    seen = ok(api("head").get(f"/applications/{app.pk}"))["version"]
    # someone comments: the version stays, so the head's version is still good for a comment
    ok(
        api("nominator").post(f"/applications/{app.pk}/comments", {"text": "支持", "expected_version": seen}),
        201,
    )
    ok(api("head").post(f"/applications/{app.pk}/review-department", {**REVIEW, "expected_version": seen}))
    api("hr")
    before = snapshot(app.pk)
    late = problem(
        api("hr").post(f"/applications/{app.pk}/review-hr", {**REVIEW, "expected_version": seen}),
        409,
        "promotion_application_stale",
    )
    from django.contrib.auth import get_user_model

    head = get_user_model().objects.get(username="zhoujg")
    # who moved it: by name and role (HR may see the head), never by login name
    assert late["detail"] == STALE_VERSION % {"actor": f"{head.employee.name} · Department head"}
    comment = problem(
        api("hr").post(f"/applications/{app.pk}/comments", {"text": "晚了", "expected_version": seen}),
        409,
        "promotion_application_stale",
    )
    assert comment["detail"] == late["detail"]
    assert snapshot(app.pk) == before


def test_two_hr_reviewers_with_the_same_version_one_wins(cycled, api):
    app = advance(cycled, submitted(cycled), State.DEPT_APPROVED)
    version = ok(api("hr").get(f"/applications/{app.pk}"))["version"]
    assert version == ok(api("hr2").get(f"/applications/{app.pk}"))["version"]
    first = ok(api("hr").post(f"/applications/{app.pk}/review-hr", {**REVIEW, "expected_version": version}))
    second = problem(
        api("hr2").post(
            f"/applications/{app.pk}/review-hr",
            {"approve": False, "opinion": "不同意", "expected_version": version},
        ),
        409,
    )
    assert "zhaomin" in second["detail"]
    app.refresh_from_db()
    assert app.state == first["state"] == State.HR_APPROVED
    assert StageOpinion.objects.filter(application=app, stage="hr").count() == 1


def test_session_post_needs_the_csrf_token(cycled):
    app = submitted(cycled)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cycled.users["head"])
    url = f"{BASE}/applications/{app.pk}/review-department"
    body = json.dumps(REVIEW)
    before = snapshot(app.pk)
    problem(client.post(url, body, content_type="application/json"), 403, "csrf")
    assert snapshot(app.pk) == before
    client.get("/notifications/")  # any page sets the CSRF cookie, as a browser gets it
    token = client.cookies["csrftoken"].value
    response = client.post(url, body, content_type="application/json", headers={"X-CSRFToken": token})
    assert ok(response)["state"] == "dept_approved"
    assert TransitionLog.objects.get(application=app, to_state="dept_approved").channel == "api"


# --- the schema ---------------------------------------------------------------------------------------------


def test_openapi_lists_the_promotion_endpoints_with_stable_ids(client):
    schema = json.loads(client.get("/api/openapi.json").content)
    operations = {
        (method, path): op["operationId"]
        for path, ops in schema["paths"].items()
        if path.startswith("/api/promotions")
        for method, op in ops.items()
    }
    p = "/api/promotions/applications/{application_id}"
    assert {
        ("get", "/api/promotions/cycles"): "promotion_cycles_list",
        ("post", "/api/promotions/cycles"): "promotion_cycle_open",
        ("get", "/api/promotions/cycles/{cycle_id}"): "promotion_cycle_get",
        ("post", "/api/promotions/cycles/{cycle_id}/notice"): "promotion_notice_publish",
        ("get", "/api/promotions/notices"): "promotion_notices_list",
        ("get", "/api/promotions/applications"): "promotion_applications_list",
        ("post", "/api/promotions/applications"): "promotion_application_create",
        ("get", p): "promotion_application_get",
        ("patch", p): "promotion_application_update",
        ("post", p + "/attachments"): "promotion_attachment_add",
        ("post", p + "/submit"): "promotion_application_submit",
        ("post", p + "/withdraw"): "promotion_application_withdraw",
        ("post", p + "/review-department"): "promotion_review_department",
        ("post", p + "/review-hr"): "promotion_review_hr",
        ("post", p + "/assessments"): "promotion_assessment_schedule",
        ("post", p + "/assessments/{assessment_id}/scores"): "promotion_assessment_record",
        ("post", p + "/approve"): "promotion_approve_management",
        ("post", p + "/comments"): "promotion_comment_add",
        ("post", p + "/pay"): "promotion_pay_adjust",
        ("post", p + "/finalise"): "promotion_finalise",
        ("post", p + "/appeals"): "promotion_appeal_file",
        ("post", "/api/promotions/appeals/{appeal_id}/answer"): "promotion_appeal_answer",
    }.items() <= operations.items()
    for (method, path), _op in operations.items():
        op = schema["paths"][path][method]
        assert op["tags"] == ["promotions"] and op.get("summary"), (method, path)
        if method != "get":
            assert "409" in op["responses"], (method, path)
    components = schema["components"]["schemas"]
    assert "expected_version" in components["ReviewIn"]["properties"]
    assert components["ApplicationDetail"]["properties"]["version"]["description"]
    assert components["ApplicationDetail"]["properties"]["pay"]["description"]
