from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from serviceladder.web.views import (
    audit,
    competencies,
    eligibility,
    home,
    imports,
    ladder,
    people,
    policy,
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
    path("admin-area/users/", users.users, name="users"),
    path("imports/", imports.imports, name="imports"),
    path("imports/<int:pk>/", imports.import_job, name="import_job"),
    path("imports/<int:pk>/status/", imports.import_job_status, name="import_job_status"),
    path("teams/<str:code>/ranking/", ranking.team_ranking, name="team_ranking"),
]
