"""The stars and bonus parts of the what-if: the selector, `serviceladder whatif` (table and JSON) and who
sees pay figures. The organisation of tests/whatif/conftest.py (cn-standard: monthly stars, pay by stars)."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.cli.main import main
from serviceladder.ladder.models import Level
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.policy.validation import parse_policy
from serviceladder.recognition.engine.whatif import GAINED, LOST
from serviceladder.recognition.models import BonusMonth, StarPeriod, StarRating
from serviceladder.recognition.selectors.whatif import recognition_whatif
from tests.factories import LevelAssignmentFactory
from tests.whatif.conftest import AS_OF, in_force_text, replace_once

pytestmark = pytest.mark.django_db

MONTH = "2026-06"  # the last month (and monthly star period) ended before AS_OF
TIER3_CSAT = (
    '- {metric: csat_mean, comparison: ">=", value: 4.4}\n'
    '          - {metric: qa_score, comparison: ">=", value: 85}'
)
RAISED_CSAT = TIER3_CSAT.replace("value: 4.4}", "value: 4.5}")


def _qa(score=92.0):
    MonthlyMetric.objects.filter(month=MONTH).update(qa_score=score)


def _published(stars: dict):
    from serviceladder.policy.models import PolicyVersion

    period = StarPeriod.objects.create(
        code=MONTH,
        kind="month",
        first_month=MONTH,
        last_month=MONTH,
        policy_version=PolicyVersion.objects.get(),
        state=StarPeriod.State.PUBLISHED,
        computed_at=timezone.now(),
        published_at=timezone.now(),
    )
    for e, n in stars.items():
        StarRating.objects.create(
            period=period, employee=e, level_code="CS1", computed_stars=n, final_stars=n, team=e.team
        )


def _write(tmp_path, text):
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_draft_raising_a_tiers_csat_bar_moves_someone_down_with_the_reason(preset_org):
    _qa()
    draft = parse_policy(replace_once(in_force_text(), TIER3_CSAT, RAISED_CSAT))
    rec = recognition_whatif(preset_org["hr"], draft=draft, as_of=AS_OF)
    s = rec.stars
    assert s.period.code == MONTH
    losses = s.comparison.losses
    assert [c.employee for c in losses] == ["W002"]
    w002 = losses[0]
    assert (w002.kind, w002.before_stars, w002.after_stars, w002.tier) == (LOST, 3, 2, 3)
    assert [(c.key, c.before.status, c.after.status) for c in w002.checks] == [("csat_mean", "pass", "fail")]
    assert not s.comparison.gains
    counts = {k: (b, a) for k, b, a, _d in s.comparison.counts.cells()}
    assert counts[3][0] - counts[3][1] == 1 and counts[2][1] - counts[2][0] == 1
    assert (
        StarPeriod.objects.count() == 0
        and AuditEvent.objects.filter(action__startswith="stars.").count() == 0
    )


def test_lowering_the_bar_back_is_a_gain_for_the_same_person(preset_org):
    """The mirror: against a stricter policy in force, the draft's 4.4 gives W002 the tier back."""
    from serviceladder.audit.services import Actor
    from serviceladder.policy.services import policy_load

    _qa()
    policy_load(
        actor=Actor(user=preset_org["hr"], channel="cli"),
        text=replace_once(in_force_text(), TIER3_CSAT, RAISED_CSAT),
        effective=dt.date(2025, 1, 1),
    )
    rec = recognition_whatif(preset_org["hr"], draft=parse_policy(in_force_text()), as_of=AS_OF)
    assert [(c.employee, c.kind, c.before_stars, c.after_stars) for c in rec.stars.comparison.gains] == [
        ("W002", GAINED, 2, 3)
    ]
    assert rec.stars.version == "v2"


