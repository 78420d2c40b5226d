"""Which HTTP methods a page takes: a page that only shows something answers 405 to anything but GET and HEAD;
a page with a form posts to itself and answers 405 to PUT, PATCH and DELETE (tests/web/test_methods.py)."""

from django.views.decorators.http import require_http_methods, require_safe

read_only = require_safe
form_page = require_http_methods(["GET", "HEAD", "POST"])
