"""The one scoping layer: which employees, and which parts of them, may this user see or act on.

Every selector, view, endpoint and CLI command asks here. Rules (each on its own line below):
- everyone with a role and an employee record sees themselves;
- a team lead sees the members of the teams they lead (Team.lead — not the manager column);
- a department head sees the department they head (Department.head);
- HR and management see everyone; management only reads;
- an administrator sees the directory (to link users and run imports) with each person's current level, but
  no performance data, pay, level history or level-since date (may_see_level_history);
- pay: the person themselves, HR and management; nobody else.
Objects the user may not see raise NotFoundOrForbidden, so "missing" and "not yours" look the same.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError
from serviceladder.org.models import Department, Employee, Team

EVERYONE_ROLES = frozenset({Role.HR, Role.MANAGEMENT, Role.ADMIN})
PERFORMANCE_EVERYONE_ROLES = frozenset({Role.HR, Role.MANAGEMENT})
PAY_ROLES = frozenset({Role.HR, Role.MANAGEMENT})


def user_roles(user: User | AnonymousUser | None) -> frozenset[str]:
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_serviceladder_roles", None)
    if cached is None:
        cached = frozenset(user.role_grants.values_list("role", flat=True))
        user._serviceladder_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def user_employee(user) -> Employee | None:
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_serviceladder_employee"):
        user._serviceladder_employee = Employee.objects.filter(user=user).select_related("team").first()
    return user._serviceladder_employee


def _own_scope(user, *, include_admin: bool) -> Q | None:
    """None means "everyone"; otherwise the Q that limits Employee rows."""
    roles = user_roles(user)
    if not roles:
        return Q(pk__in=[])
    if roles & PERFORMANCE_EVERYONE_ROLES:
        return None
    if include_admin and Role.ADMIN in roles:
        return None
    me = user_employee(user)
    if me is None:
        return Q(pk__in=[])
    scope = Q(pk=me.pk)
    if Role.TEAM_LEAD in roles:
        scope |= Q(team__lead=me)
    if Role.DEPARTMENT_HEAD in roles:
        scope |= Q(team__department__head=me)
    return scope


def employees_visible_to(user) -> QuerySet[Employee]:
    """Employees this user may find in the directory and open."""
    scope = _own_scope(user, include_admin=True)
    qs = Employee.objects.all()
    return qs if scope is None else qs.filter(scope)


def employees_with_performance_visible_to(user) -> QuerySet[Employee]:
    """Employees whose KPIs, exams, violations and level history this user may see."""
    scope = _own_scope(user, include_admin=False)
    qs = Employee.objects.all()
    return qs if scope is None else qs.filter(scope)


def access_employee(user, number: str) -> Employee:
    """The employee with this number, if the user may see them; otherwise NotFoundOrForbidden."""
    employee = (
        employees_visible_to(user)
        .select_related("team__department", "manager", "user")
        .filter(number=number)
        .first()
    )
    if employee is None:
        raise NotFoundOrForbidden()
    return employee


def can_see_performance(user, employee: Employee) -> bool:
    return employees_with_performance_visible_to(user).filter(pk=employee.pk).exists()


def may_see_current_level(user, employee: Employee) -> bool:
    """The level a person holds today: everyone who may see the person (the directory shows it)."""
    return employees_visible_to(user).filter(pk=employee.pk).exists()


def may_see_level_history(user, employee: Employee) -> bool:
    """Since when a person holds their level, how long that is, and every earlier level.

    Part of their performance record (it decides eligibility): the person, their lead and head, HR and
    management — never an administrator, who sees only the current level. Every page, export and endpoint
    that shows a level-since date, a time in level or a level history asks here.
    """
    return can_see_performance(user, employee)


def access_team_performance(user, code: str) -> Team:
    """A team whose figures and ranking the user may see: its lead, its department's head, HR, management."""
    team = Team.objects.select_related("department", "lead").filter(code=code).first()
    if team is None:
        raise NotFoundOrForbidden()
    roles = user_roles(user)
    if roles & PERFORMANCE_EVERYONE_ROLES:
        return team
    me = user_employee(user)
    if me is not None and Role.TEAM_LEAD in roles and team.lead_id == me.pk:
        return team
    if me is not None and Role.DEPARTMENT_HEAD in roles and team.department.head_id == me.pk:
        return team
    raise NotFoundOrForbidden()


QUEUE_ROLES = frozenset({Role.HR, Role.MANAGEMENT, Role.DEPARTMENT_HEAD})


def can_see_queues(user) -> bool:
    """Queue figures (offered, abandoned, service level): HR, management and department heads.

    Never an administrator (no KPIs), a team lead or an agent: a queue serves a whole department.
    """
    return bool(user_roles(user) & QUEUE_ROLES)


