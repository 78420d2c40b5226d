from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("serviceladder.api.urls")),
    path("", include("serviceladder.web.urls")),
]

handler403 = "serviceladder.web.views.errors.forbidden"
handler404 = "serviceladder.web.views.errors.not_found"
