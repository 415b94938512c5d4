"""CSV files broken below the level of cells: NUL bytes and quotes that do not pair.

Each case copies the small growth-only fixture and edits one cell of ``regions.csv``:

    row 1  region_id,name,kind,parent_id,rank_groups   (the header)
    row 2  hx,河西市,city,,
    row 3  aa,安阳县,county,hx,city;counties
    row 4  bb,白水县,county,hx,city;counties
    row 5  cc,长林市,county_city,hx,city;counties
    row 6  dd,东城区,district,hx,city
    row 7  ee,二号开发区,zone,hx,

(a file line is a spreadsheet row as long as no cell spans lines). The name column is
column B. Every case also checks that validation left the input bytes as they were.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from halfyear_lib.data.language import language
from halfyear_lib.data.loading import validate_dataset

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "growth_only"


def data_set(tmp_path: Path, old: str, new: str, file: str = "regions.csv") -> Path:
    """The fixture with ``old`` replaced by ``new`` (once) in ``file``."""
    folder = tmp_path / "set"
    shutil.copytree(FIXTURE, folder)
    path = folder / file
    text = path.read_bytes().decode("utf-8")
    assert text.count(old) >= 1, old
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))
    return folder


def validate(folder: Path, lang: str = "en"):
    """validate_dataset, asserting the input files are byte for byte unchanged."""
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with language(lang):
        ds, problems = validate_dataset(folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    return ds, problems


def errors(problems):
    return [p for p in problems if p.is_error]


def notes(problems):
    return [p for p in problems if p.severity == "note"]


# ---------------------------------------------------------------- NUL bytes


def test_a_nul_byte_in_a_cell_is_a_located_error(tmp_path):
    # 安阳县 with a NUL after 安: row 3, column name (B); before, it loaded and the NUL
    # reached every page
    folder = data_set(tmp_path, "安阳县", "安\x00阳县")
    ds, problems = validate(folder)
    assert ds is None
    [error] = errors(problems)
    assert (error.file, error.row, error.column, error.severity) == (
        "regions.csv",
        3,
        "name",
        "error",
    )
    assert "NUL" in error.message and "\\x00" in error.message
    assert "CSV UTF-8" in error.message
    assert not [p for p in notes(problems) if p.column == "name"]  # an error, not also a note


def test_the_nul_message_in_chinese(tmp_path):
    folder = data_set(tmp_path, "county_city", "county\x00_city")  # row 5, column kind (C)
    ds, problems = validate(folder, "zh")
    [error] = errors(problems)
    assert (error.row, error.column) == (5, "kind")
    assert "含有空字符（NUL，\\x00）" in error.message
    assert "文件可能已损坏或不是文本文件" in error.message
    assert "请用 Excel 另存为 CSV UTF-8" in error.message
    with language("zh"):
        assert str(error).startswith("regions.csv，第 5 行，列 kind")


def test_a_file_full_of_nul_bytes_is_one_error(tmp_path):
    # UTF-16 text saved without a byte-order mark: every ASCII letter is followed by a NUL
    folder = tmp_path / "set"
    shutil.copytree(FIXTURE, folder)
    text = "region_id,name,kind,parent_id,rank_groups\nhx,hexi,city,,\naa,anyang,county,hx,city\n"
    (folder / "regions.csv").write_bytes(text.encode("utf-16-le"))
    ds, problems = validate(folder)
    assert ds is None
    found = [p for p in errors(problems) if p.file == "regions.csv"]
    assert len(found) == 1, found
    assert found[0].row == 1  # the first NUL is on line 1, right after the "r"
    assert "NUL" in found[0].message and "UTF-16" in found[0].message


# ---------------------------------------------------------------- quotes


def test_a_quote_that_never_closes_is_one_error_naming_where_it_opened(tmp_path):
    # "安阳县 on row 3: from there to the end of the file was one cell, so rows 4-7 vanished
    # and the old loader reported their symptoms (an empty kind on row 3 and 20 unknown
    # regions in indicators.csv), never the quote
    folder = data_set(tmp_path, "aa,安阳县", 'aa,"安阳县')
    ds, problems = validate(folder)
    assert ds is None
    [error] = errors(problems)
    assert (error.file, error.row, error.column) == ("regions.csv", 3, "name")
    assert 'line 3, column B: the quote (")' in error.message
    assert "end of the file" in error.message
    assert "delete the quote or add the closing one" in error.message


def test_the_unpaired_quote_message_in_chinese(tmp_path):
    folder = data_set(tmp_path, "aa,安阳县", 'aa,"安阳县')
    ds, problems = validate(folder, "zh")
    [error] = errors(problems)
    assert (
        '第 3 行第 B 列的引号（"）没有配对：从这里起直到文件末尾都被读成了一个单元格；'
        "请删除或补上引号" in error.message
    )


def test_an_unpaired_quote_in_the_last_line(tmp_path):
    # row 7 is the last line: the cell runs to the end of the file on one line
    folder = data_set(tmp_path, "ee,二号开发区", 'ee,"二号开发区')
    ds, problems = validate(folder)
    [error] = errors(problems)
    assert (error.file, error.row, error.column) == ("regions.csv", 7, "name")
    assert "line 7, column B" in error.message and "end of the file" in error.message


def test_a_stray_quote_pair_that_swallows_rows(tmp_path):
    # a quote opens on row 3 and a stray one on row 6 closes it: rows 4 and 5 (whole rows
    # of the table, with all their commas) became part of one name
    folder = data_set(tmp_path, "aa,安阳县", 'aa,"安阳县')
    path = folder / "regions.csv"
    path.write_bytes(path.read_bytes().replace("东城区".encode(), '东城区"'.encode()))
    ds, problems = validate(folder)
    [error] = errors(problems)
    assert (error.file, error.row, error.column) == ("regions.csv", 3, "name")
    assert "line 3, column B" in error.message and "up to line 6" in error.message


def test_a_second_opening_quote_closing_the_first(tmp_path):
    # "安阳县 (row 3) and "长林市 (row 5): the second quote closes the first and 长林市 follows
    folder = data_set(tmp_path, "aa,安阳县", 'aa,"安阳县')
    path = folder / "regions.csv"
    path.write_bytes(path.read_bytes().replace("cc,长林市".encode(), 'cc,"长林市'.encode()))
    ds, problems = validate(folder)
    [error] = errors(problems)
    assert (error.row, error.column) == (3, "name")
    assert "line 3, column B" in error.message and "up to line 5" in error.message


def test_an_unpaired_quote_in_another_file_stops_the_flood_there_too(tmp_path):
    # indicators.csv row 3 is "aa,value_added,2020,2,,-2.1": a quote opens the value cell
    folder = data_set(
        tmp_path, "aa,value_added,2020,2,,", 'aa,value_added,2020,2,"', "indicators.csv"
    )
    ds, problems = validate(folder)
    [error] = errors(problems)
    assert (error.file, error.row, error.column) == ("indicators.csv", 3, "value")
    assert "line 3, column E" in error.message


def test_a_quoted_name_with_a_line_break_loads_with_a_space(tmp_path):
    # Excel writes a cell holding Alt+Enter as "安阳\n县" (quoted, over two lines)
    folder = data_set(tmp_path, "aa,安阳县", 'aa,"安阳\n县"')
    ds, problems = validate(folder)
    assert ds is not None, problems
    assert ds.region_name("aa") == "安阳 县"
    [note] = [p for p in notes(problems) if p.column == "name"]
    assert (note.file, note.row) == ("regions.csv", 3)
    assert "line break" in note.message
    # the rows after it keep their spreadsheet row numbers (row 4 is bb, over lines 5)
    assert ds.region_name("bb") == "白水县"


def test_rows_after_a_multi_line_cell_keep_their_spreadsheet_numbers(tmp_path):
    # row 3 spans file lines 3-4, so the bad kind of cc is on file line 6 but row 5
    folder = data_set(tmp_path, "aa,安阳县", 'aa,"安阳\n县"')
    path = folder / "regions.csv"
    path.write_bytes(path.read_bytes().replace(b"county_city", b"countyy"))
    ds, problems = validate(folder)
    [error] = errors(problems)
    assert (error.row, error.column) == (5, "kind")


def test_an_unpaired_quote_in_a_large_file_names_its_line(tmp_path):
    """Found by review: in a file over the csv module's field limit (131,072 characters
    after the quote), the quote never reached the end of the file; the reader stopped with
    "field larger than field limit" and the message named no line."""
    from halfyear_lib.paths import DEMO_DATA_DIR

    folder = tmp_path / "set"
    shutil.copytree(DEMO_DATA_DIR, folder)
    path = folder / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert sum(map(len, lines[101:])) > 131_072  # the rest of the file is past the limit
    lines[100] += ',"'  # line 101: a stray quote opening a ninth cell (column I)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds, problems = validate(folder)
    (error,) = errors(problems)
    assert (error.file, error.row) == ("indicators.csv", 101)
    assert error.message.startswith('line 101, column I: the quote (") is never closed')
    assert "field limit" not in error.message
