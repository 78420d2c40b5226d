"""`serviceladder metrics rank [--month YYYY-MM]`: recompute performance scores and peer-group ranks."""

from __future__ import annotations

import re
import sys

from serviceladder.cli.main import EXIT_BAD_INPUT, add_actor_arguments

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def register(sub) -> None:
    p = sub.add_parser("metrics", help="monthly figures: rankings")
    what = p.add_subparsers(dest="what", required=True, metavar="ACTION")
    r = what.add_parser(
        "rank",
        help="score and rank every employee-month per the policy in force (all months, or --month)",
    )
    r.add_argument("--month", metavar="YYYY-MM")
    add_actor_arguments(r)
    r.set_defaults(handler=_rank)


def _rank(args) -> int:
    from serviceladder.accounts.roles import Role
    from serviceladder.accounts.scoping import has_role
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.core.errors import PermissionDeniedError
    from serviceladder.metrics.services import rankings_compute

    if args.month and not _MONTH.fullmatch(args.month):
        print(f"serviceladder: {args.month} is not a month; write YYYY-MM.", file=sys.stderr)
        return EXIT_BAD_INPUT
    actor = resolve_cli_actor(args.as_user)
    if not has_role(actor.user, Role.HR, Role.ADMIN):
        raise PermissionDeniedError()
    months = rankings_compute(actor=actor, months=[args.month] if args.month else None, reason=args.reason)
    print(f"ranked {len(months)} month(s): {', '.join(months) or '-'}")
    return 0
