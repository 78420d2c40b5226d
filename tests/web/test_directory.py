import datetime as dt

import pytest
from django.urls import reverse

from serviceladder.accounts.models import RoleGrant
from serviceladder.audit.models import AuditEvent
from serviceladder.org.selectors import level_as_of, level_history
from tests.factories import EmployeeFactory, LevelAssignmentFactory


@pytest.mark.django_db
def test_search_by_name_and_number(client_for, org):
    c = client_for("hr")
    html = c.get(reverse("people"), {"q": "张伟"}).content.decode()
    assert "E2004" in html and "E2003" not in html
    html = c.get(reverse("people"), {"q": "e2006"}).content.decode()
    assert "陈静" in html and "张伟" not in html


@pytest.mark.django_db
def test_filters_department_team_level(client_for, org):
    c = client_for("hr")
    html = c.get(reverse("people"), {"department": "dept-b"}).content.decode()
    assert {"E2006", "E2007", "E2010"} <= {n for n in org.employees if n in html}
    assert "E2003" not in html
    html = c.get(reverse("people"), {"team": "a2"}).content.decode()
    assert "E2005" in html and "E2004" not in html
    # level as of today: odd positions in PEOPLE were promoted to L2 in 2024
    html = c.get(reverse("people"), {"level": "L2"}).content.decode()
    assert "E2001" in html and "E2003" in html and "E2002" not in html


@pytest.mark.django_db
def test_directory_only_lists_visible_people(client_for, org):
    html = client_for("team_lead").get(reverse("people")).content.decode()
    assert {"E2002", "E2003", "E2004"} == {n for n in org.employees if n in html}


@pytest.mark.django_db
def test_pagination_25_per_page(client_for, org):
    team = org.teams["b1"]
    for i in range(30):
        EmployeeFactory(number=f"X{i:04d}", name=f"测试{i:02d}", team=team)
    c = client_for("hr")
    page1 = c.get(reverse("people")).content.decode()
    page2 = c.get(reverse("people"), {"page": 2}).content.decode()
    rows = lambda html: html.count("<tr>") - 1  # noqa: E731 — minus the header row
    assert rows(page1) == 25 and rows(page2) == 15
    assert 'rel="next"' in page1 and "page=2" in page1


@pytest.mark.django_db
def test_htmx_request_returns_only_the_results_fragment(client_for, org):
    c = client_for("hr")
    response = c.get(reverse("people"), {"q": "张"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<header" not in html and "<form" not in html
    assert "<table" in html and "E2004" in html
    assert "HX-Request" in response["Vary"]
    full = c.get(reverse("people"), {"q": "张"}).content.decode()
    assert "<html" in full and 'hx-get="/people/"' in full and 'hx-push-url="true"' in full


@pytest.mark.django_db
def test_level_as_of_and_history():
    e = EmployeeFactory()
    first = LevelAssignmentFactory(employee=e, effective_from=dt.date(2023, 1, 1))
    second = LevelAssignmentFactory(employee=e, effective_from=dt.date(2024, 7, 1))
    assert level_as_of(e, dt.date(2022, 12, 31)) is None
    assert level_as_of(e, dt.date(2023, 1, 1)) == first
    assert level_as_of(e, dt.date(2024, 6, 30)) == first
    assert level_as_of(e, dt.date(2024, 7, 1)) == second
    history = level_history(e)
    assert [p.assignment for p in history] == [first, second]
    assert history[0].effective_to == dt.date(2024, 6, 30) and history[1].effective_to is None


@pytest.mark.django_db
def test_grant_and_revoke_role_from_the_web(client_for, org):
    c = client_for("hr")
    response = c.post(
        reverse("users"), {"op": "grant", "username": "huangli", "role": "agent", "reason": "转正"}
    )
    assert response.status_code == 302
    assert RoleGrant.objects.filter(user__username="huangli", role="agent").exists()
    event = AuditEvent.objects.get(action="role.grant", after__username="huangli")
    assert event.channel == "web" and event.actor == org.users["hr"] and event.reason == "转正"
    c.post(reverse("users"), {"op": "revoke", "username": "huangli", "role": "agent", "reason": "调岗"})
    assert not RoleGrant.objects.filter(user__username="huangli").exists()


@pytest.mark.django_db
def test_domain_error_is_shown_as_a_message_and_nothing_changes(client_for, org):
    c = client_for("admin")
    before = AuditEvent.objects.count()
    response = c.post(
        reverse("users"), {"op": "grant", "username": "huangli", "role": "hr", "reason": "x"}, follow=True
    )
    assert "An administrator grants and revokes only" in response.content.decode()
    assert not RoleGrant.objects.filter(user__username="huangli").exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_an_administrator_cannot_grant_themselves_hr(client_for, org):
    """Issue 11, item 1: `op=grant, username=admin, role=hr` on the users page."""
    c = client_for("admin")
    response = c.post(
        reverse("users"), {"op": "grant", "username": "sysadmin", "role": "hr", "reason": "x"}, follow=True
    )
    assert "Nobody grants or revokes their own roles" in response.content.decode()
    assert not RoleGrant.objects.filter(user__username="sysadmin", role="hr").exists()


@pytest.mark.django_db
def test_role_change_is_refused_for_other_roles(client_for, org):
    c = client_for("team_lead")
    response = c.post(
        reverse("users"), {"op": "grant", "username": "huangli", "role": "agent", "reason": "x"}
    )
    assert response.status_code == 403
    assert not RoleGrant.objects.filter(user__username="huangli").exists()


@pytest.mark.django_db
def test_audit_filters(client_for, org):
    c = client_for("hr")
    html = c.get(reverse("audit"), {"action": "role.revoke"}).content.decode()
    assert "账号重置" in html and "入职开通账号" not in html
    html = c.get(reverse("audit"), {"actor": "nobody"}).content.decode()
    assert "账号重置" not in html
    html = c.get(reverse("person_audit", kwargs={"number": "E2003"})).content.decode()
    assert "账号重置" in html and "入职开通账号" in html and "兼任一线坐席" not in html
