"""`serviceladder stars compute --period YYYY-MM|YYYYQn [--as USER]`,
`stars publish --period P [--as USER]`, `stars list [--period P] [--format table|json]`.

compute: every agent's star tier for an ended period, by the policy in force on its last day (again while not
published). publish: fix the tiers (accepted nominations, else computed) and tell each person. list: the
periods, or one period's ratings (tier, status, nomination) as the acting user may see them.
"""

from __future__ import annotations

import json
import sys


def register(sub) -> None:
    p = sub.add_parser("stars", help="star-service ratings: compute, publish, list")
    what = p.add_subparsers(dest="what", required=True, metavar="WHAT")
    c = what.add_parser("compute", help="compute every agent's tier for an ended period (HR)")
    c.add_argument("--period", required=True, metavar="YYYY-MM|YYYYQn")
    c.add_argument("--as", dest="as_user", metavar="USERNAME", help="record the change as this user")
    c.set_defaults(handler=_compute)
    u = what.add_parser("publish", help="publish a computed period (HR)")
    u.add_argument("--period", required=True, metavar="YYYY-MM|YYYYQn")
    u.add_argument("--as", dest="as_user", metavar="USERNAME", help="record the change as this user")
    u.set_defaults(handler=_publish)
    ls = what.add_parser("list", help="the star periods, or one period's ratings")
    ls.add_argument("--period", metavar="YYYY-MM|YYYYQn", help="one period's ratings")
    ls.add_argument("--format", choices=("table", "json"), default="table")
    ls.add_argument("--as", dest="as_user", metavar="USERNAME", help="read as this user")
    ls.set_defaults(handler=_list)


def _compute(args) -> int:
    from collections import Counter

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.recognition.services.stars import star_period_compute

    actor = resolve_cli_actor(args.as_user)
    period = star_period_compute(period=args.period, actor=actor)
    tiers = Counter(period.ratings.values_list("computed_stars", flat=True))
    shown = ", ".join(f"{k}★ {v}" for k, v in sorted(tiers.items(), reverse=True))
    print(f"{period.code}: {sum(tiers.values())} people ({shown})")
    return 0


def _publish(args) -> int:
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.recognition.selectors.stars import star_period_get
    from serviceladder.recognition.services.stars import period_parse, star_period_publish

    actor = resolve_cli_actor(args.as_user)
    period = star_period_publish(period=star_period_get(period_parse(args.period).code), actor=actor)
    print(f"{period.code}: published")
    return 0


def _list(args) -> int:
    from serviceladder.accounts.scoping import can_list_star_periods
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.core.errors import PermissionDeniedError
    from serviceladder.recognition.selectors.stars import period_ratings, star_period_get, star_periods
    from serviceladder.recognition.services.stars import period_parse

    actor = resolve_cli_actor(args.as_user)
    if not can_list_star_periods(actor.user):
        raise PermissionDeniedError()
    if not args.period:
        rows = [
            {"period": p.code, "kind": p.kind, "state": p.state, "ratings": p.ratings.count()}
            for p in star_periods()
        ]
    else:
        period = star_period_get(period_parse(args.period).code)
        rows = [
            {
                "employee": r.employee.number,
                "name": r.employee.name,
                "team": r.team.code if r.team else "",
                "status": r.status,
                "computed": r.computed_stars,
                "nominated": r.nominated_stars,
                "decision": r.decision,
                "stars": r.final_stars,
            }
            for r in period_ratings(actor.user, period)
        ]
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    if rows:
        keys = list(rows[0])
        print("\t".join(keys))
        for row in rows:
            print("\t".join("" if row[k] is None else str(row[k]) for k in keys))
    return 0
