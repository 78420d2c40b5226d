"""The site's error page answered directly, so that an ordinary refusal is one log line, not a traceback.

A raised PermissionDenied reaches Django's handler, which logs it with its traceback; answered here, Django's
request logger writes one line ("Forbidden: /audit/"), as it does for a 404.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import get_resolver, get_urlconf


def error_response(request: HttpRequest, status: int, exception: Exception) -> HttpResponse:
    """The URLconf's handler403 / handler404 page for `status`."""
    handler = get_resolver(get_urlconf()).resolve_error_handler(status)
    return handler(request, exception=exception)
