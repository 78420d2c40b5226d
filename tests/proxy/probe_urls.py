"""The product's URLs plus /healthz/probe: the client address, scheme and host the app sees (tests only)."""

from django.http import JsonResponse
from django.urls import include, path


def probe(request):
    return JsonResponse(
        {
            "remote_addr": request.META.get("REMOTE_ADDR"),
            "secure": request.is_secure(),
            "host": request.get_host(),
        }
    )


# under /healthz, which needs no sign-in
urlpatterns = [path("healthz/probe", probe), path("", include("serviceladder.urls"))]
handler403 = "serviceladder.web.views.errors.forbidden"
handler404 = "serviceladder.web.views.errors.not_found"
