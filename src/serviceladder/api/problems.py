"""Errors as JSON problems (RFC 7807 style): {"type", "title", "code", "detail", "status"}.

Domain errors keep their code and their translated message; "not found" and "not allowed to see" are the
same 404, exactly as on the web pages. Bad input is 400 with one entry per field in "errors".
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import AuthenticationError, HttpError, ValidationError

from serviceladder.api.auth import CsrfFailed, PasswordChangeNeeded, Throttled, TokenExpired
from serviceladder.core.errors import (
    ActorError,
    DomainError,
    NotFoundOrForbidden,
    PermissionDeniedError,
    ValidationFailed,
)

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: _("Bad request"),
    401: _("Not signed in"),
    403: _("Forbidden"),
    404: _("Not found"),
    405: _("Method not allowed"),
    409: _("Conflict"),
    429: _("Too many requests"),
    500: _("Server error"),
    503: _("Service unavailable"),
}
UNAUTHORIZED_DETAIL = _("Send a valid API token (Authorization: Bearer <key>) or sign in.")
TOKEN_EXPIRED_TITLE = _("API token expired")
TOKEN_EXPIRED_DETAIL = _(
    "This API token expired on %(date)s. Create a new one under Account → API tokens, or ask your "
    "administrator."
)
CSRF_DETAIL = _("The CSRF token is missing or wrong; send the X-CSRFToken header with a session.")
INVALID_DETAIL = _("Some fields are not valid.")
NOT_FOUND_DETAIL = _("Not found.")
FORBIDDEN_DETAIL = _("You are not allowed to do this.")
PASSWORD_CHANGE_DETAIL = _(
    "Choose a new password first: sign in to the site in a browser, where you are asked for one. "
    "Until then the API answers every request with this error."
)


def problem_status(exc: DomainError) -> int:
    """The HTTP status of a domain error: a class may say it with `http_status`; else by kind.

    A domain error that is none of the kinds below means "understood, but the current state does not allow
    it" (a closed window, a stage already passed, someone else acted first): 409.
    """
    declared = getattr(exc, "http_status", None)
    if declared:
        return int(declared)
    if isinstance(exc, NotFoundOrForbidden):
        return 404
    if isinstance(exc, PermissionDeniedError):
        return 403
    if isinstance(exc, ValidationFailed | ActorError):
        return 400
    return 409


def problem(
    status: int, *, code: str, detail: Any, errors: list[dict] | None = None, title: Any = None
) -> HttpResponse:
    body = {
        "type": f"urn:serviceladder:problem:{code}",
        "title": str(title or TITLES.get(status, "")),
        "code": code,
        "detail": str(detail),
        "status": status,
    }
    if errors is not None:
        body["errors"] = errors
    return JsonResponse(
        body, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )


def _field_errors(exc: ValidationError) -> list[dict]:
    out = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        # ("query", "page") → source "query", field "page"; a body's fields keep their path.
        source, path = (loc[0], loc[1:]) if loc else ("", [])
        out.append({"source": source, "field": ".".join(path), "message": error.get("msg", "")})
    return out


def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problem(problem_status(exc), code=exc.code, detail=exc)


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem(400, code="invalid", detail=INVALID_DETAIL, errors=_field_errors(exc))


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, TokenExpired):
        date = formats.date_format(timezone.localtime(exc.expired_at), "Y-m-d H:i")
        response = problem(
            401, code="token_expired", title=TOKEN_EXPIRED_TITLE, detail=TOKEN_EXPIRED_DETAIL % {"date": date}
        )
        response["WWW-Authenticate"] = 'Bearer realm="serviceladder", error="invalid_token"'
        return response
    if isinstance(exc, Throttled):
        response = problem(429, code="throttled", detail=exc.lock.message())
        response["Retry-After"] = str(exc.lock.retry_after())
        return response
    if isinstance(exc, AuthenticationError):
        response = problem(401, code="unauthorized", detail=UNAUTHORIZED_DETAIL)
        response["WWW-Authenticate"] = 'Bearer realm="serviceladder"'
        return response
    if isinstance(exc, PasswordChangeNeeded):
        return problem(403, code="password_change_required", detail=PASSWORD_CHANGE_DETAIL)
    if isinstance(exc, CsrfFailed):
        return problem(403, code="csrf", detail=CSRF_DETAIL)
    code = {403: "forbidden", 404: "not_found", 405: "method_not_allowed", 429: "throttled"}
    return problem(exc.status_code, code=code.get(exc.status_code, "error"), detail=str(exc))


def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(404, code="not_found", detail=NOT_FOUND_DETAIL)


def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(403, code="forbidden", detail=FORBIDDEN_DETAIL)


def install(api) -> None:
    api.add_exception_handler(DomainError, on_domain_error)
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_permission_denied)


@csrf_exempt  # nothing is written; an unknown POST should get the same JSON 404, not the CSRF page
def not_found_view(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any /api/ path without an endpoint answers as the API does, not with the site's HTML 404 page."""
    return problem(404, code="not_found", detail=NOT_FOUND_DETAIL)
