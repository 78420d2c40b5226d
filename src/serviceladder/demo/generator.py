"""Build a realistic demo contact-center organisation as plain data. Pure: no Django, no database.

Shapes live in `specs`, the names, teams and ladder placeholder in `content`.

Everything comes from `random.Random` streams seeded from the `seed` argument, so one seed always gives
the same organisation (and the organisation does not change when only the number of months changes).
The ladder in `content` is a placeholder until the policy file provides the real one.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from serviceladder.demo.content import (
    AGENT_LEVEL_SHARES,
    BASE_PAY,
    CAREER_PATHS,
    CHANNEL_PROFILE,
    COMPOUND_SURNAMES,
    DEGREE_WEIGHTS,
    DEPARTMENTS,
    GIVEN_CHARS,
    INSTITUTIONS,
    LANGUAGES,
    LEVEL_ABILITY,
    LEVEL_TRAININGS,
    LEVELS,
    LOGIN_AGENT_LEVEL,
    LOGIN_AGENT_MONTHS_IN_LEVEL,
    LOGIN_TEAM,
    MAX_TENURE,
    MIN_MONTHS_BEFORE_NEXT,
    NEXT_STEP_MONTHS,
    ONBOARDING_TRAINING,
    OPTIONAL_TRAININGS,
    PREFERRED_TEAMS,
    SETTLED_MONTHS,
    SHOWCASE_ABILITY,
    SHOWCASE_COLLEAGUES,
    SURNAMES,
    TEAMS,
    TRACKS,
    VIOLATIONS,
    YEARS_OF_HISTORY,
)
from serviceladder.demo.specs import (
    DemoOrganisation,
    DepartmentSpec,
    EducationSpec,
    ExamSpec,
    LevelChange,
    LoginSpec,
    MetricSpec,
    PaySpec,
    PersonSpec,
    TeamSpec,
    TrainingSpec,
    ViolationSpec,
)

DEMO_PASSWORD = "demo-pass-2026"
MIN_AGENTS, MAX_AGENTS = 20, 20000
MIN_MONTHS, MAX_MONTHS = 1, 72
EMAIL_DOMAIN = "demo.example.com"
# The quarterly rounds are the cn-standard preset's promotion exam (its `exams:`), which the conditions name.
DEMO_EXAM = "knowledge-exam"


# ---------------------------------------------------------------------------------------------- date helpers


def month_index(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def demo_months(today: dt.date, months: int) -> list[str]:
    """`months` labels ending with the last complete month before `today`."""
    last = month_index(today) - 1
    return [month_label(i) for i in range(last - months + 1, last + 1)]


def _clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _round_pay(amount: float) -> Decimal:
    return Decimal(int(round(amount / 50.0)) * 50).quantize(Decimal("0.01"))


# ---------------------------------------------------------------------------------------------- builder


class _Builder:
    def __init__(self, *, seed: int, agents: int, months: int, today: dt.date) -> None:
        self.seed = seed
        self.agents = agents
        self.today = today
        self.rng = random.Random(f"serviceladder-demo:{seed}:org")
        self.months = demo_months(today, months)
        self.window_first = month_index(today) - months
        self.names: set[str] = set()
        self.people: list[PersonSpec] = []

    # -- people --------------------------------------------------------------------------------------------

    def _name(self) -> str:
        rng = self.rng
        for _attempt in range(30):
            surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.01 else rng.choice(SURNAMES)
            given = "".join(rng.choice(GIVEN_CHARS) for _ in range(1 if rng.random() < 0.3 else 2))
            name = surname + given
            if name not in self.names:
                break
        self.names.add(name)
        return name

    def _languages(self) -> list[str]:
        langs = ["zh"]
        langs += [code for code, share in LANGUAGES if self.rng.random() < share]
        return langs

    def _channels(self, team: TeamSpec | None) -> list[str]:
        if team is None:
            return []
        channels = list(team.channels)
        others = [c for c in CHANNEL_PROFILE if c not in channels]
        # Some people also cover a second queue.
        if self.rng.random() < 0.3:
            channels.append(self.rng.choice(others))
        return channels

    def _career(self, target: str, role: str) -> tuple[list[str], int, int, int]:
        """(path of levels, prior experience, tenure, months settled in the current level), consistent."""
        rng = self.rng
        path = list(CAREER_PATHS[target])
        prior = 0 if rng.random() < 0.35 else rng.randint(3, 36)
        # Experienced hires may skip entry levels.
        if role == "head":
            skip = rng.choice([1, 2])
            prior = max(prior, 24 + 24 * skip + rng.randint(0, 24))
            path = path[skip:]
        elif role == "lead" and rng.random() < 0.3:
            prior = max(prior, 36 + rng.randint(0, 24))
            path = path[2:]
        elif len(path) > 1 and path[0] == "CS1" and prior >= 24 and rng.random() < 0.6:
            path = path[1:]
        settled = SETTLED_MONTHS[role] if len(path) > 1 else 0
        needed = sum(MIN_MONTHS_BEFORE_NEXT[level] for level in path[:-1]) + settled
        upper = min(max(needed + 6, MAX_TENURE.get(target, YEARS_OF_HISTORY * 12)), YEARS_OF_HISTORY * 12)
        low = needed + 6 if len(path) > 1 else 0
        tenure = rng.randint(low, max(low, upper))
        return path, prior, tenure, settled

    def _level_history(self, path: list[str], hire: dt.date, tenure: int, settled: int) -> list[LevelChange]:
        rng = self.rng
        hire_m = month_index(hire)
        changes = [LevelChange(path[0], hire, "入职定级")]
        if len(path) == 1:
            return changes
        steps = len(path) - 1
        needed = sum(MIN_MONTHS_BEFORE_NEXT[level] for level in path[:-1])
        slack = max(0, tenure - needed - settled - 1)
        weights = [rng.random() + 0.2 for _ in range(steps)]
        weights.append(rng.random() * 3 + 1.0)  # this share of the slack is spent in the current level
        total = sum(weights)
        extras = [int(slack * w / total) for w in weights[:steps]]
        at = hire_m
        for i, level in enumerate(path[1:]):
            at += MIN_MONTHS_BEFORE_NEXT[path[i]] + extras[i] + (1 if i == 0 else 0)
            at = min(at, month_index(self.today) - settled)
            lateral = LEVELS_BY_CODE[level].track != LEVELS_BY_CODE[path[i]].track
            reason = "转入专业通道" if lateral else "年度晋升"
            changes.append(LevelChange(level, month_start(at), reason))
        return changes

    def _education(self, role: str, hire: dt.date, prior: int) -> list[EducationSpec]:
        rng = self.rng
        degree = _weighted(rng, DEGREE_WEIGHTS[role])
        finished = month_index(hire) - prior - rng.randint(1, 8)
        year = month_start(finished).year
        records = [EducationSpec(degree, dt.date(year, 6, 30), rng.choice(INSTITUTIONS))]
        # A few upgrade their degree part-time while working.
        if degree in {"vocational", "associate"} and rng.random() < 0.12:
            later = dt.date(min(self.today.year - 1, hire.year + rng.randint(2, 4)), 1, 15)
            if later > hire:
                records.append(EducationSpec("bachelor", later, "开放大学（继续教育）"))
        return records

    def _pay(self, levels: list[LevelChange], hire: dt.date) -> list[PaySpec]:
        rng = self.rng
        first = levels[0].level
        amount = _round_pay(BASE_PAY[first] * rng.uniform(0.95, 1.08))
        pay = {hire: PaySpec(amount, hire, "入职定薪")}
        promotions = {month_index(c.effective_from) + 1: c for c in levels[1:]}
        for year in range(hire.year + 1, self.today.year + 1):
            march = dt.date(year, 3, 1)
            if march <= self.today and rng.random() < 0.6:
                promotions.setdefault(month_index(march), None)
        for at in sorted(promotions):
            when = month_start(at)
            if when > self.today or when <= hire:
                continue
            change = promotions[at]
            if change is None:
                amount = _round_pay(float(amount) * rng.uniform(1.02, 1.05))
                reason = "年度调薪"
            else:
                # Policy habit: new level's pay from the month after promotion, not below the old pay.
                amount = max(_round_pay(BASE_PAY[change.level] * rng.uniform(0.97, 1.06)), amount)
                reason = "晋升调薪"
            pay[when] = PaySpec(amount, when, reason)
        return [pay[d] for d in sorted(pay)]

    def _person(self, *, role: str, target: str | None, team: TeamSpec | None, key: int) -> PersonSpec:
        rng = self.rng
        if target is None:  # support staff: HR, management, IT
            prior = rng.randint(24, 96)
            tenure = rng.randint(24, YEARS_OF_HISTORY * 12)
            path = []
        else:
            path, prior, tenure, settled = self._career(target, role)
        hire_m = month_index(self.today) - tenure
        hire = dt.date(hire_m // 12, hire_m % 12 + 1, rng.randint(1, 28))
        if hire > self.today:
            hire = self.today
        person = PersonSpec(
            number=f"tmp{key}",
            name=self._name(),
            role=role,
            team=team.code if team else None,
            hire_date=hire,
            prior_experience_months=prior,
            channels=self._channels(team) if role in {"agent", "lead"} else [],
            languages=self._languages(),
            email="",
            trend=_weighted(rng, {"improver": 25, "decliner": 15, "steady": 60}),
        )
        if path:
            person.levels = self._level_history(path, hire, tenure, settled)
            person.pay = self._pay(person.levels, hire)
        else:
            person.pay = [PaySpec(_round_pay(rng.uniform(12000, 26000)), hire, "入职定薪")]
        person.education = self._education(role, hire, prior)
        return person

    # -- records over time ---------------------------------------------------------------------------------

    def _trainings(self, p: PersonSpec) -> list[TrainingSpec]:
        rng = random.Random(f"serviceladder-demo:{self.seed}:training:{p.number}")
        items = [TrainingSpec(ONBOARDING_TRAINING, "training", p.hire_date + dt.timedelta(days=10))]
        span = (self.today - p.hire_date).days
        if span > 60:
            for name, kind, share, valid_months in OPTIONAL_TRAININGS:
                if rng.random() < share:
                    done = p.hire_date + dt.timedelta(days=rng.randint(45, span - 1))
                    expires = done + dt.timedelta(days=30 * valid_months) if valid_months else None
                    items.append(TrainingSpec(name, kind, done, expires))
        for change in p.levels[1:]:
            for name, kind, valid_months in LEVEL_TRAININGS.get(change.level, ()):
                done = change.effective_from + dt.timedelta(days=rng.randint(10, 40))
                if done <= self.today:
                    expires = done + dt.timedelta(days=30 * valid_months) if valid_months else None
                    items.append(TrainingSpec(name, kind, done, expires))
        items = [t for t in items if t.completed_on <= self.today]
        return sorted(items, key=lambda t: (t.completed_on, t.name))

    def _ability(self, p: PersonSpec, rng: random.Random) -> tuple[float, float]:
        base = rng.gauss(0.0, 0.8) + LEVEL_ABILITY.get(p.current_level or "CS2", 0.4)
        slope = {
            "improver": rng.uniform(0.04, 0.1),
            "decliner": -rng.uniform(0.04, 0.09),
            "steady": rng.gauss(0.0, 0.008),
        }[p.trend]
        return base, slope

    def _records(self, p: PersonSpec, ability: float | None = None) -> None:
        """Monthly metrics, quarterly exams and the odd violation for someone who serves customers.

        `ability` fixes the person's level of results (a showcase person: strong, with a clean record)."""
        rng = random.Random(f"serviceladder-demo:{self.seed}:metrics:{p.number}")
        base, slope = self._ability(p, rng)
        if ability is not None:
            base = ability
        hire_m = month_index(p.hire_date)
        first = hire_m + (1 if p.hire_date.day > 15 else 0)
        contacts_base, aht_base, response_base = CHANNEL_PROFILE[p.channels[0]]
        track = LEVELS_BY_CODE[p.current_level].track if p.current_level else "service"
        share = 0.35 if p.role == "lead" else 0.65 if track in {"expert", "transfer"} else 1.0
        volume = rng.uniform(0.85, 1.15) * share
        is_expert = track == "expert"
        # Its own random stream, so that the figures drawn before it stay as they were: after-call work grows
        # as results slip; about one person in twelve takes clearly more abusive contacts than the rest.
        strain = random.Random(f"serviceladder-demo:{self.seed}:strain:{p.number}")
        exposed = strain.random() < 0.08
        n = len(self.months)
        for t in range(n):
            m = self.window_first + t
            if m < first:
                continue
            ramp = max(0, 6 - (m - hire_m)) * 0.18  # new hires need about half a year to reach their level
            q = base + slope * (t - n / 2) - ramp + rng.gauss(0.0, 0.25)
            contacts = int(contacts_base * volume * (1 + 0.05 * q) * rng.uniform(0.9, 1.1))
            csat = round(_clamp(4.35 + 0.17 * q + rng.gauss(0, 0.05), 3.8, 4.9), 2)
            p.metrics.append(
                MetricSpec(
                    month=month_label(m),
                    contacts=contacts,
                    csat_mean=csat,
                    csat_rated=int(_clamp(contacts * rng.uniform(0.08, 0.2), 20, 200)),
                    csat_top2_share=round(
                        _clamp(0.62 + (csat - 3.8) * 0.3 + rng.gauss(0, 0.02), 0.5, 0.99), 3
                    ),
                    fcr_rate=round(_clamp(0.75 + 0.045 * q + rng.gauss(0, 0.02), 0.6, 0.9), 3),
                    aht_seconds=round(_clamp(aht_base * (1 - 0.06 * q) + rng.gauss(0, 12), 180, 600), 1),
                    first_response_seconds_mean=round(
                        _clamp(response_base * (1 - 0.1 * q) + rng.gauss(0, 4), 10, 120), 1
                    ),
                    on_time_response_rate=round(_clamp(0.9 + 0.03 * q + rng.gauss(0, 0.015), 0.7, 0.995), 3),
                    resolution_rate=round(_clamp(0.88 + 0.03 * q + rng.gauss(0, 0.015), 0.7, 0.99), 3),
                    complaint_rate=round(_clamp(0.012 - 0.005 * q + rng.gauss(0, 0.003), 0.0, 0.05), 4),
                    kpi_completion=round(_clamp(1.0 + 0.08 * q + rng.gauss(0, 0.05), 0.7, 1.3), 3),
                    attendance_rate=round(_clamp(0.97 + 0.005 * q + rng.gauss(0, 0.015), 0.85, 1.0), 3),
                    kb_contributions=max(0, round(rng.gauss(1 + 0.8 * q + (2 if is_expert else 0), 1))),
                    qa_score=round(_clamp(86 + 4.5 * q + rng.gauss(0, 2), 70, 100), 1),
                    supervisor_rating=round(_clamp(3.5 + 0.5 * q + rng.gauss(0, 0.3), 1, 5), 1),
                    acw_seconds=round(
                        _clamp(aht_base * 0.12 * (1 - 0.12 * q) + strain.gauss(0, 2), 5, 120), 1
                    ),
                    abusive_rate=round(
                        strain.uniform(0.03, 0.06)
                        if exposed
                        else _clamp(strain.gauss(0.006, 0.003), 0, 0.02),
                        4,
                    ),
                )
            )
            if m % 3 == 2 and m > hire_m and rng.random() < 0.8:  # quarterly exam in the quarter's last month
                year, quarter = m // 12, m % 12 // 3 + 1
                score = round(_clamp(78 + 7 * q + rng.gauss(0, 5), 40, 100) * 2) / 2
                p.exams.append(
                    ExamSpec(
                        date=month_start(m) + dt.timedelta(days=19),
                        name=f"{year}年第{quarter}季度业务知识与技能考核",
                        name_alt=f"Q{quarter} {year} product knowledge and skills exam",
                        exam_code=DEMO_EXAM,
                        score=Decimal(str(score)).quantize(Decimal("0.01")),
                    )
                )
        # About one in twenty people has a disciplinary record in the period, weaker performers more often.
        if ability is None and p.metrics and rng.random() < (0.035 if base > 0 else 0.075):
            for _ in range(1 if rng.random() < 0.8 else 2):
                m = rng.choice(p.metrics).month
                kind, description = rng.choice(VIOLATIONS)
                when = dt.date(int(m[:4]), int(m[5:]), rng.randint(1, 28))
                if when >= p.hire_date and when <= self.today and when not in {v.date for v in p.violations}:
                    p.violations.append(ViolationSpec(when, kind, description))
        p.exams = [e for e in p.exams if e.date <= self.today]
        p.violations.sort(key=lambda v: v.date)

    # -- the whole organisation ----------------------------------------------------------------------------

    def _team_sizes(self, teams: list[TeamSpec]) -> dict[str, int]:
        weights = {code: w for code, _d, _zh, _en, _ch, w in TEAMS}
        total = sum(weights.values())
        spare = self.agents - len(teams)
        exact = {t.code: spare * weights[t.code] / total for t in teams}
        sizes = {code: 1 + int(x) for code, x in exact.items()}
        rest = self.agents - sum(sizes.values())
        for code in sorted(exact, key=lambda c: (-(exact[c] - int(exact[c])), c))[:rest]:
            sizes[code] += 1
        return sizes

    def _agent_levels(self) -> list[str]:
        counts = {level: max(1, round(share * self.agents)) for level, share in AGENT_LEVEL_SHARES.items()}
        counts = {"CS1": self.agents - sum(counts.values()), **counts}
        levels = [level for level, n in counts.items() for _ in range(n)]
        self.rng.shuffle(levels)
        return levels

    def build(self) -> DemoOrganisation:
        rng = self.rng
        departments = [DepartmentSpec(code, zh, en) for code, zh, en in DEPARTMENTS]
        teams = [TeamSpec(code, d, zh, en, ch) for code, d, zh, en, ch, _w in TEAMS]
        team_by_code = {t.code: t for t in teams}
        key = 0

        heads = {}
        for d in departments:
            heads[d.code] = self._person(role="head", target="CS5", team=None, key=key)
            key += 1
        leads = {}
        for t in teams:
            leads[t.code] = self._person(role="lead", target="CS4", team=t, key=key)
            key += 1

        slots = [code for code, n in self._team_sizes(teams).items() for _ in range(n)]
        rng.shuffle(slots)
        agents = []
        for level in self._agent_levels():
            preferred = PREFERRED_TEAMS.get(level, ())
            slot = next((s for s in slots if s in preferred), slots[0])
            slots.remove(slot)
            agents.append(self._person(role="agent", target=level, team=team_by_code[slot], key=key))
            key += 1

        staff = {}
        for role in ("hr", "management", "admin"):
            staff[role] = self._person(role="staff", target=None, team=None, key=key)
            key += 1

        # Employee numbers follow the hiring order, as HR systems usually assign them.
        everyone = [*heads.values(), *leads.values(), *agents, *staff.values()]
        for i, p in enumerate(sorted(everyone, key=lambda p: (p.hire_date, p.number)), start=1):
            p.number = f"SL{i:05d}"
            p.email = f"{p.number.lower()}@{EMAIL_DOMAIN}"
        everyone.sort(key=lambda p: p.number)

        team_dept = {t.code: t.department for t in teams}
        director = staff["management"]
        for h in heads.values():
            h.manager = director.number
        for code, lead in leads.items():
            lead.manager = heads[team_dept[code]].number
        for a in agents:
            a.manager = leads[a.team].number
        departments = [
            DepartmentSpec(d.code, d.name_zh, d.name_en, head=heads[d.code].number) for d in departments
        ]
        teams = [
            TeamSpec(t.code, t.department, t.name_zh, t.name_en, t.channels, lead=leads[t.code].number)
            for t in teams
        ]

        login_team = [a for a in agents if a.team == LOGIN_TEAM]
        login_agent = self._login_agent(login_team)
        showcase_people = self._showcase(login_team, login_agent)
        showcase = {p.number for p in showcase_people}
        for p in everyone:
            p.trainings = self._trainings(p)
            if p.number in showcase:
                p.trend = "improver"
            if p.role in {"agent", "lead"}:
                self._records(p, ability=SHOWCASE_ABILITY if p.number in showcase else None)
        login_dept = team_dept[LOGIN_TEAM]
        logins = [
            LoginSpec("agent", ("agent",), login_agent.number),
            LoginSpec("lead", ("team_lead",), leads[LOGIN_TEAM].number),
            LoginSpec("head", ("department_head",), heads[login_dept].number),
            LoginSpec("hr", ("hr",), staff["hr"].number),
            LoginSpec("management", ("management",), staff["management"].number),
            LoginSpec("admin", ("admin",), staff["admin"].number),
        ]
        return DemoOrganisation(
            seed=self.seed,
            today=self.today,
            months=self.months,
            tracks=list(TRACKS),
            levels=list(LEVELS),
            departments=departments,
            teams=teams,
            people=everyone,
            logins=logins,
            showcase=[p.number for p in showcase_people],
        )

    def _months_in_level(self, p: PersonSpec) -> int:
        since = p.levels[-1].effective_from
        months = month_index(self.today) - month_index(since)
        return months - 1 if self.today.day < since.day else months

    def _full_history(self, p: PersonSpec) -> bool:
        """Figures for every month of the demo period (decided by the hire date, before they exist)."""
        return month_index(p.hire_date) + (1 if p.hire_date.day > 15 else 0) <= self.window_first

    def _login_agent(self, members: list[PersonSpec]) -> PersonSpec:
        """A mid-level agent with a full history, as close as possible to LOGIN_AGENT_MONTHS_IN_LEVEL months
        in the level, so the demo's "My path" has a step that only time stands in the way of."""
        members = sorted(members, key=lambda p: p.number)
        candidates = [p for p in members if p.current_level == LOGIN_AGENT_LEVEL and self._full_history(p)]
        if candidates:
            return min(candidates, key=lambda p: abs(self._months_in_level(p) - LOGIN_AGENT_MONTHS_IN_LEVEL))
        return next(
            (p for p in members if p.current_level and LEVELS_BY_CODE[p.current_level].track == "service"),
            members[0],
        )

    def _showcase(self, members: list[PersonSpec], login_agent: PersonSpec) -> list[PersonSpec]:
        """The login agent and up to SHOWCASE_COLLEAGUES team mates one to three months short of the time
        their next step asks for: they get strong results, so the team's lists have people ready soon."""
        near = [
            p
            for p in sorted(members, key=lambda p: p.number)
            if p is not login_agent
            and p.current_level in NEXT_STEP_MONTHS
            and 1 <= NEXT_STEP_MONTHS[p.current_level] - self._months_in_level(p) <= 3
            and month_index(self.today) - month_index(p.hire_date) >= 7
        ]
        return [login_agent, *near[:SHOWCASE_COLLEAGUES]]


LEVELS_BY_CODE = {level.code: level for level in LEVELS}


def generate(*, seed: int = 7, agents: int = 320, months: int = 18, today: dt.date) -> DemoOrganisation:
    """The demo organisation for `seed`: `agents` frontline people plus leads, heads and staff.

    `today` fixes the period: metrics cover `months` months ending with the last complete month before it.
    """
    if not MIN_AGENTS <= agents <= MAX_AGENTS:
        raise ValueError(f"agents must be between {MIN_AGENTS} and {MAX_AGENTS}")
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        raise ValueError(f"months must be between {MIN_MONTHS} and {MAX_MONTHS}")
    return _Builder(seed=seed, agents=agents, months=months, today=today).build()
