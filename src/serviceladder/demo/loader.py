"""Write a generated demo organisation to the database: bulk inserts in one transaction, one audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from serviceladder.accounts.models import RoleGrant
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor, audit_record
from serviceladder.demo.confirmations import competency_confirmations
from serviceladder.demo.content import REASONS_EN, TRAINING_NAMES_EN, YEARS_OF_HISTORY
from serviceladder.demo.development_assessments import demo_assessments_load
from serviceladder.demo.development_conversations import demo_conversations_load
from serviceladder.demo.development_goals import demo_goals_load
from serviceladder.demo.development_mentoring import demo_development_mentoring
from serviceladder.demo.development_plans import demo_development_plans_load
from serviceladder.demo.generator import DEMO_PASSWORD, DemoOrganisation
from serviceladder.demo.learning_catalogue import demo_catalogue_load
from serviceladder.demo.learning_complete import demo_promotion_trainings_load
from serviceladder.demo.learning_curricula import demo_curricula_load
from serviceladder.demo.learning_enrolments import demo_enrolments_load
from serviceladder.demo.learning_exams import demo_exams_load
from serviceladder.demo.learning_renewals import demo_renewals_load
from serviceladder.demo.promotions import demo_promotions_load
from serviceladder.demo.queues import demo_queue_figures
from serviceladder.demo.recognition_coaching import demo_coaching_load
from serviceladder.demo.recognition_improvement import demo_improvement_load
from serviceladder.demo.recognition_pay import demo_pay_load
from serviceladder.demo.recognition_received import demo_recognition_load
from serviceladder.demo.recognition_stars import demo_stars_load
from serviceladder.demo.wellbeing_activities import demo_activities_load
from serviceladder.demo.wellbeing_cases import demo_wellbeing_cases_load
from serviceladder.demo.wellbeing_pulse import demo_pulse_load
from serviceladder.demo.wellbeing_signals import demo_wellbeing_signals_load
from serviceladder.demo.wellbeing_voice import demo_voice_load
from serviceladder.development.models import Assessment, Rating
from serviceladder.ladder.models import Level, Track
from serviceladder.learning.models import Completion, Course
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import rankings_compute
from serviceladder.org.models import (
    Department,
    Education,
    Employee,
    ExamResult,
    LevelAssignment,
    PayRecord,
    Team,
    Violation,
)
from serviceladder.policy.models import PolicyVersion
from serviceladder.policy.presets import preset_text
from serviceladder.policy.selectors import policy_parsed
from serviceladder.policy.services import policy_load

DEMO_LOAD_ACTION = "demo.load"
BATCH = 500


@dataclass(frozen=True)
class LoadSummary:
    departments: int
    teams: int
    employees: int
    level_assignments: int
    monthly_metrics: int
    exam_results: int
    violations: int
    trainings: int
    pay_records: int
    education: int
    users: int
    competency_confirmations: int


def _both(zh: str, english: dict[str, str]) -> dict:
    """A demo reason in both languages (core.translatable spec), or {} when it has no English form."""
    return {"zh": zh, "en": english[zh]} if zh in english else {}


def demo_loaded() -> bool:
    """Whether this database holds a demo organisation (written by `demo_load`)."""
    return AuditEvent.objects.filter(action=DEMO_LOAD_ACTION).exists()


DEMO_POLICY_PRESET = "cn-standard"


def _policy(org: DemoOrganisation, actor: Actor) -> PolicyVersion:
    """The demo runs on the cn-standard preset, in force from the start of the demo's history."""
    effective = dt.date(org.today.year - YEARS_OF_HISTORY - 1, 1, 1)
    return policy_load(
        actor=actor,
        text=preset_text(DEMO_POLICY_PRESET),
        effective=effective,
        source_name=f"preset:{DEMO_POLICY_PRESET}",
        note="demo",
    ).version


def _ladder(org: DemoOrganisation) -> dict[str, Level]:
    """Tracks and levels by code, as the loaded policy made them (created only if the policy lacks one)."""
    tracks = {}
    for t in org.tracks:
        tracks[t.code], _created = Track.objects.get_or_create(
            code=t.code,
            defaults={"kind": t.kind, "name_zh": t.name_zh, "name_en": t.name_en, "order": t.order},
        )
    levels = {}
    for lv in org.levels:
        levels[lv.code], _created = Level.objects.get_or_create(
            code=lv.code,
            defaults={
                "track": tracks[lv.track],
                "rank": lv.rank,
                "name_zh": lv.name_zh,
                "name_en": lv.name_en,
                "is_supervisory": lv.is_supervisory,
            },
        )
    return levels


