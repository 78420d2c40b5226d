"""Development records, one module per topic (issue 14): assessments (the superior's rating is the
competency confirmation; the former CompetencyConfirmation rows became assessments in migration 0003),
plans with their versions, goals and actions, conversations, mentoring, the record.
Data only: the services write, the selectors read."""

from serviceladder.development.models.assessments import Assessment, PeerInvitation, Rating
from serviceladder.development.models.conversations import Conversation, Reminder
from serviceladder.development.models.mentoring import MentoringSession, Mentorship
from serviceladder.development.models.plans import (
    ActionUpdate,
    DevelopmentPlan,
    Goal,
    GoalCheckIn,
    GoalJudgement,
    PlanAction,
    PlanVersion,
)
from serviceladder.development.models.record import Contribution

__all__ = [
    "Assessment",
    "Contribution",
    "Conversation",
    "MentoringSession",
    "Mentorship",
    "PeerInvitation",
    "Rating",
    "Reminder",
    "ActionUpdate",
    "DevelopmentPlan",
    "Goal",
    "GoalCheckIn",
    "GoalJudgement",
    "PlanAction",
    "PlanVersion",
]
