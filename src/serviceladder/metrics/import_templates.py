"""Import templates: every column an import reads, headed in Chinese or English, with one example row.

README "Import templates". The example rows fit together, so that a new installation can try the whole set-up
with the templates as they are: the teams template creates department `cs` with team `cs-1`, the roster
template puts employee E1001 into it, and the pay, exam, disciplinary, training, KPI and interaction templates
are about E1001 (dates in the past, so that no "in the future" check refuses them). The courses template adds
course `service-standards` to the catalogue and the enrolments template puts E1001 on it, due at the end of
the month after next (counted from the day the template is made: an enrolment import refuses a past due date).

Headers are the first Chinese or English name of each column in org.imports.columns (the names the import
matches); KPI rates and durations carry their unit in the header ("投诉率(%)", "平均处理时长(秒)"), so the
numbers a person types under them are never ambiguous. Interaction records use the canonical schema's column
names in both languages (the canonical mapping reads exactly those). Files are written through
core.spreadsheet_safety: CSV as UTF-8 with a byte-order mark (Excel opens Chinese text correctly), XLSX with
text as text cells.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.core import spreadsheet_safety
from serviceladder.core.errors import ValidationFailed
from serviceladder.metrics.interactions.schema import CANONICAL_FILE_COLUMNS
from serviceladder.org.imports.columns import KINDS

LANGUAGES = ("zh-hans", "en")
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

UNKNOWN_TEMPLATE_KIND = _("There is no import template for %(kind)s. Templates: %(allowed)s.")
UNKNOWN_TEMPLATE_LANGUAGE = _("Templates come in zh-hans or en, not %(language)s.")
UNKNOWN_TEMPLATE_FORMAT = _("Templates come as csv or xlsx, not %(format)s.")

# A unit note written after a header: (Chinese, English).
PERCENT = ("(%)", " (%)")
SECONDS = ("(秒)", " (s)")


@dataclass(frozen=True)
class Example:
    """One column of a template: its key in org.imports.columns and the example value (Chinese, English)."""

    key: str
    zh: Any
    en: Any = None  # None: the same value as zh
    note: tuple[str, str] = ("", "")
    en_header: str = ""  # an English header clearer than the column's first English name

    def value(self, language: str) -> Any:
        value = self.zh if language != "en" or self.en is None else self.en
        return value() if callable(value) else value


def _due_example() -> dt.date:
    """The last day of the month after next: a due date in the future whenever the template is made."""
    after_next = (timezone.localdate().replace(day=1) + dt.timedelta(days=62)).replace(day=1)
    return (after_next + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


NAME = Example("employee_name", "李明", "Li Ming")
NUMBER = Example("number", "E1001")

EXAMPLES: dict[str, list[Example]] = {
    "teams": [
        Example("department_code", "cs"),
        Example("department_name_zh", "客服中心"),
        Example("department_name_en", "Customer Service"),
        Example("team_code", "cs-1"),
        Example("team_name_zh", "一组"),
        Example("team_name_en", "Team 1"),
        # Filled in on the second teams import, once the roster has created the people they name.
        Example("team_lead", ""),
        Example("department_head", ""),
    ],
    "roster": [
        NUMBER,
        Example("name", "李明", "Li Ming"),
        Example("department", "cs"),
        Example("team", "cs-1"),
        Example("manager", ""),
        Example("hire_date", dt.date(2024, 3, 1)),
        # A level code exists only once a policy is loaded; the example leaves level and its date empty.
        Example("level", ""),
        Example("level_since", ""),
        Example("education", "本科", "bachelor"),
        Example("education_date", dt.date(2023, 7, 1)),
        Example("leave_date", ""),
        Example("prior_experience_months", 12, en_header="prior experience (months)"),
        Example("channels", "电话、在线", "call, chat"),
        Example("languages", "中文、英语", "zh, en"),
        Example("email", "liming@example.com"),
    ],
    "pay": [
        NUMBER,
        NAME,
        Example("amount", Decimal("6500.00")),
        Example("currency", "CNY"),
        Example("effective_from", dt.date(2025, 1, 1)),
        Example("reason", "年度调薪", "Annual pay review"),
    ],
    "exams": [
        NUMBER,
        NAME,
        Example("date", dt.date(2025, 6, 20), en_header="exam date"),
        Example("exam", "业务知识考核", "Product knowledge exam", en_header="exam name"),
        Example("name_alt", "Product knowledge exam", "业务知识考核"),
        Example("score", 88),
        Example("max_score", 100, en_header="max score"),
        Example("exam_code", "", en_header="exam code"),
    ],
    "violations": [
        NUMBER,
        NAME,
        Example("date", dt.date(2025, 5, 12)),
        Example("kind", "迟到", "Late arrival"),
        Example("description", "早班迟到15分钟", "15 minutes late for the early shift"),
    ],
    "trainings": [
        NUMBER,
        NAME,
        Example("name", "客服专员资格证", "Customer service certificate", en_header="training name"),
        Example("name_alt", "Customer service certificate", "客服专员资格证"),
        Example("kind", "认证", "certification"),
        Example("completed_on", dt.date(2025, 4, 18)),
        Example("expires_on", dt.date(2027, 4, 17)),
    ],
    # Every figure a KPI sheet can carry; the average response time once (in seconds: both is an error).
    "metrics": [
        NUMBER,
        NAME,
        Example("month", "2025-06"),
        Example("contacts", 450),
        Example("csat_rated", 120),
        Example("csat", Decimal("4.6"), en_header="csat"),
        Example("csat_top2_share", 92, note=PERCENT),
        Example("fcr", 85, note=PERCENT, en_header="first contact resolution"),
        Example("aht", 263, note=SECONDS, en_header="average handle time"),
        Example("response_seconds", 30),
        Example("on_time", 95, note=PERCENT),
        Example("resolution", 90, note=PERCENT),
        Example("complaint", Decimal("0.5"), note=PERCENT),
        Example("acw", 35, note=SECONDS, en_header="after-call work"),
        Example("abusive", Decimal("0.2"), note=PERCENT),
        Example("kpi", 105, note=PERCENT),
        Example("attendance", 98, note=PERCENT),
        Example("kb", 2),
        Example("qa", 92),
        Example("exam", 88),
        Example("supervisor", 4),
        Example("performance_score", Decimal("86.5")),
    ],
    # customer compliments (recognition.services.received_import)
    "recognition": [
        NUMBER,
        Example("date", dt.date(2025, 6, 12)),
        Example(
            "text",
            "客户来电表扬：耐心帮我办好了退款，解释得很清楚。",
            "The customer called back to thank her: she sorted out the refund patiently and clearly.",
        ),
        Example("category", "客户表扬", "customer praise"),
        Example("customer_reference", "T20250612-0381"),
    ],
    # the learning catalogue (learning.services.catalogue_import); competencies and prerequisites are codes
    # that exist only once a policy or other courses are there, so the example leaves them empty
    "courses": [
        Example("code", "service-standards", en_header="course code"),
        Example("name_zh", "服务规范认证"),
        Example("name_en", "Service standards certification"),
        Example("mode", "课堂", "classroom"),
        Example("hours", 6),
        Example("provider", "培训部", "Training team"),
        Example("validity_months", 24),
        Example("renewal_days", 60),
        Example("competencies", ""),
        Example("prerequisites", ""),
        Example("self_enrol", "否", "no"),
        Example("active", "是", "yes"),
        Example("description_zh", "服务用语、礼仪与投诉预防；结业考核合格后两年有效。"),
        Example(
            "description_en",
            "Service language, etiquette and complaint prevention; valid for two years after the final test.",
        ),
    ],
    # course enrolments (learning.services.enrolments_import): E1001 on the courses template's course, due
    # after the day the template is made (an import refuses a due date before today)
    "enrolments": [
        NUMBER,
        Example("course", "service-standards", en_header="course code"),
        Example("due_on", _due_example, en_header="due date"),
        Example("note", "新人培训", "New-hire training"),
    ],
}

# The canonical interaction schema, in its own column order (metrics.interactions.schema).
INTERACTION_EXAMPLE: dict[str, Any] = {
    "interaction_id": "C20250603001",
    "agent_id": "E1001",
    "customer_id": "13800138000",
    "channel": "phone",
    "started_at": dt.datetime(2025, 6, 3, 9, 15),  # noqa: DTZ001 - the schema's timestamps are naive local times
    "answered": "true",
    "talk_seconds": 245,
    "hold_seconds": 20,
    "after_call_work_seconds": 35,
    "first_response_seconds": 18,
    "resolved": "true",
    "csat": 5,
    "complaint": "false",
    "abusive": "false",
}

# The kinds in the order the Imports page lists them: metrics.tasks.UPLOAD_KINDS is this list.
TEMPLATE_KINDS = (
    "metrics",
    "interactions",
    "roster",
    "teams",
    "pay",
    "exams",
    "violations",
    "trainings",
    "courses",
    "enrolments",
    "recognition",
)


@dataclass(frozen=True)
class ImportTemplate:
    data: bytes
    content_type: str
    file_name: str


def template_header(kind: str, language: str) -> list[str]:
    """The header row of `kind`'s template in `language`."""
    _check(kind, language, "csv")
    if kind == "interactions":
        return list(CANONICAL_FILE_COLUMNS)
    columns = {column.key: column for column, _required in KINDS[kind]}
    english = language == "en"
    headers = []
    for example in EXAMPLES[kind]:
        name = columns[example.key].aliases[1 if english else 0]
        if english and example.en_header:
            name = example.en_header
        headers.append(name + example.note[1 if english else 0])
    return headers