def test_a_draft_raising_cs2s_base_raises_that_teams_total_by_exactly_the_difference(preset_org):
    people = preset_org["people"]
    LevelAssignmentFactory(
        employee=people["W002"], level=Level.objects.get(code="CS2"), effective_from=dt.date(2026, 5, 1)
    )
    _published({people["W002"]: 2, people["W001"]: 3, people["W003"]: 1})
    text = in_force_text()
    draft = parse_policy(replace_once(text, "CS2: 900", "CS2: 1000.50"))
    rec = recognition_whatif(preset_org["hr"], draft=draft, as_of=AS_OF)
    pay = rec.pay
    assert pay.month == MONTH and pay.simulated_period == ""
    totals = {t.team: t for t in pay.comparison.by_team}
    # W002: CS2 held on 30 June, 2 stars (0.9), the whole month: 900 × 0.9 → 1000.50 × 0.9
    assert totals["t1"].difference == Decimal("90.45")
    assert totals["t1"].after - totals["t1"].before == Decimal("90.45")
    assert totals["t2"].difference == Decimal("0.00")
    assert pay.comparison.total.difference == Decimal("90.45")
    assert [(c.employee, c.amount_before, c.amount_after) for c in pay.comparison.largest(5)] == [
        ("W002", Decimal("810.00"), Decimal("900.45"))
    ]
    assert BonusMonth.objects.count() == 0


def test_a_draft_changing_stars_pays_by_its_simulated_tiers_and_says_so(preset_org):
    people = preset_org["people"]
    _qa()
    _published(dict.fromkeys(people.values(), 3))
    draft = parse_policy(replace_once(in_force_text(), TIER3_CSAT, RAISED_CSAT))
    rec = recognition_whatif(preset_org["hr"], draft=draft, as_of=AS_OF)
    assert rec.pay.simulated_period == MONTH
    w002 = next(c for c in rec.pay.comparison.changes if c.employee == "W002")
    # published 3 stars (1.0) → simulated 2 stars (0.9) of CS1's 600
    assert (w002.amount_before, w002.amount_after) == (Decimal("600.00"), Decimal("540.00"))


