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

_HANDLED = """
x AS (
  SELECT *, CASE WHEN customer_id IS NULL THEN NULL ELSE
    lead(started_at) OVER (PARTITION BY customer_id ORDER BY started_at, interaction_id) END AS next_contact
  FROM base WHERE answered),
handled AS (
  SELECT agent_id, strftime(started_at, '%Y-%m') AS month, count(*) AS contacts,
    avg(talk_seconds + hold_seconds + after_call_work_seconds) AS aht_seconds,
    avg(csat) AS csat_mean, count(csat) AS csat_rated,
    avg(CASE WHEN csat >= 4 THEN 1.0 WHEN csat IS NOT NULL THEN 0.0 END) AS csat_top2_share,
    avg(CASE WHEN resolved AND (next_contact IS NULL OR next_contact > started_at + INTERVAL {fcr} DAY)
        THEN 1.0 ELSE 0.0 END) AS fcr_rate,
    avg(resolved::INT) AS resolution_rate, avg(complaint::INT) AS complaint_rate,
    avg(first_response_seconds) AS first_response_seconds_mean,
    avg(CASE WHEN first_response_seconds IS NULL THEN NULL WHEN first_response_seconds <= {sla} THEN 1.0
        ELSE 0.0 END) AS on_time_response_rate
  FROM x GROUP BY ALL),
unanswered AS (
  SELECT agent_id, strftime(started_at, '%Y-%m') AS month, count(*) AS unanswered
  FROM base WHERE NOT answered GROUP BY ALL)
"""


def monthly_metrics_sql(source: str, *, params: MetricParams = DEFAULT_PARAMS, where: str = "TRUE") -> str:
    """SQL returning one row per (agent_id, month) with METRIC_COLUMNS.

    `source` is a relation holding canonical rows (a table, a view or `read_parquet(...)`); `where` limits the
    rows read (e.g. a started_at range that includes the FCR look-ahead); callers filter the output months.
    """
    return (
        f"WITH base AS (SELECT * FROM {source} WHERE {where}),"
        + _HANDLED.format(fcr=int(params.fcr_window_days), sla=int(params.on_time_sla_seconds))
        + """
SELECT agent_id, month, coalesce(h.contacts, 0) AS contacts, coalesce(u.unanswered, 0) AS unanswered,
  h.aht_seconds, h.csat_mean, h.csat_rated, h.csat_top2_share, h.fcr_rate, h.resolution_rate,
  h.complaint_rate, h.first_response_seconds_mean, h.on_time_response_rate
FROM handled h FULL OUTER JOIN unanswered u USING (agent_id, month)
"""
    )
