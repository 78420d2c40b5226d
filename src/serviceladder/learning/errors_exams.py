"""Errors of exams, question banks and attempts (issue 17 item 5); messages are module constants the tests
import."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed

ATTEMPT_NOT_FOUND = _("There is no such exam attempt.")
EXAM_NOT_FOUND = _("There is no such exam.")
EXAM_NOT_OPEN = _("This exam is not open for taking.")
ATTEMPTS_USED_UP = _("You have used all %(allowed)s attempts this exam allows.")
ATTEMPT_IN_PROGRESS = _(
    "You already have an attempt of this exam in progress (perhaps in another tab); continue that one."
)
NO_QUESTIONS = _("This exam has no questions to draw yet.")
TIME_UP = _(
    "The time limit has passed: answers are no longer accepted. Your answers saved before the deadline "
    "were submitted."
)
ATTEMPT_CLOSED = _("This attempt has already been submitted; its answers can no longer change.")
UNKNOWN_QUESTION = _("Question %(question)s is not part of this attempt.")
UNKNOWN_CHOICE = _("Question %(question)s has no choice %(found)s; allowed: %(allowed)s.")
ONE_CHOICE = _("Question %(question)s takes one answer; found %(count)s.")
ANSWER_TOO_LONG = _("The answer to question %(question)s is %(length)s characters long; at most %(limit)s.")
CANNOT_MARK = _("Only HR and the trainers of the exam's course may mark its attempts.")
NOT_AWAITING = _("This attempt is not waiting for marking.")
MARK_MISSING = _("Give a mark for question %(question)s.")
MARK_RANGE = _("The mark for question %(question)s must be a number from 0 to %(points)s; found %(found)s.")
CANNOT_MANAGE = _("Only HR may assemble exams.")
CANNOT_WRITE = _("Only HR and the trainers of a course may write questions for its bank.")

# Question bank and exam assembly.
QUESTION_BANK = _("Give the question's course or level (one of the two).")
UNKNOWN_KIND = _("Unknown kind of question %(found)s; allowed: %(allowed)s.")
TEXT_REQUIRED = _("Write the question in both languages (at most %(limit)s characters each).")
CHOICES_COUNT = _("A choice question needs from 2 to %(limit)s choices, each with a text; found %(found)s.")
CHOICE_TEXT = _("Choice %(key)s needs a text in Chinese or English (at most %(limit)s characters).")
CORRECT_SINGLE = _("Mark exactly one right choice; found %(found)s.")
CORRECT_MULTIPLE = _("Mark at least one right choice.")
CORRECT_TRUE_FALSE = _("Say whether the statement is true or false.")
POINTS = _("Give the points as a number from 0.5 to 100; found %(found)s.")
UNKNOWN_COURSE = _("Unknown course %(found)s.")
UNKNOWN_LEVEL = _("Unknown level %(found)s.")
CODE_INVALID = _("Give the exam a code of 1 to 40 letters, digits, dashes or underscores; found %(found)s.")
CODE_TAKEN = _("An exam with the code %(found)s already exists.")
NAME_REQUIRED = _("Give the exam a name in Chinese or English (at most %(limit)s characters).")
DRAW_COUNT = _("A random draw takes from 1 to the %(pool)s questions chosen; found %(found)s.")
PASS_PERCENT = _("Give the pass mark as a percent from 0 to 100; found %(found)s.")
TIME_LIMIT = _("Give the time limit in whole minutes from 1 to 600, or leave it empty; found %(found)s.")
ATTEMPTS = _("Give the attempts allowed as a whole number from 1 to 50, or leave it empty; found %(found)s.")
QUESTIONS_REQUIRED = _("Choose at least one question for the exam.")
QUESTION_NOT_IN_BANK = _("Question %(found)s does not belong to this exam's course or level.")


class ExamInvalid(ValidationFailed):
    code = "exam_invalid"


class ExamNotAllowed(PermissionDeniedError):
    code = "exam_not_allowed"
    message = CANNOT_MANAGE


class ExamNotFound(NotFoundOrForbidden):
    code = "exam_not_found"
    message = EXAM_NOT_FOUND


class AttemptNotFound(NotFoundOrForbidden):
    code = "attempt_not_found"
    message = ATTEMPT_NOT_FOUND


class ExamNotOpen(ValidationFailed):
    code = "exam_not_open"
    message = EXAM_NOT_OPEN


class AttemptsUsedUp(ValidationFailed):
    code = "attempts_used_up"
    message = ATTEMPTS_USED_UP


class AttemptInProgress(ValidationFailed):
    code = "attempt_in_progress"
    message = ATTEMPT_IN_PROGRESS


class AttemptTimeUp(ValidationFailed):
    code = "attempt_time_up"
    message = TIME_UP


class AttemptClosed(ValidationFailed):
    code = "attempt_closed"
    message = ATTEMPT_CLOSED


class AnswerInvalid(ValidationFailed):
    code = "answer_invalid"


class MarkInvalid(ValidationFailed):
    code = "mark_invalid"
