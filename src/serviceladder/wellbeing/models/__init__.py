"""Wellbeing (issue 16), one module per topic: assessments (stage and signals per person and month), cases,
the pulse, the voice channel, team activities. Data only: the services write, the selectors read."""

from serviceladder.wellbeing.models.activities import Activity, ActivitySignup
from serviceladder.wellbeing.models.assessment import WellbeingAssessment
from serviceladder.wellbeing.models.cases import Case, CaseAction, CaseFollowUp
from serviceladder.wellbeing.models.pulse import PulseAnswered, PulseCycle, PulseResponse, PulseShared
from serviceladder.wellbeing.models.voice import VoiceItem

__all__ = [
    "Activity",
    "ActivitySignup",
    "Case",
    "CaseAction",
    "CaseFollowUp",
    "PulseAnswered",
    "PulseCycle",
    "PulseResponse",
    "PulseShared",
    "VoiceItem",
    "WellbeingAssessment",
]
