"""Domain errors of the development app. Message constants are module-level so tests can import them."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import PermissionDeniedError, ValidationFailed

# Who may rate (skill assessments, issue 14 item 1). The superior's rating is the competency confirmation.
CANNOT_CONFIRM = _("Only the person's team lead, their department head or HR may confirm their competencies.")
CANNOT_CONFIRM_SELF = _("Nobody may confirm their own competencies.")
CANNOT_RATE_SELF_FOR_OTHER = _("Only the person themselves gives the self-rating.")
CANNOT_CHOOSE_PEERS = _("Only the person's team lead (or HR) chooses the peers who rate them.")
NOT_INVITED = _("You were not invited to rate this colleague, or the invitation no longer exists.")

# What a valid rating is.
UNKNOWN_TARGET_LEVEL = _("The policy in force has no level %(code)s.")
NO_PROFILE = _("The level %(code)s has no competency profile to rate against.")
NOT_A_NEXT_STEP = _(
    "The policy in force offers no step from the person's current level to %(code)s; allowed: %(allowed)s."
)
NO_POLICY = _("No policy is in force today, so there is no competency profile to rate against.")
RATINGS_INCOMPLETE = _("Rate every competency of the profile; missing: %(missing)s.")
RATINGS_UNKNOWN = _("These are not in the level's profile: %(unknown)s.")
RATING_OUT_OF_RANGE = _("A rating is a whole number from 1 to 5; %(competency)s has %(value)s.")
EVIDENCE_TOO_LONG = _("An evidence note has at most %(limit)s characters; %(competency)s has %(length)s.")
EVIDENCE_UNKNOWN = _("Evidence is given only for competencies of the profile; not for: %(unknown)s.")

# The peer round.
PEER_RATING_OFF = _("The policy in force does not use peer rating.")
PEER_ROUND_EXISTS = _("This assessment already has a peer round.")
NO_PEERS = _("Choose at least one colleague to rate the person.")
TOO_MANY_PEERS = _("Choose at most %(limit)s peers; %(count)s were chosen.")
PEER_IS_PERSON = _("The person cannot be one of their own peer raters.")
PEER_IS_CHOOSER = _("You cannot choose yourself as a peer rater.")
PEER_UNKNOWN = _("%(number)s is not a colleague who may rate this person (same department, still employed).")
PEER_CLOSING_DATE = _("The closing date must be from tomorrow to %(latest)s; %(value)s is not.")
ROUND_CLOSED = _("The peer round closed on %(date)s; answers are no longer accepted.")
ALREADY_ANSWERED = _("You have already answered; each peer answers once.")

EVIDENCE_LIMIT = 2000


class AssessmentNotAllowed(PermissionDeniedError):
    code = "assessment_not_allowed"
    message = CANNOT_CONFIRM


# Career conversations (issue 14, item 5)
CANNOT_HOLD_CONVERSATION = _(
    "Only the person's team lead, the department head of a team without a lead, or HR may record their "
    "career conversations."
)
CONVERSATION_KIND_UNKNOWN = _("Choose the kind of conversation: %(allowed)s.")
CONVERSATION_DATE_MISSING = _("Enter the day the conversation was held.")
CONVERSATION_IN_FUTURE = _("The conversation date %(date)s is in the future; record it once it is held.")
CONVERSATION_BEFORE_HIRE = _("The conversation date %(date)s is before the person was hired (%(hired)s).")
NEXT_NOT_AFTER = _("The next conversation (%(next)s) must come after this one (%(date)s).")
TOO_MANY_TOPICS = _("At most %(max)s topics; there are %(count)s.")
TOPIC_TOO_LONG = _("A topic has at most %(max)s characters: %(value)s")
NOTES_TOO_LONG = _("%(field)s have at most %(max)s characters; these have %(count)s.")
ACTION_TITLE_MISSING = _("Agreed action %(row)s needs a title.")
ACTION_TITLE_TOO_LONG = _("Agreed action %(row)s: the title has at most %(max)s characters.")
ACTION_KIND_UNKNOWN = _(
    "Agreed action %(row)s: %(value)s is not a kind of action; choose one of %(allowed)s."
)
ACTION_ENDS_BEFORE_START = _("Agreed action %(row)s ends (%(end)s) before it starts (%(start)s).")
TOO_MANY_ACTIONS = _("At most %(max)s agreed actions at once.")


class ConversationNotAllowed(PermissionDeniedError):
    code = "conversation_not_allowed"
    message = CANNOT_HOLD_CONVERSATION


class ConversationInvalid(ValidationFailed):
    code = "conversation_invalid"


class AssessmentInvalid(ValidationFailed):
    code = "assessment_invalid"


# The names the competency confirmation used before it became the superior's rating.
ConfirmationNotAllowed = AssessmentNotAllowed
ConfirmationInvalid = AssessmentInvalid
# Mentoring (issue 14, item 6).
CANNOT_PAIR = _(
    "Only the mentee's team lead, their department head (for a team without a lead) or HR may pair a mentor."
)
MENTOR_IS_MENTEE = _("A person cannot mentor themselves: choose another mentor.")
MENTOR_UNKNOWN = _("No employee has the number %(number)s.")
MENTOR_NOT_EMPLOYED = _("%(name)s is not employed on %(date)s, so they cannot mentor.")
MENTEE_NOT_EMPLOYED = _("%(name)s is not employed on %(date)s, so they cannot be mentored.")
MENTORSHIP_ENDS_BEFORE_START = _("The end date (%(ends)s) is before the start date (%(starts)s).")
MENTORSHIP_EXISTS = _("%(mentor)s already mentors %(mentee)s: end that mentorship before pairing them again.")
FOCUS_REQUIRED = _("Say what the mentoring is about (its focus).")
CADENCE_OUT_OF_RANGE = _("Meet every 1 to 26 weeks; %(value)s is not allowed.")
DATE_REQUIRED = _("%(field)s: give a date as YYYY-MM-DD.")
MENTORSHIP_ALREADY_ENDED = _("This mentorship has already ended.")
CANNOT_END_MENTORSHIP = _(
    "Only the mentee's team lead, their department head (for a team without a lead) or HR may end a "
    "mentorship."
)
CANNOT_LOG_SESSION = _("Only the mentor logs the sessions of a mentorship.")
SESSION_OUTSIDE_MENTORSHIP = _("A session is held while the mentorship runs: from %(starts)s to %(ends)s.")
SESSION_IN_FUTURE = _("A session is logged once it has been held: %(date)s is in the future.")
SESSION_EMPTY = _("Write what you talked about or the next steps.")

# The development record (issue 14, item 7).
CANNOT_RECORD = _(
    "Only the person themselves, their team lead (or the department head for a team without a lead) or HR "
    "may add to their record."
)
CANNOT_CHANGE_CONTRIBUTION = _("Only whoever recorded this contribution, or HR, may change or delete it.")
CONTRIBUTION_KIND_UNKNOWN = _("Choose the kind of contribution; %(value)s is not one of them.")
CONTRIBUTION_TITLE_REQUIRED = _("Give the contribution a title.")
CONTRIBUTION_IN_FUTURE = _("A contribution is recorded once it has happened: %(date)s is in the future.")


class MentoringNotAllowed(PermissionDeniedError):
    code = "mentoring_not_allowed"
    message = CANNOT_PAIR


class MentoringInvalid(ValidationFailed):
    code = "mentoring_invalid"


class RecordNotAllowed(PermissionDeniedError):
    code = "record_not_allowed"
    message = CANNOT_RECORD


class RecordInvalid(ValidationFailed):
    code = "record_invalid"
