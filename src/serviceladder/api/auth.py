"""Two ways in: a personal token (`Authorization: Bearer <key>`) or the browser session.

A request that presents a bearer token is judged by the token alone: a wrong or revoked one is 401 even
when a session cookie rides along, an expired one 401 with the code `token_expired`. Unknown keys are counted
per client address (accounts.signin); past the limit every bearer request from that address is 429 with
Retry-After until the window has passed. The session is for the browser and the interactive docs; on unsafe
methods it needs the CSRF token, as every form of the site does.

A person who must first choose a new password (a new login, a one-time link, a reset) is answered 403 with
the code `password_change_required` until they have, by token and by session alike: a password someone else
knew must not open the API either.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from serviceladder.accounts.logins import MUST_CHANGE_SESSION_KEY, password_change_required
from serviceladder.accounts.signin import Lock, api_key_check, api_key_failure_record
from serviceladder.api.services import api_token_check
from serviceladder.core.client import client_address

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed")


class TokenExpired(AuthenticationError):
    def __init__(self, expired_at) -> None:
        super().__init__()
        self.expired_at = expired_at


class PasswordChangeNeeded(HttpError):
    """The token's or session's person must first choose a new password in the browser (accounts.logins)."""

    def __init__(self) -> None:
        super().__init__(403, "password change required")


class Throttled(HttpError):
    def __init__(self, lock: Lock) -> None:
        super().__init__(429, lock.message())
        self.lock = lock


class BearerToken(HttpBearer):
    """Personal API tokens (see ApiToken); the user is put on the request as for a session."""

    def authenticate(self, request: HttpRequest, token: str):
        address = client_address(request)
        lock = api_key_check(address=address)
        if lock is not None:
            raise Throttled(lock)
        check = api_token_check(key=token)
        if check.outcome == "unknown":
            lock = api_key_failure_record(address=address)
            if lock is not None:
                raise Throttled(lock)
            raise AuthenticationError()
        if check.outcome == "expired":
            raise TokenExpired(check.token.expires_at)
        if check.user is None:
            raise AuthenticationError()
        if password_change_required(check.user):
            raise PasswordChangeNeeded()
        request.user = check.user
        return check.user


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
        if request.session.get(MUST_CHANGE_SESSION_KEY):
            raise PasswordChangeNeeded()
        return user


AUTH = [BearerToken(), Session()]
