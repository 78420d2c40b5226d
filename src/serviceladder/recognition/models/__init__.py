"""Recognition and performance pay (issue 15), one module per topic: star ratings, recognition, performance
pay, coaching, improvement plans. Data only: the services write, the selectors read."""

from serviceladder.recognition.models.coaching import CoachingTask
from serviceladder.recognition.models.improvement import ImprovementCheckIn, ImprovementPlan
from serviceladder.recognition.models.pay import BonusCorrection, BonusLine, BonusMonth
from serviceladder.recognition.models.recognition import Recognition
from serviceladder.recognition.models.stars import StarPeriod, StarRating

__all__ = [
    "BonusCorrection",
    "BonusLine",
    "BonusMonth",
    "CoachingTask",
    "ImprovementCheckIn",
    "ImprovementPlan",
    "Recognition",
    "StarPeriod",
    "StarRating",
]
