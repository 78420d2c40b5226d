"""The development record (issue 14, item 7): who adds, changes and deletes a contribution, per role, in the
services and over HTTP; every refusal writes nothing; every change is audited; the API reads it scoped."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.development import errors
from serviceladder.development.models import Contribution
from serviceladder.development.services.record import (
    contribution_add,
    contribution_delete,
    contribution_update,
)
from tests.development.mentoring_org import MENTEE, add_mentor_user, pair

pytestmark = pytest.mark.django_db
ROLES = ["agent", "team_lead", "department_head", "hr", "management", "admin", "none", "mentor"]
WRITERS = {"agent", "team_lead", "hr"}  # the person, their lead (team a1 has one), HR
READERS = WRITERS | {"department_head"}
YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


def _add(org, by="agent", **overrides):
    values = {
        "kind": Contribution.Kind.KB_ARTICLE,
        "title": "Refund rules explained",
        "date": YESTERDAY,
        "description": "An article for the knowledge base",
        "evidence": "KB-1042",
        **overrides,
    }
    return contribution_add(actor=Actor(user=org.users[by]), employee=org.employees[MENTEE], **values)


@pytest.fixture
def org(org):
    add_mentor_user(org)
    pair(org)  # the mentor of 李娜 still may not touch her record
    return org


@pytest.mark.parametrize("role", ROLES)
def test_who_adds_to_a_persons_record(org, role):
    if role in WRITERS:
        c = _add(org, by=role)
        assert c.recorded_by == org.users[role]
        event = AuditEvent.objects.get(action="development.contribution_add")
        assert event.employee.number == MENTEE and event.after["title"] == "Refund rules explained"
        return
    with pytest.raises(errors.RecordNotAllowed):
        _add(org, by=role)
    assert not Contribution.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="development.contribution").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "bribe"}, errors.CONTRIBUTION_KIND_UNKNOWN),
        ({"title": "  "}, errors.CONTRIBUTION_TITLE_REQUIRED),
        ({"date": timezone.localdate() + dt.timedelta(days=1)}, errors.CONTRIBUTION_IN_FUTURE),
    ],
)
def test_an_invalid_contribution_is_refused_and_nothing_written(org, overrides, message):
    with pytest.raises(errors.RecordInvalid) as info:
        _add(org, **overrides)
    assert info.value.message == message
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    ("author", "editor", "allowed"),
    [
        ("agent", "agent", True),
        ("agent", "hr", True),
        ("agent", "team_lead", False),  # the lead did not record it
        ("team_lead", "agent", False),  # the person did not record it either
        ("team_lead", "team_lead", True),
        ("agent", "department_head", False),
        ("agent", "management", False),
        ("agent", "mentor", False),
    ],
)
def test_the_author_or_hr_changes_and_deletes(org, author, editor, allowed):
    c = _add(org, by=author)
    actor = Actor(user=org.users[editor])
    if not allowed:
        with pytest.raises(errors.RecordNotAllowed):
            contribution_update(actor=actor, contribution=c, kind=c.kind, title="Changed", date=c.date)
        with pytest.raises(errors.RecordNotAllowed):
            contribution_delete(actor=actor, contribution=c)
        c.refresh_from_db()
        assert c.title == "Refund rules explained"
        assert not AuditEvent.objects.filter(
            action__in=["development.contribution_update", "development.contribution_delete"]
        ).exists()
        return
    contribution_update(
        actor=actor, contribution=c, kind="process_improvement", title="Changed", date=c.date, evidence="KB-1"
    )
    c.refresh_from_db()
    assert (c.kind, c.title, c.evidence, c.description) == ("process_improvement", "Changed", "KB-1", "")
    event = AuditEvent.objects.get(action="development.contribution_update")
    assert event.before["title"] == "Refund rules explained" and event.after["title"] == "Changed"
    contribution_delete(actor=actor, contribution=c, reason="duplicate")
    assert not Contribution.objects.exists()
    gone = AuditEvent.objects.get(action="development.contribution_delete")
    assert gone.before["evidence"] == "KB-1" and gone.reason == "duplicate"


@pytest.mark.parametrize("role", ROLES)
def test_the_record_section_and_forms_over_http(client_for, org, role):
    c = _add(org, by="agent")
    client = client_for(role)
    page = client.get(reverse("person_development", args=[MENTEE]))
    html = page.content.decode() if page.status_code == 200 else ""
    assert ("Refund rules explained" in html) == (role in READERS)
    assert ('id="add-contribution"' in html) == (role in WRITERS)
    new = client.get(reverse("contribution_new", args=[MENTEE])).status_code
    assert (new == 200) == (role in WRITERS)
    edit = client.get(reverse("contribution_edit", args=[c.pk])).status_code
    assert (edit == 200) == (role in {"agent", "hr"})
    api = client.get(f"/api/development/people/{MENTEE}/contributions")
    assert api.status_code == (200 if role in READERS else 404)
    if role in READERS:
        assert [row["title"] for row in api.json()] == ["Refund rules explained"]


def test_the_lead_adds_changes_and_deletes_by_the_forms(client_for, org):
    client = client_for("team_lead")
    bad = client.post(
        reverse("contribution_new", args=[MENTEE]), {"kind": "kb_article", "title": "", "date": ""}
    )
    assert bad.status_code == 400 and not Contribution.objects.exists()
    ok = client.post(
        reverse("contribution_new", args=[MENTEE]),
        {
            "kind": "newcomer_coached",
            "title": "Coached 小王",
            "date": YESTERDAY.isoformat(),
            "evidence": "E2011",
        },
    )
    assert ok.status_code == 302 and ok["Location"].endswith("#record")
    c = Contribution.objects.get()
    assert (c.kind, c.recorded_by) == ("newcomer_coached", org.users["team_lead"])
    client.post(
        reverse("contribution_edit", args=[c.pk]),
        {"kind": "newcomer_coached", "title": "Coached two newcomers", "date": YESTERDAY.isoformat()},
    )
    c.refresh_from_db()
    assert c.title == "Coached two newcomers"
    client.post(reverse("contribution_edit", args=[c.pk]), {"step": "delete", "reason": "wrong person"})
    assert not Contribution.objects.exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="development.contribution").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "development.contribution_add",
        "development.contribution_delete",
        "development.contribution_update",
    ]
