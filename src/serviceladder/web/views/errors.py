from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


# The error pages never echo the requested path (not even in the language form), so a 404 for someone else's
# employee number shows nothing of what was asked for.
def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", {"error_page": True}, status=404)


def forbidden(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", {"error_page": True}, status=403)
