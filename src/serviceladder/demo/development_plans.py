"""Development plans for the demo (issue 14): a realistic share of the organisation has a plan, in every
state, written through the plan services as the people would (the lead or HR on the lead's side; the person
through their login where they have one — the demo's `agent` — and otherwise by recording the acceptance
the way the service does, since they cannot sign in).

- the demo `agent`: a plan in force since five months ago (version 1 superseded, version 2 agreed) with a
  training, a rotation into another team of the department, a project and a study group, some of them under
  way or done; and a version 3 draft that the lead has accepted — so "accept your plan" waits for them;
- the demo `lead`'s team: no plan, a draft the person accepted (waiting for the lead), plans in force with
  history, a closed plan (achieved, with the reason) and a new-hire plan from the template;
- a colleague of another team rotates into the lead's team, so "Hosted by you" shows it to the lead;
- in other teams every fourth agent has a plan HR drew up, in force or still a draft.
Dates are then moved into the past (a second statement, as for the confirmations), so the history reads
like months of work.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone, translation

from serviceladder.audit.services import Actor
from serviceladder.development.models import DevelopmentPlan, PlanAction, PlanVersion
from serviceladder.development.selectors.plans import offered_steps
from serviceladder.development.services.plan_actions import ActionInput, action_add, action_update_record
from serviceladder.development.services.plan_templates import plan_template_apply, templates_in_force
from serviceladder.development.services.plans import plan_accept, plan_close, plan_edit
from serviceladder.org.models import Employee, Team
from serviceladder.org.selectors import today as local_today

K = PlanAction.Kind
ASPIRATIONS = ["转岗到运营部，做活动策划", "将来想做质检专员", "希望转到数据分析岗位"]


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 15)))


def _person_accepts(employee: Employee) -> None:
    """The person's acceptance of their draft, recorded as plan_accept records it (demo people without a
    login cannot click); the lead's acceptance afterwards goes through the service and agrees the plan."""
    PlanVersion.objects.filter(plan__employee=employee, state=PlanVersion.State.DRAFT).update(
        agent_accepted_at=timezone.now()
    )


def _target(employee: Employee, today: dt.date, i: int) -> dict:
    steps = offered_steps(employee, today)
    if steps and i % 4 != 3:
        return {"target_level_code": steps[i % len(steps)].to_level}
    return {"aspiration": ASPIRATIONS[i % len(ASPIRATIONS)]}


def _horizons(i: int) -> dict:
    return {
        "horizon_short": ["提升一次解决率，独立处理复杂投诉", "熟悉在线渠道与工单系统", "带好一名新人"][
            i % 3
        ],
        "horizon_mid": ["成为组内骨干，能顶班", "取得内训师认证", "参与流程优化项目"][i % 3],
        "horizon_long": ["晋升为组长", "成为投诉处理专家", "转岗到运营部门"][i % 3],
    }


def _agree(lead: Actor, person: Employee, person_actor: Actor | None = None) -> None:
    if person_actor is not None:
        plan_accept(actor=person_actor, employee=person)
    else:
        _person_accepts(person)
    plan_accept(actor=lead, employee=person)


def _backdate(person: Employee, days_ago: list[int], today: dt.date) -> None:
    """Move the person's versions (oldest first) and their plan into the past: version n agreed
    `days_ago[n-1]` days ago (accepted the day before); the plan started a week before version 1."""
    versions = list(PlanVersion.objects.filter(plan__employee=person).order_by("plan_id", "number"))
    for v, ago in zip(versions, days_ago, strict=False):
        day = today - dt.timedelta(days=ago)
        v.created_at = _moment(day - dt.timedelta(days=7))
        if v.agent_accepted_at:
            v.agent_accepted_at = _moment(day - dt.timedelta(days=1), 16)
        if v.lead_accepted_at:
            v.lead_accepted_at = _moment(day, 9)
        if v.agreed_at:
            v.agreed_at = _moment(day, 9)
        v.save(update_fields=["created_at", "agent_accepted_at", "lead_accepted_at", "agreed_at"])
    if versions and days_ago:
        DevelopmentPlan.objects.filter(pk=versions[0].plan_id).update(
            created_at=_moment(today - dt.timedelta(days=days_ago[0] + 7))
        )


def _other_team(team: Team) -> Team | None:
    return (
        Team.objects.filter(department_id=team.department_id, lead__isnull=False)
        .exclude(pk=team.pk)
        .order_by("code")
        .first()
    )


