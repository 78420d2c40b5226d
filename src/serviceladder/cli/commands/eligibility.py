"""`serviceladder eligibility`: who may move to which level, why, and when — for the people the acting
user may see (accounts.scoping), under the policy version in force on the date."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from serviceladder.cli.main import EXIT_BAD_INPUT, EXIT_OK

# The JSON shape lives beside the engine so the API and the promotion snapshot match this command's output.
from serviceladder.eligibility.serialize import decision_to_dict, jsonable, report_to_dict  # noqa: F401

FORMATS = ("table", "json", "csv", "xlsx")


def register(sub) -> None:
    p = sub.add_parser(
        "eligibility",
        help="promotion eligibility with explanations and projected dates",
        description="One row per person and open transition: eligible, not yet (with the earliest date), "
        "blocked or not enough data, and the conditions that are not met.",
    )
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="evaluate on this date (default: today)")
    p.add_argument("--department", metavar="CODE", help="only this department")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--output", metavar="FILE", type=Path, help="write to FILE (required for xlsx)")
    p.add_argument("--language", choices=("zh", "en"), help="language of the explanations")
    p.add_argument("--as", dest="as_user", metavar="USERNAME", help="read as this user")
    p.set_defaults(handler=_eligibility)


def _table(header, rows) -> str:
    shown = [r[:8] + [(r[8][:80] + "…") if len(r[8]) > 81 else r[8]] for r in rows]
    widths = [max([_width(h)] + [_width(str(r[i])) for r in shown]) for i, h in enumerate(header)]
    lines = ["  ".join(_pad(str(v), w) for v, w in zip(header, widths, strict=True))]
    lines += ["  ".join(_pad(str(v), w) for v, w in zip(r, widths, strict=True)) for r in shown]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _eligibility(args) -> int:
    from django.utils import translation
    from django.utils.translation import gettext as _

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.eligibility.export import csv_text, export_rows, write_xlsx
    from serviceladder.eligibility.loading import eligibility_report
    from serviceladder.eligibility.selectors import steps_under_way

    if args.as_of:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            print(_("serviceladder: --as-of must be a date like 2026-07-01"), file=sys.stderr)
            return EXIT_BAD_INPUT
    else:
        from django.utils import timezone

        as_of = timezone.localdate()
    if args.format == "xlsx" and args.output is None:
        print(_("serviceladder: --format xlsx needs --output FILE"), file=sys.stderr)
        return EXIT_BAD_INPUT
    language = args.language or ("zh" if translation.get_language().startswith("zh") else "en")
    actor = resolve_cli_actor(args.as_user)
    with translation.override("zh-hans" if language == "zh" else "en"):
        report = eligibility_report(actor.user, as_of=as_of, department=args.department)
        if args.format == "json":
            payload = report_to_dict(report, language)
            return _write(args.output, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        under_way = steps_under_way(report.people, as_of)
        header, rows = export_rows(report.decisions, report.people, language, under_way)
        if args.format == "csv":
            return _write(args.output, csv_text(header, rows))
        if args.format == "xlsx":
            write_xlsx(header, rows, args.output)
            return EXIT_OK
        title = _("Eligibility on %(date)s under %(policy)s %(version)s: %(count)s decisions") % {
            "date": as_of.isoformat(),
            "policy": report.policy_name,
            "version": report.policy_version,
            "count": len(report.decisions),
        }
        return _write(args.output, title + "\n\n" + _table(header, rows))


def _write(output: Path | None, text: str) -> int:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8-sig" if output.suffix.lower() == ".csv" else "utf-8")
    return EXIT_OK
