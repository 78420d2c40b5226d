"""The promotion policy file as pydantic models: structure, types and single-field ranges.

Rules that look at more than one field (a transition naming a level that does not exist, weights that do not
add up to 1, a CSAT threshold of 7) live in `validation.py`, which also maps every problem to a key path and
a line of the YAML file. Everything here is `extra="forbid"`: a misspelt key is an error, never ignored.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from serviceladder.rules.metrics import parse_policy_value

SCHEMA_VERSION = 1
MAX_WINDOW_MONTHS = 36

Code = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
Proficiency = Annotated[int, Field(ge=1, le=5)]
WindowMonths = Annotated[int, Field(ge=1, le=MAX_WINDOW_MONTHS)]
Comparison = Literal[">=", "<=", ">", "<"]
Degree = Literal["secondary", "vocational", "associate", "bachelor", "master", "doctorate"]
DEGREE_ORDER: tuple[str, ...] = ("secondary", "vocational", "associate", "bachelor", "master", "doctorate")


def _in_policy_units(cls, raw, info):
    """A metric's value as people write it ("95%", 4.5, minutes) → a Decimal in policy units."""
    try:
        return parse_policy_value(info.data.get("metric", ""), raw)
    except (ValueError, ArithmeticError):
        raise PydanticCustomError("not_a_number", "not a number", {"found": raw}) from None


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(Strict):
    zh: str = ""
    en: str = ""


class LocalList(Strict):
    zh: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)


class Competency(Strict):
    code: Code
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    description: LocalText = LocalText()


class Training(Strict):
    code: Code
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    hours: Annotated[int, Field(ge=0, le=2000)] | None = None
    # A certification: a completion stays valid this many months (the catalogue course takes it).
    validity_months: Annotated[int, Field(ge=1, le=240)] | None = None
    # Its holders are enrolled again this many days before a completion expires (0: never automatically);
    # unset: the catalogue course keeps HR's value (30 days for a new course).
    renewal_days: Annotated[int, Field(ge=0, le=365)] | None = None


class PayBand(Strict):
    min: Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
    max: Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None  # default: the file's currency


class Level(Strict):
    code: Code
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    supervisory: bool = False
    duties: LocalList = LocalList()
    requirements: LocalList = LocalList()
    competencies: dict[str, Proficiency] = Field(default_factory=dict)
    pay_band: PayBand | None = None
    benefits: LocalList = LocalList()
    promotion_training: list[str] = Field(default_factory=list)


class Track(Strict):
    code: Code
    kind: Literal["management", "expert", "transfer"]
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)


class MetricThreshold(Strict):
    metric: str
    comparison: Comparison
    value: Decimal
    window: WindowMonths
    aggregation: Literal["mean", "every_month", "worst_month", "latest"] = "mean"
    min_sample: Annotated[int, Field(ge=0, le=1_000_000)] = 0

    _people_units = field_validator("value", mode="before")(_in_policy_units)


class RankStreak(Strict):
    top_percent: Annotated[Decimal, Field(gt=0, le=100)]
    months: WindowMonths
    peer_group: Literal["level_department", "level_team", "level_company"] = "level_department"


class Exam(Strict):
    min_score: Annotated[Decimal, Field(ge=0, le=100)]
    within_months: WindowMonths = 12
    # The exam it accepts (a code of the policy's `exams:`); without one any exam result counts, as before.
    exam: Code | None = None


class ExamDefinition(Strict):
    """An exam a policy names (issue 17): loading the policy creates it in the catalogue, where HR adds its
    questions, pass mark, time limit and attempts. `counts`: which of a person's attempts is their result."""

    code: Code
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    counts: Literal["best", "latest"] = "best"


class NoViolations(Strict):
    months: Annotated[int, Field(ge=1, le=60)]


class EducationCondition(Strict):
    min_degree: Degree


class TeamCondition(Strict):
    """A result of the team the candidate leads (or led): a level reached, or an improvement by points."""

    metric: str
    comparison: Comparison = ">="
    value: Decimal | None = None
    improvement: Decimal | None = None
    window: WindowMonths

    @field_validator("value", "improvement", mode="before")
    @classmethod
    def _people_units(cls, raw, info):
        if raw is None:
            return None
        try:
            return parse_policy_value(info.data.get("metric", ""), raw)
        except (ValueError, ArithmeticError):
            raise PydanticCustomError("not_a_number", "not a number", {"found": raw}) from None


