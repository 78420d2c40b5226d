"""GET /api/development/mentorships, /api/development/mentorships/{id}/sessions and
/api/development/people/{number}/contributions — mentoring and the development record, read only, scoped
exactly as the web pages (development.selectors.mentoring / record).

Mentorships: HR sees all; a mentor those they give while they run; whoever reads a person's development
record (the person, their lead and head) that person's. Sessions with their notes: the mentor while the
mentorship runs, the mentee, HR; anyone else who may see the mentorship gets 403. Contributions: whoever
reads the person's development record (never a mentor through mentoring alone); anyone else 404.
"""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from serviceladder.accounts.scoping import access_plan_employee
from serviceladder.api.schemas import ERRORS
from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError
from serviceladder.development.selectors import mentoring, record

router = Router(tags=["development"])


class PersonRef(Schema):
    number: str
    name: str


class MentorshipOut(Schema):
    id: int
    mentor: PersonRef
    mentee: PersonRef
    focus: str
    starts_on: dt.date
    ends_on: dt.date | None
    every_weeks: int
    running: bool
    sessions: int
    last_session_on: dt.date | None
    next_session_due: dt.date | None


class SessionOut(Schema):
    id: int
    held_on: dt.date
    notes: str
    next_steps: str


class ContributionOut(Schema):
    id: int
    kind: str
    title: str
    date: dt.date
    description: str
    evidence: str
    recorded_by: str


def _person(e) -> dict:
    return {"number": e.number, "name": e.name}


def _mentorship(m, today: dt.date) -> dict:
    live = mentoring.is_running(m, today)
    last = getattr(m, "last_held", None)
    return {
        "id": m.pk,
        "mentor": _person(m.mentor),
        "mentee": _person(m.mentee),
        "focus": m.focus,
        "starts_on": m.starts_on,
        "ends_on": m.ends_on,
        "every_weeks": m.every_weeks,
        "running": live,
        "sessions": getattr(m, "session_count", 0),
        "last_session_on": last,
        "next_session_due": mentoring.next_session_due(m.starts_on, m.every_weeks, last) if live else None,
    }


@router.get(
    "/mentorships",
    response={200: list[MentorshipOut], **ERRORS},
    url_name="development_mentorships",
    summary="Mentorships the caller may see",
)
def mentorships(request):
    from serviceladder.org.selectors import today

    on = today()
    return [_mentorship(m, on) for m in mentoring.mentorships_for_api(request.auth)]


@router.get(
    "/mentorships/{pk}/sessions",
    response={200: list[SessionOut], **ERRORS},
    url_name="development_mentoring_sessions",
    summary="The sessions of a mentorship, newest first (mentor, mentee, HR)",
)
def sessions(request, pk: int):
    m = mentoring.access_mentorship(request.auth, pk)
    found = mentoring.sessions_of(request.auth, m)
    if found is None:
        raise PermissionDeniedError()
    return [{"id": s.pk, "held_on": s.held_on, "notes": s.notes, "next_steps": s.next_steps} for s in found]


@router.get(
    "/people/{number}/contributions",
    response={200: list[ContributionOut], **ERRORS},
    url_name="development_contributions",
    summary="A person's development record, newest first",
)
def contributions(request, number: str):
    employee = access_plan_employee(request.auth, number)
    rows = record.contributions_of(request.auth, employee)
    if rows is None:
        raise NotFoundOrForbidden()
    return [
        {
            "id": r.contribution.pk,
            "kind": r.contribution.kind,
            "title": r.contribution.title,
            "date": r.contribution.date,
            "description": r.contribution.description,
            "evidence": r.contribution.evidence,
            "recorded_by": r.contribution.recorded_by_label,
        }
        for r in rows
    ]
