"""HTTP methods: a page that only shows something answers 405 to POST, PUT, PATCH and DELETE; a form page to
PUT, PATCH and DELETE. Every URL pattern of the web app (not the API, where django-ninja routes by method) is
walked, so a new page must say which kind it is.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.pages import ROUTES, named_routes

# pages with a form (or a button) that posts to their own address
ACCEPT_POST = {
    # learning: curricula (issue 17 item 4)
    "learning_curriculum_new",
    "learning_curriculum",
    # learning: exams (issue 17 item 5)
    "learning_exam",
    "learning_attempt_save",
    "learning_attempt_submit",
    "learning_attempt_mark",
    "learning_question_new",
    "learning_question_edit",
    "learning_exam_new",
    "learning_exam_edit",
    # learning: sessions and enrolments (issue 17)
    "learning_session_new",
    "learning_session",
    "learning_session_edit",
    "learning_enrolment",
    "learning_enrol_person",
    # learning: the catalogue (issue 17 item 1)
    "learning_course_new",
    "learning_course_edit",
    "learning_course_trainers",
    "learning_course_enrol",
    # wellbeing cases (issue 16, item 3)
    "wellbeing_case",
    "wellbeing_case_open",
    # performance pay (issue 15, item 3)
    "bonus_months",
    "bonus_month",
    "bonus_line_adjust",
    "bonus_correction_new",
    "star_periods",
    "star_publish",
    "star_decide",
    "star_nominate",
    "coaching_task",
    # the voice channel (issue 16 item 5)
    "voice_new",
    "voice_item",
    "login",
    "logout",
    "set_language",
    "conversation_record",
    "assessment_rate",
    "assessment_peers",
    "peer_rating",
    "users",
    "imports",
    "policy_edit",
    "policy_whatif",
    "policy_draft_new",
    "policy_draft",
    "notifications_read_all",
    "api_tokens",
    "api_token_revoke",
    "api_token_revoke_any",
    "signin_unlock",
    "login_new",
    "team_logins",
    "login_detail",
    "employee_edit",
    "welcome",
    "account_password",
    "password_reset",
    "password_reset_confirm",
    "promotion_cycles",
    "promotion_cycle",
    "promotion_cycle_quotas",
    "promotion_apply",
    "promotion_nominate",
    "promotion_application",
    "promotion_application_edit",
    "promotion_application_review",
    "promotion_attachment_remove",
    "promotion_appeal",
    "promotion_appeals",
    "goal_new",
    "goal_edit",
    "goal_remove",
    "goal_check_in",
    "goal_judge",
    "mentorship_new",
    "mentorship",
    "mentoring_session_new",
    "contribution_new",
    "contribution_edit",
    "plan_edit",
    "plan_close",
    "plan_action_new",
    "plan_action_edit",
    "plan_action_progress",
    "plan_accept",
    "plan_discard",
    "plan_template",
    "plan_action_remove",
    "recognition_give",
    "recognition_visibility",
    "improvement_lead_review",
    "improvement_hr_review",
    "improvement_check_in",
    "improvement_acknowledge",
    "improvement_respond",
    "improvement_outcome",
    # wellbeing: activities (issue 16 item 6)
    "wellbeing_activity_new",
    "wellbeing_activity",
    "wellbeing_activity_edit",
    # the anonymous pulse (issue 16, item 4)
    "pulse_answer",
    "pulse_cycles",
}
WEB_ROUTES = sorted(name for name in named_routes() if not name.startswith("api:"))


def test_every_web_route_is_in_the_table():
    assert set(WEB_ROUTES) <= set(ROUTES)
    assert set(WEB_ROUTES) >= ACCEPT_POST, sorted(ACCEPT_POST - set(WEB_ROUTES))


def _url(org, name) -> str:
    case = next((c for c in ROUTES[name] if c.allowed), ROUTES[name][0])
    return reverse(name, kwargs=case.kwargs(org, "hr")) + case.query


@pytest.mark.django_db
@pytest.mark.parametrize("name", WEB_ROUTES)
def test_methods_a_page_does_not_take_answer_405(client, org, name):
    client.force_login(org.users["hr"])
    url = _url(org, name)
    refused = ["put", "patch", "delete"] + ([] if name in ACCEPT_POST else ["post"])
    answers = {method: getattr(client, method)(url).status_code for method in refused}
    assert answers == dict.fromkeys(refused, 405), url
    allow = getattr(client, refused[0])(url)["Allow"]
    assert ("POST" in allow) == (name in ACCEPT_POST), allow
