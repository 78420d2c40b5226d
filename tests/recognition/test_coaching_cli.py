"""`serviceladder coaching scan [--month YYYY-MM]`: the month's tasks, nothing new the second time, and a bad
month refused with exit 2 and a one-line reason."""

import pytest

from serviceladder.cli.main import main
from serviceladder.recognition.models import CoachingTask
from tests.recognition.coaching_setup import coaching_org, months

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def org():
    return coaching_org()


def test_the_scan_by_hand_then_again(org, capsys):
    assert main(["coaching", "scan", "--month", months()[-1]]) == 0
    out = capsys.readouterr().out
    assert f"{months()[-1]}: 3 people with figures; 2 new coaching task(s)" in out
    assert "E2003" in out and "qa-drop" in out
    assert main(["coaching", "scan"]) == 0
    assert "0 new coaching task(s), 2 already there" in capsys.readouterr().out
    assert CoachingTask.objects.count() == 2


def test_a_month_that_has_not_ended_exits_2(org, capsys):
    assert main(["coaching", "scan", "--month", "2999-01"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["serviceladder: Give the month as YYYY-MM, a month that has ended; found 2999-01."]
    assert CoachingTask.objects.count() == 0
