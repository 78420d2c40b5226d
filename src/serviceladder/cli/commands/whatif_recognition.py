"""The stars and bonus parts of `serviceladder whatif` (JSON and table)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from serviceladder.recognition.whatif_explain import (
    KIND_LABELS,
    PAY_HIDDEN,
    SIMULATED_NOTE,
    result_label,
    star_reasons,
    tier_label,
)


def _table(header, rows) -> str:
    from serviceladder.cli.commands.eligibility import _pad, _width

    widths = [max([_width(h)] + [_width(str(r[i])) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(_pad(str(v), w) for v, w in zip(r, widths, strict=True)) for r in [header, *rows]]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _note(proposal) -> str:
    from serviceladder.recognition.whatif_explain import line_note

    note = line_note(proposal)
    return f"({note})" if note else ""


def _money(value) -> str:
    return f"{value:.2f}"


def _signed_money(value) -> str:
    return f"{value:+.2f}" if value else "0.00"


def _star_change(c, stars, language: str) -> dict:
    e = stars.people.get(c.employee)
    return {
        "employee": c.employee,
        "name": e.name if e else "",
        "team": e.team.code if e and e.team_id else None,
        "kind": c.kind,
        "before": {"stars": c.before_stars, "status": c.before.status if c.before else None},
        "after": {"stars": c.after_stars, "status": c.after.status if c.after else None},
        "tier": c.tier,
        "reasons": star_reasons(c, language),
    }


def _tier_counts(counts) -> list[dict]:
    return [{"tier": str(k), "before": b, "after": a, "delta": d} for k, b, a, d in counts.cells()]


def recognition_to_dict(rec, language: str) -> dict:
    """{"stars": …, "bonus": …} (documented in the README); bonus is null with bonus_hidden true for a user
    who may not see pay."""
    out: dict = {"stars": None, "bonus": None, "bonus_hidden": rec.pay_hidden}
    s = rec.stars
    if s is not None:
        c = s.comparison
        out["stars"] = {
            "period": s.period.code,
            "policy_version": s.version,
            "rated_before": s.rated_before,
            "rated_after": s.rated_after,
            "counts": _tier_counts(c.counts),
            "by_team": [{"team": t, "counts": _tier_counts(tc)} for t, tc in c.by_team.items()],
            "gains": [_star_change(x, s, language) for x in c.gains],
            "losses": [_star_change(x, s, language) for x in c.losses],
        }
    p = rec.pay
    if p is not None:
        c = p.comparison
        out["bonus"] = {
            "month": p.month,
            "policy_version": p.version,
            "simulated_star_period": p.simulated_period or None,
            "total": {
                "people": c.total.people,
                "before": _money(c.total.before),
                "after": _money(c.total.after),
                "difference": _money(c.total.difference),
            },
            "by_team": [
                {
                    "team": t.team,
                    "people": t.people,
                    "before": _money(t.before),
                    "after": _money(t.after),
                    "difference": _money(t.difference),
                }
                for t in c.by_team
            ],
            "largest_changes": [
                {
                    "employee": x.employee,
                    "name": p.people[x.employee].name if x.employee in p.people else "",
                    "team": x.team,
                    "before": _money(x.amount_before),
                    "after": _money(x.amount_after),
                    "difference": _money(x.difference),
                    "status_before": x.before.status if x.before else None,
                    "status_after": x.after.status if x.after else None,
                    "rule_after": x.after.rule if x.after else None,
                }
                for x in c.largest(20)
            ],
        }
    return out


def recognition_table(rec, language: str) -> str:
    out: list[str] = []
    s = rec.stars
    if s is not None:
        c = s.comparison
        out += [
            "",
            _("Stars, period %(period)s (policy in force: %(version)s)")
            % {"period": s.period.code, "version": s.version or "-"},
        ]
        rows = [[tier_label(k), str(b), str(a), f"{d:+d}" if d else "0"] for k, b, a, d in c.counts.cells()]
        out.append(
            _table([_("Tier"), _("In force"), pgettext("policy", "Draft"), _("Change")], rows).rstrip("\n")
        )
        for title, changes in ((_("Tier gains"), c.gains), (_("Tier losses"), c.losses)):
            out += ["", f"{title} ({len(changes)})"]
            if not changes:
                out.append(_("none"))
                continue
            rows = []
            for x in changes:
                e = s.people.get(x.employee)
                rows.append(
                    [
                        x.employee,
                        e.name if e else "",
                        e.team.code if e and e.team_id else "",
                        str(KIND_LABELS[x.kind]),
                        result_label(x.before),
                        result_label(x.after),
                        " | ".join(star_reasons(x, language)),
                    ]
                )
            header = [
                _("Employee"),
                _("Name"),
                _("Team"),
                _("Change"),
                _("In force"),
                pgettext("policy", "Draft"),
                _("What changed"),
            ]
            out.append(_table(header, rows).rstrip("\n"))
    if rec.pay_hidden:
        out += ["", str(PAY_HIDDEN)]
    p = rec.pay
    if p is not None:
        c = p.comparison
        out += [
            "",
            _("Bonus, month %(month)s (policy in force: %(version)s; proposals before HR's adjustments)")
            % {"month": p.month, "version": p.version or "-"},
        ]
        if p.simulated_period:
            out.append(str(SIMULATED_NOTE) % {"period": p.simulated_period})
        rows = [
            [
                t.team or _("No team"),
                str(t.people),
                _money(t.before),
                _money(t.after),
                _signed_money(t.difference),
            ]
            for t in c.by_team
        ]
        rows.append(
            [
                _("Total"),
                str(c.total.people),
                _money(c.total.before),
                _money(c.total.after),
                _signed_money(c.total.difference),
            ]
        )
        header = [_("Team"), _("People"), _("In force"), pgettext("policy", "Draft"), _("Difference")]
        out.append(_table(header, rows).rstrip("\n"))
        largest = c.largest(20)
        out += ["", _("Largest bonus changes (%(count)s)") % {"count": len(largest)}]
        if not largest:
            out.append(_("none"))
        else:
            rows = [
                [
                    x.employee,
                    p.people[x.employee].name if x.employee in p.people else "",
                    x.team or "",
                    " ".join(filter(None, [_money(x.amount_before), _note(x.before)])),
                    " ".join(filter(None, [_money(x.amount_after), _note(x.after)])),
                    _signed_money(x.difference),
                ]
                for x in largest
            ]
            header = [
                _("Employee"),
                _("Name"),
                _("Team"),
                _("In force"),
                pgettext("policy", "Draft"),
                _("Difference"),
            ]
            out.append(_table(header, rows).rstrip("\n"))
    return "\n".join(out) + ("\n" if out else "")
