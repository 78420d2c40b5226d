"""Enrolment work for the to-do registry (registered in apps.py): a person's courses to book or finish; a
trainer's sessions that have started and still wait for marks; a lead's team members' overdue courses (those
from a curriculum are the curricula's own to-do). Each item goes away once done."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import trainer_course_ids, user_employee, user_roles
from serviceladder.core.translatable import Message, names_of
from serviceladder.todos.registry import TodoItem

BOOK = "learning.book"
FINISH = "learning.finish"
MARK = "learning.mark"
TEAM_OVERDUE = "learning.team_overdue"
KINDS = {
    BOOK: _("Book a course session"),
    FINISH: _("Finish an online course"),
    MARK: _("Mark a session"),
    TEAM_OVERDUE: _("Team course overdue"),
}
BOOK_TITLE = _("Book a session: {course}")
FINISH_TITLE = _("Finish the online course {course}")
MARK_TITLE = _("Mark the session of {course} on {day}")
OVERDUE_TITLE = _("{person}: {course} is overdue")


def enrolment_todos(user) -> list[TodoItem]:
    roles = user_roles(user)
    if not roles:
        return []
    from serviceladder.learning.engine import states
    from serviceladder.learning.models import Enrolment, Session
    from serviceladder.learning.selectors.enrolments import sessions_to_mark

    items: list[TodoItem] = []
    me = user_employee(user)
    if me is not None:
        # A promotion's trainings are the promotion to-do's (promotions.todos), listed once.
        mine = list(
            Enrolment.objects.filter(employee=me, state__in=(states.ASSIGNED, states.IN_PROGRESS))
            .exclude(application__isnull=False)
            .exclude(source=Enrolment.Source.PROMOTION)
            .select_related("course")
        )
        bookable = set(
            Session.objects.filter(
                course_id__in={e.course_id for e in mine},
                status=Session.Status.SCHEDULED,
                starts_at__gt=timezone.now(),
            ).values_list("course_id", flat=True)
        )
        for e in mine:
            online = e.course.mode == states.ONLINE
            if not online and e.course_id not in bookable:
                continue  # nothing to book yet
            items.append(
                TodoItem(
                    kind=FINISH if online else BOOK,
                    title=Message(FINISH_TITLE if online else BOOK_TITLE, course=names_of(e.course)),
                    url=reverse("learning_enrolment", args=[e.pk]),
                    due=e.due_on,
                    since=e.assigned_on,
                    key=f"enrolment:{e.pk}",
                )
            )
    if trainer_course_ids(user):
        for s in sessions_to_mark_for_trainer(user, sessions_to_mark):
            items.append(
                TodoItem(
                    kind=MARK,
                    title=Message(
                        MARK_TITLE,
                        course=names_of(s.course),
                        day=timezone.localtime(s.starts_at).date().isoformat(),
                    ),
                    url=reverse("learning_session", args=[s.pk]) + "#roster",
                    since=timezone.localtime(s.starts_at).date(),
                    key=f"session:{s.pk}",
                )
            )
    if Role.TEAM_LEAD in roles and me is not None:
        today = timezone.localdate()
        overdue = (
            Enrolment.objects.filter(
                employee__team__lead=me, state__in=states.OPEN, due_on__lt=today, curriculum_item__isnull=True
            )
            .exclude(employee=me)
            .select_related("course", "employee")
        )
        for e in overdue:
            items.append(
                TodoItem(
                    kind=TEAM_OVERDUE,
                    title=Message(OVERDUE_TITLE, person=e.employee.name, course=names_of(e.course)),
                    url=reverse("learning_enrolment", args=[e.pk]),
                    due=e.due_on,
                    key=f"enrolment:{e.pk}",
                )
            )
    return items


def sessions_to_mark_for_trainer(user, selector):
    """The trainer's own courses' sessions waiting for marks (HR's are not a to-do: HR sees every session)."""
    courses = trainer_course_ids(user)
    return [s for s in selector(user) if s.course_id in courses]
