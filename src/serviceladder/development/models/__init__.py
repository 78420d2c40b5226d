"""Development records, one module per topic (issue 14): competency confirmations, plans with their
versions, goals and actions. Data only; services.py writes, selectors.py reads."""

from serviceladder.development.models.confirmations import CompetencyConfirmation
from serviceladder.development.models.plans import (
    ActionUpdate,
    DevelopmentPlan,
    Goal,
    GoalCheckIn,
    GoalJudgement,
    PlanAction,
    PlanVersion,
)

__all__ = [
    "ActionUpdate",
    "CompetencyConfirmation",
    "DevelopmentPlan",
    "Goal",
    "GoalCheckIn",
    "GoalJudgement",
    "PlanAction",
    "PlanVersion",
]
