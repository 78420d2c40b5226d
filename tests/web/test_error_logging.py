"""An ordinary refusal is one log line: a 403 or 404 is logged by django.request without a traceback."""

import logging

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/audit/", 403),  # an agent may not read the audit log
        ("/people/E2006/", 404),  # someone in another department: as if missing
        ("/people/E0000/", 404),  # nobody
        ("/no-such-page/", 404),
        ("/promotions/cycles/999999/", 404),
        ("/api/people/E2006", 404),
    ],
)
def test_refusal_is_one_line_without_traceback(client, org, caplog, url, status):
    client.force_login(org.users["agent"])
    with caplog.at_level(logging.INFO):
        response = client.get(url)
    assert response.status_code == status
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) == 1, [r.getMessage() for r in records]
    (record,) = records
    assert record.name == "django.request"
    assert record.exc_info is None, record.getMessage()
    assert record.getMessage() == f"{'Forbidden' if status == 403 else 'Not Found'}: {url}"
