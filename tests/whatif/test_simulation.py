"""The what-if selector against the database: gains, losses, windows, ranks, renamed levels, scoping,
and that nothing is ever written."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from serviceladder.eligibility.engine import ELIGIBLE, NOT_YET
from serviceladder.eligibility.loading import eligibility_report
from serviceladder.eligibility.simulation import explain_change, whatif_simulate
from serviceladder.eligibility.whatif import GAINED, LOST, REMOVED, UNCHANGED
from serviceladder.policy.errors import NoPolicyInForce, PolicyInvalid
from serviceladder.policy.validation import THRESHOLD_OUT_OF_RANGE, UNKNOWN_LEVEL
from serviceladder.rules.clauses import FAIL
from tests.whatif.conftest import AS_OF, CSAT_RULE, draft_text, in_force_text

pytestmark = pytest.mark.django_db


def _kinds(result, to="CS2"):
    return {c.employee: c.kind for c in result.comparison.changes if c.to_level == to}


def _row_counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_the_policy_in_force_as_its_own_draft_changes_nothing(preset_org):
    result = whatif_simulate(preset_org["hr"], draft_text=in_force_text(), as_of=AS_OF)
    assert result.current_version == "v1"
    assert set(_kinds(result).values()) == {UNCHANGED}
    assert result.comparison.gains == result.comparison.losses == []
    statuses = {c.employee: c.before_status for c in result.comparison.changes if c.to_level == "CS2"}
    assert statuses == {
        "W001": ELIGIBLE,
        "W002": NOT_YET,
        "W003": ELIGIBLE,
        "W004": NOT_YET,
        "W005": ELIGIBLE,
    }


def test_lowering_a_threshold_makes_someone_gain(preset_org):
    draft = draft_text(csat=CSAT_RULE.replace("value: 4.5", "value: 4.3"))
    result = whatif_simulate(preset_org["hr"], draft_text=draft, as_of=AS_OF)
    assert _kinds(result) == {
        "W001": UNCHANGED,
        "W002": GAINED,
        "W003": UNCHANGED,
        "W004": UNCHANGED,
        "W005": UNCHANGED,
    }
    (gain,) = result.comparison.gains
    assert (gain.employee, gain.before_status, gain.after_status) == ("W002", NOT_YET, ELIGIBLE)
    assert [(c.clause, c.key) for c in gain.checks] == [("metric_threshold", "csat_mean")]
    assert explain_change(gain, "en") == ["CSAT 4.4 over the last 6 months; at least 4.3 needed"]
    assert result.comparison.people.delta(ELIGIBLE) == 1
    assert result.comparison.by_team["t1"].cells()[0] == (ELIGIBLE, 1, 2, 1)
    assert not result.comparison.by_team["t2"].changed
    assert result.comparison.by_target["CS2"].after[ELIGIBLE] == 4
    assert result.people["W002"].team.code == "t1"


def test_raising_a_threshold_makes_people_lose(preset_org):
    draft = draft_text(csat=CSAT_RULE.replace("value: 4.5", "value: 4.58"))
    result = whatif_simulate(preset_org["hr"], draft_text=draft, as_of=AS_OF)
    assert {c.employee for c in result.comparison.losses} == {"W005"}  # 4.55 < 4.58
    assert _kinds(result)["W005"] == LOST
    assert result.comparison.people.before[ELIGIBLE] == 3 and result.comparison.people.after[ELIGIBLE] == 2
    assert result.comparison.by_level["CS1"].delta(ELIGIBLE) == -1


def test_a_longer_window_reads_the_older_months(preset_org):
    """The policy in force looks at 6 months; the draft at 12, so the facts must cover 12."""
    draft = draft_text(csat=CSAT_RULE.replace("window: 6", "window: 12"))
    result = whatif_simulate(preset_org["hr"], draft_text=draft, as_of=AS_OF)
    assert _kinds(result)["W003"] == LOST  # (6 × 4.0 + 6 × 4.6) / 12 = 4.3
    (loss,) = result.comparison.losses
    (check,) = loss.checks
    assert check.after.status == FAIL  # not "insufficient data": the older months were read
    assert check.after.actual == pytest.approx(4.3)
    assert len(check.after.months) == 12 and len(check.before.months) == 6


def test_the_draft_ranks_peers_by_its_own_performance_score(preset_org):
    draft = draft_text(rank="rank_streak: {top_percent: 20, months: 3, peer_group: level_department}")
    start = draft.index("  weights:\n")
    end = draft.index("\n\n", start)
    draft = draft[:start] + "  weights:\n    kpi_completion: 1" + draft[end:]
    assert "kpi_completion: 1\n" in draft
    result = whatif_simulate(preset_org["hr"], draft_text=draft, as_of=AS_OF)
    # ranked by KPI completion alone, W005 is the best of five CS1 agents (top 20 %); the others fall out
    assert _kinds(result) == {
        "W001": LOST,
        "W002": UNCHANGED,
        "W003": LOST,
        "W004": UNCHANGED,
        "W005": UNCHANGED,
    }


def test_a_renamed_level_is_reported_and_its_steps_removed(preset_org):
    draft = in_force_text().replace("CS1", "J1")
    result = whatif_simulate(preset_org["hr"], draft_text=draft, as_of=AS_OF)
    assert result.unknown_levels == {"CS1": 5}
    kinds = _kinds(result)
    assert kinds == {"W001": LOST, "W002": REMOVED, "W003": LOST, "W004": REMOVED, "W005": LOST}
    assert explain_change(result.comparison.losses[0], "en") == ["The draft does not open this step."]
    assert result.comparison.people.after.get(ELIGIBLE, 0) == 0


def test_an_invalid_draft_reports_every_problem_with_its_line(preset_org):
    draft = (
        in_force_text()
        .replace("value: 4.5, window: 6", "value: 7, window: 6", 1)
        .replace("to: CS2", "to: CS9", 1)
    )
    before = _row_counts()
    with pytest.raises(PolicyInvalid) as caught:
        whatif_simulate(preset_org["hr"], draft_text=draft, as_of=AS_OF)
    issues = {i.code: i for i in caught.value.issues}
    assert set(issues) == {UNKNOWN_LEVEL, THRESHOLD_OUT_OF_RANGE}
    line = next(n for n, text in enumerate(draft.splitlines(), start=1) if "to: CS9" in text)
    assert issues[UNKNOWN_LEVEL].line == line and issues[UNKNOWN_LEVEL].path == "transitions[0].to"
    assert _row_counts() == before


def test_a_valid_draft_writes_nothing(preset_org):
    before = _row_counts()
    draft = draft_text(csat=CSAT_RULE.replace("value: 4.5", "value: 4.3")).replace(
        "name: cn-standard", "name: draft-2027"
    )
    result = whatif_simulate(preset_org["hr"], draft_text=draft, as_of=AS_OF)
    assert result.comparison.gains
    assert _row_counts() == before  # no policy version, ladder row, audit event or anything else


def test_scoped_to_what_the_user_may_see(preset_org):
    draft = draft_text(csat=CSAT_RULE.replace("value: 4.5", "value: 4.3"))
    result = whatif_simulate(preset_org["lead"], draft_text=draft, as_of=AS_OF)
    assert result.people_count == 3  # team t1: W001, W002 and the lead
    assert {c.employee for c in result.comparison.changes} == {"W001", "W002", "W100"}
    assert [c.employee for c in result.comparison.gains] == ["W002"]
    assert set(result.people) == {"W002"}  # the employees of changed rows, for their names
    assert set(result.teams) == {"t1"}
    nobody = whatif_simulate(preset_org["hr"], draft_text=draft, as_of=AS_OF, department="nope")
    assert nobody.people_count == 0 and nobody.comparison.changes == ()


def test_no_policy_in_force(preset_org):
    with pytest.raises(NoPolicyInForce):
        whatif_simulate(preset_org["hr"], draft_text=in_force_text(), as_of=dt.date(2023, 6, 1))


def test_facts_are_read_once_for_both_policies(preset_org):
    draft = draft_text(csat=CSAT_RULE.replace("window: 6", "window: 12"))
    with CaptureQueriesContext(connection) as one:
        eligibility_report(preset_org["hr"], as_of=AS_OF)
    with CaptureQueriesContext(connection) as two:
        whatif_simulate(preset_org["hr"], draft_text=draft, as_of=AS_OF)

    def reads(queries, table):
        return [q["sql"] for q in queries.captured_queries if table in q["sql"]]

    # every table of facts is read as often as for one policy: once (ranks: once more for the peers)
    for table in ("metrics_monthlymetric", "org_levelassignment", "org_examresult", "learning_completion"):
        assert 0 < len(reads(two, table)) == len(reads(one, table)), table
    assert len(two) <= len(one) + 1  # names: only the changed rows' people, and their teams
