"""The login pages over HTTP: who may open them, what they do, the one-time link and the forced password."""

import base64
import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from serviceladder.accounts import logins
from serviceladder.accounts.models import OneTimeLink
from serviceladder.api.services import api_token_create
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.org.models import Employee
from tests.web.org import ROLE_KEYS

User = get_user_model()
MANAGERS = {"hr", "admin"}


def _pages():
    return [
        reverse("login_new"),
        reverse("team_logins"),
        reverse("login_detail", args=["lina"]),
    ]


@pytest.mark.parametrize("key", ROLE_KEYS)
def test_only_hr_and_admin_open_the_login_pages(client_for, key):
    client = client_for(key)
    for url in _pages():
        status = client.get(url).status_code
        assert status == (200 if key in MANAGERS else 403), (key, url, status)
        before = (User.objects.count(), AuditEvent.objects.count())
        response = client.post(
            url,
            {
                "op": "deactivate",
                "reason": "x",
                "employee": "E2004",
                "username": "zz",
                "roles": ["agent"],
                "team": "b1",
            },
        )
        if key not in MANAGERS:
            assert response.status_code == 403
            assert (User.objects.count(), AuditEvent.objects.count()) == before
            assert User.objects.get(username="lina").is_active


@pytest.mark.parametrize("key", ROLE_KEYS)
def test_only_hr_edits_a_record(client_for, key):
    client = client_for(key)
    url = reverse("employee_edit", args=["E2003"])
    response = client.post(url, {"name": "改名", "team": "a1", "hire_date": "2022-03-01", "reason": "x"})
    assert response.status_code == (302 if key == "hr" else 403), key
    assert (Employee.objects.get(number="E2003").name == "改名") == (key == "hr")


def test_unknown_login_is_404(client_for):
    assert client_for("admin").get(reverse("login_detail", args=["nobody"])).status_code == 404


def test_admin_home_no_longer_sends_imports_to_the_command_line(client_for):
    html = client_for("admin").get(reverse("home")).content.decode()
    assert "serviceladder import roster" not in html and "command line" not in html
    assert reverse("imports") in html and reverse("login_new") in html


def _link_from(html: str) -> str:
    return re.search(r'class="token-key one-time-link"[^>]*>([^<]+)<', html).group(1)


def test_create_a_login_then_the_person_uses_the_link_and_must_choose_a_password(client_for, org):
    admin = client_for("admin")
    page = admin.get(reverse("login_new"), {"employee": "E2004"}).content.decode()
    assert 'value="e2004"' in page  # the suggested user name
    assert "E2003" not in re.search(r'<datalist id="l-candidates">.*?</datalist>', page, re.S).group(0)
    response = admin.post(
        reverse("login_new"),
        {"employee": "E2004", "username": "zhangwei", "roles": ["agent"], "reason": "入职开通"},
    )
    assert response.status_code == 200
    url = _link_from(response.content.decode())
    assert url.startswith("http://testserver/welcome/")
    # shown once: the login's page does not show it again
    assert url not in admin.get(reverse("login_detail", args=["zhangwei"])).content.decode()

    person = Client()
    path = url.removeprefix("http://testserver")
    assert person.get(path).status_code == 200  # a preview does not spend it
    assert person.post(path).url == reverse("account_password")
    assert person.get(path).status_code == 404  # spent
    assert person.get(reverse("home")).url == reverse("account_password")  # made to choose first
    assert person.get("/api/me").json()["code"] == "password_change_required"
    page = person.post(reverse("account_password"), {"new_password1": "123", "new_password2": "123"})
    assert page.status_code == 200 and "field-msg" in page.content.decode()
    done = person.post(
        reverse("account_password"),
        {"new_password1": "zhang-wei-own-2026", "new_password2": "zhang-wei-own-2026"},
    )
    assert done.url == reverse("home")
    assert person.get(reverse("home")).status_code == 200
    assert person.get("/api/me").status_code == 200
    fresh = Client()
    assert fresh.login(username="zhangwei", password="zhang-wei-own-2026")


