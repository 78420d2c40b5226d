"""Loading versions: immutability, no-op reloads, ladder rows, the version in force, permissions."""

import datetime as dt

import pytest

from serviceladder.accounts.roles import Role
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.ladder.models import Level, Track
from serviceladder.policy import validation as v
from serviceladder.policy.errors import NoPolicyInForce, PolicyInvalid, PolicyVersionImmutable
from serviceladder.policy.models import PolicyVersion
from serviceladder.policy.presets import preset_names, preset_text
from serviceladder.policy.selectors import level_details, policy_in_force, policy_version_get
from serviceladder.policy.services import policy_load
from tests.factories import LevelAssignmentFactory, user_with_roles
from tests.policy.conftest import BASE

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return Actor(user=user_with_roles("hr-person", Role.HR), channel="cli")


def test_every_preset_loads(hr):
    for number, name in enumerate(preset_names(), start=1):
        result = policy_load(actor=hr, text=preset_text(name), effective=dt.date(2024, number, 1))
        assert result.created and result.version.number == number
    assert PolicyVersion.objects.count() == 3
    assert AuditEvent.objects.filter(action="policy.load").count() == 3


def test_load_syncs_ladder_rows(hr):
    policy_load(actor=hr, text=preset_text("cn-standard"), effective=dt.date(2025, 1, 1))
    service = Track.objects.get(code="service")
    assert service.kind == "management"
    assert list(service.levels.order_by("rank").values_list("name_zh", flat=True)) == [
        "初级客服", "中级客服", "高级客服", "客服主管", "客服经理",
    ]  # fmt: skip
    assert Level.objects.get(code="CS4").is_supervisory
    assert Track.objects.get(code="expert").levels.count() == 3
    # details are read from the version, not copied into rows
    assert "Coach junior agents" in level_details("CS2", dt.date(2025, 6, 1)).duties.en


def test_reloading_the_same_file_is_a_noop(hr):
    first = policy_load(actor=hr, text=BASE, effective=dt.date(2025, 1, 1))
    again = policy_load(actor=hr, text=BASE.replace("\n", "\r\n"), effective=dt.date(2025, 6, 1))
    assert not again.created
    assert again.version.pk == first.version.pk
    assert "v1" in again.message and "nothing was changed" in again.message
    assert PolicyVersion.objects.count() == 1
    assert AuditEvent.objects.filter(action="policy.load").count() == 1


def test_a_stored_version_cannot_change(hr):
    version = policy_load(actor=hr, text=BASE, effective=dt.date(2025, 1, 1)).version
    version.content = BASE.replace("notice_period_working_days: 5", "notice_period_working_days: 9")
    with pytest.raises(PolicyVersionImmutable):
        version.save()
    with pytest.raises(PolicyVersionImmutable):
        PolicyVersion.objects.filter(pk=version.pk).update(note="edited")
    with pytest.raises(PolicyVersionImmutable):
        version.delete()
    with pytest.raises(PolicyVersionImmutable):
        PolicyVersion.objects.all().delete()
    stored = PolicyVersion.objects.get(pk=version.pk)
    assert "notice_period_working_days: 5" in stored.content and stored.note == ""


def test_a_changed_file_is_a_new_version_and_in_force_by_date(hr):
    policy_load(actor=hr, text=BASE, effective=dt.date(2025, 1, 1))
    changed = BASE.replace("notice_period_working_days: 5", "notice_period_working_days: 7")
    second = policy_load(actor=hr, text=changed, effective=dt.date(2025, 7, 1)).version
    assert second.number == 2
    assert policy_in_force(dt.date(2025, 6, 30)).process.notice_period_working_days == 5
    assert policy_in_force(dt.date(2025, 7, 1)).process.notice_period_working_days == 7
    assert policy_version_get("v2") == second == policy_version_get(2)
    with pytest.raises(NoPolicyInForce):
        policy_in_force(dt.date(2024, 12, 31))


def test_invalid_file_writes_nothing(hr):
    bad = BASE.replace("holiday_calendar: CN", "holiday_calendar: XX")
    with pytest.raises(PolicyInvalid) as info:
        policy_load(actor=hr, text=bad, effective=dt.date(2025, 1, 1))
    assert [i.code for i in info.value.issues] == [v.UNKNOWN_CALENDAR]
    assert PolicyVersion.objects.count() == 0
    assert Level.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_only_hr_or_admin_may_load():
    agent = Actor(user=user_with_roles("agent-1", Role.AGENT))
    with pytest.raises(PermissionDeniedError):
        policy_load(actor=agent, text=BASE, effective=dt.date(2025, 1, 1))
    assert PolicyVersion.objects.count() == 0


def test_a_level_people_hold_is_never_deleted(hr):
    policy_load(actor=hr, text=BASE, effective=dt.date(2020, 1, 1))
    LevelAssignmentFactory(level=Level.objects.get(code="L3"))
    l3_level = (
        "      - code: L3\n        name_zh: 三级\n        name_en: Level 3\n        supervisory: true\n"
    )
    l3_transition = (
        "  - from: L2\n    to: L3\n    conditions:\n      team_conditions:\n"
        "        - metric: csat_mean\n          value: 4.5\n          window: 6\n"
    )
    without_l3 = BASE.replace(l3_level, "").replace(l3_transition, "")
    result = policy_load(actor=hr, text=without_l3, effective=dt.date(2021, 1, 1))
    assert result.created, result
    assert result.ladder["retired"] == ["L3"]
    l3 = Level.objects.get(code="L3")
    assert l3.in_policy is False
    assert Level.objects.filter(in_policy=True).count() == 2


def test_reordering_levels_keeps_ranks_unique(hr):
    policy_load(actor=hr, text=BASE, effective=dt.date(2020, 1, 1))
    swapped = (
        BASE.replace("code: L2\n        name_zh: 二级", "code: LX\n        name_zh: 二级")
        .replace("code: L3\n        name_zh: 三级", "code: L2\n        name_zh: 三级")
        .replace("code: LX", "code: L3")
        .replace("    L2: 3", "    L3: 3")
    )
    swapped = swapped.replace("  - from: L1\n    to: L2", "  - from: L1\n    to: L3").replace(
        "  - from: L2\n    to: L3", "  - from: L3\n    to: L2"
    )
    result = policy_load(actor=hr, text=swapped, effective=dt.date(2021, 1, 1))
    assert result.created
    assert Level.objects.get(code="L3").rank == 2 and Level.objects.get(code="L2").rank == 3
