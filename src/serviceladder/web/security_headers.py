"""Response headers every page carries: a Content-Security-Policy and no caching of personal data.

Django 5.2 has no built-in CSP (Django 6 does), so this small middleware sets one policy for every response.
The pages satisfy it: no inline script, no inline style, no `style=` attribute (progress bars are SVG drawn
on the server, htmx's injected indicator style is turned off and shipped in app.css). HSTS and
Referrer-Policy come from Django's SecurityMiddleware (settings.py).

Static files never reach this middleware (WhiteNoise answers them before it), so they stay cacheable.
Everything else answered to a signed-in person, and every API response, is `Cache-Control: no-store`:
pages and downloads hold pay, KPIs and names, which a shared computer's browser cache must not keep.
"""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if request.path.startswith("/api/") or _signed_in(request):
            add_never_cache_headers(response)
        return response


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
