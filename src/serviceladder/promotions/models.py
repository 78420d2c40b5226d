"""Promotion cycles and applications (policy 001 §6–8). Data only: services.py is the only writer, and a
state changes only through workflow.transition_apply (which reads states.TRANSITIONS)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from serviceladder.promotions.states import OPEN_STATES, Action, State


class PromotionCycle(models.Model):
    """A round of promotions opened by HR inside one of the policy's application windows."""

    name = models.CharField(_("name"), max_length=200)
    # The name in the other language (English for a Chinese name, Chinese for an English one); optional.
    name_alt = models.CharField(_("name in the other language"), max_length=200, blank=True, default="")
    policy_version = models.ForeignKey("policy.PolicyVersion", on_delete=models.PROTECT, related_name="+")
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"))
    # Target level code → most approvals in this cycle (copied from the policy at opening; HR may edit).
    quotas = models.JSONField(_("quota per target level"), default=dict, blank=True)
    # +1 on every change (its quotas); a form or API client sends back what it saw as expected_version.
    version = models.PositiveIntegerField(default=1)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="cycle_window_order"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (core.i18n.localized): as typed, or its translation."""
        from serviceladder.core.i18n import localized

        return localized(self.name, self.name_alt)


class PromotionApplication(models.Model):
    class Kind(models.TextChoices):
        PROMOTION = "promotion", _("Promotion")
        EXPERT = "expert", _("Move to the expert track")
        TRANSFER = "transfer", _("Cross-department transfer")

    cycle = models.ForeignKey(PromotionCycle, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        "org.Employee", on_delete=models.PROTECT, related_name="promotion_applications"
    )
    from_level = models.ForeignKey("ladder.Level", on_delete=models.PROTECT, related_name="+")
    target_level = models.ForeignKey("ladder.Level", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROMOTION)
    nominated_by = models.ForeignKey(
        "org.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="promotion_nominations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The application form (policy 001 §6.1).
    achievements = models.TextField(_("achievements"), blank=True)
    capability_growth = models.TextField(_("growth in capability"), blank=True)
    role_understanding = models.TextField(_("understanding of the new role"), blank=True)
    plan = models.TextField(_("plan for the new role"), blank=True)
    # Frozen at submission: the eligibility decision (eligibility.serialize.decision_to_dict shape).
    eligibility_snapshot = models.JSONField(_("eligibility at submission"), default=dict, blank=True)
    eligibility_status = models.CharField(_("eligibility at submission"), max_length=20, blank=True)
    is_exception = models.BooleanField(_("exception"), default=False)
    exception_reason = models.TextField(_("reason for the exception"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(default=1)  # +1 on every change; a form may send what it saw
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    notice = models.ForeignKey(
        "PromotionNotice", on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    quota_override_reason = models.TextField(_("reason for approving over the quota"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "applicant"],
                condition=Q(state__in=sorted(OPEN_STATES)),
                name="one_open_application_per_cycle",
            )
        ]
        indexes = [models.Index(fields=["cycle", "state"])]

    def __str__(self) -> str:
        return f"{self.applicant_id} → {self.target_level_id} ({self.state})"


def attachment_path(instance: ApplicationAttachment, filename: str) -> str:
    # The stored name is ours (the original name is kept in a field): no user text in paths.
    import uuid
    from pathlib import PurePath

    return f"promotions/{instance.application_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(
        PromotionApplication, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class StageOpinion(models.Model):
    """The opinion written at a review stage (department, HR, management) with its decision."""

    class Stage(models.TextChoices):
        DEPARTMENT = "department", _("Department review")
        HR = "hr", _("HR review")
        MANAGEMENT = "management", _("Management approval")

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")

    application = models.ForeignKey(PromotionApplication, on_delete=models.CASCADE, related_name="opinions")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    opinion = models.TextField(_("opinion"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    actor_label = models.CharField(_("by"), max_length=200)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Assessment(models.Model):
    """An interview or assessment HR adds during its review (policy 001 §6.3)."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        ASSESSMENT = "assessment", _("Assessment")

    application = models.ForeignKey(
        PromotionApplication, on_delete=models.CASCADE, related_name="assessments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    scheduled_at = models.DateTimeField(_("scheduled at"))
    scores = models.JSONField(_("scores"), default=dict, blank=True)  # name → "87.5" (Decimal as text)
    result_note = models.TextField(_("result"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheduled_at", "pk"]


class PromotionNotice(models.Model):
    """A public notice (公示) of approved promotions: names and from/to levels only, never figures or pay."""

    cycle = models.ForeignKey(PromotionCycle, on_delete=models.PROTECT, related_name="notices")
    published_on = models.DateField(_("published on"))
    ends_on = models.DateField(_("notice ends on"))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    publication_day_counts = models.BooleanField(_("publication day counts"))
    holiday_calendar = models.CharField(_("holiday calendar"), max_length=10)
    # The end date touched a year whose holiday calendar is not official yet (weekends only).
    provisional_years = models.JSONField(_("provisional calendar years"), default=list, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-pk"]

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)


class Appeal(models.Model):
    """An appeal against a published promotion. The appellant's identity is for HR only."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        UPHELD_DEPARTMENT = "upheld_department", _("Upheld: back to the department review")
        UPHELD_HR = "upheld_hr", _("Upheld: back to the HR review")
        UPHELD_REJECT = "upheld_reject", _("Upheld: promotion rejected")
        CLOSED = "closed", _("Closed: the application left the notice")

    application = models.ForeignKey(PromotionApplication, on_delete=models.PROTECT, related_name="appeals")
    appellant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("appeal"))
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    answer_due_on = models.DateField(_("answer due on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["filed_at", "pk"]
        indexes = [models.Index(fields=["application", "outcome"])]


class PayChange(models.Model):
    """The pay that comes with the promotion (policy 001 §8: pay rule). Visible to the applicant, HR and
    management only (accounts.scoping.can_see_pay)."""

    application = models.OneToOneField(
        PromotionApplication, on_delete=models.CASCADE, related_name="pay_change"
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    old_amount = models.DecimalField(
        _("previous pay"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    min_ratio = models.DecimalField(_("minimum ratio"), max_digits=5, decimal_places=2)
    band_min = models.DecimalField(_("band minimum"), max_digits=12, decimal_places=2, null=True, blank=True)
    band_max = models.DecimalField(_("band maximum"), max_digits=12, decimal_places=2, null=True, blank=True)
    proposed_amount = models.DecimalField(_("proposed pay"), max_digits=12, decimal_places=2)
    capped = models.BooleanField(_("capped at the band maximum"), default=False)
    final_amount = models.DecimalField(_("final pay"), max_digits=12, decimal_places=2)
    adjustment_reason = models.TextField(_("reason for the adjustment"), blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adjusted_at = models.DateTimeField(_("adjusted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def adjusted(self) -> bool:
        return self.adjusted_at is not None


class Comment(models.Model):
    application = models.ForeignKey(PromotionApplication, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    author_label = models.CharField(_("by"), max_length=200)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class TransitionLog(models.Model):
    """One row per state change: who, when, from, to, with which opinion. Append-only; the case timeline."""

    application = models.ForeignKey(PromotionApplication, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    actor_label = models.CharField(_("by"), max_length=200)
    channel = models.CharField(_("channel"), max_length=20, default="web")
    opinion = models.TextField(_("opinion"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("transition history is append-only")
        super().save(*args, **kwargs)
