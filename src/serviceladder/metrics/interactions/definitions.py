"""The interaction metric definitions: ONE declarative SQL statement, parameterised by the policy.

Kept as plain SQL over a relation with the canonical schema, so the same definitions can run on another
engine (Spark SQL reads the same month-partitioned Parquet files). DESIGN.md "Metric definitions":

- contacts: answered contacts in the month; unanswered contacts are counted apart and enter no other figure
- aht_seconds: mean of talk + hold + after-call work
- csat_mean / csat_rated / csat_top2_share: mean of rated contacts, their count, share scoring 4-5
- fcr_rate: resolved and no answered contact from the same customer within `fcr_window_days` (inclusive)
  after it; ties at the same second are ordered by interaction_id; no customer id -> FCR follows `resolved`
- resolution_rate, complaint_rate: shares of contacts
- a figure whose inputs are absent is NULL ("not available"), never 0: FCR and resolution rate are shares of
  the answered contacts whose `resolved` is known (all of them when the export has the column), and empty
  when no contact has it; the same for complaint, CSAT and first response
- first_response_seconds_mean, on_time_response_rate (<= `on_time_sla_seconds`): contacts with no first
  response are left out of both
- acw_seconds: mean after-call work per contact (the wellbeing "strain" signal), of the contacts that have it
- abusive_rate: share of contacts the export flagged abusive (the "exposure" signal), of those whose flag
  is known; empty when the export has no abusive column, never 0
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

DEFINITIONS_VERSION = 3  # 3: after-call work and the abusive-contact rate


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
    "acw_seconds",
    "abusive_rate",
)

# Extra figures returned after METRIC_COLUMNS for the import report (not stored per employee-month).
REPORT_COLUMNS: tuple[str, ...] = ("no_customer_id",)
# The parts of FCR returned after REPORT_COLUMNS, kept with a month's figures so that a later import can
# re-judge only the contacts near the month's end (interactions/carry.py): resolved and judged contacts,
# and the resolved contacts followed by a repeat whose window ends inside the month (`repeated_within`;
# a contact starting less than `fcr_window_days` before the next month is "near the end").
FCR_PART_COLUMNS: tuple[str, ...] = ("resolved", "judged", "repeated_within")

# FCR is computed as (resolved contacts - those followed by a repeat within the window) / contacts,
# which equals the mean of "resolved and no repeat" over contacts. It lets the window (the one sort, by
# customer) carry only the answered contacts that have a customer id and four narrow columns, while every
# other figure comes from one hash aggregation over all rows: ~15% less work than one window over every
# column of every answered contact.
_FIGURES = """
WITH repeats AS (
  SELECT agent_id, month, count(*) AS resolved_then_repeated,
    count(*) FILTER (WHERE started_at + INTERVAL {fcr} DAY
      >= date_trunc('month', started_at) + INTERVAL 1 MONTH) AS repeated_near_end
  FROM (
    SELECT agent_id, month, resolved, started_at,
      lead(started_at) OVER (PARTITION BY customer_id ORDER BY started_at, interaction_id) AS next_contact
    FROM (
      SELECT agent_id, month, resolved, started_at, customer_id, interaction_id
      FROM {contacts} WHERE answered AND customer_id IS NOT NULL{look_ahead}))
  WHERE month IS NOT NULL AND resolved AND next_contact <= started_at + INTERVAL {fcr} DAY
  GROUP BY agent_id, month),
figures AS (
  SELECT agent_id, month, count(*) FILTER (WHERE answered) AS contacts,
    count(*) FILTER (WHERE NOT answered) AS unanswered,
    avg(talk_seconds + hold_seconds + after_call_work_seconds) FILTER (WHERE answered) AS aht_seconds,
    avg(csat) FILTER (WHERE answered) AS csat_mean, count(csat) FILTER (WHERE answered) AS csat_rated,
    avg(CASE WHEN csat >= 4 THEN 1.0 WHEN csat IS NOT NULL THEN 0.0 END) FILTER (WHERE answered)
      AS csat_top2_share,
    count(*) FILTER (WHERE answered AND resolved) AS resolved,
    count(resolved) FILTER (WHERE answered) AS judged,
    avg(resolved::INT) FILTER (WHERE answered) AS resolution_rate,
    avg(complaint::INT) FILTER (WHERE answered) AS complaint_rate,
    avg(first_response_seconds) FILTER (WHERE answered) AS first_response_seconds_mean,
    avg(CASE WHEN first_response_seconds IS NULL THEN NULL WHEN first_response_seconds <= {sla} THEN 1.0
        ELSE 0.0 END) FILTER (WHERE answered) AS on_time_response_rate,
    avg(after_call_work_seconds) FILTER (WHERE answered) AS acw_seconds,
    avg(abusive::INT) FILTER (WHERE answered) AS abusive_rate,
    count(*) FILTER (WHERE answered AND customer_id IS NULL) AS no_customer_id
  FROM {contacts} WHERE month IS NOT NULL AND agent_id IS NOT NULL GROUP BY agent_id, month)