def _confirmations(org, version: PolicyVersion, emp: dict, user_by_name: dict) -> list[Rating]:
    """The superiors' competency confirmations (demo.confirmations) as the superior's ratings of skill
    assessments, dated in the past: `opened_at` is set on creation, so it is dated in a second statement."""
    specs = competency_confirmations(org, policy_parsed(version))
    login_of = {login.employee: login.username for login in org.logins}
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                employee=emp[c.employee],
                target_level_code=c.target_level,
                policy_version=version,
                opened_by=user_by_name.get(login_of.get(c.confirmed_by)),
            )
            for c in specs
        ],
        batch_size=BATCH,
    )
    ratings = []
    for a, c in zip(assessments, specs, strict=True):
        a.opened_at = timezone.make_aware(dt.datetime.combine(c.confirmed_on, dt.time(c.hour, 30)))
        ratings.append(
            Rating(
                assessment=a,
                group=Rating.Group.SUPERIOR,
                scores=c.ratings,
                rated_at=a.opened_at,
                rated_by=user_by_name.get(login_of.get(c.confirmed_by)),
                rated_by_label=login_of.get(c.confirmed_by) or emp[c.confirmed_by].name,
            )
        )
    Assessment.objects.bulk_update(assessments, ["opened_at"], batch_size=BATCH)
    return Rating.objects.bulk_create(ratings, batch_size=BATCH)


