"""Private notes of career conversations never appear in the development export: not for HR, not for
their author, in no format, on the command line or as a download."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from serviceladder.development.models import Conversation
from tests.development.export_setup import SECRET, SHARED, export_org, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db):
    return export_org()


def _xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize("username", ["zhaomin", "wangfang"])  # HR, the author
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_private_notes_are_in_no_cli_format(org, tmp_path, username, fmt):
    assert Conversation.objects.get().private_notes == SECRET  # the readers may read them elsewhere
    code, out = run(["--format", fmt, "--as", username], tmp_path)
    assert code == 0
    data = out.read_bytes()
    text = _xlsx_text(data) if fmt == "xlsx" else data.decode("utf-8-sig")
    assert "E2003" in text
    assert SECRET not in text
    assert SHARED not in text  # the export carries dates, not what was said


@pytest.mark.parametrize("role", ["hr", "team_lead"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_private_notes_are_not_in_the_download(org, client, role, fmt):
    client.force_login(org.users[role])
    response = client.get(reverse("development_export", args=[fmt]))
    assert response.status_code == 200
    text = _xlsx_text(response.content) if fmt == "xlsx" else response.content.decode("utf-8-sig")
    assert "E2003" in text
    assert SECRET not in text
