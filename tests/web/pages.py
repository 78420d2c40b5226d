"""Every named route of serviceladder.urls, with how to request it and which roles get a 200.

A route missing from ROUTES makes test_every_route_is_in_the_table fail, so new pages cannot skip the matrix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

ALL = frozenset({"agent", "team_lead", "department_head", "hr", "management", "admin", "none"})
WITH_ROLE = ALL - {"none"}
ELIGIBILITY_LISTS = frozenset({"team_lead", "department_head", "hr", "management"})


@dataclass(frozen=True)
class Case:
    kwargs: Callable  # (org, role_key) -> dict
    allowed: frozenset[str]  # role keys that get `ok_status`
    ok_status: int = 200
    denied_status: frozenset[int] = frozenset({403, 404})
    query: str = ""
    label: str = ""


def _none(org, role):
    return {}


def _number(number):
    return lambda org, role: {"number": number}


def _with_policy(kwargs_fn):
    """Routes that read the policy: make sure one is in force before the request."""

    def build(org, role):
        from tests.web.org import ensure_policy

        ensure_policy(org)
        return kwargs_fn(org, role)

    return build


def _own_number(org, role):
    emp = getattr(org.users[role], "employee", None)
    return {"number": emp.number if emp else "E9999"}


def _policy_draft(org, role):
    from serviceladder.policy.models import PolicyDraft, PolicyVersion

    version = PolicyVersion.objects.order_by("number").first()
    draft, _created = PolicyDraft.objects.get_or_create(
        name="权限矩阵草案", defaults={"base_version": version, "content": version.content}
    )
    return {"pk": draft.pk}


def _code(code):
    return lambda org, role: {"code": code}


def _import_job_for(user, **fields):
    from serviceladder.metrics.models import ImportJob

    return ImportJob.objects.create(kind="metrics", file_name="kpi.csv", created_by=user, **fields)


def _own_import_job(org, role):
    return {"pk": _import_job_for(org.users[role]).pk}


def _hr_import_job(org, role):
    return {"pk": _import_job_for(org.users["hr"]).pk}


QUEUE_ROLES = frozenset({"department_head", "hr", "management"})


def _queue_figures(org, role):
    """Queue figures of two months: one queue per department and one assigned to none."""
    from serviceladder.metrics.models import QueueMonthlyFigure

    for month in ("2026-01", "2026-02"):
        for queue, department in (("热线", "a"), ("投诉", "b"), ("NO_QUEUE", None)):
            QueueMonthlyFigure.objects.get_or_create(
                queue=queue,
                month=month,
                defaults={
                    "department": org.departments[department] if department else None,
                    "offered": 10,
                    "answered": 8,
                    "abandoned": 2,
                    "unassigned": 1,
                    "abandon_rate": 0.2,
                    "service_level": 0.7,
                },
            )
    return {}


def _notification_for(user):
    from serviceladder.notifications.models import Notification

    return Notification.objects.create(
        recipient=user, kind="test.notice", title="班组例会通知", url="/ladder/"
    )


def _own_notification(org, role):
    return {"pk": _notification_for(org.users[role]).pk}


def _hr_notification(org, role):
    return {"pk": _notification_for(org.users["hr"]).pk}


def _promo_api(name):
    """A kwargs builder from tests.api.promotion_builders (promotion cases made through the services)."""

    def build(org, role):
        from tests.api import promotion_builders

        return getattr(promotion_builders, name)(org, role)

    return build


def _attach(name):
    """A kwargs builder from tests.promotions_attachments.builders (cases with attachments)."""

    def build(org, role):
        from tests.promotions_attachments import builders

        return getattr(builders, name)(org, role)

    return build


PERSON_OWN = frozenset({"agent", "team_lead", "department_head", "hr", "management"})
PERFORMANCE_A1 = frozenset({"team_lead", "department_head", "hr", "management"})
IMPORT_KINDS = (
    "metrics",
    "interactions",
    "roster",
    "teams",
    "pay",
    "exams",
    "violations",
    "trainings",
    "courses",
    "enrolments",
)

ROUTES: dict[str, list[Case]] = {
    "login": [Case(_none, ALL)],
    # logout is POST only; a GET is refused for everyone
    "logout": [Case(_none, frozenset(), denied_status=frozenset({405}))],
    "healthz": [Case(_none, ALL)],
    "set_language": [Case(_none, ALL, ok_status=302)],
    "home": [Case(_none, ALL)],
    "people": [
        Case(
            _none,
            frozenset({"team_lead", "department_head", "hr", "management", "admin"}),
            denied_status={403},
        ),
        Case(
            _none,
            frozenset({"team_lead", "department_head", "hr", "management", "admin"}),
            query="?q=E20&page=1",
            denied_status={403},
            label="search",
        ),
    ],
    "person": [
        # a member of team A1 in department A
        Case(
            _number("E2004"),
            frozenset({"team_lead", "department_head", "hr", "management", "admin"}),
            label="a1",
        ),
        # a member of department B
        Case(_number("E2006"), frozenset({"hr", "management", "admin"}), label="b1"),
        # one's own profile: everyone with a role and an employee record
        Case(
            _own_number, frozenset({"agent", "team_lead", "department_head", "hr", "management"}), label="own"
        ),
        Case(_number("E0000"), frozenset(), denied_status={404}, label="missing"),
    ],
    "person_audit": [
        Case(_number("E2003"), frozenset({"hr"})),
        Case(_number("E0000"), frozenset(), label="missing"),
    ],
    "audit": [Case(_none, frozenset({"hr"}), denied_status={403})],
    "audit_export": [
        Case(lambda org, role: {"fmt": "csv"}, frozenset({"hr"}), denied_status={403}, label="csv"),
        Case(lambda org, role: {"fmt": "xlsx"}, frozenset({"hr"}), denied_status={403}, label="xlsx"),
    ],
    "users": [Case(_none, frozenset({"hr", "admin"}), denied_status={403})],
    "signin_unlock": [Case(_none, frozenset(), denied_status=frozenset({405}))],  # POST only
    "login_new": [
        Case(_none, frozenset({"hr", "admin"}), denied_status={403}),
        Case(
            _none, frozenset({"hr", "admin"}), denied_status={403}, query="?employee=E2004", label="suggest"
        ),
    ],
    "team_logins": [Case(_none, frozenset({"hr", "admin"}), denied_status={403})],
    "login_detail": [
        Case(lambda org, role: {"username": "lina"}, frozenset({"hr", "admin"}), denied_status={403}),
        Case(lambda org, role: {"username": "nobody"}, frozenset(), label="missing"),
    ],
    "employee_edit": [
        Case(_number("E2003"), frozenset({"hr"}), denied_status={403}),
        Case(_number("E0000"), frozenset(), label="missing"),
    ],
    # a one-time link that does not exist (or is spent): the same 404 for everyone
    "welcome": [Case(lambda org, role: {"key": "no-such-key"}, frozenset(), denied_status={404})],
    "account_password": [Case(_none, ALL)],
    "password_reset": [Case(_none, ALL)],
    "password_reset_done": [Case(_none, ALL)],
    "password_reset_complete": [Case(_none, ALL)],
    "password_reset_confirm": [Case(lambda org, role: {"uidb64": "MQ", "token": "set-password"}, ALL)],
    "imports": [Case(_none, frozenset({"hr", "admin"}), denied_status={403})],
    "import_job": [
        Case(_own_import_job, frozenset({"hr", "admin"}), label="own"),
        Case(_hr_import_job, frozenset({"hr"}), label="hr's"),
    ],
    "import_job_status": [
        Case(_own_import_job, frozenset({"hr", "admin"}), label="own"),
        Case(_hr_import_job, frozenset({"hr"}), label="hr's"),
    ],
    "import_job_problems": [
        Case(_own_import_job, frozenset({"hr", "admin"}), label="own"),
        Case(_hr_import_job, frozenset({"hr"}), label="hr's"),
    ],
    # templates: whoever may import the kind (pay, disciplinary records, the course catalogue: HR only), in
    # both formats
    "import_template": [
        *(
            Case(
                lambda org, role, kind=kind, fmt=fmt: {"kind": kind, "fmt": fmt},
                frozenset({"hr"} if kind in {"pay", "violations", "courses"} else {"hr", "admin"}),
                label=f"{kind}.{fmt}",
            )
            for kind in IMPORT_KINDS
            for fmt in ("csv", "xlsx")
        ),
        Case(
            lambda org, role: {"kind": "roster", "fmt": "xlsx"},
            frozenset({"hr", "admin"}),
            query="?lang=en",
            label="english",
        ),
        Case(lambda org, role: {"kind": "calendar", "fmt": "csv"}, frozenset(), label="unknown kind"),
        Case(lambda org, role: {"kind": "roster", "fmt": "xls"}, frozenset(), label="unknown format"),
    ],
    "team_ranking": [
        Case(_code("a1"), frozenset({"team_lead", "department_head", "hr", "management"}), label="a1"),
        Case(_code("b1"), frozenset({"hr", "management"}), label="b1"),
        Case(_code("zz"), frozenset(), denied_status={404}, label="missing"),
        Case(
            _code("a1"),
            frozenset({"team_lead", "department_head", "hr", "management"}),
            query="?month=1999-01",
            label="unknown month",
        ),
    ],
    # the ladder is for everyone with a role (agents see their path); with and without a policy loaded
    "ladder": [
        Case(_none, WITH_ROLE, denied_status={403}, label="no-policy"),
        Case(_with_policy(_none), WITH_ROLE, denied_status={403}, label="policy"),
        Case(_with_policy(_none), WITH_ROLE, denied_status={403}, query="?level=L2", label="selected"),
    ],
    "ladder_level": [
        Case(_with_policy(lambda org, role: {"code": "L2"}), WITH_ROLE, denied_status={403}),
        Case(_with_policy(lambda org, role: {"code": "NOPE"}), frozenset(), label="missing"),
    ],
    "policy_history": [
        Case(_none, frozenset({"hr", "management", "admin"}), denied_status={403}, label="empty"),
        Case(_with_policy(_none), frozenset({"hr", "management", "admin"}), denied_status={403}),
    ],
    "policy_diff": [
        Case(_with_policy(_none), frozenset({"hr", "management", "admin"}), denied_status={403}),
        Case(
            _with_policy(_none),
            frozenset({"hr", "management", "admin"}),
            denied_status={403},
            query="?a=v1&b=v1",
            label="same",
        ),
    ],
    "policy_version": [
        Case(
            _with_policy(lambda org, role: {"number": 1}),
            frozenset({"hr", "management", "admin"}),
            denied_status={403},
        ),
        Case(
            _with_policy(lambda org, role: {"number": 99}),
            frozenset(),
            denied_status={403, 404},
            label="missing",
        ),
    ],
    "policy_edit": [
        Case(_none, frozenset({"hr"}), denied_status={403}, label="no-policy"),
        Case(_with_policy(_none), frozenset({"hr"}), denied_status={403}),
    ],
    # HR drafts the policy, management weighs promotions against headcount; nothing is stored
    "policy_whatif": [
        Case(_none, frozenset({"hr", "management"}), denied_status={403}, label="no-policy"),
        Case(_with_policy(_none), frozenset({"hr", "management"}), denied_status={403}),
    ],
    # policy drafts: the what-if roles (HR, management); a draft nobody may see is 404 like a missing one
    "policy_drafts": [Case(_none, frozenset({"hr", "management"}), denied_status={403})],
    "policy_draft_new": [
        Case(_none, frozenset({"hr", "management"}), denied_status={403}, label="no-policy"),
        Case(_with_policy(_none), frozenset({"hr", "management"}), denied_status={403}),
    ],
    "policy_draft": [Case(_with_policy(_policy_draft), frozenset({"hr", "management"}), denied_status={403})],
    "policy_draft_result": [
        Case(_with_policy(_policy_draft), frozenset({"hr", "management"}), denied_status={403})
    ],
    # a member of team A1: their lead, their department head and HR; never the person themselves
    "competency_confirm": [
        Case(
            _with_policy(_number("E2003")),
            frozenset({"team_lead", "department_head", "hr"}),
            ok_status=302,
            query="?level=L3",
            label="a1",
        ),
        # department B: no lead or head among the test users, so HR only
        Case(_with_policy(_number("E2006")), frozenset({"hr"}), ok_status=302, query="?level=L2", label="b1"),
        Case(_with_policy(_own_number), frozenset(), label="own"),
    ],
    # a career conversation: the person's lead, the head for a team without a lead, HR; never the person
    "conversation_record": [
        Case(_with_policy(_number("E2003")), frozenset({"team_lead", "hr"}), label="a1"),
        Case(_number("E2005"), frozenset({"department_head", "hr"}), label="a2-no-lead"),
        Case(_own_number, frozenset(), label="own"),
    ],
    # skill assessments: the superior's rating as competency_confirm; the self-rating by the person only
    "assessment_rate": [
        Case(
            _with_policy(lambda org, role: {"number": "E2003", "group": "superior"}),
            frozenset({"team_lead", "department_head", "hr"}),
            query="?level=L3",
            label="superior",
        ),
        Case(
            _with_policy(lambda org, role: {**_own_number(org, role), "group": "self"}),
            frozenset({"agent", "team_lead", "department_head", "hr", "management"}),
            label="self",
        ),
        Case(
            _with_policy(lambda org, role: {"number": "E2003", "group": "self"}),
            frozenset({"agent"}),
            label="other",
        ),
    ],
    # peers are chosen by whoever leads the person's development: their team lead, HR
    "assessment_peers": [Case(_with_policy(_number("E2003")), frozenset({"team_lead", "hr"}))],
    # a peer's form opens only for the invited peer (tests/development/test_assessment_pages.py)
    "peer_rating": [Case(lambda org, role: {"token": "no-such-invitation"}, frozenset())],
    # notifications: everyone with a login has their own list; another person's notification is 404
    "notifications": [
        Case(_none, ALL),
        Case(_none, ALL, query="?unread=1&page=2", label="unread"),
    ],
    "notifications_bell": [Case(_none, ALL)],
    "notification_open": [
        Case(_own_notification, ALL, ok_status=302, label="own"),
        Case(_hr_notification, frozenset({"hr"}), ok_status=302, denied_status={404}, label="hr's"),
    ],
    # POST only
    "notifications_read_all": [Case(_none, frozenset(), denied_status=frozenset({405}))],
    # Account → API tokens: one's own
    "api_tokens": [Case(_none, ALL)],
    "api_token_revoke": [Case(lambda org, role: {"pk": 1}, frozenset(), denied_status=frozenset({405}))],
    "api_tokens_all": [Case(_none, frozenset({"hr", "admin"}), denied_status=frozenset({403}))],
    "api_token_revoke_any": [
        Case(lambda org, role: {"pk": 1}, frozenset(), denied_status=frozenset({405}))
    ],  # POST only
    # Queue figures: HR, management and department heads (their department's queues); never an admin.
    "queues": [
        Case(_none, QUEUE_ROLES, denied_status={403}, label="empty"),
        Case(_queue_figures, QUEUE_ROLES, denied_status={403}, label="latest"),
        Case(_queue_figures, QUEUE_ROLES, denied_status={403}, query="?month=all", label="all"),
        Case(_queue_figures, QUEUE_ROLES, denied_status={403}, query="?month=1999-01", label="unknown"),
        Case(_queue_figures, QUEUE_ROLES, denied_status={403}, query="?month=2026-01&lang=en", label="en"),
    ],
    # The Queues page's download: the page's scope (tests/exports/test_queue_export.py checks its contents).
    "queues_export": [
        Case(lambda org, role: _queue_figures(org, role) | {"fmt": "csv"}, QUEUE_ROLES, denied_status={403}),
        Case(
            lambda org, role: _queue_figures(org, role) | {"fmt": "xlsx"},
            QUEUE_ROLES,
            denied_status={403},
            query="?month=2026-01",
            label="xlsx",
        ),
    ],
    # The JSON API (session auth here; token auth in tests/api). Scoped exactly as the pages above.
    "api:api-root": [Case(_none, frozenset(), denied_status={404})],
    "api:openapi-json": [Case(_none, ALL)],
    "api:openapi-view": [Case(_none, ALL)],
    "api:me": [Case(_none, ALL)],
    "api:health": [Case(_none, frozenset({"hr", "admin"}))],
    "api:people": [
        Case(_none, ALL),
        Case(_none, ALL, query="?q=E20&page=1&page_size=5", label="search"),
    ],
    "api:person": [
        Case(_number("E2004"), PERFORMANCE_A1 | {"admin"}, denied_status={404}, label="a1"),
        Case(_number("E2006"), frozenset({"hr", "management", "admin"}), denied_status={404}, label="b1"),
        Case(_own_number, PERSON_OWN, denied_status={404}, label="own"),
        Case(_number("E0000"), frozenset(), denied_status={404}, label="missing"),
    ],
    "api:queues": [
        Case(_queue_figures, QUEUE_ROLES, denied_status={403}),
        Case(_queue_figures, QUEUE_ROLES, denied_status={403}, query="?month=2026-02", label="month"),
        Case(
            _queue_figures,
            QUEUE_ROLES,
            ok_status=400,
            denied_status={403},
            query="?month=2026-13",
            label="bad",
        ),
    ],
    "api:notifications": [
        Case(_none, ALL),
        Case(lambda org, role: _hr_notification(org, role) and {}, ALL, query="?unread=true", label="unread"),
    ],
    "api:notifications_unread_count": [Case(_none, ALL)],
    # POST only (a GET is 405 for everyone)
    "api:notification_read": [
        Case(lambda org, role: {"notification_id": 1}, frozenset(), denied_status=frozenset({405}))
    ],
    "api:notifications_read_all": [Case(_none, frozenset(), denied_status=frozenset({405}))],
    # eligibility needs the person's performance: an administrator sees the directory entry only
    "api:person_eligibility": [
        Case(_with_policy(_number("E2004")), PERFORMANCE_A1, denied_status={404}, label="a1"),
        Case(
            _with_policy(_number("E2006")), frozenset({"hr", "management"}), denied_status={404}, label="b1"
        ),
        Case(_with_policy(_own_number), PERSON_OWN, denied_status={404}, label="own"),
    ],
    # development records: the person, their lead and head, HR (never management or the administrator)
    "api:person_goals": [
        Case(
            _number("E2003"), frozenset({"agent", "team_lead", "department_head", "hr"}), denied_status={404}
        ),
        Case(_number("E2006"), frozenset({"hr"}), denied_status={404}, label="b1"),
    ],
    "api:person_assessments": [
        Case(
            _number("E2003"), frozenset({"agent", "team_lead", "department_head", "hr"}), denied_status={404}
        ),
        Case(_number("E2006"), frozenset({"hr"}), denied_status={404}, label="b1"),
    ],
    # everyone who reads development records (their rows) or counts (management); never the administrator
    "api:development_export": [
        Case(
            _none,
            frozenset({"agent", "team_lead", "department_head", "hr", "management"}),
            denied_status={403},
        )
    ],
    "api:person_conversations": [
        Case(
            _number("E2003"), frozenset({"agent", "team_lead", "department_head", "hr"}), denied_status={404}
        ),
        Case(_number("E2006"), frozenset({"hr"}), denied_status={404}, label="b1"),
    ],
    # "My path": everyone with a role (without an employee record the page says so); with and without a policy
    "my_path": [
        Case(_none, WITH_ROLE, denied_status={403}, label="no-policy"),
        Case(_with_policy(_none), WITH_ROLE, denied_status={403}, label="policy"),
        Case(_with_policy(_none), WITH_ROLE, denied_status={403}, query="?as_of=2025-06-30", label="as-of"),
    ],
    # someone's path: whoever may see that person's performance (admin sees the directory entry only)
    "person_path": [
        Case(
            _with_policy(_number("E2004")),
            frozenset({"team_lead", "department_head", "hr", "management"}),
            label="a1",
        ),
        Case(_with_policy(_number("E2006")), frozenset({"hr", "management"}), label="b1"),
        Case(
            _with_policy(_own_number),
            frozenset({"agent", "team_lead", "department_head", "hr", "management"}),
            label="own",
        ),
        Case(
            _number("E2004"),
            frozenset({"team_lead", "department_head", "hr", "management"}),
            label="no-policy",
        ),
        Case(_with_policy(_number("E0000")), frozenset(), denied_status={404}, label="missing"),
    ],
    # eligibility lists: leads, heads, HR and management, each for their own scope
    "eligibility": [
        Case(_none, ELIGIBILITY_LISTS, denied_status={403}, label="no-policy"),
        Case(_with_policy(_none), ELIGIBILITY_LISTS, denied_status={403}, label="policy"),
        Case(
            _with_policy(_none),
            ELIGIBILITY_LISTS,
            denied_status={403},
            query="?team=a1&level=L1&track=service&status=not_yet&as_of=2026-01-15&page_later=2",
            label="filtered",
        ),
        Case(
            _with_policy(_none),
            ELIGIBILITY_LISTS,
            denied_status={403},
            query="?department=dept-b&status=bogus&as_of=not-a-date",
            label="odd-filters",
        ),
    ],
    # the CSV export (the XLSX one is the same view; tests/eligibility_pages checks its contents)
    "eligibility_export": [
        Case(_with_policy(lambda org, role: {"fmt": "csv"}), ELIGIBILITY_LISTS, denied_status={403}),
    ],
    # /api/promotions: the agent's (E2003) case on notice, a department-B case, a draft; POST/PUT-only → 405
    "api:promotion_cycles": [Case(_none, ALL), Case(_promo_api("with_case"), ALL, query="?open_now=true")],
    "api:promotion_cycle_open": [Case(_none, ALL)],  # its GET is the list
    "api:promotion_cycle": [
        Case(_promo_api("cycle_kwargs"), WITH_ROLE, denied_status={404}),
        Case(lambda org, role: {"cycle_id": 999999}, frozenset(), denied_status={404}, label="missing"),
    ],
    "api:promotion_cycle_candidates": [
        Case(_promo_api("cycle_kwargs"), frozenset({"hr", "management"}), denied_status={403, 404})
    ],
    "api:promotion_notices": [Case(_none, ALL), Case(_promo_api("with_case"), ALL, label="on notice")],
    "api:promotion_applications": [
        Case(_promo_api("with_case"), ALL),
        Case(_promo_api("with_case"), ALL, query="?awaiting=me&state=on_notice", label="inbox"),
    ],
    "api:promotion_application_create": [Case(_none, ALL)],  # its GET is the list
    "api:promotion_application": [
        Case(_promo_api("on_notice_kwargs"), PERSON_OWN, denied_status={404}, label="a1"),
        Case(_promo_api("b1_kwargs"), frozenset({"hr", "management"}), denied_status={404}, label="b1"),
        Case(lambda org, role: {"application_id": 999999}, frozenset(), denied_status={404}, label="missing"),
    ],
    "api:promotion_application_update": [  # its GET is the case
        Case(_promo_api("draft_kwargs"), PERSON_OWN, denied_status={404}, label="draft")
    ],
    # attachments of the agent's case on notice (tests/promotions_attachments); the POST that adds one shares
    # the list's address, the DELETE the download's
    **{
        f"api:{name}": [Case(_attach(kwargs), PERSON_OWN, denied_status={404})]
        for name, kwargs in {
            "promotion_attachments": "api_case_kwargs",
            "promotion_attachment_add": "api_case_kwargs",
            "promotion_attachment": "api_attachment_kwargs",
            "promotion_attachment_remove": "api_attachment_kwargs",
        }.items()
    },
    "api:promotion_application_comparison": [
        Case(_promo_api("on_notice_kwargs"), frozenset({"hr", "management"}), denied_status={403, 404})
    ],
    **{
        f"api:{name}": [Case(kwargs, frozenset(), denied_status=frozenset({405}))]
        for name, kwargs in {
            "promotion_notice_publish": lambda org, role: {"cycle_id": 1},
            "promotion_cycle_quotas_set": lambda org, role: {"cycle_id": 1},
            "promotion_application_submit": lambda org, role: {"application_id": 1},
            "promotion_application_withdraw": lambda org, role: {"application_id": 1},
            "promotion_review_department": lambda org, role: {"application_id": 1},
            "promotion_review_hr": lambda org, role: {"application_id": 1},
            "promotion_assessment_schedule": lambda org, role: {"application_id": 1},
            "promotion_assessment_record": lambda org, role: {"application_id": 1, "assessment_id": 1},
            "promotion_approve": lambda org, role: {"application_id": 1},
            "promotion_comment_add": lambda org, role: {"application_id": 1},
            "promotion_pay_adjust": lambda org, role: {"application_id": 1},
            "promotion_finalise": lambda org, role: {"application_id": 1},
            "promotion_appeal_file": lambda org, role: {"application_id": 1},
            "promotion_appeal_answer": lambda org, role: {"appeal_id": 1},
        }.items()
    },
}


def _promo(name):
    """A kwargs builder from tests.promotions_web.builders (objects made through the services)."""

    def build(org, role):
        from tests.promotions_web import builders

        return getattr(builders, name)(org, role)

    return build


# Employees with a role (admin has no employee record, so cannot apply).
EMPLOYEES_WITH_ROLE = frozenset({"agent", "team_lead", "department_head", "hr", "management"})
# Who may open the agent's (E2003, team A1) promotion case: those who see E2003's performance.
CASE_VIEWERS = frozenset({"agent", "team_lead", "department_head", "hr", "management"})

ROUTES.update(
    {
        "promotion_cycles": [
            Case(_none, WITH_ROLE, denied_status={403}, label="empty"),
            Case(_promo("with_case"), WITH_ROLE, denied_status={403}, label="with a case on notice"),
        ],
        "promotion_cycle": [
            Case(_promo("case_cycle_kwargs"), WITH_ROLE, denied_status={403}, label="on notice"),
            Case(_promo("review_cycle_kwargs"), WITH_ROLE, denied_status={403}, label="awaiting reviews"),
            Case(lambda org, role: {"pk": 999999}, frozenset(), label="missing"),
        ],
        # HR only; a cycle whose notice is out shows why its quotas are frozen (still 200, without the form)
        "promotion_cycle_quotas": [
            Case(_promo("review_cycle_kwargs"), frozenset({"hr"}), denied_status={403}, label="editable"),
            Case(
                _promo("case_cycle_kwargs"), frozenset({"hr"}), denied_status={403}, label="after the notice"
            ),
            Case(lambda org, role: {"pk": 999999}, frozenset(), label="missing"),
        ],
        # an application of one's own in that cycle redirects to it; none is open in this one
        "promotion_apply": [Case(_promo("fresh_cycle_kwargs"), EMPLOYEES_WITH_ROLE, denied_status={403})],
        "promotion_nominate": [
            Case(
                _promo("fresh_cycle_kwargs"), frozenset({"team_lead", "department_head"}), denied_status={403}
            )
        ],
        "promotion_application": [
            Case(_promo("case_kwargs"), CASE_VIEWERS, label="on notice"),
            Case(_promo("hr_stage_kwargs"), CASE_VIEWERS - {"agent"}, label="a colleague at the hr stage"),
            Case(_promo("draft_kwargs"), CASE_VIEWERS, label="draft"),
            Case(lambda org, role: {"pk": 999999}, frozenset(), label="missing"),
        ],
        # a draft: the applicant (or a nominator) only; others who see the case get 403
        "promotion_application_edit": [Case(_promo("draft_kwargs"), frozenset({"agent"}))],
        "promotion_application_review": [Case(_promo("draft_kwargs"), frozenset({"agent"}))],
        "promotion_application_print": [Case(_promo("case_kwargs"), CASE_VIEWERS)],
        "promotion_attachment": [Case(_promo("attachment_kwargs"), CASE_VIEWERS)],
        "promotion_attachment_remove": [  # POST only
            Case(_attach("web_remove_kwargs"), frozenset(), denied_status=frozenset({405}))
        ],
        "promotion_notices": [
            Case(_none, WITH_ROLE, denied_status={403}, label="empty"),
            Case(_promo("with_case"), WITH_ROLE, denied_status={403}, label="a notice"),
        ],
        "promotion_notice": [Case(_promo("notice_kwargs"), WITH_ROLE, denied_status={403, 404})],
        # anyone in the organisation but the person promoted
        "promotion_appeal": [Case(_promo("appeal_kwargs"), WITH_ROLE - {"agent"}, denied_status={403, 404})],
        "promotion_appeals": [Case(_promo("with_appeal"), frozenset({"hr"}), denied_status={403})],
    }
)

# Development planning (issue 14): a person's development page — the person, their lead and head, HR;
# a mentor too (tests/development); management and the administrator see counts at most.
DEVELOPMENT_A1 = frozenset({"team_lead", "department_head", "hr"})
ROUTES.update(
    {
        "my_development": [Case(_none, EMPLOYEES_WITH_ROLE, ok_status=302, denied_status={403})],
        "person_development": [
            Case(_number("E2003"), DEVELOPMENT_A1 | {"agent"}, label="the agent"),
            Case(_number("E2006"), frozenset({"hr"}), label="department b"),
            Case(_own_number, EMPLOYEES_WITH_ROLE - {"management"}, label="own"),
        ],
    }
)


def _goal(org, role):
    """A goal on E2003's plan (made by the person, once), for the development goal pages."""
    from serviceladder.development.models import Goal

    goal = Goal.objects.filter(version__plan__employee__number="E2003").first()
    if goal is None:
        import datetime as dt

        from serviceladder.audit.services import Actor
        from serviceladder.development.services.goals import GoalInput, goal_add

        goal = goal_add(
            actor=Actor(org.users["agent"]),
            employee=org.employees["E2003"],
            data=GoalInput(
                statement="每周一次案例分享",
                due_date=dt.date.today() + dt.timedelta(days=30),
                measure="manual",
                done_when="四次分享",
            ),
        )
    return {"number": "E2003", "lineage": str(goal.lineage)}