@transaction.atomic
def demo_load(*, org: DemoOrganisation, actor: Actor) -> LoadSummary:
    """Insert the organisation into an empty database. Demo logins share DEMO_PASSWORD."""
    version = _policy(org, actor)
    levels = _ladder(org)
    departments = Department.objects.bulk_create(
        [Department(code=d.code, name_zh=d.name_zh, name_en=d.name_en) for d in org.departments]
    )
    dept_by_code = {d.code: d for d in departments}
    teams = Team.objects.bulk_create(
        [
            Team(department=dept_by_code[t.department], code=t.code, name_zh=t.name_zh, name_en=t.name_en)
            for t in org.teams
        ]
    )
    team_by_code = {t.code: t for t in teams}
    employees = Employee.objects.bulk_create(
        [
            Employee(
                number=p.number,
                name=p.name,
                team=team_by_code[p.team] if p.team else None,
                hire_date=p.hire_date,
                prior_experience_months=p.prior_experience_months,
                channels=p.channels,
                languages=p.languages,
                email=p.email,
            )
            for p in org.people
        ],
        batch_size=BATCH,
    )
    emp = {e.number: e for e in employees}

    # Links between people: managers, team leads, department heads.
    for p in org.people:
        emp[p.number].manager = emp[p.manager] if p.manager else None
    Employee.objects.bulk_update(
        [emp[p.number] for p in org.people if p.manager], ["manager"], batch_size=BATCH
    )
    for spec in org.teams:
        team_by_code[spec.code].lead = emp[spec.lead]
    Team.objects.bulk_update(teams, ["lead"])
    for spec in org.departments:
        dept_by_code[spec.code].head = emp[spec.head]
    Department.objects.bulk_update(departments, ["head"])

    # Logins: the password is hashed once; every demo user shares it.
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    users = User.objects.bulk_create(
        [
            User(username=login.username, password=password, email=emp[login.employee].email)
            for login in org.logins
        ]
    )
    user_by_name = {u.username: u for u in users}
    for login in org.logins:
        emp[login.employee].user = user_by_name[login.username]
    Employee.objects.bulk_update([emp[login.employee] for login in org.logins], ["user"])
    RoleGrant.objects.bulk_create(
        [
            RoleGrant(user=user_by_name[login.username], role=role)
            for login in org.logins
            for role in login.roles
        ]
    )

    # the demo's training records are completions, of the catalogue's course where one has the same name
    courses = {
        name.strip().lower(): c
        for c in Course.objects.all()
        for name in (c.code, c.name_zh, c.name_en)
        if name
    }
    rows = {
        LevelAssignment: [
            LevelAssignment(
                employee=emp[p.number],
                level=levels[c.level],
                effective_from=c.effective_from,
                reason=c.reason,
                reason_message=_both(c.reason, REASONS_EN),
            )
            for p in org.people
            for c in p.levels
        ],
        Education: [Education(employee=emp[p.number], **asdict(e)) for p in org.people for e in p.education],
        PayRecord: [
            PayRecord(employee=emp[p.number], reason_message=_both(x.reason, REASONS_EN), **asdict(x))
            for p in org.people
            for x in p.pay
        ],
        Violation: [Violation(employee=emp[p.number], **asdict(v)) for p in org.people for v in p.violations],
        ExamResult: [ExamResult(employee=emp[p.number], **asdict(x)) for p in org.people for x in p.exams],
        Completion: [
            Completion(
                employee=emp[p.number],
                course=courses.get(t.name.strip().lower()),
                name_alt=TRAINING_NAMES_EN.get(t.name, ""),
                source=Completion.Source.IMPORT,
                **asdict(t),
            )
            for p in org.people
            for t in p.trainings
        ],
        MonthlyMetric: [
            MonthlyMetric(employee=emp[p.number], source=MonthlyMetric.Source.DEMO, **asdict(m))
            for p in org.people
            for m in p.metrics
        ],
    }
    for model, objs in rows.items():
        model.objects.bulk_create(objs, batch_size=BATCH)
    demo_queue_figures(org, dept_by_code)
    confirmations = _confirmations(org, version, emp, user_by_name)
    demo_assessments_load(org)  # skill assessment history and peer rounds (demo/development_assessments.py)
    # Performance scores and peer-group ranks per the demo policy, as an import would leave them.
    rankings_compute(actor=None)
    # A promotion cycle open today, with applications on their way (demo/promotions.py).
    demo_promotions_load()
    demo_development_plans_load()  # development plans in every state (demo/development_plans.py)
    demo_conversations_load(seed=org.seed, today=org.today)  # demo/development_conversations.py
    demo_goals_load()  # SMART goals on the lead's team's plans (demo/development_goals.py)
    demo_development_mentoring(org)  # mentors, their sessions and the development record
    demo_recognition_load(org)  # recognition and customer compliments (demo/recognition_received.py)
    demo_stars_load(today=org.today)  # two published star periods, one computed (demo/recognition_stars.py)
    demo_pay_load(org)  # an approved and a proposed bonus month (demo/recognition_pay.py), after the stars
    demo_coaching_load(today=org.today)  # coaching tasks from KPI drops (demo/recognition_coaching.py)
    demo_improvement_load(org.today)  # proposals and one active plan (demo/recognition_improvement.py)
    demo_pulse_load(org, actor)  # two closed pulse cycles, one team folded, and this month's open
    demo_wellbeing_signals_load(seed=org.seed, today=org.today)  # stages, signals (demo/wellbeing_signals.py)
    demo_voice_load(org.today)  # voice items open, answered and overdue (demo/wellbeing_voice.py)
    demo_wellbeing_cases_load(org.today)  # open cases with actions, one closed (demo/wellbeing_cases.py)
    demo_activities_load(today=org.today)  # past and coming team activities (demo/wellbeing_activities.py)
    demo_catalogue_load()  # about 20 courses, a certification, a trainer grant (demo/learning_catalogue.py)
    demo_curricula_load(today=org.today)  # the new-hire curriculum in progress (demo/learning_curricula.py)
    demo_exams_load(today=org.today)  # the knowledge exam with attempts, one to mark (demo/learning_exams.py)
    demo_enrolments_load(
        today=org.today
    )  # sessions to mark, a waiting list, an online course (learning_enrolments)
    demo_promotion_trainings_load(
        org.today
    )  # promotion trainings completed and open (demo/learning_complete.py)
    demo_renewals_load(org.today)  # a certification renewing, one lapsed (demo/learning_renewals.py)

    summary = LoadSummary(
        departments=len(departments),
        teams=len(teams),
        employees=len(employees),
        level_assignments=len(rows[LevelAssignment]),
        monthly_metrics=len(rows[MonthlyMetric]),
        exam_results=len(rows[ExamResult]),
        violations=len(rows[Violation]),
        trainings=len(rows[Completion]),
        pay_records=len(rows[PayRecord]),
        education=len(rows[Education]),
        users=len(users),
        competency_confirmations=len(confirmations),
    )
    audit_record(
        actor=actor,
        action=DEMO_LOAD_ACTION,
        after={
            "seed": org.seed,
            "months": [org.months[0], org.months[-1]] if org.months else [],
            "logins": [login.username for login in org.logins],
            **asdict(summary),
        },
        reason="demo organisation",
    )
    return summary
