"""promotion_attachment_remove: who may remove in which state, the audit row, the timeline, and the stored
file deleted only once the removal is committed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from serviceladder.accounts.roles import Role
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.notifications.models import Notification
from serviceladder.promotions import selectors
from serviceladder.promotions.access import REMOVE_AS_HR, REMOVE_AS_UPLOADER
from serviceladder.promotions.errors import (
    ATTACHMENT_REASON_REQUIRED,
    ATTACHMENT_REMOVE_CLOSED,
    ATTACHMENT_REMOVE_NOT_ALLOWED,
    ATTACHMENT_REMOVE_TOO_LATE,
    OWN_APPLICATION,
    AttachmentLocked,
    NotFound,
    PromotionInvalid,
    StageNotAllowed,
)
from serviceladder.promotions.models import ApplicationAttachment
from serviceladder.promotions.services import promotion_attachment_add, promotion_attachment_remove
from tests.factories import user_with_roles
from tests.promotions_attachments.builders import FIRST_NAME, SECOND_NAME, STATES, case_in, draft, first
from tests.promotions_web import builders as web

OPEN = {"draft", "submitted"}  # the uploader's window
CLOSED = {"effective", "rejected", "withdrawn"}
REASON = "附件含客户手机号，按隐私规定删除"


def actor(org, key: str, channel: str = "web") -> Actor:
    return Actor(user=org.users[key], channel=channel)


def written(app) -> tuple:
    """What a refused removal must leave as it was: the rows, the files on disk, the audit log."""
    files = sorted(a.file.name for a in app.attachments.all())
    on_disk = [Path(a.file.path).exists() for a in app.attachments.all()]
    return files, on_disk, AuditEvent.objects.filter(action="promotion.attachment_remove").count()


def expected_refusal(state: str, role: str):
    """(error class, message) for a role that may not remove the agent's file in `state`; None: allowed."""
    if role in ("admin", "none"):
        return NotFound, None  # they cannot see the case at all
    if role == "agent":
        return None if state in OPEN else (AttachmentLocked, ATTACHMENT_REMOVE_TOO_LATE)
    if role == "hr":
        return (AttachmentLocked, ATTACHMENT_REMOVE_CLOSED) if state in CLOSED else None
    return StageNotAllowed, ATTACHMENT_REMOVE_NOT_ALLOWED  # team lead, department head, management


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
def test_who_may_remove_in_each_state(org, state):
    """The uploader (the agent) in a draft or a submitted case not yet reviewed; HR before the case is
    closed, with a reason; nobody else. Every refusal leaves rows, files and the audit log as they were."""
    app = case_in(org, state)
    roles = ["admin", "none", "team_lead", "department_head", "management", "agent", "hr"]
    for role in roles:
        refusal = expected_refusal(state, role)
        if refusal is None:
            continue
        error, message = refusal
        before = written(app)
        with pytest.raises(error) as caught:
            promotion_attachment_remove(actor=actor(org, role), attachment=first(app), reason=REASON)
        if message is not None:
            assert caught.value.message == message, role
        assert written(app) == before, role
    allowed = [r for r in roles if expected_refusal(state, r) is None]
    assert allowed == (["agent", "hr"] if state in OPEN else ["hr"] if state not in CLOSED else [])
    for role in allowed:
        target = first(app)
        removal = promotion_attachment_remove(actor=actor(org, role), attachment=target, reason=REASON)
        assert removal.removed_as == (REMOVE_AS_UPLOADER if role == "agent" else REMOVE_AS_HR)
        assert not ApplicationAttachment.objects.filter(pk=target.pk).exists()
    assert app.attachments.count() == 2 - len(allowed)


@pytest.mark.django_db
def test_the_uploader_needs_no_reason_and_hr_must_give_one(org):
    app = draft(org)
    removal = promotion_attachment_remove(actor=actor(org, "agent"), attachment=first(app))
    assert removal.reason == "" and removal.name == FIRST_NAME
    before = written(app)
    for reason in ("", "   \n"):
        with pytest.raises(PromotionInvalid) as caught:
            promotion_attachment_remove(actor=actor(org, "hr"), attachment=first(app), reason=reason)
        assert caught.value.message == ATTACHMENT_REASON_REQUIRED
        assert SECOND_NAME in str(caught.value)
    assert written(app) == before


def _upload(org, key: str, app, name: str = "带教记录.txt"):
    return promotion_attachment_add(
        actor=actor(org, key),
        application=app,
        uploaded_file=SimpleUploadedFile(name, "带教两名新人".encode(), "text/plain"),
    )


@pytest.mark.django_db
def test_the_nominator_removes_their_own_upload_and_the_nominee_may_not(org):
    """Only the person who uploaded the file: the nominee may not take back the nominator's file."""
    nominee = user_with_roles("zhangwei", Role.AGENT, employee=org.employees["E2004"])
    with web.clock_at(web.SEPTEMBER):
        app = web.services.promotion_application_nominate(
            actor=actor(org, "team_lead"),
            cycle=web.cycle(org),
            employee=org.employees["E2004"],
            target_level="L2",
            **web.FORM,
        )
    removal = promotion_attachment_remove(
        actor=actor(org, "team_lead"), attachment=_upload(org, "team_lead", app)
    )
    assert removal.removed_as == REMOVE_AS_UPLOADER
    kept = _upload(org, "team_lead", app)
    before = written(app)
    with pytest.raises(StageNotAllowed) as caught:
        promotion_attachment_remove(actor=Actor(user=nominee), attachment=kept)
    assert caught.value.message == ATTACHMENT_REMOVE_NOT_ALLOWED
    assert written(app) == before


