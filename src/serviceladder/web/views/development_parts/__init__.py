"""The sections of a person's development page, one module per topic (plan and goals, assessments,
conversations, mentoring, the record). Each `part(request, employee)` returns its template and context, or
None when the reader may not see that section (it asks accounts.scoping itself). The page shows them in
this order."""

from __future__ import annotations

from typing import NamedTuple


class Part(NamedTuple):
    template: str
    context: dict
