"""Free text from spreadsheets: names within their length limit, without invisible characters.

The data set is test_loading's GOOD set (header = row 1, first data row = row 2), e.g.

    regions.csv  row 3  a,甲县,county,city,city;counties
    enterprises  row 2  e1,a,某公司,城关镇,纺织,...
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_loading import GOOD, write_set, write_workbook

from halfyear_lib.data import schema
from halfyear_lib.data.language import language
from halfyear_lib.data.loading import validate_dataset


def with_cell(table: str, row: int, column: str, value) -> list[list]:
    """GOOD[table] with the cell at spreadsheet ``row`` (header = 1) of ``column`` replaced."""
    rows = [list(r) for r in GOOD[table]]
    j = rows[0].index(column)
    rows[row - 1][j] = value
    return rows


def validate(path: Path, lang: str = "en"):
    """validate_dataset, asserting the input files are byte for byte unchanged."""
    files = sorted(path.iterdir()) if path.is_dir() else [path]
    before = {p: p.read_bytes() for p in files}
    with language(lang):
        ds, problems = validate_dataset(path)
    assert {p: p.read_bytes() for p in files} == before
    return ds, problems


def errors(problems):
    return [p for p in problems if p.is_error]


def notes(problems):
    return [p for p in problems if p.severity == "note"]


# ---------------------------------------------------------------- length limits

# (table, spreadsheet row, column, limit): the limit of every free-text column, as chosen
# in schema.py. The longest county-level names have about 10 characters, firm names up to
# about 40, project names up to about 60.
LIMITS = [
    ("regions", 3, "name", 50),
    ("industries", 2, "industry", 50),
    ("enterprises", 2, "name", 100),
    ("enterprises", 2, "township", 50),
    ("enterprises", 2, "industry", 50),
    ("projects", 2, "name", 100),
    ("projects", 2, "township", 50),
    ("townships", 2, "township", 50),
    ("tasks", 2, "title", 200),
    ("tasks", 2, "metric", 100),
    ("tasks", 2, "note", 500),
]


def test_every_free_text_column_has_its_limit_in_the_schema():
    for table, _row, column, limit in LIMITS:
        assert schema.TABLES[table].column(column).max_len == limit, (table, column)
    for spec in schema.TABLES.values():
        for col in spec.columns:  # any other cell: at most 100 characters
            assert col.limit == (col.max_len or 100), (spec.name, col.name)


@pytest.mark.parametrize(("table", "row", "column", "limit"), LIMITS)
def test_a_name_one_character_too_long_is_a_located_error(tmp_path, table, row, column, limit):
    header = GOOD[table][0]
    long = "名" * (limit + 1)
    ds, problems = validate(
        write_set(tmp_path / "s", **{table: with_cell(table, row, column, long)})
    )
    assert ds is None
    [error] = errors(problems)
    assert (error.file, error.row, error.column) == (f"{table}.csv", row, column)
    assert column in header
    assert f"too long ({limit + 1} characters, at most {limit})" in error.message
    assert "shorten it" in error.message
    assert long not in str(error)


@pytest.mark.parametrize(("table", "row", "column", "limit"), LIMITS)
def test_a_name_at_the_limit_loads(tmp_path, table, row, column, limit):
    value = "名" * limit
    ds, problems = validate(
        write_set(tmp_path / "s", **{table: with_cell(table, row, column, value)})
    )
    assert ds is not None, problems
    assert value in ds[table][column].tolist()


def test_a_ten_thousand_character_region_name(tmp_path):
    # the case of the issue: it passed validation, then python-docx failed on the title
    name = "安" * 10003
    folder = write_set(tmp_path / "s", regions=with_cell("regions", 3, "name", name))
    ds, problems = validate(folder, "zh")
    assert ds is None
    [error] = errors(problems)
    assert (error.file, error.row, error.column) == ("regions.csv", 3, "name")
    assert "名称过长（10003 个字符，最多 50 个）" in error.message
    assert "请缩短" in error.message
    # the first 20 characters and "…", not the whole value
    assert "安" * 20 + "…" in error.message and "安" * 21 not in str(error)
    assert error.value == "安" * 20 + "…"
    assert len(str(error)) < 200


def test_a_huge_value_in_a_number_column_is_not_printed_whole(tmp_path):
    # row 2 of indicators: yoy_pct of 10,000 digits was "not a number" with every digit shown
    rows = with_cell("indicators", 2, "yoy_pct", "1" * 10_000)
    ds, problems = validate(write_set(tmp_path / "s", indicators=rows))
    [error] = errors(problems)
    assert (error.file, error.row, error.column) == ("indicators.csv", 2, "yoy_pct")
    assert "too long (10000 characters, at most 100)" in error.message
    assert len(str(error)) < 200


def test_a_long_id_is_one_error(tmp_path):
    # region_id of 65 letters in indicators row 2: one length error, not also an unknown region
    rows = with_cell("indicators", 2, "region_id", "a" * 65)
    ds, problems = validate(write_set(tmp_path / "s", indicators=rows))
    [error] = errors(problems)
    assert (error.row, error.column) == (2, "region_id")
    assert "too long (65 characters, at most 64)" in error.message


# ---------------------------------------------------------------- workbooks


def test_workbook_names_have_the_same_limits(tmp_path):
    book = write_workbook(
        tmp_path / "data.xlsx", enterprises=with_cell("enterprises", 2, "name", "企" * 101)
    )
    ds, problems = validate(book)
    [error] = errors(problems)
    assert (error.file, error.sheet, error.row, error.column) == (
        "data.xlsx",
        "enterprises",
        2,
        "name",
    )
    assert "too long (101 characters, at most 100)" in error.message
