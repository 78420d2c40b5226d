"""The ladder page and level details over HTTP: who sees pay bands, the viewer's own level, no policy."""

import re

import pytest
from django.urls import reverse

from tests.web.org import ensure_policy

BAND = ("4,321.00", "6,789.00", "5,432.00", "8,765.00")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["agent", "team_lead", "department_head", "admin"])
def test_pay_band_is_hidden_from_everyone_but_hr_and_management(client_for, org, role):
    ensure_policy(org)
    client = client_for(role)
    for url in (reverse("ladder") + "?level=L2", reverse("ladder_level", args=["L2"])):
        html = client.get(url).content.decode()
        assert "Communication" in html  # the detail itself is there
        for amount in (*BAND, "5432", "8765"):
            assert amount not in html, (role, url, amount)
        assert "Pay band" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["hr", "management"])
def test_hr_and_management_see_the_pay_band(client_for, org, role):
    ensure_policy(org)
    html = client_for(role).get(reverse("ladder_level", args=["L2"])).content.decode()
    assert "5,432.00" in html and "8,765.00" in html


@pytest.mark.django_db
def test_level_detail_shows_profile_training_and_way_in(client_for, org):
    ensure_policy(org)
    html = client_for("agent").get(reverse("ladder_level", args=["L2"])).content.decode()
    assert "Junior agent" in html  # the way in: from L1
    assert "at least 12 months in that level" in html
    assert "Basics" in html  # promotion training
    assert 'aria-label="3 / 5"' in html and 'aria-label="2 / 5"' in html  # competency bars
    assert "<html" in html  # a full page without htmx


@pytest.mark.django_db
def test_level_detail_is_a_fragment_for_htmx(client_for, org):
    ensure_policy(org)
    response = client_for("agent").get(reverse("ladder_level", args=["L2"]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "Agent" in html


@pytest.mark.django_db
def test_the_picture_links_every_level_and_marks_the_viewers_own(client_for, org):
    ensure_policy(org)
    html = client_for("agent").get(reverse("ladder")).content.decode()
    for code in ("L1", "L2", "L3", "X1"):
        assert f'href="/ladder/levels/{code}/"' in html
    # the agent (E2003) was promoted to L2 in 2024
    own = re.findall(r'<a [^>]*class="ladder-level is-own[^"]*"[^>]*data-code="(\w+)"', html)
    assert own == ["L2"]
    assert html.count('data-from="L2" data-to="X1"') == 1
    assert "ladder-arrow-lateral" in html


@pytest.mark.django_db
def test_without_a_policy_the_page_says_how_to_load_one(client_for, org):
    html = client_for("agent").get(reverse("ladder")).content.decode()
    assert "policy load" in html and "--preset cn-standard" in html


@pytest.mark.django_db
def test_nav_links_depend_on_role(client_for, org):
    html = client_for("agent").get(reverse("home")).content.decode()
    assert 'href="/ladder/"' in html and 'href="/policy/"' not in html
    html = client_for("management").get(reverse("home")).content.decode()
    assert 'href="/ladder/"' in html and 'href="/policy/"' in html
