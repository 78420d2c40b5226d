"""Every (state, action) pair for every role, driven by the transition table, plus the one function that
applies a step: allowed steps move the state and write a history row and an audit row; forbidden ones
raise and write nothing."""

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.promotions.errors import (
    OWN_APPLICATION,
    InvalidTransition,
    StageNotAllowed,
)
from serviceladder.promotions.models import PromotionApplication, TransitionLog
from serviceladder.promotions.states import TRANSITIONS, Action, Scope, State
from serviceladder.promotions.workflow import allowed_actions, check_step, transition_apply
from tests.promotions.conftest import FORM, PEOPLE

pytestmark = pytest.mark.django_db

ROLES = list(PEOPLE)
# Who each scope admits, for an application by "applicant" nominated by "nominator" (written out here,
# not derived from access.py, so that a change in either shows up).
EXPECTED = {
    Scope.APPLICANT: {"applicant"},
    Scope.APPLICANT_OR_NOMINATOR: {"applicant", "nominator"},
    Scope.DEPARTMENT_HEAD: {"head"},
    Scope.HR: {"hr", "hr2"},
    Scope.MANAGEMENT: {"management"},
    Scope.STAFF: set(ROLES) - {"applicant"},
}


# Each action has one scope in every state it is allowed from.
ACTION_SCOPE = {action: step.scope for (_state, action), step in TRANSITIONS.items()}


def _application(org, state=State.DRAFT):
    return PromotionApplication.objects.create(
        cycle=org.cycle,
        applicant=org.employees["applicant"],
        from_level=org.level("L1"),
        target_level=org.level("L2"),
        nominated_by=org.employees["nominator"],
        state=state,
        **FORM,
    )


def test_the_table_covers_every_state_with_a_way_forward():
    assert {s for s, _a in TRANSITIONS} == set(State) - {State.EFFECTIVE, State.REJECTED, State.WITHDRAWN}
    assert {a for _s, a in TRANSITIONS} == set(Action)


def test_every_state_action_and_role(org):
    app = _application(org)
    problems, checked = [], 0
    for action in Action:
        for state in State:
            app.state = state
            step = TRANSITIONS.get((state, action))
            for role in ROLES:
                try:
                    check_step(org.users[role], app, action)
                    outcome = "allowed"
                except InvalidTransition:
                    outcome = "invalid"
                except StageNotAllowed:
                    outcome = "denied"
                # the role first, whatever the state (issue 11: a wrong role never learns the state)
                if role not in EXPECTED[ACTION_SCOPE[action]]:
                    expected = "denied"
                else:
                    expected = "invalid" if step is None else "allowed"
                checked += 1
                if outcome != expected:
                    problems.append(f"{state} {action} {role}: {outcome}, expected {expected}")
    assert problems == []
    assert checked == len(Action) * len(State) * len(ROLES)


def test_nobody_acts_on_their_own_application(org):
    """HR, management and a department head applying themselves cannot take the step on their own case."""
    for key, action, state in (
        ("hr", Action.HR_APPROVE, State.DEPT_APPROVED),
        ("management", Action.MGMT_APPROVE, State.HR_APPROVED),
        ("hr", Action.PUBLISH, State.MGMT_APPROVED),
        ("hr", Action.FINALISE, State.ON_NOTICE),
        ("hr", Action.APPEAL_FILE, State.ON_NOTICE),
    ):
        app = PromotionApplication(
            cycle=org.cycle,
            applicant=org.employees[key],
            from_level=org.level("L3"),
            target_level=org.level("L3"),
            state=state,
        )
        with pytest.raises(StageNotAllowed) as err:
            check_step(org.users[key], app, action)
        assert err.value.message == OWN_APPLICATION
        # another holder of the role may
        other = "hr2" if key == "hr" else None
        if other:
            check_step(org.users[other], app, action)


def test_a_head_reviewing_their_own_department_head_application_is_replaced_by_hr(org):
    """The head of a department has no other head above them: HR stands in for the department review."""
    app = PromotionApplication(
        cycle=org.cycle,
        applicant=org.employees["head"],
        from_level=org.level("L3"),
        target_level=org.level("L3"),
        state=State.SUBMITTED,
    )
    with pytest.raises(StageNotAllowed):
        check_step(org.users["head"], app, Action.DEPT_APPROVE)
    with pytest.raises(StageNotAllowed):
        check_step(org.users["other_head"], app, Action.DEPT_APPROVE)
    check_step(org.users["hr"], app, Action.DEPT_APPROVE)


def test_each_table_step_through_the_one_function(org):
    """For every row of the table: a user outside the step's scope is refused and nothing is written; a
    user in scope moves the state and leaves a history row and an audit row naming them."""
    for (state, action), step in TRANSITIONS.items():
        PromotionApplication.objects.all().delete()
        app = _application(org, state)
        allowed_role = sorted(EXPECTED[step.scope])[0]
        denied_role = sorted(set(ROLES) - EXPECTED[step.scope])[0]
        logs, audits = TransitionLog.objects.count(), AuditEvent.objects.count()
        with pytest.raises(StageNotAllowed):
            transition_apply(actor=org.actor(denied_role), application=app, action=action, opinion="no")
        assert (TransitionLog.objects.count(), AuditEvent.objects.count()) == (logs, audits), (state, action)
        app.refresh_from_db()
        assert app.state == state

        transition_apply(actor=org.actor(allowed_role), application=app, action=action, opinion="why")
        app.refresh_from_db()
        assert app.state == step.to_state and app.version == 2, (state, action)
        log = TransitionLog.objects.get(application=app)
        assert (log.from_state, log.to_state, log.action, log.opinion) == (
            state,
            step.to_state,
            action,
            "why",
        )
        assert log.actor == org.users[allowed_role]
        event = AuditEvent.objects.get(action=f"promotion.{action}", object_id=str(app.pk))
        assert event.before == {"state": state} and event.after["state"] == step.to_state
        assert event.actor == org.users[allowed_role] and event.reason == "why"


def test_a_step_not_in_the_table_is_refused_and_writes_nothing(org):
    app = _application(org, State.SUBMITTED)
    with pytest.raises(InvalidTransition):
        transition_apply(actor=org.actor("hr"), application=app, action=Action.FINALISE)
    assert not TransitionLog.objects.exists()
    app.refresh_from_db()
    assert app.state == State.SUBMITTED and app.version == 1


def test_allowed_actions_lists_what_a_user_may_do(org):
    app = _application(org, State.SUBMITTED)
    assert allowed_actions(org.users["head"], app) == [Action.DEPT_APPROVE, Action.DEPT_REJECT]
    assert allowed_actions(org.users["applicant"], app) == [Action.WITHDRAW]
    assert allowed_actions(org.users["colleague"], app) == []
