from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import translation

from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError
from serviceladder.web.error_responses import error_response

# Pages anyone may open: the login page, language switching and static files. The JSON API checks its
# own credentials (a token or the session) and answers 401 itself.
PUBLIC_PREFIXES = (
    "/login/",
    "/i18n/",
    "/" + settings.STATIC_URL.lstrip("/"),
    "/healthz",
    "/api/",
    "/welcome/",
    "/password-reset/",
)
# What a person who must choose a new password may still open (the API answers them itself).
PASSWORD_CHANGE_PREFIXES = ("/account/password/", "/logout/", *PUBLIC_PREFIXES)


class LoginRequiredMiddleware:
    """Everything but the public prefixes needs a login; each view then checks scope on its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            if getattr(request, "htmx", False):
                # A background fragment (the bell's poll) after the session ended: a 401 leaves the page
                # as it is, where following the redirect would paste the login page into the fragment.
                return HttpResponse(status=401)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A person with a new or reset password is sent to choose their own before any other page.

    The mark lives in the session (set at sign-in from accounts.PasswordChangeRequired), so other requests
    cost no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from serviceladder.accounts.logins import MUST_CHANGE_SESSION_KEY

        if (
            request.user.is_authenticated
            and request.session.get(MUST_CHANGE_SESSION_KEY)
            and not request.path.startswith(PASSWORD_CHANGE_PREFIXES)
        ):
            if getattr(request, "htmx", False):
                return HttpResponse(status=401)
            return redirect("account_password")
        return self.get_response(request)


class DomainErrorMiddleware:
    """The one place where scoping errors become HTTP: out of scope is 404, not allowed is 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFoundOrForbidden):
            raise Http404() from exception
        if isinstance(exception, PermissionDeniedError | PermissionDenied):
            # answered, not raised: Django would log a raised PermissionDenied with its traceback
            return error_response(request, 403, exception)
        return None


class UserLanguageMiddleware:
    """A signed-in person's stored language when the browser sent no language cookie.

    Signing in sets the cookie; it lasts as long as the browser, the session longer. Without the cookie
    LocaleMiddleware fell back to the browser's Accept-Language; a stored choice wins, and the cookie is set
    again. One query, only on requests without the cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from serviceladder.accounts.selectors import user_stored_language
        from serviceladder.web.views.language import set_language_cookie

        language = None
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and request.user.is_authenticated:
            language = user_stored_language(request.user)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            set_language_cookie(response, language)
        return response