@pytest.mark.django_db
def test_hr_may_not_remove_someone_elses_file_from_their_own_application(org):
    """Nobody acts on their own application: on HR's own draft, a file HR did not upload stays."""
    with web.clock_at(web.SEPTEMBER):
        app = web.services.promotion_application_create(
            actor=actor(org, "hr"), cycle=web.cycle(org), target_level="L2", **web.FORM
        )
    other = ApplicationAttachment(
        application=app,
        original_name="x.txt",
        content_type="text/plain",
        size=3,
        uploaded_by=org.users["admin"],
    )
    other.file.save("x.txt", SimpleUploadedFile("x.txt", b"abc"), save=True)  # an upload by someone else
    before = written(app)
    with pytest.raises(StageNotAllowed) as caught:
        promotion_attachment_remove(actor=actor(org, "hr"), attachment=other, reason=REASON)
    assert caught.value.message == OWN_APPLICATION
    assert written(app) == before
    mine = _upload(org, "hr", app, "我的证书.txt")  # as the uploader of their own file, in the window: yes
    assert (
        promotion_attachment_remove(actor=actor(org, "hr"), attachment=mine).removed_as == REMOVE_AS_UPLOADER
    )


@pytest.mark.django_db
def test_audit_row_says_who_which_file_how_big_which_case_and_why(org, django_capture_on_commit_callbacks):
    app = case_in(org, "hr_approved")
    target = app.attachments.get(original_name=SECOND_NAME)
    stored = target.file.name
    with django_capture_on_commit_callbacks(execute=True):
        promotion_attachment_remove(actor=actor(org, "hr", "api"), attachment=target, reason=f"  {REASON} ")
    event = AuditEvent.objects.get(action="promotion.attachment_remove")
    assert (event.actor, event.actor_label, event.channel) == (org.users["hr"], "zhaomin", "api")
    assert event.employee == app.applicant
    assert (event.object_type, event.object_id) == ("promotions.promotionapplication", str(app.pk))
    assert event.reason == REASON
    assert event.before["file"] == SECOND_NAME
    assert event.before["size"] == len("%PDF-1.4 客户表扬信".encode())
    assert event.before["type"] == "application/pdf"
    assert event.before["stored"] == stored
    assert event.before["uploaded_by"] == "lina"
    assert event.before["attachment"] == target.pk
    assert event.after == {"removed_as": "hr", "state": "hr_approved", "file_missing": False}
    # the applicant hears about it (someone else removed their file)
    note = Notification.objects.get(kind="promotion.attachment_removed")
    assert note.recipient == org.users["agent"]


@pytest.mark.django_db
def test_the_case_history_shows_the_removal(org):
    app = case_in(org, "submitted")
    promotion_attachment_remove(actor=actor(org, "agent"), attachment=first(app), reason="传错了文件")
    for viewer in ("agent", "team_lead", "hr"):
        entries = [
            e
            for e in selectors.application_timeline(org.users[viewer], app)
            if e.kind == "attachment_removed"
        ]
        assert len(entries) == 1, viewer
        entry = entries[0]
        assert entry.actor == "lina" and entry.text == "传错了文件"
        assert entry.data == {"file": FIRST_NAME, "size": first_size(), "file_missing": False}


def first_size() -> int:
    return len("客户表扬信三封".encode())


@pytest.mark.django_db
def test_file_is_deleted_only_when_the_removal_commits(org, django_capture_on_commit_callbacks):
    app = draft(org)
    target = first(app)
    path = Path(target.file.path)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        promotion_attachment_remove(actor=actor(org, "agent"), attachment=target)
        assert path.exists(), "deleted before the commit"
    assert not ApplicationAttachment.objects.filter(pk=target.pk).exists()
    assert path.exists()
    for callback in callbacks:
        callback()
    assert not path.exists()


class Boom(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_rollback_keeps_the_file_and_the_record(org):
    """A real transaction: the removal's outer transaction fails after it ran — nothing is lost."""
    app = draft(org)
    target = first(app)
    path = Path(target.file.path)
    with pytest.raises(Boom), transaction.atomic():
        promotion_attachment_remove(actor=actor(org, "agent"), attachment=target)
        raise Boom
    assert ApplicationAttachment.objects.filter(pk=target.pk).exists()
    assert path.exists() and path.read_bytes() == "客户表扬信三封".encode()
    assert not AuditEvent.objects.filter(action="promotion.attachment_remove").exists()
    # and committed for real, the file goes
    promotion_attachment_remove(actor=actor(org, "agent"), attachment=target)
    assert not path.exists()


@pytest.mark.django_db
def test_a_file_already_missing_still_removes_the_record_and_says_so(org, django_capture_on_commit_callbacks):
    app = case_in(org, "on_notice")
    target = first(app)
    os.remove(target.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        removal = promotion_attachment_remove(actor=actor(org, "hr"), attachment=target, reason=REASON)
    assert removal.file_missing
    assert not ApplicationAttachment.objects.filter(pk=target.pk).exists()
    event = AuditEvent.objects.get(action="promotion.attachment_remove")
    assert event.after["file_missing"] is True and event.before["file"] == FIRST_NAME
    entry = next(
        e for e in selectors.application_timeline(org.users["agent"], app) if e.kind == "attachment_removed"
    )
    assert entry.data["file_missing"] is True


@pytest.mark.django_db
def test_removing_twice_is_not_found(org):
    app = draft(org)
    target = first(app)
    promotion_attachment_remove(actor=actor(org, "agent"), attachment=target)
    with pytest.raises(NotFound):
        promotion_attachment_remove(actor=actor(org, "agent"), attachment=target)
    assert AuditEvent.objects.filter(action="promotion.attachment_remove").count() == 1
