"""Browser uploads: stored under $SERVICELADDER_HOME/uploads, imported by the background worker.

The worker is django-tasks' database backend (`serviceladder manage upload_worker`; `serve` and `demo`
start it).
An ImportJob row carries the state the page polls: queued → running (stage, fraction) → done / rejected /
failed, with the import's report or every problem (row, column, value, reason).
"""

from __future__ import annotations

import json
import logging
import re
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from serviceladder.accounts.scoping import IMPORT_ROLES, require_import
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError, ValidationFailed
from serviceladder.core.limits import PROBLEMS_SHOWN, UploadLimitExceeded
from serviceladder.metrics.import_templates import TEMPLATE_KINDS
from serviceladder.metrics.interactions.mapping import (
    MAPPING_UNREADABLE,
    MAPPINGS_DIR,
    Mapping,
    MappingError,
    mapping_fits_file,
    mapping_load,
    mapping_text_parse,
)
from serviceladder.metrics.models import ImportJob

logger = logging.getLogger(__name__)

SHEET_KINDS = ("roster", "teams", "pay", "exams", "violations", "trainings", "metrics")
# Every kind the Imports page takes has a template, so the template kinds are the list, in the page's order.
UPLOAD_KINDS = TEMPLATE_KINDS
# The kinds whose import is one service of another app, the same function `serviceladder import KIND` runs.
SERVICE_IMPORTS = {
    "courses": "serviceladder.learning.services.catalogue_import.courses_import",
    "enrolments": "serviceladder.learning.services.enrolments_import.enrolments_import",
    "recognition": "serviceladder.recognition.services.received_import.recognition_import",
}
# The kinds whose import changes the facts eligibility is judged on: the eligibility snapshot is refreshed
# after one of them is imported (courses and enrolments are not facts until completed: the daily step).
SNAPSHOT_KINDS = frozenset({"metrics", "interactions", "roster", "teams", "exams", "violations", "trainings"})
MAX_UPLOAD_BYTES = 2 * 1024**3
# An uploaded mapping is a few hundred lines of YAML at most; it is kept with the job (in its options).
MAX_MAPPING_BYTES = 64 * 1024

UNKNOWN_KIND = _("Choose what the file holds.")
NO_FILE = _("Choose a file to upload.")
TOO_LARGE = _("The file is larger than %(max)s GB.")
UNMATCHED_AGENT = _("No employee matches this agent; rows in the file: %(rows)s.")
# Jobs keep their English message and are translated when shown: jobs rejected before the wording changed
# still carry this one.
UNMATCHED_AGENT_BEFORE_2026_11 = _("This agent matches no employee (%(rows)s rows).")
UNMATCHED_AGENT_NEAR = _(
    "No employee matches this agent; rows in the file: %(rows)s. Did you mean %(names)s?"
)
EXPECTED = _("Expected %(allowed)s.")
ID_CONFLICT = _(
    "This id came before with agent %(agent)s at %(at)s, and here with agent %(then_agent)s at %(then_at)s."
)
MAPPING_TOO_LARGE = _("The mapping file %(name)s is larger than %(max)s KB.")
MAPPING_ONLY_INTERACTIONS = _(
    "A mapping file is for interaction records only: choose that kind, or leave the mapping file out."
)
IMPORT_FAILED = _(
    "The import stopped with an unexpected error; nothing was imported. The server log has details."
)


def bundled_mappings() -> list[str]:
    """The mappings shipped with the product; an upload may only name one of these (never a path)."""
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.yaml"))


def mapping_name(name: str | None) -> str:
    return name if name in bundled_mappings() else "canonical"