# development goals (issue 14): seen with the plan, changed by the person and their lead
GOAL_READERS = frozenset({"agent", "team_lead", "department_head", "hr"})
GOAL_WRITERS = frozenset({"agent", "team_lead", "hr"})
ROUTES.update(
    {
        "goal_new": [Case(_number("E2003"), GOAL_WRITERS)],
        "goal_detail": [Case(_goal, GOAL_READERS)],
        "goal_edit": [Case(_goal, GOAL_WRITERS)],
        "goal_remove": [Case(_goal, frozenset(), denied_status=frozenset({405}))],  # POST only
        "goal_check_in": [Case(_goal, frozenset(), denied_status=frozenset({405}))],  # POST only
        "goal_judge": [Case(_goal, frozenset(), denied_status=frozenset({405}))],  # POST only
    }
)


# Development plans (issue 14): the person, their lead, their head (read) and HR read the plan; the person,
# the lead and HR change its draft; with no plan yet there is nothing to close and no action to open.
_PLAN_READERS = frozenset({"agent", "team_lead", "department_head", "hr"})
_PLAN_EDITORS = frozenset({"agent", "team_lead", "hr"})
_NO_LINEAGE = "00000000-0000-4000-8000-000000000000"


def _plan_action(org, role):
    return {"number": "E2003", "lineage": _NO_LINEAGE}


