"""Which pulse results may be shown (issue 16 item 4): a pure function over counts, no Django.

The cuts offered are few on purpose: the organisation, each department, each team, for one closed cycle;
every question's distribution of a shown group, and a trend of shown groups across cycles. Every answer
answers every question, so a question's distribution covers exactly the group's answers (a question is never
a narrower cut), and the trend shows, cycle by cycle, only what that cycle's plan shows. Exports show the
same plan. So the whole guarantee rests on the plan of one cycle, computed here over the whole organisation
(never per reader: a reader's scope only leaves shown groups out, it never shows one more).

The rules, in the order they are applied:

1. A team is shown only with at least `min_group` answers and at least `min_group` members; else it is
   folded into its department (its answers count there, never alone).
2. A department is shown only with at least `min_group` answers; else it is folded into the organisation,
   and so are all its teams.
3. The organisation is shown only with at least `min_group` answers; else nothing is shown.
4. No subtraction: within a shown group, the answers that no shown group inside it covers (its hidden
   children together) must be none or at least `min_group`, and never exactly one hidden child's answers
   while something else inside is shown (complementary suppression: where exactly one team of a department
   is hidden, the next smallest is hidden too). The same holds for departments inside the organisation.
   Answers recorded without a team (or without a department) are such a hidden child of their department
   (or of the organisation).

Consequently (tests/wellbeing/test_pulse_suppression.py proves it with hypothesis) any two shown groups
cover answer sets that are the same or differ by at least `min_group` answers, and no shown group minus the
shown groups inside it leaves a non-empty remainder below `min_group`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

SHOWN = "shown"
FEW_ANSWERS = "few_answers"  # below the minimum of answers: folded into the group above
FEW_MEMBERS = "few_members"  # a team below the minimum of members: folded into its department
COMPLEMENTARY = "complementary"  # hidden so that a hidden neighbour cannot be worked out by subtraction
PARENT_HIDDEN = "parent_hidden"  # its department is folded into the organisation: so is the team

NO_TEAM = None  # the key of answers recorded without a team (or a department)


@dataclass(frozen=True)
class TeamCount:
    department: Hashable
    answers: int
    members: int


@dataclass
class Plan:
    """What one cycle may show: the organisation, and each department and team with its state (SHOWN or the
    reason it is folded)."""

    min_group: int
    organisation: str
    departments: dict = field(default_factory=dict)  # key → state
    teams: dict = field(default_factory=dict)  # key → state

    def shows_department(self, key) -> bool:
        return self.departments.get(key) == SHOWN

    def shows_team(self, key) -> bool:
        return self.teams.get(key) == SHOWN


def _hide_until_safe(children: dict, answers: Mapping, states: dict, extra: int, min_group: int) -> None:
    """Complementary suppression among the children of one shown group: while the hidden part (hidden
    children with answers, plus `extra` answers that belong to no child) is exactly one child's worth or is
    fewer than `min_group`, and something is still shown, hide the smallest shown child too (ties by key)."""
    while True:
        shown = [k for k in children if states[k] == SHOWN]
        if not shown:
            return
        hidden_parts = [answers[k] for k in children if states[k] != SHOWN and answers[k] > 0]
        if extra > 0:
            hidden_parts.append(extra)
        remainder = sum(hidden_parts)
        if remainder == 0 or (len(hidden_parts) >= 2 and remainder >= min_group):
            return
        smallest = min(shown, key=lambda k: (answers[k], str(k)))
        states[smallest] = COMPLEMENTARY


def suppression_plan(
    *,
    teams: Mapping[Hashable, TeamCount],
    departments: Mapping[Hashable, int] | None = None,
    min_group: int,
) -> Plan:
    """The plan of one cycle.

    `teams`: each team's department, answers and members. `departments`: answers recorded with a department
    but no team, by department (a department with no team at all appears here only); answers with neither
    are under the key NO_TEAM (None). Every count is ≥ 0; `min_group` ≥ 1."""
    if min_group < 1:
        raise ValueError("min_group must be at least 1")
    teamless = dict(departments or {})
    no_department = teamless.pop(NO_TEAM, 0)
    for team in teams.values():
        if team.department is NO_TEAM:
            raise ValueError("a team belongs to a department")
        teamless.setdefault(team.department, 0)
    dept_answers = dict(teamless)
    for team in teams.values():
        dept_answers[team.department] += team.answers
    total = sum(dept_answers.values()) + no_department

    if total < min_group:
        return Plan(
            min_group,
            FEW_ANSWERS,
            dict.fromkeys(dept_answers, PARENT_HIDDEN),
            dict.fromkeys(teams, PARENT_HIDDEN),
        )

    dept_states = {d: SHOWN if n >= min_group else FEW_ANSWERS for d, n in dept_answers.items()}
    _hide_until_safe(dict.fromkeys(dept_answers), dept_answers, dept_states, no_department, min_group)

    team_states: dict = {}
    for key, team in teams.items():
        if dept_states[team.department] != SHOWN:
            team_states[key] = PARENT_HIDDEN
        elif team.answers < min_group:
            team_states[key] = FEW_ANSWERS
        elif team.members < min_group:
            team_states[key] = FEW_MEMBERS
        else:
            team_states[key] = SHOWN
    team_answers = {k: t.answers for k, t in teams.items()}
    for dept, state in dept_states.items():
        if state != SHOWN:
            continue
        members = {k: None for k, t in teams.items() if t.department == dept}
        _hide_until_safe(members, team_answers, team_states, teamless[dept], min_group)
    return Plan(min_group, SHOWN, dept_states, team_states)
