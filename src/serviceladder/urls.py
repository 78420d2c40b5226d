from django.urls import include, path

from serviceladder.web.views.language import set_language

urlpatterns = [
    # Django's set_language, which also stores a signed-in person's choice (their notifications' language)
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("serviceladder.api.urls")),
    path("", include("serviceladder.web.urls")),
]

handler403 = "serviceladder.web.views.errors.forbidden"
handler404 = "serviceladder.web.views.errors.not_found"
handler400 = "serviceladder.web.busy.bad_request"
handler500 = "serviceladder.web.busy.server_error"
