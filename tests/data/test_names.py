"""Free text from spreadsheets: names within their length limit, without invisible characters.

The data set is test_loading's GOOD set (header = row 1, first data row = row 2), e.g.

    regions.csv  row 3  a,甲县,county,city,city;counties
    enterprises  row 2  e1,a,某公司,城关镇,纺织,...
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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


# ---------------------------------------------------------------- invisible characters


def test_a_right_to_left_override_is_removed_with_a_note(tmp_path):
    # U+202E in 甲县 (regions row 3) reversed the titles of the Word and HTML pages
    folder = write_set(tmp_path / "s", regions=with_cell("regions", 3, "name", "甲\u202e县"))
    ds, problems = validate(folder)
    assert ds is not None, problems
    assert ds.region_name("a") == "甲县"
    [note] = notes(problems)
    assert (note.file, note.row, note.column, note.severity) == ("regions.csv", 3, "name", "note")
    assert "U+202E" in note.message and "removed" in note.message
    assert str(note) in ds.notes  # printed on the console by halfyear run / validate


def test_one_note_per_column_names_the_rows_and_the_characters(tmp_path):
    regions = with_cell("regions", 3, "name", "甲\u2066县\u2069")  # an isolate around 县
    regions[3][1] = "乙\u200b区\ufeff"  # row 4: a zero-width space and a BOM inside the cell
    regions[4][1] = "开发\u200f区"  # row 5: a right-to-left mark
    ds, problems = validate(write_set(tmp_path / "s", regions=regions))
    assert ds is not None, problems
    assert ds.regions.set_index("region_id")["name"].to_dict() == {
        "city": "示范市",
        "a": "甲县",
        "b": "乙区",
        "z": "开发区",
    }
    [note] = notes(problems)
    assert (note.row, note.column) == (3, "name")
    assert "rows 3-5" in note.message
    for code in ("U+2066", "U+2069", "U+200B", "U+FEFF", "U+200F"):
        assert code in note.message


def test_control_characters_are_removed_and_line_breaks_become_spaces(tmp_path):
    # enterprises row 2: a C0 control (U+0001) and a C1 control (U+009B) in the name,
    # row 3: a tab and a line break
    firms = with_cell("enterprises", 2, "name", "某\x01公\x9b司")
    firms[2][2] = "某新厂\t二\n分厂"
    ds, problems = validate(write_set(tmp_path / "s", enterprises=firms))
    assert ds is not None, problems
    assert ds["enterprises"]["name"].tolist() == ["某公司", "某新厂 二 分厂"]
    [note] = notes(problems)
    assert (note.file, note.row, note.column) == ("enterprises.csv", 2, "name")
    assert "U+0001" in note.message and "U+009B" in note.message
    assert "line breaks and tabs became spaces" in note.message


def test_every_text_cell_is_cleaned_not_only_names(tmp_path):
    # indicators row 2: "10.5" followed by a zero-width space was "not a number"
    rows = with_cell("indicators", 2, "yoy_pct", "10.5\u200b")
    ds, problems = validate(write_set(tmp_path / "s", indicators=rows))
    assert ds is not None, problems
    [note] = notes(problems)
    assert (note.file, note.row, note.column) == ("indicators.csv", 2, "yoy_pct")
    assert 10.5 in ds.indicators["yoy_pct"].tolist()


def test_an_invisible_character_in_a_header(tmp_path):
    # a header pasted from a web page: "name" followed by a zero-width space (row 1)
    regions = [list(r) for r in GOOD["regions"]]
    regions[0][1] = "name\u200b"
    ds, problems = validate(write_set(tmp_path / "s", regions=regions))
    assert ds is not None, problems
    [note] = notes(problems)
    assert (note.row, note.column) == (1, "name")
    assert "U+200B" in note.message


def test_the_note_in_chinese(tmp_path):
    folder = write_set(tmp_path / "s", regions=with_cell("regions", 3, "name", "甲\u202e县"))
    ds, problems = validate(folder, "zh")
    [note] = notes(problems)
    with language("zh"):
        assert str(note).startswith("regions.csv，第 3 行，列 name")
    assert "不可见字符" in note.message and "U+202E" in note.message and "已删除" in note.message


def test_a_name_of_only_invisible_characters_is_empty(tmp_path):
    folder = write_set(tmp_path / "s", regions=with_cell("regions", 3, "name", "\u200b\u202e"))
    ds, problems = validate(folder)
    [error] = errors(problems)
    assert (error.row, error.column) == (3, "name") and "is empty" in error.message
    assert notes(problems)


def test_the_invisible_class_covers_every_control_format_and_surrogate_character():
    from halfyear_lib.data.cells import INVISIBLE

    missing = [
        f"U+{c:04X}"
        for c in range(0x110000)
        if unicodedata.category(chr(c)) in ("Cc", "Cf", "Cs")
        and chr(c) not in "\t\n\r"
        and not INVISIBLE.fullmatch(chr(c))
    ]
    assert missing == []
    for ch in "甲A 1,;\"'<>%":  # ordinary text stays
        assert not INVISIBLE.search(ch)


# ---------------------------------------------------------------- workbooks


def test_workbook_cells_are_cleaned_and_noted_with_the_sheet(tmp_path):
    # openpyxl refuses C0 controls, but writes C1 controls and bidi characters
    book = write_workbook(
        tmp_path / "data.xlsx", regions=with_cell("regions", 3, "name", "甲\u202e县\x9b")
    )
    ds, problems = validate(book)
    assert ds is not None, problems
    assert ds.region_name("a") == "甲县"
    [note] = notes(problems)
    assert (note.file, note.sheet, note.row, note.column) == ("data.xlsx", "regions", 3, "name")
    assert "U+202E" in note.message and "U+009B" in note.message


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


# ---------------------------------------------------------------- any text at all

PROPERTIES = settings(max_examples=50, deadline=None, derandomize=True, database=None)

NASTY = [
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9b",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u2028",
    "\ufeff",
    "\ud800",
    "\udfff",
    '"',
    ",",
    "<script>alert(1)</script>",
    "**粗体**",
    "&amp;",
    "#N/A",
    " ",
    "\u3000",
    "😀",
]
pieces = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=5),
    st.text("甲乙丙安阳县公司", max_size=8),
    st.builds(lambda ch, n: ch * n, st.sampled_from("安a"), st.integers(40, 200)),
)
names = st.lists(pieces, max_size=6).map("".join)

SMALL = {name: None for name in ("industries", "projects", "project_monthly", "townships", "tasks")}


def write_text(path: Path, rows: list[list[str]], quoted: bool) -> None:
    """CSV as Excel writes it (quoted) or cells pasted between commas as they are."""
    if quoted:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        text = buf.getvalue()
    else:
        text = "".join(",".join(map(str, r)) + "\n" for r in rows)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))


def clean_and_short(text: str, limit: int) -> bool:
    """No control, format or surrogate character, no line or paragraph separator."""
    odd = [c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")]
    return not odd and len(text) <= limit


@PROPERTIES
@given(region=names, firm=names, quoted=st.booleans())
def test_any_text_in_a_name_gives_a_clean_result(tmp_path_factory, region, firm, quoted):
    folder = tmp_path_factory.mktemp("any")
    write_set(folder, **SMALL)
    regions = with_cell("regions", 3, "name", region)
    firms = with_cell("enterprises", 2, "name", firm)
    write_text(folder / "regions.csv", [[str(c) for c in r] for r in regions], quoted)
    write_text(folder / "enterprises.csv", [[str(c) for c in r] for r in firms], quoted)
    ds, problems = validate(folder)  # never an exception
    if ds is None:
        found = errors(problems)
        assert found and all(p.file and p.message for p in found)
        assert any(p.file in ("regions.csv", "enterprises.csv") for p in found), found
        for p in found:
            assert len(str(p)) < 2000, p  # no value is printed whole
    else:
        for text in ds.regions["name"].dropna():
            assert clean_and_short(text, 50), text
        for text in ds["enterprises"]["name"].dropna():
            assert clean_and_short(text, 100), text
