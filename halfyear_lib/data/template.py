"""The fill-in template: an .xlsx workbook in the input format, in Chinese, with drop-downs.

``halfyear template OUT.xlsx`` writes one sheet per table (named by the table's Chinese
name), Chinese headers with units (``本期值(亿元)``), drop-down lists for codes and kinds,
an instructions sheet (说明), and the demo data as example rows. The workbook loads back
to exactly the data it was written from (amounts in the canonical 亿元).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from .dataset import DataSet
from .dictionary import DICTIONARY, TEMPLATE_SHEETS, choice_labels, header_text
from .language import tr
from .schema import AMOUNT_UNITS, COUNT_UNITS, RANK_GROUPS, TABLES, Column

SPARE_ROWS = 1000
"""Rows below the examples that carry the drop-downs too, for the user's own data."""

BOOL_LABELS = ("是", "否")
UNIT_CHOICES = (*AMOUNT_UNITS, *sorted(COUNT_UNITS), "%")


class TemplateError(ValueError):
    """The template cannot be written where asked (the message says why, in one line)."""


def _cell_value(col: Column, value):
    """The value a template cell holds for a canonical value (None for a blank cell)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if col.dtype == "enum":
        return choice_labels(col).get(str(value), str(value))
    if col.dtype == "bool":
        return BOOL_LABELS[0] if bool(value) else BOOL_LABELS[1]
    if col.dtype == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if col.dtype == "int":
        return int(value)
    if col.dtype in ("float", "pct", "amount", "quantity"):
        return float(value)
    if col.name == "rank_groups":
        return ";".join(RANK_GROUPS.get(g, g) for g in str(value).split(";") if g) or None
    text = str(value)
    return text or None


def _choices(table: str, col: Column) -> tuple[str, ...] | None:
    """Inline drop-down list of a column, or None."""
    if col.dtype == "enum":
        return tuple(choice_labels(col).values())
    if col.dtype == "bool":
        return BOOL_LABELS
    if col.name == "unit" and table in ("indicators", "targets"):
        return UNIT_CHOICES
    return None


def _instructions(ws) -> None:
    from openpyxl.styles import Font

    lines = [
        "数据填报模板（halfyear）",
        "",
        "填写说明：",
        "1. 每个工作表是一张表，工作表名即表名（也可用英文表名）。“地区”“指标”“年度目标”为必填表，"
        "其余各表可选：没有的数据可删除整个工作表。",
        "2. 第 1 行是表头，请勿改动列名；括号内是单位，如“本期值(亿元)”。金额按表头单位填写；"
        "也可把表头改为“本期值(万元)”等，整列即按万元读入。",
        "3. “指标”表每行是一个地区、一个指标、一个累计期：年、月表示该年1月至该月的累计"
        "（1月与2月合并发布，第一个期间为1-2月，即月=2）。本期值与同比增长可缺其一，不能都缺；"
        "“单位”列写本行数值的单位（万元、亿元、家等），优先于表头单位。",
        "4. 百分数直接写数字：12.3 表示 12.3%，也可写 12.3%。是/否 列写“是”或“否”。"
        "月份列（入规时间、入库时间等）写成 2021-03。",
        "5. 带下拉箭头的列请从下拉列表中选择；地区代码须与“地区”表一致。",
        "6. 示例行是虚构的演示数据，请替换为本地数据。填好后运行：halfyear validate 本文件.xlsx",
        "",
        "各表与各列的含义见下表（完整的数据字典见 data/demo/数据字典.md）。",
        "",
    ]
    for line in lines:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["表", "列名", "英文列名", "必填", "含义"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for name, spec in TABLES.items():
        entry = DICTIONARY[name]
        need_table = "必填表" if spec.required else "可选表"
        ws.append([f"{entry.zh}（{name}，{need_table}）", "", "", "", entry.description])
        for col in spec.columns:
            e = entry.columns[col.name]
            ws.append(
                [
                    "",
                    header_text(name, col.name),
                    col.name,
                    "是" if col.required else "否",
                    e.description,
                ]
            )
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 22
    ws.column_dimensions["E"].width = 90


def build_workbook(dataset: DataSet):
    """The template workbook (openpyxl) holding ``dataset``'s tables as example rows."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    _instructions(wb.active)
    wb.active.title = TEMPLATE_SHEETS[0]
    sheet_of = {name: DICTIONARY[name].zh for name in TABLES}
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for name, spec in TABLES.items():
        ws = wb.create_sheet(sheet_of[name])
        frame = dataset.tables[name]
        ws.append([header_text(name, c.name) for c in spec.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = head_fill
        columns = [frame[c.name].tolist() for c in spec.columns]
        for values in zip(*columns, strict=True):
            ws.append([_cell_value(c, v) for c, v in zip(spec.columns, values, strict=True)])
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # untrusted text is never a formula
        last = len(frame) + 1 + SPARE_ROWS
        for j, col in enumerate(spec.columns, 1):
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = max(10, 2 * len(header_text(name, col.name)) + 2)
            choices = _choices(name, col)
            if choices is not None:
                formula = '"' + ",".join(choices) + '"'
            elif col.references and col.references.split(".")[0] in sheet_of:
                ref_table, ref_col = col.references.split(".")
                k = TABLES[ref_table].column_names.index(ref_col) + 1
                ref_letter = get_column_letter(k)
                n_ref = len(dataset.tables[ref_table]) + 1 + SPARE_ROWS
                formula = (
                    f"{quote_sheetname(sheet_of[ref_table])}!${ref_letter}$2:${ref_letter}${n_ref}"
                )
            else:
                continue
            dv = DataValidation(type="list", formula1=formula, allow_blank=True)
            dv.error = "请从下拉列表中选择"
            dv.errorTitle = header_text(name, col.name)
            dv.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
    return wb


def _place_new(tmp: Path, path: Path) -> None:
    """Move ``tmp`` to ``path`` unless ``path`` exists (FileExistsError then)."""
    try:
        os.link(tmp, path)  # atomic and fails if the file appeared meanwhile
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)


def check_template_path(path: str | Path, force: bool = False) -> Path:
    """The folder the template goes into; TemplateError when ``path`` cannot be used."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise TemplateError(
            tr(
                f"{path}: the template is an Excel workbook; give a file name ending in .xlsx",
                f"{path}：模板是 Excel 工作簿；请给出以 .xlsx 结尾的文件名",
            )
        )
    if path.is_dir():
        raise TemplateError(
            tr(f"{path} is a folder; give a file name", f"{path} 是文件夹；请给出文件名")
        )
    if path.exists() and not force:
        raise TemplateError(
            tr(
                f"{path} exists already; use --force to overwrite it",
                f"{path} 已存在；如需覆盖请加 --force",
            )
        )
    folder = path.parent if str(path.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise TemplateError(
            tr(
                f"{path}: {folder} is a file, not a folder; give a path in a folder",
                f"{path}：{folder} 是文件而不是文件夹；请给出文件夹中的路径",
            )
        )
    if not folder.is_dir():
        raise TemplateError(
            tr(
                f"{path}: folder {folder} does not exist; create it first",
                f"{path}：文件夹 {folder} 不存在；请先创建",
            )
        )
    return folder


def write_template(path: str | Path, dataset: DataSet, force: bool = False) -> Path:
    """Write the fill-in template to ``path`` (.xlsx) with ``dataset``'s rows as examples
    (the CLI passes the demo data set).

    Refuses to overwrite an existing file unless ``force``. Written to a temporary file
    in the same folder and renamed into place, so no half-written workbook is ever left.
    Raises :class:`TemplateError` with a one-line reason when the path is not usable.
    """
    path = Path(path)
    folder = check_template_path(path, force)
    wb = build_workbook(dataset)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx.tmp", dir=folder)
    except OSError as exc:
        raise TemplateError(
            tr(
                f"{path}: cannot write into {folder} ({exc.strerror})",
                f"{path}：无法写入文件夹 {folder}（{exc.strerror}）",
            )
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            wb.save(fh)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a template is an ordinary file
        if force:
            os.replace(tmp, path)
        else:
            _place_new(tmp, path)
    except FileExistsError as exc:
        raise TemplateError(
            tr(
                f"{path} exists already; use --force to overwrite it",
                f"{path} 已存在；如需覆盖请加 --force",
            )
        ) from exc
    except OSError as exc:
        raise TemplateError(
            tr(f"{path}: cannot be written ({exc.strerror})", f"{path}：无法写入（{exc.strerror}）")
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path
