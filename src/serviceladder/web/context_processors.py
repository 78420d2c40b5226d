from django.utils.functional import cached_property

from serviceladder.accounts.scoping import user_employee, user_roles
from serviceladder.todos.registry import TodoList, todo_list
from serviceladder.web.access import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "my_roles": sorted(user_roles(user)),
        "my_employee": user_employee(user),
        "nav": nav_for(user),
    }


def request_todos(request) -> TodoList:
    """The to-do list of the request's user, asked of the registry once per request (the home page's list
    and the navigation badge share it)."""
    found = getattr(request, "_serviceladder_todos", None)
    if found is None:
        found = request._serviceladder_todos = todo_list(request.user)
    return found


class _TodoBadge:
    """The navigation's to-do count, computed on first use: nothing for a page that never shows it, and no
    provider is asked for a user without a role (todos.registry.todo_list)."""

    def __init__(self, request) -> None:
        self._request = request

    @cached_property
    def count(self) -> int:
        return request_todos(self._request).count


def todos_badge(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"todo_badge": _TodoBadge(request)}


class _Bell:
    """The header's unread count, computed on first use: one COUNT query, none if a page never shows it."""

    def __init__(self, user) -> None:
        self._user = user

    @cached_property
    def count(self) -> int:
        from serviceladder.notifications.selectors import notifications_unread_count

        return notifications_unread_count(self._user)


def notifications_bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell": _Bell(user)}