ROUTES.update(
    {
        "my_development": [Case(_none, EMPLOYEES_WITH_ROLE, ok_status=302, denied_status={302, 403})],
        "person_development": [Case(_number("E2003"), _PLAN_READERS)],
        # an agent sees their own page there; a lead, a head, HR and management their lists or counts
        "development": [Case(_none, EMPLOYEES_WITH_ROLE, denied_status={403})],
        # the landing's download (tests/development/test_export_web.py): the lists' readers, their scope
        "development_export": [
            Case(lambda org, role: {"fmt": "csv"}, DEVELOPMENT_A1, denied_status={403}),
            Case(lambda org, role: {"fmt": "xlsx"}, DEVELOPMENT_A1, denied_status={403}, label="xlsx"),
        ],
        "plan_edit": [Case(_number("E2003"), _PLAN_EDITORS)],
        "plan_close": [Case(_number("E2003"), frozenset())],
        "plan_history": [Case(_number("E2003"), _PLAN_READERS)],
        "plan_action_new": [Case(_number("E2003"), _PLAN_EDITORS)],
        "plan_action_edit": [Case(_plan_action, frozenset())],
        "plan_action_progress": [Case(_plan_action, frozenset())],
        # POST only
        "plan_accept": [Case(_number("E2003"), frozenset(), denied_status=frozenset({405}))],
        "plan_discard": [Case(_number("E2003"), frozenset(), denied_status=frozenset({405}))],
        "plan_template": [Case(_number("E2003"), frozenset(), denied_status=frozenset({405}))],
        "plan_action_remove": [Case(_plan_action, frozenset(), denied_status=frozenset({405}))],
        "api:development_plan": [Case(_number("E2003"), _PLAN_READERS, denied_status={404})],
        "api:development_plan_versions": [Case(_number("E2003"), _PLAN_READERS, denied_status={404})],
    }
)


