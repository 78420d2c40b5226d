from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# Pages anyone may open: the login page, language switching and static files.
PUBLIC_PREFIXES = ("/login/", "/i18n/", "/" + settings.STATIC_URL.lstrip("/"), "/healthz")


class LoginRequiredMiddleware:
    """Everything but the public prefixes needs a login; each view then checks scope on its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
