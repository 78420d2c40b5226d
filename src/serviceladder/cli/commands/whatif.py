"""`serviceladder whatif DRAFT.yaml`: who would gain or lose eligibility if a draft policy replaced the one
in force — for the people the acting user may see, on one date. Nothing is stored."""

from __future__ import annotations

import datetime as dt
import json
import sys

from serviceladder.cli.main import EXIT_BAD_INPUT, EXIT_OK

FORMATS = ("table", "json")


def register(sub) -> None:
    p = sub.add_parser(
        "whatif",
        help="simulate a draft policy: who gains or loses eligibility (nothing is stored)",
        description="Evaluate the policy in force and a draft policy file on the same date for the same "
        "people, and list who becomes eligible, who no longer is, and the counts by team and level. "
        "The draft is validated like `policy validate` and never stored.",
    )
    p.add_argument("file", metavar="DRAFT.yaml", help="the draft policy file")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="evaluate on this date (default: today)")
    p.add_argument("--department", metavar="CODE", help="only this department")
    p.add_argument(
        "--star-period",
        metavar="YYYY-MM|YYYYQn",
        help="the star period to simulate (default: the last one of the draft's kind ended before --as-of)",
    )
    p.add_argument(
        "--bonus-month",
        metavar="YYYY-MM",
        help="the month whose bonus to simulate (default: the last month ended before --as-of)",
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--language", choices=("zh", "en"), help="language of the explanations")
    p.add_argument("--as", dest="as_user", metavar="USERNAME", help="read as this user")
    p.set_defaults(handler=_whatif)


def _whatif(args) -> int:
    from django.utils import translation
    from django.utils.translation import gettext as _

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.cli.commands.policy import _print_issues, _read
    from serviceladder.cli.commands.whatif_recognition import recognition_table, recognition_to_dict
    from serviceladder.core.errors import ValidationFailed
    from serviceladder.eligibility.simulation import whatif_simulate
    from serviceladder.policy.errors import PolicyInvalid
    from serviceladder.recognition.selectors.whatif import recognition_whatif

    if args.as_of:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            print(_("serviceladder: --as-of must be a date like 2026-07-01"), file=sys.stderr)
            return EXIT_BAD_INPUT
    else:
        from django.utils import timezone

        as_of = timezone.localdate()
    language = args.language or ("zh" if translation.get_language().startswith("zh") else "en")
    text = _read(args.file)
    actor = resolve_cli_actor(args.as_user)
    with translation.override("zh-hans" if language == "zh" else "en"):
        try:
            result = whatif_simulate(actor.user, draft_text=text, as_of=as_of, department=args.department)
        except PolicyInvalid as exc:
            _print_issues(args.file, exc.issues)
            print(_("%(count)s problem(s) found.") % {"count": len(exc.issues)}, file=sys.stderr)
            return EXIT_BAD_INPUT
        try:
            recognition = recognition_whatif(
                actor.user,
                draft=result.draft,
                as_of=as_of,
                star_period=args.star_period,
                bonus_month=args.bonus_month,
                department=args.department,
            )
        except ValidationFailed as exc:
            print(f"serviceladder: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        if args.format == "json":
            payload = whatif_to_dict(result, language)
            payload.update(recognition_to_dict(recognition, language))
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(_table_report(result, language))
            sys.stdout.write(recognition_table(recognition, language))
    return EXIT_OK


# ---------------------------------------------------------------- JSON


def _tally_dict(tally) -> dict:
    from serviceladder.eligibility.whatif import STATUSES

    return {
        "before": {s: tally.before.get(s, 0) for s in STATUSES},
        "after": {s: tally.after.get(s, 0) for s in STATUSES},
        "delta": {s: tally.delta(s) for s in STATUSES},
    }


def _check_side(check, language: str):
    from serviceladder.rules.explain import render_check

    if check is None:
        return None
    return {"status": check.status, "code": check.code, "text": render_check(check, language)}


def change_to_dict(change, employee, language: str) -> dict:
    """The JSON shape of one changed row (documented in the README)."""
    from serviceladder.cli.commands.eligibility import decision_to_dict

    return {
        "employee": change.employee,
        "name": employee.name if employee else "",
        "department": employee.team.department.code if employee and employee.team_id else None,
        "team": employee.team.code if employee and employee.team_id else None,
        "from_level": change.from_level,
        "to_level": change.to_level,
        "kind": change.kind,
        "before": decision_to_dict(change.before, employee, language) if change.before else None,
        "after": decision_to_dict(change.after, employee, language) if change.after else None,
        "changed_checks": [
            {
                "clause": c.clause,
                "key": c.key,
                "before": _check_side(c.before, language),
                "after": _check_side(c.after, language),
            }
            for c in change.checks
        ],
    }


def whatif_to_dict(result, language: str) -> dict:
    from serviceladder.eligibility.whatif import UNCHANGED

    comparison = result.comparison
    return {
        "as_of": result.as_of.isoformat(),
        "policy": {"name": result.current.name, "version": result.current_version},
        "draft": {"name": result.draft.name},
        "language": language,
        "people": result.people_count,
        "summary": {
            "people": _tally_dict(comparison.people),
            "decisions": _tally_dict(comparison.decisions),
        },
        "changes": [
            change_to_dict(c, result.people.get(c.employee), language)
            for c in comparison.changes
            if c.kind != UNCHANGED
        ],
        "counts": {
            "by_team": [{"team": k, **_tally_dict(t)} for k, t in comparison.by_team.items()],
            "by_level": [{"level": k, **_tally_dict(t)} for k, t in comparison.by_level.items()],
            "by_target_level": [{"level": k, **_tally_dict(t)} for k, t in comparison.by_target.items()],
        },
        "unknown_levels": result.unknown_levels,
    }


# ---------------------------------------------------------------- table


def _cell(before: int, after: int) -> str:
    if before == after:
        return str(after)
    return f"{before} → {after} ({after - before:+d})"


def _status_line(decision, language: str) -> str:
    from serviceladder.eligibility.simulation import NOT_OPEN
    from serviceladder.rules.explain import render_decision

    return render_decision(decision, language) if decision is not None else str(NOT_OPEN)


def _changes_table(changes, result, language: str) -> str:
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    from serviceladder.cli.commands.eligibility import _table
    from serviceladder.eligibility.simulation import KIND_LABELS, explain_change

    header = [
        _("Employee"),
        _("Name"),
        _("Team"),
        _("From"),
        _("To"),
        _("Change"),
        _("In force"),
        pgettext("policy", "Draft"),
        _("What changed"),
    ]
    rows = []
    for c in changes:
        e = result.people.get(c.employee)
        rows.append(
            [
                c.employee,
                e.name if e else "",
                e.team.code if e and e.team_id else "",
                c.from_level,
                c.to_level,
                str(KIND_LABELS[c.kind]),
                _status_line(c.before, language),
                _status_line(c.after, language),
                " | ".join(explain_change(c, language)),
            ]
        )
    return _table(header, rows)


def _counts_table(title_column: str, tallies: dict, *, none_label: str = "") -> str:
    from serviceladder.cli.commands.eligibility import _pad, _width
    from serviceladder.eligibility.simulation import STATUS_LABELS
    from serviceladder.eligibility.whatif import STATUSES

    header = [title_column, *(str(STATUS_LABELS[s]) for s in STATUSES)]
    rows = [
        [none_label if key is None else str(key), *(_cell(b, a) for _s, b, a, _d in tally.cells())]
        for key, tally in tallies.items()
    ]
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(_pad(v, w) for v, w in zip(header, widths, strict=True))]
    lines += ["  ".join(_pad(v, w) for v, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _table_report(result, language: str) -> str:
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    from serviceladder.cli.commands.eligibility import _pad, _width
    from serviceladder.eligibility.simulation import STATUS_LABELS
    from serviceladder.eligibility.whatif import ADDED, REMOVED

    comparison = result.comparison
    out = [
        _(
            "What-if on %(date)s: draft %(draft)s against %(policy)s %(version)s, %(count)s people. "
            "Nothing was stored."
        )
        % {
            "date": result.as_of.isoformat(),
            "draft": result.draft.name,
            "policy": result.current.name,
            "version": result.current_version,
            "count": result.people_count,
        },
        "",
    ]
    header = [_("People"), _("In force"), pgettext("policy", "Draft"), _("Change")]
    rows = [
        [str(STATUS_LABELS[status]), str(before), str(after), f"{delta:+d}" if delta else "0"]
        for status, before, after, delta in comparison.people.cells()
    ]
    rows.append([_("Total"), str(comparison.people.total_before), str(comparison.people.total_after), ""])
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(4)]
    for r in [header, *rows]:
        right = "  ".join(" " * (w - _width(v)) + v for v, w in zip(r[1:], widths[1:], strict=True))
        out.append((_pad(r[0], widths[0]) + "  " + right).rstrip())
    out.append(_("(each person counted once, with their best status over the steps open to them)"))
    for code, n in result.unknown_levels.items():
        out.append(
            _("Warning: %(count)s people hold level %(level)s, which the draft does not define.")
            % {"count": n, "level": code}
        )
    sections = (
        (_("Gains"), comparison.gains),
        (_("Losses"), comparison.losses),
        (_("Steps open under one policy only, not eligible there"), comparison.of_kind(ADDED, REMOVED)),
    )
    for title, changes in sections:
        out += ["", f"{title} ({len(changes)})"]
        out.append(_changes_table(changes, result, language).rstrip("\n") if changes else _("none"))
    out += ["", _("Counts by team (people)")]
    out.append(_counts_table(_("Team"), comparison.by_team, none_label=_("No team")).rstrip("\n"))
    out += ["", _("Counts by current level (people)")]
    out.append(_counts_table(_("Level"), comparison.by_level).rstrip("\n"))
    out += ["", _("Counts by target level (steps)")]
    out.append(_counts_table(_("Level"), comparison.by_target).rstrip("\n"))
    return "\n".join(out) + "\n"