def named_routes() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(namespace + p.name)

    walk(get_resolver().url_patterns)
    return names


# --- development: mentoring and the record (issue 14, items 6 and 7) ---------------------------------------
def _hr_only_mentorship(org, role):
    """A mentorship between two people of team b1 (no lead or head among the test users): HR's to see."""
    from django.utils import timezone

    from serviceladder.audit.services import Actor
    from serviceladder.development.models import Mentorship
    from serviceladder.development.services.mentoring import mentorship_start

    m = Mentorship.objects.filter(mentee__number="E2007").first()
    if m is None:
        m = mentorship_start(
            actor=Actor(user=org.users["hr"]),
            mentor=org.employees["E2006"],
            mentee=org.employees["E2007"],
            focus="投诉处理",
            starts_on=timezone.localdate(),
        )
    return {"pk": m.pk}


def _agents_contribution(org, role):
    """A contribution 李娜 (E2003) recorded herself: she and HR may change it."""
    from django.utils import timezone

    from serviceladder.audit.services import Actor
    from serviceladder.development.models import Contribution
    from serviceladder.development.services.record import contribution_add

    c = Contribution.objects.filter(employee__number="E2003").first()
    if c is None:
        c = contribution_add(
            actor=Actor(user=org.users["agent"]),
            employee=org.employees["E2003"],
            kind="kb_article",
            title="退款规则说明",
            date=timezone.localdate(),
        )
    return {"pk": c.pk}


