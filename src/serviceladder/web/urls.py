from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from serviceladder.web.views import (
    audit,
    competencies,
    eligibility,
    home,
    imports,
    ladder,
    notifications,
    people,
    policy,
    promotions,
    promotions_case,
    promotions_notice,
    ranking,
    tokens,
    users,
)
from serviceladder.web.views.whatif import whatif_page

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", home.healthz, name="healthz"),
    path("", home.home, name="home"),
    path("people/", people.directory, name="people"),
    path("people/<str:number>/", people.profile, name="person"),
    path("people/<str:number>/audit/", audit.person_audit, name="person_audit"),
    path("people/<str:number>/path/", eligibility.person_path, name="person_path"),
    path("me/path/", eligibility.my_path, name="my_path"),
    path("eligibility/", eligibility.eligibility_list, name="eligibility"),
    re_path(
        r"^eligibility/export\.(?P<fmt>csv|xlsx)$", eligibility.eligibility_export, name="eligibility_export"
    ),
    path(
        "people/<str:number>/competencies/confirm/",
        competencies.confirm,
        name="competency_confirm",
    ),
    path("audit/", audit.audit_list, name="audit"),
    path("ladder/", ladder.ladder, name="ladder"),
    path("ladder/levels/<str:code>/", ladder.level_detail, name="ladder_level"),
    path("policy/", policy.history, name="policy_history"),
    path("policy/diff/", policy.diff, name="policy_diff"),
    path("policy/versions/<int:number>/", policy.version_file, name="policy_version"),
    path("policy/edit/", policy.edit, name="policy_edit"),
    path("policy/whatif/", whatif_page, name="policy_whatif"),
    path("admin-area/users/", users.users, name="users"),
    path("imports/", imports.imports, name="imports"),
    path("imports/<int:pk>/", imports.import_job, name="import_job"),
    path("imports/<int:pk>/status/", imports.import_job_status, name="import_job_status"),
    path("teams/<str:code>/ranking/", ranking.team_ranking, name="team_ranking"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/bell/", notifications.bell, name="notifications_bell"),
    path("notifications/read-all/", notifications.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification_open"),
    path("account/tokens/", tokens.api_tokens, name="api_tokens"),
    path("account/tokens/<int:pk>/revoke/", tokens.api_token_revoke, name="api_token_revoke"),
    path("promotions/", promotions.cycles, name="promotion_cycles"),
    path("promotions/cycles/<int:pk>/", promotions.cycle, name="promotion_cycle"),
    path("promotions/cycles/<int:pk>/apply/", promotions.apply, name="promotion_apply"),
    path("promotions/cycles/<int:pk>/nominate/", promotions.nominate, name="promotion_nominate"),
    path("promotions/applications/<int:pk>/", promotions_case.application, name="promotion_application"),
    path("promotions/applications/<int:pk>/edit/", promotions.edit, name="promotion_application_edit"),
    path("promotions/applications/<int:pk>/review/", promotions.review, name="promotion_application_review"),
    path(
        "promotions/applications/<int:pk>/print/",
        promotions_case.print_form,
        name="promotion_application_print",
    ),
    path(
        "promotions/applications/<int:pk>/attachments/<int:attachment_pk>/",
        promotions_case.attachment,
        name="promotion_attachment",
    ),
    path(
        "promotions/applications/<int:pk>/attachments/<int:attachment_pk>/remove/",
        promotions_case.attachment_remove,
        name="promotion_attachment_remove",
    ),
    path("promotions/notices/", promotions_notice.notices, name="promotion_notices"),
    path("promotions/notices/<int:pk>/", promotions_notice.notice, name="promotion_notice"),
    path(
        "promotions/notices/entries/<int:pk>/appeal/", promotions_notice.appeal_new, name="promotion_appeal"
    ),
    path("promotions/appeals/", promotions_notice.appeals, name="promotion_appeals"),
]
