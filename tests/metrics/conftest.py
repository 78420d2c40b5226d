"""Fixtures from the interaction tests (two agents E001, E002, an HR importer as an Actor, the home folder)
and the KPI sheet tests (a policy in force, team t1 with agents 1001-1003)."""

from tests.interactions.conftest import agents, home, hr
from tests.kpi.conftest import people, policy

__all__ = ["agents", "home", "hr", "people", "policy"]
