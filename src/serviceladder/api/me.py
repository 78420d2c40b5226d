"""GET /api/me — who the caller is: user name, roles, linked employee."""

from __future__ import annotations

from ninja import Router, Schema

from serviceladder.accounts.scoping import user_employee, user_roles
from serviceladder.api.schemas import ERRORS

router = Router(tags=["me"])


class MeOut(Schema):
    username: str
    roles: list[str]
    employee_number: str | None
    employee_name: str | None


@router.get("/me", response={200: MeOut, **ERRORS}, url_name="me", summary="The calling user")
def me(request):
    user = request.auth
    roles = user_roles(user)
    # scoping: a person sees their own record once they hold a role (as the pages show it)
    employee = user_employee(user) if roles else None
    return {
        "username": user.get_username(),
        "roles": sorted(roles),
        "employee_number": employee.number if employee else None,
        "employee_name": employee.name if employee else None,
    }
