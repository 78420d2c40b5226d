from django.utils.functional import cached_property

from serviceladder.accounts.scoping import user_employee, user_roles
from serviceladder.web.access import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from serviceladder.promotions.page_selectors import hr_inbox

    return {
        "my_roles": sorted(user_roles(user)),
        "my_employee": user_employee(user),
        "nav": nav_for(user),
        "promo_inbox": hr_inbox(user),
    }


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
