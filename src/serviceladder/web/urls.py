from django.contrib.auth import views as auth_views
from django.urls import path

from serviceladder.web.views import (
    audit,
    competencies,
    home,
    imports,
    ladder,
    people,
    policy,
    promotions,
    promotions_case,
    promotions_notice,
    ranking,
    users,
)

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", home.healthz, name="healthz"),
    path("", home.home, name="home"),
    path("people/", people.directory, name="people"),
    path("people/<str:number>/", people.profile, name="person"),
    path("people/<str:number>/audit/", audit.person_audit, name="person_audit"),
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
    path("admin-area/users/", users.users, name="users"),
    path("imports/", imports.imports, name="imports"),
    path("imports/<int:pk>/", imports.import_job, name="import_job"),
    path("imports/<int:pk>/status/", imports.import_job_status, name="import_job_status"),
    path("teams/<str:code>/ranking/", ranking.team_ranking, name="team_ranking"),
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
    path("promotions/notices/", promotions_notice.notices, name="promotion_notices"),
    path("promotions/notices/<int:pk>/", promotions_notice.notice, name="promotion_notice"),
    path(
        "promotions/notices/entries/<int:pk>/appeal/", promotions_notice.appeal_new, name="promotion_appeal"
    ),
    path("promotions/appeals/", promotions_notice.appeals, name="promotion_appeals"),
]
