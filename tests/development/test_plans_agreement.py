"""The agreed-version rule: both sides accept the same version; an edit withdraws acceptances; the agreed
version stays in force while a new draft is discussed; every agreed version is kept."""

from __future__ import annotations

import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.development.models import DevelopmentPlan, PlanVersion
from serviceladder.development.plan_changes import version_changes
from serviceladder.development.plan_errors import (
    ALREADY_ACCEPTED,
    CLOSE_REASON,
    DRAFT_MOVED,
    NEEDS_TARGET,
    UNKNOWN_TARGET,
    PlanInvalid,
    PlanStepInvalid,
)
from serviceladder.development.selectors.plans import (
    draft_fingerprint,
    offered_steps,
    plan_versions,
    plan_view,
    version_snapshot,
)
from serviceladder.development.services.plans import plan_accept, plan_close, plan_edit
from tests.development.plans_setup import agreed_plan, as_, draft_plan, plan_org

pytestmark = pytest.mark.django_db


def test_both_must_accept_the_same_version_and_an_edit_withdraws_acceptance():
    org = plan_org()
    person = org.employees["E2003"]
    draft = draft_plan(org)
    plan_accept(actor=as_(org, "agent"), employee=person)
    plan_edit(actor=as_(org, "team_lead"), employee=person, target_level_code="L3", horizon_short="改了")
    draft.refresh_from_db()
    assert draft.agent_accepted_at is None  # the person accepted other words
    plan_accept(actor=as_(org, "team_lead"), employee=person)
    draft.refresh_from_db()
    assert (draft.state, draft.plan.status) == ("draft", "draft")
    plan_accept(actor=as_(org, "agent"), employee=person)
    draft.refresh_from_db()
    assert (draft.state, draft.plan.status) == ("agreed", "active")
    assert draft.agreed_at is not None
    assert AuditEvent.objects.filter(action="development.plan_agree", employee=person).count() == 1


def test_the_agreed_version_stays_in_force_while_a_new_draft_is_edited_then_is_superseded():
    org = plan_org()
    person = org.employees["E2003"]
    v1 = agreed_plan(org)
    v2 = plan_edit(actor=as_(org, "agent"), employee=person, aspiration="转岗到运营部", horizon_short="学")
    view = plan_view(person)
    assert (view.in_force, view.draft) == (v1, v2)
    assert view.plan.status == "active"
    plan_accept(actor=as_(org, "agent"), employee=person)
    assert plan_view(person).in_force == v1  # one side only: still version 1
    plan_accept(actor=as_(org, "hr"), employee=person)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.state, v2.state) == ("superseded", "agreed")
    assert [v.number for v in plan_versions(v2.plan)] == [2, 1]  # both kept
    changes = version_changes(version_snapshot(v1), version_snapshot(v2))
    assert [(c.kind, c.change) for c in changes] == [("target", "changed")]


def test_accepting_twice_or_a_changed_draft_or_without_target_is_refused_and_writes_nothing():
    org = plan_org()
    person = org.employees["E2003"]
    draft = draft_plan(org)
    seen = draft_fingerprint(draft)
    plan_edit(actor=as_(org, "team_lead"), employee=person, target_level_code="L3", horizon_short="新的")
    before = AuditEvent.objects.count()
    with pytest.raises(PlanStepInvalid) as exc:
        plan_accept(actor=as_(org, "agent"), employee=person, fingerprint=seen)
    assert exc.value.message == DRAFT_MOVED
    draft.refresh_from_db()
    assert draft.agent_accepted_at is None and AuditEvent.objects.count() == before
    plan_accept(actor=as_(org, "agent"), employee=person, fingerprint=draft_fingerprint(draft))
    with pytest.raises(PlanStepInvalid) as exc:
        plan_accept(actor=as_(org, "agent"), employee=person)
    assert exc.value.message == ALREADY_ACCEPTED
    other = org.employees["E2004"]
    plan_edit(actor=as_(org, "team_lead"), employee=other, horizon_short="先熟悉业务")
    with pytest.raises(PlanInvalid) as exc:
        plan_accept(actor=as_(org, "team_lead"), employee=other)
    assert exc.value.message == NEEDS_TARGET


def test_the_target_is_a_step_the_policy_offers_from_the_persons_level():
    org = plan_org()
    person = org.employees["E2003"]  # at L2: L3 (promotion) and X1 (lateral) are offered
    assert [(s.to_level, s.kind) for s in offered_steps(person, dt.date.today())] == [
        ("L3", "promotion"),
        ("X1", "lateral"),
    ]
    with pytest.raises(PlanInvalid) as exc:
        plan_edit(actor=as_(org, "agent"), employee=person, target_level_code="L2")
    assert exc.value.message == UNKNOWN_TARGET
    assert not DevelopmentPlan.objects.exists()
    draft = plan_edit(actor=as_(org, "agent"), employee=person, target_level_code="X1", aspiration="ignored")
    assert (draft.target_level_code, draft.aspiration) == ("X1", "")


def test_closing_needs_a_reason():
    org = plan_org()
    agreed_plan(org)
    with pytest.raises(PlanInvalid) as exc:
        plan_close(
            actor=as_(org, "team_lead"), employee=org.employees["E2003"], outcome="changed", reason=" "
        )
    assert exc.value.message == CLOSE_REASON
    assert DevelopmentPlan.objects.get().status == "active"
    assert PlanVersion.objects.get().state == "agreed"


def test_the_audit_log_tells_the_plan_story_in_both_languages():
    from django.utils import translation

    from serviceladder.audit.models import AuditEvent
    from serviceladder.web.audit_text import readable_events

    org = plan_org()
    agreed_plan(org)
    plan_close(actor=as_(org, "hr"), employee=org.employees["E2003"], outcome="achieved", reason="已晋升")
    events = AuditEvent.objects.filter(action__startswith="development.").order_by("pk")
    with translation.override("en"):
        text = [e.sentence for e in readable_events(events, viewer=org.users["hr"])]
    assert any("is agreed and in force" in t for t in text)
    assert any("development plan (achieved)" in t for t in text)
    with translation.override("zh-hans"):
        text = [e.sentence for e in readable_events(events, viewer=org.users["hr"])]
    assert any("已达成一致并生效" in t for t in text)
    assert "赵敏 关闭了李娜的发展计划（已达成）" in text  # the outcome by its label, not its code
