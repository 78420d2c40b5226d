"""Lifecycle stages and early-warning signals for the demo (issue 16 items 1–2).

The demo's policy gets a `wellbeing:` section (a new version, "HR switched wellbeing on", unless the policy
in force already switches it on), then a few people's figures of the last months
are shaped the way people slip — in the demo lead's team one colleague takes far more contacts than the
team while their attendance falls month after month (two signals: "act"), another just carries the extra
load (watch); a few others elsewhere — and the daily scan is run over the last three complete months, as
the daily job would have, so the pages have assessments and a trend. Quality slides come from the demo's
own QA figures (the same clause as coaching's QA drop), plateaus from people long in their level without a
plan or a conversation, entry from the demo's recent hires.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics

import yaml
from django.db import transaction
from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.metrics.models import MonthlyMetric, QueueMonthlyFigure
from serviceladder.org.models import Employee
from serviceladder.policy.selectors import policy_in_force, policy_version_in_force
from serviceladder.policy.services import policy_load
from serviceladder.rules.periods import date_month_index, month_label
from serviceladder.wellbeing.services.scan import wellbeing_scan

SCANNED_MONTHS = 3
DEMO_WELLBEING = {
    "enabled": True,
    "agents_see_own_risk": True,
    "act_when_signals": 2,
    "stages": {
        "entry_months": 6,
        "trend_months": 6,
        "rise_points": 10,
        "decline_points": 15,
        "typical_months_in_level": 24,
        "typical_months_by_level": {"CS1": 18, "CS2": 24, "CS3": 30},
    },
    "signals": [
        {"code": "workload", "kind": "workload", "metric": "contacts", "percent": 25, "months": 3},
        {"code": "strain-attendance", "kind": "worsening", "metric": "attendance_rate", "months": 3},
        {"code": "strain-aht", "kind": "worsening", "metric": "aht_seconds", "months": 3, "min_sample": 50},
        {
            "code": "exposure-complaints",
            "kind": "threshold",
            "metric": "complaint_rate",
            "comparison": "<=",
            "value": "2%",
            "months": 2,
            "level": "act",
        },
        {"code": "quality-slide", "kind": "drop", "metric": "qa_score", "drop": 8, "baseline_months": 3},
        {
            "code": "csat-slide",
            "kind": "drop",
            "metric": "csat_mean",
            "drop": 0.3,
            "baseline_months": 3,
            "min_sample": 20,
        },
        {"code": "plateau", "kind": "plateau", "months": 6},
        {"code": "setback", "kind": "setback", "months": 3},
        {"code": "pulse-exhaustion", "kind": "pulse", "theme": "exhaustion", "value": 4, "months": 2},
    ],
    # The pulse signal reads the exhaustion question: a section with signals on the pulse asks it.
    "pulse": {
        "questions": [
            {
                "code": "exhaustion",
                "theme": "exhaustion",
                "high_is_bad": True,
                "zh": "下班时我常常感到身心俱疲",
                "en": "At the end of a shift I often feel worn out",
            },
            {
                "code": "achievement",
                "theme": "achievement",
                "zh": "这个月的工作让我有成就感",
                "en": "My work this month gave me a sense of achievement",
            },
            {
                "code": "path_clarity",
                "theme": "path_clarity",
                "zh": "我清楚自己下一步的发展路径",
                "en": "I know what my next step in this career is",
            },
            {
                "code": "respect",
                "theme": "respect",
                "zh": "我的意见在团队里受到尊重",
                "en": "My views are respected in my team",
            },
        ]
    },
}


def _switch_on(today: dt.date, first_month: str) -> None:
    """A copy of the policy in force today with the demo's wellbeing section, in force from the first scanned
    month (or from the current version's own start, if later: a copy effective the same day wins the tie)."""
    if policy_in_force(today).wellbeing.enabled:
        return
    current = policy_version_in_force(today)
    text = current.content
    if "\nwellbeing:" not in "\n" + text:
        block = yaml.safe_dump({"wellbeing": DEMO_WELLBEING}, allow_unicode=True, sort_keys=False)
        text = text.rstrip("\n") + "\n\n# Wellbeing (issue 16): lifecycle stages and early warnings\n" + block
    else:
        data = yaml.safe_load(text)
        data["wellbeing"] = DEMO_WELLBEING
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    policy_load(
        actor=Actor(None, "system"),
        text=text,
        effective=max(current.effective_from, dt.date(int(first_month[:4]), int(first_month[5:]), 1)),
        source_name="demo: wellbeing switched on",
        note="demo",
    )


def _team_medians(person_ids: list[int], months: list[str]) -> dict[tuple[int, str], float]:
    """(team id, month) → the median of the team's contacts, before any shaping."""
    teams = set(Employee.objects.filter(pk__in=person_ids).values_list("team_id", flat=True))
    contacts: dict[tuple[int, str], list[int]] = {}
    for team, month, n in MonthlyMetric.objects.filter(
        employee__team_id__in=teams, month__in=months, contacts__isnull=False
    ).values_list("employee__team_id", "month", "contacts"):
        contacts.setdefault((team, month), []).append(n)
    return {key: statistics.median(values) for key, values in contacts.items()}


def _shape(person_ids: list[int], months: list[str], *, falling_attendance: bool) -> None:
    """From the third of `months` on, contacts 45 % and more above the team's median (growing each month);
    with `falling_attendance`, attendance down every month."""
    medians = _team_medians(person_ids, months)
    rows = list(
        MonthlyMetric.objects.filter(employee_id__in=person_ids, month__in=months).select_related(
            "employee__team"
        )
    )
    added: dict[tuple[int, str], int] = {}  # (department id, month) → contacts added
    for row in rows:
        i = months.index(row.month)
        median = medians.get((row.employee.team_id, row.month))
        if i >= 2 and median:
            heavier = int(median * (1.45 + 0.05 * (i - 2)))
            key = (row.employee.team.department_id, row.month)
            added[key] = added.get(key, 0) + heavier - (row.contacts or 0)
            row.contacts = heavier
        if falling_attendance and row.attendance_rate is not None:
            row.attendance_rate = round(0.99 - 0.025 * i, 4)
    MonthlyMetric.objects.bulk_update(rows, ["contacts", "attendance_rate"])
    _queues_follow(added)


def _queues_follow(added: dict[tuple[int, str], int]) -> None:
    """The department queues answered what their agents handled: they take the added contacts too."""
    for (department, month), extra in added.items():
        for queue in QueueMonthlyFigure.objects.filter(department_id=department, month=month):
            queue.answered += extra
            queue.offered += extra
            queue.abandon_rate = queue.abandoned / queue.offered if queue.offered else 0.0
            queue.save(update_fields=["answered", "offered", "abandon_rate"])


def _slipping_people(seed: int) -> tuple[list[int], list[int]]:
    """(heavy load and falling attendance, heavy load only): two in the demo lead's team, a few elsewhere."""
    rnd = random.Random(seed)
    lead_team = Employee.objects.filter(team__lead__user__username="lead").exclude(user__username="lead")
    mine = list(lead_team.exclude(user__username="agent").order_by("number").values_list("pk", flat=True))
    others = list(
        Employee.objects.exclude(team__lead__user__username="lead")
        .exclude(team__isnull=True)
        .filter(user__isnull=True)
        .order_by("number")
        .values_list("pk", flat=True)
    )
    picked = rnd.sample(others, min(4, len(others)))
    strained = mine[:1] + picked[:2]
    loaded = mine[1:2] + picked[2:]
    return strained, loaded


@transaction.atomic
def demo_wellbeing_signals_load(*, seed: int = 7, today: dt.date | None = None) -> int:
    """Switch wellbeing on, shape a few people's last months and scan the last three complete months;
    returns the assessments stored."""
    today = today or timezone.localdate()
    last = date_month_index(today) - 1
    scanned = [month_label(i) for i in range(last - SCANNED_MONTHS + 1, last + 1)]
    shaped = [month_label(i) for i in range(last - 4, last + 1)]  # the base month and the months after
    _switch_on(today, scanned[0])
    strained, loaded = _slipping_people(seed)
    _shape(strained, shaped, falling_attendance=True)
    _shape(loaded, shaped, falling_attendance=False)
    stored = 0
    for month in scanned:
        stored += wellbeing_scan(month=month, today=today, actor=Actor(None, "system")).people
    return stored
