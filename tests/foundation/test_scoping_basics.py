import pytest

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import can_see_pay, employees_visible_to
from tests.factories import EmployeeFactory, TeamFactory, user_with_roles


@pytest.mark.django_db
def test_team_lead_sees_led_team_not_reports_by_manager_column():
    lead_emp = EmployeeFactory()
    team = TeamFactory(lead=lead_emp)
    member = EmployeeFactory(team=team)
    other = EmployeeFactory(manager=lead_emp)  # manager column alone grants nothing
    lead = user_with_roles("lead", Role.TEAM_LEAD, employee=lead_emp)
    visible = set(employees_visible_to(lead))
    assert member in visible and lead_emp in visible
    assert other not in visible
    assert not can_see_pay(lead, member)
    assert can_see_pay(lead, lead_emp)
