"""Writers of the anonymous pulse (issue 16 item 4): HR schedules a cycle for a month and opens and closes it
(the daily step does both by date); a person answers once per cycle, anonymously or shared with their lead,
and may take a share back.

What anonymity means here, and how the code keeps it:

- An anonymous answer writes two rows in one transaction: `PulseAnswered` (cycle, person), which only stops
  a second answer, and `PulseResponse` (cycle, team and department at the time, values, comment), which has
  no person, no time and a random key. Nothing else is written: no audit row, no log line, no notification,
  no message naming the person. The cycle's audit rows (scheduled, opened, closed) carry ids, the month and
  counts.
- Closing a cycle rewrites its responses: they are read, deleted and inserted again in a random order with
  new random keys, so neither the keys, the table's physical order nor the database's row versions follow
  the order of answering.
- A shared answer writes `PulseAnswered` and `PulseShared` (named: the person chose to show it to their
  lead) and no `PulseResponse`: shared answers are never in the anonymous totals. Taking a share back
  deletes the shared copy; the answer does not go back into the totals, and the person cannot answer again
  in that cycle. Were it to re-enter the totals, the results before and after would differ by exactly that
  person's answer, which the lead has seen: the lead could subtract and learn who moved what.
- The answer page's request body is never logged: the view marks every POST field sensitive (Django's error
  reports), and an unexpected failure while saving is re-raised without its chain (PulseSaveFailed), so no
  traceback carries the values. The server's request log prints method, path, status and time only.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from serviceladder.accounts.scoping import can_answer_pulse, can_manage_pulse, pulse_lead_of, user_employee
from serviceladder.audit.services import Actor, audit_record
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today as local_today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force
from serviceladder.rules.periods import date_month_index, first_day, month_index, month_label
from serviceladder.wellbeing.errors_pulse import (
    ALREADY_ANSWERED,
    ALREADY_SCHEDULED,
    ANOTHER_OPEN,
    BAD_ANSWER,
    BAD_CHOICE,
    BAD_MONTH,
    BAD_OPENS_ON,
    CANNOT_ANSWER,
    COMMENT_TOO_LONG,
    MISSING_ANSWER,
    NO_LEAD,
    NO_QUESTIONS,
    NOT_OPEN,
    NOT_SCHEDULED,
    NOT_SHARED,
    UNKNOWN_QUESTION,
    WELLBEING_OFF,
    PulseInvalid,
    PulseNotAllowed,
)
from serviceladder.wellbeing.models import PulseAnswered, PulseCycle, PulseResponse, PulseShared

COMMENT_LIMIT = 1000
MIN_QUESTIONS, MAX_QUESTIONS = 3, 6
SCALE = range(1, 6)
ANONYMOUS, SHARED = "anonymous", "shared"

_shuffle = random.SystemRandom().shuffle
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _require_manager(actor: Actor) -> None:
    if actor.user is not None and not can_manage_pulse(actor.user):
        raise PulseNotAllowed()


def _policy(day: dt.date):
    try:
        return policy_in_force(day)
    except NoPolicyInForce:
        return None


def pulse_questions_in_force(day: dt.date) -> list[dict]:
    """The policy's questions as a cycle keeps them, or PulseInvalid when wellbeing is off or the policy
    does not ask 3 to 6 questions."""
    policy = _policy(day)
    if policy is None or not policy.wellbeing.enabled:
        raise PulseInvalid(WELLBEING_OFF)
    questions = policy.wellbeing.pulse.questions
    if not MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS:
        raise PulseInvalid(NO_QUESTIONS, count=len(questions))
    return [
        {"code": q.code, "theme": q.theme, "zh": q.zh, "en": q.en, "high_is_bad": q.high_is_bad}
        for q in questions
    ]


def open_days_in_force(day: dt.date) -> int:
    policy = _policy(day)
    return policy.wellbeing.pulse.open_days if policy is not None else 7


def min_group_in_force(day: dt.date) -> int:
    policy = _policy(day)
    return policy.wellbeing.pulse.min_group if policy is not None else 5


def _parse_month(text: str, today: dt.date) -> str:
    raw = (text or "").strip()
    if not MONTH.fullmatch(raw):
        raise PulseInvalid(BAD_MONTH, found=raw[:20] or "—")
    index = month_index(raw)
    if index < date_month_index(today):
        raise PulseInvalid(BAD_MONTH, found=raw)
    return month_label(index)


def _parse_opens_on(value, month: str, today: dt.date) -> dt.date:
    start = first_day(month_index(month))
    end = first_day(month_index(month) + 1) - dt.timedelta(days=1)
    if value in (None, ""):
        return max(start, today)
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise PulseInvalid(BAD_OPENS_ON, month=month, found=str(value)[:20]) from None
    if not (start <= day <= end) or day < today:
        raise PulseInvalid(BAD_OPENS_ON, month=month, found=day.isoformat())
    return day


@transaction.atomic
def pulse_cycle_schedule(
    *, actor: Actor, month: str, opens_on: dt.date | str | None = None, today: dt.date | None = None
) -> PulseCycle:
    """Schedule the pulse of `month` (this month or a later one): the questions of the policy in force are
    copied into the cycle (a later policy change does not alter a cycle's questions); it opens on
    `opens_on` (default: the month's first day, or today within the current month) for `open_days` days."""
    _require_manager(actor)
    today = today or local_today()
    month = _parse_month(month, today)
    day = _parse_opens_on(opens_on, month, today)
    questions = pulse_questions_in_force(today)
    if PulseCycle.objects.filter(month=month).exists():
        raise PulseInvalid(ALREADY_SCHEDULED, month=month)
    closes_on = day + dt.timedelta(days=open_days_in_force(today) - 1)
    cycle = PulseCycle.objects.create(
        month=month, opens_on=day, closes_on=closes_on, questions=questions, created_by=actor.user
    )
    audit_record(
        actor=actor,
        action="pulse.cycle_schedule",
        obj=cycle,
        after={
            "month": month,
            "opens_on": day.isoformat(),
            "closes_on": closes_on.isoformat(),
            "questions": [q["code"] for q in questions],
        },
    )
    return cycle


def _locked(cycle: PulseCycle) -> PulseCycle:
    return PulseCycle.objects.select_for_update().get(pk=cycle.pk)


@transaction.atomic
def pulse_cycle_open(*, actor: Actor, cycle: PulseCycle, today: dt.date | None = None) -> PulseCycle:
    """Open a scheduled cycle (HR may open it before its date; it then runs from today for as long as it
    would have). One cycle is open at a time."""
    _require_manager(actor)
    today = today or local_today()
    cycle = _locked(cycle)
    if cycle.state != PulseCycle.State.SCHEDULED:
        raise PulseInvalid(NOT_SCHEDULED, state=cycle.get_state_display())
    other = PulseCycle.objects.filter(state=PulseCycle.State.OPEN).exclude(pk=cycle.pk).first()
    if other is not None:
        raise PulseInvalid(ANOTHER_OPEN, month=other.month)
    if today < cycle.opens_on:
        cycle.closes_on = today + (cycle.closes_on - cycle.opens_on)
        cycle.opens_on = today
    cycle.state = PulseCycle.State.OPEN
    cycle.save(update_fields=["state", "opens_on", "closes_on"])
    audit_record(actor=actor, action="pulse.cycle_open", obj=cycle, after={"month": cycle.month})
    return cycle


@transaction.atomic
def pulse_cycle_close(*, actor: Actor, cycle: PulseCycle, today: dt.date | None = None) -> PulseCycle:
    """Close an open cycle: no more answers; its responses are rewritten in a random order with new random
    keys (see the module's docstring); its results can be shown from now on."""
    _require_manager(actor)
    today = today or local_today()
    cycle = _locked(cycle)
    if cycle.state != PulseCycle.State.OPEN:
        raise PulseInvalid(NOT_OPEN, state=cycle.get_state_display())
    count = _rewrite_shuffled(cycle)
    cycle.state = PulseCycle.State.CLOSED
    cycle.closed_at = timezone.now()
    cycle.closes_on = min(cycle.closes_on, today)
    cycle.save(update_fields=["state", "closed_at", "closes_on"])
    audit_record(
        actor=actor, action="pulse.cycle_close", obj=cycle, after={"month": cycle.month, "responses": count}
    )
    return cycle


def _rewrite_shuffled(cycle: PulseCycle) -> int:
    rows = list(cycle.responses.values_list("department_id", "team_id", "values", "comment"))
    _shuffle(rows)
    if connection.vendor == "sqlite":  # deleted rows are overwritten, not left in the file's free pages
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    cycle.responses.all().delete()
    transaction.on_commit(_vacuum_responses)
    PulseResponse.objects.bulk_create(
        [
            PulseResponse(cycle=cycle, department_id=dept, team_id=team, values=values, comment=comment)
            for dept, team, values, comment in rows
        ],
        batch_size=500,
    )
    return len(rows)


def _vacuum_responses() -> None:
    """Once the rewrite has committed, PostgreSQL removes the deleted rows now (each carried the id of the
    transaction that wrote it together with its PulseAnswered row) rather than when autovacuum comes by."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {PulseResponse._meta.db_table}")


def pulse_cycles_step(day: dt.date) -> dict:
    """The daily step: close the open cycles whose last day has passed, then open the scheduled cycle whose
    day has come (the latest one, when several were missed; earlier ones are closed unanswered)."""
    actor = Actor(None, "system")
    closed = opened = 0
    for cycle in PulseCycle.objects.filter(state=PulseCycle.State.OPEN, closes_on__lt=day).order_by("month"):
        pulse_cycle_close(actor=actor, cycle=cycle, today=day)
        closed += 1
    due = list(
        PulseCycle.objects.filter(state=PulseCycle.State.SCHEDULED, opens_on__lte=day).order_by("month")
    )
    if due and not PulseCycle.objects.filter(state=PulseCycle.State.OPEN).exists():
        for cycle in due[:-1]:  # missed entirely: opened and closed at once, so nothing stays pending
            if cycle.closes_on < day:
                pulse_cycle_open(actor=actor, cycle=cycle, today=cycle.opens_on)
                pulse_cycle_close(actor=actor, cycle=cycle, today=day)
                closed += 1
        last = due[-1]
        pulse_cycle_open(actor=actor, cycle=last, today=day)
        opened += 1
        if last.closes_on < day:
            pulse_cycle_close(actor=actor, cycle=last, today=day)
            closed += 1
    return {"opened": opened, "closed": closed}  # old comments: services/retention.py, the one purge


# --- answering ------------------------------------------------------------------------------------------


def parse_values(cycle: PulseCycle, raw: dict) -> dict[str, int]:
    """Each of the cycle's questions answered with a whole number 1–5 (text from a form is accepted); a
    question the cycle does not ask is refused. The error names the question's number, never the value."""
    codes = [q["code"] for q in cycle.questions]
    for code in raw:
        if code not in codes:
            raise PulseInvalid(UNKNOWN_QUESTION, code=str(code)[:40])
    values = {}
    for number, code in enumerate(codes, start=1):
        value = raw.get(code)
        if value in (None, ""):
            raise PulseInvalid(MISSING_ANSWER, number=number)
        try:
            parsed = int(str(value).strip())
        except ValueError:
            raise PulseInvalid(BAD_ANSWER, number=number) from None
        if parsed not in SCALE:
            raise PulseInvalid(BAD_ANSWER, number=number)
        values[code] = parsed
    return values


def _clean_comment(comment: str) -> str:
    text = (comment or "").strip()
    if len(text) > COMMENT_LIMIT:
        raise PulseInvalid(COMMENT_TOO_LONG, length=len(text), limit=COMMENT_LIMIT)
    return text


def pulse_answer(*, actor: Actor, cycle: PulseCycle, values: dict, comment: str = "", choice: str) -> None:
    """Answer `cycle` once as the acting person: `choice` ANONYMOUS keeps the answer apart from the person
    (see the module's docstring); SHARED shows it, named, to the person's lead and keeps it out of the
    anonymous totals. Returns nothing, so no caller gets something that links the two."""
    me = user_employee(actor.user) if actor.user is not None else None
    if me is None or not can_answer_pulse(actor.user):
        raise PulseNotAllowed(CANNOT_ANSWER)
    pulse_answer_record(cycle=cycle, person=me, values=values, comment=comment, choice=choice)


def pulse_answer_record(
    *, cycle: PulseCycle, person: Employee, values: dict, comment: str, choice: str
) -> None:
    """The writing half of pulse_answer, for a person already known to be allowed (the demo answers for
    people without a login through it)."""
    if choice not in (ANONYMOUS, SHARED):
        raise PulseInvalid(BAD_CHOICE)
    parsed = parse_values(cycle, values or {})
    text = _clean_comment(comment)
    with transaction.atomic():
        current = PulseCycle.objects.select_for_update().get(pk=cycle.pk)
        if current.state != PulseCycle.State.OPEN:
            raise PulseInvalid(NOT_OPEN, state=current.get_state_display())
        # The person's row, locked: a second answer racing this one waits here and then finds the first,
        # so the unique constraint (whose violation a database server would log with the ids) stays a
        # last guard.
        list(Employee.objects.select_for_update().filter(pk=person.pk).values_list("pk"))
        person = Employee.objects.select_related("team__department").get(pk=person.pk)
        if PulseAnswered.objects.filter(cycle=current, employee=person).exists():
            raise PulseInvalid(ALREADY_ANSWERED)
        if choice == SHARED and pulse_lead_of(person) is None:
            raise PulseInvalid(NO_LEAD)
        try:
            with transaction.atomic():
                PulseAnswered.objects.create(cycle=current, employee=person)
        except IntegrityError:
            raise PulseInvalid(ALREADY_ANSWERED) from None
        if choice == SHARED:
            PulseShared.objects.create(cycle=current, employee=person, values=parsed, comment=text)
        else:
            team = person.team
            PulseResponse.objects.create(
                cycle=current,
                team=team,
                department=team.department if team is not None else None,
                values=parsed,
                comment=text,
            )


@transaction.atomic
def pulse_share_revoke(*, actor: Actor, cycle: PulseCycle) -> None:
    """Take back the answers shared in `cycle`: the lead no longer sees them. They do not go back into the
    anonymous totals and the person does not answer again (see the module's docstring: no subtraction)."""
    me = user_employee(actor.user) if actor.user is not None else None
    if me is None:
        raise PulseNotAllowed(CANNOT_ANSWER)
    deleted, _by_model = PulseShared.objects.filter(cycle=cycle, employee=me).delete()
    if not deleted:
        raise PulseInvalid(NOT_SHARED)