def queue_scope(user) -> Q:
    """Which queue figures the user may see (a Q over QueueMonthlyFigure); PermissionDeniedError for a user
    who may not see queues at all.

    HR and management see every queue; a department head sees the queues the import mapping assigned to
    the department they head (a queue assigned to no department is not theirs).
    """
    roles = user_roles(user)
    if roles & PERFORMANCE_EVERYONE_ROLES:
        return Q()
    me = user_employee(user)
    if Role.DEPARTMENT_HEAD in roles and me is not None:
        return Q(department__head=me)
    raise PermissionDeniedError()


def can_import(user) -> bool:
    return bool(user_roles(user) & frozenset().union(*IMPORT_ROLES.values()))


def can_see_pay(user, employee: Employee) -> bool:
    if user_roles(user) & PAY_ROLES:
        return True
    me = user_employee(user)
    return me is not None and me.pk == employee.pk and bool(user_roles(user))


def can_see_pay_bands(user) -> bool:
    """Pay bands of the career framework: HR and management only (not the person, not their leads)."""
    return bool(user_roles(user) & PAY_ROLES)


def _superior_of(user, employee: Employee, *, head_only_without_lead: bool) -> bool:
    """Whether `user` is above `employee`: HR; their team lead; their department head (with
    `head_only_without_lead`, only for a team without a lead and for the team lead themselves). Never the
    person themselves."""
    roles = user_roles(user)
    me = user_employee(user)
    if me is not None and me.pk == employee.pk:
        return False
    if Role.HR in roles:
        return True
    if me is None or employee.team_id is None:
        return False
    team = employee.team
    if Role.TEAM_LEAD in roles and team.lead_id == me.pk:
        return True
    # A team lead's own superior is their head.
    if head_only_without_lead and team.lead_id not in (None, employee.pk):
        return False
    return Role.DEPARTMENT_HEAD in roles and team.department.head_id == me.pk


def can_confirm_competencies(user, employee: Employee) -> bool:
    """A competency confirmation is given by the person's team lead, their department head, or HR.

    Never by the person themselves; a lead of another team or a head of another department may not.
    """
    return _superior_of(user, employee, head_only_without_lead=False)


def can_browse_audit(user) -> bool:
    return has_role(user, Role.HR)


def audit_events_visible_to(user):
    """The audit events this user may read: HR reads the whole log; nobody else reads it."""
    from serviceladder.audit.models import AuditEvent

    if not can_browse_audit(user):
        return AuditEvent.objects.none()
    return AuditEvent.objects.all()


def can_manage_roles(user) -> bool:
    return has_role(user, Role.HR, Role.ADMIN)


def can_manage_logins(user) -> bool:
    """Create, switch off and on, and hand over a way in to logins: HR and administrators (the grant matrix
    and accounts.logins narrow what an administrator may do to HR and management logins)."""
    return has_role(user, Role.HR, Role.ADMIN)


def can_edit_employee_records(user) -> bool:
    """Change a person's roster fields (name, team, dates, level …) one at a time in the browser: HR only.

    An administrator imports the roster file but does not edit people one by one: a single edit is a
    decision about a person, and HR answers for those.
    """
    return has_role(user, Role.HR)


IMPORT_DENIED = _("Importing %(kind)s needs one of these roles: %(roles)s.")

IMPORT_ROLES = {
    "roster": frozenset({Role.HR, Role.ADMIN}),
    "teams": frozenset({Role.HR, Role.ADMIN}),
    "pay": frozenset({Role.HR}),
    "exams": frozenset({Role.HR, Role.ADMIN}),
    "violations": frozenset({Role.HR}),
    "trainings": frozenset({Role.HR, Role.ADMIN}),
    "interactions": frozenset({Role.HR, Role.ADMIN}),
    "metrics": frozenset({Role.HR, Role.ADMIN}),
    "assessments": frozenset({Role.HR}),
    # customer compliments (recognition.services.received_import)
    "recognition": frozenset({Role.HR, Role.ADMIN}),
    # course enrolments (learning.services.enrolments_import)
    "enrolments": frozenset({Role.HR, Role.ADMIN}),
    # the learning catalogue (learning.services.catalogue_import): HR keeps it
    "courses": frozenset({Role.HR}),
}


def import_jobs_scope(user) -> Q:
    """Which uploads' status a user is told about (a Q over metrics.ImportJob): their own; HR every upload's
    (to notice a failed import). An upload's report and problem list stay with its uploader (web imports)."""
    if Role.HR in user_roles(user):
        return Q()
    if not user_roles(user):
        return Q(pk__in=[])
    return Q(created_by=user)


def require_import(user, kind: str) -> None:
    if not user_roles(user) & IMPORT_ROLES[kind]:
        raise PermissionDeniedError(IMPORT_DENIED, kind=kind, roles=", ".join(sorted(IMPORT_ROLES[kind])))


# Policy drafts: HR drafts the policy and management weighs it against headcount (as the what-if page allows);
# a draft is shared between them. Nobody else sees that drafts exist.
POLICY_DRAFT_ROLES = (Role.HR, Role.MANAGEMENT)


def can_work_on_policy_drafts(user) -> bool:
    return has_role(user, *POLICY_DRAFT_ROLES)


