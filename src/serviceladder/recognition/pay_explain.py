"""A bonus line's rule (BonusLine.rule, written by recognition.engine.pay) as sentences in the reader's
language: the base for the level, the coefficient and where it came from, the proration, the cap, HR's
adjustment and the one rounding."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# The policy's rounding rule as people read it (the policy code stays in the export, for payroll).
ROUNDING_NAMES = {
    "ROUND_HALF_UP": gettext_lazy("halves rounded up"),
    "ROUND_HALF_EVEN": gettext_lazy("halves rounded to even"),
    "ROUND_DOWN": gettext_lazy("always rounded down"),
}


def money(amount) -> str:
    """An amount as the pay pages show it: 1,234.50 (the web's `money` filter)."""
    if amount is None or amount == "":
        return "-"
    return f"{Decimal(str(amount)):,.2f}"


def rounding_name(code: str) -> str:
    return str(ROUNDING_NAMES.get(code, code))


def _treatment(code: str) -> str:
    return {
        "hold": _("held until the data is there (amount 0)"),
        "zero": _("no bonus this month (coefficient 0)"),
        "base": _("the base bonus (coefficient 1)"),
    }.get(code, code)


def _level_name(code: str) -> str:
    """The level as people read it (its name in the reader's language), its code when it is gone."""
    from serviceladder.ladder.models import Level

    level = Level.objects.filter(code=code).first() if code else None
    return level.name if level is not None else code


def explain(line) -> list[str]:
    """Sentences explaining how `line` (a BonusLine) was computed, in order."""
    r = line.rule or {}
    out = [
        _("Base bonus for level %(level)s: %(base)s.")
        % {"level": _level_name(r.get("level", "")), "base": money(r.get("base"))}
    ]
    missing = r.get("missing")
    if missing == "no_stars":
        out.append(
            _("No published star tier pays in this month (period %(period)s): %(treatment)s.")
            % {"period": r.get("star_period") or "-", "treatment": _treatment(r.get("treatment", ""))}
        )
    elif missing == "no_score":
        out.append(
            _("No performance score for this month: %(treatment)s.")
            % {"treatment": _treatment(r.get("treatment", ""))}
        )
    elif r.get("basis") == "stars":
        out.append(
            ngettext(
                "%(stars)s star (period %(period)s) → coefficient %(coefficient)s.",
                "%(stars)s stars (period %(period)s) → coefficient %(coefficient)s.",
                int(r.get("stars") or 0),
            )
            % {"stars": r.get("stars"), "period": r.get("star_period"), "coefficient": r.get("coefficient")}
        )
    else:
        out.append(
            _("Performance score %(score)s, in the band from %(band)s → coefficient %(coefficient)s.")
            % {"score": r.get("score"), "band": r.get("band_from"), "coefficient": r.get("coefficient")}
        )
    if r.get("days") != r.get("days_in_month"):
        out.append(
            _("Employed %(days)s of %(total)s days in the month → proration %(proration)s.")
            % {"days": r.get("days"), "total": r.get("days_in_month"), "proration": line.proration}
        )
    if r.get("capped"):
        out.append(_("Capped at %(cap)s.") % {"cap": money(r.get("cap"))})
    if line.adjustment:
        out.append(
            _("Adjusted by HR by %(adjustment)s: %(reason)s")
            % {"adjustment": f"{line.adjustment:+}", "reason": line.adjustment_reason}
        )
    out.append(
        _("Rounded once to 0.01 (%(rule)s): %(amount)s.")
        % {"rule": rounding_name(r.get("rounding", "")), "amount": money(line.amount)}
    )
    return out
