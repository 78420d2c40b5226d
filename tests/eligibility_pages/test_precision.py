"""A figure next to its threshold shows the decimals its verdict needs on the path page and in the exports:
a CSAT of 4.496 against "at least 4.5" reads 4.496, never 4.5 (issue 12, item 6)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from serviceladder.promotions.page_selectors import check_text
from tests.eligibility_pages.precision import AS_OF, NUMBER, person_just_below

pytestmark = pytest.mark.django_db


def _path(client) -> str:
    return client.get(reverse("person_path", args=[NUMBER]) + f"?as_of={AS_OF}").content.decode()


def test_the_path_shows_a_figure_just_below_the_bar_as_below(client_for, org):
    person_just_below(org)
    html = _path(client_for("hr"))
    assert "CSAT 4.496 over the last 6 months; at least 4.5 needed" in html
    assert "4.496 / ≥ 4.5" in html  # the progress bar's label
    assert "Best exam score in the last 12 months is 79.96; 80 needed" in html
    assert "79.96 of 80 points" in html
    assert "CSAT 4.5 over" not in html and "is 80;" not in html


def test_the_path_in_chinese(client_for, org):
    person_just_below(org)
    html = _path(client_for("hr", "zh-hans"))
    assert "近6个月满意度4.496，需不低于4.5" in html
    assert "近12个月最好考试成绩79.96分，需达到80分" in html


@pytest.mark.parametrize(
    ("language", "fragments"),
    [
        ("en", ("CSAT 4.496 over the last 6 months; at least 4.5 needed", "is 79.96; 80 needed")),
        ("zh-hans", ("近6个月满意度4.496，需不低于4.5", "最好考试成绩79.96分，需达到80分")),
    ],
)
def test_the_csv_export_shows_it_too(client_for, org, language, fragments):
    person_just_below(org)
    response = client_for("hr", language).get(reverse("eligibility_export", args=["csv"]) + f"?as_of={AS_OF}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    [row] = [r for r in rows[1:] if r[0] == NUMBER]
    for fragment in fragments:
        assert fragment in row[-1], row[-1]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "CSAT 4.596 over the last 3 months; at least 4.6 needed"),
        ("zh-hans", "近3个月满意度4.596，需不低于4.6"),
    ],
)
def test_a_frozen_application_snapshot_is_rendered_again_with_the_decimals(language, text):
    """An application keeps its check's code and values; read later, in either language, it shows the same."""
    values = {"metric": "csat_mean", "actual": 4.596, "op": ">=", "required": 4.6, "window": 3}
    check = {"code": "metric.mean", "values": values, "text": "CSAT 4.6 over the last 3 months"}
    assert check_text(check, language) == text