ROUTES.update(
    {
        # the mentee's lead and HR pair a mentor (the head only for a team without a lead)
        "mentorship_new": [Case(_number("E2003"), frozenset({"team_lead", "hr"}))],
        "mentorship": [Case(_hr_only_mentorship, frozenset({"hr"}))],
        # only the mentor logs a session (none of the matrix's users mentors anyone)
        "mentoring_session_new": [Case(_hr_only_mentorship, frozenset())],
        "my_mentees": [Case(_none, EMPLOYEES_WITH_ROLE)],
        "contribution_new": [Case(_number("E2003"), frozenset({"agent", "team_lead", "hr"}))],
        "contribution_edit": [Case(_agents_contribution, frozenset({"agent", "hr"}))],
        # everyone with a role gets the list of the mentorships they may see (maybe empty)
        "api:development_mentorships": [Case(_none, ALL)],
        "api:development_mentoring_sessions": [
            Case(_hr_only_mentorship, frozenset({"hr"}), denied_status={403, 404})
        ],
        "api:development_contributions": [
            Case(
                _number("E2003"),
                frozenset({"agent", "team_lead", "department_head", "hr"}),
                denied_status={404},
            )
        ],
    }
)


# Recognition and performance pay (issue 15): the landing for everyone with a role (the star wall is for all
# staff); a person's page for whoever may open the person, each section then asking its own rule.
ROUTES.update(
    {
        "recognition": [Case(_none, WITH_ROLE, denied_status={403})],
        "my_recognition": [Case(_none, EMPLOYEES_WITH_ROLE, ok_status=302, denied_status={403})],
        "person_recognition": [
            Case(
                _number("E2003"),
                frozenset({"agent", "team_lead", "department_head", "hr", "management", "admin"}),
            ),
            Case(_number("E2006"), frozenset({"hr", "management", "admin"}), label="department b"),
        ],
    }
)


def _recognition_of_agent(org, role):
    """A recognition 张伟 (E2004) received from 李娜 (his lead, head and HR may hide it; she may not)."""
    from serviceladder.audit.services import Actor
    from serviceladder.recognition.models import Recognition
    from serviceladder.recognition.services.recognition import recognition_give

    r = Recognition.objects.filter(recipient__number="E2004").first()
    if r is None:
        r = recognition_give(
            actor=Actor(user=org.users["agent"]),
            recipient=org.employees["E2004"],
            category="helping_colleague",
            text="高峰期帮同事接听疑难来电",
        )
    return {"pk": r.pk}


# Recognition received (issue 15, item 2): every member of staff with an employee record gives; the person's
# lead, head and HR hide; the list follows the performance record (the person, lead, head, HR, management).
RECOGNITION_READERS = frozenset({"agent", "team_lead", "department_head", "hr", "management"})
ROUTES.update(
    {
        # The form lists every colleague by name and team (recognition_recipients: by design, wider than whom
        # one may open); filtered to 李娜, whom every allowed role may see, so the leak check still holds.
        # tests/recognition/test_recognition_pages.py checks the unfiltered list.
        "recognition_give": [
            Case(_none, EMPLOYEES_WITH_ROLE, denied_status={403}, query="?q=%E6%9D%8E%E5%A8%9C")
        ],
        "recognition_visibility": [
            Case(_recognition_of_agent, frozenset({"team_lead", "department_head", "hr"}))
        ],
        # the same path: GET lists, POST gives
        "api:person_recognition_list": [Case(_number("E2003"), RECOGNITION_READERS, denied_status={404})],
        "api:person_recognition_give": [Case(_number("E2003"), RECOGNITION_READERS, denied_status={404})],
        "api:recognition_hide": [
            Case(lambda org, role: {"recognition_id": 1}, frozenset(), denied_status=frozenset({405}))
        ],
        "api:recognition_show": [
            Case(lambda org, role: {"recognition_id": 1}, frozenset(), denied_status=frozenset({405}))
        ],
    }
)


# Performance pay (issue 15, item 3): HR and management read the months, lines and team totals; only HR
# proposes, adjusts, approves, corrects and downloads the payroll file. Leads and heads see nothing of pay.
def _bonus_month_of(org, state: str):
    from django.utils import timezone

    from serviceladder.policy.models import PolicyVersion
    from serviceladder.recognition.models import BonusLine, BonusMonth
    from tests.web.org import ensure_policy

    ensure_policy(org)
    month = "2020-01" if state == "approved" else "2020-02"
    bm, created = BonusMonth.objects.get_or_create(
        month=month,
        defaults={
            "state": state,
            "policy_version": PolicyVersion.objects.order_by("number").first(),
            "proposed_at": timezone.now(),
            "approved_at": timezone.now() if state == "approved" else None,
        },
    )
    if created:
        BonusLine.objects.create(
            bonus_month=bm,
            employee=org.employees["E2003"],
            level_code="L2",
            base=900,
            coefficient=1,
            proration=1,
            proposal=900,
            amount=900,
            rule={
                "days": 31,
                "days_in_month": 31,
                "level": "L2",
                "base": "900",
                "basis": "stars",
                "stars": 2,
                "star_period": month,
                "coefficient": "1",
                "rounding": "ROUND_HALF_UP",
            },
        )
    return bm


def _bonus_month(state: str):
    return lambda org, role: {"month": _bonus_month_of(org, state).month}


def _bonus_line(org, role):
    bm = _bonus_month_of(org, "proposed")
    return {"month": bm.month, "pk": bm.lines.get().pk}


def _bonus_export(org, role):
    return {"month": _bonus_month_of(org, "approved").month, "fmt": "csv"}


PAY_READERS = frozenset({"hr", "management"})
ROUTES.update(
    {
        "bonus_months": [Case(_none, PAY_READERS)],
        "bonus_month": [
            Case(_bonus_month("proposed"), PAY_READERS),
            Case(_bonus_month("approved"), PAY_READERS, label="approved"),
        ],
        "bonus_line_adjust": [Case(_bonus_line, frozenset({"hr"}))],
        "bonus_correction_new": [Case(_bonus_month("approved"), frozenset({"hr"}))],
        "bonus_export": [Case(_bonus_export, frozenset({"hr"}))],
    }
)


# Recognition sections of the policy (issue 15): who reads the policy history reads them too.
ROUTES.update(
    {
        "policy_recognition": [
            Case(_none, frozenset({"hr", "management", "admin"}), denied_status={403}, label="empty"),
            Case(_with_policy(_none), frozenset({"hr", "management", "admin"}), denied_status={403}),
            Case(
                _with_policy(_none),
                frozenset({"hr", "management", "admin"}),
                denied_status={403},
                query="?version=v1",
                label="chosen",
            ),
        ],
    }
)


