"""`serviceladder import KIND --template` through the real command-line entry point."""

from __future__ import annotations

import csv
import io
import sys

import openpyxl
import pytest

from serviceladder.accounts.roles import Role
from serviceladder.accounts.services import user_language_set
from serviceladder.cli.commands.import_templates_cli import (
    FILE_REQUIRED,
    TEMPLATE_WITHOUT_FILE,
    XLSX_TO_TERMINAL,
)
from serviceladder.cli.main import main
from serviceladder.learning.models import Course, Enrolment
from serviceladder.org.models import Department
from tests.factories import user_with_roles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_catalogue_compile(monkeypatch):
    monkeypatch.setattr("serviceladder.cli.main.setup_django", lambda: None)


@pytest.fixture
def hr(db):
    return user_with_roles("hr", Role.HR)


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_in_chinese_for_a_user_who_never_chose_a_language(hr, capsysbinary):
    assert main(["import", "roster", "--template", "--as", "hr"]) == 0
    header, example = _rows(capsysbinary.readouterr().out)
    assert header[:4] == ["工号", "姓名", "部门", "班组"]
    assert example[:4] == ["E1001", "李明", "cs", "cs-1"]


def test_the_users_own_language_is_the_default_and_lang_overrides_it(hr, capsysbinary):
    user_language_set(user=hr, language="en")
    assert main(["import", "exams", "--template", "--as", "hr"]) == 0
    assert _rows(capsysbinary.readouterr().out)[0][:3] == ["employee number", "employee name", "exam date"]
    assert main(["import", "exams", "--template", "--lang", "zh-hans", "--as", "hr"]) == 0
    assert _rows(capsysbinary.readouterr().out)[0][:3] == ["工号", "姓名", "考试日期"]


@pytest.mark.parametrize("kind", ["metrics", "interactions", "pay"])
def test_xlsx_goes_to_stdout_as_bytes(hr, kind, capsysbinary):
    assert main(["import", kind, "--template", "--format", "xlsx", "--lang", "en", "--as", "hr"]) == 0
    book = openpyxl.load_workbook(io.BytesIO(capsysbinary.readouterr().out))
    assert book.active.title == kind and book.active.max_row == 2


def test_xlsx_to_a_terminal_is_refused(hr, capsys, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["import", "teams", "--template", "--format", "xlsx", "--as", "hr"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == "serviceladder: " + str(XLSX_TO_TERMINAL) % {"kind": "teams"}


def test_a_csv_template_may_go_to_a_terminal(hr, capsys, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["import", "teams", "--template", "--as", "hr"]) == 0


@pytest.mark.parametrize("kind", ["pay", "violations"])
def test_only_those_who_may_import_the_kind_get_its_template(kind, capsysbinary):
    user_with_roles("admin", Role.ADMIN)
    assert main(["import", kind, "--template", "--as", "admin"]) == 2
    out, err = capsysbinary.readouterr()
    assert out == b"" and b"hr" in err
    assert main(["import", "roster", "--template", "--as", "admin"]) == 0


def test_agent_gets_no_template(capsysbinary):
    user_with_roles("agent", Role.AGENT)
    assert main(["import", "metrics", "--template", "--as", "agent"]) == 2
    assert capsysbinary.readouterr().out == b""


def test_a_file_or_a_template_not_both_nor_neither(hr, tmp_path, capsys):
    assert main(["import", "roster", "--as", "hr"]) == 2
    assert capsys.readouterr().err.strip() == f"serviceladder: {FILE_REQUIRED}"
    assert main(["import", "interactions", "--as", "hr"]) == 2
    assert capsys.readouterr().err.strip() == f"serviceladder: {FILE_REQUIRED}"
    path = tmp_path / "roster.csv"
    assert main(["import", "roster", str(path), "--template", "--as", "hr"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == "serviceladder: " + str(TEMPLATE_WITHOUT_FILE) % {"file": path}


def test_a_template_written_by_the_command_imports_with_the_command(hr, tmp_path, capsysbinary):
    assert main(["import", "teams", "--template", "--format", "xlsx", "--as", "hr"]) == 0
    path = tmp_path / "teams.xlsx"
    path.write_bytes(capsysbinary.readouterr().out)
    assert main(["import", "teams", str(path), "--as", "hr"]) == 0
    assert "1 created" in capsysbinary.readouterr().out.decode()
    assert Department.objects.get(code="cs").name_en == "Customer Service"


def test_the_learning_templates_written_by_the_command_import_with_the_command(hr, tmp_path, capsysbinary):
    """`import courses --template` then `import enrolments --template`, each imported as written (E1001, the
    enrolments template's person, comes from the roster template)."""
    for kind in ("teams", "roster", "courses", "enrolments"):
        assert main(["import", kind, "--template", "--lang", "en", "--as", "hr"]) == 0
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(capsysbinary.readouterr().out)
        assert main(["import", kind, str(path), "--as", "hr"]) == 0, kind
        out = capsysbinary.readouterr().out.decode()
        assert ("1 enrolled" if kind == "enrolments" else "1 created") in out, kind
    assert Enrolment.objects.get().course == Course.objects.get(code="service-standards")


def test_an_administrator_gets_the_enrolments_template_but_not_the_courses_one(capsysbinary):
    user_with_roles("admin", Role.ADMIN)
    assert main(["import", "courses", "--template", "--as", "admin"]) == 2
    out, err = capsysbinary.readouterr()
    assert out == b"" and b"hr" in err
    assert main(["import", "enrolments", "--template", "--as", "admin"]) == 0
    assert _rows(capsysbinary.readouterr().out)[0] == ["工号", "课程代码", "截止日期", "备注"]


def test_courses_and_enrolments_still_need_a_file_or_the_template_flag(hr, capsys):
    for kind in ("courses", "enrolments"):
        assert main(["import", kind, "--as", "hr"]) == 2
        assert capsys.readouterr().err.strip() == f"serviceladder: {FILE_REQUIRED}"
