"""Applications: drafts, nominations, attachments, submission (frozen eligibility), withdrawal, comments."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import user_employee
from serviceladder.audit.services import Actor, audit_record, private_fields, text_fingerprint
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.core.translatable import Message, cycle_names, names_of
from serviceladder.ladder.models import Level
from serviceladder.org.models import Employee
from serviceladder.policy.selectors import policy_parsed
from serviceladder.promotions import clock, rules
from serviceladder.promotions.access import (
    can_comment,
    can_nominate,
    require_operation,
    require_scope,
)
from serviceladder.promotions.attachments import check_upload
from serviceladder.promotions.errors import (
    ALREADY_APPLIED,
    ATTACHMENT_TOO_MANY,
    CANNOT_APPLY_FOR_OTHERS,
    CANNOT_NOMINATE,
    COMMENT_EMPTY,
    CYCLE_NOT_OPEN,
    FORM_INCOMPLETE,
    NO_SUCH_TRANSITION,
    NOT_EDITABLE,
    STEP_UNDER_WAY,
    ExceptionReasonRequired,
    PromotionInvalid,
    WindowClosed,
)
from serviceladder.promotions.models import (
    ApplicationAttachment,
    Comment,
    PromotionApplication,
    PromotionCycle,
)
from serviceladder.promotions.services._common import (
    FORM_FIELDS,
    FORM_LABELS,
    MAX_ATTACHMENTS,
    _applicant_side,
    _current_level,
    _department_head_user,
    _kind_for,
    _level,
    _locked,
    _policy,
    _send,
    _today,
    _users_with_role,
)
from serviceladder.promotions.states import (
    OPEN_STATES,
    Action,
    Scope,
    State,
)
from serviceladder.promotions.workflow import transition_apply

# --- applications -------------------------------------------------------------------------------------------


def _step_under_way(employee: Employee, target: Level, today: dt.date) -> PromotionApplication | None:
    """An application of another cycle that already takes this step: approved by management, on notice,
    or effective from a day still to come (promotions.pending says the same to the eligibility pages)."""
    from django.db.models import Q

    from serviceladder.promotions.pending import UNDER_WAY_STATES

    return (
        PromotionApplication.objects.filter(applicant=employee, target_level=target)
        .filter(Q(state__in=UNDER_WAY_STATES) | Q(state=State.EFFECTIVE, effective_on__gt=today))
        .select_related("cycle")
        .first()
    )


def _draft(
    *,
    actor: Actor,
    cycle: PromotionCycle,
    employee: Employee,
    target_level,
    nominated_by,
    form: dict[str, str],
) -> PromotionApplication:
    today = _today()
    if today > cycle.closes_on:
        raise WindowClosed(
            CYCLE_NOT_OPEN,
            cycle=cycle.display_name,
            opens=cycle.opens_on.isoformat(),
            closes=cycle.closes_on.isoformat(),
            today=today.isoformat(),
        )
    target = _level(target_level)
    from_level = _current_level(employee, today)
    kind = _kind_for(_policy(cycle), from_level, target)
    if PromotionApplication.objects.filter(cycle=cycle, applicant=employee, state__in=OPEN_STATES).exists():
        raise PromotionInvalid(ALREADY_APPLIED, name=employee.name, cycle=cycle.display_name)
    taken = _step_under_way(employee, target, today)
    if taken is not None:
        raise PromotionInvalid(
            STEP_UNDER_WAY,
            name=employee.name,
            level=target.name,
            cycle=taken.cycle.display_name,
            state=State(taken.state).label,
        )
    try:
        with transaction.atomic():
            application = PromotionApplication.objects.create(
                cycle=cycle,
                applicant=employee,
                from_level=from_level,
                target_level=target,
                kind=kind,
                nominated_by=nominated_by,
                created_by=actor.user,
                **{f: (form.get(f) or "").strip() for f in FORM_FIELDS},
            )
    except IntegrityError:  # a second draft created at the same moment
        raise PromotionInvalid(ALREADY_APPLIED, name=employee.name, cycle=cycle.display_name) from None
    audit_record(
        actor=actor,
        action="promotion.nominate" if nominated_by else "promotion.create",
        employee=employee,
        obj=application,
        after={
            "cycle": cycle.name,
            "from_level": from_level.code,
            "target_level": target.code,
            "kind": kind,
            "nominated_by": nominated_by.number if nominated_by else None,
        },
    )
    return application


@transaction.atomic
def promotion_application_create(
    *,
    actor: Actor,
    cycle: PromotionCycle,
    target_level: Level | str,
    achievements: str = "",
    capability_growth: str = "",
    role_understanding: str = "",
    plan: str = "",
) -> PromotionApplication:
    """The acting user's own draft application (they need an employee record and a role)."""
    me = user_employee(actor.user)
    if me is None or not actor.user.role_grants.exists():
        raise PermissionDeniedError(CANNOT_APPLY_FOR_OTHERS)
    return _draft(
        actor=actor,
        cycle=cycle,
        employee=me,
        target_level=target_level,
        nominated_by=None,
        form={
            "achievements": achievements,
            "capability_growth": capability_growth,
            "role_understanding": role_understanding,
            "plan": plan,
        },
    )


