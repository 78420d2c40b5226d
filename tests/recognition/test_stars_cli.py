"""`serviceladder stars compute|publish|list` (issue 15 item 1): exit 0 with a summary, exit 2 with one
line on stderr for bad input and nothing written."""

from __future__ import annotations

import json

import pytest

from serviceladder.cli.main import main
from serviceladder.recognition.models import StarPeriod, StarRating
from tests.recognition.stars_setup import PERIOD, default_figures, set_figures, stars_policy
from tests.web.org import build_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = build_org()
    stars_policy(org)
    default_figures(org)
    set_figures(org, E2003={"csat_mean": 4.4, "qa_score": 90})
    return org


def test_compute_list_publish(org, capsys):
    assert main(["stars", "compute", "--period", PERIOD, "--as", "zhaomin"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{PERIOD}: 10 people (")
    assert StarRating.objects.filter(period__code=PERIOD).count() == 10
    assert main(["stars", "list", "--period", PERIOD, "--format", "json", "--as", "wangfang"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["employee"] for r in rows} == {"E2002", "E2003", "E2004"}  # the lead's team only
    assert next(r for r in rows if r["employee"] == "E2003")["computed"] == 2
    assert main(["stars", "publish", "--period", PERIOD, "--as", "zhaomin"]) == 0
    assert StarPeriod.objects.get().state == "published"
    assert main(["stars", "list", "--as", "zhaomin"]) == 0
    assert f"{PERIOD}\tmonth\tpublished\t10" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["stars", "compute", "--period", "2026-1", "--as", "zhaomin"],
        ["stars", "compute", "--period", "2026Q3", "--as", "zhaomin"],
        ["stars", "compute", "--period", "2099-01", "--as", "zhaomin"],
        ["stars", "compute", "--period", PERIOD, "--as", "wangfang"],  # a lead may not compute
        ["stars", "publish", "--period", PERIOD, "--as", "zhaomin"],  # nothing computed
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(org, capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("serviceladder: ") and "\n" not in err
    assert not StarPeriod.objects.exists()
