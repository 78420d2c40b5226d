"""The home page lists what waits for each person and the navigation counts it, through the registry."""

import pytest
from django.urls import reverse

from serviceladder.promotions.models import PromotionApplication
from serviceladder.todos.registry import TodoItem, items_for, registered
from tests.factories import UserFactory
from tests.promotions.conftest import draft, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def home(client, user, language="en"):
    client.force_login(user)
    client.cookies["serviceladder_language"] = language
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_head_is_told_that_an_application_waits_for_their_review(client, org):
    app = submitted(org)
    page = home(client, org.users["head"])
    assert "Waiting for you" in page
    assert f'href="{reverse("promotion_application", args=[app.pk])}#department"' in page
    assert "Department review" in page and "lina-name: Level 1 → Level 2" in page
    assert '<span class="nav-count" id="todo-count"' in page and ">1</span>" in page
    zh = home(client, org.users["head"], "zh-hans")
    assert "待办事项" in zh and "部门初审" in zh and "lina-name：一级 → 二级" in zh


def test_an_empty_list_says_so_kindly_and_shows_no_badge(client, org):
    page = home(client, org.users["agent_b"])
    assert "Nothing is waiting for you right now." in page
    assert 'id="todo-count"' not in page


def test_the_badge_counts_every_item_on_every_page(client, org):
    draft(org)
    client.force_login(org.users["applicant"])
    page = client.get(reverse("promotion_cycles")).content.decode()
    assert '<span class="nav-count" id="todo-count" title="1 thing waits for you">1</span>' in page


def test_hr_has_no_separate_promotions_badge_any_more(client, org):
    page = home(client, org.users["hr"])
    assert 'title="Waiting for HR"' not in page
    assert 'id="todo-count"' in page  # the policy's EX1 has no quota in the cycle


def test_a_failing_provider_does_not_break_the_home(client, org):
    submitted(org)

    def broken(user):
        raise RuntimeError("boom")

    with registered("broken", broken, kinds={"broken.kind": "Broken"}):
        page = home(client, org.users["head"])
    assert "lina-name: Level 1 → Level 2" in page
    assert "Part of your list could not be loaded just now" in page


def test_anonymous_pages_and_users_without_a_role_ask_no_provider(client, org):
    asked = []
    spy = [TodoItem(kind="spy.kind", title="x", url="/x/")]
    with registered("spy", lambda u: asked.append(u) or spy, kinds={"spy.kind": "Spy"}):
        assert client.get(reverse("login")).status_code == 200
        client.force_login(UserFactory(username="norole"))
        assert client.get(reverse("home")).status_code == 200
        assert asked == []
        home(client, org.users["agent_b"])
    assert asked == [org.users["agent_b"]]  # asked once for the list and the badge together


def test_the_agent_sees_their_next_step(client, org):
    page = home(client, org.users["applicant"])
    assert "My next step" in page
    assert f'href="{reverse("my_path")}#step-L2"' in page
    assert 'Level 1 <span aria-hidden="true">→</span>' in page


def test_the_list_costs_the_same_queries_for_one_waiting_case_or_several(client, org, today):
    """No query per item: the head's home with one review waiting, then two; HR's with one appeal, then
    two."""
    from serviceladder.promotions import services as s
    from serviceladder.promotions.states import State
    from tests.promotions.conftest import advance
    from tests.queries import queries_for

    submitted(org, "applicant")
    client.force_login(org.users["head"])
    one = queries_for(client, reverse("home"))
    submitted(org, "colleague")
    assert [i.key for i in items_for(org.users["head"])] == [
        f"application:{a.pk}" for a in PromotionApplication.objects.order_by("pk")
    ]
    assert queries_for(client, reverse("home")) == one

    first = advance(
        org, PromotionApplication.objects.get(applicant=org.employees["applicant"]), State.ON_NOTICE
    )
    s.promotion_appeal_file(actor=org.actor("agent_b"), application=first, text="Not true")
    client.force_login(org.users["hr"])
    one = queries_for(client, reverse("home"))
    s.promotion_appeal_file(actor=org.actor("other_lead"), application=first, text="Not true either")
    assert queries_for(client, reverse("home")) == one
