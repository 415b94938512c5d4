"""Validate one raw table and convert it to its canonical frame (see :mod:`.dataset`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from . import schema
from .cells import (
    BOOL_WORDS,
    FULLWIDTH,
    HEADER_UNIT,
    MONTH_RE,
    NA_TOKENS,
    column_letter,
    convert_units,
    enum_aliases,
    label_parser,
    lookup,
    norm_unit,
    parse_numbers,
    shorten,
    unit_factors,
    unit_message,
)
from .dictionary import column_label, norm_header, split_header, table_label, zh_name
from .language import tr
from .problems import MAX_CELL_PROBLEMS
from .readers import RawTable, columns_hint
from .schema import AMOUNT_UNITS, COUNT_UNITS, INDICATORS, PERCENT_UNITS, TABLES, Column, TableSpec


def final_dtype(col: Column):
    if col.dtype in ("str", "enum"):
        return "str"
    if col.dtype == "int":
        return "Int64" if col.nullable else "int64"
    if col.dtype in ("float", "pct", "amount", "quantity"):
        return "float64"
    if col.dtype == "bool":
        return "boolean"
    if col.dtype == "month":
        return pd.PeriodDtype("M")
    raise ValueError(f"unknown dtype {col.dtype!r} of column {col.name}")  # pragma: no cover


def empty_table(name: str) -> pd.DataFrame:
    """The canonical empty frame of a table: every schema column, canonical dtypes."""
    spec = TABLES[name]
    return pd.DataFrame({c.name: pd.Series([], dtype=final_dtype(c)) for c in spec.columns})


class TableParser:
    """Validate one raw table and convert it to the canonical frame (plus ``_row``)."""

    def __init__(self, spec: TableSpec, raw: RawTable) -> None:
        self.spec = spec
        self.raw = raw
        self.report = raw.report
        self.text: dict[str, pd.Series] = {}  # canonical name -> stripped text ("" blank)
        self.display: dict[str, str] = {}  # canonical name -> header as written
        self.units: dict[str, str] = {}  # canonical name -> unit from the header
        self.present: set[str] = set()
        self.missing: set[str] = set()
        self.out: dict[str, object] = {}
        self.blank: dict[str, np.ndarray] = {}  # canonical name -> blank cells
        self.pct_cells: dict[str, np.ndarray] = {}  # quantity column -> cells written with %
        self.rows = np.zeros(0, dtype=np.int64)
        self.label_kind = np.zeros(0, dtype=object)  # per row: cumulative / month / ""

    # ----------------------------------------------------------- helpers

    def bad(
        self,
        mask: np.ndarray,
        name: str,
        message: Callable[[str | None], str],
        summary: str,
        severity: str = "error",
        values: pd.Series | None = None,
    ) -> None:
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        source = self.text.get(name) if values is None else values
        vals = [None if source is None else str(source.iat[i]) for i in idx[:MAX_CELL_PROBLEMS]]
        self.report.cells(
            self.rows[idx], vals, self.display.get(name, name), message, summary, severity
        )

    # ----------------------------------------------------------- header

    def read_header(self) -> None:
        spec, raw = self.spec, self.raw
        head_row = raw.first_row - 1  # spreadsheet row of the header
        positions: dict[str, int] = {}
        width = len(raw.header)
        rows = raw.rows
        longest = max(map(len, rows), default=width)
        if any(len(r) != longest for r in rows):  # ragged CSV lines: pad them
            rows = [r if len(r) == longest else [*r, *[""] * (longest - len(r))] for r in rows]
        data = pd.DataFrame(rows, dtype=object)
        for j in range(data.shape[1], width):
            data[j] = ""
        data = data.fillna("")
        # cells beyond the header
        if data.shape[1] > width:
            extra = data.iloc[:, width:].astype(str).apply(lambda c: c.str.strip() != "")
            rows_extra = np.flatnonzero(extra.any(axis=1).to_numpy())
            if len(rows_extra):
                self.report.cells(
                    rows_extra + raw.first_row,
                    [None] * len(rows_extra),
                    None,
                    lambda _v: tr(
                        f"has more cells than the header ({width} columns); give the "
                        f"extra column a name in row {head_row} or delete the extra cells",
                        f"单元格比表头多（表头 {width} 列）；请在第 {head_row} 行给多出的列起名，"
                        "或删除多出的单元格",
                    ),
                    tr("with more cells than the header", "单元格比表头多"),
                )
        for j, head in enumerate(raw.header):
            head = str(head).replace("\ufeff", "").strip()
            letter = column_letter(j)
            if not head:
                if j < data.shape[1] and (data[j].astype(str).str.strip() != "").any():
                    self.report.warn(
                        tr(
                            f"column {letter} has no name in row {head_row} but holds values; "
                            "it is ignored",
                            f"第 {letter} 列在表头（第 {head_row} 行）没有列名，但有数据；已忽略",
                        ),
                    )
                continue
            name, unit = split_header(spec.name, head)
            if name is None:
                self.report.warn(
                    tr(
                        f"column {head!r} (column {letter}) is not part of table {spec.name} "
                        f"and is ignored; its columns are: {columns_hint(spec)}",
                        f"列 {head!r}（第 {letter} 列）不属于表 {table_label(spec.name)}，已忽略；"
                        f"该表的列为：{columns_hint(spec)}",
                    ),
                    column=head,
                )
                continue
            if name in positions:
                self.report.add(
                    tr(
                        f"column {name} appears twice (columns {column_letter(positions[name])} "
                        f"and {letter}); keep one of them",
                        f"列 {column_label(spec.name, name)} 出现了两次（第 "
                        f"{column_letter(positions[name])} 列和第 {letter} 列）；请只保留一列",
                    ),
                    column=head,
                )
                continue
            positions[name] = j
            self.display[name] = head
            if norm_header(HEADER_UNIT.sub(r"\g<name>", head)) != norm_header(name):
                self.report.fields[head] = name  # messages show 同比增长 (yoy_pct)
            if unit:
                self.check_header_unit(name, head, norm_unit(unit))
        if raw.unit:
            self.apply_unit_line(positions)
        # blank rows are skipped, row numbers kept
        cols = {name: data[j].astype(str).str.strip() for name, j in positions.items()}
        frame = pd.DataFrame(cols, index=data.index, dtype="str")
        if len(frame.columns):
            frame = frame.where(~frame.isin(NA_TOKENS), "")
            keep = (frame != "").any(axis=1).to_numpy()
        else:
            keep = np.zeros(len(frame), dtype=bool)
        self.rows = (np.arange(len(frame), dtype=np.int64) + raw.first_row)[keep]
        frame = frame.loc[keep].reset_index(drop=True)
        self.text = {name: frame[name] for name in frame.columns}
        self.present = set(frame.columns)
        # required columns
        for col in spec.columns:
            if col.name in self.present or not col.required:
                continue
            if spec.periodic and col.name in ("month", "year") and "period" in self.present:
                continue
            self.missing.add(col.name)
            self.report.add(
                tr(
                    f"column {col.name} is missing; table {spec.name} needs the columns: ",
                    f"缺少列 {column_label(spec.name, col.name)}；表 {table_label(spec.name)} "
                    "需要的列为：",
                )
                + columns_hint(spec)
            )

    def apply_unit_line(self, positions: dict[str, int]) -> None:
        """A unit line above the header ("单位：万元") sets the unit of the amount columns
        whose header gives none (for quantities, a row's unit cell still wins)."""
        unit, applied = self.raw.unit, []
        for name in positions:
            if name == "period" or name in self.units:
                continue
            if self.spec.column(name).dtype in ("amount", "quantity"):
                self.units[name] = unit
                applied.append(name)
        if applied:
            names = ", ".join(applied)
            self.report.note(
                tr(
                    f"the unit line in row {self.raw.unit_row} ({unit}) applies to the columns "
                    f"without a unit of their own: {names}",
                    f"第 {self.raw.unit_row} 行的单位行（{unit}）适用于表头未注明单位的列："
                    + "、".join(column_label(self.spec.name, n) for n in applied),
                )
            )

    def check_header_unit(self, name: str, head: str, unit: str) -> None:
        col = self.spec.column(name) if name != "period" else None
        dtype = col.dtype if col else "period"
        if dtype == "amount":
            if unit not in AMOUNT_UNITS:
                self.report.add(
                    tr(
                        f"unit {unit!r} in the header is not an amount unit; use one of "
                        f"{', '.join(AMOUNT_UNITS)}, e.g. {name}(万元)",
                        f"表头中的单位 {unit!r} 不是金额单位；请用 {', '.join(AMOUNT_UNITS)} 之一，"
                        f"如 {name}(万元)",
                    ),
                    column=head,
                )
                return
        elif dtype == "quantity":
            if unit not in AMOUNT_UNITS and unit not in COUNT_UNITS and unit not in PERCENT_UNITS:
                self.report.add(
                    tr(
                        f"unit {unit!r} in the header is unknown; use an amount unit "
                        f"({', '.join(AMOUNT_UNITS)}) or a count unit "
                        f"({', '.join(sorted(COUNT_UNITS))})",
                        f"表头中的单位 {unit!r} 无法识别；请用金额单位（{', '.join(AMOUNT_UNITS)}）"
                        f"或个数单位（{', '.join(sorted(COUNT_UNITS))}）",
                    ),
                    column=head,
                )
                return
        elif dtype == "pct":
            if unit not in PERCENT_UNITS:
                self.report.add(
                    tr(
                        f"unit {unit!r} in the header does not fit a percentage column; write "
                        f"{name} or {name}(%)",
                        f"表头中的单位 {unit!r} 不适用于百分数列 {column_label(self.spec.name, name)}；"
                        f"请写 {name} 或 {name}(%)",
                    ),
                    column=head,
                )
            return
        else:
            self.report.warn(
                tr(
                    f"unit {unit!r} in the header is ignored (column {name})",
                    f"表头中的单位 {unit!r} 已忽略（列 {name}）",
                ),
                column=head,
            )
            return
        self.units[name] = unit

    # ----------------------------------------------------------- columns

    def check_lengths(self) -> dict[str, np.ndarray]:
        """Cells longer than their column's ``max_len``: a located error each, showing the
        first characters only; the cell is then read as empty, so that no later message
        prints it again. Returns the too-long cells per column."""
        too_long: dict[str, np.ndarray] = {}
        for name, s in self.text.items():
            limit = self.spec.column(name).limit if name != "period" else schema.MAX_LEN_CELL
            lengths = np.fromiter(map(len, s.to_numpy(dtype=object)), np.int64, count=len(s))
            mask = lengths > limit
            if not mask.any():
                continue
            idx = np.flatnonzero(mask)
            head = idx[:MAX_CELL_PROBLEMS]
            what = zh_name(self.spec.name, name) or name
            if name.endswith("_id"):
                fix = tr(
                    "ids become folder and file names, so only ASCII letters, digits, _ and - "
                    f"are allowed, 1 to {limit} characters: use a short pinyin id such as "
                    "qingshui and keep the Chinese name in column name",
                    f"编号会用作文件夹和文件名，只能使用英文字母、数字、_ 和 -，1 到 {limit} 个字符："
                    "请改用简短的拼音编号，如 qingshui，中文名称写在 name 列",
                )
            else:
                fix = tr(
                    f"shorten it to {limit} characters or fewer", f"请缩短到 {limit} 个字符以内"
                )
            self.report.cells(
                self.rows[idx],
                [shorten(str(s.iat[i])) for i in head],
                self.display.get(name, name),
                [
                    tr(
                        f"too long ({lengths[i]} characters, at most {limit}): "
                        f"“{shorten(str(s.iat[i]))}”; {fix}",
                        f"{what}过长（{lengths[i]} 个字符，最多 {limit} 个）："
                        f"“{shorten(str(s.iat[i]))}”；{fix}",
                    )
                    for i in head
                ],
                tr(f"longer than {limit} characters", f"超过 {limit} 个字符"),
            )
            self.text[name] = s.where(~mask, "")
            too_long[name] = mask
        return too_long

    def parse(self) -> pd.DataFrame:
        self.read_header()
        too_long = self.check_lengths()
        n = len(self.rows)
        for col in self.spec.columns:
            if col.name not in self.present:
                self.out[col.name] = None
                continue
            s = self.text[col.name]
            blank = (s == "").to_numpy(dtype=bool)
            if col.name in too_long:  # reported: not also "is empty" or "neither value nor ..."
                blank = blank & ~too_long[col.name]
            self.blank[col.name] = blank
            if col.dtype == "int" and self.spec.periodic and col.name in ("year", "month"):
                continue  # see periods()
            if not col.nullable:
                self.bad(
                    blank,
                    col.name,
                    lambda _v, c=col: tr(
                        f"is empty; every row needs a value in column {c.name}"
                        + (f" ({c.description})" if c.description else ""),
                        f"为空；每行都须填写列 {column_label(self.spec.name, c.name)}",
                    ),
                    tr("with an empty cell", "有空单元格"),
                )
            self.out[col.name] = getattr(self, f"parse_{col.dtype}")(col, s)
        if self.spec.periodic:
            self.periods()
        for col in self.spec.columns:
            if self.out.get(col.name) is None:
                self.out[col.name] = pd.Series(pd.array([None] * n, dtype=work_dtype(col)))
        special = getattr(self, f"table_{self.spec.name}", None)
        if special is not None:
            special()
        frame = pd.DataFrame(
            {c.name: as_series(self.out[c.name], work_dtype(c)) for c in self.spec.columns}
        )
        frame["_row"] = self.rows
        if self.spec.name == "indicators":
            frame = self.expand_month_rates(frame)
        self.check_keys(frame)
        return frame

    def parse_str(self, col: Column, s: pd.Series) -> pd.Series:
        return s.where(s != "")

    def parse_enum(self, col: Column, s: pd.Series) -> pd.Series:
        aliases, shown = enum_aliases(col.choices)
        codes = lookup(s, aliases)
        bad = (s != "").to_numpy(dtype=bool) & codes.isna().to_numpy(dtype=bool)
        self.bad(
            bad,
            col.name,
            lambda v: tr(
                f"{v!r} is not an allowed value; use one of: {shown}",
                f"{v!r} 不是允许的值；请用以下之一：{shown}",
            ),
            tr("with a value that is not allowed", "的值不在允许范围内"),
        )
        return codes.astype("str")

    def _numeric(self, col: Column, s: pd.Series, hint: str, **kw) -> np.ndarray:
        values, bad, _ = parse_numbers(s, **kw)
        self.bad(
            bad,
            col.name,
            lambda v: tr(f"{v!r} is not a number; {hint}", f"{v!r} 不是数字；{hint}"),
            tr("that are not numbers", "不是数字"),
        )
        return values

    def parse_int(self, col: Column, s: pd.Series) -> pd.Series:
        values, bad, _ = parse_numbers(s, thousands=False, suffix=r"\s*[年月]$")
        wrong = np.isfinite(values) & (values != np.round(values))
        if col.name == "year":
            wrong |= np.isfinite(values) & ((values < 1900) | (values > 2200))
        self.bad(
            bad | wrong,
            col.name,
            lambda v: tr(
                f"{v!r} is not a {'year' if col.name == 'year' else 'whole number'}; "
                "write e.g. 2021",
                f"{v!r} 不是{'年份' if col.name == 'year' else '整数'}；请写如 2021",
            ),
            tr("that are not whole numbers", "不是整数"),
        )
        values[wrong] = np.nan
        return pd.array(values, dtype="Float64").astype("Int64")

    def parse_float(self, col: Column, s: pd.Series) -> np.ndarray:
        return self._numeric(
            col, s, tr("write a number such as 1234.5 or 1,234.5", "请写数字，如 1234.5 或 1,234.5")
        )

    def parse_pct(self, col: Column, s: pd.Series) -> np.ndarray:
        return self._numeric(
            col,
            s,
            tr("write a percentage such as 12.3 or 12.3%", "请写百分数，如 12.3 或 12.3%"),
            thousands=False,
            percent=True,
        )

    def parse_amount(self, col: Column, s: pd.Series) -> np.ndarray:
        unit = self.units.get(col.name, "亿元")
        values = self._numeric(
            col,
            s,
            tr(
                f"write an amount such as 1234.5 or 1,234.5 (unit in the header, e.g. "
                f"{col.name}(万元))",
                f"请写金额，如 1234.5 或 1,234.5（单位写在表头，如 {col.name}(万元)）",
            ),
        )
        return convert_units(values, np.full(len(values), AMOUNT_UNITS[unit]))

    def parse_quantity(self, col: Column, s: pd.Series) -> np.ndarray:
        # units are resolved per row by table_indicators / table_targets
        values, bad, had_pct = parse_numbers(s, percent=True)
        self.bad(
            bad,
            col.name,
            lambda v: tr(
                f"{v!r} is not a number; write a number such as 1234.5 or 1,234.5 and "
                "give its unit in the unit column or the header",
                f"{v!r} 不是数字；请写数字，如 1234.5 或 1,234.5，单位写在“单位”(unit)列或表头",
            ),
            tr("that are not numbers", "不是数字"),
        )
        self.pct_cells[col.name] = had_pct
        return values

    def parse_bool(self, col: Column, s: pd.Series) -> pd.Series:
        values = lookup(s, BOOL_WORDS)
        bad = (s != "").to_numpy(dtype=bool) & values.isna().to_numpy(dtype=bool)
        self.bad(
            bad,
            col.name,
            lambda v: tr(
                f"{v!r} is not a yes/no value; write true/false, 1/0, 是/否 or yes/no",
                f"{v!r} 不是“是/否”值；请写 是/否、true/false、1/0 或 yes/no",
            ),
            tr("that are not yes/no values", "不是“是/否”值"),
        )
        return values.astype("boolean")

    def parse_month(self, col: Column, s: pd.Series) -> pd.Series:
        parts = s.str.translate(FULLWIDTH).str.extract(MONTH_RE)
        year = pd.to_numeric(parts["y"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        month = pd.to_numeric(parts["m"].fillna(parts["m2"]), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan
        )
        ok = (year >= 1900) & (year <= 2200) & (month >= 1) & (month <= 12)
        filled = (s != "").to_numpy(dtype=bool)
        self.bad(
            filled & ~ok,
            col.name,
            lambda v: tr(
                f"{v!r} is not a month; write it as YYYY-MM, e.g. 2021-03 "
                "(2021/3, 2021年3月 and 202103 also work)",
                f"{v!r} 不是月份；请写成 YYYY-MM，如 2021-03（2021/3、2021年3月、202103 也可以）",
            ),
            tr("that are not months", "不是月份"),
        )
        ordinals = np.where(
            ok, (np.nan_to_num(year) - 1970) * 12 + np.nan_to_num(month) - 1, 0
        ).astype(np.int64)
        ordinals[~ok] = np.iinfo(np.int64).min  # NaT
        return pd.Series(pd.PeriodIndex.from_ordinals(ordinals, freq="M"))

    # ----------------------------------------------------------- periods

    def periods(self) -> None:
        spec, n = self.spec, len(self.rows)
        allow_january = not (spec.cumulative or spec.name == "project_monthly")
        parse_label = label_parser(allow_january)
        year = np.full(n, np.nan)
        month = np.full(n, np.nan)
        label_year = np.full(n, np.nan)
        label_col = np.array([""] * n, dtype=object)  # column that gave the label year
        label_kind = np.array([""] * n, dtype=object)  # 当月 or 累计, from a label

        def labels(name: str, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            """Parse the labels of column ``name`` where mask; report bad ones."""
            s = self.text[name]
            ys, ms = np.full(n, np.nan), np.full(n, np.nan)
            idx = np.flatnonzero(mask)
            if not len(idx):
                return ys, ms
            texts = s.to_numpy(dtype=object)[idx]
            uniq = {t: parse_label(t) for t in set(texts)}
            ys[idx] = [np.nan if uniq[t][0] is None else uniq[t][0] for t in texts]
            ms[idx] = [np.nan if uniq[t][1] is None else uniq[t][1] for t in texts]
            label_kind[idx] = [uniq[t][3] for t in texts]
            bad = np.zeros(n, dtype=bool)
            bad[idx] = [bool(uniq[t][2]) for t in texts]
            self.bad(
                bad,
                name,
                lambda v: uniq[v][2],
                tr("with a period label that cannot be read", "的期间标签无法识别"),
            )
            return ys, ms

        if "year" in self.present:
            s = self.text["year"]
            values, bad, _ = parse_numbers(s, thousands=False, suffix=r"\s*年$")
            wrong = np.isfinite(values) & (
                (values != np.round(values)) | (values < 1900) | (values > 2200)
            )
            self.bad(
                bad | wrong,
                "year",
                lambda v: tr(
                    f"{v!r} is not a year; write a four-digit year such as 2021",
                    f"{v!r} 不是年份；请写四位数年份，如 2021",
                ),
                tr("that are not years", "不是年份"),
            )
            values[wrong] = np.nan
            year = values
            self.bad(
                self.blank["year"],
                "year",
                lambda _v: tr(
                    "is empty; every row needs a year (e.g. 2021)",
                    "为空；每行都须填写年份（如 2021）",
                ),
                tr("with an empty cell", "有空单元格"),
            )
        if "month" in self.present:
            s = self.text["month"]
            values, _, _ = parse_numbers(s, thousands=False, suffix=r"\s*月份?$")
            whole = np.isfinite(values) & (values == np.round(values))
            month = np.where(whole, values, np.nan)
            textual = ~self.blank["month"] & ~whole
            ly, lm = labels("month", textual)
            month = np.where(textual, lm, month)
            label_year = np.where(textual, ly, label_year)
            label_col[textual & np.isfinite(ly)] = "month"
            self.bad(
                self.blank["month"],
                "month",
                lambda _v: tr(
                    "is empty; every row needs a month (2..12 for cumulative data Jan..month)",
                    "为空；每行都须填写月份（累计数据为 2..12，表示1月至该月）",
                ),
                tr("with an empty cell", "有空单元格"),
            )
        if "period" in self.present:
            filled = (self.text["period"] != "").to_numpy(dtype=bool)
            py, pm = labels("period", filled)
            if "month" in self.present:
                differ = filled & np.isfinite(pm) & np.isfinite(month) & (pm != month)
                self.bad(
                    differ,
                    "period",
                    lambda v: tr(
                        f"{v!r} does not agree with column month; make them agree or "
                        "delete one of the two columns",
                        f"{v!r} 与列 month（月）不一致；请改为一致，或删除两列之一",
                    ),
                    tr(
                        "whose period label disagrees with column month",
                        "的期间标签与列 month（月）不一致",
                    ),
                )
            else:
                month = pm
                self.bad(
                    ~filled,
                    "period",
                    lambda _v: tr(
                        "is empty; every row needs a period such as 1-6月 or 2021-06",
                        "为空；每行都须填写期间，如 1-6月 或 2021-06",
                    ),
                    tr("with an empty period", "期间为空"),
                )
            use = filled & np.isfinite(py) & ~np.isfinite(label_year)
            label_year = np.where(use, py, label_year)
            label_col[use] = "period"
        # the year: from the year column, else from the labels
        has_label_year = np.isfinite(label_year)
        if "year" in self.present:
            clash = has_label_year & np.isfinite(year) & (label_year != year)
            for name in ("month", "period"):
                self.bad(
                    clash & (label_col == name),
                    name,
                    lambda v: tr(
                        f"the year in {v!r} does not agree with column year; make them agree",
                        f"{v!r} 中的年份与列 year（年）不一致；请改为一致",
                    ),
                    tr(
                        "whose label year disagrees with column year",
                        "的标签年份与列 year（年）不一致",
                    ),
                )
        else:
            year = label_year
            period_col = "period" if "period" in self.present else "month"
            self.bad(
                ~has_label_year & np.isfinite(month),
                period_col,
                lambda v: tr(
                    f"{v!r} has no year; add a year column or write the year into the "
                    "label, e.g. 2021年1-6月",
                    f"{v!r} 没有年份；请加一列 year（年），或把年份写进标签，如 2021年1-6月",
                ),
                tr("without a year", "没有年份"),
            )
        # month range and January
        col = "month" if "month" in self.present else "period"
        if not allow_january:
            self.bad(
                month == 1,
                col,
                lambda _v: tr(
                    "month 1 is not a period of cumulative data: January is published "
                    "together with February as 1-2月: use month 2",
                    "累计数据没有1月这一期：1月与2月合并发布为1-2月，请写月份 2",
                ),
                tr("with month 1", "月份为 1"),
            )
        lo = 1 if allow_january else 2
        outside = np.isfinite(month) & ((month < 1) | (month > 12))
        self.bad(
            outside,
            col,
            lambda v: tr(
                f"{v!r} is not a month; write {lo}..12"
                + (" (the cumulative period Jan..month)" if spec.cumulative else ""),
                f"{v!r} 不是月份；请写 {lo}..12"
                + ("（累计期间：1月至该月）" if spec.cumulative else ""),
            ),
            tr("with a month outside 1..12", "月份不在 1..12 内"),
        )
        month[outside | ((not allow_january) & (month == 1))] = np.nan
        self.out["year"] = pd.array(year, dtype="Float64").astype("Int64")
        self.out["month"] = pd.array(month, dtype="Float64").astype("Int64")
        self.label_kind = label_kind
        if spec.cumulative and spec.name != "indicators":
            self.bad(
                label_kind == "month",
                col,
                lambda v: tr(
                    f"{v!r} is a single month (当月), but table {spec.name} holds cumulative "
                    "values from January: write the cumulative period (1-6月 for 6月)",
                    f"{v!r} 是单月（当月），而 {spec.name} 表是从1月起的累计值：请写累计期间"
                    "（6月的累计为1-6月）",
                ),
                tr("with a single-month period label", "的期间是单月"),
            )

    # ----------------------------------------------------------- units of quantities

    def _codes(self) -> np.ndarray:
        """Indicator code per row ("" where missing or invalid)."""
        ind = self.out.get("indicator")
        if ind is None:
            return np.full(len(self.rows), "", dtype=object)
        return np.asarray(ind.astype(object).where(ind.notna(), ""), dtype=object)

    def resolve_units(self, columns: Sequence[str], category: np.ndarray) -> np.ndarray:
        """Convert the quantity ``columns`` to canonical units; return the canonical unit per row.

        ``category`` per row: "amount", "count", "percent" or "" (indicator unknown). The
        unit of a row is the row's ``unit`` cell, else the column header's unit where it
        fits the row, else the canonical unit.
        """
        n = len(self.rows)
        codes = self._codes()
        canonical = np.array([INDICATORS[c].unit if c in INDICATORS else "" for c in codes])
        canonical = np.where(category == "percent", "%", canonical).astype(object)
        if "unit" in self.present:
            text = self.text["unit"]
            row_unit = text.map({u: norm_unit(u) for u in text.unique()}).to_numpy(dtype=object)
        else:
            row_unit = np.full(n, "", dtype=object)
        has_row_unit = row_unit != ""
        if self.spec.name == "indicators":
            # "%" on a growth-only row (no level given) says nothing about levels
            level = np.zeros(n, dtype=bool)
            for name in columns:
                if name in self.present:
                    level |= np.isfinite(np.asarray(self.out[name], dtype=float))
            has_row_unit &= ~(np.isin(row_unit, [*PERCENT_UNITS, "%"]) & ~level)
        row_factor = unit_factors(category, row_unit)
        wrong = has_row_unit & np.isnan(row_factor) & (category != "")
        idx = np.flatnonzero(wrong)
        if len(idx):
            head = idx[:MAX_CELL_PROBLEMS]
            self.report.cells(
                self.rows[idx],
                [str(self.text["unit"].iat[i]) for i in head],
                self.display.get("unit", "unit"),
                [unit_message(str(self.text["unit"].iat[i]), category[i], codes[i]) for i in head],
                tr("whose unit does not fit the indicator", "的单位与指标不符"),
            )
        level_category = np.isin(category, ["amount", "count"])
        for name in columns:
            if name not in self.present:
                continue
            values = np.asarray(self.out[name], dtype=float)
            factor = np.ones(n)
            header_unit = self.units.get(name, "")
            if header_unit:
                header_factor = unit_factors(category, np.full(n, header_unit, dtype=object))
                fits = np.isfinite(header_factor)
                factor = np.where(fits, header_factor, 1.0)
                misfit = ~fits & ~has_row_unit & level_category & np.isfinite(values)
                if misfit.any():
                    misfit_codes = ", ".join(sorted(set(codes[misfit])))
                    misfit_units = ", ".join(sorted(set(canonical[misfit])))
                    self.report.warn(
                        tr(
                            f"the header unit {header_unit} does not fit {misfit_codes}: those "
                            f"values are read in {misfit_units}; give their unit in the unit "
                            "column",
                            f"表头单位 {header_unit} 不适用于 {misfit_codes}：这些值按 "
                            f"{misfit_units} 读入；请在“单位”(unit)列写明其单位",
                        ),
                        column=self.display.get(name, name),
                    )
            factor = np.where(has_row_unit & np.isfinite(row_factor), row_factor, factor)
            pct_cell = self.pct_cells.get(name, np.zeros(n, dtype=bool)) & level_category
            self.bad(
                pct_cell,
                name,
                lambda v: tr(
                    f"{v!r} is a percentage but this column holds a level here; write "
                    "the number without % (growth rates go into yoy_pct or a growth_pct target)",
                    f"{v!r} 是百分数，但这一列在此应填总量；请写不带 % 的数"
                    "（增速写入 yoy_pct（同比增长）列或 growth_pct 增速目标）",
                ),
                tr("holding a percentage where a level belongs", "在应填总量处写了百分数"),
            )
            values[pct_cell] = np.nan
            self.out[name] = convert_units(values, factor)
        return canonical

    # ----------------------------------------------------------- table rules

    def _categories(self) -> np.ndarray:
        return np.array(
            [INDICATORS[c].kind if c in INDICATORS else "" for c in self._codes()], dtype=object
        )

    def table_indicators(self) -> None:
        self.resolve_rate_kind()
        if self.present and not {"value", "yoy_pct", "month_yoy_pct"} & self.present:
            self.report.add(
                tr(
                    "has neither a value column nor a yoy_pct column; give the cumulative "
                    "value, the growth rate (同比增长), or both",
                    "既没有 value（本期值）列也没有 yoy_pct（同比增长）列；请给出累计值、增速或两者",
                )
            )
        if "indicator" in self.present:
            self.out["unit"] = self.resolve_units(("value", "base"), self._categories())
        # either value or yoy_pct may be missing, not both
        if "value" in self.present and "yoy_pct" in self.present:
            only_month_rate = ~self.blank.get("month_yoy_pct", np.ones(len(self.rows), bool))
            self.bad(
                self.blank["value"] & self.blank["yoy_pct"] & ~only_month_rate,
                "value",
                lambda _v: tr(
                    "neither value nor yoy_pct is given; either value or yoy_pct may be "
                    "missing, not both: fill one in or delete the row",
                    "value（本期值）和 yoy_pct（同比增长）都没有填；两者可缺其一，不能都缺："
                    "请填写一个或删除该行",
                ),
                tr("with neither value nor yoy_pct", "value 和 yoy_pct 都没有填"),
            )

    def resolve_rate_kind(self) -> None:
        """累计 or 当月 per row: the rate_kind column, else the period label, else 累计.

        A single-month label (11月) is never taken as cumulative (1-11月); a rate_kind
        that contradicts the label is an error.
        """
        n = len(self.rows)
        given = self.out.get("rate_kind")
        given = (
            np.full(n, "", dtype=object)
            if given is None
            else np.asarray(given.astype(object).where(given.notna() & (given != "nan"), ""))
        )
        label = self.label_kind if len(self.label_kind) == n else np.full(n, "", dtype=object)
        clash = (given != "") & (label != "") & (given != label)
        self.bad(
            clash,
            "rate_kind",
            lambda v: tr(
                f"{v!r} contradicts the period label of this row; a label such as 11月 is a "
                "single month (当月) and 1-11月 is cumulative (累计): make them agree",
                f"{v!r} 与本行的期间标签矛盾；11月 这样的标签是当月，1-11月 是累计：请使二者一致",
            ),
            tr("whose rate_kind contradicts the period label", "的口径与期间标签矛盾"),
        )
        kind = np.where(given != "", given, np.where(label == "month", "month", "cumulative"))
        self.out["rate_kind"] = pd.Series(kind, dtype="str")

    def expand_month_rates(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A 当月 rate pasted beside the cumulative one (month_yoy_pct) becomes its own row.

        The new row has rate_kind "month", the rate in yoy_pct and no level; a row that
        held only the 当月 rate leaves no cumulative row behind.
        """
        if "month_yoy_pct" not in self.present:
            return frame
        has = frame["month_yoy_pct"].notna().to_numpy(dtype=bool)
        on_month_row = has & (frame["rate_kind"] == "month").to_numpy(dtype=bool)
        self.bad(
            on_month_row,
            "month_yoy_pct",
            lambda v: tr(
                f"{v!r}: this row is already a single-month (当月) row; put its rate in yoy_pct",
                f"{v!r}：本行已是当月数据，请把增速填在 yoy_pct（同比增长）",
            ),
            tr("holding a 当月 rate on a 当月 row", "在当月行上又填了当月增速"),
        )
        take = has & ~on_month_row
        extra = frame.loc[take].copy()
        extra["rate_kind"] = "month"
        extra["yoy_pct"] = extra["month_yoy_pct"]
        for col in ("value", "base"):
            extra[col] = np.nan
        for col in ("rank_city", "rank_city_of", "rank_counties", "rank_counties_of"):
            extra[col] = pd.NA
        empty = take & frame["value"].isna().to_numpy() & frame["yoy_pct"].isna().to_numpy()
        out = pd.concat([frame.loc[~empty], extra], ignore_index=True)
        out["month_yoy_pct"] = np.nan
        return out

    def table_targets(self) -> None:
        if "indicator" not in self.present or "kind" not in self.present:
            return
        kinds = np.asarray(self.out["kind"].astype(object), dtype=object)
        category = np.where(kinds == "growth_pct", "percent", self._categories())
        category = np.where(pd.isna(kinds), "", category).astype(object)
        self.out["unit"] = self.resolve_units(("target",), category)

    def table_regions(self) -> None:
        if "rank_groups" not in self.present:
            return
        s = self.text["rank_groups"]
        aliases, shown = enum_aliases(tuple(schema.RANK_GROUPS))
        cache: dict[str, tuple[str, str]] = {}
        for text in s.unique():
            tokens = [t for t in re.split(r"[;；,，、\s]+", text) if t]
            codes = [aliases.get(t.lower()) for t in tokens]
            unknown = [t for t, c in zip(tokens, codes, strict=True) if c is None]
            cache[text] = (";".join(dict.fromkeys(c for c in codes if c)), ", ".join(unknown))
        mapped = s.map({k: v[0] for k, v in cache.items()})
        unknown = s.map({k: v[1] for k, v in cache.items()})
        self.bad(
            (unknown != "").to_numpy(dtype=bool),
            "rank_groups",
            lambda v: tr(
                f"{v!r} names an unknown rank group ({cache[v][1]}); use {shown}, separated by ';'",
                f"{v!r} 含有未知的排名组（{cache[v][1]}）；请用 {shown}，以 ; 分隔",
            ),
            tr("with unknown rank groups", "含有未知的排名组"),
        )
        self.out["rank_groups"] = mapped.astype("str")

    # ----------------------------------------------------------- keys

    def check_keys(self, frame: pd.DataFrame) -> None:
        """Duplicated keys: one error per repeated row, naming the first row and the key."""
        key = list(self.spec.key)
        if any(k in self.missing for k in key) or frame.empty:
            return
        valid = frame[key].notna().all(axis=1).to_numpy()
        sub = frame.loc[valid, [*key, "_row"]]
        dup = sub.duplicated(key, keep=False).to_numpy()
        if not dup.any():
            return
        d = sub.loc[dup]
        first = d.groupby(key, sort=False)["_row"].transform("min")
        later = d.loc[d["_row"] != first]
        rows = later["_row"].to_numpy()
        head = later.iloc[:MAX_CELL_PROBLEMS]
        keys = [", ".join(f"{k}={r[k]}" for k in key) for _, r in head.iterrows()]
        firsts = first.loc[head.index].tolist()
        self.report.cells(
            rows,
            keys,
            None,
            [
                tr(
                    f"duplicate row: {k} is also in row {f}; keep one of the two rows",
                    f"重复的行：{k} 也在第 {f} 行；请只保留其中一行",
                )
                for k, f in zip(keys, firsts, strict=True)
            ],
            tr("duplicating an earlier row", "与前面的行重复"),
        )


def work_dtype(col: Column):
    if col.dtype == "int":
        return "Int64"
    return final_dtype(col)


def as_series(values, dtype) -> pd.Series:
    if isinstance(values, pd.Series):
        s = values.reset_index(drop=True)
    else:
        s = pd.Series(values)
    if str(s.dtype) != str(dtype):
        s = s.astype(dtype)
    return s


def finalize_table(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.drop(columns="_row")
    for col in spec.columns:
        want = final_dtype(col)
        if str(out[col.name].dtype) != str(want):
            out[col.name] = out[col.name].astype(want)
    out = out.sort_values(list(spec.key), kind="mergesort").reset_index(drop=True)
    return out
