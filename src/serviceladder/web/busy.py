"""A database too busy to write in time answers 503 with Retry-After, never 500 (issue 11, item 13).

SQLite has one writer at a time: a request that waits longer than the busy timeout (settings: OPTIONS
timeout, 5 s) for the write lock gets OperationalError "database is locked"; PostgreSQL's lock_timeout gives
LockNotAvailable. Both mean "try again in a moment": the web answers a short HTML page, the API its JSON
problem, each with Retry-After. The API's other server errors are JSON problems too (handler500 below).
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 2
BUSY_DETAIL = _("The database is busy (an import is being saved). Try again in a few seconds.")
SERVER_ERROR_DETAIL = _("Something went wrong on the server; the error was logged.")
BAD_REQUEST_DETAIL = _("The request could not be understood.")

logger = logging.getLogger("serviceladder.busy")


def is_busy(exc: BaseException | None) -> bool:
    """Whether an exception is a lock wait that ran out (SQLite busy, PostgreSQL lock_timeout)."""
    while exc is not None:
        if isinstance(exc, OperationalError):
            text = str(exc).lower()
            if "database is locked" in text or "database table is locked" in text:
                return True
            cause = getattr(exc, "__cause__", None)
            if type(cause).__name__ in {"LockNotAvailable", "DeadlockDetected"}:
                return True
        exc = exc.__cause__
    return False


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _keep_the_clients_state(request: HttpRequest) -> None:
    """The refused request changed nothing, so the browser keeps what it had: a sign-in that got as far as
    rotating the CSRF token (Django's login() does, before its last writes) must not hand out the new token
    with the 503, or repeating the same form would fail with a CSRF 403."""
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
    incoming = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if incoming:
        request.META["CSRF_COOKIE"] = incoming
    session = getattr(request, "session", None)
    if session is not None:
        session.modified = False  # nor a new session cookie for a sign-in that did not happen


def busy_response(request: HttpRequest) -> HttpResponse:
    _keep_the_clients_state(request)
    if _is_api(request):
        from serviceladder.api.problems import problem

        response = problem(503, code="busy", detail=BUSY_DETAIL)
    else:
        html = loader.render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}, request=None)
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _is_json(response: HttpResponse) -> bool:
    return "json" in response.get("Content-Type", "")


_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
}


def _as_problem(response: HttpResponse) -> HttpResponse:
    """An API error Django or Ninja answered in HTML or text (405, a CSRF or size refusal): the same
    status as a JSON problem, its Allow and Retry-After headers kept."""
    from serviceladder.api.problems import problem

    status = response.status_code
    code = "server_error" if status >= 500 else _CODES.get(status, "error")
    detail = SERVER_ERROR_DETAIL if status >= 500 else response.reason_phrase
    out = problem(status, code=code, detail=detail)
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in response:
            out[header] = response[header]
    return out


class DatabaseBusyMiddleware:
    """A view that could not get the write lock in time answers 503 (one log line, no traceback); an API
    error that some layer answered in HTML becomes a JSON problem."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_api(request) and response.status_code >= 400 and not _is_json(response):
            response = _as_problem(response)
        return response

    def process_exception(self, request, exception):
        if is_busy(exception):
            logger.warning("database busy: %s %s answered 503", request.method, request.path)
            return busy_response(request)
        return None


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: also reached by errors outside views (a session saved after the view, middleware);
    busy means 503, and the API always answers a JSON problem."""
    if is_busy(sys.exc_info()[1]):
        return busy_response(request)
    if _is_api(request):
        from serviceladder.api.problems import problem

        return problem(500, code="server_error", detail=SERVER_ERROR_DETAIL)
    try:
        return HttpResponseServerError(loader.render_to_string("500.html", request=None))
    except Exception:  # noqa: BLE001 - the page of last resort must not fail
        return HttpResponseServerError("<h1>Server Error (500)</h1>", content_type="text/html")


@requires_csrf_token
def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """handler400: the API answers in its JSON problem format; the site with Django's page."""
    if _is_api(request):
        from serviceladder.api.problems import problem

        return problem(400, code="bad_request", detail=BAD_REQUEST_DETAIL)
    from django.views.defaults import bad_request as django_bad_request

    return django_bad_request(request, exception)
