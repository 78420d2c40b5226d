"""The browser upload takes the same mapping choices as the command line: a shipped mapping (listed with what
it is for) or one's own mapping file, checked when the form is sent and kept with the job for the worker."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from serviceladder.metrics.interactions.mapping import MAPPING_INVALID, MAPPING_UNREADABLE
from serviceladder.metrics.models import ImportJob, MonthlyMetric
from serviceladder.metrics.tasks import (
    MAPPING_ONLY_INTERACTIONS,
    MAPPING_TOO_LARGE,
    import_job_run,
    uploads_dir,
)
from tests.interactions.conftest import figures

pytestmark = pytest.mark.django_db

# A small export that no shipped mapping reads: semicolons, Chinese headers, d.m.Y dates, 是/否, minutes.
DATA = (
    "工单号;坐席;客户;日期;接通;通话分钟;解决;评分\n"
    "T1;王芳;C1;05.01.2026 09:00;是;5;是;5\n"
    "T2;王芳;C2;06.01.2026 10:00;是;3;否;3\n"
    "T3;李雷;C3;07.01.2026 11:00;否;0;;\n"
    "T4;李雷;C4;02.02.2026 12:00;是;10;是;4\n"
).encode()
MAPPING = """format: serviceladder-interactions
version: 1
name: 工单系统
csv: {delimiter: ";"}
columns:
  interaction_id: {source: 工单号}
  agent_id: {source: 坐席, match: name}
  customer_id: {source: 客户}
  started_at: {source: 日期, format: "%d.%m.%Y %H:%M"}
  answered: {source: 接通}
  talk_seconds: {source: 通话分钟, unit: minutes}
  hold_seconds: {constant: 0}
  after_call_work_seconds: {constant: 0}
  resolved: {source: 解决}
  csat: {source: 评分}
"""


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.SECURE_SSL_REDIRECT = False


def _post(client, mapping: bytes | None, *, kind="interactions", name="my-mapping.yaml", follow=True):
    form = {"kind": kind, "file": SimpleUploadedFile("tickets.csv", DATA), "mapping": "canonical"}
    if mapping is not None:
        form["mapping_file"] = SimpleUploadedFile(name, mapping)
    return client.post(reverse("imports"), form, follow=follow)


def _stored_uploads() -> list:
    return sorted(uploads_dir().iterdir())


def test_the_page_offers_the_shipped_mappings_with_their_purpose_and_a_mapping_file(client, hr):
    client.force_login(hr.user)
    page = client.get(reverse("imports")).content.decode()
    for name in ("canonical", "acd-calls", "helpdesk-tickets", "chat-conversations", "callcenter-example"):
        assert f'<option value="{name}"' in page
    assert "acd-calls · ACD call detail records" in page
    assert 'type="file" name="mapping_file"' in page
    assert "at most 64 KB" in page


def test_an_upload_with_its_own_mapping_is_imported_with_it(client, agents, hr):
    client.force_login(hr.user)
    response = _post(client, MAPPING.encode(), follow=False)
    job = ImportJob.objects.get()
    assert response.url == reverse("import_job", args=[job.pk])
    assert job.options["mapping_file"] == "my-mapping.yaml"
    assert job.options["mapping_yaml"] == MAPPING
    assert "mapping" not in job.options  # the dropdown's choice is not the one used

    assert import_job_run.call(job.pk) == ImportJob.Status.DONE
    job.refresh_from_db()
    assert (job.report["rows_read"], job.report["imported"], job.report["unanswered"]) == (4, 4, 1)
    got = figures()
    # 王芳, January: T1 (5 min, resolved, 5) and T2 (3 min, not resolved, 3).
    assert got[("E001", "2026-01")]["contacts"] == 2
    assert got[("E001", "2026-01")]["aht_seconds"] == (300 + 180) / 2
    assert got[("E001", "2026-01")]["resolution_rate"] == 0.5
    assert got[("E001", "2026-01")]["csat_mean"] == 4.0
    # 李雷: T3 unanswered in January, T4 (10 min, resolved, 4) in February.
    assert (got[("E002", "2026-01")]["contacts"], got[("E002", "2026-01")]["unanswered"]) == (0, 1)
    assert got[("E002", "2026-02")]["aht_seconds"] == 600.0

    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert 'Column mapping: <code translate="no">my-mapping.yaml</code> (uploaded with the file)' in page


def test_the_same_file_without_the_mapping_is_refused(client, agents, hr):
    """The mapping upload is what made the file readable: the canonical mapping finds none of its columns."""
    client.force_login(hr.user)
    _post(client, None, follow=False)
    job = ImportJob.objects.get()
    assert import_job_run.call(job.pk) == ImportJob.Status.REJECTED
    assert not MonthlyMetric.objects.exists()
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert 'Column mapping: <code translate="no">canonical</code></p>' in page


@pytest.mark.parametrize(
    ("mapping", "expected"),
    [
        # valid YAML, not a valid mapping: each problem named by its key
        (
            MAPPING.replace("  answered: {source: 接通}\n", "").replace("match: name", "match: login"),
            MAPPING_INVALID
            % {
                "path": "my-mapping.yaml",
                "problems": "columns.agent_id.match: Input should be 'number' or 'name'",
            },
        ),
        (
            MAPPING.replace("  answered: {source: 接通}\n", ""),
            "columns.answered: required, needs a source column or a constant",
        ),
        # not YAML: what and where
        (
            MAPPING.replace("{source: 解决}", "{source: 解决"),
            MAPPING_UNREADABLE
            % {"path": "my-mapping.yaml", "problem": "expected ',' or '}', but got ':' (line 15, column 7)"},
        ),
        ("just some text\n", "the file must be a YAML mapping with format, version, columns"),
    ],
)
def test_a_bad_mapping_is_a_form_error_and_nothing_is_queued(client, agents, hr, mapping, expected):
    client.force_login(hr.user)
    before = _stored_uploads()
    response = _post(client, mapping.encode())
    assert response.redirect_chain[-1][0] == reverse("imports")
    assert html.escape(expected) in response.content.decode()
    assert not ImportJob.objects.exists()
    assert _stored_uploads() == before  # the data file was not kept either
    assert not MonthlyMetric.objects.exists()


def test_a_mapping_that_is_not_utf8_text_is_refused(client, hr):
    client.force_login(hr.user)
    response = _post(client, MAPPING.encode("gb18030"))
    expected = MAPPING_UNREADABLE % {"path": "my-mapping.yaml", "problem": "not UTF-8 text"}
    assert html.escape(expected) in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_mapping_over_64_kb_is_refused(client, hr):
    client.force_login(hr.user)
    padding = "# " + "x" * 98 + "\n"
    big = MAPPING + padding * (64 * 1024 // len(padding))
    assert len(big.encode()) > 64 * 1024 > len(MAPPING.encode() + padding.encode() * 600)
    response = _post(client, big.encode(), name="big.yaml")
    expected = MAPPING_TOO_LARGE % {"name": "big.yaml", "max": 64}
    assert html.escape(expected) in response.content.decode()
    assert not ImportJob.objects.exists()
    # just under the limit is fine
    response = _post(client, (MAPPING + padding * 600).encode(), follow=False)
    assert ImportJob.objects.count() == 1


def test_a_mapping_file_with_another_kind_is_refused(client, hr):
    client.force_login(hr.user)
    response = _post(client, MAPPING.encode(), kind="metrics")
    assert html.escape(str(MAPPING_ONLY_INTERACTIONS)) in response.content.decode()
    assert not ImportJob.objects.exists()
