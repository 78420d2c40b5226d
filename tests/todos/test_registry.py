"""The to-do registry: ordering, a provider that raises, unknown kinds, who is asked, lazy titles."""

import datetime as dt
import logging

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from serviceladder.core.translatable import Message, Names
from serviceladder.todos.registry import (
    TodoItem,
    count_for,
    items_for,
    order_key,
    register,
    registered,
    todo_list,
)
from tests.factories import UserFactory, user_with_roles

pytestmark = pytest.mark.django_db

D = dt.date


def _item(key, *, due=None, since=None, kind="test.thing"):
    return TodoItem(kind=kind, title=key, url=f"/{key}/", due=due, since=since, key=key)


def test_nearest_deadline_first_undated_last_oldest_waiting_first(empty_registry):
    user = user_with_roles("hr1", "hr")
    items = [
        _item("undated-new", since=D(2025, 9, 20)),
        _item("late", due=D(2025, 10, 31)),
        _item("undated-nothing"),
        _item("soon", due=D(2025, 9, 26), since=D(2025, 9, 1)),
        _item("undated-old", since=D(2025, 8, 1)),
        _item("overdue", due=D(2025, 9, 1)),
    ]
    register("test", lambda user: list(items), kinds={"test.thing": "Thing"})
    assert [i.key for i in items_for(user)] == [
        "overdue",
        "soon",
        "late",
        "undated-old",
        "undated-new",
        "undated-nothing",
    ]
    assert count_for(user) == 6


def test_items_of_several_providers_are_merged_in_one_order(empty_registry):
    user = user_with_roles("hr1", "hr")
    register("one", lambda u: [_item("a", due=D(2025, 10, 1), kind="one.x")], kinds={"one.x": "X"})
    register("two", lambda u: [_item("b", due=D(2025, 9, 1), kind="two.y")], kinds={"two.y": "Y"})
    assert [i.key for i in items_for(user)] == ["b", "a"]
    assert sorted(items_for(user), key=order_key) == items_for(user)


def test_a_provider_that_raises_is_logged_and_the_others_are_shown(empty_registry, caplog):
    user = user_with_roles("hr1", "hr")

    def broken(user):
        raise RuntimeError("database went away")

    register("broken", broken, kinds={"broken.x": "X"})
    register("fine", lambda u: [_item("ok", kind="fine.y")], kinds={"fine.y": "Y"})
    with caplog.at_level(logging.ERROR, logger="serviceladder.todos.registry"):
        found = todo_list(user)
    assert [i.key for i in found] == ["ok"]
    assert found.failed == ("broken",) and found.incomplete
    assert count_for(user) == 1
    assert "to-do provider 'broken' failed" in caplog.text and "database went away" in caplog.text


def test_a_provider_whose_query_fails_leaves_the_others_working(empty_registry):
    """Inside a transaction (a test, or a page rendered after a write) a failed query would abort it, and on
    PostgreSQL every later query of the other providers would fail as well."""
    user = user_with_roles("hr1", "hr")

    def bad_sql(user):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")
        return []

    def uses_the_database(user):
        return [_item(u.username, kind="fine.y") for u in User.objects.filter(pk=user.pk)]

    register("bad", bad_sql, kinds={"bad.x": "X"})
    register("fine", uses_the_database, kinds={"fine.y": "Y"})
    assert connection.in_atomic_block
    found = todo_list(user)
    assert [i.key for i in found] == ["hr1"] and found.failed == ("bad",)
    assert User.objects.filter(pk=user.pk).exists()  # the test's transaction still works


def test_a_kind_the_provider_did_not_register_counts_as_a_failure(empty_registry, caplog):
    user = user_with_roles("hr1", "hr")
    register("sloppy", lambda u: [_item("x", kind="sloppy.other")], kinds={"sloppy.one": "One"})
    with caplog.at_level(logging.ERROR, logger="serviceladder.todos.registry"):
        found = todo_list(user)
    assert found.items == () and found.failed == ("sloppy",)
    assert "sloppy.other" in caplog.text


def test_nobody_is_asked_for_anonymous_users_and_users_without_a_role(empty_registry):
    asked = []
    register("spy", lambda u: asked.append(u) or [_item("x")], kinds={"test.thing": "Thing"})
    assert count_for(AnonymousUser()) == 0
    assert items_for(UserFactory(username="norole")) == []
    assert asked == []
    agent = user_with_roles("agent1", "agent")
    assert count_for(agent) == 1 and asked == [agent]


def test_a_kind_belongs_to_one_provider(empty_registry):
    register("one", lambda u: [], kinds={"shared.kind": "Shared"})
    with pytest.raises(ImproperlyConfigured):
        register("two", lambda u: [], kinds={"shared.kind": "Shared"})
    register("one", lambda u: [], kinds={"shared.kind": "Shared again"})  # ready() running twice is fine


def test_registered_restores_the_previous_provider(empty_registry):
    user = user_with_roles("hr1", "hr")
    register("p", lambda u: [_item("before")], kinds={"test.thing": "Thing"})
    with registered("p", lambda u: [_item("during")], kinds={"test.thing": "Thing"}):
        assert [i.key for i in items_for(user)] == ["during"]
    assert [i.key for i in items_for(user)] == ["before"]


def test_kind_label_and_title_are_rendered_in_the_readers_language(empty_registry):
    user = user_with_roles("hr1", "hr")
    item = TodoItem(
        kind="test.review",
        title=Message(
            _("{name}: {from_level} → {to_level}"),
            name="李娜",
            from_level=Names("一级", "Level 1"),
            to_level=Names("二级", "Level 2"),
        ),
        url="/x/",
    )
    register("test", lambda u: [item], kinds={"test.review": _("Department review")})
    (found,) = items_for(user)
    with translation.override("en"):
        assert (found.kind_label, str(found.title)) == ("Department review", "李娜: Level 1 → Level 2")
    with translation.override("zh-hans"):
        assert (found.kind_label, str(found.title)) == ("部门初审", "李娜：一级 → 二级")


def test_the_apps_register_their_providers_from_ready():
    from serviceladder.todos.registry import kind_label, provider_names

    assert {"promotions", "development", "metrics"} <= set(provider_names())
    with translation.override("en"):
        assert kind_label("promotions.department_review") == "Department review"
        assert kind_label("development.competency_confirmation") == "Competency confirmation"
        assert kind_label("metrics.import_failed") == "Import"
