"""`serviceladder daily run [--day D] [--step NAME]` and the daily job in `serviceladder health`."""

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.cli.main import main
from serviceladder.daily import registry
from serviceladder.daily.models import DailyRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen(monkeypatch):
    days = []
    monkeypatch.setattr(registry, "_steps", {})
    registry.daily_step("test.days", lambda day: days.append(day) or {"people": 3})
    return days


def test_run_one_day_by_hand_then_again(seen, capsys):
    assert main(["daily", "run", "--day", "2026-01-05"]) == 0
    assert capsys.readouterr().out.strip() == "2026-01-05 test.days: done (people=3)"
    assert main(["daily", "run", "--day", "2026-01-05"]) == 0
    assert "already done" in capsys.readouterr().out
    assert seen == [dt.date(2026, 1, 5)]


def test_run_without_a_day_catches_up_to_today(seen, capsys):
    today = timezone.localdate()
    DailyRun.objects.create(
        day=today - dt.timedelta(days=2), step="test.days", status="done", started_at=timezone.now()
    )
    assert main(["daily", "run"]) == 0
    assert seen == [today - dt.timedelta(days=1), today]


def test_a_day_that_is_not_a_date_exits_2(seen, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["daily", "run", "--day", "2026-02-30"])
    assert caught.value.code == 2
    assert "not a date" in capsys.readouterr().err
    assert seen == [] and not DailyRun.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--step", "nope"], "No daily step is called nope"), (["--day", "2999-01-01"], "in the future")],
)
def test_bad_input_exits_2_with_a_reason_and_runs_nothing(seen, capsys, args, message):
    assert main(["daily", "run", *args]) == 2
    assert message in capsys.readouterr().err
    assert seen == [] and not DailyRun.objects.exists()


def test_a_failed_step_exits_1(monkeypatch, capsys):
    monkeypatch.setattr(registry, "_steps", {})
    registry.daily_step("test.broken", lambda day: 1 / 0)
    assert main(["daily", "run", "--day", "2026-01-05"]) == 1
    assert "FAILED" in capsys.readouterr().out


def test_health_shows_the_last_daily_run(seen, capsys):
    main(["daily", "run", "--day", "2026-01-05"])
    capsys.readouterr()
    main(["health"])
    out = capsys.readouterr().out
    assert "daily job: last ran for 2026-01-05" in out
    assert "next daily run: none queued" in out