def template_example(kind: str, language: str) -> list[Any]:
    """The example row of `kind`'s template in `language` (typed: dates, numbers and text)."""
    _check(kind, language, "csv")
    if kind == "interactions":
        return [INTERACTION_EXAMPLE[name] for name in CANONICAL_FILE_COLUMNS]
    return [example.value(language) for example in EXAMPLES[kind]]


def import_template(*, kind: str, language: str, file_format: str) -> ImportTemplate:
    """The template file of `kind` in `language` as CSV or XLSX; ValidationFailed for anything unknown."""
    _check(kind, language, file_format)
    header = template_header(kind, language)
    rows = [template_example(kind, language)]
    if file_format == "csv":
        data = spreadsheet_safety.csv_bytes(header, rows, bom=True)
    else:
        data = spreadsheet_safety.xlsx_bytes(header, rows, title=kind)
    return ImportTemplate(data, CONTENT_TYPES[file_format], f"{kind}-template-{language}.{file_format}")


def _check(kind: str, language: str, file_format: str) -> None:
    if kind not in TEMPLATE_KINDS:
        raise ValidationFailed(UNKNOWN_TEMPLATE_KIND, kind=kind, allowed=", ".join(TEMPLATE_KINDS))
    if language not in LANGUAGES:
        raise ValidationFailed(UNKNOWN_TEMPLATE_LANGUAGE, language=language)
    if file_format not in FORMATS:
        raise ValidationFailed(UNKNOWN_TEMPLATE_FORMAT, format=file_format)