def demo_development_plans_load(*, today: dt.date | None = None) -> int:
    """Write the demo's development plans (see the module); returns how many plans were made (0 when the
    demo logins are missing or the policy has development switched off)."""
    today = today or local_today()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["agent", "lead", "hr"])}
    if len(users) < 3 or not templates_in_force(today):
        return 0
    lead, hr = Actor(user=users["lead"], channel="cli"), Actor(user=users["hr"], channel="cli")
    agent_user = users["agent"]
    me, lead_emp = agent_user.employee, users["lead"].employee
    team = Team.objects.get(lead=lead_emp)
    host = _other_team(team)
    d = lambda days: today + dt.timedelta(days=days)  # noqa: E731
    with translation.override("zh-hans"):
        # The demo agent: version 1 from the direction review, version 2 with more actions, version 3 drafted.
        agent = Actor(user=agent_user, channel="cli")
        plan_template_apply(actor=lead, employee=me, code="direction-review")
        plan_edit(actor=agent, employee=me, **_target(me, today, 0), **_horizons(0))
        _agree(lead, me, agent)
        training = action_add(
            actor=lead,
            employee=me,
            data=ActionInput(
                kind=K.TRAINING,
                title="复杂问题与投诉处理",
                course_code="complex-cases",
                start_date=d(-100),
                end_date=d(-90),
            ),
        )
        if host is not None:
            action_add(
                actor=lead,
                employee=me,
                data=ActionInput(
                    kind=K.ROTATION,
                    title=f"到{host.name_zh}轮岗一个月",
                    host_team_id=host.pk,
                    start_date=d(-20),
                    end_date=d(10),
                ),
            )
        action_add(
            actor=agent,
            employee=me,
            data=ActionInput(
                kind=K.PROJECT, title="知识库投诉案例整理", role="案例编写", start_date=d(-60), end_date=d(30)
            ),
        )
        _agree(lead, me, agent)
        v2 = PlanVersion.objects.get(plan__employee=me, state=PlanVersion.State.AGREED)
        for a in v2.actions.all():
            if a.lineage == training.lineage:
                action_update_record(
                    actor=agent,
                    employee=me,
                    lineage=a.lineage,
                    status="done",
                    evidence="结业考试 92 分",
                    date=d(-88),
                )
            elif a.kind in (K.ROTATION, K.PROJECT):
                action_update_record(
                    actor=agent,
                    employee=me,
                    lineage=a.lineage,
                    status="in_progress",
                    evidence="已开始",
                    date=d(-5),
                )
        action_add(
            actor=lead,
            employee=me,
            data=ActionInput(
                kind=K.MANAGEMENT_TASK,
                title="每周组织一次案例学习会",
                task="study_group",
                start_date=d(14),
                end_date=d(104),
            ),
        )
        plan_accept(actor=lead, employee=me)
        _backdate(me, [150, 60], today)
        made = 1

        # The lead's team, in every state.
        members = list(
            Employee.objects.filter(team=team, leave_date__isnull=True)
            .exclude(pk__in=[me.pk, lead_emp.pk])
            .order_by("number")
        )
        for i, person in enumerate(members):
            kind = i % 5
            if kind == 0:
                continue  # no plan yet
            made += 1
            if kind == 4:
                plan_template_apply(actor=lead, employee=person, code="new-hire")
                plan_edit(actor=lead, employee=person, **_target(person, today, i), **_horizons(i))
                _agree(lead, person)
                _backdate(person, [40], today)
                continue
            plan_edit(actor=lead, employee=person, **_target(person, today, i), **_horizons(i))
            action_add(
                actor=lead,
                employee=person,
                data=ActionInput(
                    kind=K.SELF_STUDY, title="每周学习两篇知识库文章", start_date=d(-30), end_date=d(60)
                ),
            )
            if kind == 1:
                _person_accepts(person)  # waits for the lead
                continue
            _agree(lead, person)
            action_add(
                actor=lead,
                employee=person,
                data=ActionInput(
                    kind=K.MANAGEMENT_TASK,
                    title="带一名新人",
                    task="newcomer",
                    start_date=d(-10),
                    end_date=d(80),
                ),
            )
            if kind == 2:
                action_add(
                    actor=lead,
                    employee=person,
                    data=ActionInput(
                        kind=K.VISIT, title="参观运营部", host_team_id=_other_department_team(team)
                    ),
                )
            _agree(lead, person)
            _backdate(person, [200, 45], today)
            if kind == 3:
                plan_close(
                    actor=lead, employee=person, outcome="achieved", reason="已晋升为高级客服，目标达成"
                )

        # A colleague of another team rotates into the lead's team: "Hosted by you".
        if host is not None:
            guest = (
                Employee.objects.filter(team=host, leave_date__isnull=True)
                .exclude(pk=host.lead_id)
                .order_by("number")
                .first()
            )
            if guest is not None:
                made += 1
                plan_edit(actor=hr, employee=guest, **_target(guest, today, 1), **_horizons(1))
                action_add(
                    actor=hr,
                    employee=guest,
                    data=ActionInput(
                        kind=K.ROTATION,
                        title=f"到{team.name_zh}轮岗",
                        host_team_id=team.pk,
                        start_date=d(-7),
                        end_date=d(50),
                    ),
                )
                _agree(hr, guest)
                _backdate(guest, [10], today)

        # Elsewhere: every fourth agent has a plan HR drew up.
        others = (
            Employee.objects.filter(leave_date__isnull=True, team__isnull=False)
            .exclude(Q(team=team) | Q(team=host) | Q(pk__in=Team.objects.values("lead")))
            .exclude(development_plans__isnull=False)
            .order_by("number")
        )
        for i, person in enumerate(others):
            if i % 4:
                continue
            made += 1
            plan_edit(actor=hr, employee=person, **_target(person, today, i), **_horizons(i))
            if i % 8 == 0:
                _agree(hr, person)
                _backdate(person, [90 + i % 60], today)
    return made


def _other_department_team(team: Team) -> int | None:
    return (
        Team.objects.exclude(department_id=team.department_id)
        .order_by("code")
        .values_list("pk", flat=True)
        .first()
    )
