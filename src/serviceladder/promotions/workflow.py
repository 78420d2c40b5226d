"""THE function that changes an application's state (like django-oscar's Order.set_status).

`transition_apply` validates the step against states.TRANSITIONS, checks the actor's scope, takes a row lock
(`select_for_update`) on the application inside the caller's transaction, re-checks the state after the
lock, runs the step's own writes, saves the new state with `update_fields`, and writes the history row and
the audit row in the same transaction. Notifications go out on commit.

Two people acting at the same moment: both read state X; the first takes the lock and moves the
application to Y; the second waits for the lock, then finds Y instead of X and gets ApplicationMoved
("already moved to Y by …"). Without the lock both would see X and both would win.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from serviceladder.audit.services import Actor, audit_record, text_fingerprint
from serviceladder.promotions.access import require_operation, require_scope
from serviceladder.promotions.errors import ApplicationMoved, InvalidTransition, StaleApplication
from serviceladder.promotions.models import PromotionApplication, TransitionLog
from serviceladder.promotions.states import Action, State, step_for

# Test hook: tests/promotions/test_concurrency.py sets this to False to show what the lock prevents.
USE_ROW_LOCK = True


def _last_move(application: PromotionApplication) -> TransitionLog | None:
    return application.history.order_by("-at", "-pk").first()


def mover_label(log: TransitionLog | None, user) -> str:
    """Who made a move, as `user` may see it: an appellant's name is for HR only."""
    from django.utils.translation import gettext

    from serviceladder.promotions.access import can_see_appellant

    if log is None:
        return "?"
    if log.action == Action.APPEAL_FILE and not can_see_appellant(user):
        return gettext("an appellant")
    return log.actor_label


def mover_name(log: TransitionLog | None, user) -> str:
    """Who made a move, for a message to `user`: the person's name and role (never the login name); an
    appellant's name is for HR only."""
    from serviceladder.accounts.people import person_of

    label = mover_label(log, user)
    if log is None or label != log.actor_label:
        return label
    return str(person_of(log.actor, viewer=user, fallback=log.actor_label))


def _moved(application: PromotionApplication, user) -> ApplicationMoved:
    last = _last_move(application)
    return ApplicationMoved(
        state=State(application.state).label,
        actor=mover_name(last, user),
        at=timezone.localtime(last.at).strftime("%Y-%m-%d %H:%M:%S") if last else "?",
    )


def check_step(user, application: PromotionApplication, action: str):
    """The table's step for (state, action) if `user` may take it: StageNotAllowed when the user may never
    take this action on this case (checked first, so the answer does not depend on the state), else
    InvalidTransition when the state does not allow it."""
    require_operation(user, application, action)
    step = step_for(application.state, action)
    if step is None:
        raise InvalidTransition(state=State(application.state).label, action=Action(action).label)
    require_scope(user, application, step.scope)
    return step


def allowed_actions(user, application: PromotionApplication) -> list[str]:
    """The actions `user` may take on this application now (for buttons and the API's links)."""
    from serviceladder.core.errors import DomainError
    from serviceladder.promotions.states import actions_from

    out = []
    for action in actions_from(application.state):
        try:
            check_step(user, application, action)
        except DomainError:
            continue
        out.append(action)
    return out


def version_lock(*, user, application: PromotionApplication, expected_version: int | None):
    """Inside the caller's transaction: lock the application's row and, when `expected_version` is given,
    raise StaleApplication if the application changed since the caller saw that version.

    For callers (the API) that offer `expected_version` on steps whose services do not take it (comments,
    assessments, pay, appeals, the notice); the lock is held until the caller's transaction ends, so the
    step that follows sees the version that was checked."""
    qs = PromotionApplication.objects.select_related("applicant__team__department", "cycle")
    if USE_ROW_LOCK:
        qs = qs.select_for_update(of=("self",))
    locked = qs.get(pk=application.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleApplication(actor=mover_name(_last_move(locked), user))
    return locked


def transition_apply(
    *,
    actor: Actor,
    application: PromotionApplication,
    action: str,
    opinion: str = "",
    opinion_is_private: bool = False,
    expected_version: int | None = None,
    effects: Callable[[PromotionApplication], dict[str, Any] | None] | None = None,
    notify: Callable[[PromotionApplication], None] | None = None,
) -> PromotionApplication:
    """Move `application` by `action` and return the locked, updated row.

    `effects(locked_application)` runs after the checks and before the state is saved; it does the step's
    own writes (an opinion row, a notice link, the level change…) and may return extra audit data.
    `notify(application)` is called inside the transaction and must defer its sending (notify.py does).
    `expected_version`, when given, is the version the caller saw (a form's hidden field): any change
    since then is reported instead of applied.
    `opinion_is_private` (an appeal's text): the audit log keeps its fingerprint instead of the words.
    """
    seen_state = application.state
    try:
        check_step(actor.user, application, action)  # before waiting for a lock: fail fast on plain mistakes
    except InvalidTransition:
        current = PromotionApplication.objects.filter(pk=application.pk).first()
        if current is not None and current.state != seen_state:  # the caller's copy is out of date
            raise _moved(current, actor.user) from None
        raise
    with transaction.atomic():
        qs = PromotionApplication.objects.select_related("applicant__team__department", "cycle")
        if USE_ROW_LOCK:
            qs = qs.select_for_update(of=("self",))
        locked = qs.get(pk=application.pk)
        if locked.state != seen_state:
            raise _moved(locked, actor.user)
        if expected_version is not None and locked.version != expected_version:
            last = _last_move(locked)
            raise StaleApplication(actor=mover_name(last, actor.user))
        step = check_step(actor.user, locked, action)
        extra = effects(locked) if effects is not None else None
        from_state = locked.state
        locked.state = step.to_state
        locked.version += 1
        locked.save(update_fields=["state", "version", "updated_at"])
        TransitionLog.objects.create(
            application=locked,
            action=action,
            from_state=from_state,
            to_state=step.to_state,
            actor=actor.user,
            actor_label=actor.label,
            channel=actor.channel,
            opinion=opinion,
        )
        audit_record(
            actor=actor,
            action=f"promotion.{action}",
            employee=locked.applicant,
            obj=locked,
            before={"state": from_state},
            after={
                "state": step.to_state,
                "version": locked.version,
                **(extra or {}),
                **({"opinion": text_fingerprint(opinion)} if opinion_is_private else {}),
            },
            reason="" if opinion_is_private else opinion,
        )
        if notify is not None:
            notify(locked)  # promotion_notify defers the sending to transaction.on_commit
    # The caller's object follows the row.
    application.state, application.version = locked.state, locked.version
    return locked
