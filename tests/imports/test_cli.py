import pytest

from serviceladder.accounts.roles import Role
from serviceladder.cli.main import main
from serviceladder.org.models import Employee
from tests.factories import user_with_roles
from tests.imports.conftest import counts, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_catalogue_compile(monkeypatch):
    monkeypatch.setattr("serviceladder.cli.main.setup_django", lambda: None)


def test_cli_roster_success(org, hr, good_rows, tmp_path, capsys):
    path = write_xlsx(tmp_path / "roster.xlsx", good_rows)
    assert main(["import", "roster", str(path), "--as", "hr"]) == 0
    out = capsys.readouterr().out
    assert "3 created" in out and "0 updated" in out
    assert Employee.objects.count() == 3


def test_cli_dry_run(org, hr, good_rows, tmp_path, capsys):
    path = write_csv(tmp_path / "roster.csv", good_rows)
    assert main(["import", "roster", str(path), "--as", "hr", "--dry-run"]) == 0
    assert "dry run" in capsys.readouterr().out and Employee.objects.count() == 0


def test_cli_bad_input_prints_report(org, hr, good_rows, tmp_path, capsys):
    good_rows[2][3] = "九组"
    good_rows[3][5] = "someday"
    path = write_csv(tmp_path / "roster.csv", good_rows)
    before = counts()
    assert main(["import", "roster", str(path), "--as", "hr"]) == 2
    err = capsys.readouterr().err
    assert "2 problem(s)" in err and "九组" in err and "someday" in err
    assert err.index("九组") < err.index("someday")  # in row order
    assert counts() == before


def test_cli_permission_and_unknown_user(org, good_rows, tmp_path, capsys):
    user_with_roles("agent", Role.AGENT)
    path = write_csv(tmp_path / "roster.csv", good_rows)
    assert main(["import", "roster", str(path), "--as", "agent"]) == 2
    assert main(["import", "roster", str(path), "--as", "nobody"]) == 2
    assert Employee.objects.count() == 0


def test_cli_missing_file(hr, tmp_path, capsys):
    assert main(["import", "roster", str(tmp_path / "none.csv"), "--as", "hr"]) == 2
    assert "none.csv" in capsys.readouterr().err
