"""Where each stored figure of an employee-month came from (README "Monthly KPI sheet": re-imports).

A MonthlyMetric row can mix sources: interaction records give the contact figures, a monthly sheet gives
QA or attendance, a later sheet may correct one figure. `params` records the source of every value:

- `params["sheets"]`: {field: {"file", "sha256", "csat_scale"}} for each figure a sheet wrote last;
- the interaction parameters (`fcr_window_days`, `on_time_sla_seconds`, `definitions_version`, with
  `"source": "interactions"`) for the figures the interaction records wrote last;
- rows written before per-value sources (`"sheet"` and `"sheet_fields"`) were converted by migration
  metrics/0005.

Pure functions over plain dicts: the services write what these return, the export prints `describe`.
"""

from __future__ import annotations

from typing import Any

from serviceladder.metrics.interactions.definitions import METRIC_COLUMNS


def sheet_sources(params: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{field: the sheet that wrote it last}."""
    sheets = params.get("sheets")
    return dict(sheets) if isinstance(sheets, dict) else {}


def after_sheet(params: dict[str, Any], fields: list[str], provenance: dict[str, Any]) -> dict[str, Any]:
    """The params once a sheet has written `fields`: those figures now come from that sheet; every other
    figure keeps the source it had."""
    return {**params, "sheets": {**sheet_sources(params), **dict.fromkeys(fields, provenance)}}


def sheets_after_interactions(params: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The sheet sources that survive an interactions import: it rewrites every interaction figure, so
    only the sheet-only figures (QA, attendance, …) still come from a sheet."""
    return {name: src for name, src in sheet_sources(params).items() if name not in METRIC_COLUMNS}


def describe(params: dict[str, Any], values: dict[str, Any], row_source: str) -> str:
    """One line for the export: "field: source; …" for every figure that holds a value."""
    sheets = sheet_sources(params)
    interactions = _interactions_label(params)
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        if name in sheets:
            parts.append(f"{name}: sheet {sheets[name].get('file', '?')}")
        elif name in METRIC_COLUMNS and interactions:
            parts.append(f"{name}: {interactions}")
        else:
            parts.append(f"{name}: {row_source}")
    return "; ".join(parts)


def _interactions_label(params: dict[str, Any]) -> str:
    if "fcr_window_days" not in params:
        return ""
    return (
        f"interactions (FCR window {params['fcr_window_days']} d, on-time SLA "
        f"{params.get('on_time_sla_seconds', '?')} s, definitions v{params.get('definitions_version', '?')})"
    )
