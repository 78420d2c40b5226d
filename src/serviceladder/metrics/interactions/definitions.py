"""The interaction metric definitions: ONE declarative SQL statement, parameterised by the policy.

Kept as plain SQL over a relation with the canonical schema, so the same definitions can run on another
engine (Spark SQL reads the same month-partitioned Parquet files). DESIGN.md "Metric definitions":

- contacts: answered contacts in the month; unanswered contacts are counted apart and enter no other figure
- aht_seconds: mean of talk + hold + after-call work
- csat_mean / csat_rated / csat_top2_share: mean of rated contacts, their count, share scoring 4-5
- fcr_rate: resolved and no answered contact from the same customer within `fcr_window_days` (inclusive)
  after it; ties at the same second are ordered by interaction_id; no customer id -> FCR follows `resolved`
- resolution_rate, complaint_rate: shares of contacts
- first_response_seconds_mean, on_time_response_rate (<= `on_time_sla_seconds`): contacts with no first
  response are left out of both
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

DEFINITIONS_VERSION = 1


@dataclass(frozen=True)
class MetricParams:
    fcr_window_days: int = 7
    on_time_sla_seconds: int = 60

    def __post_init__(self) -> None:
        # Validated as integers because they are written into the SQL text.
        for value in (self.fcr_window_days, self.on_time_sla_seconds):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError("metric parameters must be non-negative integers")

    def as_json(self) -> dict:
        return {**asdict(self), "definitions_version": DEFINITIONS_VERSION}


DEFAULT_PARAMS = MetricParams()

# Figures written to MonthlyMetric, in the order the query returns them (after agent_id, month).
METRIC_COLUMNS: tuple[str, ...] = (
    "contacts",
    "unanswered",
    "aht_seconds",
    "csat_mean",
    "csat_rated",
    "csat_top2_share",
    "fcr_rate",
    "resolution_rate",
    "complaint_rate",
    "first_response_seconds_mean",
    "on_time_response_rate",
)

# Extra figures returned after METRIC_COLUMNS for the import report (not stored per employee-month).
REPORT_COLUMNS: tuple[str, ...] = ("no_customer_id",)

_FIGURES = """
WITH x AS (
  SELECT month, agent_id, customer_id, started_at, interaction_id, talk_seconds, hold_seconds,
    after_call_work_seconds, first_response_seconds, resolved, csat, complaint
  FROM {contacts} WHERE answered{look_ahead}),
handled AS (
  SELECT *, CASE WHEN customer_id IS NULL THEN NULL ELSE
    lead(started_at) OVER (PARTITION BY customer_id ORDER BY started_at, interaction_id) END AS next_contact
  FROM x),
figures AS (
  SELECT agent_id, month, count(*) AS contacts,
    avg(talk_seconds + hold_seconds + after_call_work_seconds) AS aht_seconds,
    avg(csat) AS csat_mean, count(csat) AS csat_rated,
    avg(CASE WHEN csat >= 4 THEN 1.0 WHEN csat IS NOT NULL THEN 0.0 END) AS csat_top2_share,
    avg(CASE WHEN resolved AND (next_contact IS NULL OR next_contact > started_at + INTERVAL {fcr} DAY)
        THEN 1.0 ELSE 0.0 END) AS fcr_rate,
    avg(resolved::INT) AS resolution_rate, avg(complaint::INT) AS complaint_rate,
    avg(first_response_seconds) AS first_response_seconds_mean,
    avg(CASE WHEN first_response_seconds IS NULL THEN NULL WHEN first_response_seconds <= {sla} THEN 1.0
        ELSE 0.0 END) AS on_time_response_rate,
    count(*) FILTER (WHERE customer_id IS NULL) AS no_customer_id
  FROM handled WHERE month IS NOT NULL GROUP BY agent_id, month),
unanswered AS (
  SELECT agent_id, month, count(*) AS unanswered FROM {contacts} WHERE NOT answered GROUP BY agent_id, month)
SELECT agent_id, month, coalesce(f.contacts, 0) AS contacts, coalesce(u.unanswered, 0) AS unanswered,
  f.aht_seconds, f.csat_mean, f.csat_rated, f.csat_top2_share, f.fcr_rate, f.resolution_rate,
  f.complaint_rate, f.first_response_seconds_mean, f.on_time_response_rate,
  coalesce(f.no_customer_id, 0) AS no_customer_id
FROM figures f FULL OUTER JOIN unanswered u USING (agent_id, month)
"""

_LOOK_AHEAD = """
  UNION ALL
  SELECT NULL, NULL, customer_id, started_at, interaction_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM {relation}"""


def monthly_metrics_sql(
    contacts: str, *, look_ahead: str | None = None, params: MetricParams = DEFAULT_PARAMS
) -> str:
    """SQL returning one row per (agent_id, month) with METRIC_COLUMNS, then REPORT_COLUMNS.

    `contacts` is a relation (read twice) holding canonical rows plus `month`, a key naming the month of
    started_at (e.g. 'YYYY-MM'; the output carries the same key): every contact of the months wanted,
    which must be consecutive. `look_ahead` is a relation of the answered contacts with a customer id that
    follow the last month within the FCR window (customer_id, started_at, interaction_id), or None when
    nothing follows; they take part in the FCR window only. The figures then equal those of one window over
    the whole store.
    """
    look = _LOOK_AHEAD.format(relation=look_ahead) if look_ahead is not None else ""
    return _FIGURES.format(
        contacts=contacts,
        look_ahead=look,
        fcr=int(params.fcr_window_days),
        sla=int(params.on_time_sla_seconds),
    )
