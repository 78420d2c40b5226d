"""Learning (issue 17), one module per topic: the catalogue (courses, trainers), sessions and enrolments,
completions, curricula, exams. Data only: the services write, the selectors read."""

from serviceladder.learning.models.catalogue import Course, CourseTrainer
from serviceladder.learning.models.completions import Completion
from serviceladder.learning.models.curricula import Curriculum, CurriculumItem
from serviceladder.learning.models.enrolments import Enrolment, EnrolmentEvent, Session
from serviceladder.learning.models.exams import Attempt, Exam, Question

__all__ = [
    "Attempt",
    "Completion",
    "Course",
    "CourseTrainer",
    "Curriculum",
    "CurriculumItem",
    "Enrolment",
    "EnrolmentEvent",
    "Exam",
    "Question",
    "Session",
]