SELECT f.agent_id, f.month, f.contacts, f.unanswered, f.aht_seconds, f.csat_mean,
  CASE WHEN f.contacts > 0 THEN f.csat_rated END AS csat_rated, f.csat_top2_share,
  CASE WHEN f.judged > 0 THEN (f.resolved - coalesce(r.resolved_then_repeated, 0)) / f.judged END
    AS fcr_rate,
  f.resolution_rate, f.complaint_rate, f.first_response_seconds_mean, f.on_time_response_rate,
  f.acw_seconds, f.abusive_rate, f.no_customer_id, f.resolved, f.judged,
  coalesce(r.resolved_then_repeated, 0) - coalesce(r.repeated_near_end, 0) AS repeated_within
FROM figures f LEFT JOIN repeats r USING (agent_id, month)
"""

# The contacts near the end of one month re-judged (see FCR_PART_COLUMNS): {near_end} holds that month's
# answered contacts with a customer id starting at or after its cut (agent_id, resolved, started_at,
# customer_id, interaction_id), {look_ahead} what follows within the window (as in _LOOK_AHEAD).
_NEAR_END = """
SELECT agent_id, count(*) AS repeated_near_end
FROM (
  SELECT agent_id, month, resolved, started_at,
    lead(started_at) OVER (PARTITION BY customer_id ORDER BY started_at, interaction_id) AS next_contact
  FROM (
    SELECT agent_id, 0 AS month, resolved, started_at, customer_id, interaction_id
    FROM {near_end}{look_ahead}))
WHERE month IS NOT NULL AND resolved AND next_contact <= started_at + INTERVAL {fcr} DAY
GROUP BY agent_id
"""

# FCR from the parts: the same integers and the same division as _FIGURES.
FCR_FROM_PARTS = (
    "CASE WHEN judged > 0 THEN (resolved - (repeated_within + coalesce(repeated_near_end, 0))) / judged END"
)

_LOOK_AHEAD = """
      UNION ALL
      SELECT NULL, NULL, NULL, started_at, customer_id, interaction_id FROM {relation}"""


def near_end_repeats_sql(
    near_end: str, *, look_ahead: str | None = None, params: MetricParams = DEFAULT_PARAMS
) -> str:
    """SQL returning (agent_id, repeated_near_end): of the contacts in `near_end` (one month's answered
    contacts with a customer id from `fcr_window_days` before the next month begins), the resolved ones
    followed by another answered contact of the same customer within the window, found in `near_end`
    itself or in `look_ahead` (as for monthly_metrics_sql). With the month's FCR_PART_COLUMNS this gives
    its fcr_rate (FCR_FROM_PARTS) equal to that of one window over the whole store."""
    look = _LOOK_AHEAD.format(relation=look_ahead) if look_ahead is not None else ""
    return _NEAR_END.format(near_end=near_end, look_ahead=look, fcr=int(params.fcr_window_days))


def monthly_metrics_sql(
    contacts: str, *, look_ahead: str | None = None, params: MetricParams = DEFAULT_PARAMS
) -> str:
    """SQL returning one row per (agent_id, month) with METRIC_COLUMNS, then REPORT_COLUMNS and
    FCR_PART_COLUMNS.

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


# Queue-level figures, one row per (queue, month), in this order after queue and month. DESIGN.md "Metric
# definitions" (queues): a contact's queue is its `queue` value, or its channel when the export has none;
# offered = every contact; answered / abandoned (unanswered, with or without an agent); unassigned = the
# abandoned contacts without an agent (blank or a pseudo agent such as NO_SERVER), which enter no agent's
# figures; abandon_rate = abandoned / offered; service_level = contacts answered within
# `on_time_sla_seconds` / offered, NULL when no contact of the queue-month has a first-response time.
QUEUE_COLUMNS: tuple[str, ...] = (
    "offered",
    "answered",
    "abandoned",
    "unassigned",
    "abandon_rate",
    "service_level",
)

_QUEUE_FIGURES = """
SELECT queue, month, offered, answered, abandoned, unassigned, abandoned / offered AS abandon_rate,
  CASE WHEN timed > 0 THEN in_sla / offered END AS service_level
FROM (
  SELECT coalesce(queue, channel, '') AS queue, month, count(*) AS offered,
    count(*) FILTER (WHERE answered) AS answered,
    count(*) FILTER (WHERE NOT answered) AS abandoned,
    count(*) FILTER (WHERE NOT answered AND agent_id IS NULL) AS unassigned,
    count(first_response_seconds) AS timed,
    count(*) FILTER (WHERE answered AND first_response_seconds <= {sla}) AS in_sla
  FROM {contacts} WHERE month IS NOT NULL GROUP BY ALL)
"""


def queue_figures_sql(contacts: str, *, params: MetricParams = DEFAULT_PARAMS) -> str:
    """SQL returning one row per (queue, month) with QUEUE_COLUMNS. `contacts` is a relation with the
    canonical columns queue, channel, agent_id, answered, first_response_seconds and a `month` key."""
    return _QUEUE_FIGURES.format(contacts=contacts, sla=int(params.on_time_sla_seconds))
