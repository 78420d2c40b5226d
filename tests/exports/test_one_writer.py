"""No module writes CSV or XLSX except through core.spreadsheet_safety (formula neutralisation)."""

from __future__ import annotations

import re
from pathlib import Path

import serviceladder

SRC = Path(serviceladder.__file__).parent
HELPER = SRC / "core" / "spreadsheet_safety.py"
# Writing spreadsheets: the csv module's writers, openpyxl's workbooks and cells, xlsxwriter, pandas' writers.
WRITERS = re.compile(
    r"csv\.writer\(|DictWriter\(|Workbook\(|WriteOnlyCell|xlsxwriter|to_csv\(|to_excel\(|from csv import"
)


def test_every_spreadsheet_writer_is_the_helper():
    offenders = []
    for path in SRC.rglob("*.py"):
        if path == HELPER or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if WRITERS.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert offenders == [], "write spreadsheets through core.spreadsheet_safety:\n" + "\n".join(offenders)


def test_the_guard_sees_a_raw_writer(tmp_path):
    assert WRITERS.search("    writer = csv.writer(buffer)")
    assert WRITERS.search("book = openpyxl.Workbook(write_only=True)")
    assert not WRITERS.search("workbook = openpyxl.load_workbook(path, read_only=True)")
