"""`serviceladder user deactivate|reactivate|link|deactivate-leavers`: the same services as the pages."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from serviceladder.accounts import logins
from serviceladder.audit.models import AuditEvent
from serviceladder.cli.main import main
from serviceladder.org.models import Employee

User = get_user_model()


def test_deactivate_and_reactivate_need_a_reason_and_the_rights(org, capsys):
    assert main(["user", "deactivate", "lina", "--as", "sysadmin"]) == 2
    assert "reason" in capsys.readouterr().err
    assert main(["user", "deactivate", "lina", "--as", "wangfang", "--reason", "x"]) == 2
    assert User.objects.get(username="lina").is_active
    assert main(["user", "deactivate", "lina", "--as", "sysadmin", "--reason", "病假"]) == 0
    assert not User.objects.get(username="lina").is_active
    assert main(["user", "reactivate", "lina", "--as", "zhaomin", "--reason", "回岗"]) == 0
    assert User.objects.get(username="lina").is_active


def test_link_prints_a_usable_one_time_link(org, settings, capsys):
    settings.SERVICELADDER_BASE_URL = ""
    assert main(["user", "link", "lina", "--as", "sysadmin", "--reason", "x"]) == 2
    settings.SERVICELADDER_BASE_URL = "https://ladder.example.com"
    capsys.readouterr()
    assert main(["user", "link", "lina", "--as", "sysadmin", "--reason", "忘记密码"]) == 0
    url = capsys.readouterr().out.strip()
    assert url.startswith("https://ladder.example.com/welcome/")
    assert logins.one_time_link_find(url.rsplit("/", 2)[-2]).user.username == "lina"


def test_deactivate_leavers_daily(org, capsys):
    Employee.objects.filter(number__in=["E2003", "E2004"]).update(leave_date=timezone.localdate())
    assert main(["user", "deactivate-leavers"]) == 0
    assert "lina: deactivated (left)" in capsys.readouterr().out
    assert not User.objects.get(username="lina").is_active
    event = AuditEvent.objects.get(action="user.deactivate")
    assert event.channel == "system" and event.reason.startswith("left on ")
