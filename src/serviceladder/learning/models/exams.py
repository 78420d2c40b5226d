"""Exams taken in the product (issue 17 item 5; seed 001 §5.2 "knowledge and skills exam").

HR writes questions (single choice, multiple choice, true/false, short answer marked by a person) per course
or level, and assembles an exam from them (a fixed set, or a random draw from the pool), with a pass mark, a
time limit and the attempts allowed. An attempt freezes the questions it drew; answers autosave; the
deadline is the server's (a reload or a second tab sees the same attempt and the same clock). Each marked
attempt writes one `org.ExamResult` with the exam's code, which the eligibility engine's `exam_score`
condition reads (the policy says whether the best or the latest counts).

Questions are never shown to an agent outside an attempt, nor after it unless the exam allows review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        TRUE_FALSE = "true_false", _("true or false")
        SHORT = "short", _("short answer")

    # A bank per course or per level (one of the two).
    course = models.ForeignKey(
        "learning.Course", on_delete=models.PROTECT, null=True, blank=True, related_name="questions"
    )
    level_code = models.CharField(_("level"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text_zh = models.TextField(_("question (Chinese)"))
    text_en = models.TextField(_("question (English)"))
    # Choice questions: [{"key": "a", "zh": "…", "en": "…"}, …] in the order shown.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # The keys of the right choices ([] for a short answer; ["true"] or ["false"] for true/false).
    correct = models.JSONField(_("correct answer"), default=list, blank=True)
    # What a marker looks for in a short answer (never shown to the person taking the exam).
    marking_guide = models.TextField(_("marking guide"), blank=True)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1, default=1)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course_id", "level_code", "pk"]

    def __str__(self) -> str:
        return f"question {self.pk}"

    @property
    def text(self) -> str:
        from serviceladder.core.i18n import pick

        return pick(self.text_zh, self.text_en)


class Exam(models.Model):
    class Draw(models.TextChoices):
        FIXED = "fixed", _("fixed set")
        RANDOM = "random", _("random draw")

    class Counts(models.TextChoices):
        BEST = "best", _("best attempt")
        LATEST = "latest", _("latest attempt")

    # The code a policy's `exams:` section and a transition's `exam` condition name.
    code = models.CharField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    course = models.ForeignKey(
        "learning.Course", on_delete=models.PROTECT, null=True, blank=True, related_name="exams"
    )
    level_code = models.CharField(_("level"), max_length=40, blank=True)
    draw = models.CharField(_("questions"), max_length=8, choices=Draw.choices, default=Draw.FIXED)
    # The fixed set, or the pool a random draw takes `draw_count` questions from.
    questions = models.ManyToManyField(Question, blank=True, related_name="exams")
    draw_count = models.PositiveSmallIntegerField(_("questions drawn"), null=True, blank=True)
    pass_percent = models.DecimalField(_("pass mark (%)"), max_digits=5, decimal_places=2, default=60)
    # None: no time limit; no limit on attempts.
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), null=True, blank=True)
    allow_review = models.BooleanField(_("people may review their marked answers"), default=False)
    counts = models.CharField(
        _("result that counts"), max_length=8, choices=Counts.choices, default=Counts.BEST
    )
    # Open for taking; HR opens an exam once its questions are ready.
    published = models.BooleanField(_("open for taking"), default=False)
    from_policy = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"exam {self.code}"

    @property
    def name(self) -> str:
        from serviceladder.core.i18n import pick

        return pick(self.name_zh, self.name_en)


class Attempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        AWAITING_MARKING = "awaiting_marking", _("awaiting marking")
        MARKED = "marked", _("marked")

    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="attempts")
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="exam_attempts")
    number = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.IN_PROGRESS)
    started_at = models.DateTimeField()
    # The server's deadline (None without a time limit): answers after it are refused, and the autosaved
    # answers are submitted as they stood.
    deadline_at = models.DateTimeField(null=True, blank=True)
    # The questions drawn, in the order shown (ids), frozen at the start.
    question_ids = models.JSONField(default=list)
    # {question id (str): answer}; a choice answer is a list of keys, a short answer a string.
    answers = models.JSONField(default=dict, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Submitted by the deadline passing rather than by the person.
    timed_out = models.BooleanField(default=False)
    # {question id (str): points awarded}; choice questions marked on submission, short answers by a marker.
    marks = models.JSONField(default=dict, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)
    result = models.OneToOneField(
        "org.ExamResult", on_delete=models.SET_NULL, null=True, blank=True, related_name="attempt"
    )

    class Meta:
        ordering = ["exam_id", "employee_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "employee", "number"], name="attempt_number_unique"),
            # A second tab or a double click cannot open a second attempt.
            models.UniqueConstraint(
                fields=["exam", "employee"],
                condition=Q(state="in_progress"),
                name="one_attempt_in_progress",
            ),
        ]

    def __str__(self) -> str:
        return f"attempt {self.pk} {self.exam_id}/{self.employee_id} #{self.number}"
