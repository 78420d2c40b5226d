"""GET /api/health — the upload worker's state and the import queue (HR and administrators)."""

from __future__ import annotations

from ninja import Router, Schema

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import has_role
from serviceladder.api.schemas import ERRORS
from serviceladder.core.errors import PermissionDeniedError

router = Router(tags=["health"])


class DailyOut(Schema):
    last_day: str | None
    last_finished_at: str | None
    failed_steps: list[str]
    next_run_at: str | None
    steps: list[str]


class HealthOut(Schema):
    worker: str
    pid: int | None
    started_at: str | None
    last_beat_seconds: float | None
    queued: int
    running: int
    oldest_queued_seconds: float | None
    daily: DailyOut


@router.get(
    "/health",
    response={200: HealthOut, **ERRORS},
    url_name="health",
    summary="Upload worker (running, down or never_started), import queue and the daily job's last run",
)
def health(request):
    from serviceladder.metrics.worker_state import worker_health

    if not has_role(request.auth, Role.HR, Role.ADMIN):
        raise PermissionDeniedError()
    return worker_health()
