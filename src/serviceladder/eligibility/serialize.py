"""The JSON shape of an eligibility decision (documented in the README), shared by the CLI's JSON output and
the promotion application's frozen snapshot. Rendered texts are in `language`; every check also keeps its
message code and values so it can be rendered again in another language (explain.render)."""

from __future__ import annotations

import datetime as dt


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
