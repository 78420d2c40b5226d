"""The six roles. A user may hold several; rights are the union of what each role grants within its scope."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    TEAM_LEAD = "team_lead", _("Team lead")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    HR = "hr", _("HR")
    MANAGEMENT = "management", _("Management")
    ADMIN = "admin", _("Administrator")
