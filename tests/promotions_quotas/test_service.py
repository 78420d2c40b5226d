"""promotion_cycle_quotas_set: who, when (the cycle's states), what (validation), the audit row per level,
the cycle's version, and management's approval reading the new values. Every refusal writes nothing."""

import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.notifications.models import Notification
from serviceladder.promotions.errors import (
    CANNOT_SET_QUOTAS,
    OVER_QUOTA,
    QUOTA_BELOW_APPROVED,
    QUOTA_INVALID,
    QUOTA_NOT_TARGET,
    QUOTA_UNKNOWN_LEVEL,
    QUOTAS_AFTER_NOTICE,
    QUOTAS_CYCLE_CLOSED,
    QUOTAS_REASON_REQUIRED,
    STALE_CYCLE,
    PromotionInvalid,
    QuotaExceeded,
    QuotasFrozen,
    StaleCycle,
)
from serviceladder.promotions.models import PromotionApplication
from serviceladder.promotions.services import (
    promotion_approve_management,
    promotion_notice_publish,
    promotion_review_department,
    quotas_frozen,
)
from serviceladder.promotions.states import State
from tests.promotions.conftest import submitted
from tests.promotions_quotas.conftest import REASON, approved, at_management, cycle_row, set_quotas

pytestmark = pytest.mark.django_db


def quota_events(org):
    return AuditEvent.objects.filter(action="promotion.cycle_quotas", object_id=str(org.cycle.pk))


# --- a change and its audit row -----------------------------------------------------------------------------


def test_hr_changes_quotas_audited_per_changed_level_with_the_reason(org):
    assert org.cycle.quotas == {"L2": 1, "L3": 2} and org.cycle.version == 1
    cycle = set_quotas(org, {"L2": "3", "L3": 2, "EX1": 1})
    assert cycle.quotas == {"EX1": 1, "L2": 3, "L3": 2} and cycle.version == 2
    assert org.cycle.version == 2  # the caller's object follows the row
    event = quota_events(org).get()
    # only the levels that moved, None = no quota before
    assert event.before == {"EX1": None, "L2": 1} and event.after == {"EX1": 1, "L2": 3}
    assert event.reason == REASON and event.actor == org.users["hr"] and event.channel == "web"
    assert event.object_type == "promotions.promotioncycle"


def test_an_empty_or_missing_level_means_no_quota(org):
    cycle = set_quotas(org, {"L2": "", "EX1": None})  # L3 left out
    assert cycle.quotas == {}
    assert quota_events(org).get().after == {"L2": None, "L3": None}


def test_nothing_changed_writes_nothing(org):
    cycle = set_quotas(org, {"L2": "1", "L3": 2}, reason="")  # no reason needed when nothing changes
    assert cycle.version == 1 and not quota_events(org).exists()


def test_management_and_other_hr_are_notified_on_commit(org, django_capture_on_commit_callbacks):
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        set_quotas(org, {"L2": 2, "L3": 2})
    rows = list(Notification.objects.select_related("recipient"))
    assert {n.recipient.username for n in rows} == {"sunqiang", "qianli"}  # not the HR user who acted
    assert all(n.kind == "promotion.cycle_quotas" and "L2 1 → 2" in n.body and REASON in n.body for n in rows)
    assert {n.url for n in rows} == {f"/promotions/cycles/{org.cycle.pk}/"}


# --- who ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["applicant", "nominator", "head", "management", "admin"])
def test_only_hr_changes_quotas(org, key):
    before = cycle_row(org)
    with pytest.raises(PermissionDeniedError) as err:
        set_quotas(org, {"L2": 5}, key=key)
    assert err.value.message == CANNOT_SET_QUOTAS
    assert cycle_row(org) == before and not quota_events(org).exists()


# --- what ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quotas", "message", "data"),
    [
        ({"L2": "-1"}, QUOTA_INVALID, {"level": "L2", "value": "-1"}),
        ({"L2": "2.5"}, QUOTA_INVALID, {"level": "L2", "value": "2.5"}),
        ({"L2": "两个"}, QUOTA_INVALID, {"level": "L2", "value": "两个"}),
        ({"L2": True}, QUOTA_INVALID, {"level": "L2", "value": True}),
        ({"L9": 1}, QUOTA_UNKNOWN_LEVEL, {"level": "L9"}),
        (
            {"L1": 1},  # a level of the policy nobody is promoted to
            QUOTA_NOT_TARGET,
            {"level": "Level 1 (L1)", "level_code": "L1", "allowed": "L2, L3, EX1"},
        ),
    ],
)
def test_invalid_quotas_are_refused_with_their_message(org, quotas, message, data):
    before = cycle_row(org)
    with pytest.raises(PromotionInvalid) as err:
        set_quotas(org, {"L2": 1, "L3": 2, **quotas})
    assert err.value.message == message and err.value.data == data
    assert cycle_row(org) == before and not quota_events(org).exists()


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_a_change_needs_a_reason(org, reason):
    before = cycle_row(org)
    with pytest.raises(PromotionInvalid) as err:
        set_quotas(org, {"L2": 4}, reason=reason)
    assert err.value.message == QUOTAS_REASON_REQUIRED
    assert cycle_row(org) == before and not quota_events(org).exists()