# Star-service ratings (issue 15 item 1): the periods pages for HR, management, leads and heads (each reads
# the ratings of the people they may see); nominate for the person's lead, decide and publish for HR (a GET
# of those form pages sends back to the period); the star wall for all staff.
def _star_period(org, role):
    import datetime as dt

    from django.utils import timezone

    from serviceladder.recognition.models import StarPeriod, StarRating
    from tests.web.org import ensure_policy

    version = ensure_policy(org)
    period, created = StarPeriod.objects.get_or_create(
        code="2026-01",
        defaults={
            "kind": "month",
            "first_month": "2026-01",
            "last_month": "2026-01",
            "policy_version": version,
            "computed_at": timezone.make_aware(dt.datetime(2026, 2, 1, 9)),
        },
    )
    if created:
        for number in ("E2003", "E2006"):
            e = org.employees[number]
            StarRating.objects.create(
                period=period, employee=e, level_code="L1", team=e.team, computed_stars=1
            )
    return period


def _star_code(org, role):
    return {"code": _star_period(org, role).code}


def _star_rating(number):
    def build(org, role):
        period = _star_period(org, role)
        return {"code": period.code, "rating_id": period.ratings.get(employee__number=number).pk}

    return build


STAR_PERIOD_ROLES = frozenset({"team_lead", "department_head", "hr", "management"})
ROUTES.update(
    {
        "star_periods": [Case(_none, STAR_PERIOD_ROLES, denied_status={403})],
        "star_period": [Case(_star_code, STAR_PERIOD_ROLES, denied_status={403})],
        "star_wall": [Case(_none, WITH_ROLE, denied_status={403})],
        "star_publish": [Case(_star_code, frozenset({"hr"}), ok_status=302, denied_status={403})],
        "star_decide": [Case(_star_rating("E2003"), frozenset({"hr"}), ok_status=302, denied_status={403})],
        "star_nominate": [
            Case(_star_rating("E2003"), frozenset({"team_lead"}), ok_status=302, denied_status={403}),
            # dept-b's team has no lead; its head is not in the matrix: nobody here may nominate
            Case(
                _star_rating("E2006"), frozenset(), ok_status=302, denied_status={403}, label="department b"
            ),
        ],
    }
)


def _bonus_line_id(org, role):
    return {"line_id": _bonus_month_of(org, "proposed").lines.get().pk}


ROUTES.update(
    {
        # everyone gets the list of the months they may read (empty but for HR and management)
        "api:bonus_months": [Case(_none, ALL)],
        "api:bonus_lines": [Case(_bonus_month("proposed"), PAY_READERS, denied_status={403, 404})],
        "api:bonus_export": [Case(_bonus_month("approved"), frozenset({"hr"}), denied_status={403, 404})],
        # POST only: a GET is 405 for everyone (the writes are tested in tests/recognition/test_pay_api.py)
        "api:bonus_propose": [Case(_bonus_month("proposed"), frozenset(), denied_status=frozenset({405}))],
        "api:bonus_approve": [Case(_bonus_month("proposed"), frozenset(), denied_status=frozenset({405}))],
        "api:bonus_adjust": [Case(_bonus_line_id, frozenset(), denied_status=frozenset({405}))],
    }
)
# /api/stars: the periods for HR, management, leads and heads; the writes are POST only (a GET is 405).
ROUTES.update(
    {
        "api:star_periods": [Case(_none, STAR_PERIOD_ROLES, denied_status={403})],
        "api:star_period": [Case(_star_code, STAR_PERIOD_ROLES, denied_status={403})],
        "api:star_period_compute": [Case(_star_code, frozenset(), denied_status=frozenset({405}))],
        "api:star_publish": [Case(_star_code, frozenset(), denied_status=frozenset({405}))],
        "api:star_nominate": [Case(_star_rating("E2003"), frozenset(), denied_status=frozenset({405}))],
        "api:star_decide": [Case(_star_rating("E2003"), frozenset(), denied_status=frozenset({405}))],
    }
)


def _coaching_task(org, role):
    """An open coaching task of 李娜 (E2003) with the kernel's evidence."""
    from serviceladder.recognition.models import CoachingTask
    from serviceladder.rules import clauses
    from serviceladder.rules.goals import explanation

    figures = {"2026-01": {"qa_score": 90}, "2026-02": {"qa_score": 91}, "2026-03": {"qa_score": 92}}
    figures["2026-04"] = {"qa_score": 80}
    check = clauses.metric_drop_against_own_average(
        figures,
        tuple(figures),
        metric="qa_score",
        field="qa_score",
        sample_field=None,
        drop=8,
        lower_is_better=False,
        min_sample=0,
    )
    task, _created = CoachingTask.objects.get_or_create(
        employee=org.employees["E2003"],
        rule_code="qa-drop",
        month="2026-04",
        defaults={"metric": "qa_score", "evidence": explanation(check)},
    )
    return {"pk": task.pk}


# Coaching from KPI drops (issue 15 item 4): the coach's list (lead, head, HR), a task for whoever reads the
# person's development record; the API list for everyone (scoped), its writes POST only.
ROUTES.update(
    {
        "coaching_list": [
            Case(_none, frozenset({"team_lead", "department_head", "hr"}), denied_status={403})
        ],
        "coaching_task": [
            Case(
                _coaching_task,
                frozenset({"agent", "team_lead", "department_head", "hr"}),
                denied_status={404},
            )
        ],
        "api:coaching_tasks": [Case(_none, ALL)],
        "api:coaching_task_session": [Case(_coaching_task, frozenset(), denied_status={405})],
        "api:coaching_task_acknowledge": [Case(_coaching_task, frozenset(), denied_status={405})],
    }
)


# Improvement plans (issue 15 item 5): the person, their lead, their head and HR read a plan; the lead (or
# HR) gives the lead's review; the other steps are POST only (tests/recognition/test_improvement_roles.py).
def _improvement_plan(org, role):
    from serviceladder.recognition.models import ImprovementPlan
    from tests.recognition.improvement_helpers import make_plan

    plan = ImprovementPlan.objects.filter(employee__number="E2003").first() or make_plan(org)
    return {"number": "E2003", "pk": plan.pk}


def _improvement_plan_api(org, role):
    kwargs = _improvement_plan(org, role)
    return {"number": kwargs["number"], "plan_id": kwargs["pk"]}


_IMPROVEMENT_READERS = frozenset({"agent", "team_lead", "department_head", "hr"})
_POST_ONLY = [Case(_improvement_plan, frozenset(), denied_status=frozenset({405}))]
_API_POST_ONLY = [Case(_improvement_plan_api, frozenset(), denied_status=frozenset({405}))]
ROUTES.update(
    {
        "improvement_plan": [Case(_improvement_plan, _IMPROVEMENT_READERS)],
        "improvement_lead_review": [Case(_improvement_plan, frozenset({"team_lead", "hr"}))],
        "improvement_hr_review": _POST_ONLY,
        "improvement_check_in": _POST_ONLY,
        "improvement_acknowledge": _POST_ONLY,
        "improvement_respond": _POST_ONLY,
        "improvement_outcome": _POST_ONLY,
        "api:improvement_plans": [
            Case(_number("E2003"), _IMPROVEMENT_READERS, denied_status={401, 403, 404})
        ],
        "api:improvement_plan": [
            Case(_improvement_plan_api, _IMPROVEMENT_READERS, denied_status={401, 403, 404})
        ],
        "api:improvement_lead_review": _API_POST_ONLY,
        "api:improvement_hr_review": _API_POST_ONLY,
        "api:improvement_check_in": _API_POST_ONLY,
        "api:improvement_acknowledge": _API_POST_ONLY,
        "api:improvement_respond": _API_POST_ONLY,
        "api:improvement_outcome": _API_POST_ONLY,
    }
)


# Wellbeing (issue 16): the landing for everyone with a role (pulse, voice channel and activities are for all
# staff); a person's page for the person, their lead and head, and HR — never management nor an administrator.
WELLBEING_A1 = frozenset({"agent", "team_lead", "department_head", "hr"})
ROUTES.update(
    {
        "wellbeing": [Case(_none, WITH_ROLE, denied_status={403})],
        "my_wellbeing": [
            Case(_none, EMPLOYEES_WITH_ROLE - {"management"}, ok_status=302, denied_status={403})
        ],
        "person_wellbeing": [
            Case(_number("E2003"), WELLBEING_A1),
            Case(_number("E2006"), frozenset({"hr"}), label="department b"),
        ],
    }
)