def test_a_lead_never_sees_pay_figures(preset_org, tmp_path, capsys):
    _qa()
    draft_path = _write(tmp_path, replace_once(in_force_text(), "CS1: 600", "CS1: 700"))
    rec = recognition_whatif(preset_org["lead"], draft=parse_policy(in_force_text()), as_of=AS_OF)
    assert rec.pay is None and rec.pay_hidden
    assert main(["whatif", draft_path, "--as-of", "2026-07-01", "--as", "lead", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["bonus"] is None and payload["bonus_hidden"] is True
    assert main(["whatif", draft_path, "--as-of", "2026-07-01", "--as", "lead", "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert "Bonus figures are shown to HR and management only." in out
    assert "600.00" not in out and "700.00" not in out and "Bonus, month" not in out
    # the lead's stars part covers their team only (t1)
    teams = {row["team"] for row in payload["stars"]["by_team"]}
    assert teams == {"t1"}


def test_cli_table_and_json_for_hr(preset_org, tmp_path, capsys):
    _qa()
    path = _write(
        tmp_path, replace_once(in_force_text(), TIER3_CSAT, RAISED_CSAT).replace("CS1: 600", "CS1: 650")
    )
    assert main(["whatif", path, "--as-of", "2026-07-01", "--as", "hr", "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert "Stars, period 2026-06 (policy in force: v1)" in out
    lines = out.splitlines()
    losses = lines.index("Tier losses (1)")
    row = lines[losses + 2]
    assert row.startswith("W002") and "3 stars" in row and "2 stars" in row and "at least 4.5" in row
    assert "Bonus, month 2026-06" in out and "simulated" in out
    assert main(["whatif", path, "--as-of", "2026-07-01", "--as", "hr", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["stars"]["period"] == MONTH
    assert [c["employee"] for c in payload["stars"]["losses"]] == ["W002"]
    bonus = payload["bonus"]
    assert bonus["simulated_star_period"] == MONTH
    assert sum(Decimal(t["difference"]) for t in bonus["by_team"]) == Decimal(bonus["total"]["difference"])


def test_cli_bad_period_exits_2(preset_org, tmp_path, capsys):
    path = _write(tmp_path, in_force_text())
    assert main(["whatif", path, "--as-of", "2026-07-01", "--as", "hr", "--star-period", "2026-13"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2026-13" in err
    assert main(["whatif", path, "--as-of", "2026-07-01", "--as", "hr", "--bonus-month", "2026-07"]) == 2
    assert "2026-07" in capsys.readouterr().err


# ---------------------------------------------------------------- the page


@pytest.fixture
def _http(settings):
    settings.SECURE_SSL_REDIRECT = False


def _text(html: str) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("language", "loss", "team_total"),
    [("en", "CSAT 4.4 in the period; at least 4.5 needed", "+90.45"), ("zh-hans", "需不低于4.5", "+90.45")],
)
def test_the_page_shows_tier_changes_and_team_totals(client, preset_org, _http, language, loss, team_total):
    from django.urls import reverse

    people = preset_org["people"]
    _qa()
    LevelAssignmentFactory(
        employee=people["W002"], level=Level.objects.get(code="CS2"), effective_from=dt.date(2026, 5, 1)
    )
    _published({people["W002"]: 2, people["W001"]: 3})
    text = replace_once(in_force_text(), "CS2: 900", "CS2: 1000.50")
    client.force_login(preset_org["hr"])
    client.cookies["serviceladder_language"] = language
    response = client.post(reverse("policy_whatif"), {"yaml": text, "as_of": "2026-07-01"})
    assert response.status_code == 200
    page = _text(response.content.decode())
    assert "2026-06" in page and team_total in page
    # t1: W001 CS1 600 × 1.0 + W002 CS2 900 × 0.9 (→ 1000.50 × 0.9) + the lead, held without a tier
    assert "1,410.00" in page and "1,500.45" in page
    text = replace_once(in_force_text(), TIER3_CSAT, RAISED_CSAT)
    response = client.post(reverse("policy_whatif"), {"yaml": text, "as_of": "2026-07-01"})
    html = response.content.decode()
    losses = _text(html[html.index('id="whatif-star-losses"') :])
    assert "W002" in losses and loss in losses
    assert StarPeriod.objects.count() == 1 and BonusMonth.objects.count() == 0


def test_a_bad_bonus_month_on_the_page_is_a_clear_error(client, preset_org, _http):
    from django.urls import reverse

    from serviceladder.recognition.pay_errors import MONTH_NOT_ENDED

    client.force_login(preset_org["hr"])
    response = client.post(
        reverse("policy_whatif"), {"yaml": in_force_text(), "as_of": "2026-07-01", "bonus_month": "2026-07"}
    )
    assert response.status_code == 400
    assert str(MONTH_NOT_ENDED % {"month": "2026-07"}) in response.content.decode().replace("&#x27;", "'")
    assert response.context["result"] is None
    assert StarPeriod.objects.count() == 0 and BonusMonth.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="recognition.").exists()


def test_a_saved_drafts_result_page_has_the_stars_and_bonus_sections(client, preset_org, _http):
    from django.urls import reverse

    from serviceladder.audit.services import Actor
    from serviceladder.policy.drafts import policy_draft_save
    from serviceladder.policy.models import PolicyVersion

    _qa()
    draft = policy_draft_save(
        actor=Actor(user=preset_org["hr"]),
        name="Stricter 3 stars",
        base_version=PolicyVersion.objects.get(),
        content=replace_once(in_force_text(), TIER3_CSAT, RAISED_CSAT),
        params={},
    )
    client.force_login(preset_org["management"])
    url = reverse("policy_draft_result", args=[draft.pk])
    response = client.get(url, {"as_of": "2026-07-01", "star_period": "2026-06"})
    assert response.status_code == 200
    rec = response.context["result"]["recognition"]
    assert [r["number"] for r in rec["stars"]["losses"]["rows"]] == ["W002"]
    assert rec["pay"]["month"] == MONTH and rec["pay"]["simulated"]
    html = response.content.decode()
    assert 'id="whatif-star-losses"' in html and 'id="whatif-bonus"' in html
    bad = client.get(url, {"as_of": "2026-07-01", "star_period": "2026Q9"})
    assert bad.status_code == 400 and bad.context["result"] is None
