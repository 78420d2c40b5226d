"""The anonymous pulse section of the Wellbeing area: on the landing, the reader's pulse to answer (or that
they answered), HR's cycles, the results for those who read them, and a lead's shared answers; on a person's
page, the answers that person shared with the reader (nobody else sees anything of a person's pulse)."""

from __future__ import annotations

from serviceladder.accounts.scoping import (
    can_answer_pulse,
    can_manage_pulse,
    can_see_pulse_results,
    can_see_pulse_shared,
    pulse_shared_visible_to,
)
from serviceladder.core.i18n import pick
from serviceladder.web.views.wellbeing_parts import Part
from serviceladder.wellbeing.selectors import pulse as selectors


def part(request, employee) -> Part | None:
    """The answers `employee` shared with the reader, newest first; None when there are none."""
    shared = list(
        pulse_shared_visible_to(request.user).filter(employee=employee).select_related("cycle")[:12]
    )
    if not shared:
        return None
    rows = []
    for s in sorted(shared, key=lambda s: s.cycle.month, reverse=True):
        texts = {q["code"]: pick(q.get("zh", ""), q.get("en", "")) for q in s.cycle.questions}
        rows.append({"s": s, "answers": [(texts.get(c, c), v) for c, v in s.values.items()]})
    return Part("web/wellbeing/_pulse_part.html", {"rows": rows})


def landing(request) -> Part | None:
    user = request.user
    answer = can_answer_pulse(user)
    manage = can_manage_pulse(user)
    results = can_see_pulse_results(user)
    shared = can_see_pulse_shared(user)
    if not (answer or manage or results or shared):
        return None
    cycle = selectors.open_cycle()
    context = {
        "cycle": cycle,
        "mine": selectors.my_pulse(user, cycle) if answer and cycle is not None else None,
        "answer": answer,
        "manage": manage,
        "results": results,
        "shared": shared,
        "shared_count": pulse_shared_visible_to(user).count() if shared else 0,
    }
    return Part("web/wellbeing/_pulse_landing.html", context)
