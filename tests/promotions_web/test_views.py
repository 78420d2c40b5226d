"""The promotion pages over HTTP: each stage's form by the right role works; by a wrong role it is refused
(403/404) and nothing changes; what each role may see of a case, its pay, the notice and the appellant."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from serviceladder.audit.models import AuditEvent
from serviceladder.org.models import LevelAssignment, PayRecord
from serviceladder.promotions.errors import (
    NOTICE_NOT_OVER,
    OPINION_REQUIRED,
    STALE_VERSION,
)
from serviceladder.promotions.models import (
    Appeal,
    Assessment,
    Comment,
    PayChange,
    PromotionApplication,
    PromotionCycle,
)
from serviceladder.promotions.states import State
from tests.promotions_web import builders
from tests.web.org import PEOPLE

pytestmark = pytest.mark.django_db


def case_url(app) -> str:
    return reverse("promotion_application", args=[app.pk])


def post_step(client, app, step: str, **data):
    """POST a case form as the page shows it (with the version and state it was rendered with)."""
    return client.post(case_url(app), {"step": step, "version": app.version, "state": app.state, **data})


def state_of(app) -> str:
    return PromotionApplication.objects.get(pk=app.pk).state


def pay_patterns(number: str) -> set[str]:
    amount = PEOPLE[number][2]
    return {str(amount), f"{int(amount):,}"}


# --- cycles -------------------------------------------------------------------------------------------------


def test_hr_opens_a_cycle_with_quotas_from_the_form(client_for, org, today):
    builders.cycle(org, "warm-up")  # loads the policy
    client = client_for("hr")
    page = client.get(reverse("promotion_cycles")).content.decode()
    assert 'name="quota:L2" value="3"' in page  # prefilled from the policy's process.quotas
    response = client.post(
        reverse("promotion_cycles"),
        {
            "name": "2026 秋季晋升",
            "opens_on": "2026-09-10",
            "closes_on": "2026-09-30",
            "quota:L2": "2",
            "quota:L3": "",
        },
    )
    cycle = PromotionCycle.objects.get(name="2026 秋季晋升")
    assert response.status_code == 302 and response["Location"] == reverse("promotion_cycle", args=[cycle.pk])
    assert cycle.quotas == {"L2": 2}


def test_a_window_outside_the_application_months_shows_the_error_and_opens_nothing(client_for, org, today):
    builders.cycle(org, "warm-up")
    response = client_for("hr").post(
        reverse("promotion_cycles"), {"name": "十月", "opens_on": "2026-09-20", "closes_on": "2026-10-10"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "2026-10" in html and "3, 9" in html
    assert not PromotionCycle.objects.filter(name="十月").exists()


@pytest.mark.parametrize("role", ["agent", "team_lead", "department_head", "management", "admin"])
def test_only_hr_opens_a_cycle(client_for, org, today, role):
    builders.cycle(org, "warm-up")
    response = client_for(role).post(
        reverse("promotion_cycles"), {"name": "x", "opens_on": "2026-09-10", "closes_on": "2026-09-30"}
    )
    assert response.status_code == 403
    assert PromotionCycle.objects.count() == 1


# --- applying -----------------------------------------------------------------------------------------------


def test_agent_applies_with_an_attachment_reviews_and_submits(client_for, org, today):
    cycle = builders.cycle(org)
    client = client_for("agent")
    form = client.get(reverse("promotion_apply", args=[cycle.pk])).content.decode()
    options = re.findall(r'<option value="([^"]+)"', form)
    assert options == ["L3", "X1"]  # only the moves the policy opens from L2
    response = client.post(
        reverse("promotion_apply", args=[cycle.pk]),
        {
            "target_level": "L3",
            **builders.FORM,
            "attachments": SimpleUploadedFile("证明.pdf", b"%PDF-1.4 test", "application/pdf"),
        },
    )
    app = PromotionApplication.objects.get(cycle=cycle)
    assert response.status_code == 302 and response["Location"] == reverse(
        "promotion_application_review", args=[app.pk]
    )
    assert app.state == State.DRAFT and app.attachments.get().original_name == "证明.pdf"
    review = client.get(response["Location"]).content.decode()
    assert "exception_reason" not in review  # eligible: no exception needed
    response = client.post(response["Location"], {"version": app.version})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == State.SUBMITTED and app.eligibility_status == "eligible" and not app.is_exception


def test_a_bad_attachment_keeps_nothing(client_for, org, today):
    cycle = builders.cycle(org)
    response = client_for("agent").post(
        reverse("promotion_apply", args=[cycle.pk]),
        {
            "target_level": "L3",
            **builders.FORM,
            "attachments": SimpleUploadedFile("x.exe", b"MZ", "application/x"),
        },
    )
    assert response.status_code == 400
    assert not PromotionApplication.objects.exists()


def test_not_eligible_is_submitted_only_as_an_exception(client_for, org, today):
    cycle = builders.cycle(org)
    client = client_for("team_lead")
    response = client.post(
        reverse("promotion_nominate", args=[cycle.pk]),
        {"person": "E2004", "target_level": "L2", **builders.FORM},
    )
    app = PromotionApplication.objects.get(applicant__number="E2004")
    assert response.status_code == 302 and app.nominated_by.number == "E2002"
    review_url = reverse("promotion_application_review", args=[app.pk])
    assert 'name="exception_reason"' in client.get(review_url).content.decode()
    response = client.post(review_url, {"version": app.version})
    assert response.status_code == 400 and state_of(app) == State.DRAFT
    client.post(review_url, {"version": app.version, "exception_reason": "带教表现突出"})
    app.refresh_from_db()
    assert app.state == State.SUBMITTED and app.is_exception and app.exception_reason == "带教表现突出"
    assert "badge-exception" in client.get(case_url(app)).content.decode()


def test_an_agent_cannot_nominate(client_for, org, today):
    cycle = builders.cycle(org)
    response = client_for("agent").post(
        reverse("promotion_nominate", args=[cycle.pk]),
        {"person": "E2004", "target_level": "L2", **builders.FORM},
    )
    assert response.status_code == 403
    assert not PromotionApplication.objects.exists()


# --- stages: the right role moves it, a wrong role is refused and nothing changes ---------------------------

STAGES = [
    # (builder, step, right role, wrong roles, state after)
    (
        "submitted",
        "department",
        "department_head",
        ["agent", "team_lead", "hr", "management"],
        State.DEPT_APPROVED,
    ),
    ("dept_approved", "hr", "hr", ["agent", "team_lead", "department_head", "management"], State.HR_APPROVED),
    (
        "hr_approved",
        "management",
        "management",
        ["agent", "team_lead", "department_head", "hr"],
        State.MGMT_APPROVED,
    ),
]


@pytest.mark.parametrize(("builder", "step", "right", "wrong", "after"), STAGES, ids=[s[1] for s in STAGES])
def test_each_stage_by_its_role_only(client_for, org, today, builder, step, right, wrong, after):
    app = getattr(builders, builder)(org)
    before = app.state
    for role in wrong:
        response = post_step(client_for(role), app, step, decision="approve", opinion="同意")
        assert response.status_code in {403, 404}, role
        assert state_of(app) == before, role
    for role in ("admin", "none"):
        assert post_step(client_for(role), app, step, decision="approve", opinion="同意").status_code in {
            403,
            404,
        }
    response = post_step(client_for(right), app, step, decision="approve", opinion="同意")
    assert response.status_code == 302
    assert state_of(app) == after
    log = app.history.order_by("-at", "-pk").first()
    assert log.actor == org.users[right] and log.opinion == "同意"


def test_rejection_reason_is_shown_to_the_applicant(client_for, org, today):
    app = builders.submitted(org)
    post_step(client_for("department_head"), app, "department", decision="reject", opinion="投诉处理时效不足")
    assert state_of(app) == State.REJECTED
    html = client_for("agent").get(case_url(app)).content.decode()
    assert 'id="rejection"' in html and "投诉处理时效不足" in html


def test_an_opinion_is_required(client_for, org, today):
    app = builders.submitted(org)
    response = post_step(client_for("department_head"), app, "department", decision="approve", opinion=" ")
    assert response.status_code == 400 and str(OPINION_REQUIRED) in response.content.decode()
    assert state_of(app) == State.SUBMITTED


def test_a_stale_form_gets_a_clear_message_and_changes_nothing(client_for, org, today):
    app = builders.draft(org)
    client = client_for("agent")
    review_url = reverse("promotion_application_review", args=[app.pk])
    seen = app.version  # the review page shows this version
    client.post(
        reverse("promotion_application_edit", args=[app.pk]),
        {"version": seen, **builders.FORM, "plan": "新计划"},
    )
    response = client.post(review_url, {"version": seen})
    assert response.status_code == 400
    assert str(STALE_VERSION).split(" (")[0] in response.content.decode()
    assert state_of(app) == State.DRAFT


def test_a_second_reviewer_finds_it_already_moved(client_for, org, today):
    app = builders.submitted(org)
    seen = {"version": app.version, "state": app.state}  # two tabs show the same form
    post_step(client_for("department_head"), app, "department", decision="approve", opinion="同意")
    response = client_for("department_head").post(
        case_url(app), {"step": "department", **seen, "decision": "reject", "opinion": "再看看"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "already moved" in html and "by 周建国 · Department head at" in html  # name and role, not login
    assert state_of(app) == State.DEPT_APPROVED
    assert app.history.count() == 2  # submit, approve: the second decision wrote nothing


def test_hr_schedules_an_assessment_and_records_scores(client_for, org, today):
    app = builders.dept_approved(org)
    assert (
        post_step(
            client_for("hr"), app, "assessment", kind="interview", scheduled_at="2026-09-12T10:00"
        ).status_code
        == 302
    )
    assessment = Assessment.objects.get(application=app)
    assert (
        post_step(
            client_for("management"),
            app,
            "scores",
            assessment=assessment.pk,
            score_name_0="x",
            score_value_0="1",
        ).status_code
        == 403
    )
    response = post_step(
        client_for("hr"),
        app,
        "scores",
        assessment=assessment.pk,
        score_name_0="面试",
        score_value_0="87.5",
        result_note="表达清晰",
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.scores == {"面试": "87.5"} and assessment.result_note == "表达清晰"
    assert "87.5" in client_for("hr").get(case_url(app)).content.decode()


def test_management_sees_the_quota_and_needs_an_override_reason_when_full(client_for, org, today):
    app = builders.hr_stage(org)  # E2004 → L2 at the HR review
    cycle = app.cycle
    cycle.quotas = {"L2": 0}
    cycle.save(update_fields=["quotas"])
    post_step(client_for("hr"), app, "hr", decision="approve", opinion="核实")
    app.refresh_from_db()
    client = client_for("management")
    html = client.get(reverse("promotion_cycle", args=[cycle.pk])).content.decode()
    assert 'id="candidates"' in html and "张伟" in html and 'name="override_reason"' in html
    response = post_step(client, app, "management", decision="approve", opinion="同意")
    assert response.status_code == 400 and state_of(app) == State.HR_APPROVED
    response = post_step(
        client, app, "management", decision="approve", opinion="同意", override_reason="业务扩张"
    )
    assert response.status_code == 302 and state_of(app) == State.MGMT_APPROVED
    app.refresh_from_db()
    assert app.quota_override_reason == "业务扩张"


def test_the_ranked_candidates_are_for_management_and_hr(client_for, org, today):
    app = builders.hr_approved(org)
    url = reverse("promotion_cycle", args=[app.cycle_id])
    for role in ("agent", "team_lead", "department_head"):
        assert 'id="candidates"' not in client_for(role).get(url).content.decode(), role
    for role in ("management", "hr"):
        assert 'id="candidates"' in client_for(role).get(url).content.decode(), role


def test_publish_and_finalise_by_hr_only(client_for, org, today):
    app = builders.mgmt_approved(org)
    cycle_url = reverse("promotion_cycle", args=[app.cycle_id])
    assert client_for("management").post(cycle_url, {"application": [app.pk]}).status_code == 403
    assert state_of(app) == State.MGMT_APPROVED
    today(builders.PUBLISHED_ON)
    assert client_for("hr").post(cycle_url, {"application": [app.pk]}).status_code == 302
    app.refresh_from_db()
    assert app.state == State.ON_NOTICE
    ends = app.notice.ends_on
    response = post_step(client_for("hr"), app, "finalise")
    assert (
        response.status_code == 400
        and str(NOTICE_NOT_OVER) % {"ends": ends.isoformat()} in response.content.decode()
    )
    today(ends + dt.timedelta(days=1))
    assert post_step(client_for("management"), app, "finalise").status_code == 403
    assert state_of(app) == State.ON_NOTICE
    assert post_step(client_for("hr"), app, "finalise").status_code == 302
    app.refresh_from_db()
    assert app.state == State.EFFECTIVE
    effective = app.effective_on
    assert effective == dt.date(ends.year, ends.month + 1, 1)
    employee = app.applicant
    assert LevelAssignment.objects.get(employee=employee, effective_from=effective).level.code == "L3"
    assert (
        PayRecord.objects.get(employee=employee, effective_from=effective).monthly_amount
        == app.pay_change.final_amount
    )
    assert AuditEvent.objects.filter(
        employee=employee, action="promotion.finalise", actor_label="zhaomin"
    ).exists()


def test_pay_adjustment_within_the_band_by_hr(client_for, org, today):
    app = builders.hr_stage(org)  # E2004, L1 → L2: band 5432–8765, old pay 14682.37 → capped
    post_step(client_for("hr"), app, "hr", decision="approve", opinion="核实")
    app.refresh_from_db()
    post_step(client_for("management"), app, "management", decision="approve", opinion="同意")
    pay = PayChange.objects.get(application=app)
    assert pay.capped and pay.proposed_amount == Decimal("8765.00")
    html = client_for("hr").get(case_url(app)).content.decode()
    assert 'id="pay"' in html and "8,765.00" in html and "band maximum" in html
    response = post_step(client_for("hr"), app, "pay", amount="9000", reason="保留原薪")
    assert response.status_code == 400 and "outside the band" in response.content.decode()
    assert post_step(client_for("management"), app, "pay", amount="8000", reason="x").status_code == 403
    assert (
        post_step(client_for("hr"), app, "pay", amount="8500", reason="按带宽上限内调整").status_code == 302
    )
    pay.refresh_from_db()
    assert pay.final_amount == Decimal("8500.00") and pay.adjustment_reason == "按带宽上限内调整"


def test_the_applicant_sees_their_pay_but_not_the_band_or_the_ratio(client_for, org, today):
    app = builders.mgmt_approved(org)  # the agent's own case: pay proposed
    assert PayChange.objects.filter(application=app).exists()
    html = client_for("agent").get(case_url(app)).content.decode()
    assert 'id="pay"' in html and "Band of the new level" not in html and "Rule: the larger" not in html
    html = client_for("hr").get(case_url(app)).content.decode()
    assert "Band of the new level" in html and "Rule: the larger" in html


def test_withdraw_by_the_applicant_only(client_for, org, today):
    app = builders.submitted(org)
    assert post_step(client_for("team_lead"), app, "withdraw").status_code == 403
    assert state_of(app) == State.SUBMITTED
    assert post_step(client_for("agent"), app, "withdraw", reason="个人原因").status_code == 302
    assert state_of(app) == State.WITHDRAWN


def test_comments_by_those_who_see_the_case(client_for, org, today):
    app = builders.submitted(org)
    assert (
        client_for("team_lead").post(case_url(app), {"step": "comment", "text": "同意推荐"}).status_code
        == 302
    )
    assert Comment.objects.get(application=app).author == org.users["team_lead"]
    assert client_for("admin").post(case_url(app), {"step": "comment", "text": "x"}).status_code == 404
    assert Comment.objects.count() == 1
    assert "同意推荐" in client_for("agent").get(case_url(app)).content.decode()


# --- what each role sees ------------------------------------------------------------------------------------


def test_an_agent_never_sees_another_agents_application(client_for, org, today):
    other = builders.hr_stage(org)  # E2004's case
    client = client_for("agent")
    for url in (
        case_url(other),
        reverse("promotion_application_print", args=[other.pk]),
        reverse("promotion_application_edit", args=[other.pk]),
        reverse("promotion_application_review", args=[other.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(case_url(other), {"step": "comment", "text": "x"}).status_code == 404
    assert not Comment.objects.exists()
    html = client.get(reverse("promotion_cycle", args=[other.cycle_id])).content.decode()
    assert "张伟" not in html and "E2004" not in html


def test_pay_only_for_the_applicant_hr_and_management(client_for, org, today):
    app = builders.mgmt_approved(org)  # E2003 (the agent), pay 13579.24
    for role in ("agent", "hr", "management"):
        html = client_for(role).get(case_url(app)).content.decode()
        assert 'id="pay"' in html and "13,579.24" in html, role
    for role in ("team_lead", "department_head"):
        html = client_for(role).get(case_url(app)).content.decode()
        assert 'id="pay"' not in html, role
        assert not any(p in html for p in pay_patterns("E2003")), role


def test_the_notice_shows_names_and_levels_but_no_figures_or_pay(client_for, org, today):
    app = builders.hr_stage(org)  # E2004 → L2 (an exception with eligibility figures in its snapshot)
    post_step(client_for("hr"), app, "hr", decision="approve", opinion="核实")
    app.refresh_from_db()
    post_step(client_for("management"), app, "management", decision="approve", opinion="同意")
    today(builders.PUBLISHED_ON)
    client_for("hr").post(reverse("promotion_cycle", args=[app.cycle_id]), {"application": [app.pk]})
    app.refresh_from_db()
    pay = PayChange.objects.get(application=app)
    for url in (reverse("promotion_notices"), reverse("promotion_notice", args=[app.notice_id])):
        html = client_for("agent").get(url).content.decode()
        assert "张伟" in html and "Junior agent" in html and "Agent" in html  # name, from and to level
        assert not any(p in html for p in pay_patterns("E2004")), url
        assert f"{pay.final_amount:,}" not in html and "8765" not in html and "8,765" not in html
        assert "4.5" not in html and "csat" not in html.lower()  # no eligibility figures
    assert (
        f'href="{reverse("promotion_appeal", args=[app.pk])}"'
        in client_for("agent").get(reverse("promotion_notices")).content.decode()
    )


def test_the_appellant_is_shown_to_hr_only(client_for, org, today):
    app = builders.appealed(org, appellant="team_lead")  # wangfang appeals E2003's promotion
    for role in ("agent", "department_head"):
        html = client_for(role).get(case_url(app)).content.decode()
        assert "wangfang" not in html and "王芳" not in html, role
        assert "严重投诉" not in html, role  # the appeal's text is HR's too
    html = client_for("hr").get(case_url(app)).content.decode()
    assert "王芳" in html and "严重投诉" in html
    inbox = client_for("hr").get(reverse("promotion_appeals")).content.decode()
    assert (
        "王芳" in inbox and "wangfang" not in inbox and "wangfang" not in html
    )  # by name and role, not login
    assert client_for("management").get(reverse("promotion_appeals")).status_code == 403


def test_the_applicant_cannot_appeal_their_own_promotion(client_for, org, today):
    app = builders.on_notice(org)
    assert client_for("agent").get(reverse("promotion_appeal", args=[app.pk])).status_code == 403
    assert (
        client_for("agent").post(reverse("promotion_appeal", args=[app.pk]), {"text": "x"}).status_code == 403
    )
    assert not Appeal.objects.exists()


def test_hr_upholds_an_appeal_back_to_the_department_review(client_for, org, today):
    app = builders.appealed(org)
    appeal = Appeal.objects.get()
    url = reverse("promotion_appeals")
    assert (
        client_for("management")
        .post(url, {"appeal": appeal.pk, "outcome": "upheld_department", "answer": "x"})
        .status_code
        == 403
    )
    assert state_of(app) == State.UNDER_APPEAL
    response = client_for("hr").post(
        url, {"appeal": appeal.pk, "outcome": "upheld_department", "answer": "退回初审"}
    )
    assert response.status_code == 302
    assert state_of(app) == State.SUBMITTED
    appeal.refresh_from_db()
    assert appeal.outcome == "upheld_department" and appeal.answer == "退回初审"


def test_hr_sees_the_inbox_count_in_the_navigation(client_for, org, today):
    builders.appealed(org)
    assert 'class="nav-count"' in client_for("hr").get(reverse("home")).content.decode()
    assert 'class="nav-count"' not in client_for("management").get(reverse("home")).content.decode()


def test_the_agents_home_card_shows_the_application(client_for, org, today):
    app = builders.submitted(org)
    html = client_for("agent").get(reverse("home")).content.decode()
    assert 'id="my-promotion"' in html and case_url(app) in html and "state-submitted" in html


def test_my_path_offers_the_open_cycle_but_not_on_someone_elses_path(client_for, org, today):
    c = builders.cycle(org)
    apply_url = reverse("promotion_apply", args=[c.pk])
    own = client_for("agent").get(reverse("my_path"))
    assert own.status_code == 200 and apply_url in own.content.decode()
    number = org.users["agent"].employee.number
    seen_by_lead = client_for("team_lead").get(reverse("person_path", args=[number]))
    assert seen_by_lead.status_code == 200 and apply_url not in seen_by_lead.content.decode()