@transaction.atomic
def promotion_application_nominate(
    *,
    actor: Actor,
    cycle: PromotionCycle,
    employee: Employee,
    target_level: Level | str,
    achievements: str = "",
    capability_growth: str = "",
    role_understanding: str = "",
    plan: str = "",
) -> PromotionApplication:
    """A team lead (of the person's team) or department head (of their department) nominates them: a draft
    with `nominated_by` set, which the nominator or the person completes and submits."""
    if not can_nominate(actor.user, employee):
        raise PermissionDeniedError(CANNOT_NOMINATE)
    application = _draft(
        actor=actor,
        cycle=cycle,
        employee=employee,
        target_level=target_level,
        nominated_by=user_employee(actor.user),
        form={
            "achievements": achievements,
            "capability_growth": capability_growth,
            "role_understanding": role_understanding,
            "plan": plan,
        },
    )
    _send(
        application,
        kind="promotion.nominated",
        recipients=[employee.user],
        title=_("You were nominated for promotion"),
        body=Message(
            _("{who} nominated you for {level} in {cycle}."),
            who=actor.display_name,
            level=names_of(application.target_level),
            cycle=cycle_names(cycle),
        ),
        actor=actor,
    )
    return application


@transaction.atomic
def promotion_application_update(
    *, actor: Actor, application: PromotionApplication, expected_version: int | None = None, **fields: str
) -> PromotionApplication:
    """Change the form of a draft (the applicant or the nominator). Unknown field names are a TypeError."""
    unknown = set(fields) - set(FORM_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    application = _locked(application)
    require_scope(actor.user, application, Scope.APPLICANT_OR_NOMINATOR)
    if application.state != State.DRAFT:
        raise PromotionInvalid(NOT_EDITABLE)
    if expected_version is not None and expected_version != application.version:
        from serviceladder.promotions.errors import StaleApplication

        raise StaleApplication(actor="?")
    before = {f: getattr(application, f) for f in fields}
    for f, value in fields.items():
        setattr(application, f, (value or "").strip())
    application.version += 1
    application.save(update_fields=[*fields, "version", "updated_at"])
    audit_record(
        actor=actor,
        action="promotion.update",
        employee=application.applicant,
        obj=application,
        # The form is the applicant's own free text: the log keeps which fields changed, not the words.
        before=private_fields(before, FORM_FIELDS),
        after=private_fields({f: getattr(application, f) for f in fields}, FORM_FIELDS),
    )
    return application


@transaction.atomic
def promotion_attachment_add(
    *, actor: Actor, application: PromotionApplication, uploaded_file
) -> ApplicationAttachment:
    """Attach a file to a draft (PDF, image, Office document or text; size and type checked, see
    attachments.py). Stored under $SERVICELADDER_HOME/media/promotions/<application>/."""
    application = _locked(application)
    require_scope(actor.user, application, Scope.APPLICANT_OR_NOMINATOR)
    if application.state != State.DRAFT:
        raise PromotionInvalid(NOT_EDITABLE)
    if application.attachments.count() >= MAX_ATTACHMENTS:
        raise PromotionInvalid(ATTACHMENT_TOO_MANY, limit=MAX_ATTACHMENTS)
    name, content_type = check_upload(uploaded_file)
    attachment = ApplicationAttachment(
        application=application,
        original_name=name,
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=actor.user,
    )
    attachment.file.save(name, uploaded_file, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    path = attachment.file.name
    audit_record(
        actor=actor,
        action="promotion.attachment_add",
        employee=application.applicant,
        obj=application,
        after={"file": name, "size": attachment.size, "type": content_type, "stored": path},
    )
    return attachment


def _freeze_eligibility(application: PromotionApplication, today: dt.date) -> dict:
    """The eligibility decision for this move today, under the cycle's policy version (JSON, see
    eligibility.serialize.decision_to_dict), with the language its texts were rendered in."""
    from django.utils import translation

    from serviceladder.eligibility.engine import compile_policy, evaluate
    from serviceladder.eligibility.loading import load_facts
    from serviceladder.eligibility.serialize import decision_to_dict

    version = application.cycle.policy_version
    policy = policy_parsed(version)
    employee = application.applicant
    facts = load_facts(Employee.objects.filter(pk=employee.pk), as_of=today, policy=policy)
    decisions = evaluate(facts[0], compile_policy(policy, version.label), today) if facts else []
    decision = next((d for d in decisions if d.to_level == application.target_level.code), None)
    if decision is None:
        raise PromotionInvalid(
            NO_SUCH_TRANSITION, from_level=application.from_level.name, to_level=application.target_level.name
        )
    language = "zh" if (translation.get_language() or "").startswith("zh") else "en"
    data = decision_to_dict(decision, employee, language)
    data.update(as_of=today.isoformat(), policy_version=version.label, language=language)
    return data


@transaction.atomic
def promotion_application_submit(
    *,
    actor: Actor,
    application: PromotionApplication,
    exception_reason: str = "",
    expected_version: int | None = None,
) -> PromotionApplication:
    """Submit inside the cycle's window (clause `process.application_months`). The eligibility decision is
    frozen into the application; a person who is not eligible today can be submitted only as an exception
    with a reason (is_exception, shown everywhere)."""
    require_operation(actor.user, application, Action.SUBMIT)  # the role before the window and the state
    today = _today()
    cycle = application.cycle
    if not rules.application_window_open(cycle.opens_on, cycle.closes_on, today):
        raise WindowClosed(
            CYCLE_NOT_OPEN,
            cycle=cycle.display_name,
            opens=cycle.opens_on.isoformat(),
            closes=cycle.closes_on.isoformat(),
            today=today.isoformat(),
        )
    reason = (exception_reason or "").strip()

    def effects(app: PromotionApplication) -> dict:
        missing = [str(FORM_LABELS[f]) for f in FORM_FIELDS if not getattr(app, f).strip()]
        if missing:
            raise PromotionInvalid(FORM_INCOMPLETE, missing=", ".join(missing))
        app.from_level = _current_level(app.applicant, today)
        app.kind = _kind_for(_policy(cycle), app.from_level, app.target_level)
        snapshot = _freeze_eligibility(app, today)
        status = snapshot["status"]
        if status != "eligible" and not reason:
            raise ExceptionReasonRequired(
                name=app.applicant.name, to_level=app.target_level.name, status=snapshot["summary"]
            )
        app.eligibility_snapshot = snapshot
        app.eligibility_status = status
        app.is_exception = status != "eligible"
        app.exception_reason = reason if app.is_exception else ""
        app.submitted_at = clock.now()
        app.save(
            update_fields=[
                "from_level",
                "kind",
                "eligibility_snapshot",
                "eligibility_status",
                "is_exception",
                "exception_reason",
                "submitted_at",
            ]
        )
        return {
            "eligibility": status,
            "is_exception": app.is_exception,
            "exception_reason": app.exception_reason,
        }

    def notify(app: PromotionApplication) -> None:
        head = _department_head_user(app.applicant)
        reviewers = [head] if head is not None else _users_with_role(Role.HR)
        _send(
            app,
            kind="promotion.submitted",
            recipients=[*reviewers, *_applicant_side(app)],
            title=_("Promotion application submitted"),
            body=Message(
                _("{name} applies for {level}; the department review is next."),
                name=app.applicant.name,
                level=names_of(app.target_level),
            ),
            actor=actor,
            to_applicant=(
                _("Your promotion application was submitted"),
                Message(
                    _("Your application for {level} was submitted; the department review is next."),
                    level=names_of(app.target_level),
                ),
            ),
        )

    return transition_apply(
        actor=actor,
        application=application,
        action=Action.SUBMIT,
        opinion=reason,
        expected_version=expected_version,
        effects=effects,
        notify=notify,
    )


@transaction.atomic
def promotion_application_withdraw(
    *, actor: Actor, application: PromotionApplication, reason: str = "", expected_version: int | None = None
) -> PromotionApplication:
    """The applicant withdraws (from a draft up to the public notice; not while an appeal is open)."""

    def notify(app: PromotionApplication) -> None:
        _send(
            app,
            kind="promotion.withdrawn",
            recipients=[*_applicant_side(app), _department_head_user(app.applicant)],
            title=_("Promotion application withdrawn"),
            body=Message(
                _("{name} withdrew the application for {level}."),
                name=app.applicant.name,
                level=names_of(app.target_level),
            ),
            actor=actor,
            to_applicant=(
                _("Your promotion application was withdrawn"),
                Message(
                    _("{who} withdrew your application for {level}."),
                    who=actor.label,
                    level=names_of(app.target_level),
                ),
            ),
        )

    return transition_apply(
        actor=actor,
        application=application,
        action=Action.WITHDRAW,
        opinion=(reason or "").strip(),
        expected_version=expected_version,
        notify=notify,
    )


# --- comments -----------------------------------------------------------------------------------------------


@transaction.atomic
def promotion_comment_add(*, actor: Actor, application: PromotionApplication, text: str) -> Comment:
    """A comment on the case, by anyone who may see it; shown in the timeline."""
    if not can_comment(actor.user, application):
        from serviceladder.promotions.errors import NotFound

        raise NotFound()
    text = (text or "").strip()
    if not text:
        raise PromotionInvalid(COMMENT_EMPTY)
    comment = Comment.objects.create(
        application=application, author=actor.user, author_label=actor.label, text=text
    )
    audit_record(
        actor=actor,
        action="promotion.comment",
        employee=application.applicant,
        obj=application,
        after={"comment": comment.pk, "text": text_fingerprint(text)},  # a discussion, not a decision's why
    )
    _send(
        application,
        kind="promotion.comment",
        recipients=_applicant_side(application),
        title=_("New comment on a promotion application"),
        body=text,
        actor=actor,
    )
    return comment
