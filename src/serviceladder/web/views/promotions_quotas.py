"""HR changes a promotion cycle's quotas (名额) per target level, with a reason.

One view, two ways in: a plain page with a form (works without JavaScript; success redirects to the cycle
page with a message), and with htmx the cycle page's "Edit quotas" link swaps its quota card for the same
form, which posts back in place; on success the whole cycle page is reloaded, so the candidates' quota
headings show the new values too. The rules live in services.promotion_cycle_quotas_set.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from serviceladder.promotions import page_selectors, services
from serviceladder.promotions.access import can_see_notices, can_set_quotas
from serviceladder.promotions.errors import StaleCycle
from serviceladder.web.access import require
from serviceladder.web.methods import form_page
from serviceladder.web.views.promotions import FORM_ERRORS, actor_for, cycle_get, version_from

QUOTAS_SAVED = _("Quotas of “%(cycle)s” saved: %(changes)s.")
QUOTAS_UNCHANGED = _("No quota changed.")
NO_QUOTA = _("no quota")
QUOTA_FIELD_PREFIX = "quota:"


def _posted_quotas(request: HttpRequest, codes: list[str]) -> dict[str, str]:
    """The form's fields, one per target level ("" = no quota); other posted quota:* names too, so the
    service can name a level the policy does not allow instead of it being dropped silently."""
    quotas = {code: request.POST.get(QUOTA_FIELD_PREFIX + code, "").strip()[:20] for code in codes}
    for key, value in request.POST.items():
        if key.startswith(QUOTA_FIELD_PREFIX) and key[len(QUOTA_FIELD_PREFIX) :] not in quotas:
            quotas[key[len(QUOTA_FIELD_PREFIX) :][:40]] = value.strip()[:20]
    return quotas


def _changes_text(before: dict, after: dict) -> str:
    def shown(value) -> str:
        return str(NO_QUOTA) if value is None else str(value)

    codes = sorted(code for code in set(before) | set(after) if before.get(code) != after.get(code))
    return ", ".join(f"{code} {shown(before.get(code))} → {shown(after.get(code))}" for code in codes)


@form_page
def cycle_quotas(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    require(can_see_notices(user))
    cycle = cycle_get(user, pk)
    require(can_set_quotas(user))
    rows = page_selectors.quota_form_rows(user, cycle)
    error, error_level = "", ""
    posted = None
    version = cycle.version
    if request.method == "POST":
        posted = _posted_quotas(request, [row.code for row in rows])
        before = dict(cycle.quotas)
        try:
            saved = services.promotion_cycle_quotas_set(
                actor=actor_for(request),
                cycle=cycle,
                quotas=posted,
                reason=request.POST.get("reason", "")[:4000],
                expected_version=version_from(request),
            )
        except StaleCycle as exc:
            # Someone saved first: show their values (read at the top of this request) and version.
            error, posted = str(exc), None
        except FORM_ERRORS as exc:
            error = str(exc)
            error_level = str(exc.data.get("level_code") or exc.data.get("level") or "")
            version = version_from(request) or cycle.version
        else:
            if saved.quotas == before:
                messages.info(request, QUOTAS_UNCHANGED)
            else:
                changes = _changes_text(before, saved.quotas)
                messages.success(request, QUOTAS_SAVED % {"cycle": saved.name, "changes": changes})
            target = reverse("promotion_cycle", args=[cycle.pk])
            return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
    context = {
        "cycle": cycle,
        "rows": [
            {
                "row": row,
                "value": posted.get(row.code, "") if posted is not None else row.value,
                "invalid": error_level == row.code,
            }
            for row in rows
        ],
        "frozen": services.quotas_frozen(cycle),
        "reason": request.POST.get("reason", "")[:4000],
        "version": version,
        "error": error,
    }
    if request.htmx and not request.htmx.history_restore_request:
        # htmx swaps 2xx answers only: a refused form comes back as 200 with its message in it.
        response = render(request, "web/promotions/_quotas_form.html", context)
        patch_vary_headers(response, ("HX-Request",))
        return response
    response = render(request, "web/promotions/quotas.html", context, status=400 if error else 200)
    patch_vary_headers(response, ("HX-Request",))
    return response
