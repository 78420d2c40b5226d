"""`serviceladder bonus propose --month YYYY-MM` and `serviceladder bonus export --month YYYY-MM
--format csv|xlsx [--output FILE]` (issue 15, item 3; `import pay` stays the base-pay import).

propose: every agent's performance pay for an ended month under the policy in force on its last day, with
the rule that produced it; proposing again replaces the lines of a month not yet approved. export: the
payroll file of an approved month (CSV in UTF-8 with a byte-order mark, or XLSX), headers in Chinese and
English, corrections of earlier months as delta lines with their original month. HR only (--as USERNAME, or
the marked OS user).
"""

from __future__ import annotations

import sys
from pathlib import Path

from serviceladder.cli.main import add_actor_arguments

XLSX_TO_TERMINAL = "XLSX is binary: pass --output FILE (or redirect the output to a file)."


def register(sub) -> None:
    p = sub.add_parser("bonus", help="performance pay: propose a month, export an approved month")
    what = p.add_subparsers(dest="what", required=True, metavar="WHAT")
    pr = what.add_parser(
        "propose", help="propose every agent's bonus for an ended month", description=__doc__.split("\n\n")[1]
    )
    pr.add_argument("--month", required=True, metavar="YYYY-MM")
    add_actor_arguments(pr)
    pr.set_defaults(handler=_propose)
    ex = what.add_parser("export", help="the payroll file of an approved month (CSV or XLSX)")
    ex.add_argument("--month", required=True, metavar="YYYY-MM")
    ex.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    ex.add_argument("--output", "-o", type=Path, metavar="FILE", help="write here instead of stdout")
    ex.add_argument("--as", dest="as_user", metavar="USERNAME", help="read as this user")
    ex.set_defaults(handler=_export)


def _propose(args) -> int:
    from django.db.models import Sum

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.recognition.services.pay import bonus_month_propose

    actor = resolve_cli_actor(args.as_user)
    bonus_month = bonus_month_propose(actor=actor, month=args.month)
    lines = bonus_month.lines.count()
    held = bonus_month.lines.filter(status="held").count()
    total = bonus_month.lines.aggregate(t=Sum("amount"))["t"] or 0
    print(
        f"{bonus_month.month}: {lines} lines proposed ({held} held), total {total:.2f} "
        f"(policy version {bonus_month.policy_version.number}, {bonus_month.rounding})"
    )
    return 0


def _export(args) -> int:
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.core.errors import ValidationFailed
    from serviceladder.recognition import pay_errors as err
    from serviceladder.recognition.models import BonusMonth
    from serviceladder.recognition.pay_export import render
    from serviceladder.recognition.services.pay import parse_month

    month = parse_month(args.month)
    if args.format == "xlsx" and args.output is None and sys.stdout.isatty():
        raise ValidationFailed(XLSX_TO_TERMINAL)
    actor = resolve_cli_actor(args.as_user)
    from serviceladder.accounts.scoping import can_manage_bonus

    if not can_manage_bonus(actor.user):
        raise err.PayNotAllowed()
    bonus_month = BonusMonth.objects.filter(month=month).first()
    if bonus_month is None:
        raise err.PayInvalid(err.MONTH_NOT_PROPOSED, month=month)
    data = render(bonus_month, args.format)
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        args.output.write_bytes(data)
    return 0
