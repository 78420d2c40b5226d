"""insights.services.eligibility_snapshot_refresh: everyone's decisions stored once, equal to the live ones;
the day's older runs pruned (kept runs stay); refreshed by the daily step, after an import job and after a
policy load, never failing them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.daily.services import daily_run
from serviceladder.eligibility.loading import eligibility_report
from serviceladder.eligibility.selectors import group_of, steps_under_way
from serviceladder.eligibility.serialize import decision_from_data
from serviceladder.insights import services
from serviceladder.insights.models import EligibilityRow, EligibilitySnapshotRun
from serviceladder.insights.services import (
    SNAPSHOT_DAILY,
    SNAPSHOT_IMPORT,
    SNAPSHOT_MANUAL,
    SNAPSHOT_POLICY,
    eligibility_snapshot_refresh,
)
from serviceladder.metrics.models import ImportJob
from serviceladder.metrics.tasks import import_job_create, import_job_run
from serviceladder.org.selectors import today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_version_in_force
from serviceladder.policy.services import policy_load
from tests.kpi.conftest import csv_bytes
from tests.web.org import WEB_POLICY

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def stored(run) -> list:
    return [decision_from_data(r.decision) for r in run.rows.order_by("position")]


def live(org, as_of):
    return eligibility_report(org.users["hr"], as_of=as_of).decisions


def test_rows_equal_the_live_decisions_field_by_field(org):
    as_of = today()
    run = eligibility_snapshot_refresh(as_of=as_of, trigger=SNAPSHOT_MANUAL)
    report = eligibility_report(org.users["hr"], as_of=as_of)
    assert report.decisions, "the fixture has open steps"
    assert stored(run) == report.decisions  # every field, every check, in the engine's order
    under_way = steps_under_way(report.people, as_of)
    rows = list(run.rows.select_related("employee").order_by("position"))
    for row, d in zip(rows, report.decisions, strict=True):
        e = report.people[d.employee]
        assert row.employee.number == d.employee
        assert (row.from_level, row.to_level, row.track, row.kind) == (
            d.from_level,
            d.to_level,
            d.track,
            d.kind,
        )
        assert (row.status, row.earliest) == (d.status, d.earliest)
        assert row.group == group_of(d, as_of, under_way=(d.employee, d.to_level) in under_way)
        assert row.team_id == e.team_id
        assert row.department_id == (e.team.department_id if e.team_id else None)
    assert run.as_of == as_of
    assert run.policy_version == policy_version_in_force(as_of)
    assert run.trigger == SNAPSHOT_MANUAL
    assert run.people_count == len(report.people) == len(org.employees)
    assert run.duration_ms >= 0 and run.computed_at is not None


def test_a_past_day_is_judged_on_that_day(org):
    as_of = today() - dt.timedelta(days=200)
    run = eligibility_snapshot_refresh(as_of=as_of, trigger=SNAPSHOT_MANUAL)
    assert stored(run) == live(org, as_of)
    assert {d.as_of for d in stored(run)} == {as_of}


def test_without_a_policy_nothing_is_written(db):
    with pytest.raises(NoPolicyInForce):
        eligibility_snapshot_refresh(as_of=today(), trigger=SNAPSHOT_MANUAL)
    assert not EligibilitySnapshotRun.objects.exists()
    assert not EligibilityRow.objects.exists()


def test_a_failure_while_writing_leaves_no_run(org, monkeypatch):
    def broken(rows, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(EligibilityRow.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        eligibility_snapshot_refresh(as_of=today(), trigger=SNAPSHOT_MANUAL)
    assert not EligibilitySnapshotRun.objects.exists()


def test_the_days_older_runs_are_pruned_kept_runs_and_other_days_stay(org):
    day, yesterday = today(), today() - dt.timedelta(days=1)
    first = eligibility_snapshot_refresh(as_of=day, trigger=SNAPSHOT_MANUAL)
    kept = eligibility_snapshot_refresh(as_of=day, trigger=SNAPSHOT_MANUAL)
    kept.keep = True  # as a promotion cycle's opening will mark its run
    kept.save(update_fields=["keep"])
    other_day = eligibility_snapshot_refresh(as_of=yesterday, trigger=SNAPSHOT_MANUAL)
    latest = eligibility_snapshot_refresh(as_of=day, trigger=SNAPSHOT_DAILY)
    assert set(EligibilitySnapshotRun.objects.values_list("pk", flat=True)) == {
        kept.pk,
        other_day.pk,
        latest.pk,
    }
    assert not EligibilityRow.objects.filter(run_id=first.pk).exists()
    assert latest.rows.count() == kept.rows.count() == len(live(org, day))


def test_runs_past_the_retention_are_pruned_unless_kept(org):
    day = today()
    version = policy_version_in_force(day)

    def old_run(days: int, keep: bool = False):
        return EligibilitySnapshotRun.objects.create(
            as_of=day - dt.timedelta(days=days),
            policy_version=version,
            computed_at=timezone.now(),
            trigger=SNAPSHOT_DAILY,
            people_count=0,
            duration_ms=0,
            keep=keep,
        )

    edge = old_run(services.RETENTION_DAYS)
    past = old_run(services.RETENTION_DAYS + 1)
    kept = old_run(services.RETENTION_DAYS + 30, keep=True)
    latest = eligibility_snapshot_refresh(as_of=day, trigger=SNAPSHOT_DAILY)
    assert set(EligibilitySnapshotRun.objects.values_list("pk", flat=True)) == {edge.pk, kept.pk, latest.pk}
    assert not EligibilitySnapshotRun.objects.filter(pk=past.pk).exists()


def test_the_daily_step_refreshes_the_day(org):
    day = today()
    [outcome] = daily_run(day, only=["insights.eligibility_snapshot"])
    assert outcome.status == "done"
    run = EligibilitySnapshotRun.objects.get()
    assert (run.as_of, run.trigger) == (day, SNAPSHOT_DAILY)
    assert outcome.result == {"run": run.pk, "people": len(org.employees), "ms": run.duration_ms}
    assert stored(run) == live(org, day)


def test_the_daily_step_without_a_policy_is_done_and_says_so(db):
    [outcome] = daily_run(today(), only=["insights.eligibility_snapshot"])
    assert outcome.status == "done" and outcome.result == {"skipped": "no policy in force"}
    assert not EligibilitySnapshotRun.objects.exists()


def test_a_policy_load_refreshes_after_commit(org, django_capture_on_commit_callbacks):
    text = WEB_POLICY.replace("min_months_in_level: 18", "min_months_in_level: 6")
    with django_capture_on_commit_callbacks(execute=True):
        version = policy_load(actor=Actor(user=org.users["hr"]), text=text, effective=today()).version
    run = EligibilitySnapshotRun.objects.get()
    assert (run.trigger, run.policy_version, run.as_of) == (SNAPSHOT_POLICY, version, today())
    assert stored(run) == live(org, today())
    assert {d.policy_version for d in stored(run)} == {version.label}


def test_several_loads_in_one_transaction_refresh_once(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for months in (6, 7):
            text = WEB_POLICY.replace("min_months_in_level: 18", f"min_months_in_level: {months}")
            last = policy_load(actor=Actor(user=org.users["hr"]), text=text, effective=today()).version
    run = EligibilitySnapshotRun.objects.get()
    assert run.policy_version == last


def _exam_job(org):
    """An exam upload giving E2002 (L1) a recent passing score: the L1 → L2 exam check turns to a pass."""
    rows = [["工号", "考试日期", "考试名称", "分数"], ["E2002", today().isoformat(), "业务知识考核", "95"]]
    upload = SimpleUploadedFile("exams.csv", csv_bytes(rows))
    return import_job_create(actor=Actor(user=org.users["hr"]), kind="exams", upload=upload)


def _exam_check(run, number="E2002"):
    [d] = [d for d in stored(run) if d.employee == number and d.to_level == "L2"]
    return next(c for c in d.checks if c.clause == "exam_score")


def test_an_import_job_refreshes_after_it_commits(org, settings, django_capture_on_commit_callbacks):
    settings.TASKS = DUMMY_TASKS
    before = eligibility_snapshot_refresh(as_of=today(), trigger=SNAPSHOT_MANUAL)
    assert _exam_check(before).status != "pass"
    job = _exam_job(org)
    with django_capture_on_commit_callbacks(execute=True):
        assert import_job_run.call(job.pk) == ImportJob.Status.DONE
    run = EligibilitySnapshotRun.objects.get()  # the manual run of the day is replaced
    assert run.trigger == SNAPSHOT_IMPORT and run.pk != before.pk
    assert _exam_check(run).status == "pass"
    assert stored(run) == live(org, today())


def test_a_failed_refresh_never_fails_the_import(
    org, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY_TASKS

    def broken(**kwargs):
        raise RuntimeError("snapshot broke")

    monkeypatch.setattr(services, "eligibility_snapshot_refresh", broken)
    job = _exam_job(org)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert import_job_run.call(job.pk) == ImportJob.Status.DONE
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.report["created"] == 1
    assert not EligibilitySnapshotRun.objects.exists()


def test_a_rejected_import_or_a_kind_without_facts_does_not_refresh(
    org, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY_TASKS
    bad = [["工号", "考试日期", "考试名称", "分数"], ["E2002", today().isoformat(), "业务知识考核", "ninety"]]
    job = import_job_create(
        actor=Actor(user=org.users["hr"]), kind="exams", upload=SimpleUploadedFile("e.csv", csv_bytes(bad))
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert import_job_run.call(job.pk) == ImportJob.Status.REJECTED
    assert callbacks == []
    assert not EligibilitySnapshotRun.objects.exists()


def test_a_refresh_is_logged(org, caplog):
    with caplog.at_level("INFO", logger="serviceladder.insights"):
        run = eligibility_snapshot_refresh(as_of=today(), trigger=SNAPSHOT_MANUAL)
    [record] = [r for r in caplog.records if r.name == "serviceladder.insights"]
    message = record.getMessage()
    assert f"eligibility snapshot {run.pk} for {today()} (manual" in message
    assert f"{run.people_count} people, {run.rows.count()} steps" in message
