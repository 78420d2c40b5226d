"""The sections of a person's recognition page, one module per topic (stars, recognition received,
performance pay, coaching, improvement plans). Each `part(request, employee)` returns its template and
context, or None when the reader may not see that section (it asks accounts.scoping itself). The page shows
them in this order."""

from __future__ import annotations

from typing import NamedTuple


class Part(NamedTuple):
    template: str
    context: dict
