"""The JSON shape of an eligibility decision (documented in the README), shared by the CLI's JSON output and
the promotion application's frozen snapshot. Rendered texts are in `language`; every check also keeps its
message code and values so it can be rendered again in another language (explain.render)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def decision_to_dict(decision, employee, language: str) -> dict:
    """The JSON shape of one decision (documented in the README)."""
    from serviceladder.rules.explain import render_check, render_decision

    return {
        "employee": decision.employee,
        "name": employee.name if employee else "",
        "department": employee.team.department.code if employee and employee.team_id else None,
        "team": employee.team.code if employee and employee.team_id else None,
        "from_level": decision.from_level,
        "to_level": decision.to_level,
        "kind": decision.kind,
        "track": decision.track,
        "status": decision.status,
        "earliest": jsonable(decision.earliest),
        "summary": render_decision(decision, language),
        "projection": {
            "ready_on": jsonable(decision.projection.ready_on),
            "rest_met": decision.projection.rest_met,
            "items": [
                {"clause": clause, "key": key, "date": date.isoformat()}
                for clause, key, date in decision.projection.items
            ],
        },
        "checks": [
            {
                "clause": c.clause,
                "key": c.key,
                "status": c.status,
                "required": jsonable(c.required),
                "actual": jsonable(c.actual),
                "months": list(c.months),
                "earliest": jsonable(c.earliest),
                "blocking": c.blocking,
                "code": c.code,
                "values": jsonable(c.values),
                "text": render_check(c, language),
            }
            for c in decision.checks
        ],
    }


def report_to_dict(report, language: str) -> dict:
    """A whole report (an EligibilityReport from eligibility.loading): date, policy version, decisions."""
    return {
        "as_of": report.as_of.isoformat(),
        "policy": {"name": report.policy_name, "version": report.policy_version},
        "language": language,
        "decisions": [decision_to_dict(d, report.people.get(d.employee), language) for d in report.decisions],
    }


# --- a decision stored and read back (the eligibility snapshot) ---------------------------------------------
# decision_to_dict renders texts in one language and turns dates and tuples into strings and lists; a stored
# decision must come back as the very Decision the engine made (the list renders it in the reader's language),
# so this shape keeps every value's type: plain JSON for None, bools, numbers and strings, tagged objects for
# the rest.


def _pack(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else {"f": repr(value)}
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"dec": str(value)}
    if isinstance(value, tuple):
        return {"t": [_pack(v) for v in value]}
    if isinstance(value, list):
        return [_pack(v) for v in value]
    if isinstance(value, dict):
        return {"m": [[_pack(k), _pack(v)] for k, v in value.items()]}
    raise TypeError(f"cannot store a {type(value).__name__} in a decision")


def _unpack(value):
    if isinstance(value, list):
        return [_unpack(v) for v in value]
    if not isinstance(value, dict):
        return value
    ((tag, inner),) = value.items()
    if tag == "d":
        return dt.date.fromisoformat(inner)
    if tag == "dt":
        return dt.datetime.fromisoformat(inner)
    if tag == "t":
        return tuple(_unpack(v) for v in inner)
    if tag == "m":
        return {_unpack(k): _unpack(v) for k, v in inner}
    if tag == "dec":
        return Decimal(inner)
    if tag == "f":
        return float(inner)
    raise ValueError(f"unknown stored value tag {tag!r}")


def decision_to_data(decision) -> dict:
    """A decision as JSON-able data, language-free; decision_from_data gives back an equal Decision."""
    return {
        "employee": decision.employee,
        "from_level": decision.from_level,
        "to_level": decision.to_level,
        "kind": decision.kind,
        "track": decision.track,
        "status": decision.status,
        "earliest": _pack(decision.earliest),
        "checks": [[_pack(v) for v in check] for check in decision.checks],
        "projection": _pack(tuple(decision.projection)),
        "policy_version": decision.policy_version,
        "as_of": _pack(decision.as_of),
    }


def decision_from_data(data: dict):
    """The Decision stored by decision_to_data."""
    from serviceladder.eligibility.engine import Decision, Projection
    from serviceladder.rules.clauses import CheckResult

    return Decision(
        data["employee"],
        data["from_level"],
        data["to_level"],
        data["kind"],
        data["track"],
        data["status"],
        _unpack(data["earliest"]),
        tuple(CheckResult(*(_unpack(v) for v in check)) for check in data["checks"]),
        Projection(*_unpack(data["projection"])),
        data["policy_version"],
        _unpack(data["as_of"]),
    )
