from django.contrib.auth import views as auth_views
from django.urls import path

from serviceladder.web.views import audit, home, imports, people, ranking, users

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", home.healthz, name="healthz"),
    path("", home.home, name="home"),
    path("people/", people.directory, name="people"),
    path("people/<str:number>/", people.profile, name="person"),
    path("people/<str:number>/audit/", audit.person_audit, name="person_audit"),
    path("audit/", audit.audit_list, name="audit"),
    path("admin-area/users/", users.users, name="users"),
    path("imports/", imports.imports, name="imports"),
    path("imports/<int:pk>/", imports.import_job, name="import_job"),
    path("imports/<int:pk>/status/", imports.import_job_status, name="import_job_status"),
    path("teams/<str:code>/ranking/", ranking.team_ranking, name="team_ranking"),
]
