import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.metrics.interactions.definitions import METRIC_COLUMNS
from serviceladder.metrics.models import MonthlyMetric
from tests.factories import EmployeeFactory, user_with_roles

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "fixtures"


def fixture_path(name: str) -> Path:
    """The shared fixture when the repo sits beside shared/, else the copy kept with the tests."""
    shared = SHARED / name
    return shared if shared.is_file() else DATA / name


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def figures() -> dict[tuple[str, str], dict]:
    return {
        (m["employee__number"], m["month"]): {k: m[k] for k in METRIC_COLUMNS}
        for m in MonthlyMetric.objects.values("employee__number", "month", *METRIC_COLUMNS)
    }


def assert_figures_equal(got: dict, expected: dict, tol: float = 1e-6) -> None:
    assert set(got) == set(expected)
    for key, exp in expected.items():
        for name, value in exp.items():
            actual = got[key][name]
            if value is None or actual is None:
                assert actual == value, (key, name)
            else:
                assert abs(actual - value) <= tol, (key, name, actual, value)


def store_snapshot(home: Path) -> dict[str, bytes]:
    root = home / "interactions"
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*.parquet"))
        if not p.relative_to(root).parts[0].startswith(".")
    }


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def agents(db):
    return {n: EmployeeFactory(number=n, name=name) for n, name in (("E001", "王芳"), ("E002", "李雷"))}


@pytest.fixture
def hr(db):
    return Actor(user=user_with_roles("hr-importer", Role.HR), channel="cli")


@pytest.fixture
def small_csv(tmp_path) -> Path:
    return Path(shutil.copy(fixture_path("interactions_small.csv"), tmp_path / "interactions_small.csv"))


@pytest.fixture
def small_expected() -> dict:
    return expected_figures()


def expected_figures() -> dict:
    """The hand-computed figures of interactions_small.csv, keyed by (agent, month)."""
    header, rows = read_rows(fixture_path("interactions_small_expected.csv"))
    out = {}
    for row in rows:
        rec = dict(zip(header, row, strict=True))
        out[(rec["agent_id"], rec["month"])] = {
            k: (int(rec[k]) if k in ("contacts", "unanswered", "csat_rated") else float(rec[k]))
            for k in METRIC_COLUMNS
            if k in rec  # figures added after the fixture (after-call work, abusive rate) are checked apart
        }
    return out


__all__ = ["dt"]