def mapping_upload_read(upload, *, partial: bool = False) -> tuple[str, str, Mapping]:
    """An uploaded mapping file checked as the import will read it: (file name, YAML text, mapping).
    Raises MappingError naming the problem (too large, not UTF-8, not YAML, not a valid mapping)."""
    name = Path(upload.name or "mapping.yaml").name[:200]
    data = upload.read(MAX_MAPPING_BYTES + 1)
    if (upload.size or 0) > MAX_MAPPING_BYTES or len(data) > MAX_MAPPING_BYTES:
        raise MappingError(MAPPING_TOO_LARGE, name=name, max=MAX_MAPPING_BYTES // 1024)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MappingError(MAPPING_UNREADABLE, path=name, problem="not UTF-8 text") from None
    return name, text, mapping_text_parse(text, path=name, partial=partial)


def job_mapping(job: ImportJob) -> Mapping:
    """The mapping an interactions job reads its file with: the one uploaded with it, else a shipped one."""
    text = job.options.get("mapping_yaml")
    if text is not None:
        name = job.options.get("mapping_file") or "mapping.yaml"
        return mapping_text_parse(text, path=name, partial=bool(job.options.get("columns")))
    return mapping_load(MAPPINGS_DIR / f"{mapping_name(job.options.get('mapping'))}.yaml")


def uploads_dir() -> Path:
    path = Path(settings.HOME) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def problems_dir() -> Path:
    path = Path(settings.HOME) / "import-reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _problems_keep(job: ImportJob, problems: list[dict], total: int) -> None:
    """The first problems in the job row (the page), every one of them in a JSON-lines file (the download)."""
    job.problems, job.problem_count = problems[:PROBLEMS_SHOWN], max(total, len(problems))
    if len(problems) > PROBLEMS_SHOWN:
        target = problems_dir() / f"{job.pk}-{uuid.uuid4().hex}.jsonl"
        with target.open("w", encoding="utf-8") as out:
            for p in problems:
                out.write(json.dumps(p, ensure_ascii=False) + "\n")
        job.problems_file = str(target)


def read_problems_file(job: ImportJob):
    """Every problem of a rejected job: from its file when it has one, else the row's own list."""
    if not job.problems_file:
        yield from job.problems
        return
    with Path(job.problems_file).open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def import_job_create(
    *, actor: Actor, kind: str, upload, options: dict | None = None, mapping_upload=None
) -> ImportJob:
    """Store an uploaded file and queue its import. `upload` is a Django UploadedFile; `mapping_upload`, for
    interaction records, a mapping file used instead of a shipped one: checked now (a bad one queues nothing)
    and kept with the job."""
    if kind not in UPLOAD_KINDS or kind not in IMPORT_ROLES:
        raise ValidationFailed(UNKNOWN_KIND)
    require_import(actor.user, kind)
    if upload is None:
        raise ValidationFailed(NO_FILE)
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationFailed(TOO_LARGE, max=MAX_UPLOAD_BYTES // 1024**3)
    options = dict(options or {})
    if mapping_upload is not None:
        if kind != "interactions":
            raise ValidationFailed(MAPPING_ONLY_INTERACTIONS)
        partial = bool(options.get("columns"))  # a --columns update needs no agent or start column
        mapping_file, mapping_yaml, mapping = mapping_upload_read(mapping_upload, partial=partial)
        if upload is not None:
            mapping_fits_file(mapping, upload.name or "")
        options.pop("mapping", None)
        options |= {"mapping_file": mapping_file, "mapping_yaml": mapping_yaml}
    name = Path(upload.name or "upload").name[:200]
    safe = re.sub(r"[^\w.\-]", "_", name)
    target = uploads_dir() / f"{uuid.uuid4().hex}-{safe}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = ImportJob.objects.create(
        kind=kind, file_name=name, stored_path=str(target), options=options, created_by=actor.user
    )
    result = import_job_run.enqueue(job.pk)
    job.task_id = str(result.id)[:64]
    job.save(update_fields=["task_id"])
    return job


class _ProgressWriter:
    """Keeps the latest (stage, fraction) from any thread; a thread of its own writes it twice a second."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.latest: tuple[str, float] | None = None
        self._written: tuple[str, float] | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __call__(self, stage: str, fraction: float) -> None:
        self.latest = (stage, max(0.0, min(1.0, float(fraction))))

    def start(self) -> _ProgressWriter:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            while not self._stop.wait(0.5):
                latest = self.latest
                if latest is not None and latest != self._written:
                    try:
                        ImportJob.objects.filter(pk=self.job_id, status=ImportJob.Status.RUNNING).update(
                            stage=latest[0], progress=latest[1]
                        )
                    except DatabaseError:  # the import holds the write lock (SQLite): try again later
                        continue
                    self._written = latest
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _jsonable(params: dict) -> dict:
    return {k: v if isinstance(v, int | float | str) or v is None else str(v) for k, v in params.items()}


def _run_import(job: ImportJob, progress) -> dict:
    from serviceladder.metrics.services import interactions_import, metrics_sheet_import
    from serviceladder.org.services import records_import, roster_import, teams_import

    actor = Actor(user=job.created_by, channel="web")
    path = Path(job.stored_path)
    reason = job.options.get("reason", "")
    if job.kind == "interactions":
        return interactions_import(
            actor=actor,
            path=path,
            mapping=job_mapping(job),
            skip_unmatched=bool(job.options.get("skip_unmatched")),
            strict_ids=bool(job.options.get("strict_ids")),
            columns=job.options.get("columns") or None,
            progress=progress,
            reason=reason,
        ).as_dict() | {"file": job.file_name}
    data = path.read_bytes()
    if job.kind == "metrics":
        return metrics_sheet_import(
            actor=actor,
            data=data,
            file_name=job.file_name,
            csat_scale=int(job.options.get("csat_scale", 5)),
            units=job.options.get("units") or None,
            reason=reason,
            progress=progress,
        ).as_dict()
    progress("checking", 0.2)
    kwargs = {"actor": actor, "data": data, "file_name": job.file_name, "reason": reason}
    if job.kind == "roster":
        return roster_import(**kwargs).as_audit()
    if job.kind == "teams":
        return teams_import(**kwargs).as_audit()
    if job.kind in SERVICE_IMPORTS:
        return import_string(SERVICE_IMPORTS[job.kind])(**kwargs).as_audit()
    return records_import(kind=job.kind, **kwargs).as_audit()


def _problems(exc: Exception) -> list[dict]:
    from serviceladder.metrics.interactions.columns import IdsNotStored
    from serviceladder.metrics.interactions.compute import IdsConflict
    from serviceladder.metrics.interactions.compute import ImportRejected as InteractionsRejected
    from serviceladder.org.imports.report import ImportRejected

    if isinstance(exc, IdsNotStored):
        return [
            {"row": p.row, "column": p.column, "value": p.value, "message": str(p.message), "params": {}}
            for p in exc.problems
        ]
    if isinstance(exc, IdsConflict):
        return [
            {
                "row": c.row,
                "column": "interaction_id",
                "value": c.interaction_id,
                "message": str(ID_CONFLICT),
                "params": {"agent": c.agent, "at": c.at, "then_agent": c.then_agent, "then_at": c.then_at},
            }
            for c in exc.conflicts
        ]
    if isinstance(exc, ImportRejected):
        return [
            {
                "row": e.row,
                "column": e.column,
                "value": e.value,
                "message": str(e.message),
                "params": _jsonable(e.params),
            }
            for e in exc.errors
        ]
    if isinstance(exc, InteractionsRejected):
        rows = [
            {
                "row": p.row,
                "sheet": p.sheet,
                "column": p.column,
                "value": p.value,
                "message": str(EXPECTED) if p.message is None else str(p.message),
                "params": {"allowed": p.allowed} if p.message is None else _jsonable(p.params),
            }
            for p in exc.problems
        ]
        rows += [
            {
                "row": 0,
                "column": "agent_id",
                "value": agent,
                "message": str(UNMATCHED_AGENT_NEAR if agent in exc.near else UNMATCHED_AGENT),
                "params": {"rows": n, "names": " / ".join(f"“{name}”" for name in exc.near.get(agent, []))}
                if agent in exc.near
                else {"rows": n},
            }
            for agent, n in sorted(exc.unmatched.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        return rows
    return []


def _problem_total(exc: Exception, problems: list[dict]) -> int:
    from serviceladder.metrics.interactions.columns import IdsNotStored
    from serviceladder.metrics.interactions.compute import IdsConflict
    from serviceladder.metrics.interactions.compute import ImportRejected as InteractionsRejected

    if isinstance(exc, IdsNotStored):
        return exc.problem_total
    if isinstance(exc, InteractionsRejected):  # only the first bad values are listed; all are counted
        return exc.problem_total + len(exc.unmatched)
    if isinstance(exc, IdsConflict):
        return exc.total
    return len(problems)


@task()
def import_job_run(job_id: int) -> str:
    """Run one uploaded import; the job row ends done, rejected (with its problems) or failed."""
    if not connection.in_atomic_block:  # a worker drops stale connections; a caller's transaction is kept
        close_old_connections()
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job.status
    job.status, job.stage, job.progress = ImportJob.Status.RUNNING, "reading", 0.0
    job.save(update_fields=["status", "stage", "progress"])
    writer = _ProgressWriter(job.pk).start()
    # Messages are kept as their English source text with their values and translated when shown.
    with translation.override("en"):
        try:
            job.report = _run_import(job, writer)
            job.status, job.progress, job.stage = ImportJob.Status.DONE, 1.0, "done"
        except DomainError as exc:
            # A file over an upload limit fails (it was not read to the end); bad rows reject it.
            limit = isinstance(exc, UploadLimitExceeded)
            job.status = ImportJob.Status.FAILED if limit else ImportJob.Status.REJECTED
            problems = _problems(exc)
            _problems_keep(job, problems, _problem_total(exc, problems))
            job.message = str(exc.message)
            # The message names the file as the user uploaded it, not where the worker kept it.
            params = {k: job.file_name if v == job.stored_path else v for k, v in exc.data.items()}
            job.report = {"params": _jsonable(params)}
        except Exception:
            logger.exception("import job %s failed", job.pk)
            job.status, job.message = ImportJob.Status.FAILED, str(IMPORT_FAILED)
        finally:
            writer.stop()
    Path(job.stored_path).unlink(missing_ok=True)
    job.stored_path = ""
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "stage",
            "progress",
            "report",
            "problems",
            "problem_count",
            "problems_file",
            "message",
            "stored_path",
            "finished_at",
        ]
    )
    if job.status == ImportJob.Status.DONE and job.kind in SNAPSHOT_KINDS:
        from serviceladder.insights.services import SNAPSHOT_IMPORT, snapshot_refresh_on_commit

        snapshot_refresh_on_commit(trigger=SNAPSHOT_IMPORT)
    return job.status
