"""No dead ends (issue 13, item 6): before any form a person sees where they stand for each move; "Apply" is
the primary action only when a move is open now; an exception application says it is one before anything is
written; a step already under way (approved, on notice, promoted and not yet in force) is never "eligible
now" again — on the apply page, the eligibility list and My path — and cannot be applied for."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from serviceladder.audit.models import AuditEvent
from serviceladder.promotions import services
from serviceladder.promotions.errors import STEP_UNDER_WAY, PromotionInvalid
from serviceladder.promotions.models import PromotionApplication
from serviceladder.promotions.pending import ON_NOTICE_UNTIL, PROMOTED_FROM, promotions_under_way
from serviceladder.promotions.states import State
from tests.promotions_web import builders

pytestmark = pytest.mark.django_db

PRIMARY_APPLY = re.compile(r'class="btn[^"]*btn-primary"[^>]*href="/promotions/cycles/\d+/apply/"')


def _apply_page(client, cycle, query: str = "") -> str:
    response = client.get(reverse("promotion_apply", args=[cycle.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def _primary_buttons(html: str) -> list[str]:
    return re.findall(r'<(?:a|button)[^>]*class="btn[^"]*btn-primary[^"]*"[^>]*>([^<]*)<', html)


def test_an_eligible_agent_sees_it_first_and_apply_is_the_primary_action(client_for, org, today):
    cycle = builders.cycle(org)
    client = client_for("agent")  # 李娜, L2 since 2024-01: eligible for L3 and X1
    html = _apply_page(client, cycle)
    standing = html.index('id="standing"')
    assert html.index("Eligible now", standing) < html.index('id="application-form"')
    assert 'id="exception-notice"' not in html
    assert _primary_buttons(html) == ["Save and review"]
    assert PRIMARY_APPLY.search(client.get(reverse("home")).content.decode())
    assert PRIMARY_APPLY.search(client.get(reverse("promotion_cycle", args=[cycle.pk])).content.decode())


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_someone_not_eligible_sees_why_and_when_before_any_form(client_for, org, today, language):
    cycle = builders.cycle(org)
    client = client_for("team_lead", language)  # 王芳 (also an agent), L1: exam too old, nothing confirmed
    html = _apply_page(client, cycle)
    assert "<textarea" not in html and 'id="application-form"' not in html  # no form yet
    assert 'id="exception-notice"' in html
    assert html.index('id="standing"') < html.index('id="exception-notice"')
    assert "L2" in html[html.index('id="standing"') : html.index('id="exception-notice"')]
    primary = _primary_buttons(html)
    assert len(primary) == 1 and f'href="{reverse("my_path")}"' in html  # the way forward is the path
    assert "?exception=1" in html
    assert not PRIMARY_APPLY.search(client.get(reverse("home")).content.decode())
    assert not PRIMARY_APPLY.search(client.get(reverse("promotion_cycle", args=[cycle.pk])).content.decode())


def test_the_exception_form_says_so_before_anything_is_written(client_for, org, today):
    cycle = builders.cycle(org)
    client = client_for("team_lead")
    html = _apply_page(client, cycle, "?exception=1")
    notice, form = html.index('id="exception-notice"'), html.index('id="application-form"')
    assert notice < form < html.index("<textarea")
    assert "Exception application" in html[form : html.index("<textarea")]
    assert re.findall(r"<option value=\"L2\"[^>]*>[^<]*exception application<", html)
    assert "btn-primary" not in html[form:]  # not the primary action: nobody is pushed into it
    assert not PromotionApplication.objects.exists()
    response = client.post(
        reverse("promotion_apply", args=[cycle.pk]), {"target_level": "L2", **builders.FORM}
    )
    app = PromotionApplication.objects.get()
    assert response.status_code == 302 and app.state == State.DRAFT


def test_the_nominator_sees_where_the_person_stands_too(client_for, org, today):
    cycle = builders.cycle(org)
    client = client_for("team_lead")
    url = reverse("promotion_nominate", args=[cycle.pk])
    eligible = client.get(url, {"person": "E2003"}).content.decode()
    assert "Eligible now" in eligible and 'id="exception-notice"' not in eligible
    not_eligible = client.get(url, {"person": "E2004"}).content.decode()
    assert 'id="exception-notice"' in not_eligible and "<textarea" not in not_eligible


def _second_september_cycle(org):
    return builders.cycle(org, "2026 九月补充", opens=dt.date(2026, 9, 15), closes=dt.date(2026, 9, 30))


def test_a_step_on_notice_is_under_way_not_eligible_now(client_for, org, today):
    app = builders.on_notice(org)  # 李娜 → L3, on notice from 2026-09-14
    today(dt.date(2026, 9, 16))
    other = _second_september_cycle(org)
    client = client_for("agent")
    html = _apply_page(client, other)
    l3 = html[html.index('id="outlook-L3"') : html.index('id="outlook-X1"')]
    assert "Under way" in l3 and "Eligible now" not in l3
    assert re.findall(r'<option value="([^"]+)"', html) == ["X1"]  # L3 is not offered again
    path = client.get(reverse("my_path")).content.decode()
    step = path[path.index('id="step-L3"') :]
    # My path is evaluated on the organisation's today (after the notice here): the notice's end is named.
    assert "Under way" in step[:1500] and app.notice.ends_on.isoformat() in step[:3000]
    listing = client_for("hr").get(reverse("eligibility"), {"as_of": "2026-09-16"}).content.decode()
    ready = listing[listing.index('id="group-ready_now"') : listing.index('id="group-under_way"')]
    under_way = listing[listing.index('id="group-under_way"') :]
    assert "E2003" in under_way and "Senior agent" in under_way
    assert not re.search(
        r"E2003</span></th>\s*<td>[^<]*</td>\s*<td class=\"elig-step\">[^<]*→[^<]*Senior", ready
    )
    assert app.state == State.ON_NOTICE


def test_the_eligibility_downloads_show_a_step_on_notice_as_under_way(client_for, org, today):
    import csv
    import io

    app = builders.on_notice(org)  # 李娜 → L3, on notice from 2026-09-14
    today(dt.date(2026, 9, 16))
    response = client_for("hr").get(
        reverse("eligibility_export", kwargs={"fmt": "csv"}),
        {"as_of": "2026-09-16"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    row = next(r for r in body if r[0] == app.applicant.number and r[header.index("To")] == "L3")
    status = row[header.index("Status")]
    assert "notice" in status.lower() and "eligible" not in status.lower()
    assert row[header.index("Earliest")] == ""


def test_applying_again_for_a_step_under_way_is_refused_and_writes_nothing(org, today):
    builders.on_notice(org)
    today(dt.date(2026, 9, 16))
    other = _second_september_cycle(org)
    events = AuditEvent.objects.count()
    with pytest.raises(PromotionInvalid) as refused:
        services.promotion_application_create(
            actor=builders.actor(org, "agent"), cycle=other, target_level="L3", **builders.FORM
        )
    assert refused.value.message == STEP_UNDER_WAY
    assert PromotionApplication.objects.filter(cycle=other).count() == 0
    assert AuditEvent.objects.count() == events
    services.promotion_application_create(  # another step stays open
        actor=builders.actor(org, "agent"), cycle=other, target_level="X1", **builders.FORM
    )


def test_a_promotion_finalised_but_not_yet_in_force_stays_under_way(org, today):
    app = builders.on_notice(org)
    finalise_day = app.notice.ends_on + dt.timedelta(days=1)
    today(finalise_day)
    services.promotion_finalise(actor=builders.actor(org, "hr"), application=app, today=finalise_day)
    app.refresh_from_db()
    assert app.state == State.EFFECTIVE and app.effective_on > finalise_day
    moves = promotions_under_way([app.applicant_id], finalise_day)
    assert list(moves[app.applicant_id]) == ["L3"]
    assert moves[app.applicant_id]["L3"].label == str(PROMOTED_FROM) % {"date": app.effective_on.isoformat()}
    assert promotions_under_way([app.applicant_id], app.effective_on) == {}  # in force: a new level
    before = app.cycle.opens_on - dt.timedelta(days=1)
    assert promotions_under_way([app.applicant_id], before) == {}  # a date before its cycle opened


def test_a_notice_that_has_ended_says_so(org, today):
    from serviceladder.promotions.pending import NOTICE_OVER

    app = builders.on_notice(org)
    during = promotions_under_way([app.applicant_id], app.notice.ends_on)[app.applicant_id]["L3"]
    assert during.label == str(ON_NOTICE_UNTIL) % {"date": app.notice.ends_on.isoformat()}
    after = app.notice.ends_on + dt.timedelta(days=1)
    over = promotions_under_way([app.applicant_id], after)[app.applicant_id]["L3"]
    assert over.label == str(NOTICE_OVER) % {"date": app.notice.ends_on.isoformat()}
