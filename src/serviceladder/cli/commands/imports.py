"""`serviceladder import KIND FILE`: people data from CSV or XLSX (`import KIND --template`: a file to fill).

Set-up order: `import teams` (without leads), `import roster`, then `import teams` again with leads and heads.
On bad input the full report (row, column, value, reason) goes to stderr and the exit code is 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from django.utils.translation import gettext_noop

from serviceladder.cli.commands.import_templates_cli import add_template_arguments, file_or_template
from serviceladder.cli.main import add_actor_arguments, read_input_file

PEOPLE_KINDS = ("roster", "teams", "pay", "exams", "violations", "trainings")
PEOPLE_HELP = {
    "roster": "people: employee number, name, department, team, manager, hire date, level …",
    "teams": "departments and teams, with their leads and heads",
    "pay": "monthly pay with its effective date (HR only)",
    "exams": "exam results: date, exam, score, maximum",
    "violations": "disciplinary records: date, kind, description",
    "trainings": "trainings and certifications: name, kind, completed on, expires on",
}


def _columns_epilog(kind: str) -> str:
    from serviceladder.org.imports.columns import KINDS

    lines = ["columns (* = required; the Chinese or the English header):"]
    lines += [f"  {'*' if required else ' '} {column.display}" for column, required in KINDS[kind]]
    return "\n".join(lines)


def register(sub) -> None:
    from serviceladder.cli.commands.interactions_cli import add_interactions_parser

    p = sub.add_parser("import", help="import people data, KPI sheets or interaction records")
    kinds = p.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind in PEOPLE_KINDS:
        k = kinds.add_parser(
            kind,
            help=PEOPLE_HELP[kind],
            description=f"Import {PEOPLE_HELP[kind]} from CSV (UTF-8 or GBK) or XLSX. All rows or none.",
            epilog=_columns_epilog(kind),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        k.add_argument("file", type=Path, nargs="?", metavar="FILE", help="a .csv or .xlsx file")
        k.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        add_actor_arguments(k)
        add_template_arguments(k)
        k.set_defaults(handler=_import)
    m = kinds.add_parser(
        "metrics",
        help="a monthly KPI sheet: one row per employee and month",
        description=(
            "Import a monthly KPI sheet from CSV (UTF-8 or GBK) or XLSX. All rows or none. Rates: 0.95, 95% "
            "or 95. A column's unit comes from --units, from its header ('投诉率(%)', '平均处理时长(分钟)'), "
            "or, for bare rates, from values that all lie within 0..1 (shares) or all above 1 (percent "
            "points); mixed values and a bare complaint rate need a declared unit. Durations: seconds "
            "or h:mm:ss. Average response time: minutes, or seconds under a '(s)'/'(秒)' header."
        ),
        epilog=_columns_epilog("metrics"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    m.add_argument("file", type=Path, nargs="?", metavar="FILE", help="a .csv or .xlsx file")
    m.add_argument(
        "--csat-scale",
        type=int,
        choices=(5, 10, 100),
        default=5,
        help="the scale of the CSAT column: 5 (1-5, default), 10 (0-10) or 100 (0-100); stored as 1-5",
    )
    m.add_argument(
        "--units",
        default="",
        metavar="COLUMN=UNIT,...",
        help="declare units the headers do not carry: rates share|percent, durations "
        "seconds|minutes|hours|days (e.g. --units 投诉率=percent,平均处理时长=days)",
    )
    m.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    add_actor_arguments(m)
    add_template_arguments(m)
    m.set_defaults(handler=_import_metrics)
    add_interactions_parser(kinds)
    a = kinds.add_parser(
        "assessments",
        help="historic skill ratings (self and superior), one row per competency",
        description=(
            "Import historic skill assessments from CSV (UTF-8 or GBK) or XLSX, one row per competency "
            "rated. "
            "The rows of one person, target level and day form one assessment; each rater group (self or "
            "superior) must rate every competency of the step's profile. All rows or none (HR only)."
        ),
        epilog=_columns_epilog("assessments"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    a.add_argument("file", type=Path, metavar="FILE", help="a .csv or .xlsx file")
    a.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    add_actor_arguments(a)
    a.set_defaults(handler=_import_assessments)
    r = kinds.add_parser(
        "recognition",
        help="customer compliments: employee number, date, text, category, customer reference",
        description=(
            "Import customer compliments from CSV (UTF-8 or GBK) or XLSX, one row per compliment. Each "
            "becomes recognition from a customer, dated that day (category customer_praise unless the row "
            "names helping_colleague, knowledge_base or going_beyond, by code or by name). All rows or none; "
            "every bad row is reported (HR and administrators)."
        ),
        epilog=_columns_epilog("recognition"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    r.add_argument("file", type=Path, nargs="?", metavar="FILE", help="a .csv or .xlsx file")
    r.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    add_actor_arguments(r)
    add_template_arguments(r)
    r.set_defaults(handler=_import_recognition)
    n = kinds.add_parser(
        "enrolments",
        help="course enrolments: employee number, course code, due date, note",
        description=(
            "Put people on catalogue courses from CSV (UTF-8 or GBK) or XLSX, one row per person and course. "
            "A person already on the course keeps their open enrolment (an earlier due date moves it). All "
            "rows or none; every bad row is reported (HR and administrators)."
        ),
        epilog=_columns_epilog("enrolments"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    n.add_argument("file", type=Path, nargs="?", metavar="FILE", help="a .csv or .xlsx file")
    n.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    add_actor_arguments(n)
    add_template_arguments(n)
    n.set_defaults(handler=_import_enrolments)
    c = kinds.add_parser(
        "courses",
        help="learning catalogue courses: code, names, mode, hours, competencies, prerequisites …",
        description=(
            "Import catalogue courses from CSV (UTF-8 or GBK) or XLSX, one row per course. A code already in "
            "the catalogue updates that course, a new code creates one. Mode: classroom, online, external, "
            "mentor, on_the_job (or their Chinese or English names). Competencies: code:proficiency (1-5) "
            "separated by ';', codes of the policy's competencies. Prerequisites: course codes separated by "
            "';' (from the catalogue or the same file). Self-enrolment and active: yes/no or 是/否. "
            "All rows or none; every bad row is reported (HR only)."
        ),
        epilog=_columns_epilog("courses"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c.add_argument("file", type=Path, nargs="?", metavar="FILE", help="a .csv or .xlsx file")
    c.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    add_actor_arguments(c)
    add_template_arguments(c)
    c.set_defaults(handler=_import_courses)


def _import(args) -> int:
    from django.utils.translation import gettext as _

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.org.services import records_import, roster_import, teams_import

    if file_or_template(args):
        return 0
    data = read_input_file(args.file)
    actor = resolve_cli_actor(args.as_user)
    kwargs = {
        "actor": actor,
        "data": data,
        "file_name": args.file.name,
        "reason": args.reason,
        "dry_run": args.dry_run,
    }
    if args.kind == "roster":
        result = roster_import(**kwargs)
    elif args.kind == "teams":
        result = teams_import(**kwargs)
    else:
        result = records_import(kind=args.kind, **kwargs)
    summary = _(
        "%(file)s: %(rows)s rows — %(created)s created, %(updated)s updated, %(unchanged)s unchanged"
    ) % {
        "file": result.file,
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
    print(summary + (_(" (dry run, nothing written)") if result.dry_run else ""))
    return 0


def _import_metrics(args) -> int:
    from django.utils.translation import gettext as _

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.metrics.services import metrics_sheet_import

    if file_or_template(args):
        return 0
    data = read_input_file(args.file)
    actor = resolve_cli_actor(args.as_user)
    report = metrics_sheet_import(
        actor=actor,
        data=data,
        file_name=args.file.name,
        csat_scale=args.csat_scale,
        units=args.units,
        dry_run=args.dry_run,
        reason=args.reason,
    )
    summary = _(
        "%(file)s: %(rows)s employee-months — %(created)s new, %(updated)s updated (%(values)s values "
        "changed), %(unchanged)s unchanged; months: %(months)s"
    ) % {
        "file": report.file,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "values": report.changed_values,
        "unchanged": report.unchanged,
        "months": ", ".join(report.months_touched) or "-",
    }
    print(summary + (_(" (dry run, nothing written)") if report.dry_run else ""))
    return 0


def _service_import(args, service, summary: str) -> int:
    """Run one of the apps' import services on the file (all rows or none) and print its one-line summary:
    `summary` is a gettext_noop message naming the ImportResult's file, rows, created, updated, unchanged."""
    from django.utils.translation import gettext as _

    from serviceladder.cli.actor import resolve_cli_actor

    data = read_input_file(args.file)
    actor = resolve_cli_actor(args.as_user)
    result = service(
        actor=actor, data=data, file_name=args.file.name, reason=args.reason, dry_run=args.dry_run
    )
    counts = ("file", "rows", "created", "updated", "unchanged")
    print(
        _(summary) % {name: getattr(result, name) for name in counts}
        + (_(" (dry run, nothing written)") if result.dry_run else "")
    )
    return 0


def _import_assessments(args) -> int:
    from serviceladder.development.services.assessment_import import assessments_import

    return _service_import(
        args, assessments_import, gettext_noop("%(file)s: %(rows)s rows — %(created)s assessments created")
    )


def _import_recognition(args) -> int:
    from serviceladder.recognition.services.received_import import recognition_import

    if file_or_template(args):
        return 0
    return _service_import(
        args,
        recognition_import,
        gettext_noop("%(file)s: %(rows)s rows — %(created)s customer compliments imported"),
    )


def _import_enrolments(args) -> int:
    from serviceladder.learning.services.enrolments_import import enrolments_import

    if file_or_template(args):
        return 0
    return _service_import(
        args,
        enrolments_import,
        gettext_noop(
            "%(file)s: %(rows)s rows — %(created)s enrolled, %(updated)s due dates moved, "
            "%(unchanged)s already enrolled"
        ),
    )


def _import_courses(args) -> int:
    from serviceladder.learning.services.catalogue_import import courses_import

    if file_or_template(args):
        return 0
    return _service_import(
        args,
        courses_import,
        gettext_noop(
            "%(file)s: %(rows)s courses — %(created)s created, %(updated)s updated, %(unchanged)s unchanged"
        ),
    )
