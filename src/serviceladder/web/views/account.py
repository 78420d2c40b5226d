"""Signing in with a one-time link, choosing a password, and Django's password reset by e-mail.

A one-time link (accounts.logins) signs its person in once; they are then made to choose a password
(PasswordChangeRequiredMiddleware) before any other page. Opening the link only shows a button: the link is
spent by pressing it, so a chat app's link preview cannot use it up.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from serviceladder.accounts import logins
from serviceladder.core.client import client_address
from serviceladder.core.errors import ValidationFailed
from serviceladder.web.methods import form_page, read_only


@form_page
def welcome(request: HttpRequest, key: str) -> HttpResponse:
    link = logins.one_time_link_find(key)
    if request.method == "POST" and link is not None:
        try:
            user = logins.one_time_link_use(key=key, address=client_address(request))
        except ValidationFailed:
            link = None
        else:
            login(request, user, backend="serviceladder.accounts.backends.LoginBackend")
            return redirect("account_password")
    status = 200 if link is not None else 404
    return render(request, "web/account/welcome.html", {"link": link}, status=status)


class _OwnPasswordForm(SetPasswordForm):
    """Django's form for a new password (twice, with the validators); saved through accounts.logins."""

    def save(self, commit=True):
        logins.password_set_by_user(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


@form_page
def account_password(request: HttpRequest) -> HttpResponse:
    """Choose a new password. Forced after a one-time link or a reset; open to everyone otherwise."""
    required = bool(request.session.get(logins.MUST_CHANGE_SESSION_KEY))
    form_class = _OwnPasswordForm if required else _password_change_form()
    form = form_class(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        request.session.pop(logins.MUST_CHANGE_SESSION_KEY, None)
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password is set."))
        return redirect("home")
    return render(request, "web/account/password.html", {"form": form, "required": required})


def _password_change_form():
    from django.contrib.auth.forms import PasswordChangeForm

    class _Form(PasswordChangeForm):
        def save(self, commit=True):
            logins.password_set_by_user(user=self.user, password=self.cleaned_data["new_password1"])
            return self.user

    return _Form


class ResetForm(PasswordResetForm):
    """Django's form, finding people by their own or their employee record's address, and sending
    accounts.logins' e-mail (absolute link from SERVICELADDER_BASE_URL, in the reader's language)."""

    def get_users(self, email):
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        users = get_user_model().objects.filter(
            Q(email__iexact=email) | Q(employee__email__iexact=email), is_active=True
        )
        return (u for u in users.distinct() if logins.login_allowed(u))

    def save(self, *args, **kwargs):
        email = self.cleaned_data["email"]
        for user in self.get_users(email):
            logins.password_reset_message(user, email).send(fail_silently=False)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    http_method_names = ["get", "head", "post", "options"]  # Django's form views take PUT as a POST
    template_name = "web/account/reset_form.html"
    success_url = reverse_lazy("password_reset_done")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "configured": bool(settings.SERVICELADDER_BASE_URL)}

    def form_valid(self, form):
        if not settings.SERVICELADDER_BASE_URL:
            form.add_error(None, str(logins.NO_BASE_URL))
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the e-mail: the person chooses a new password (theirs alone, so no forced change)."""

    template_name = "web/account/reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")
    form_class = _OwnPasswordForm
    http_method_names = ["get", "head", "post", "options"]

    def dispatch(self, *args, **kwargs):
        # Django's view answers an invalid link before it looks at the method.
        if self.request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(self.request, *args, **kwargs)
        return super().dispatch(*args, **kwargs)


@read_only
def reset_done(request: HttpRequest) -> HttpResponse:
    return render(request, "web/account/reset_done.html")


@read_only
def reset_complete(request: HttpRequest) -> HttpResponse:
    return render(request, "web/account/reset_complete.html")
