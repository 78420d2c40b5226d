"""The interaction tests' fixtures: two agents (E001, E002), an HR importer, the home folder."""

from tests.interactions.conftest import agents, home, hr

__all__ = ["agents", "home", "hr"]
