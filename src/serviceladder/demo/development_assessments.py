"""Skill assessments for the demo: history and peer rounds on top of the superiors' confirmations.

Runs after the loader stored the confirmations (demo/confirmations.py: each is an assessment with the
superior's rating), so eligibility reads exactly what it read before; this adds what came before and beside:
- about two in three rated people have one or two earlier assessments of the same step over the past year,
  the superior's rating lower then (a gap closing over time), and most rated themselves each time (people
  tend to rate themselves a little higher than their superior does);
- about one in four of them had a closed peer round on their latest assessment with three to five answers
  (the average stored once, at closing), a few a round with too few answers (nothing shown);
- one round is open today: a colleague of the login agent, with the login agent invited and not yet
  answered, so the agent has "rate a colleague" on their home page;
- the login agent's own latest assessment has a closed round with enough answers (the radar shows peers).
Dates fall on working days; no assessment predates the person's current level.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from serviceladder.demo.specs import DemoOrganisation
from serviceladder.development.models import Assessment, PeerInvitation, Rating
from serviceladder.development.services.assessments import peer_average
from serviceladder.org.models import Employee
from serviceladder.policy.selectors import policy_parsed

SHARE_WITH_HISTORY = 0.65
SHARE_SELF_RATED = 0.8
SHARE_PEER_ROUND = 0.25
SHARE_TOO_FEW = 0.1  # of the peer rounds
EARLIER = ((330, 300), (200, 150))  # days back for the first and second earlier assessment
EVIDENCE = [
    "带教两名新员工，独立完成入职辅导",
    "连续三个月投诉率低于团队目标",
    "主持班前会，分享典型案例",
    "独立处理升级投诉，客户回访满意",
    "整理知识库条目十余篇",
    "高峰时段协助排班与现场支持",
]


def _working_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 15)))


def _lower(rng: random.Random, scores: dict[str, int]) -> dict[str, int]:
    """An earlier rating: one or two competencies a point lower."""
    out = dict(scores)
    for code in rng.sample(sorted(out), k=min(len(out), rng.choice([1, 2]))):
        out[code] = max(1, out[code] - 1)
    return out


def _self(rng: random.Random, scores: dict[str, int]) -> dict[str, int]:
    return {c: max(1, min(5, v + rng.choice([0, 0, 0, 1, 1, -1]))) for c, v in scores.items()}


def _evidence(rng: random.Random, scores: dict[str, int]) -> dict[str, str]:
    if rng.random() < 0.5:
        return {}
    return {rng.choice(sorted(scores)): rng.choice(EVIDENCE)}


def _answers(rng: random.Random, scores: dict[str, int], n: int) -> list[dict[str, int]]:
    return [
        {c: max(1, min(5, v + rng.choice([-1, 0, 0, 0, 1]))) for c, v in scores.items()} for _ in range(n)
    ]


def demo_assessments_load(org: DemoOrganisation) -> int:
    """Add the history and peer rounds described above; returns how many assessments were added."""
    rng = random.Random(f"serviceladder-demo:{org.seed}:assessments")
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=[x.username for x in org.logins])
    }
    user_of = {x.employee: users.get(x.username) for x in org.logins}
    hr = next((users.get(x.username) for x in org.logins if "hr" in x.roles), None)
    people = {p.number: p for p in org.people}
    emp = {e.number: e for e in Employee.objects.select_related("team")}
    team_of: dict[str, list[str]] = {}
    for p in org.people:
        if p.team and p.role == "agent":
            team_of.setdefault(p.team, []).append(p.number)
    login_agent = org.showcase[0] if org.showcase else None
    latest = list(
        Assessment.objects.filter(ratings__group="superior")
        .select_related("employee", "policy_version")
        .prefetch_related("ratings")
        .order_by("employee__number", "target_level_code", "pk")
    )
    added = 0
    for a in latest:
        number = a.employee.number
        p = people.get(number)
        if p is None or not p.levels:
            continue
        superior = next(r for r in a.ratings.all() if r.group == "superior")
        since = p.levels[-1].effective_from + dt.timedelta(days=30)
        showcase = number == login_agent
        if showcase or rng.random() < SHARE_SELF_RATED:
            Rating.objects.create(
                assessment=a,
                group="self",
                scores=_self(rng, superior.scores),
                evidence=_evidence(rng, superior.scores),
                rated_at=superior.rated_at - dt.timedelta(days=rng.randint(1, 6)),
                rated_by=user_of.get(number),
                rated_by_label=p.name,
            )
        if showcase or rng.random() < SHARE_WITH_HISTORY:
            scores = superior.scores
            for back_from, back_to in reversed(EARLIER[rng.choice([0, 0, 1]) if not showcase else 0 :]):
                day = _working_day(org.today - dt.timedelta(days=rng.randint(back_to, back_from)))
                if day < since or _aware(day, 10) >= superior.rated_at:
                    continue
                scores = _lower(rng, scores)
                earlier = Assessment.objects.create(
                    employee=a.employee,
                    target_level_code=a.target_level_code,
                    policy_version=a.policy_version,
                    opened_by=superior.rated_by,
                )
                Assessment.objects.filter(pk=earlier.pk).update(opened_at=_aware(day, 10))
                Rating.objects.create(
                    assessment=earlier,
                    group="superior",
                    scores=scores,
                    evidence=_evidence(rng, scores),
                    rated_at=_aware(day, 11),
                    rated_by=superior.rated_by,
                    rated_by_label=superior.rated_by_label,
                )
                if rng.random() < SHARE_SELF_RATED:
                    Rating.objects.create(
                        assessment=earlier,
                        group="self",
                        scores=_self(rng, scores),
                        rated_at=_aware(day - dt.timedelta(days=2), 16),
                        rated_by=user_of.get(number),
                        rated_by_label=p.name,
                    )
                added += 1
        if a.policy_version_id and (showcase or rng.random() < SHARE_PEER_ROUND):
            _closed_round(
                rng,
                org,
                a,
                superior,
                team_of,
                emp,
                user_of,
                hr,
                too_few=not showcase and rng.random() < SHARE_TOO_FEW,
            )
    _open_round(rng, org, login_agent, team_of, emp, user_of, hr, people)
    return added


def _inviter(p, org, user_of, hr):
    lead = next((x for x in org.people if x.team == p.team and x.role == "lead"), None)
    return user_of.get(lead.number) if lead and user_of.get(lead.number) else hr


def _closed_round(rng, org, a, superior, team_of, emp, user_of, hr, *, too_few: bool) -> None:
    p = org.person(a.employee.number)
    colleagues = [n for n in team_of.get(p.team, []) if n != p.number]
    inviter = _inviter(p, org, user_of, hr)
    if len(colleagues) < 3 or inviter is None:
        return
    rules = policy_parsed(a.policy_version).development.peer_rating
    invited = rng.sample(colleagues, k=min(len(colleagues), rng.randint(3, rules.max_peers)))
    answered = (
        2
        if too_few
        else rng.randint(rules.min_answers, len(invited))
        if len(invited) >= rules.min_answers
        else 2
    )
    closes_on = min(
        timezone.localdate(superior.rated_at) + dt.timedelta(days=rules.round_days),
        org.today - dt.timedelta(days=1),
    )
    average = peer_average(_answers(rng, superior.scores, answered), rules.min_answers)
    a.peer_closes_on = closes_on
    a.peer_closed_at = _aware(closes_on + dt.timedelta(days=1), 0)
    a.peer_answers = answered if average else None
    a.peer_average = average
    a.save(update_fields=["peer_closes_on", "peer_closed_at", "peer_answers", "peer_average"])
    PeerInvitation.objects.bulk_create(
        [
            PeerInvitation(assessment=a, peer=emp[n], invited_by=inviter, answered=i < answered)
            for i, n in enumerate(invited)
        ]
    )


def _open_round(rng, org, login_agent, team_of, emp, user_of, hr, people) -> None:
    """A teammate of the login agent is being rated now; the login agent is invited and has not answered."""
    if login_agent is None:
        return
    p = people[login_agent]
    mates = [n for n in team_of.get(p.team, []) if n != login_agent]
    target = (
        Assessment.objects.filter(
            employee__number__in=mates, peer_closes_on__isnull=True, ratings__group="superior"
        )
        .select_related("employee", "policy_version")
        .order_by("employee__number", "-opened_at")
        .first()
    )
    inviter = _inviter(p, org, user_of, hr)
    if target is None or inviter is None:
        return
    others = [n for n in mates if n != target.employee.number]
    invited = [login_agent, *rng.sample(others, k=min(len(others), 3))]
    target.peer_closes_on = org.today + dt.timedelta(days=7)
    target.save(update_fields=["peer_closes_on"])
    PeerInvitation.objects.bulk_create(
        [
            PeerInvitation(assessment=target, peer=emp[n], invited_by=inviter, answered=i in (1, 2))
            for i, n in enumerate(invited)
        ]
    )
    superior = target.ratings.filter(group="superior").first()
    for answer in _answers(rng, superior.scores, len([i for i in (1, 2) if i < len(invited)])):
        Rating.objects.create(assessment=target, group="peer", scores=answer)
