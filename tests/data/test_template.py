"""The fill-in template: Chinese sheets and headers, drop-downs, and a lossless round trip."""

from __future__ import annotations

import subprocess

import openpyxl
import pandas as pd
import pytest
from conftest import halfyear as run_cli

from halfyear_lib.data.dataset import DataSet
from halfyear_lib.data.dictionary import DICTIONARY, header_text
from halfyear_lib.data.loading import load_dataset, validate_dataset
from halfyear_lib.data.schema import INDICATORS, TABLES
from halfyear_lib.data.template import TemplateError, write_template
from halfyear_lib.paths import DEMO_DATA_DIR


@pytest.fixture(scope="module")
def demo():
    return load_dataset(DEMO_DATA_DIR)


@pytest.fixture(scope="module")
def template(tmp_path_factory, demo):
    return write_template(tmp_path_factory.mktemp("tpl") / "模板.xlsx", demo)


def test_template_loads_back_to_the_demo_data(template, demo):
    ds, problems = validate_dataset(template)
    assert ds is not None and problems == [], problems  # the 说明 sheet is skipped silently
    for name, df in demo.tables.items():
        pd.testing.assert_frame_equal(ds.tables[name], df, obj=name)


def test_sheets_and_headers_are_chinese_with_units(template):
    wb = openpyxl.load_workbook(template, read_only=True)
    try:
        assert wb.sheetnames == ["说明", *(DICTIONARY[name].zh for name in TABLES)]
        headers = {ws.title: [c.value for c in next(ws.iter_rows(max_row=1))] for ws in wb}
        notes = "\n".join(str(r[0]) for r in wb["说明"].iter_rows(values_only=True) if r[0])
    finally:
        wb.close()
    ind = headers["指标"]
    assert ind[:6] == ["地区代码", "指标", "年", "月", "本期值(亿元)", "同比增长(%)"]
    assert "同口径基数(亿元)" in ind and "单位" in ind
    assert headers["投资项目"][5] == "计划总投资(亿元)"
    for name, spec in TABLES.items():
        assert headers[DICTIONARY[name].zh] == [header_text(name, c) for c in spec.column_names]
    assert "填写说明" in notes and "halfyear validate" in notes


def _validations(ws) -> dict[str, str]:
    """Column header -> drop-down formula."""
    header = {cell.column_letter: cell.value for cell in ws[1]}
    out = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        first = str(dv.sqref).split(":")[0]
        out[header["".join(ch for ch in first if ch.isalpha())]] = dv.formula1
    return out


@pytest.fixture(scope="module")
def small_template(tmp_path_factory, demo):
    """The template with a few rows per table (drop-downs do not depend on the rows)."""
    small = DataSet({name: df.head(3) for name, df in demo.tables.items()})
    return write_template(tmp_path_factory.mktemp("small") / "t.xlsx", small)


def test_drop_downs_on_code_and_kind_columns(small_template):
    wb = openpyxl.load_workbook(small_template)
    ind = _validations(wb["指标"])
    assert set(ind) == {"地区代码", "指标", "单位", "口径", "已核实"}
    labels = [spec.label for spec in INDICATORS.values()]
    assert ind["指标"] == '"' + ",".join(labels) + '"'
    assert len(ind["指标"]) <= 255  # Excel's limit for a list written in the formula
    assert ind["口径"] == '"累计,当月"'
    assert ind["地区代码"] == "'地区'!$A$2:$A$1004"  # the ids of the regions sheet (3 + spare)
    assert _validations(wb["地区"])["类型"] == '"省,地级市,县,县级市,区,开发区"'
    assert _validations(wb["年度目标"])["目标类型"] == '"总量目标,增速目标"'
    projects = _validations(wb["投资项目"])
    assert projects["项目类型"] == '"新建,技改,扩建,基础设施"'
    assert projects["已入库"] == '"是,否"' and "制约因素" in projects
    assert _validations(wb["重点任务"])["进展状态"] == '"已完成,稳步推进,滞后,未启动"'
    assert _validations(wb["企业"])["入规途径"] == '"成长性企业,新项目入规"'
    for ws in wb.worksheets[1:]:
        for formula in _validations(ws).values():
            assert len(formula) <= 255, ws.title
    # the example rows hold the Chinese labels the drop-downs offer
    header = [c.value for c in wb["指标"][1]]
    kind_col = header.index("口径") + 1  # rate_kind
    assert wb["指标"]["B2"].value in labels and wb["指标"].cell(2, kind_col).value == "累计"


def test_no_overwrite_without_force(tmp_path, dataset_factory):
    tiny = dataset_factory(regions=[{"region_id": "a", "name": "甲县", "kind": "county"}])
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"mine")
    with pytest.raises(TemplateError, match="exists already; use --force"):
        write_template(path, tiny)
    assert path.read_bytes() == b"mine"
    write_template(path, tiny, force=True)
    assert path.read_bytes()[:2] == b"PK"  # a zip: the workbook
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx"]  # no temporary file left


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing/t.xlsx", "does not exist"), ("t.csv", "ending in .xlsx"), ("dir.xlsx", "folder")],
)
def test_bad_paths_are_refused(tmp_path, demo, name, message):
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(TemplateError, match=message):
        write_template(tmp_path / name, demo)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.xlsx"]


def test_cli_template(tmp_path):
    def halfyear(*args: str) -> subprocess.CompletedProcess:
        return run_cli(*args, lang="zh", timeout=120)

    out = tmp_path / "模板.xlsx"
    out.write_bytes(b"mine")
    proc = halfyear("template", str(out))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().count("\n") == 0 and "--force" in proc.stderr  # one line
    assert "已存在" in proc.stderr and out.read_bytes() == b"mine"
    proc = halfyear("template", str(tmp_path / "no" / "t.xlsx"), "--lang", "en")
    assert proc.returncode == 2 and proc.stderr.startswith("error: ")
    assert proc.stderr.strip().count("\n") == 0 and "does not exist" in proc.stderr