def test_a_bad_create_says_why_and_writes_nothing(client_for):
    admin = client_for("admin")
    before = (User.objects.count(), AuditEvent.objects.count())
    response = admin.post(
        reverse("login_new"),
        {"employee": "E2003", "username": "lina-again", "roles": ["agent"], "reason": "x"},
        follow=True,
    )
    assert "already linked to user lina" in response.content.decode()
    assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_deactivate_ends_session_and_tokens_and_reactivate(client_for, org):
    lina = org.users["agent"]
    key = api_token_create(actor=Actor(user=lina), user=lina, name="script").key
    session = Client()
    session.force_login(lina)
    assert session.get(reverse("home")).status_code == 200
    bearer = Client(headers={"Authorization": f"Bearer {key}"})
    assert bearer.get("/api/me").status_code == 200
    admin = client_for("admin")
    url = reverse("login_detail", args=["lina"])
    admin.post(url, {"op": "deactivate", "reason": ""})
    assert User.objects.get(username="lina").is_active  # no reason, nothing done
    admin.post(url, {"op": "deactivate", "reason": "离岗"})
    assert not User.objects.get(username="lina").is_active
    assert session.get(reverse("home")).status_code == 302  # signed out
    assert bearer.get("/api/me").status_code == 401
    admin.post(url, {"op": "reactivate", "reason": "回岗"})
    assert User.objects.get(username="lina").is_active
    assert bearer.get("/api/me").status_code == 200
    assert list(
        AuditEvent.objects.filter(action__in=["user.deactivate", "user.reactivate"])
        .order_by("pk")
        .values_list("action", "reason")
    ) == [("user.deactivate", "离岗"), ("user.reactivate", "回岗")]


def test_a_new_link_for_someone_without_email(client_for, org):
    admin = client_for("admin")
    response = admin.post(reverse("login_detail", args=["lina"]), {"op": "link", "reason": "忘记密码"})
    url = _link_from(response.content.decode())
    assert logins.one_time_link_find(url.rsplit("/", 2)[-2]).user == org.users["agent"]


def test_roles_change_on_the_login_page_with_the_grant_matrix(client_for, org):
    admin = client_for("admin")
    url = reverse("login_detail", args=["lina"])
    admin.post(url, {"op": "grant", "role": "team_lead", "reason": "升组长"})
    admin.post(url, {"op": "grant", "role": "hr", "reason": "x"})
    held = set(org.users["agent"].role_grants.values_list("role", flat=True))
    assert held == {"agent", "team_lead"}


def test_team_logins_with_a_csv_of_the_links(client_for):
    admin = client_for("admin")
    page = admin.get(reverse("team_logins")).content.decode()
    assert "2 without a login" in page  # b1
    response = admin.post(reverse("team_logins"), {"team": "b1", "roles": ["agent"], "reason": "批量开通"})
    html = response.content.decode()
    href = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', html).group(1)
    rows = list(csv.reader(io.StringIO(base64.b64decode(href).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Employee number", "Name", "User name", "One-time link"]
    assert [r[0] for r in rows[1:]] == ["E2006", "E2007"]
    for row in rows[1:]:
        key = row[3].rsplit("/", 2)[-2]
        assert logins.one_time_link_find(key).user.username == row[2]
    assert OneTimeLink.objects.count() == 2


def test_team_csv_cells_are_never_formulas(client_for):
    Employee.objects.filter(number="E2006").update(name="=HYPERLINK(1)")
    admin = client_for("admin")
    html = admin.post(
        reverse("team_logins"), {"team": "b1", "roles": ["agent"], "reason": "x"}
    ).content.decode()
    href = re.search(r'base64,([^"]+)"', html).group(1)
    assert "'=HYPERLINK(1)" in base64.b64decode(href).decode("utf-8-sig")


def test_password_reset_by_email_end_to_end(client, org, settings, mailoutbox):
    settings.SERVICELADDER_BASE_URL = "https://ladder.example.com"
    Employee.objects.filter(number="E2003").update(email="lina@example.com")
    response = client.post(reverse("password_reset"), {"email": "LINA@example.com"})
    assert response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    link = re.search(r"https://ladder\.example\.com(/password-reset/\S+)", mailoutbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "lina-new-2026!", "new_password2": "lina-new-2026!"}
    )
    assert done.url == reverse("password_reset_complete")
    assert Client().login(username="lina", password="lina-new-2026!")
    # the link works once
    assert "new_password1" not in client.get(link, follow=True).content.decode()


def test_password_reset_page_without_base_url_sends_nothing(client, org, settings, mailoutbox):
    settings.SERVICELADDER_BASE_URL = ""
    Employee.objects.filter(number="E2003").update(email="lina@example.com")
    page = client.get(reverse("password_reset")).content.decode()
    assert "not set up on this server" in page
    client.post(reverse("password_reset"), {"email": "lina@example.com"})
    assert mailoutbox == []


def test_a_leaver_loses_session_and_tokens_on_the_leave_date_before_any_job(org):
    from django.utils import timezone

    lina = org.users["agent"]
    key = api_token_create(actor=Actor(user=lina), user=lina, name="script").key
    session = Client()
    session.force_login(lina)
    bearer = Client(headers={"Authorization": f"Bearer {key}"})
    assert session.get(reverse("home")).status_code == 200 and bearer.get("/api/me").status_code == 200
    Employee.objects.filter(number="E2003").update(leave_date=timezone.localdate())
    assert session.get(reverse("home")).status_code == 302
    assert bearer.get("/api/me").status_code == 401
    assert User.objects.get(username="lina").is_active  # refused without the job having run
