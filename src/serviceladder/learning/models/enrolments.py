"""Sessions and enrolments (issue 17 item 2): a course runs in sessions; a person is enrolled in a course
(from a promotion's finalisation, a development plan's training action, a curriculum, by their lead, by HR,
or by themselves where the course allows it) and moves through its states, with a due date.

States: assigned → scheduled (a seat in a session) → attended → completed / failed; an online course goes
assigned → in progress (with its progress) → completed. A full session puts the person on its waiting list.
A completion past its course's validity turns the enrolment expired; cancelled ends it without a result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Session(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    course = models.ForeignKey("learning.Course", on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # None: no limit.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    # The day the "starts soon" reminder went out (exactly once).
    reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"session {self.pk} of {self.course_id}"


class Enrolment(models.Model):
    class State(models.TextChoices):
        ASSIGNED = "assigned", _("assigned")
        WAITLISTED = "waitlisted", _("on the waiting list")
        SCHEDULED = "scheduled", _("scheduled")
        IN_PROGRESS = "in_progress", _("in progress")
        ATTENDED = "attended", _("attended")
        COMPLETED = "completed", _("completed")
        FAILED = "failed", _("failed")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    class Source(models.TextChoices):
        PROMOTION = "promotion", _("promotion")
        PLAN = "plan", _("development plan")
        CURRICULUM = "curriculum", _("curriculum")
        LEAD = "lead", _("team lead")
        HR = "hr", _("HR")
        SELF = "self", _("self-enrolled")
        IMPORT = "import", _("import")
        RENEWAL = "renewal", _("certification renewal")

    OPEN_STATES = (State.ASSIGNED, State.WAITLISTED, State.SCHEDULED, State.IN_PROGRESS, State.ATTENDED)

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey("learning.Course", on_delete=models.PROTECT, related_name="enrolments")
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrolments"
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.ASSIGNED)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    # Where it came from, when it came from a record of the product.
    application = models.ForeignKey(
        "promotions.PromotionApplication", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    plan_action = models.ForeignKey(
        "development.PlanAction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    curriculum_item = models.ForeignKey(
        "learning.CurriculumItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The completion this enrolment renews (a certification about to expire; learning.services.renewals).
    renews = models.ForeignKey(
        "learning.Completion", on_delete=models.SET_NULL, null=True, blank=True, related_name="renewals"
    )
    assigned_on = models.DateField(_("assigned on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # Online courses: when the person started and how far they got (0–100).
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # When the person joined the waiting list (the order seats are offered in).
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    # The day the overdue reminder went out (exactly once per enrolment).
    overdue_reminded_on = models.DateField(null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["employee_id", "due_on", "pk"]
        constraints = [
            # One open enrolment per person and course: a second assignment joins the open one.
            models.UniqueConstraint(
                fields=["employee", "course"],
                condition=Q(state__in=["assigned", "waitlisted", "scheduled", "in_progress", "attended"]),
                name="one_open_enrolment_per_course",
            )
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="enrolment_state_due")]

    def __str__(self) -> str:
        return f"enrolment {self.pk} {self.employee_id}/{self.course_id} {self.state}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class EnrolmentEvent(models.Model):
    """Append-only history of one enrolment's states (who moved it, when, why), shown on its page."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(max_length=12, choices=Enrolment.State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
