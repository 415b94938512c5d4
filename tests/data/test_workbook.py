"""The same demo data as one .xlsx workbook (one sheet per table) gives the same report."""

from __future__ import annotations

import pandas as pd
import pytest

from halfyear_lib.analysis.indicators import headline
from halfyear_lib.data.loading import load_dataset
from halfyear_lib.data.periods import Period
from halfyear_lib.paths import DEMO_DATA_DIR


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "demo.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for csv in sorted(DEMO_DATA_DIR.glob("*.csv")):
            # as text, so the workbook carries exactly what the CSV files say
            pd.read_csv(csv, dtype=str, keep_default_na=False).to_excel(
                writer, sheet_name=csv.stem, index=False
            )
    return path


def test_workbook_loads_to_the_same_tables(workbook):
    from_csv = load_dataset(DEMO_DATA_DIR)
    from_xlsx = load_dataset(workbook)
    assert list(from_xlsx.checksums) == ["demo.xlsx"]
    for name, df in from_csv.tables.items():
        pd.testing.assert_frame_equal(from_xlsx.tables[name], df, check_dtype=False, obj=name)


def test_workbook_gives_the_same_headline(workbook):
    period = Period(2021, 6)
    expected = headline(load_dataset(DEMO_DATA_DIR), "qingshui", period).to_results()
    assert headline(load_dataset(workbook), "qingshui", period).to_results() == expected
