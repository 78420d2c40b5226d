"""Which columns each import accepts, under which header names (Chinese and English), and header matching.

Headers are matched case-, width- and space-insensitively: "Employee_Number", "employee number" and
"EMPLOYEE-NUMBER" are the same column; full-width brackets equal half-width ones.

Unknown columns are an error (so nothing in a sheet is silently dropped), with two exceptions that carry no
data we could lose: a position column (序号, No., #) and a column with neither a header nor any value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from serviceladder.org.imports.report import ErrorCollector

UNKNOWN_COLUMN = _("Unknown column. Allowed columns: %(allowed)s.")
DUPLICATE_COLUMN = _("This column appears twice (also column %(other)s).")
MISSING_COLUMN = _("Required column is missing. Required columns: %(required)s.")
DATA_WITHOUT_HEADER = _("This column has values but no header; add a header or delete the column.")

IGNORED_HEADERS = frozenset({"序号", "no", "no.", "#", "rowno", "rownumber"})


@dataclass(frozen=True)
class Column:
    key: str
    aliases: tuple[str, ...]  # the first is the Chinese name, the second the English one

    @property
    def display(self) -> str:
        return f"{self.aliases[0]} / {self.aliases[1]}"


def _c(key: str, *aliases: str) -> Column:
    return Column(key, aliases)


NUMBER = _c("number", "工号", "employee number", "员工编号", "员工工号", "employee no", "employee")
EMPLOYEE_NAME = _c("employee_name", "姓名", "employee name", "员工姓名", "name")
DATE = _c("date", "日期", "date")
# A name HR gives in one language (a training, an exam) may come with its translation
NAME_ALT = _c(
    "name_alt",
    "另一语言名称",
    "name in the other language",
    "英文名称",
    "中文名称",
    "english name",
    "chinese name",
)

KINDS: dict[str, list[tuple[Column, bool]]] = {
    "roster": [
        (NUMBER, True),
        (_c("name", "姓名", "name", "员工姓名", "employee name"), True),
        (_c("department", "部门", "department", "所属部门", "dept"), True),
        (_c("team", "班组", "team", "小组", "组别"), True),
        (_c("manager", "上级", "manager", "直属上级", "上级工号", "manager number"), False),
        (_c("hire_date", "入职日期", "hire date", "入职时间", "hired on", "date of hire"), True),
        (_c("level", "当前级别", "level", "级别", "current level", "职级"), False),
        (_c("level_since", "级别生效日期", "level since", "level effective date", "level from"), False),
        (_c("education", "学历", "education", "最高学历", "degree"), False),
        (_c("education_date", "毕业日期", "graduation date", "education completed on"), False),
        (_c("leave_date", "离职日期", "leave date", "left on"), False),
        (
            _c(
                "prior_experience_months",
                "以往客服经验(月)",
                "prior experience months",
                "prior experience (months)",
                "以往客服经验",
                "以往客服经验月数",
            ),
            False,
        ),
        (_c("channels", "渠道", "channels", "服务渠道"), False),
        (_c("languages", "语言", "languages", "服务语言"), False),
        (_c("email", "邮箱", "email", "电子邮箱", "电子邮件"), False),
    ],
    "teams": [
        (_c("department_code", "部门编码", "department code", "部门代码"), True),
        (
            _c(
                "department_name_zh", "部门名称", "department name zh", "部门中文名称", "department name (zh)"
            ),
            True,
        ),
        (_c("department_name_en", "部门英文名称", "department name en", "department name (en)"), False),
        (_c("team_code", "班组编码", "team code", "班组代码"), True),
        (_c("team_name_zh", "班组名称", "team name zh", "班组中文名称", "team name (zh)"), True),
        (_c("team_name_en", "班组英文名称", "team name en", "team name (en)"), False),
        (_c("team_lead", "组长工号", "team lead", "组长", "team lead employee number"), False),
        (
            _c(
                "department_head",
                "部门负责人工号",
                "department head",
                "部门负责人",
                "department head employee number",
            ),
            False,
        ),
    ],
    "pay": [
        (NUMBER, True),
        (EMPLOYEE_NAME, False),
        (_c("amount", "月薪", "monthly amount", "月工资", "monthly pay", "amount"), True),
        (_c("currency", "币种", "currency", "货币"), False),
        (_c("effective_from", "生效日期", "effective from", "effective date"), True),
        (_c("reason", "原因", "reason", "调整原因"), False),
    ],
    "exams": [
        (NUMBER, True),
        (EMPLOYEE_NAME, False),
        (_c("date", "考试日期", "date", "日期", "exam date"), True),
        (_c("exam", "考试名称", "exam", "考试", "exam name"), True),
        (NAME_ALT, False),
        (_c("score", "分数", "score", "成绩", "得分"), True),
        (_c("max_score", "满分", "max", "总分", "max score", "maximum score"), False),
        (_c("exam_code", "考试代码", "exam code", "考试编码"), False),
    ],
    "violations": [
        (NUMBER, True),
        (EMPLOYEE_NAME, False),
        (_c("date", "日期", "date", "违规日期"), True),
        (_c("kind", "类型", "kind", "违规类型", "type"), True),
        (_c("description", "说明", "description", "描述", "情况说明"), False),
    ],
    "trainings": [
        (NUMBER, True),
        (_c("employee_name", "姓名", "employee name", "员工姓名"), False),
        (_c("name", "培训名称", "name", "课程名称", "证书名称", "training", "training name"), True),
        (NAME_ALT, False),
        (_c("kind", "类型", "kind", "类别", "type"), True),
        (_c("completed_on", "完成日期", "completed on", "completion date"), True),
        (_c("expires_on", "到期日期", "expires on", "有效期至", "expiry date"), False),
    ],
    # Monthly KPI sheet (metrics.sheet reads it). Rates accept 0.95, 95% or 95 (see metrics.sheet);
    # a header ending in (%) says its bare numbers are percent points.
    "metrics": [
        (NUMBER, True),
        (EMPLOYEE_NAME, False),
        (_c("month", "月份", "month", "统计月份", "考核月份", "period"), True),
        (_c("contacts", "接待量", "contacts", "服务量", "处理量", "接待数", "handled contacts"), False),
        (_c("csat_rated", "评价数", "rated contacts", "评价量", "参评数", "csat responses"), False),
        (_c("csat", "客户满意度", "csat", "满意度", "customer satisfaction", "csat score"), False),
        (_c("csat_top2_share", "满意率", "csat satisfied share", "好评率"), False),
        (_c("fcr", "首次解决率", "fcr", "first contact resolution", "一次解决率", "fcr rate"), False),
        (_c("aht", "平均处理时长", "aht", "average handle time", "平均处理时长(秒)", "aht (s)"), False),
        (
            _c(
                "response_minutes",
                "平均响应时间",
                "average response time",
                "平均响应时间(分钟)",
                "average response time (min)",
                "response time (min)",
            ),
            False,
        ),
        (
            _c(
                "response_seconds",
                "平均响应时间(秒)",
                "average response time (s)",
                "response time (s)",
                "average response seconds",
            ),
            False,
        ),
        (_c("on_time", "响应及时率", "on-time response rate", "及时响应率", "on time rate"), False),
        (_c("resolution", "问题解决率", "resolution rate", "解决率"), False),
        (_c("complaint", "投诉率", "complaint rate", "客户投诉率"), False),
        (_c("acw", "话后处理时长", "after-call work", "平均话后处理时长", "acw", "wrap-up time"), False),
        (_c("abusive", "客户辱骂率", "abusive contact rate", "辱骂率", "abusive rate"), False),
        (_c("kpi", "业绩完成率", "kpi completion", "个人业绩指标完成率", "业绩指标完成率", "kpi"), False),
        (_c("attendance", "出勤率", "attendance", "attendance rate"), False),
        (_c("kb", "知识库贡献", "knowledge-base contributions", "知识库贡献数", "kb contributions"), False),
        (_c("qa", "质检得分", "qa score", "质检分", "质检成绩", "quality score"), False),
        (_c("exam", "考核成绩", "exam score", "考核得分", "业务考核成绩"), False),
        (_c("supervisor", "主管评分", "supervisor rating", "主管评价", "上级评分"), False),
        (_c("performance_score", "绩效得分", "performance score", "综合得分", "绩效分"), False),
    ],
    # historic skill assessments (development.services.assessment_import): one row per competency rated
    "assessments": [
        (NUMBER, True),
        (_c("target_level", "目标级别", "target level", "目标职级", "target"), True),
        (_c("group", "评价方", "rater group", "评价类型", "group"), True),
        (_c("rated_on", "评价日期", "rated on", "rating date", "date"), True),
        (_c("competency", "能力项", "competency", "能力", "competency code"), True),
        (_c("rating", "评分", "rating", "熟练度", "proficiency", "score"), True),
        (_c("evidence", "依据", "evidence", "评价依据", "note"), False),
        (_c("rater", "评价人", "rater", "rated by"), False),
    ],
    # customer compliments (recognition.services.received_import): one row per compliment
    "recognition": [
        (NUMBER, True),
        (_c("date", "日期", "date", "表扬日期", "compliment date"), True),
        (_c("text", "表扬内容", "text", "内容", "compliment", "客户表扬"), True),
        (_c("category", "类别", "category", "表扬类别"), False),
        (
            _c("customer_reference", "客户参考号", "customer reference", "工单号", "ticket", "reference"),
            False,
        ),
    ],
    # course enrolments (learning.services.enrolments_import): one row per person and course
    "enrolments": [
        (NUMBER, True),
        (_c("course", "课程代码", "course", "course code", "课程"), True),
        (_c("due_on", "截止日期", "due on", "due date", "due"), False),
        (_c("note", "备注", "note"), False),
    ],
    # the learning catalogue (learning.services.catalogue_import): one row per course, created or updated
    "courses": [
        (_c("code", "课程代码", "code", "course code", "代码"), True),
        (_c("name_zh", "中文名称", "name (chinese)", "课程名称", "name zh"), True),
        (_c("name_en", "英文名称", "name (english)", "english name", "name en"), True),
        (_c("mode", "授课方式", "delivery mode", "mode", "方式"), False),
        (_c("hours", "学时", "hours"), False),
        (_c("provider", "提供方", "provider", "培训机构"), False),
        (_c("validity_months", "有效期(月)", "valid for (months)", "validity months", "有效期"), False),
        (
            _c("renewal_days", "提前续训(天)", "renew (days before expiry)", "renewal days", "续训提前天数"),
            False,
        ),
        (_c("competencies", "能力项", "competencies"), False),
        (_c("prerequisites", "先修课程", "prerequisites"), False),
        (_c("self_enrol", "允许自主报名", "self-enrolment", "self enrol"), False),
        (_c("active", "启用", "active"), False),
        (_c("description_zh", "中文简介", "description (chinese)"), False),
        (_c("description_en", "英文简介", "description (english)"), False),
    ],
    "calendar": [
        (DATE, True),
        (_c("kind", "类型", "kind", "休/班", "off/work", "type"), True),
        (_c("name", "名称", "name", "节假日", "holiday"), False),
    ],
}


# A unit note at the end of a header, in ASCII or full-width brackets: what it says.
_NOTES = {
    "%": "percent",
    "percent": "percent",
    "百分比": "percent",
    "share": "share",
    "比例": "share",
    "s": "seconds",
    "sec": "seconds",
    "secs": "seconds",
    "seconds": "seconds",
    "秒": "seconds",
    "min": "minutes",
    "mins": "minutes",
    "minutes": "minutes",
    "分": "minutes",
    "分钟": "minutes",
    "h": "hours",
    "hours": "hours",
    "小时": "hours",
    "d": "days",
    "days": "days",
    "天": "days",
}
_NOTE = re.compile(r"^(?P<name>.*?)\s*\(\s*(?P<note>[^()]+?)\s*\)$")


def header_note(header: str) -> tuple[str, str | None]:
    """("投诉率", "percent") from "投诉率(%)" or "投诉率（%）"; (header, None) when there is no unit note."""
    text = unicodedata.normalize("NFKC", header).strip()
    if text.endswith("%") and not text.endswith("(%)"):
        return text[:-1].strip(), "percent"
    m = _NOTE.match(text)
    if m is None:
        return text, None
    unit = _NOTES.get(m["note"].casefold())
    return (m["name"], unit) if unit else (text, None)


def normalise_header(text: object) -> str:
    folded = unicodedata.normalize("NFKC", "" if text is None else str(text)).casefold()
    return re.sub(r"[\s_\-]+", "", folded)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class HeaderMap:
    """Where each known column sits, and its header as the user wrote it."""

    index: dict[str, int]
    written: dict[str, str]

    def has(self, key: str) -> bool:
        return key in self.index


def match_headers(
    kind: str, headers: list[object], rows: list[list[object]], errors: ErrorCollector
) -> HeaderMap:
    spec = KINDS[kind]
    lookup = {normalise_header(alias): col for col, _required in spec for alias in col.aliases}
    allowed = ", ".join(col.display for col, _required in spec)
    index: dict[str, int] = {}
    written: dict[str, str] = {}
    for i, raw in enumerate(headers):
        shown = "" if raw is None else str(raw).strip()
        norm = normalise_header(raw)
        if not norm:
            if any(i < len(r) and r[i] not in (None, "") for r in rows):
                errors.add(1, _column_letter(i), "", DATA_WITHOUT_HEADER)
            continue
        if norm in IGNORED_HEADERS:
            continue
        col = lookup.get(norm)
        if col is None and header_note(shown)[1] is not None:  # "投诉率(%)": a unit note on a known column
            col = lookup.get(normalise_header(header_note(shown)[0]))
        if col is None:
            errors.add(1, shown, shown, UNKNOWN_COLUMN, allowed=allowed)
        elif col.key in index:
            errors.add(1, shown, shown, DUPLICATE_COLUMN, other=written[col.key])
        else:
            index[col.key] = i
            written[col.key] = shown
    required = ", ".join(col.display for col, req in spec if req)
    for col, req in spec:
        if req and col.key not in index:
            errors.add(1, col.display, "", MISSING_COLUMN, required=required)
    return HeaderMap(index, written)
