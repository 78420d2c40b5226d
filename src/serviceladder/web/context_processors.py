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
