"""Permission matrix over HTTP: every named route × every role, plus what each page must never reveal."""

import re

import pytest
from django.urls import reverse

from tests.web.org import BAND_FIGURES, PAY_BAND_ROLES, PAY_VISIBLE, PEOPLE, ROLE_KEYS, USERS
from tests.web.pages import ROUTES, named_routes


def test_every_route_is_in_the_table():
    missing = named_routes() - set(ROUTES)
    assert not missing, f"routes without a permission case: {sorted(missing)}"
    stale = set(ROUTES) - named_routes()
    assert not stale, f"cases for routes that no longer exist: {sorted(stale)}"


def _pay_patterns(number):
    amount = PEOPLE[number][2]
    whole = int(amount)
    return {f"{amount}", f"{whole:,}", f"{whole}"}


def _cases():
    for name, cases in ROUTES.items():
        for i, case in enumerate(cases):
            yield pytest.param(name, i, id=f"{name}-{case.label or i}")


def _problems(client, org, name, case, role) -> list[str]:
    url = reverse(name, kwargs=case.kwargs(org, role)) + case.query
    response = client.get(url)
    problems = []
    if role in case.allowed and response.status_code != case.ok_status:
        problems.append(f"{role} {url}: {response.status_code}, expected {case.ok_status}")
    if role not in case.allowed and response.status_code not in case.denied_status:
        problems.append(f"{role} {url}: {response.status_code}, expected one of {sorted(case.denied_status)}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    html = body.decode(errors="replace")
    visible = USERS[role][3]
    for number, (person, _team, _pay) in PEOPLE.items():
        if number not in visible and re.search(rf"\b{number}\b", html):
            problems.append(f"{role} {url}: number {number} leaked")
        if number not in visible and person in html:
            problems.append(f"{role} {url}: name {person} leaked")
        if number not in PAY_VISIBLE[role]:
            problems.extend(
                f"{role} {url}: pay of {number} leaked"
                for pattern in _pay_patterns(number)
                if pattern in html
            )
    if role not in PAY_BAND_ROLES:
        problems.extend(f"{role} {url}: pay band figure {f} leaked" for f in BAND_FIGURES if f in html)
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "index"), list(_cases()))
def test_route_matrix(client, org, name, index):
    """Each role in turn: allowed → ok status, others → 403/404; no out-of-scope person or pay in the HTML."""
    case = ROUTES[name][index]
    problems = []
    for role in ROLE_KEYS:
        client.logout()
        client.force_login(org.users[role])
        problems += _problems(client, org, name, case, role)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["agent", "hr", "management"])
def test_pay_is_shown_to_those_who_may_see_it(client_for, org, role):
    number = USERS[role][2]
    html = client_for(role).get(reverse("person", kwargs={"number": number})).content.decode()
    assert f"{int(PEOPLE[number][2]):,}" in html


@pytest.mark.django_db
def test_admin_sees_directory_entry_but_no_performance(client_for, org):
    html = client_for("admin").get(reverse("person", kwargs={"number": "E2004"})).content.decode()
    assert "张伟" in html
    assert "业务知识考核" not in html  # exam
    assert "早班迟到" not in html  # violation
    assert 'class="chart"' not in html


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, org):
    for name in ("home", "people", "audit", "users"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.get(reverse("person", kwargs={"number": "E2003"}))
    assert response.status_code == 302
