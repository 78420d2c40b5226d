"""Django's username-and-password backend, refusing whoever may not sign in (accounts.logins.login_allowed).

`user_can_authenticate` is asked at sign-in and, through `get_user`, on every request of a session: a login
switched off, or a person whose leave date has come, is refused at the sign-in page and signed out of any
session they still hold — whether or not the daily job has switched the login off yet.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from serviceladder.accounts.logins import login_allowed


class LoginBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        return login_allowed(user)

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("employee").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
