"""`serviceladder wellbeing signals [--as-of YYYY-MM-DD] [--team CODE] [--format table|json|csv|xlsx]`:
each person's lifecycle stage, risk level and the warnings that fired (with their figures and months), for
the people the acting user may see, judged for the last complete month before the day.
`serviceladder wellbeing scan [--month YYYY-MM]`: store everyone's assessment of a month that has ended
(the daily job does it for the last complete month)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from serviceladder.cli.main import EXIT_BAD_INPUT, EXIT_ERROR, EXIT_OK

FORMATS = ("table", "json", "csv", "xlsx")


def register(sub) -> None:
    p = sub.add_parser("wellbeing", help="wellbeing: lifecycle stages and early-warning signals")
    what = p.add_subparsers(dest="what", required=True, metavar="ACTION")
    s = what.add_parser(
        "signals",
        help="each person's stage, risk and the signals that fired",
        description="One row per person the acting user may see: the lifecycle stage, the risk level "
        "(none, watch, act, unknown) and the signals that fired, with their figures and months.",
    )
    s.add_argument("--as-of", metavar="YYYY-MM-DD", help="judge the month before this day (default: today)")
    s.add_argument("--team", metavar="CODE", help="only this team")
    s.add_argument("--format", choices=FORMATS, default="table")
    s.add_argument("--output", metavar="FILE", type=Path, help="write to FILE (required for xlsx)")
    s.add_argument("--language", choices=("zh", "en"), help="language of the explanations")
    s.add_argument("--as", dest="as_user", metavar="USERNAME", help="read as this user")
    s.set_defaults(handler=_signals)
    c = what.add_parser(
        "scan",
        help="store everyone's stage and signals for a month that has ended",
        description="Judge a month that has ended (default: the last complete month) and store one "
        "assessment per person; running it again rewrites the same rows.",
    )
    c.add_argument("--month", metavar="YYYY-MM", help="the month to judge (default: the last complete month)")
    c.add_argument("--as", dest="as_user", metavar="USERNAME", help="record the scan as made by this user")
    c.set_defaults(handler=_scan)


def _table(header: list[str], rows: list[list]) -> str:
    """Columns padded for the terminal (Chinese characters are two wide); the reasons cut at 100."""
    from serviceladder.cli.commands.eligibility import _pad, _width

    shown = [r[:-1] + [(r[-1][:100] + "…") if len(r[-1]) > 101 else r[-1]] for r in rows]
    widths = [max([_width(h)] + [_width(str(r[i])) for r in shown]) for i, h in enumerate(header)]
    lines = ["  ".join(_pad(str(v), w) for v, w in zip(header, widths, strict=True))]
    lines += ["  ".join(_pad(str(v), w) for v, w in zip(r, widths, strict=True)) for r in shown]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _rows(report, language: str) -> tuple[list[str], list[list]]:
    from django.utils.translation import gettext as _

    from serviceladder.wellbeing.models.assessment import Risk, Stage
    from serviceladder.wellbeing.selectors.signals import reasons, stage_reason

    header = [
        _("Employee"),
        _("Name"),
        _("Team"),
        _("Stage"),
        _("Risk"),
        _("Signals"),
        _("Why"),
        _("Stage explained"),
    ]
    rows = []
    for row in report.rows:
        a = row.assessment
        rows.append(
            [
                row.employee.number,
                row.employee.name,
                row.employee.team.code if row.employee.team else "",
                str(Stage(a.stage.stage).label),
                str(Risk(a.risk).label) if row.risk_shown else "",
                ", ".join(a.fired) if row.risk_shown else "",
                "; ".join(reasons(a, language)) if row.risk_shown else "",
                stage_reason(a, language),
            ]
        )
    return header, rows


def _json(report, language: str) -> dict:
    from serviceladder.rules.explain import render_check

    people = []
    for row in report.rows:
        a = row.assessment
        stored = a.as_stored()
        for entry, (_, check, _) in zip(stored["stage_checks"], a.stage.checks, strict=True):
            entry["explanation"] = render_check(check, language)
        for entry, (_, check) in zip(stored["signals"], a.signals, strict=True):
            entry["explanation"] = render_check(check, language)
        if not row.risk_shown:
            stored["risk"] = None
            stored["fired"] = None
        people.append(
            {
                "employee": row.employee.number,
                "name": row.employee.name,
                "team": row.employee.team.code if row.employee.team else None,
                **stored,
            }
        )
    return {
        "as_of": report.as_of.isoformat(),
        "month": report.month,
        "policy": report.policy_name,
        "policy_version": report.policy_version,
        "people": people,
    }


def _signals(args) -> int:
    from django.utils import timezone, translation
    from django.utils.translation import gettext as _

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.cli.commands.eligibility import _write
    from serviceladder.core import spreadsheet_safety
    from serviceladder.wellbeing.selectors.signals import signals_report

    if args.as_of:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            print(_("serviceladder: --as-of must be a date like 2026-07-01"), file=sys.stderr)
            return EXIT_BAD_INPUT
    else:
        as_of = timezone.localdate()
    if args.format == "xlsx" and args.output is None:
        print(_("serviceladder: --format xlsx needs --output FILE"), file=sys.stderr)
        return EXIT_BAD_INPUT
    language = args.language or ("zh" if translation.get_language().startswith("zh") else "en")
    actor = resolve_cli_actor(args.as_user)
    with translation.override("zh-hans" if language == "zh" else "en"):
        report = signals_report(actor.user, as_of=as_of, team=args.team)
        if not report.enabled:
            print(
                _("serviceladder: the policy in force on %(date)s does not switch wellbeing on")
                % {"date": as_of.isoformat()},
                file=sys.stderr,
            )
            return EXIT_ERROR
        if args.format == "json":
            return _write(
                args.output, json.dumps(_json(report, language), ensure_ascii=False, indent=2) + "\n"
            )
        header, rows = _rows(report, language)
        if args.format == "csv":
            return _write(args.output, spreadsheet_safety.csv_text(header, rows))
        if args.format == "xlsx":
            spreadsheet_safety.write_xlsx(header, rows, args.output, title=_("Wellbeing"))
            return EXIT_OK
        title = _("Wellbeing signals for %(month)s under %(policy)s %(version)s: %(count)s people") % {
            "month": report.month,
            "policy": report.policy_name,
            "version": report.policy_version,
            "count": len(rows),
        }
        return _write(args.output, title + "\n\n" + _table(header[:7], [r[:7] for r in rows]))


def _scan(args) -> int:
    from django.utils.translation import gettext as _

    from serviceladder.audit.services import Actor
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.wellbeing.services.scan import wellbeing_scan

    actor = resolve_cli_actor(args.as_user) if args.as_user else Actor(None, "cli")
    result = wellbeing_scan(month=args.month, actor=actor)
    if not result.enabled:
        print(
            _("%(month)s: the policy in force does not switch wellbeing on; nothing stored.")
            % {"month": result.month}
        )
        return EXIT_OK
    risks = ", ".join(f"{k} {v}" for k, v in sorted(result.risks.items()))
    stages = ", ".join(f"{k} {v}" for k, v in sorted(result.stages.items()))
    print(
        _("%(month)s: %(people)s people assessed; risk: %(risks)s; stages: %(stages)s")
        % {"month": result.month, "people": result.people, "risks": risks or "—", "stages": stages or "—"}
    )
    return EXIT_OK
