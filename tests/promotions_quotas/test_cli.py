"""`serviceladder promotions cycle quotas`: named levels change, the others keep theirs; refusals exit 2."""

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.cli.main import main
from tests.promotions_quotas.conftest import cycle_row

pytestmark = pytest.mark.django_db


def quotas(org, *args: str) -> int:
    return main(["promotions", "cycle", "quotas", "--cycle", str(org.cycle.pk), *args])


def test_named_levels_change_and_the_others_keep_their_quotas(org, capsys):
    code = quotas(org, "--quota", "L3=4", "--quota", "EX1=1", "--reason", "扩编", "--as", "zhaomin")
    assert code == 0
    assert cycle_row(org) == ({"EX1": 1, "L2": 1, "L3": 4}, 2)
    assert "EX1=1, L2=1, L3=4 (version 2)" in capsys.readouterr().out
    event = AuditEvent.objects.get(action="promotion.cycle_quotas")
    assert event.channel == "cli" and event.reason == "扩编" and event.after == {"EX1": 1, "L3": 4}
    assert quotas(org, "--quota", "L2=none", "--reason", "不限", "--as", "zhaomin") == 0
    assert cycle_row(org)[0] == {"EX1": 1, "L3": 4}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--quota", "L3=4", "--as", "zhaomin"], "reason"),  # no --reason
        (["--quota", "L3=-2", "--reason", "x", "--as", "zhaomin"], "L3"),
        (["--quota", "L1=2", "--reason", "x", "--as", "zhaomin"], "L1"),
        (["--quota", "L3", "--reason", "x", "--as", "zhaomin"], "LEVEL=NUMBER"),
        (["--quota", "L3=4", "--reason", "x", "--as", "sunqiang"], "HR"),  # management
    ],
)
def test_refusals_exit_2_with_the_reason_and_change_nothing(org, capsys, args, needle):
    before = cycle_row(org)
    assert quotas(org, *args) == 2
    assert needle in capsys.readouterr().err
    assert (
        cycle_row(org) == before and not AuditEvent.objects.filter(action="promotion.cycle_quotas").exists()
    )


def test_an_unknown_cycle_exits_2(org, capsys):
    code = main(
        [
            "promotions",
            "cycle",
            "quotas",
            "--cycle",
            "999",
            "--quota",
            "L3=4",
            "--reason",
            "x",
            "--as",
            "zhaomin",
        ]
    )
    assert code == 2 and "999" in capsys.readouterr().err
