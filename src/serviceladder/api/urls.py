from django.urls import path, re_path

from serviceladder.api.main import api
from serviceladder.api.problems import not_found_view

urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", not_found_view),
]
