"""The payroll file of an approved bonus month (issue 15, item 3): CSV in UTF-8 with a byte-order mark (so
Excel reads the Chinese) or XLSX, through core.spreadsheet_safety (text that looks like a formula is
neutralised; numbers never are). One row per line of the month, then one delta row per correction of an
earlier month settled in it, with its original month. Headers are in Chinese and English in every file
(payroll systems map them once, whoever downloads); employee numbers are text, amounts numbers; every row
states the rounding rule that produced its amount. The CLI (`serviceladder bonus export`), the web download
and the API write through here."""

from __future__ import annotations

from decimal import Decimal

from serviceladder.core import spreadsheet_safety
from serviceladder.recognition import pay_errors as err
from serviceladder.recognition.models import BonusCorrection, BonusLine, BonusMonth

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
HEADER = [
    "员工编号 Employee number",
    "姓名 Name",
    "月份 Month",
    "原月份 Original month",
    "职级 Level",
    "基数 Base",
    "系数 Coefficient",
    "折算比例 Proration",
    "调整 Adjustment",
    "金额 Amount",
    "状态 Status",
    "原因 Reason",
    "舍入规则 Rounding",
]
STATUS_TEXT = {
    BonusLine.Status.PROPOSED: "正常 regular",
    BonusLine.Status.INSUFFICIENT: "数据不足 insufficient data",
    BonusLine.Status.HELD: "暂缓发放 held",
    "correction": "更正 correction",
}
ROUNDING_TEXT = {
    "ROUND_HALF_UP": "四舍五入至0.01 ROUND_HALF_UP to 0.01",
    "ROUND_HALF_EVEN": "银行家舍入至0.01 ROUND_HALF_EVEN to 0.01",
    "ROUND_DOWN": "舍去至0.01 ROUND_DOWN to 0.01",
}


def export_rows(bonus_month: BonusMonth) -> list[list]:
    """The rows of an approved month's payroll file; PayInvalid for a month not approved."""
    if bonus_month.state != BonusMonth.State.APPROVED:
        raise err.PayInvalid(err.MONTH_NOT_APPROVED, month=bonus_month.month)
    rounding = ROUNDING_TEXT.get(bonus_month.rounding, bonus_month.rounding)
    rows: list[list] = []
    for line in bonus_month.lines.select_related("employee").order_by("employee__number"):
        rows.append(
            [
                line.employee.number,
                line.employee.name,
                bonus_month.month,
                "",
                line.level_code,
                line.base,
                None if line.status == BonusLine.Status.HELD else line.coefficient,
                line.proration,
                line.adjustment,
                Decimal("0.00") if line.status == BonusLine.Status.HELD else line.amount,
                STATUS_TEXT.get(line.status, line.status),
                line.adjustment_reason,
                rounding,
            ]
        )
    corrections = BonusCorrection.objects.filter(settled_in=bonus_month).select_related(
        "employee", "original"
    )
    for c in corrections.order_by("employee__number", "original__month", "pk"):
        rows.append(
            [
                c.employee.number,
                c.employee.name,
                bonus_month.month,
                c.original.month,
                "",
                None,
                None,
                None,
                None,
                c.delta,
                STATUS_TEXT["correction"],
                c.reason,
                rounding,
            ]
        )
    return rows


def render(bonus_month: BonusMonth, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise err.PayInvalid(err.BAD_FORMAT, found=str(fmt)[:10])
    rows = export_rows(bonus_month)
    if fmt == "xlsx":
        return spreadsheet_safety.xlsx_bytes(HEADER, rows, title=f"bonus {bonus_month.month}")
    return spreadsheet_safety.csv_bytes(HEADER, rows, bom=True)


def filename(bonus_month: BonusMonth, fmt: str) -> str:
    return f"bonus-{bonus_month.month}.{fmt}"
