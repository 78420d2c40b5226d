from django.apps import AppConfig


def _mark_session(sender, request, user, **kwargs) -> None:
    """A person who must choose a password carries the mark in their session (web middleware, API)."""
    from serviceladder.accounts.logins import MUST_CHANGE_SESSION_KEY, password_change_required

    if request is not None and hasattr(request, "session"):
        if password_change_required(user):
            request.session[MUST_CHANGE_SESSION_KEY] = True
        else:
            request.session.pop(MUST_CHANGE_SESSION_KEY, None)


class AccountsConfig(AppConfig):
    name = "serviceladder.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_mark_session, dispatch_uid="serviceladder_must_change_password")