def test_a_quota_below_managements_approvals_is_refused_naming_level_approvals_and_quota(org):
    set_quotas(org, {"L2": 3, "L3": 2})
    approved(org, "applicant")
    approved(org, "colleague")
    before = cycle_row(org)
    with pytest.raises(PromotionInvalid) as err:
        set_quotas(org, {"L2": 1, "L3": 2})
    assert err.value.message == QUOTA_BELOW_APPROVED
    assert err.value.data == {"level": "Level 2 (L2)", "level_code": "L2", "approved": 2, "quota": 1}
    assert str(err.value) == (
        "Management has already approved 2 candidate(s) for Level 2 (L2); the quota cannot be set to 1, "
        "below that."
    )
    assert cycle_row(org) == before and quota_events(org).count() == 1
    assert set_quotas(org, {"L2": 2, "L3": 2}).quotas == {"L2": 2, "L3": 2}  # exactly the approvals
    assert set_quotas(org, {"L3": 2}).quotas == {"L3": 2}  # no quota at all: always allowed


def test_a_level_overrun_by_an_override_does_not_block_changing_the_others(org):
    approved(org, "applicant")
    approved(org, "colleague", override_reason="第二条热线一月开通")  # 2 approvals, quota 1
    cycle = set_quotas(org, {"L2": 1, "L3": 4})
    assert cycle.quotas == {"L2": 1, "L3": 4}
    with pytest.raises(PromotionInvalid) as err:
        set_quotas(org, {"L2": 0, "L3": 4})
    assert err.value.data["approved"] == 2 and err.value.data["quota"] == 0


# --- when ---------------------------------------------------------------------------------------------------


def test_quotas_change_before_the_window_during_it_and_during_the_reviews_after_it(org, today):
    today(dt.date(2025, 8, 20))  # the cycle is not open yet
    assert quotas_frozen(org.cycle) is None
    set_quotas(org, {"L2": 2, "L3": 2})
    today(dt.date(2025, 9, 25))
    app = at_management(org, "applicant")
    set_quotas(org, {"L2": 3, "L3": 2})
    today(dt.date(2025, 10, 20))  # the window is over; one application still awaits management
    assert quotas_frozen(org.cycle) is None
    set_quotas(org, {"L2": 4, "L3": 2})
    assert app.state == State.HR_APPROVED and org.cycle.version == 4


def test_a_published_notice_freezes_the_quotas(org):
    app = approved(org, "applicant")
    promotion_notice_publish(actor=org.actor("hr"), cycle=org.cycle, applications=[app])
    before = cycle_row(org)
    with pytest.raises(QuotasFrozen) as err:
        set_quotas(org, {"L2": 5, "L3": 2})
    assert err.value.message == QUOTAS_AFTER_NOTICE
    assert err.value.data == {"cycle": "2025 下半年晋升", "published": "2025-09-25"}
    assert str(quotas_frozen(org.cycle)) == str(err.value)
    assert cycle_row(org) == before and not quota_events(org).exists()


def test_a_closed_cycle_keeps_its_quotas(org, today):
    app = submitted(org)
    today(dt.date(2025, 10, 8))
    assert quotas_frozen(org.cycle) is None  # the department review is still to come
    promotion_review_department(actor=org.actor("head"), application=app, approve=False, opinion="条件不足")
    before = cycle_row(org)
    with pytest.raises(QuotasFrozen) as err:
        set_quotas(org, {"L2": 5, "L3": 2})
    assert err.value.message == QUOTAS_CYCLE_CLOSED and err.value.data["closes"] == "2025-09-30"
    assert cycle_row(org) == before and not quota_events(org).exists()


# --- versions -----------------------------------------------------------------------------------------------


def test_a_stale_expected_version_changes_nothing_and_names_who_changed_it(org):
    seen = org.cycle.version
    changed = set_quotas(org, {"L2": 2, "L3": 2}, key="hr2", expected_version=seen)
    assert changed.version == seen + 1
    before = cycle_row(org)
    with pytest.raises(StaleCycle) as err:
        set_quotas(org, {"L2": 5, "L3": 2}, expected_version=seen)
    # Who changed it is named as people read names (the employee's name and role), never by the login.
    assert err.value.message == STALE_CYCLE and err.value.data["actor"] == "qianli-name · HR"
    assert cycle_row(org) == before and quota_events(org).count() == 1
    assert set_quotas(org, {"L2": 5, "L3": 2}, expected_version=seen + 1).quotas == {"L2": 5, "L3": 2}


# --- management approves against the new values ------------------------------------------------------------


def test_management_approval_counts_against_the_changed_quota(org):
    approved(org, "applicant")  # L2: 1 of 1
    waiting = at_management(org, "colleague")
    loaded = PromotionApplication.objects.select_related("cycle").get(pk=waiting.pk)
    assert loaded.cycle.quotas["L2"] == 1  # management opened the case before HR's change
    set_quotas(org, {"L2": 2, "L3": 2})
    promotion_approve_management(
        actor=org.actor("management"), application=loaded, approve=True, opinion="同意"
    )
    loaded.refresh_from_db()
    assert loaded.state == State.MGMT_APPROVED and loaded.quota_override_reason == ""
    event = AuditEvent.objects.get(action="promotion.mgmt_approve", object_id=str(loaded.pk))
    assert event.after["quota"] == 2 and event.after["over_quota"] is False


def test_management_approval_over_a_quota_lowered_to_the_approvals_needs_an_override(org):
    set_quotas(org, {"L2": 5, "L3": 2})
    approved(org, "applicant")
    waiting = at_management(org, "colleague")
    set_quotas(org, {"L2": 1, "L3": 2})  # = the approvals so far
    with pytest.raises(QuotaExceeded) as err:
        promotion_approve_management(
            actor=org.actor("management"), application=waiting, approve=True, opinion="同意"
        )
    assert err.value.message == OVER_QUOTA and err.value.data == {"used": 2, "quota": 1, "level": "Level 2"}
    waiting.refresh_from_db()
    assert waiting.state == State.HR_APPROVED
