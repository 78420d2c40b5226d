"""Sign-in throttling on the login page: per account, per address, expiry, reset, unlock, audit."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from serviceladder.accounts.models import SignInCounter
from serviceladder.audit.models import AuditEvent
from tests.signin.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(username, password, address="10.0.0.1", client=None):
    client = client or Client(REMOTE_ADDR=address)
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def fail(username, times, address="10.0.0.1"):
    return [sign_in(username, "wrong", address) for _ in range(times)]


def test_five_failures_lock_the_account_with_a_message_saying_when(org, clock):
    at = clock()
    responses = fail("lina", 5)
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert "correct username and password" in responses[0].content.decode()
    locked = responses[4]
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == 15 * 60
    html = locked.content.decode()
    assert "Too many failed sign-ins" in html and "in about 15 minutes" in html
    until = timezone.localtime(at + dt.timedelta(minutes=15))
    assert until.strftime("%H:%M") in html


def test_the_right_password_is_refused_while_locked_and_works_after_the_window(org, clock):
    fail("lina", 5)
    clock(14)
    refused = sign_in("lina", PASSWORD)
    assert refused.status_code == 429 and "Too many failed sign-ins" in refused.content.decode()
    assert int(refused["Retry-After"]) == 60
    clock(1)
    assert signed_in(sign_in("lina", PASSWORD))


def test_a_lock_is_per_account_other_users_still_sign_in(org, clock):
    fail("lina", 5)
    assert signed_in(sign_in("zhaomin", PASSWORD))


def test_usernames_differing_in_case_share_the_count(org, clock):
    fail("Lina", 3)
    fail("LINA", 2)
    assert sign_in("lina", PASSWORD).status_code == 429


def test_failures_spread_over_more_than_the_window_do_not_lock(org, clock):
    fail("lina", 4)
    clock(16)
    fail("lina", 4)
    assert signed_in(sign_in("lina", PASSWORD))


def test_success_resets_the_account_count(org, clock):
    fail("lina", 4)
    assert signed_in(sign_in("lina", PASSWORD))
    fail("lina", 4)
    assert signed_in(sign_in("lina", PASSWORD))


def test_twenty_failures_from_one_address_lock_it_across_usernames(org, clock):
    for i in range(20):
        sign_in(f"guess{i % 10}", "wrong", "10.9.9.9")  # 2 per username: no account reaches 5
    refused = sign_in("zhaomin", PASSWORD, "10.9.9.9")
    assert refused.status_code == 429
    assert signed_in(sign_in("zhaomin", PASSWORD, "10.1.1.1"))  # another address is not affected
    clock(15)
    assert signed_in(sign_in("zhaomin", PASSWORD, "10.9.9.9"))


def test_audit_rows_for_failure_lockout_and_success_never_hold_the_password(org, clock):
    fail("lina", 5, "10.2.3.4")
    clock(15)
    sign_in("lina", PASSWORD, "10.2.3.4")
    failures = AuditEvent.objects.filter(action="signin.failure")
    assert failures.count() == 5
    first = failures.last()
    assert first.actor is None and first.actor_label == "lina"
    assert first.after == {"username": "lina", "address": "10.2.3.4"}
    lockout = AuditEvent.objects.get(action="signin.lockout")
    assert lockout.after["kind"] == "account" and lockout.after["key"] == "lina"
    assert lockout.after["address"] == "10.2.3.4"
    success = AuditEvent.objects.get(action="signin.success")
    assert success.actor == org.users["agent"] and success.after["address"] == "10.2.3.4"
    everything = str(list(AuditEvent.objects.values()))
    assert "wrong" not in everything and PASSWORD not in everything


def test_unknown_usernames_are_counted_like_real_ones(org, clock):
    fail("nobody-here", 5)
    assert sign_in("nobody-here", "whatever").status_code == 429


def test_stale_counters_are_deleted_by_later_failures(org, clock):
    fail("lina", 2, "10.0.0.7")
    clock(31)
    fail("zhaomin", 1, "10.0.0.8")
    assert set(SignInCounter.objects.values_list("key", flat=True)) == {"zhaomin", "10.0.0.8"}


def test_hr_sees_the_lock_on_the_users_page_and_clears_it_with_a_reason(org, clock):
    fail("lina", 5)
    hr = Client()
    hr.force_login(org.users["hr"])
    html = hr.get(reverse("users")).content.decode()
    assert "Sign-in locked until" in html and reverse("signin_unlock") in html
    response = hr.post(reverse("signin_unlock"), {"username": "lina", "reason": ""})
    assert response.status_code == 302
    assert sign_in("lina", PASSWORD).status_code == 429  # a reason is required
    response = hr.post(reverse("signin_unlock"), {"username": "lina", "reason": "called the help desk"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="signin.unlock")
    assert event.actor == org.users["hr"] and event.reason == "called the help desk"
    assert event.before["username"] == "lina"
    assert signed_in(sign_in("lina", PASSWORD))
    assert "Sign-in locked until" not in hr.get(reverse("users")).content.decode()


@pytest.mark.parametrize("role", ["agent", "team_lead", "management", "none"])
def test_only_hr_and_admin_clear_a_lock(org, clock, role):
    fail("zhaomin", 5)
    other = Client()
    other.force_login(org.users[role])
    assert other.post(reverse("signin_unlock"), {"username": "zhaomin", "reason": "x"}).status_code == 403
    assert not AuditEvent.objects.filter(action="signin.unlock").exists()
    assert sign_in("zhaomin", PASSWORD).status_code == 429


def test_admin_clears_a_lock(org, clock):
    fail("lina", 5)
    admin = Client()
    admin.force_login(org.users["admin"])
    admin.post(reverse("signin_unlock"), {"username": "lina", "reason": "verified by phone"})
    assert signed_in(sign_in("lina", PASSWORD))


def test_cli_unlock_needs_hr_or_admin_and_a_reason(org, clock, capsys):
    from serviceladder.cli.main import main

    fail("lina", 5)
    assert main(["user", "unlock", "lina", "--as", "wangfang", "--reason", "x"]) == 2
    assert main(["user", "unlock", "lina", "--as", "sysadmin"]) == 2
    assert "reason" in capsys.readouterr().err
    assert sign_in("lina", PASSWORD).status_code == 429
    assert main(["user", "unlock", "lina", "--as", "sysadmin", "--reason", "verified"]) == 0
    assert "cleared" in capsys.readouterr().out
    assert AuditEvent.objects.get(action="signin.unlock").channel == "cli"
    assert signed_in(sign_in("lina", PASSWORD))
    assert main(["user", "unlock", "lina", "--as", "sysadmin", "--reason", "again"]) == 0
    assert "not locked" in capsys.readouterr().out


def test_an_empty_field_is_a_form_error_not_a_counted_failure(org, clock):
    response = Client().post(reverse("login"), {"username": "lina", "password": ""})
    assert response.status_code == 200 and "required" in response.content.decode()
    assert Client().post(reverse("login"), {"username": "", "password": "x"}).status_code == 200
    assert not SignInCounter.objects.exists()
