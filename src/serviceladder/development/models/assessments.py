"""Skill assessments against a target level's competency profile (issue 14, item 1).

An assessment is one person against one target level, under the policy version that gave the profile (read
from that version, which never changes). Ratings come from three groups: the person themselves, their
superior (lead, head or HR: whoever may confirm today; this is what the `competency_confirmation` clause
reads) and, when the policy enables it, up to five peers chosen by the lead, in a round with a closing date.

Peer anonymity: a peer's answer is stored without its author and without a time, and the invitation only
says whether it was answered. The peer average is computed once, when the round closes, and only from the
policy's minimum number of answers; before that, or with fewer answers, nothing is shown.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Assessment(models.Model):
    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="assessments")
    target_level_code = models.CharField(_("target level"), max_length=40)
    policy_version = models.ForeignKey("policy.PolicyVersion", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The peer round: open until `peer_closes_on` (inclusive), closed once (`peer_closed_at`).
    peer_closes_on = models.DateField(_("peer rating closes on"), null=True, blank=True)
    peer_closed_at = models.DateTimeField(_("peer rating closed at"), null=True, blank=True)
    peer_answers = models.PositiveSmallIntegerField(_("peer answers"), null=True, blank=True)
    # competency code → mean peer proficiency, set at closing and only from enough answers; else empty.
    peer_average = models.JSONField(_("peer average"), default=dict, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["employee", "target_level_code"])]

    def __str__(self) -> str:
        return f"assessment {self.pk}: {self.employee_id} → {self.target_level_code}"


GENERAL_NOTE = ""  # the evidence key of a note on the whole rating (never a competency code)


class Rating(models.Model):
    """One rater group's proficiencies (1–5 per competency) with optional evidence notes."""

    class Group(models.TextChoices):
        SELF = "self", pgettext_lazy("rater group", "self")
        SUPERIOR = "superior", pgettext_lazy("rater group", "superior")
        PEER = "peer", pgettext_lazy("rater group", "peer")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    group = models.CharField(_("rated by"), max_length=10, choices=Group.choices)
    scores = models.JSONField(_("ratings"), default=dict)  # competency code → 1..5
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)  # competency code → note
    # Left empty for a peer's answer (anonymity); set for the person and the superior.
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rated_by_label = models.CharField(_("rated by"), max_length=200, blank=True)

    class Meta:
        ordering = ["assessment", "group", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(group="peer") | (Q(rated_by__isnull=True) & Q(rated_at__isnull=True)),
                name="peer_rating_is_anonymous",
            ),
        ]


def _token() -> str:
    return secrets.token_urlsafe(24)


class PeerInvitation(models.Model):
    """A colleague invited by the lead to rate the person in an assessment's peer round. Only whether it
    was answered is kept, never which answer is theirs or when."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="peer_invitations")
    peer = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=_token)
    answered = models.BooleanField(default=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "peer"], name="one_invitation_per_peer")]
