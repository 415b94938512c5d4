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
