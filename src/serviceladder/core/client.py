"""The client's address, read in one place.

It is REMOTE_ADDR as the WSGI server gives it. Behind a reverse proxy, `serve --trusted-proxy ADDR` makes
waitress put the address from X-Forwarded-For there (only for requests from that proxy); without it every
user would seem to come from the proxy's address and be throttled as one. Never parse X-Forwarded-For here.
"""

from __future__ import annotations

from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return (request.META.get("REMOTE_ADDR") or "").strip()[:200] or "unknown"
