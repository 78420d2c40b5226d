"""The quota form over HTTP: HR only (every other role 403, a missing cycle 404), the cycle page's "Edit
quotas" action, each error message in the form (nothing saved, what was typed kept), the plain post and the
htmx one, the frozen states, and the management screens showing the new values."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from django.utils import translation

from serviceladder.audit.models import AuditEvent
from serviceladder.promotions.errors import (
    QUOTA_BELOW_APPROVED,
    QUOTA_INVALID,
    QUOTA_NOT_TARGET,
    QUOTAS_AFTER_NOTICE,
    QUOTAS_REASON_REQUIRED,
    STALE_CYCLE,
)
from serviceladder.promotions.services import promotion_notice_publish
from tests.promotions_quotas.conftest import REASON, approved, at_management, cycle_row, set_quotas

pytestmark = pytest.mark.django_db

OTHER_ROLES = ["applicant", "nominator", "head", "management", "admin"]  # agent, lead, head, mgmt, admin
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def client_for(client, org):
    def login(key: str):
        client.logout()
        client.force_login(org.users[key])
        client.cookies["serviceladder_language"] = "en"
        return client

    return login


def quotas_url(org) -> str:
    return reverse("promotion_cycle_quotas", args=[org.cycle.pk])


def cycle_url(org) -> str:
    return reverse("promotion_cycle", args=[org.cycle.pk])


def form(org, *, reason: str = REASON, version: int | None = None, **quotas) -> dict:
    """The form as the page shows it (L2, L3, EX1 prefilled with today's quotas), with changes."""
    fields = {f"quota:{code}": str(org.cycle.quotas.get(code, "")) for code in ("L2", "L3", "EX1")}
    fields.update({f"quota:{code}": value for code, value in quotas.items()})
    return {**fields, "reason": reason, "version": org.cycle.version if version is None else version}


def text(response) -> str:
    return html.unescape(response.content.decode())


def en(message, **data) -> str:
    with translation.override("en"):
        return str(message) % data


# --- who ----------------------------------------------------------------------------------------------------


def test_hr_opens_the_form_every_other_role_gets_403_and_a_missing_cycle_404(client_for, org):
    page = client_for("hr").get(quotas_url(org))
    assert page.status_code == 200
    body = text(page)
    assert 'name="quota:L2" value="1"' in body and 'name="quota:L3" value="2"' in body
    assert 'name="quota:EX1" value=""' in body and 'name="quota:L1"' not in body  # target levels only
    assert client_for("hr").get(reverse("promotion_cycle_quotas", args=[999999])).status_code == 404
    for key in OTHER_ROLES:
        assert client_for(key).get(quotas_url(org)).status_code == 403, key


@pytest.mark.parametrize("key", OTHER_ROLES)
def test_a_post_by_another_role_is_403_and_changes_nothing(client_for, org, key):
    before = cycle_row(org)
    assert client_for(key).post(quotas_url(org), form(org, L2="9")).status_code == 403
    assert cycle_row(org) == before
    assert not AuditEvent.objects.filter(action="promotion.cycle_quotas").exists()


def test_the_cycle_page_offers_edit_quotas_to_hr_only(client_for, org):
    hr = text(client_for("hr").get(cycle_url(org)))
    assert 'id="edit-quotas"' in hr and f'hx-get="{quotas_url(org)}"' in hr
    for key in OTHER_ROLES:
        page = text(client_for(key).get(cycle_url(org)))
        assert "Quotas" in page and 'id="edit-quotas"' not in page and quotas_url(org) not in page, key


# --- saving -------------------------------------------------------------------------------------------------


def test_a_plain_post_saves_and_returns_to_the_cycle_with_the_new_values(client_for, org):
    client = client_for("hr")
    response = client.post(quotas_url(org), form(org, L2="3", L3="", EX1="1"))
    assert response.status_code == 302 and response["Location"] == cycle_url(org)
    org.cycle.refresh_from_db()
    assert org.cycle.quotas == {"EX1": 1, "L2": 3} and org.cycle.version == 2
    event = AuditEvent.objects.get(action="promotion.cycle_quotas")
    assert event.channel == "web" and event.reason == REASON
    assert event.before == {"EX1": None, "L2": 1, "L3": 2} and event.after == {"EX1": 1, "L2": 3, "L3": None}
    page = text(client.get(cycle_url(org)))
    assert "Quotas of “2025 下半年晋升” saved: EX1 no quota → 1, L2 1 → 3, L3 2 → no quota." in page
    assert '<td class="num">3</td>' in page


def test_posting_the_same_values_says_nothing_changed(client_for, org):
    client = client_for("hr")
    response = client.post(quotas_url(org), form(org, reason=""), follow=True)
    assert "No quota changed." in text(response)
    assert cycle_row(org) == ({"L2": 1, "L3": 2}, 1)


@pytest.mark.parametrize(
    ("changes", "expected", "invalid"),
    [
        ({"L2": "abc"}, lambda: en(QUOTA_INVALID, level="L2", value="abc"), "L2"),
        ({"L3": "-1"}, lambda: en(QUOTA_INVALID, level="L3", value="-1"), "L3"),
        ({"EX1": "1.5"}, lambda: en(QUOTA_INVALID, level="EX1", value="1.5"), "EX1"),
        ({"L2": "4", "reason": "  "}, lambda: en(QUOTAS_REASON_REQUIRED), ""),
        (
            {"L1": "2"},  # a field the form does not offer, sent anyway
            lambda: en(QUOTA_NOT_TARGET, level="Level 1 (L1)", allowed="L2, L3, EX1"),
            "",
        ),
    ],
)
def test_form_errors_are_shown_nothing_is_saved_and_the_input_is_kept(
    client_for, org, changes, expected, invalid
):
    reason = changes.pop("reason", REASON)
    before = cycle_row(org)
    response = client_for("hr").post(quotas_url(org), form(org, reason=reason, **changes))
    assert response.status_code == 400
    body = text(response)
    assert f'<p class="message message-error" role="alert" id="quota-error">{expected()}</p>' in body
    for code, value in changes.items():
        if code != "L1":
            assert f'name="quota:{code}" value="{value}"' in body
    assert f">{reason}</textarea>" in body
    if invalid:
        assert f'id="quota-{invalid}" name="quota:{invalid}" value="{changes[invalid]}"' in body
        assert body.count('aria-invalid="true"') == 1
    assert (
        cycle_row(org) == before and not AuditEvent.objects.filter(action="promotion.cycle_quotas").exists()
    )


def test_lowering_below_the_approvals_names_level_approvals_and_quota(client_for, org):
    set_quotas(org, {"L2": 3, "L3": 2})
    approved(org, "applicant")
    approved(org, "colleague")
    org.cycle.refresh_from_db()
    page = text(client_for("hr").get(quotas_url(org)))
    assert '<td class="num" id="approved-L2">2 approved</td>' in page
    before = cycle_row(org)
    response = client_for("hr").post(quotas_url(org), form(org, L2="1"))
    assert response.status_code == 400
    message = en(QUOTA_BELOW_APPROVED, level="Level 2 (L2)", approved=2, quota=1)
    assert message in text(response) and "Level 2 (L2)" in message and " 2 candidate(s)" in message
    assert 'aria-invalid="true"' in text(response)
    assert cycle_row(org) == before


def test_a_change_made_meanwhile_is_reported_and_the_form_shows_it(client_for, org):
    seen = form(org, L2="4")  # HR opened the form at version 1
    set_quotas(org, {"L2": 2, "L3": 2}, key="hr2", reason="另一位 HR 先改了")
    response = client_for("hr").post(quotas_url(org), seen)
    assert response.status_code == 400
    body = text(response)
    assert en(STALE_CYCLE, actor="qianli", at="")[:60] in body and "qianli" in body
    assert 'name="quota:L2" value="2"' in body and 'name="version" value="2"' in body  # their values now
    assert cycle_row(org) == ({"L2": 2, "L3": 2}, 2)


# --- htmx ---------------------------------------------------------------------------------------------------


def test_with_htmx_the_form_swaps_in_and_errors_stay_in_place(client_for, org):
    client = client_for("hr")
    part = client.get(quotas_url(org), **HX)
    assert part.status_code == 200 and "<html" not in text(part) and 'id="quota-card"' in text(part)
    assert f'hx-post="{quotas_url(org)}"' in text(part) and 'hx-target="#quota-card"' in text(part)
    refused = client.post(quotas_url(org), form(org, L2="x"), **HX)
    assert refused.status_code == 200  # htmx swaps only 2xx answers
    assert en(QUOTA_INVALID, level="L2", value="x") in text(refused) and "<html" not in text(refused)
    saved = client.post(quotas_url(org), form(org, L2="5"), **HX)
    assert saved.status_code == 200 and saved["HX-Redirect"] == cycle_url(org)
    assert cycle_row(org) == ({"L2": 5, "L3": 2}, 2)


# --- frozen -------------------------------------------------------------------------------------------------


def test_after_the_notice_hr_sees_why_the_quotas_are_frozen(client_for, org):
    app = approved(org, "applicant")
    promotion_notice_publish(actor=org.actor("hr"), cycle=org.cycle, applications=[app])
    message = en(QUOTAS_AFTER_NOTICE, cycle="2025 下半年晋升", published="2025-09-25")
    client = client_for("hr")
    cycle_page = text(client.get(cycle_url(org)))
    assert message in cycle_page and 'id="edit-quotas"' not in cycle_page
    page = client.get(quotas_url(org))
    assert page.status_code == 200 and message in text(page) and 'id="quota-form"' not in text(page)
    before = cycle_row(org)
    refused = client.post(quotas_url(org), form(org, L2="4"))
    assert refused.status_code == 400 and message in text(refused)
    assert cycle_row(org) == before


# --- management sees the new values -------------------------------------------------------------------------


def test_managements_screens_compare_approvals_with_the_new_quota(client_for, org):
    approved(org, "applicant")  # L2: 1 of 1
    waiting = at_management(org, "colleague")
    case_url = reverse("promotion_application", args=[waiting.pk])
    management = client_for("management")
    case = text(management.get(case_url))
    assert "Level 2: 1 of 1 places already used by approvals." in case
    assert "The quota is full" in case
    assert "1 of 1 places used" in text(management.get(cycle_url(org)))

    client_for("hr").post(quotas_url(org), form(org, L2="3"))
    management = client_for("management")
    case = text(management.get(case_url))
    assert "Level 2: 1 of 3 places already used by approvals." in case and "The quota is full" not in case
    assert "1 of 3 places used" in text(management.get(cycle_url(org)))
    response = management.post(
        case_url,
        {
            "step": "management",
            "version": waiting.version,
            "state": waiting.state,
            "decision": "approve",
            "opinion": "同意",
        },
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == "mgmt_approved" and waiting.quota_override_reason == ""
