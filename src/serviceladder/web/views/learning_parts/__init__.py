"""The sections of the Learning area, one module per topic: a person's enrolments and history, the catalogue
and sessions, curricula, exams, reports. Each `part(request, employee)` returns its template and context for
a person's learning page, and `landing(request)` its block on the area's landing, or None when the reader may
not see it (each asks accounts.scoping itself). The pages show them in this order."""

from __future__ import annotations

from typing import NamedTuple


class Part(NamedTuple):
    template: str
    context: dict
