"""Shapes shared by several routers: the problem document and pagination."""

from __future__ import annotations

from django.core.paginator import Paginator
from ninja import Schema

MAX_PAGE_SIZE = 200


class FieldError(Schema):
    source: str
    field: str
    message: str


class Problem(Schema):
    type: str
    title: str
    code: str
    detail: str
    status: int
    errors: list[FieldError] | None = None


# Declared on every operation so that the schema tells clients what an error looks like.
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}


def page_of(items, *, page: int, page_size: int) -> dict:
    """One page of a queryset or list: {"count", "page", "pages", "page_size", "items"}.

    A page past the end is empty (not an error), so a client can loop until `page == pages`.
    """
    paginator = Paginator(items, page_size)
    rows = list(paginator.page(page).object_list) if page <= paginator.num_pages else []
    return {
        "count": paginator.count,
        "page": page,
        "pages": paginator.num_pages,
        "page_size": page_size,
        "items": rows,
    }
