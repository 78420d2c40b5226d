"""The Imports page: upload a file, watch the background import, read its report; download a template."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceladder.accounts.scoping import IMPORT_ROLES, can_import, require_import, user_roles
from serviceladder.accounts.selectors import language_code
from serviceladder.audit.services import Actor
from serviceladder.core import spreadsheet_safety
from serviceladder.core.errors import DomainError, NotFoundOrForbidden
from serviceladder.core.limits import PROBLEMS_SHOWN
from serviceladder.metrics import import_templates
from serviceladder.metrics.interactions.columns import columns_parse
from serviceladder.metrics.models import ImportJob
from serviceladder.metrics.months import MESSAGES as MONTH_MESSAGES
from serviceladder.metrics.selectors import import_jobs_for
from serviceladder.metrics.sheet_units import parse_units
from serviceladder.metrics.tasks import (
    MAX_MAPPING_BYTES,
    UPLOAD_KINDS,
    bundled_mappings,
    import_job_create,
    mapping_name,
    read_problems_file,
)
from serviceladder.promotions.attachments import content_disposition
from serviceladder.web.access import require
from serviceladder.web.methods import form_page, read_only

KIND_LABELS = {
    "metrics": gettext_lazy("Monthly KPI sheet"),
    "interactions": gettext_lazy("Interaction records (calls, chats, tickets)"),
    "roster": gettext_lazy("Roster (people)"),
    "teams": gettext_lazy("Departments and teams"),
    "pay": gettext_lazy("Pay"),
    "exams": gettext_lazy("Exam results"),
    "violations": gettext_lazy("Disciplinary records"),
    "trainings": gettext_lazy("Trainings and certifications"),
    "courses": gettext_lazy("Learning catalogue courses"),
    "enrolments": gettext_lazy("Course enrolments"),
    "recognition": gettext_lazy("Customer compliments (recognition)"),
}
# The shipped mappings' descriptions (each the `description` in its YAML file, here to be translated).
MAPPING_DESCRIPTIONS = {
    "canonical": gettext_lazy(
        "The product's own columns and formats (the canonical schema, as in the template)"
    ),
    "acd-calls": gettext_lazy(
        "ACD call detail records: login id, caller number, disposition codes, ring/talk/hold/wrap seconds"
    ),
    "callcenter-example": gettext_lazy(
        "Call-center export with agent names, Y/N flags, h:mm:ss durations and a 1-10 rating"
    ),
    "chat-conversations": gettext_lazy(
        "Live-chat conversations: agent, visitor id, served/missed, first response seconds, mm:ss duration, "
        "rating"
    ),
    "helpdesk-tickets": gettext_lazy(
        "Helpdesk tickets (Zendesk/Freshdesk-like): assignee, requester e-mail, status, first reply in "
        "minutes, good/bad rating"
    ),
}
STAGE_LABELS = {
    "reading": gettext_lazy("Reading the file"),
    "checking": gettext_lazy("Checking every row"),
    "merging": gettext_lazy("Merging with stored records"),
    "storing": gettext_lazy("Storing records"),
    "computing": gettext_lazy("Computing and saving monthly figures"),
    "saving": gettext_lazy("Saving"),
    "done": gettext_lazy("Finishing"),
}


def _kinds(user) -> list[tuple[str, str]]:
    roles = user_roles(user)
    return [(k, KIND_LABELS[k]) for k in UPLOAD_KINDS if roles & IMPORT_ROLES[k]]


@form_page
def imports(request: HttpRequest) -> HttpResponse:
    require(can_import(request.user))
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        options = {"reason": request.POST.get("reason", "").strip()[:500]}
        if kind == "metrics":
            options["csat_scale"] = (
                request.POST.get("csat_scale")
                if request.POST.get("csat_scale") in {"5", "10", "100"}
                else "5"
            )
            options["units"] = request.POST.get("units", "").strip()[:500]
            try:
                parse_units(options["units"])
            except DomainError as exc:
                messages.error(request, str(exc))
                return redirect("imports")
        if kind == "interactions":
            options["mapping"] = request.POST.get("mapping", "canonical")
            options["skip_unmatched"] = request.POST.get("skip_unmatched") == "on"
            options["strict_ids"] = request.POST.get("strict_ids") == "on"
            options["columns"] = request.POST.get("columns", "").strip()[:500]
            if options["columns"]:
                try:  # the command line's check, before the file is stored
                    columns_parse(options["columns"])
                except DomainError as exc:
                    messages.error(request, str(exc))
                    return redirect("imports")
        try:
            job = import_job_create(
                actor=Actor(user=request.user, channel="web"),
                kind=kind,
                upload=request.FILES.get("file"),
                options=options,
                mapping_upload=request.FILES.get("mapping_file"),
            )
        except DomainError as exc:
            messages.error(request, str(exc))
            return redirect("imports")
        return redirect("import_job", pk=job.pk)
    context = {
        "kinds": _kinds(request.user),
        "mappings": [(m, MAPPING_DESCRIPTIONS.get(m, "")) for m in _shipped_order(bundled_mappings())],
        "mapping_max_kb": MAX_MAPPING_BYTES // 1024,
        "jobs": [_decorate(j) for j in import_jobs_for(request.user)],
    }
    return render(request, "web/imports/index.html", context)


def _shipped_order(names: list[str]) -> list[str]:
    return sorted(names, key=lambda name: (name != "canonical", name))


@read_only
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """A kind's template (every column, one example row) in the page's language, or ?lang=zh-hans|en; only
    for those who may import that kind (the check the upload makes)."""
    require(can_import(request.user))
    if kind not in import_templates.TEMPLATE_KINDS or fmt not in import_templates.FORMATS:
        raise NotFoundOrForbidden()
    require_import(request.user, kind)
    language = (
        language_code(request.GET.get("lang"))
        or language_code(translation.get_language())
        or settings.LANGUAGE_CODE
    )
    template = import_templates.import_template(kind=kind, language=language, file_format=fmt)
    response = HttpResponse(template.data, content_type=template.content_type)
    response["Content-Disposition"] = content_disposition(template.file_name)
    return response


def _access_job(user, pk: int) -> ImportJob:
    """An upload is seen by the person who made it (its report names people and rows of their file)."""
    job = ImportJob.objects.filter(pk=pk, created_by=user).first()
    if job is None:
        raise NotFoundOrForbidden()
    return job


@read_only
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_import(request.user))
    job = _decorate(_access_job(request.user, pk))
    return render(request, "web/imports/job.html", {"job": job})


@read_only
def import_job_status(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_import(request.user))
    job = _decorate(_access_job(request.user, pk))
    return render(request, "web/imports/_status.html", {"job": job})


@read_only
def import_job_problems(request: HttpRequest, pk: int) -> HttpResponse:
    """Every problem of a rejected upload as CSV (row, column, value, problem), for its uploader only."""
    require(can_import(request.user))
    job = _access_job(request.user, pk)
    header = [_("Row"), _("Column"), _("Value"), _("Problem")]
    rows = ([_row(p) or "", p["column"], p["value"], _reason(p)] for p in read_problems_file(job))
    response = StreamingHttpResponse(
        spreadsheet_safety.csv_stream(header, rows, bom=True), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-problems.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _row(problem: dict):
    """A problem's row; a row of a joined extra sheet (xlsx.sheets) with the sheet's name."""
    if problem.get("sheet") and problem.get("row"):
        return _("%(row)s (sheet %(sheet)s)") % {"row": problem["row"], "sheet": problem["sheet"]}
    return problem.get("row")


def _reason(problem: dict) -> str:
    text = _(problem.get("message", ""))
    try:
        return text % problem["params"] if problem.get("params") else text
    except (KeyError, TypeError, ValueError):
        return text


def _decorate(job: ImportJob) -> ImportJob:
    job.kind_label = KIND_LABELS.get(job.kind, job.kind)
    job.stage_label = STAGE_LABELS.get(job.stage, job.stage)
    job.percent = int(round(job.progress * 100))
    job.rows = [
        {"row": _row(p) or "—", "column": p["column"] or "—", "value": p["value"], "reason": _reason(p)}
        for p in job.problems[:PROBLEMS_SHOWN]
    ]
    job.total_problems = max(job.problem_count, len(job.problems))
    job.more_problems = job.total_problems > len(job.rows)
    params = job.report.get("params", {}) if job.status != ImportJob.Status.DONE else {}
    job.message_text = _reason({"message": job.message, "params": params}) if job.message else ""
    job.summary = _summary(job) if job.status == ImportJob.Status.DONE else []
    job.mapping_label, job.mapping_uploaded = _mapping_used(job)
    job.conflicts = job.report.get("id_conflict_examples", []) if job.status == ImportJob.Status.DONE else []
    job.left_out = _left_out(job) if job.status == ImportJob.Status.DONE else []
    return job


def _left_out(job: ImportJob) -> list[dict]:
    """The (agent, month) groups an interactions import left out for an impossible month, with the reason."""
    out = []
    for group in job.report.get("impossible_months", [])[:PROBLEMS_SHOWN]:
        message = MONTH_MESSAGES.get(group.get("reason"))
        reason = _reason({"message": str(message), "params": group.get("params")}) if message else ""
        out.append(
            {
                "agent": group.get("agent"),
                "month": group.get("month"),
                "rows": group.get("rows"),
                "reason": reason,
            }
        )
    return out


def _mapping_used(job: ImportJob) -> tuple[str, bool]:
    """Which mapping an interactions job reads its file with: (name, uploaded with the file)."""
    if job.kind != "interactions":
        return "", False
    if job.options.get("mapping_file"):
        return job.options["mapping_file"], True
    return mapping_name(job.options.get("mapping")), False


def _summary(job: ImportJob) -> list[tuple[str, object]]:
    return [(label, f"{value:,}" if isinstance(value, int) else value) for label, value in _figures(job)]


def _figures(job: ImportJob) -> list[tuple[str, object]]:
    r = job.report
    months = ", ".join(r.get("months_touched", [])) or "—"
    if job.kind == "metrics":
        return [
            (_("Employee-months in the file"), r.get("rows")),
            (_("Months"), months),
            (_("New"), r.get("created")),
            (_("Updated"), r.get("updated")),
            (_("Values changed"), r.get("changed_values")),
            (_("Unchanged"), r.get("unchanged")),
            (_("Rankings recomputed for"), ", ".join(r.get("ranked_months", [])) or "—"),
        ]
    if job.kind == "interactions" and r.get("columns"):
        return [
            (_("Columns updated"), ", ".join(r["columns"])),
            (_("Rows read"), r.get("rows_read")),
            (_("Contacts updated"), r.get("imported")),
            (_("Duplicates (replaced an earlier row)"), r.get("duplicates")),
            (_("Rows skipped (interaction id not stored)"), r.get("ids_not_stored", 0)),
            (_("Months"), months),
            (_("Monthly figures written"), r.get("metric_rows")),
        ]
    if job.kind == "interactions":
        return [
            (_("Rows read"), r.get("rows_read")),
            (_("Imported"), r.get("imported")),
            (_("Duplicates (replaced an earlier row)"), r.get("duplicates")),
            (_("Unanswered contacts"), r.get("unanswered")),
            (_("Unanswered without an agent (counted for their queue)"), r.get("unassigned_unanswered", 0)),
            (_("Contacts without a customer id"), r.get("no_customer_id")),
            (_("Rows skipped (agent matches no employee)"), r.get("unmatched_rows")),
            (_("Repeated ids with another agent or start time"), r.get("id_conflicts", 0)),
            (
                _("Rows skipped (month not begun, or outside the agent's employment)"),
                r.get("impossible_month_rows", 0),
            ),
            (_("Months"), months),
            (_("Monthly figures written"), r.get("metric_rows")),
        ]
    if job.kind == "enrolments":  # learning.services.enrolments_import's counts
        return [
            (_("Rows"), r.get("rows")),
            (_("Enrolled"), r.get("created")),
            (_("Due dates moved earlier"), r.get("updated")),
            (_("Already enrolled"), r.get("unchanged")),
        ]
    return [
        (_("Rows"), r.get("rows")),
        (_("Created"), r.get("created")),
        (_("Updated"), r.get("updated")),
        (_("Unchanged"), r.get("unchanged")),
    ]
