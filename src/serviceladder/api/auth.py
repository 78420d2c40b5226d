"""Two ways in: a personal token (`Authorization: Bearer <key>`) or the browser session.

A request that presents a bearer token is judged by the token alone: a wrong or revoked one is 401 even
when a session cookie rides along. The session is for the browser and the interactive docs; on unsafe
methods it needs the CSRF token, as every form of the site does.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from serviceladder.api.services import api_token_authenticate

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed")


class BearerToken(HttpBearer):
    """Personal API tokens (see ApiToken); the user is put on the request as for a session."""

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(key=token)
        if user is None:
            raise AuthenticationError()
        request.user = user
        return user


class Session(APIKeyCookie):
    """The site's login session; CSRF is checked here (the API's views are exempt from the middleware)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, only once we know a session is in use

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise CsrfFailed()
        return user


AUTH = [BearerToken(), Session()]