def policy_drafts_visible_to(user):
    from serviceladder.policy.models import PolicyDraft

    drafts = PolicyDraft.objects.select_related("base_version", "created_by", "updated_by")
    if not can_work_on_policy_drafts(user):
        return drafts.none()
    return drafts


def access_policy_draft(user, pk):
    """The draft, if this user may work on it; otherwise UnknownPolicyDraft (missing and not yours alike)."""
    from serviceladder.policy.errors import UnknownPolicyDraft

    draft = policy_drafts_visible_to(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if draft is None:
        raise UnknownPolicyDraft(ref=pk)
    return draft


# Development planning (issue 14): plans, goals, actions, assessments, conversations, the record.
#
# Read in full: the person; their team lead; their department head (read only); HR (everyone). A mentor
# reads their mentees' plans and goals only (mentee_scope), never their KPIs or pay through it. Management
# sees counts and completion rates, never a person's plan. An administrator sees none of it.


def _development_scope(user) -> Q | None:
    """None means everyone; otherwise the Q over Employee whose development records the user reads."""
    roles = user_roles(user)
    if Role.HR in roles:
        return None
    me = user_employee(user)
    if me is None or not roles & {Role.AGENT, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD}:
        return Q(pk__in=[])
    scope = Q(pk=me.pk)
    if Role.TEAM_LEAD in roles:
        scope |= Q(team__lead=me)
    if Role.DEPARTMENT_HEAD in roles:
        scope |= Q(team__department__head=me)
    return scope


def employees_with_development_visible_to(user) -> QuerySet[Employee]:
    """The people whose whole development record (plan, goals, assessments, conversations' shared notes,
    contributions) this user may read."""
    scope = _development_scope(user)
    qs = Employee.objects.all()
    return qs if scope is None else qs.filter(scope)


def can_see_development(user, employee: Employee) -> bool:
    return employees_with_development_visible_to(user).filter(pk=employee.pk).exists()


def mentee_scope(user) -> Q:
    """The people this user mentors now (a mentorship not ended by hand and not past its end date): they
    read their plans and goals."""
    from django.utils import timezone

    me = user_employee(user)
    if me is None or not user_roles(user):
        return Q(pk__in=[])
    return Q(
        mentorships_received__mentor=me,
        mentorships_received__ended_at__isnull=True,
    ) & (
        Q(mentorships_received__ends_on__isnull=True)
        | Q(mentorships_received__ends_on__gte=timezone.localdate())
    )


def can_see_plan(user, employee: Employee) -> bool:
    """A person's plan and goals: whoever reads their development record, and their mentor."""
    if can_see_development(user, employee):
        return True
    return Employee.objects.filter(mentee_scope(user), pk=employee.pk).exists()


def can_lead_development(user, employee: Employee) -> bool:
    """The superior's side of development work (agree a plan, hold a conversation, choose peer raters, pair
    a mentor): the person's team lead, the head of their department for a team with no lead and for the
    team lead themselves, HR. Never the person themselves."""
    return _superior_of(user, employee, head_only_without_lead=True)


def can_edit_own_development(user, employee: Employee) -> bool:
    """The person's side: edit their draft plan, rate themselves, log their contributions."""
    me = user_employee(user)
    return me is not None and me.pk == employee.pk and bool(user_roles(user))


def can_see_development_counts(user) -> bool:
    """Counts and completion rates across the organisation: HR and management."""
    return bool(user_roles(user) & {Role.HR, Role.MANAGEMENT})


def actions_hosted_by(user):
    """Plan actions another team hosts for a person (a job rotation, a management task) whose host lead is
    this user, on plans in force (the agreed version of an active plan), for people outside the teams they
    lead: the host lead sees what they host, not the rest of the plan."""
    from serviceladder.development.models import PlanAction

    me = user_employee(user)
    if me is None or not user_roles(user):
        return PlanAction.objects.none()
    return (
        PlanAction.objects.filter(
            host_lead=me,
            kind__in=[PlanAction.Kind.ROTATION, PlanAction.Kind.MANAGEMENT_TASK],
            version__state="agreed",
            version__plan__status="active",
        )
        .exclude(version__plan__employee=me)
        .exclude(version__plan__employee__team__lead=me)  # their own team's plans they see anyway
        .select_related("version__plan__employee", "host_team")
    )


def access_plan_employee(user, number: str) -> Employee:
    """The person with this number if `user` may read their plan (their development readers, their mentor);
    otherwise NotFoundOrForbidden, the same answer as for an unknown number."""
    employee = Employee.objects.select_related("team__department", "team__lead").filter(number=number).first()
    if employee is None or not can_see_plan(user, employee):
        raise NotFoundOrForbidden()
    return employee


# --- recognition and performance pay (issue 15) ------------------------------------------------------------
# Star tiers with their reasons follow the performance record (the person, their lead and head, HR,
# management); the star wall (names and the policy's top tiers of published periods) is for all staff, like
# the promotion notice. Bonus figures follow pay (the person — once HR approved the month —, HR, management).
# Improvement plans: the person, their lead, their head, HR (not management, not an administrator).


def can_see_stars(user, employee: Employee) -> bool:
    """A person's computed tiers with every condition's figures, nominations and history."""
    return can_see_performance(user, employee)


def employees_with_stars_visible_to(user) -> QuerySet[Employee]:
    """Whose tiers (computed or simulated by the what-if) this user may see: can_see_stars, as a query."""
    return employees_with_performance_visible_to(user)


def can_manage_stars(user) -> bool:
    """Compute a period, decide nominations, publish: HR."""
    return Role.HR in user_roles(user)


def can_nominate_stars(user, employee: Employee) -> bool:
    """Nominate a borderline person one tier up: their team lead (the head for a leadless team and for the
    lead themselves). Never for oneself; HR decides nominations rather than making them."""
    return Role.HR not in user_roles(user) and _superior_of(user, employee, head_only_without_lead=True)


def star_nominees_of(user) -> QuerySet[Employee]:
    """Whom `user` may nominate (can_nominate_stars, as a query): a lead's team but themselves; a head's
    leadless teams and the leads of their department's teams. HR nobody."""
    roles = user_roles(user)
    me = user_employee(user)
    if me is None or Role.HR in roles:
        return Employee.objects.none()
    scope = Q(pk__in=[])
    if Role.TEAM_LEAD in roles:
        scope |= Q(team__lead=me)
    if Role.DEPARTMENT_HEAD in roles:
        head = Q(team__department__head=me)
        scope |= head & (Q(team__lead__isnull=True) | Q(team__lead=F("pk")))
    return Employee.objects.filter(scope).exclude(pk=me.pk)


def can_list_star_periods(user) -> bool:
    """The star periods pages: HR (computes, decides, publishes), management (reads), leads and heads (their
    people's ratings, nominations). Which ratings each reads is can_see_stars."""
    return bool(user_roles(user) & {Role.HR, Role.MANAGEMENT, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD})


def can_see_star_wall(user) -> bool:
    return bool(user_roles(user))


def can_give_recognition(user) -> bool:
    """Any member of staff with an employee record (an administrator's bare login has none)."""
    return user_employee(user) is not None and bool(user_roles(user) - {Role.ADMIN})


def recognition_recipients(user) -> QuerySet[Employee]:
    """Whom this user may thank: every active colleague but themselves (the form shows names and teams
    only, never a figure)."""
    if not can_give_recognition(user):
        return Employee.objects.none()
    today = timezone.localdate()
    return (
        Employee.objects.filter(Q(leave_date__isnull=True) | Q(leave_date__gte=today))
        .exclude(pk=user_employee(user).pk)
        .select_related("team")
    )


def can_moderate_recognition(user, employee: Employee) -> bool:
    """Hide (or show again) an abusive recognition a person received: their lead or head, HR."""
    return _superior_of(user, employee, head_only_without_lead=False)


def can_see_recognition(user, employee: Employee) -> bool:
    """The recognition a person received (category, text, from whom, date): the person and whoever reads their
    performance record (lead, head, HR, management); hidden ones only to can_moderate_recognition."""
    return can_see_performance(user, employee)


def gives_recognition_as_lead(user, employee: Employee) -> bool:
    """Whether recognition from `user` to `employee` comes from their lead: the lead of their team or the head
    of their department (HR thanking someone is a colleague's thanks)."""
    me = user_employee(user)
    if me is None or me.pk == employee.pk or employee.team_id is None:
        return False
    roles = user_roles(user)
    team = employee.team
    if Role.TEAM_LEAD in roles and team.lead_id == me.pk:
        return True
    return Role.DEPARTMENT_HEAD in roles and team.department.head_id == me.pk


def can_see_team_pay_totals(user) -> bool:
    return bool(user_roles(user) & PAY_ROLES)


def can_manage_bonus(user) -> bool:
    """Propose, adjust, approve, correct and export performance pay: HR."""
    return Role.HR in user_roles(user)


def can_coach(user, employee: Employee) -> bool:
    """Record a coaching session on a task: the person's lead (the head for a leadless team and for the lead
    themselves), HR. Never the person themselves."""
    return _superior_of(user, employee, head_only_without_lead=True)


def can_see_coaching(user, employee: Employee) -> bool:
    """Coaching tasks with their evidence: the person and whoever reads their development record."""
    return can_see_development(user, employee)


def employees_with_improvement_plans_visible_to(user) -> QuerySet[Employee]:
    """The person, their lead, their head, HR."""
    return employees_with_development_visible_to(user)


def can_see_improvement_plan(user, employee: Employee) -> bool:
    return can_see_development(user, employee)


def can_review_improvement_plan(user, employee: Employee) -> bool:
    """The lead's review (the person's lead; the head for a leadless team) and HR's review."""
    return _superior_of(user, employee, head_only_without_lead=True)


def can_review_improvement_plan_as_hr(user, employee: Employee) -> bool:
    """HR's review of a proposal (approve or decline): HR, never for their own plan."""
    me = user_employee(user)
    if me is not None and me.pk == employee.pk:
        return False
    return Role.HR in user_roles(user)


# --- wellbeing (issue 16) ----------------------------------------------------------------------------------
# Sensitive personal data. A person's stage and signals: the person (their own risk level only when the policy
# says so), their team lead, their department head, HR — never management (aggregates only) nor an
# administrator. Cases: the lead and head of the person, HR; never the person. Pulse: nobody sees an
# individual answer; HR reads results and comments; management reads the organisation's shown results; a lead
# reads the answers a team member chose to share with them. Voice: the submitter, the owner, the addressee (HR
# or the department's head), HR; the name of an anonymous submitter only to HR.


def _wellbeing_scope(user) -> Q | None:
    """None means everyone; otherwise the Q over Employee whose stage and signals this user reads."""
    return _development_scope(user)


def employees_with_wellbeing_visible_to(user) -> QuerySet[Employee]:
    scope = _wellbeing_scope(user)
    qs = Employee.objects.all()
    return qs if scope is None else qs.filter(scope)


def can_see_wellbeing(user, employee: Employee) -> bool:
    """The person's lifecycle stage and signals (the risk level of one's own only as the policy allows)."""
    return employees_with_wellbeing_visible_to(user).filter(pk=employee.pk).exists()


def employees_with_wellbeing_cases_visible_to(user) -> QuerySet[Employee]:
    """The people whose wellbeing cases this user reads: their lead, their head, HR; never the person."""
    qs = employees_with_wellbeing_visible_to(user)
    me = user_employee(user)
    return qs if me is None else qs.exclude(pk=me.pk)


def can_see_wellbeing_case(user, employee: Employee) -> bool:
    return employees_with_wellbeing_cases_visible_to(user).filter(pk=employee.pk).exists()


def can_open_wellbeing_case(user, employee: Employee) -> bool:
    """Open a case, plan its actions, follow up and close it: the person's lead (the head for a leadless
    team and for the lead themselves), HR."""
    return _superior_of(user, employee, head_only_without_lead=True)


def can_see_wellbeing_heat_map(user) -> bool:
    """Team × signal counts (no names): HR, management, department heads (their department)."""
    return bool(user_roles(user) & {Role.HR, Role.MANAGEMENT, Role.DEPARTMENT_HEAD})


def wellbeing_heat_map_teams(user) -> QuerySet[Team]:
    """The teams whose rows the heat map shows this user: HR and management every team, a department head
    the teams of the departments they head; nobody else any."""
    roles = user_roles(user)
    if roles & {Role.HR, Role.MANAGEMENT}:
        return Team.objects.all()
    me = user_employee(user)
    if me is None or Role.DEPARTMENT_HEAD not in roles:
        return Team.objects.none()
    return Team.objects.filter(department__head=me)


def access_team_wellbeing(user, code: str) -> Team:
    """A team whose members' stages and signals the user reads: its lead, its department's head, HR. Never
    management (aggregates only) nor an administrator; "not found" otherwise."""
    team = Team.objects.select_related("department", "lead").filter(code=code).first()
    if team is None:
        raise NotFoundOrForbidden()
    roles = user_roles(user)
    if Role.HR in roles:
        return team
    me = user_employee(user)
    if me is not None and Role.TEAM_LEAD in roles and team.lead_id == me.pk:
        return team
    if me is not None and Role.DEPARTMENT_HEAD in roles and team.department.head_id == me.pk:
        return team
    raise NotFoundOrForbidden()


def wellbeing_teams_visible_to(user) -> QuerySet[Team]:
    """The teams whose wellbeing page this user opens (access_team_wellbeing)."""
    roles = user_roles(user)
    if Role.HR in roles:
        return Team.objects.all()
    me = user_employee(user)
    if me is None:
        return Team.objects.none()
    scope = Q(pk__in=[])
    if Role.TEAM_LEAD in roles:
        scope |= Q(lead=me)
    if Role.DEPARTMENT_HEAD in roles:
        scope |= Q(department__head=me)
    return Team.objects.filter(scope)


def may_see_wellbeing_risk(user, employee: Employee, *, agents_see_own_risk: bool) -> bool:
    """A person's risk level: whoever reads their wellbeing (can_see_wellbeing); the person their own only
    when the policy's `wellbeing.agents_see_own_risk` says so."""
    me = user_employee(user)
    if me is not None and me.pk == employee.pk:
        return agents_see_own_risk
    return can_see_wellbeing(user, employee)


def can_manage_pulse(user) -> bool:
    """Schedule, open and close pulse cycles; read every shown result and the comments: HR."""
    return Role.HR in user_roles(user)


def can_see_pulse_results(user) -> bool:
    """The shown (never suppressed) pulse results: HR, management, department heads."""
    return bool(user_roles(user) & {Role.HR, Role.MANAGEMENT, Role.DEPARTMENT_HEAD})


def can_answer_pulse(user) -> bool:
    """Staff with an employee record; an administrator's bare login has none."""
    return user_employee(user) is not None and bool(user_roles(user) - {Role.ADMIN})


def can_submit_voice(user) -> bool:
    return can_answer_pulse(user)


def can_manage_voice(user) -> bool:
    """Every item, the names of anonymous submitters, response-time figures, assigning owners: HR."""
    return Role.HR in user_roles(user)


def voice_items_visible_to(user):
    """The voice items this user reads: HR all; a department head those addressed to their department and
    those escalated to them; an owner the ones they own; everyone their own."""
    from serviceladder.wellbeing.models import VoiceItem

    roles = user_roles(user)
    if Role.HR in roles:
        return VoiceItem.objects.all()
    me = user_employee(user)
    scope = Q(owner=user) | Q(escalated_to=user) if user.is_authenticated else Q(pk__in=[])
    if me is not None:
        scope |= Q(submitter=me)
        if Role.DEPARTMENT_HEAD in roles:
            scope |= Q(addressed_to=VoiceItem.Addressee.DEPARTMENT, department__head=me)
    return VoiceItem.objects.filter(scope)


def may_see_voice_submitter(user, item) -> bool:
    """A named item's submitter shows to whoever reads it; an anonymous one's only to HR and to themselves."""
    if not item.anonymous:
        return True
    me = user_employee(user)
    return Role.HR in user_roles(user) or (me is not None and me.pk == item.submitter_id)


def can_answer_voice(user, item) -> bool:
    """Answer an item: its owner, the head of the department it is addressed to, the person it was escalated
    to, HR. Never the submitter (a head's own item goes to HR)."""
    me = user_employee(user)
    if me is not None and me.pk == item.submitter_id:
        return False
    if Role.HR in user_roles(user):
        return True
    if item.owner_id == user.pk or item.escalated_to_id == user.pk:
        return True
    return bool(
        Role.DEPARTMENT_HEAD in user_roles(user)
        and me is not None
        and item.addressed_to == "department"
        and item.department is not None
        and item.department.head_id == me.pk
    )


def can_organise_activities(user) -> bool:
    """Create activities and record attendance: team leads (their team), department heads (their
    department), HR (anyone, the whole organisation)."""
    return bool(user_roles(user) & {Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.HR})


def can_assign_voice(user, item) -> bool:
    """Choose an item's owner: HR; the head of the department it is addressed to. Never the submitter."""
    me = user_employee(user)
    if me is not None and me.pk == item.submitter_id:
        return False
    if Role.HR in user_roles(user):
        return True
    return bool(
        Role.DEPARTMENT_HEAD in user_roles(user)
        and me is not None
        and item.addressed_to == "department"
        and item.department is not None
        and item.department.head_id == me.pk
    )


def may_own_voice(user, item) -> bool:
    """Who may be an item's owner: an HR user; for an item to a department also its head and the leads of its
    teams. Never the submitter."""
    me = user_employee(user)
    if not user.is_active or (me is not None and me.pk == item.submitter_id):
        return False
    roles = user_roles(user)
    if Role.HR in roles:
        return True
    if item.addressed_to != "department" or item.department is None or me is None:
        return False
    if Role.DEPARTMENT_HEAD in roles and item.department.head_id == me.pk:
        return True
    return Role.TEAM_LEAD in roles and item.department.teams.filter(lead=me).exists()


def can_open_voice_inbox(user) -> bool:
    """The inbox of items to answer: HR, department heads, team leads (who may own items) and anyone who owns
    an item or had one escalated to them."""
    if user_roles(user) & {Role.HR, Role.DEPARTMENT_HEAD, Role.TEAM_LEAD}:
        return True
    from serviceladder.wellbeing.models import VoiceItem

    return user.is_authenticated and VoiceItem.objects.filter(Q(owner=user) | Q(escalated_to=user)).exists()


def can_see_voice_figures(user) -> bool:
    """The response-time figures of the voice channel: HR."""
    return can_manage_voice(user)


def can_read_voice_answers(user) -> bool:
    """The answers HR published to all staff: everyone with a role."""
    return bool(user_roles(user))


def activity_targets(user) -> list[tuple[Team | None, Department | None]]:
    """Whom this user may organise an activity for, as (team, department) pairs; (None, None) is the
    whole organisation. A lead: the teams they lead; a head: their departments and the teams in them; HR:
    every team, every department and the organisation."""
    roles = user_roles(user)
    if not can_organise_activities(user):
        return []
    if Role.HR in roles:
        teams = Team.objects.select_related("department")
        return [
            (None, None),
            *((None, d) for d in Department.objects.all()),
            *((t, None) for t in teams),
        ]
    me = user_employee(user)
    if me is None:
        return []
    out: list[tuple[Team | None, Department | None]] = []
    if Role.DEPARTMENT_HEAD in roles:
        for department in Department.objects.filter(head=me):
            out.append((None, department))
            out.extend((t, None) for t in department.teams.all())
    if Role.TEAM_LEAD in roles:
        out.extend((t, None) for t in Team.objects.filter(lead=me) if (t, None) not in out)
    return out


def can_organise_activity_for(user, *, team: Team | None, department: Department | None) -> bool:
    """Create an activity for this team, department, or (both None) the organisation."""
    if team is not None and department is not None:
        return False
    roles = user_roles(user)
    if not can_organise_activities(user):
        return False
    if Role.HR in roles:
        return True
    me = user_employee(user)
    if me is None:
        return False
    if team is not None:
        if Role.TEAM_LEAD in roles and team.lead_id == me.pk:
            return True
        return Role.DEPARTMENT_HEAD in roles and team.department.head_id == me.pk
    if department is not None:
        return Role.DEPARTMENT_HEAD in roles and department.head_id == me.pk
    return False


def can_manage_activity(user, activity) -> bool:
    """Edit, cancel, see the sign-ups of and record attendance at an activity: whoever may organise one for
    its audience (its team's lead, its department's head, HR), and the person who created it while they
    still may organise activities."""
    if not user.is_authenticated or not can_organise_activities(user):
        return False
    if activity.created_by_id == user.pk:
        return True
    return can_organise_activity_for(user, team=activity.team, department=activity.department)


def _activity_scope(user) -> Q | None:
    """None means every activity; otherwise the Q over Activity this user reads: the organisation's, their
    own team's and department's, and those of the teams and departments they lead or head."""
    roles = user_roles(user)
    if Role.HR in roles:
        return None
    if not roles:
        return Q(pk__in=[])
    scope = Q(team__isnull=True, department__isnull=True)
    if user.is_authenticated:
        scope |= Q(created_by=user)
    me = user_employee(user)
    if me is None:
        return scope
    if me.team_id is not None:
        scope |= Q(team_id=me.team_id) | Q(department_id=me.team.department_id)
    if Role.TEAM_LEAD in roles:
        scope |= Q(team__lead=me)
    if Role.DEPARTMENT_HEAD in roles:
        scope |= Q(department__head=me) | Q(team__department__head=me)
    return scope


def activities_visible_to(user):
    from serviceladder.wellbeing.models import Activity

    scope = _activity_scope(user)
    qs = Activity.objects.all()
    return qs if scope is None else qs.filter(scope)


def activities_open_to(employee: Employee):
    """The activities a person may join: the organisation's, their team's and their department's, and
    those of the teams they lead and the departments they head."""
    from serviceladder.wellbeing.models import Activity

    scope = (
        Q(team__isnull=True, department__isnull=True) | Q(team__lead=employee) | Q(department__head=employee)
    )
    if employee.team_id is not None:
        scope |= Q(team_id=employee.team_id) | Q(department_id=employee.team.department_id)
    return Activity.objects.filter(scope)


def pulse_lead_of(employee: Employee) -> Employee | None:
    """Who a person's shared pulse answers go to: their team's lead; the department head for a team
    without a lead and for the lead themselves; nobody for a person without a team or for the head."""
    team = employee.team
    if team is None:
        return None
    if team.lead_id is not None and team.lead_id != employee.pk:
        return team.lead
    head = team.department.head
    return head if head is not None and head.pk != employee.pk else None


def pulse_shared_visible_to(user):
    """The pulse answers shared with this user: those of the people they are the pulse lead of (see
    pulse_lead_of). Nobody else reads them, HR included: the person shared them with their lead."""
    from serviceladder.wellbeing.models import PulseShared

    me = user_employee(user)
    if me is None:
        return PulseShared.objects.none()
    scope = Q(team__lead=me) | (
        Q(team__department__head=me) & (Q(team__lead__isnull=True) | Q(team__lead=F("pk")))
    )
    return PulseShared.objects.filter(employee__in=Employee.objects.filter(scope).exclude(pk=me.pk))


def can_see_pulse_shared(user) -> bool:
    """The page of shared pulse answers: team leads and department heads."""
    return bool(user_roles(user) & {Role.TEAM_LEAD, Role.DEPARTMENT_HEAD}) and user_employee(user) is not None


def pulse_results_scope(user) -> tuple[bool, set[int] | None]:
    """Which shown pulse results this user reads: (the organisation line, the department ids or None for
    all). HR and management read everything shown; a department head the organisation line and their
    departments (with their teams). The suppression plan is always computed over the whole organisation;
    a scope only leaves shown groups out."""
    roles = user_roles(user)
    if roles & {Role.HR, Role.MANAGEMENT}:
        return True, None
    me = user_employee(user)
    if Role.DEPARTMENT_HEAD in roles and me is not None:
        return True, set(me.headed_departments.values_list("pk", flat=True))
    return False, set()


# --- learning (issue 17) -----------------------------------------------------------------------------------
# A person's learning record (enrolments, completions, exam attempts and results): the person, their team
# lead, their department head, HR. A trainer (a per-course grant, learning.CourseTrainer) sees the rosters
# of their courses' enrolments and marks them. Management reads the reports' aggregates, never a person's
# record. An administrator sees none of it. Exam questions: HR and the course's trainers; an agent only
# inside an attempt, and after it only when the exam allows review.


def _learning_scope(user) -> Q | None:
    """None means everyone; otherwise the Q over Employee whose learning record this user reads."""
    return _development_scope(user)


def employees_with_learning_visible_to(user) -> QuerySet[Employee]:
    scope = _learning_scope(user)
    qs = Employee.objects.all()
    return qs if scope is None else qs.filter(scope)


def can_see_learning(user, employee: Employee) -> bool:
    """A person's whole learning record: the person, their lead and head, HR."""
    return employees_with_learning_visible_to(user).filter(pk=employee.pk).exists()


def trainer_course_ids(user) -> set[int]:
    """The catalogue courses this user holds a trainer grant for (empty without a role)."""
    if not user_roles(user):
        return set()
    cached = getattr(user, "_serviceladder_trainer_courses", None)
    if cached is None:
        from serviceladder.learning.models import CourseTrainer

        cached = set(CourseTrainer.objects.filter(user=user).values_list("course_id", flat=True))
        user._serviceladder_trainer_courses = cached
    return cached


def is_trainer_of(user, course) -> bool:
    return course is not None and course.pk in trainer_course_ids(user)


def enrolments_visible_to(user):
    """Enrolments this user reads: those of the people whose record they see, and the rosters of the courses
    they train."""
    from serviceladder.learning.models import Enrolment

    scope = _learning_scope(user)
    if scope is None:
        return Enrolment.objects.all()
    people = Q(employee__in=Employee.objects.filter(scope))
    courses = trainer_course_ids(user)
    if courses:
        people |= Q(course_id__in=courses)
    return Enrolment.objects.filter(people)


def can_manage_catalogue(user) -> bool:
    """Courses, curricula, trainer grants, question banks and exams: HR."""
    return Role.HR in user_roles(user)


def can_schedule_sessions(user, course) -> bool:
    """Schedule, change or cancel a course's sessions: HR and the course's trainers."""
    return can_manage_catalogue(user) or is_trainer_of(user, course)


def can_mark_enrolment(user, enrolment) -> bool:
    """Mark attendance, completion or failure: HR, a trainer of the course, the person's lead (the head for a
    team without a lead and for a lead). Never the person themselves."""
    if can_manage_catalogue(user) or is_trainer_of(user, enrolment.course):
        return True
    return _superior_of(user, enrolment.employee, head_only_without_lead=True)


def can_enrol_others(user, employee: Employee) -> bool:
    """Enrol a person in a course (or cancel their enrolment): HR, their lead (the head for a team without a
    lead and for a lead)."""
    return can_manage_catalogue(user) or _superior_of(user, employee, head_only_without_lead=True)


def can_self_enrol(user, course) -> bool:
    """Enrol oneself: anyone with a role and an employee record, in an active course that allows it."""
    return bool(user_roles(user) and user_employee(user) is not None and course.active and course.self_enrol)


def can_take_exam(user, exam) -> bool:
    """Start or continue an attempt: anyone with a role and an employee record, at a published exam."""
    return bool(user_roles(user) and user_employee(user) is not None and exam.published)


def can_see_questions(user, course=None) -> bool:
    """A question bank outside an attempt: HR, and the trainers of the bank's course."""
    return can_manage_catalogue(user) or (course is not None and is_trainer_of(user, course))


def can_mark_attempts(user, exam) -> bool:
    """Mark short answers of an exam's attempts: HR and the trainers of the exam's course."""
    return can_manage_catalogue(user) or (exam.course_id is not None and is_trainer_of(user, exam.course))


def can_see_learning_reports(user) -> bool:
    """Completion and overdue figures: a lead (their teams), a head (their department), HR and management
    (everyone, in aggregate)."""
    return bool(user_roles(user) & {Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.HR, Role.MANAGEMENT})


def learning_report_scope(user) -> Q | None:
    """The Employee rows a reader's learning reports count: None for HR and management (everyone), their
    teams for a lead, their department for a head; nobody for anyone else."""
    roles = user_roles(user)
    if roles & {Role.HR, Role.MANAGEMENT}:
        return None
    me = user_employee(user)
    if me is None:
        return Q(pk__in=[])
    scope = Q(pk__in=[])
    if Role.TEAM_LEAD in roles:
        scope |= Q(team__lead=me)
    if Role.DEPARTMENT_HEAD in roles:
        scope |= Q(team__department__head=me)
    return scope


def curriculum_followers_scope(user) -> Q | None:
    """The people whose curriculum progress (new hires' block, overdue items as to-dos) `user` follows as
    their superior: a lead their teams; a head the teams of their department without a lead, and those leads;
    None (no one) for anyone else. HR reads curricula through can_manage_catalogue, not as a follower."""
    roles = user_roles(user)
    me = user_employee(user)
    if me is None or not roles & {Role.TEAM_LEAD, Role.DEPARTMENT_HEAD}:
        return None
    scope = Q(pk__in=[])
    if Role.TEAM_LEAD in roles:
        scope |= Q(team__lead=me)
    if Role.DEPARTMENT_HEAD in roles:
        scope |= Q(team__department__head=me) & (Q(team__lead__isnull=True) | Q(team__lead=F("pk")))
    return scope & ~Q(pk=me.pk)
