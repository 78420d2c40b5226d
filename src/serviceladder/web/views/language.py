"""The language a person reads the site in: the header switch and signing in.

The cookie (settings.LANGUAGE_COOKIE_NAME) is what Django's LocaleMiddleware reads on every request; for a
signed-in person the choice is also stored (accounts.UserPreferences), because their notifications and
e-mails are written in it, and signing in sets the cookie from it.
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views import i18n

from serviceladder.accounts.services import user_language_on_login, user_language_set
from serviceladder.core.errors import ValidationFailed
from serviceladder.web.methods import form_page
from serviceladder.web.signin_form import ThrottledAuthenticationForm

# Session key: the language picked with the switch before signing in.
CHOSEN_BEFORE_SIGN_IN = "serviceladder_language_chosen"


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """The same cookie Django's set_language view writes."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@form_page
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie and redirect), which also stores the choice of a signed-in person."""
    response = i18n.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        with contextlib.suppress(ValidationFailed):  # an unknown code: Django's view has ignored it too
            user_language_set(user=request.user, language=request.POST.get("language", ""))
    elif request.method == "POST":
        # Chosen before signing in (the sign-in page's switch): the sign-in stores it as the person's choice.
        # A cookie alone cannot say so: it outlives the previous person's session on a shared computer.
        request.session[CHOSEN_BEFORE_SIGN_IN] = request.POST.get("language", "")
    return response


def page_language(request: HttpRequest) -> str | None:
    """The language the sign-in page was shown in, when the browser said one: the cookie of the language
    switch, else its Accept-Language. None when it said nothing (the page fell back to the site's language).
    """
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or request.META.get("HTTP_ACCEPT_LANGUAGE"):
        return translation.get_language_from_request(request)
    return None


class LoginView(auth_views.LoginView):
    """Signing in switches to the person's stored language (see accounts.services.user_language_on_login).

    Attempts are throttled (accounts.signin): a refused one is answered 429 with Retry-After.
    """

    template_name = "web/login.html"
    http_method_names = ["get", "head", "post", "options"]  # Django's form views take PUT as a POST
    authentication_form = ThrottledAuthenticationForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.lock is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.lock.retry_after())
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        language = user_language_on_login(
            user=form.get_user(),
            current=page_language(self.request),
            chosen=self.request.session.pop(CHOSEN_BEFORE_SIGN_IN, None),
        )
        translation.activate(language)
        set_language_cookie(response, language)
        return response