# The voice channel (issue 16 item 5): raising and one's own items for staff with an employee record; the
# inbox for those who may own items (leads, heads, HR); figures for HR; published answers for all with a
# role. An item: its submitter, the addressed department's head and HR (an owner too; none here).
def _voice_item(to: str, anonymous: bool = True):
    def build(org, role):
        import datetime as dt

        from serviceladder.audit.services import Actor
        from serviceladder.wellbeing.models import VoiceItem
        from serviceladder.wellbeing.services.voice import voice_submit

        item = VoiceItem.objects.filter(addressed_to=to, subject="矩阵测试").first() or voice_submit(
            actor=Actor(user=org.users["agent"]),
            kind="suggestion",
            addressed_to=to,
            subject="矩阵测试",
            body="权限矩阵用的意见",
            anonymous=anonymous,
            today=dt.date(2025, 9, 26),
        )
        return {"pk": item.pk}

    return build


# Wellbeing stages and signals (issue 16 items 1–2): a team's page for its lead, its head and HR; the heat map
# (no names) for department heads, HR and management; the API the same.
def _wellbeing_assessments(kwargs_fn):
    """Routes that show stored assessments: store them once (tests.wellbeing.signals_org)."""

    def build(org, role):
        from serviceladder.wellbeing.models import WellbeingAssessment
        from tests.wellbeing.signals_org import with_assessments

        if not WellbeingAssessment.objects.exists():
            with_assessments(org)
        return kwargs_fn(org, role)

    return build


VOICE_STAFF = EMPLOYEES_WITH_ROLE
ROUTES.update(
    {
        "voice_mine": [Case(_none, VOICE_STAFF, denied_status={403})],
        "voice_new": [Case(_none, VOICE_STAFF, denied_status={403})],
        "voice_inbox": [Case(_none, frozenset({"team_lead", "department_head", "hr"}), denied_status={403})],
        "voice_figures": [Case(_none, frozenset({"hr"}), denied_status={403})],
        "voice_answers": [Case(_none, WITH_ROLE, denied_status={403})],
        "api:voice_items": [Case(_none, VOICE_STAFF, denied_status={403})],
        "api:voice_submit": [Case(_none, VOICE_STAFF, denied_status={403})],  # its GET is the list
        "api:voice_inbox": [
            Case(_none, frozenset({"team_lead", "department_head", "hr"}), denied_status={403})
        ],
        "voice_item": [
            Case(
                _voice_item("department"), frozenset({"agent", "department_head", "hr"}), denied_status={404}
            ),
            Case(_voice_item("hr"), frozenset({"agent", "hr"}), denied_status={404}, label="to HR"),
        ],
    }
)


def _wellbeing_case(org, role):
    """An open wellbeing case of 李娜 (E2003), opened by her lead by hand."""
    from serviceladder.wellbeing.models import Case

    case = Case.objects.filter(employee=org.employees["E2003"], state="open").first()
    if case is None:
        case = Case.objects.create(
            employee=org.employees["E2003"],
            signals=["workload"],
            summary="连续加班",
            opened_by=org.users["team_lead"],
        )
    return {"pk": case.pk}


# Wellbeing cases (issue 16 item 3): read by the person's lead and head and HR, never the person; opened by
# the lead (the head only for a leadless team and for the lead) and HR.
ROUTES.update(
    {
        "wellbeing_case": [
            Case(_wellbeing_case, frozenset({"team_lead", "department_head", "hr"}), denied_status={404})
        ],
        "wellbeing_case_open": [
            Case(_number("E2004"), frozenset({"team_lead", "hr"})),
            Case(_number("E2002"), frozenset({"department_head", "hr"}), label="the lead themselves"),
        ],
    }
)
WELLBEING_TEAM_A1 = frozenset({"team_lead", "department_head", "hr"})
WELLBEING_HEAT_MAP = frozenset({"department_head", "hr", "management"})
ROUTES.update(
    {
        "wellbeing_team": [
            Case(_wellbeing_assessments(_code("a1")), WELLBEING_TEAM_A1, denied_status={404}),
            Case(
                _wellbeing_assessments(_code("b1")), frozenset({"hr"}), denied_status={404}, label="team b1"
            ),
        ],
        "wellbeing_heat_map": [Case(_wellbeing_assessments(_none), WELLBEING_HEAT_MAP, denied_status={403})],
        "api:wellbeing_person": [
            Case(_wellbeing_assessments(_number("E2003")), WELLBEING_A1, denied_status={404}),
            Case(_wellbeing_assessments(_number("E2006")), frozenset({"hr"}), denied_status={404}, label="b"),
        ],
        "api:wellbeing_team": [
            Case(_wellbeing_assessments(_code("a1")), WELLBEING_TEAM_A1, denied_status={404}),
        ],
        "api:wellbeing_heat_map": [
            Case(_wellbeing_assessments(_none), WELLBEING_HEAT_MAP, denied_status={403}),
        ],
    }
)


# Wellbeing, team activities (issue 16 item 6): the calendar for everyone with a role; an activity of team a1
# for its people, lead, head and HR; organising for leads, heads and HR.
def _a1_activity(org, role):
    from tests.wellbeing.activities_setup import team_activity

    return {"pk": team_activity(org).pk}


ACTIVITY_ORGANISERS = frozenset({"team_lead", "department_head", "hr"})
ROUTES.update(
    {
        "wellbeing_activities": [Case(_none, WITH_ROLE, denied_status={403})],
        "wellbeing_activity_new": [Case(_none, ACTIVITY_ORGANISERS, denied_status={403})],
        "wellbeing_activity": [
            Case(_a1_activity, frozenset({"agent", "team_lead", "department_head", "hr"})),
            Case(lambda org, role: {"pk": 999999}, frozenset(), denied_status={404}, label="missing"),
        ],
        "wellbeing_activity_edit": [Case(_a1_activity, ACTIVITY_ORGANISERS)],
    }
)


# The wellbeing section of the policy (issue 16): who reads the policy history reads it too.
ROUTES.update(
    {
        "policy_wellbeing": [
            Case(_none, frozenset({"hr", "management", "admin"}), denied_status={403}, label="empty"),
            Case(_with_policy(_none), frozenset({"hr", "management", "admin"}), denied_status={403}),
            Case(
                _with_policy(_none),
                frozenset({"hr", "management", "admin"}),
                denied_status={403},
                query="?version=v1",
                label="chosen",
            ),
            Case(
                _with_policy(_none),
                frozenset(),
                denied_status={403, 404},
                query="?version=v99",
                label="unknown",
            ),
        ],
    }
)


def _closed_pulse(org, role):
    """A closed pulse cycle (no answers), so the results export has a cycle to export."""
    from serviceladder.wellbeing.models import PulseCycle

    PulseCycle.objects.get_or_create(
        month="2026-01",
        defaults={
            "opens_on": dt.date(2026, 1, 5),
            "closes_on": dt.date(2026, 1, 11),
            "state": "closed",
            "created_by": org.users["hr"],
        },
    )
    return {"fmt": "csv"}


# The anonymous pulse (issue 16 item 4): answering for staff with an employee record; cycles for HR;
# results for HR, management and heads; shared answers for leads and heads.
PULSE_RESULTS = frozenset({"department_head", "hr", "management"})
ROUTES.update(
    {
        "pulse_answer": [Case(_none, EMPLOYEES_WITH_ROLE, denied_status={403})],
        "pulse_cycles": [Case(_none, frozenset({"hr"}), denied_status={403})],
        "pulse_results": [Case(_none, PULSE_RESULTS, denied_status={403})],
        "pulse_results_export": [
            Case(_closed_pulse, PULSE_RESULTS, denied_status={403}, label="csv"),
            Case(
                lambda org, role: {**_closed_pulse(org, role), "fmt": "xlsx"},
                PULSE_RESULTS,
                denied_status={403},
            ),
        ],
        "pulse_shared": [Case(_none, frozenset({"team_lead", "department_head"}), denied_status={403})],
    }
)


def _closed_pulse_api(org, role):
    _closed_pulse(org, role)
    return {}


ROUTES.update({"api:pulse_results": [Case(_closed_pulse_api, PULSE_RESULTS, denied_status={403})]})


