"""Imports that failed, for the to-do registry (registered in apps.py).

An upload that was rejected (bad rows) or failed is waiting for someone until a later upload of the same
kind by the same person settles it, for LOOKBACK_DAYS at most. Each uploader sees their own; HR sees every
upload's (accounts.scoping.import_jobs_scope) — the report itself stays with its uploader, so HR's item about
someone else's upload leads to the Imports page.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_import, import_jobs_scope
from serviceladder.core.translatable import Message
from serviceladder.metrics.models import ImportJob
from serviceladder.todos.registry import TodoItem

IMPORT_FAILED = "metrics.import_failed"
KINDS = {IMPORT_FAILED: _("Import")}
LOOKBACK_DAYS = 30
REJECTED_TITLE = _("Import of {file} was rejected: correct the file and upload it again")
FAILED_TITLE = _("Import of {file} failed: upload it again")
UPLOADED_BY = _("Uploaded by {name}")
UNSETTLED = (ImportJob.Status.REJECTED, ImportJob.Status.FAILED)


def import_todos(user) -> list[TodoItem]:
    if not can_import(user):
        return []
    since = timezone.now() - dt.timedelta(days=LOOKBACK_DAYS)
    jobs = (
        ImportJob.objects.filter(import_jobs_scope(user), created_at__gte=since)
        .only("pk", "kind", "file_name", "status", "created_by", "created_at", "finished_at")
        .order_by("created_at", "pk")
    )
    latest: dict[tuple[int, str], ImportJob] = {}
    for job in jobs:
        latest[(job.created_by_id, job.kind)] = job  # a later upload of the same kind settles an earlier one
    failed = [job for job in latest.values() if job.status in UNSETTLED]
    others = {job.created_by_id for job in failed if job.created_by_id != user.pk}
    names = {}
    if others:
        from django.contrib.auth import get_user_model

        for u in get_user_model().objects.filter(pk__in=others).select_related("employee"):
            employee = getattr(u, "employee", None)
            names[u.pk] = employee.name if employee is not None else u.get_username()
    items = []
    for job in failed:
        own = job.created_by_id == user.pk
        title = REJECTED_TITLE if job.status == ImportJob.Status.REJECTED else FAILED_TITLE
        items.append(
            TodoItem(
                kind=IMPORT_FAILED,
                title=Message(title, file=job.file_name),
                detail="" if own else Message(UPLOADED_BY, name=names.get(job.created_by_id, "?")),
                url=reverse("import_job", args=[job.pk]) if own else reverse("imports"),
                since=timezone.localdate(job.finished_at or job.created_at),
                key=f"import:{job.pk}",
            )
        )
    return items
