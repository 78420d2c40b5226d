"""The eligibility engine never reads wellbeing data (issue 16 item 2): no module of
`serviceladder.eligibility` imports `serviceladder.wellbeing`, at start-up or inside a function, nor does
any module they import at start-up; and computing everyone's eligibility, with wellbeing assessments in the
database, sends no query to a wellbeing table."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from serviceladder.eligibility import loading
from serviceladder.eligibility.loading import eligibility_report
from serviceladder.wellbeing.models import WellbeingAssessment
from serviceladder.wellbeing.services.scan import wellbeing_scan
from tests.wellbeing.signals_setup import wellbeing_org

SRC = Path(loading.__file__).resolve().parents[2]  # the folder holding the serviceladder package
FORBIDDEN = "serviceladder.wellbeing"


def _file(module: str) -> Path | None:
    path = SRC.joinpath(*module.split("."))
    if (path / "__init__.py").exists():
        return path / "__init__.py"
    return path.with_suffix(".py") if path.with_suffix(".py").exists() else None


def _imports(module: str, *, module_level_only: bool) -> set[str]:
    tree = ast.parse(_file(module).read_text(encoding="utf-8"))
    nodes = tree.body if module_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
    return {m for m in found if m.startswith("serviceladder") and _file(m) is not None}


def _eligibility_modules() -> list[str]:
    package = SRC / "serviceladder" / "eligibility"
    return [
        ".".join(p.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        for p in package.rglob("*.py")
    ]


def test_no_eligibility_module_imports_wellbeing_even_inside_a_function():
    modules = _eligibility_modules()
    assert "serviceladder.eligibility.engine" in modules and "serviceladder.eligibility.loading" in modules
    for module in modules:
        bad = sorted(m for m in _imports(module, module_level_only=False) if m.startswith(FORBIDDEN))
        assert not bad, f"{module} imports {bad}"


def test_nothing_eligibility_imports_at_start_up_reaches_wellbeing():
    seen: dict[str, str] = {}
    todo = [(m, "") for m in _eligibility_modules()]
    while todo:
        module, via = todo.pop()
        if module in seen:
            continue
        seen[module] = via
        todo.extend((m, module) for m in _imports(module, module_level_only=True) if m not in seen)
    reached = sorted(m for m in seen if m.startswith(FORBIDDEN))
    assert not reached, [f"{m} via {seen[m]}" for m in reached]
    assert len(seen) > 20  # the graph was really walked (the kernel, metrics, org, policy …)


def test_the_graph_walker_would_notice_an_import_of_wellbeing():
    # The wellbeing loader imports the engine and the models: the walker must see it.
    found = _imports("serviceladder.wellbeing.selectors.facts", module_level_only=True)
    assert "serviceladder.wellbeing.models" in found


@pytest.mark.django_db
def test_computing_eligibility_sends_no_query_to_a_wellbeing_table():
    org = wellbeing_org()
    wellbeing_scan()
    assert WellbeingAssessment.objects.exists()
    with CaptureQueriesContext(connection) as ctx:
        report = eligibility_report(org.users["hr"], as_of=dt.date.today(), department=None)
    assert report.decisions
    touched = [q["sql"] for q in ctx.captured_queries if "wellbeing_" in q["sql"].lower()]
    assert touched == []