# Learning (issue 17): the landing for everyone with a role (the catalogue, one's enrolments and exams are for
# all staff); a person's page for the person, their lead and head, and HR — never management nor an
# administrator.
LEARNING_A1 = frozenset({"agent", "team_lead", "department_head", "hr"})
ROUTES.update(
    {
        "learning": [Case(_none, WITH_ROLE, denied_status={403})],
        "my_learning": [
            Case(_none, EMPLOYEES_WITH_ROLE - {"management"}, ok_status=302, denied_status={403})
        ],
        "person_learning": [
            Case(_number("E2003"), LEARNING_A1),
            Case(_number("E2006"), frozenset({"hr"}), label="department b"),
        ],
    }
)


# Learning: curricula (issue 17 item 4): HR only.
def _curriculum(org, role):
    from serviceladder.learning.models import Curriculum

    curriculum, _created = Curriculum.objects.get_or_create(
        code="matrix-new-hire",
        defaults={
            "name_zh": "新员工路径",
            "name_en": "New hires",
            "trigger": "hire",
            "applies_from": dt.date(2026, 1, 1),
        },
    )
    return {"pk": curriculum.pk}


def _enrol_course(org, role):
    """A classroom course with a session and 李娜's (E2003) seat in it."""
    from serviceladder.learning.models import Course, Enrolment, Session

    course, _ = Course.objects.get_or_create(
        code="web-enrol", defaults={"name_zh": "投诉处理", "name_en": "Complaints"}
    )
    session = Session.objects.filter(course=course).first() or Session.objects.create(
        course=course, starts_at=dt.datetime(2099, 1, 5, 9, 0, tzinfo=dt.UTC), capacity=10
    )
    enrolment = Enrolment.objects.filter(employee=org.employees["E2003"], course=course).first()
    if enrolment is None:
        enrolment = Enrolment.objects.create(
            employee=org.employees["E2003"],
            course=course,
            session=session,
            state="scheduled",
            source="hr",
            assigned_on=dt.date(2026, 1, 5),
        )
    return course, session, enrolment


def _enrol_session(org, role):
    return {"pk": _enrol_course(org, role)[1].pk}


def _enrol_enrolment(org, role):
    return {"pk": _enrol_course(org, role)[2].pk}


def _enrol_none(org, role):
    _enrol_course(org, role)
    return {}


# Learning reports (issue 17 item 6): leads (their teams), heads (their department), HR and management
# (everyone); with the report tests' enrolments so that a name outside the reader's scope would show.
LEARNING_REPORTS = frozenset({"team_lead", "department_head", "hr", "management"})


def _learning_report_data(org, role):
    from tests.learning.reports_data import add_learning

    add_learning(org)
    return {}


# Learning, the catalogue (issue 17 item 1): everyone with a role browses it and enrols themselves where a
# course allows; HR creates and edits courses and grants trainers.
def _catalogue_course(org, role):
    from serviceladder.learning.models import Course

    Course.objects.get_or_create(
        code="phone-basics", defaults={"name_zh": "电话沟通", "name_en": "Phone basics", "self_enrol": True}
    )
    return {"code": "phone-basics"}


ROUTES.update(
    {
        "learning_curricula": [Case(_none, frozenset({"hr"}), denied_status={403})],
        "learning_curriculum_new": [Case(_none, frozenset({"hr"}), denied_status={403})],
        "learning_curriculum": [Case(_curriculum, frozenset({"hr"}), denied_status={403})],
        "learning_reports": [
            Case(
                _learning_report_data,
                LEARNING_REPORTS,
                denied_status={403},
                query="?as_of=2026-06-15&months=24",
            )
        ],
    }
)


# Learning: exams (issue 17 item 5). An exam's page for everyone with a role and an employee record; an
# attempt's pages for the person alone (anyone else's looks absent); marking, question banks and exam assembly
# for HR (and a course's trainers, none in this organisation).
def _exam(org, role):
    from serviceladder.learning.models import Exam
    from tests.learning.exams_setup import exam

    found = Exam.objects.filter(code="knowledge-exam").first() or exam()
    return {"pk": found.pk}


def _attempt(*, submitted: bool = False):
    def build(org, role):
        from serviceladder.learning.models import Exam
        from serviceladder.learning.services.attempts import attempt_start, attempt_submit
        from tests.learning.exams_setup import exam

        found = Exam.objects.filter(code="knowledge-exam").first() or exam(attempts=None)
        attempt = found.attempts.filter(employee__number="E2003").order_by("-number").first()
        if attempt is None or (submitted and attempt.state == "in_progress"):
            user = org.users["agent"]
            attempt = attempt or attempt_start(user=user, exam=found)
            if submitted:
                attempt = attempt_submit(user=user, attempt=attempt, answers={})
        return {"pk": attempt.pk}

    return build


def _learning_history_of(number):
    def build(org, role):
        _learning_report_data(org, role)
        return {"number": number}

    return build


def _question(org, role):
    from serviceladder.learning.models import Question
    from tests.learning.exams_setup import questions

    found = Question.objects.first() or questions()[0]
    return {"pk": found.pk}


LEARNING_TAKERS = WITH_ROLE - {"admin"}
LEARNING_HR = frozenset({"hr"})
ROUTES.update(
    {
        "learning_exam": [Case(_exam, LEARNING_TAKERS)],
        "learning_attempt": [Case(_attempt(), frozenset({"agent"}))],
        "learning_attempt_save": [Case(_attempt(), frozenset({"agent"}), ok_status=302)],
        "learning_attempt_submit": [Case(_attempt(), frozenset({"agent"}), ok_status=302)],
        "learning_attempt_mark": [Case(_attempt(submitted=True), LEARNING_HR)],
        "learning_questions": [Case(_none, LEARNING_HR)],
        "learning_question_new": [Case(_none, LEARNING_HR)],
        "learning_question_edit": [Case(_question, LEARNING_HR)],
        "learning_exams": [Case(_none, LEARNING_HR)],
        "learning_exam_new": [Case(_none, LEARNING_HR)],
        "learning_exam_edit": [Case(_exam, LEARNING_HR)],
        "learning_sessions": [Case(_none, WITH_ROLE, denied_status={403})],
        "learning_session_new": [Case(_enrol_none, frozenset({"hr"}), denied_status={403})],
        "learning_session": [
            Case(_enrol_session, LEARNING_A1),
            Case(lambda org, role: {"pk": 999999}, frozenset(), denied_status={404}, label="missing"),
        ],
        "learning_session_edit": [Case(_enrol_session, frozenset({"hr"}))],
        "learning_enrolment": [
            Case(_enrol_enrolment, LEARNING_A1),
            Case(lambda org, role: {"pk": 999999}, frozenset(), denied_status={404}, label="missing"),
        ],
        "learning_enrol_person": [
            Case(_number("E2003"), frozenset({"hr", "team_lead"}), denied_status={403, 404}),
        ],
    }
)
ROUTES.update(
    {
        # every reader gets the enrolments and completions of the people whose record they see (none for
        # management and the administrator)
        "api:learning_enrolments": [
            Case(_learning_report_data, WITH_ROLE, denied_status={403}, query="?as_of=2026-06-15")
        ],
        "api:learning_completions": [
            Case(_learning_report_data, WITH_ROLE, denied_status={403}, query="?as_of=2026-06-15")
        ],
        "api:learning_history": [
            Case(_learning_history_of("E2003"), LEARNING_A1, denied_status={404}),
            Case(_learning_history_of("E2006"), frozenset({"hr"}), denied_status={404}, label="department b"),
        ],
        "api:learning_reports": [
            Case(_learning_report_data, LEARNING_REPORTS, denied_status={403}, query="?as_of=2026-06-15")
        ],
    }
)


def _learning_report_export(fmt):
    def build(org, role):
        _learning_report_data(org, role)
        return {"fmt": fmt}

    return build


ROUTES.update(
    {
        "learning_reports_export": [
            Case(_learning_report_export("xlsx"), LEARNING_REPORTS, denied_status={403}, label="xlsx"),
            Case(_learning_report_export("csv"), LEARNING_REPORTS, denied_status={403}, label="csv"),
        ],
        "learning_courses": [Case(_none, WITH_ROLE, denied_status={403})],
        "learning_course": [Case(_catalogue_course, WITH_ROLE)],
        "learning_course_new": [Case(_none, frozenset({"hr"}), denied_status={403})],
        "learning_course_edit": [Case(_catalogue_course, frozenset({"hr"}))],
        "learning_course_trainers": [Case(_catalogue_course, frozenset({"hr"}))],
        "learning_course_enrol": [Case(_catalogue_course, WITH_ROLE, ok_status=302)],
    }
)
