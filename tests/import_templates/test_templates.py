"""Import templates: each header is one the import recognises, and the example rows import as they are."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.core.errors import ValidationFailed
from serviceladder.learning.models import Completion, Course, Enrolment
from serviceladder.learning.services.catalogue_import import courses_import
from serviceladder.learning.services.enrolments_import import enrolments_import
from serviceladder.metrics.import_templates import (
    EXAMPLES,
    FORMATS,
    LANGUAGES,
    TEMPLATE_KINDS,
    UNKNOWN_TEMPLATE_FORMAT,
    UNKNOWN_TEMPLATE_KIND,
    UNKNOWN_TEMPLATE_LANGUAGE,
    import_template,
    template_example,
    template_header,
)
from serviceladder.metrics.interactions.mapping import mapping_load
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import interactions_import, metrics_sheet_import
from serviceladder.org.imports.columns import KINDS, match_headers
from serviceladder.org.imports.report import ErrorCollector
from serviceladder.org.models import Department, Employee, ExamResult, PayRecord, Team, Violation
from serviceladder.org.services import records_import, roster_import, teams_import
from tests.factories import user_with_roles

SHEET_KINDS = [k for k in TEMPLATE_KINDS if k != "interactions"]


@pytest.mark.parametrize("kind", SHEET_KINDS)
def test_a_template_has_every_column_of_its_import(kind):
    """A column added to an import without an example fails here (the minutes variant of the average
    response time is left out on purpose: a sheet gives that figure once, here in seconds)."""
    in_template = [e.key for e in EXAMPLES[kind]]
    expected = [c.key for c, _required in KINDS[kind] if c.key != "response_minutes"]
    assert sorted(in_template) == sorted(expected)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", SHEET_KINDS)
def test_every_header_is_recognised_by_the_import(kind, language):
    header = template_header(kind, language)
    errors = ErrorCollector(f"{kind}.csv")
    found = match_headers(kind, header, [template_example(kind, language)], errors)
    assert errors.errors == []
    # each header lands on its own column, in the order of the examples
    assert [found.index[e.key] for e in EXAMPLES[kind]] == list(range(len(header)))


def test_headers_are_in_the_language_asked_for():
    assert template_header("roster", "zh-hans")[:2] == ["工号", "姓名"]
    assert template_header("roster", "en")[:2] == ["employee number", "name"]
    assert "投诉率(%)" in template_header("metrics", "zh-hans")
    assert "complaint rate (%)" in template_header("metrics", "en")
    assert "平均处理时长(秒)" in template_header("metrics", "zh-hans")


def test_interaction_template_is_the_canonical_schema():
    canonical = mapping_load(None).source_columns()
    for language in LANGUAGES:
        assert template_header("interactions", language) == canonical


def test_csv_has_a_byte_order_mark_and_one_example_row():
    data = import_template(kind="pay", language="zh-hans", file_format="csv").data
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [
        ["工号", "姓名", "月薪", "币种", "生效日期", "原因"],
        ["E1001", "李明", "6500.00", "CNY", "2025-01-01", "年度调薪"],
    ]


def test_xlsx_keeps_text_as_text_and_dates_as_dates():
    data = import_template(kind="roster", language="en", file_format="xlsx").data
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "roster"
    header, example = list(sheet.iter_rows(values_only=False))
    assert [c.value for c in header][:3] == ["employee number", "name", "department"]
    assert example[0].value == "E1001" and example[0].data_type == "s"
    assert example[5].value == dt.datetime(2024, 3, 1)  # a date cell
    assert example[11].value == 12 and example[11].data_type == "n"
    assert sheet.max_row == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "calendar", "language": "en", "file_format": "csv"}, UNKNOWN_TEMPLATE_KIND),
        ({"kind": "roster", "language": "fr", "file_format": "csv"}, UNKNOWN_TEMPLATE_LANGUAGE),
        ({"kind": "roster", "language": "en", "file_format": "xls"}, UNKNOWN_TEMPLATE_FORMAT),
    ],
)
def test_unknown_kind_language_or_format_is_refused(kwargs, message):
    with pytest.raises(ValidationFailed) as caught:
        import_template(**kwargs)
    assert caught.value.message == message


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_example_rows_import_as_they_are(language, file_format, tmp_path):
    """A fresh database: teams, roster, pay, exams, violations, trainings, interactions, the KPI sheet,
    a catalogue course and an enrolment on it, each from its template untouched, through the real import
    services."""
    actor = Actor(user=user_with_roles("hr", Role.HR), channel="cli")

    def template(kind: str) -> dict:
        t = import_template(kind=kind, language=language, file_format=file_format)
        return {"actor": actor, "data": t.data, "file_name": t.file_name}

    assert teams_import(**template("teams")).created == 1
    assert roster_import(**template("roster")).created == 1
    for kind in ("pay", "exams", "violations", "trainings"):
        assert records_import(kind=kind, **template(kind)).created == 1, kind
    interactions = template("interactions")
    path = tmp_path / interactions["file_name"]
    path.write_bytes(interactions["data"])
    assert interactions_import(actor=actor, path=path).imported == 1
    sheet = metrics_sheet_import(**template("metrics"))
    assert (sheet.rows, sheet.months_touched) == (1, ["2025-06"])
    assert courses_import(**template("courses")).created == 1
    assert enrolments_import(**template("enrolments")).created == 1

    english = language == "en"
    team = Team.objects.get(code="cs-1")
    assert team.department == Department.objects.get(code="cs", name_zh="客服中心")
    person = Employee.objects.get(number="E1001")
    assert (person.name, person.team, person.hire_date) == (
        "Li Ming" if english else "李明",
        team,
        dt.date(2024, 3, 1),
    )
    assert PayRecord.objects.get(employee=person).monthly_amount == Decimal("6500.00")
    assert ExamResult.objects.get(employee=person).score == 88
    assert Violation.objects.get(employee=person).date == dt.date(2025, 5, 12)
    assert Completion.objects.get(employee=person).kind == Completion.Kind.CERTIFICATION
    june = MonthlyMetric.objects.get(employee=person, month="2025-06")
    # the sheet's percent headers and seconds headers were read as such
    assert june.complaint_rate == pytest.approx(0.005)
    assert june.fcr_rate == pytest.approx(0.85)
    assert june.kpi_completion == pytest.approx(1.05)
    assert june.aht_seconds == pytest.approx(263)
    assert june.contacts == 450
    course = Course.objects.get(code="service-standards")
    assert (course.name_en, course.mode, course.hours, course.validity_months) == (
        "Service standards certification",
        Course.Mode.CLASSROOM,
        Decimal("6"),
        24,
    )
    assert (course.self_enrol, course.active) == (False, True)
    assert course.provider == ("Training team" if english else "培训部")
    enrolment = Enrolment.objects.get(employee=person)
    assert enrolment.course == course and enrolment.source == Enrolment.Source.IMPORT
    assert enrolment.due_on > timezone.localdate()
    assert enrolment.events.get().note == ("New-hire training" if english else "新人培训")
