import datetime as dt

import pytest

from serviceladder.org.imports import reader, values
from serviceladder.org.imports.columns import DATA_WITHOUT_HEADER, UNKNOWN_COLUMN
from serviceladder.org.imports.report import ImportRejected, format_report
from serviceladder.org.services import roster_import
from tests.imports.conftest import counts, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def _rejected(actor, path):
    before = counts()
    with pytest.raises(ImportRejected) as exc:
        roster_import(actor=actor, data=path.read_bytes(), file_name=path.name)
    assert counts() == before
    return exc.value.errors


def test_empty_file(org, hr_actor, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    (error,) = _rejected(hr_actor, path)
    assert (error.file, error.row, error.message) == ("empty.csv", 0, reader.EMPTY_FILE)


def test_header_only(org, hr_actor, good_rows, tmp_path):
    (error,) = _rejected(hr_actor, write_csv(tmp_path / "h.csv", good_rows[:1], encoding="utf-8-sig"))
    assert error.message == reader.NO_DATA_ROWS


def test_undecodable_bytes_report_offset_and_row(org, hr_actor, good_rows, tmp_path):
    path = write_csv(tmp_path / "bad.csv", good_rows)
    data = path.read_bytes()
    second_line_end = data.index(b"\r\n", data.index(b"\r\n") + 2)
    path.write_bytes(data[:second_line_end] + b"\xff" + data[second_line_end:])
    (error,) = _rejected(hr_actor, path)
    assert error.message == reader.UNDECODABLE
    assert error.row == 2 and error.params == {"byte": "FF", "offset": second_line_end}


def test_xlsx_merged_header_cells_named(org, hr_actor, good_rows, tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", good_rows, merge="B1:C1")
    (error,) = _rejected(hr_actor, path)
    assert (error.row, error.column, error.message) == (1, "B1:C1", reader.MERGED_HEADER)


def test_old_xls_rejected(org, hr_actor, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(reader.XLS_MAGIC + b"\x00" * 100)
    (error,) = _rejected(hr_actor, path)
    assert error.message == reader.OLD_XLS


def test_unknown_column_is_an_error_but_position_and_blank_columns_are_ignored(
    org, hr_actor, good_rows, tmp_path
):
    rows = [["序号", *good_rows[0], "", "备注"]] + [
        [i, *row, "", "x"] for i, row in enumerate(good_rows[1:], 1)
    ]
    (error,) = _rejected(hr_actor, write_csv(tmp_path / "u.csv", rows))
    assert (error.row, error.column, error.value, error.message) == (1, "备注", "备注", UNKNOWN_COLUMN)
    rows = [row[:-1] for row in rows]
    assert (
        roster_import(
            actor=hr_actor, data=write_csv(tmp_path / "ok.csv", rows).read_bytes(), file_name="ok"
        ).created
        == 3
    )


def test_blank_header_with_data_is_an_error(org, hr_actor, good_rows, tmp_path):
    rows = [[*good_rows[0], ""], [*good_rows[1], "lost?"], *good_rows[2:]]
    (error,) = _rejected(hr_actor, write_csv(tmp_path / "b.csv", rows))
    assert (error.row, error.column, error.message) == (1, "K", DATA_WITHOUT_HEADER)


def test_blank_rows_keep_spreadsheet_row_numbers(org, hr_actor, good_rows, tmp_path):
    rows = [good_rows[0], good_rows[1], ["", "", ""], [*good_rows[2][:5], "yesterday", *good_rows[2][6:]]]
    (error,) = _rejected(hr_actor, write_csv(tmp_path / "g.csv", rows))
    assert (error.row, error.value) == (4, "yesterday")
    assert "yesterday" in format_report([error]) and "row" in format_report([error])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-01", dt.date(2024, 3, 1)),
        ("2024/3/1", dt.date(2024, 3, 1)),
        ("2024年3月1日", dt.date(2024, 3, 1)),
        ("2024/03/01 0:00", dt.date(2024, 3, 1)),
        (dt.datetime(2024, 3, 1, 0, 0), dt.date(2024, 3, 1)),
        ("", None),
    ],
)
def test_date_formats(raw, expected):
    assert values.date(raw) == expected


@pytest.mark.parametrize("raw", ["2024-02-30", "01/03/2024", "2024.03.01", "soon"])
def test_bad_dates(raw):
    with pytest.raises(values.CellError):
        values.date(raw)


def test_values_right_of_the_last_header_are_not_dropped(org, hr_actor, good_rows, tmp_path):
    rows = [good_rows[0], good_rows[1], [*good_rows[2], "", "stray"], good_rows[3]]
    (error,) = _rejected(hr_actor, write_csv(tmp_path / "s.csv", rows))
    assert (error.row, error.column, error.message) == (1, "L", DATA_WITHOUT_HEADER)
