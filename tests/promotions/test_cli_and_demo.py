"""The `serviceladder promotions` command and the demo's promotion cycle."""

import pytest

from serviceladder.cli.main import main
from serviceladder.demo.promotions import demo_promotions_describe, with_application_month
from serviceladder.policy.presets import preset_text
from serviceladder.policy.validation import parse_policy
from serviceladder.promotions import clock
from serviceladder.promotions.models import PromotionApplication, PromotionCycle
from serviceladder.promotions.states import State
from tests.promotions.conftest import submitted

pytestmark = pytest.mark.django_db


def test_cycle_open_and_list_from_the_command_line(org, capsys):
    code = main(
        [
            "promotions", "cycle", "open", "--name", "2026 上半年", "--opens", "2026-03-01",
            "--closes", "2026-03-31", "--quota", "L3=4", "--as", "zhaomin",
        ]
    )  # fmt: skip
    assert code == 0
    cycle = PromotionCycle.objects.get(name="2026 上半年")
    assert cycle.quotas == {"L2": 1, "L3": 4}
    assert "Opened cycle" in capsys.readouterr().out
    submitted(org)
    assert main(["promotions", "list", "--as", "zhaomin"]) == 0
    out = capsys.readouterr().out
    assert "2026 上半年" in out and "applied 1" in out
    assert main(["promotions", "list", "--cycle", str(org.cycle.pk), "--as", "zhoujg"]) == 0
    assert "P001" in capsys.readouterr().out
    assert main(["promotions", "list", "--cycle", str(org.cycle.pk), "--as", "liuyang"]) == 0
    assert "P001" not in capsys.readouterr().out  # another department's head


def test_cycle_open_refuses_a_window_outside_the_months(org, capsys):
    code = main(
        ["promotions", "cycle", "open", "--name", "x", "--opens", "2026-04-01", "--closes", "2026-04-30",
         "--as", "zhaomin"]
    )  # fmt: skip
    assert code == 2 and "2026-04" in capsys.readouterr().err
    assert main(["promotions", "cycle", "open", "--name", "x", "--opens", "soon", "--closes", "2026-03-01",
                 "--as", "zhaomin"]) == 2  # fmt: skip
    assert PromotionCycle.objects.count() == 1


def test_notice_date_from_the_command_line(org, capsys):
    assert main(["promotions", "notice-date", "--published", "2025-09-29"]) == 0
    assert "2025-10-13" in capsys.readouterr().out
    assert main(["promotions", "notice-date", "--published", "2027-09-30"]) == 0
    out = capsys.readouterr().out
    assert "2027-10-07" in out and "2027" in out.splitlines()[1]  # the provisional-calendar warning


def test_notice_date_names_the_weekday_in_the_active_language(org, capsys):
    from django.utils import translation

    with translation.override("zh-hans"):
        assert main(["promotions", "notice-date", "--published", "2025-09-29"]) == 0
    assert "2025-10-13（星期一）" in capsys.readouterr().out
    with translation.override("en"):
        assert main(["promotions", "notice-date", "--published", "2025-09-29"]) == 0
    assert "2025-10-13 (Mon)" in capsys.readouterr().out


def test_with_application_month_keeps_the_rest_of_the_file():
    text = preset_text("cn-standard")
    changed = with_application_month(text, 11)
    assert parse_policy(changed).process.application_months == [3, 9, 11]
    assert changed.replace("[3, 9, 11]", "[3, 9]", 1) == text


def test_demo_opens_a_cycle_usable_today_with_submitted_applications(settings):
    from serviceladder.audit.services import Actor
    from serviceladder.demo.generator import generate
    from serviceladder.demo.loader import demo_load

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    today = clock.today()
    demo_load(org=generate(seed=3, agents=30, months=4, today=today), actor=Actor(user=None))
    cycle = PromotionCycle.objects.get(note="demo")
    assert cycle.name == f"{today.year}年{today.month}月晋升（演示）"
    assert cycle.opens_on <= today <= cycle.closes_on
    from serviceladder.policy.selectors import policy_in_force

    assert today.month in policy_in_force(today).process.application_months
    apps = list(PromotionApplication.objects.filter(cycle=cycle).order_by("pk"))
    assert 1 <= len(apps) <= 2 and all(a.submitted_at and a.nominated_by for a in apps)
    assert [a.state for a in apps] == [State.DEPT_APPROVED, State.SUBMITTED][: len(apps)]
    assert all(a.is_exception == (a.eligibility_status != "eligible") for a in apps)
    assert not PromotionApplication.objects.filter(applicant__user__username="agent").exists()
    lines = demo_promotions_describe()
    assert cycle.name_alt and cycle.name_alt in lines[0] and cycle.name not in lines[0]  # English here
    if today.month not in (3, 9):
        assert f"month {today.month}" in lines[1]
        assert cycle.policy_version.source_name.endswith("+demo-month")


@pytest.mark.parametrize("today", ["2026-12-07", "2027-03-08", "2027-10-20"])
def test_demo_has_a_finished_cycle_ready_to_finalise(settings, monkeypatch, today):
    """The last step of a cycle can be shown: an earlier cycle whose notice ended before today, one
    application on it that HR can finalise; its history is dated the days it happened."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from serviceladder.audit.services import Actor
    from serviceladder.demo.generator import generate
    from serviceladder.demo.loader import demo_load
    from serviceladder.demo.promotions import DEMO_PRINT_FINISHED, FINISHED_NOTE
    from serviceladder.org.models import LevelAssignment
    from serviceladder.promotions.page_selectors import hr_inbox
    from serviceladder.promotions.services import promotion_finalise

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    day = dt.date.fromisoformat(today)
    monkeypatch.setattr("serviceladder.promotions.clock.today", lambda: day)  # clock.on works over it
    demo_load(org=generate(seed=3, agents=30, months=8, today=day), actor=Actor(user=None))
    finished = PromotionCycle.objects.get(note=FINISHED_NOTE)
    assert finished.closes_on < day and finished.opens_on.month in (3, 9)
    app = PromotionApplication.objects.get(cycle=finished)
    assert app.state == State.ON_NOTICE
    assert app.notice.published_on < app.notice.ends_on < day
    assert app.submitted_at.date() <= finished.closes_on
    assert all(log.at.date() < day for log in app.history.all())
    current = PromotionCycle.objects.get(note="demo")
    assert not current.applications.filter(applicant=app.applicant).exists()
    hr = get_user_model().objects.get(username="hr")
    assert hr_inbox(hr, today=day).finalise == 1
    assert str(DEMO_PRINT_FINISHED).split("“", 1)[0] in demo_promotions_describe()[-1]

    promotion_finalise(actor=Actor(user=hr), application=app, today=day)
    app.refresh_from_db()
    assert app.state == State.EFFECTIVE and app.effective_on > day
    assert LevelAssignment.objects.filter(employee=app.applicant, level=app.target_level).exists()
