"""A rejected upload keeps the first problems on its page and all of them in a download; limits fail a job."""

from __future__ import annotations

import csv
import io
import time

import pytest
from django.urls import reverse

from serviceladder.audit.services import Actor
from serviceladder.core.limits import PROBLEMS_SHOWN, limits_from_environment
from serviceladder.metrics.models import ImportJob
from serviceladder.metrics.tasks import import_job_run
from serviceladder.org.imports.report import ErrorCollector
from tests.factories import EmployeeFactory, user_with_roles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _home(settings, tmp_path):
    settings.HOME = tmp_path
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def hr(db):
    from serviceladder.accounts.roles import Role

    return user_with_roles("hr", Role.HR, employee=EmployeeFactory(number="H1"))


def _upload(user, tmp_path, name: str, data: bytes, kind: str = "pay") -> ImportJob:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from serviceladder.metrics.tasks import import_job_create

    job = import_job_create(
        actor=Actor(user=user, channel="web"), kind=kind, upload=SimpleUploadedFile(name, data)
    )
    import_job_run.call(job.pk)
    job.refresh_from_db()
    return job


def _pay_file(n: int) -> bytes:
    lines = ["工号,月薪,生效日期"] + [f"=X{i},10000,2025-01-01" for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def test_many_problems_are_capped_on_the_page_and_all_in_the_download(client, hr, tmp_path):
    job = _upload(hr, tmp_path, "pay.csv", _pay_file(1000))
    assert job.status == ImportJob.Status.REJECTED
    assert len(job.problems) == PROBLEMS_SHOWN and job.problem_count == 1000
    client.force_login(hr)
    html = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "1000" in html and reverse("import_job_problems", args=[job.pk]) in html
    response = client.get(reverse("import_job_problems", args=[job.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1001
    assert rows[1][2] == "'=X0"  # the file's text, neutralised


def test_only_the_uploader_downloads_the_problems(client, hr, tmp_path):
    from serviceladder.accounts.roles import Role

    job = _upload(hr, tmp_path, "pay.csv", _pay_file(300))
    other = user_with_roles("hr2", Role.HR, employee=EmployeeFactory(number="H2"))
    client.force_login(other)
    assert client.get(reverse("import_job_problems", args=[job.pk])).status_code == 404


def test_a_file_over_the_row_limit_fails_the_job_with_the_limit(client, hr, tmp_path, settings):
    settings.IMPORT_LIMITS = limits_from_environment({"SERVICELADDER_MAX_ROWS_PAY": "10"})
    job = _upload(hr, tmp_path, "pay.csv", _pay_file(11))
    assert job.status == ImportJob.Status.FAILED
    client.force_login(hr)
    html = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "pay.csv" in html and "10" in html and "SERVICELADDER_MAX_ROWS_PAY" in html


def test_the_job_page_is_fast_with_a_huge_rejection(client, hr, tmp_path):
    """A job rejected with 200,000 problems (the same path as one with a million)."""
    from serviceladder.metrics.tasks import _problems, _problems_keep
    from serviceladder.org.imports.report import ImportRejected

    errors = ErrorCollector("big.csv")
    for i in range(200_000):
        errors.add(i + 2, "工号", f"X{i}", "No employee with this number. Import the roster first.")
    job = ImportJob.objects.create(kind="pay", file_name="big.csv", created_by=hr, status="rejected")
    _problems_keep(job, _problems(ImportRejected("big.csv", errors.errors)), 200_000)
    job.save()
    client.force_login(hr)
    client.get(reverse("imports"))
    started = time.monotonic()
    page = client.get(reverse("import_job", args=[job.pk]))
    index = client.get(reverse("imports"))
    elapsed = time.monotonic() - started
    assert page.status_code == index.status_code == 200
    assert len(page.content) < 200_000
    assert elapsed < 1.0


def test_the_defaults_admit_the_ten_million_row_benchmark():
    limits = limits_from_environment({})
    assert limits["rows"]["interactions"] >= 10_000_000
    assert limits["mb"]["interactions"] >= 4096


def _bomb(tmp_path, megabytes: int) -> bytes:
    """A real workbook plus one member that inflates to `megabytes` MB of zeros (a few KB zipped)."""
    import zipfile

    import openpyxl

    path = tmp_path / "bomb.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["工号", "月薪", "生效日期"])
    book.save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", b"\0" * (megabytes * 1024 * 1024))
    return path.read_bytes()


def test_a_zip_bomb_stops_at_the_limit_cli(hr, tmp_path, settings, capsys):
    from serviceladder.cli.main import main

    settings.IMPORT_LIMITS = limits_from_environment({"SERVICELADDER_MAX_SHEET_MB": "5"})
    path = tmp_path / "pay.xlsx"
    path.write_bytes(_bomb(tmp_path, 50))
    assert len(path.read_bytes()) < 200_000
    assert main(["import", "pay", str(path), "--as", "hr"]) == 2
    err = capsys.readouterr().err
    assert "pay.xlsx" in err and "5 MB" in err and "SERVICELADDER_MAX_SHEET_MB" in err


def test_interactions_over_the_limits_exit_2(hr, tmp_path, settings, capsys):
    import duckdb

    from serviceladder.cli.main import main

    settings.IMPORT_LIMITS = limits_from_environment({"SERVICELADDER_MAX_ROWS_INTERACTIONS": "100"})
    path = tmp_path / "calls.parquet"
    duckdb.connect().execute(f"COPY (SELECT range AS interaction_id FROM range(101)) TO '{path}'")
    assert main(["import", "interactions", str(path), "--as", "hr"]) == 2
    err = capsys.readouterr().err
    assert "100" in err and "SERVICELADDER_MAX_ROWS_INTERACTIONS" in err
    settings.IMPORT_LIMITS = limits_from_environment({"SERVICELADDER_MAX_INTERACTIONS_MB": "1"})
    xlsx = tmp_path / "calls.xlsx"
    xlsx.write_bytes(_bomb(tmp_path, 20))
    assert main(["import", "interactions", str(xlsx), "--as", "hr"]) == 2
    assert "SERVICELADDER_MAX_INTERACTIONS_MB" in capsys.readouterr().err


def test_a_parquet_dictionary_bomb_is_counted_while_decoding(hr, tmp_path, settings, capsys):
    """One 1,000-character value repeated 20,000 times: the footer declares a few kilobytes (a dictionary
    of one value and run-length indices), decoding gives 20 MB. The limit holds against what is decoded."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from serviceladder.cli.main import main

    path = tmp_path / "calls.parquet"
    pq.write_table(pa.table({"interaction_id": ["x" * 1000] * 20_000}), path)
    footer = pq.ParquetFile(path).metadata.row_group(0).column(0).total_uncompressed_size
    assert footer < 100_000 and path.stat().st_size < 100_000
    settings.IMPORT_LIMITS = limits_from_environment({"SERVICELADDER_MAX_INTERACTIONS_MB": "5"})
    assert main(["import", "interactions", str(path), "--as", "hr"]) == 2
    err = capsys.readouterr().err
    assert "calls.parquet" in err and "5 MB" in err and "SERVICELADDER_MAX_INTERACTIONS_MB" in err