class Conditions(Strict):
    min_months_in_level: Annotated[int, Field(ge=0, le=240)] = 0
    min_months_of_service: Annotated[int, Field(ge=0, le=480)] = 0
    metric_thresholds: list[MetricThreshold] = Field(default_factory=list)
    rank_streak: RankStreak | None = None
    exam: Exam | None = None
    competency_confirmation: bool = False
    no_violations: NoViolations | None = None
    trainings: list[str] = Field(default_factory=list)
    education: EducationCondition | None = None
    team_conditions: list[TeamCondition] = Field(default_factory=list)


class Transition(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_level: str = Field(alias="from")
    to_level: str = Field(alias="to")
    kind: Literal["promotion", "lateral"] = "promotion"
    conditions: Conditions = Conditions()


class EducationCap(Strict):
    """People whose highest education is below `below` can reach at most `highest_level`."""

    below: Degree
    highest_level: str


class PerformanceScore(Strict):
    method: Literal["weighted", "imported"] = "weighted"
    normalisation: Literal["peer_percentile", "peer_minmax"] = "peer_percentile"
    weights: dict[str, Annotated[Decimal, Field(ge=0, le=1)]] = Field(default_factory=dict)


class MetricParameters(Strict):
    fcr_window_days: Annotated[int, Field(ge=1, le=90)] = 7
    on_time_sla_seconds: Annotated[int, Field(ge=1, le=86400)] = 60


class PayRule(Strict):
    min_ratio: Annotated[Decimal, Field(ge=1, le=3)] = Decimal("1.00")
    effective: Literal["first_day_of_next_month"] = "first_day_of_next_month"
    above_band_max: Literal["cap_and_flag"] = "cap_and_flag"


class Process(Strict):
    application_months: list[Annotated[int, Field(ge=1, le=12)]] = Field(min_length=1)
    notice_period_working_days: Annotated[int, Field(ge=0, le=60)]
    publication_day_counts: bool = False
    holiday_calendar: str = "CN"
    appeal_deadline_days: Annotated[int, Field(ge=1, le=90)]
    # A level's promotion trainings are due this many months after the new level takes effect (the overdue
    # reminders and the lead's to-dos count from it).
    promotion_training_due_months: Annotated[int, Field(ge=1, le=24)] = 3
    pay_rule: PayRule = PayRule()
    quotas: dict[str, Annotated[int, Field(ge=0, le=100000)]] = Field(default_factory=dict)


Horizon = Literal["short", "mid", "long"]
ACTION_KINDS: tuple[str, ...] = (
    "training",
    "rotation",
    "project",
    "management_task",
    "mentoring",
    "visit",
    "self_study",
)
ActionKind = Literal["training", "rotation", "project", "management_task", "mentoring", "visit", "self_study"]
DaysAhead = Annotated[int, Field(ge=0, le=1830)]


class TemplateGoal(Strict):
    """A goal a template adds, due `due_after_days` after the day the template is applied."""

    statement_zh: str = Field(min_length=1, max_length=500)
    statement_en: str = Field(min_length=1, max_length=500)
    horizon: Horizon = "short"
    due_after_days: Annotated[int, Field(ge=1, le=1830)]


class TemplateAction(Strict):
    """An action a template adds, starting `starts_after_days` after the day it is applied."""

    kind: ActionKind
    title_zh: str = Field(min_length=1, max_length=200)
    title_en: str = Field(min_length=1, max_length=200)
    horizon: Horizon = "short"
    starts_after_days: DaysAhead = 0
    lasts_days: Annotated[int, Field(ge=1, le=1830)] | None = None


class PlanTemplate(Strict):
    """A development-plan template HR keeps for a stage of the career (seed 003): the first months after
    hire, the direction review at six months, or a track."""

    code: Code
    stage: Literal["new_hire", "direction_review", "track"]
    track: str | None = None  # a track code; required for stage "track"
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    horizon_short: LocalText = LocalText()
    horizon_mid: LocalText = LocalText()
    horizon_long: LocalText = LocalText()
    goals: list[TemplateGoal] = Field(default_factory=list)
    actions: list[TemplateAction] = Field(default_factory=list)


class PeerRating(Strict):
    """Anonymous peer rating in skill assessments: up to `max_peers` colleagues chosen by the lead; the
    average per competency is shown only from `min_answers` answers."""

    enabled: bool = False
    max_peers: Annotated[int, Field(ge=3, le=5)] = 5
    min_answers: Annotated[int, Field(ge=3, le=5)] = 3
    round_days: Annotated[int, Field(ge=1, le=60)] = 14


class Development(Strict):
    """Development planning (issue 14). Off unless a policy version switches it on: the clocks of overdue
    plans and conversations start on the day it is switched on, never before."""

    enabled: bool = False
    conversation_every_months: Annotated[int, Field(ge=1, le=24)] = 3
    direction_review_after_months: Annotated[int, Field(ge=0, le=60)] = 6  # 0: no direction review
    first_plan_within_days: Annotated[int, Field(ge=1, le=365)] = 30
    peer_rating: PeerRating = PeerRating()
    templates: list[PlanTemplate] = Field(default_factory=list)


# --- recognition (issue 15): star-service ratings, performance pay, coaching, improvement plans -------------

PeerGroup = Literal["level_department", "level_team", "level_company"]
RECOGNITION_CATEGORIES: tuple[str, ...] = (
    "customer_praise",
    "helping_colleague",
    "knowledge_base",
    "going_beyond",
)
RecognitionCategory = Literal["customer_praise", "helping_colleague", "knowledge_base", "going_beyond"]
Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Coefficient = Annotated[Decimal, Field(ge=0, le=10, max_digits=8, decimal_places=4)]


class PeriodMetric(Strict):
    """A metric threshold over the rating period (the period's months are the window)."""

    metric: str
    comparison: Comparison
    value: Decimal
    aggregation: Literal["mean", "every_month", "worst_month", "latest"] = "mean"
    min_sample: Annotated[int, Field(ge=0, le=1_000_000)] = 0

    _people_units = field_validator("value", mode="before")(_in_policy_units)


class PeriodRank(Strict):
    """In the top `top_percent` % of the peer group (inclusive) in every month of the period."""

    top_percent: Annotated[Decimal, Field(gt=0, le=100)]


class RecognitionReceived(Strict):
    """At least `min_count` recognitions (not hidden) dated in the period, of the listed categories (all
    categories when empty)."""

    min_count: Annotated[int, Field(ge=1, le=1000)]
    categories: list[RecognitionCategory] = Field(default_factory=list)


class StarConditions(Strict):
    metric_thresholds: list[PeriodMetric] = Field(default_factory=list)
    rank: PeriodRank | None = None
    no_violations: bool = False  # no disciplinary violation dated in the period
    recognition: RecognitionReceived | None = None


class StarTier(Strict):
    stars: Annotated[int, Field(ge=1, le=5)]
    conditions: StarConditions = StarConditions()


class Stars(Strict):
    """Star-service ratings (seed 003 星级服务评选): a person's tier for a period is the highest tier whose
    conditions all pass; no tier is zero stars."""

    enabled: bool = False
    period: Literal["month", "quarter"] = "month"
    peer_group: PeerGroup = "level_department"
    min_peer_group: Annotated[int, Field(ge=2, le=10000)] = 5
    min_months_of_service: Annotated[int, Field(ge=0, le=60)] = 0
    wall_min_stars: Annotated[int, Field(ge=1, le=5)] = 4  # the public star wall shows these tiers and above
    tiers: list[StarTier] = Field(default_factory=list)


class ScoreBand(Strict):
    """A performance-score band: scores from `from` (inclusive) up to the next band's `from`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_score: Annotated[Decimal, Field(ge=0, le=100)] = Field(alias="from")
    coefficient: Coefficient


class PerformancePay(Strict):
    """Tiered performance pay (seed 003 阶梯式绩效): per level a base monthly bonus × a coefficient by star
    tier or score band × proration, capped, adjusted by HR within ± `adjustment_percent`, rounded once."""

    enabled: bool = False
    basis: Literal["stars", "score_band"] = "stars"
    base_by_level: dict[str, Money] = Field(default_factory=dict)
    star_coefficients: dict[Annotated[int, Field(ge=0, le=5)], Coefficient] = Field(default_factory=dict)
    score_bands: list[ScoreBand] = Field(default_factory=list)
    cap: Money | None = None
    insufficient_data: Literal["zero", "base", "hold"] = "hold"
    adjustment_percent: Annotated[Decimal, Field(ge=0, le=100)] = Decimal("20")
    proration: Literal["calendar_days", "none"] = "calendar_days"
    # A quarterly tier pays in the quarter's own months, or in each month of the quarter after it.
    quarter_tier_months: Literal["same_quarter", "next_quarter"] = "same_quarter"
    rounding: Literal["ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_DOWN"] = "ROUND_HALF_UP"


class CoachingRule(Strict):
    """A KPI drop that gives the lead a coaching task: the metric missing its threshold `months` months in
    a row (`kind: below_threshold`, with comparison and value saying what meeting it is), or the latest month
    worse than the person's own mean of the `baseline_months` before it by `drop` (policy units) or more."""

    code: Code
    metric: str
    kind: Literal["below_threshold", "drop"]
    comparison: Comparison | None = None
    value: Decimal | None = None
    months: Annotated[int, Field(ge=1, le=12)] = 2
    drop: Decimal | None = None
    baseline_months: Annotated[int, Field(ge=1, le=12)] = 3
    min_sample: Annotated[int, Field(ge=0, le=1_000_000)] = 0

    @field_validator("value", "drop", mode="before")
    @classmethod
    def _people_units(cls, raw, info):
        if raw is None:
            return None
        try:
            return parse_policy_value(info.data.get("metric", ""), raw)
        except (ValueError, ArithmeticError):
            raise PydanticCustomError("not_a_number", "not a number", {"found": raw}) from None


class Coaching(Strict):
    enabled: bool = False
    follow_up_days: Annotated[int, Field(ge=1, le=180)] = 30
    rules: list[CoachingRule] = Field(default_factory=list)


class ImprovementPlans(Strict):
    """The bottom band (seed 003 末位): the bottom `bottom_percent` % of the peer group for `months` months
    in a row opens a proposal for an improvement plan that the lead and HR review; never a sanction."""

    enabled: bool = False
    bottom_percent: Annotated[Decimal, Field(gt=0, le=50)] = Decimal("10")
    months: Annotated[int, Field(ge=1, le=12)] = 3
    peer_group: PeerGroup = "level_department"
    min_peer_group: Annotated[int, Field(ge=2, le=10000)] = 5
    min_months_of_service: Annotated[int, Field(ge=0, le=60)] = 6
    duration_months: Annotated[int, Field(ge=1, le=12)] = 3


# --- wellbeing (issue 16): lifecycle stages, early-warning signals, the pulse, the voice channel ------------

SignalKind = Literal["workload", "worsening", "threshold", "drop", "plateau", "setback", "pulse"]
SignalLevel = Literal["watch", "act"]
PulseTheme = Literal["exhaustion", "achievement", "path_clarity", "respect", "other"]


class LifecycleStages(Strict):
    """The named stage rules (seed 004: entry, rise, maturity, decline, and the plateau between them).

    A person is in `entry` for their first `entry_months` of service; in `decline` when their performance
    percentile fell by `decline_points` or more over `trend_months`; on a `plateau` when their months in
    level pass the typical time (per level, else `typical_months_in_level`) with no rise in that trend;
    rising while the percentile climbs by `rise_points` or more, or while still within the level's minimum
    time; else mature."""

    entry_months: Annotated[int, Field(ge=1, le=60)] = 6
    trend_months: Annotated[int, Field(ge=2, le=24)] = 6
    rise_points: Annotated[Decimal, Field(gt=0, le=100)] = Decimal("10")
    decline_points: Annotated[Decimal, Field(gt=0, le=100)] = Decimal("15")
    typical_months_in_level: Annotated[int, Field(ge=1, le=240)] = 24
    typical_months_by_level: dict[str, Annotated[int, Field(ge=1, le=240)]] = Field(default_factory=dict)


class SignalRule(Strict):
    """One early-warning signal, judged by one kernel clause over the person's monthly figures:

    - `workload`: `metric` above the team's median by `percent` % or more in each of the last `months`;
    - `worsening`: `metric` worse than the month before in each of the last `months` months (the trend of
      handle time, attendance, after-call work);
    - `threshold`: `metric` missing `comparison value` (what is acceptable) in each of the last `months`
      (complaint rate, abusive contacts);
    - `drop`: the latest month worse than the person's own mean of the `baseline_months` before it by `drop`
      (the quality slide; the same clause as coaching's drop rule);
    - `plateau`: months in level beyond the typical time, no open development goal and no career
      conversation in the last `months`;
    - `setback`: a rejected application or a lost appeal within the last `months`;
    - `pulse`: the answers the person shared with their lead, the `theme` question at `value` or worse.
    `level` says how serious a fired signal is: `act` makes the risk "act" at once."""

    code: Code
    kind: SignalKind
    level: SignalLevel = "watch"
    metric: str | None = None
    comparison: Comparison | None = None
    value: Decimal | None = None
    percent: Annotated[Decimal, Field(gt=0, le=1000)] | None = None
    drop: Decimal | None = None
    months: Annotated[int, Field(ge=1, le=24)] = 3
    baseline_months: Annotated[int, Field(ge=1, le=12)] = 3
    min_sample: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    theme: PulseTheme | None = None

    @field_validator("value", "drop", mode="before")
    @classmethod
    def _people_units(cls, raw, info):
        if raw is None:
            return None
        try:
            return parse_policy_value(info.data.get("metric") or "", raw)
        except (ValueError, ArithmeticError):
            raise PydanticCustomError("not_a_number", "not a number", {"found": raw}) from None


class PulseQuestion(Strict):
    code: Code
    theme: PulseTheme
    zh: str = Field(min_length=1, max_length=300)
    en: str = Field(min_length=1, max_length=300)
    # True when a high answer is the bad one (exhaustion: "I often feel drained"); the benchmark counts 4–5.
    high_is_bad: bool = False


class Pulse(Strict):
    """The monthly anonymous pulse: 3–6 questions on a 1–5 scale with an optional comment. Results are shown
    only for groups of at least `min_group` answers (and teams of at least `min_group` members); the
    benchmark is the share answering 4–5 on the exhaustion question against `benchmark_percent` (48.7 %
    in seed 004's one survey: indicative only)."""

    questions: list[PulseQuestion] = Field(default_factory=list, max_length=6)
    min_group: Annotated[int, Field(ge=3, le=100)] = 5
    open_days: Annotated[int, Field(ge=1, le=31)] = 7
    benchmark_percent: Annotated[Decimal, Field(ge=0, le=100)] = Decimal("48.7")


class Voice(Strict):
    """The voice channel: an answer is due `answer_working_days` working days after submission (the
    process's holiday calendar); an item past it is escalated once, to the department head or HR."""

    answer_working_days: Annotated[int, Field(ge=1, le=60)] = 10


class Wellbeing(Strict):
    """Wellbeing and the career lifecycle (issue 16). Risk: "act" when an `act` signal fired or at least
    `act_when_signals` signals fired, "watch" when one did, "unknown" when none fired but a signal lacked the
    data to judge, else "none". Case notes, pulse comments and closed cases are kept `retention_months`."""

    enabled: bool = False
    agents_see_own_risk: bool = True
    act_when_signals: Annotated[int, Field(ge=1, le=20)] = 2
    stages: LifecycleStages = LifecycleStages()
    signals: list[SignalRule] = Field(default_factory=list)
    pulse: Pulse = Pulse()
    voice: Voice = Voice()
    retention_months: Annotated[int, Field(ge=1, le=120)] = 24


class Policy(Strict):
    schema_version: Literal[1] = SCHEMA_VERSION
    name: Code
    title: LocalText = LocalText()
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "CNY"
    competencies: list[Competency] = Field(default_factory=list)
    trainings: list[Training] = Field(default_factory=list)
    exams: list[ExamDefinition] = Field(default_factory=list)
    tracks: list[Track] = Field(min_length=1)
    transitions: list[Transition] = Field(default_factory=list)
    education_caps: list[EducationCap] = Field(default_factory=list)
    performance_score: PerformanceScore = PerformanceScore()
    metric_parameters: MetricParameters = MetricParameters()
    process: Process
    development: Development = Development()
    stars: Stars = Stars()
    performance_pay: PerformancePay = PerformancePay()
    coaching: Coaching = Coaching()
    improvement_plans: ImprovementPlans = ImprovementPlans()
    wellbeing: Wellbeing = Wellbeing()

    # Convenience lookups for services and the later eligibility engine.
    def levels(self) -> dict[str, tuple[Track, Level, int]]:
        """Level code → (track, level, rank 1 = entry)."""
        out: dict[str, tuple[Track, Level, int]] = {}
        for track in self.tracks:
            for rank, level in enumerate(track.levels, start=1):
                out.setdefault(level.code, (track, level, rank))
        return out

    def transitions_from(self, level_code: str) -> list[Transition]:
        return [t for t in self.transitions if t.from_level == level_code]
