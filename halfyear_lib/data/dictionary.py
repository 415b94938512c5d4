"""The data dictionary: the Chinese name, accepted aliases, unit and meaning of every table
and column of :data:`halfyear_lib.data.schema.TABLES`.

Bureau analysts type the headers of a 统计月报 in Chinese (``地区代码``, ``本期值(万元)``,
``同比增长(%)``); the loader maps every spelling listed here to the canonical English
column name. Matching ignores case, spaces, ``_``/``-``, full-width forms (``（万元）``)
and the 份 of 年份/月份. A unit in brackets at the end of a header (``本期值(万元)``) is split
off before matching (see :meth:`halfyear_lib.data.tables.TableParser.read_header`).

``markdown_zh()`` renders this dictionary as the Chinese data dictionary written next to
the demo data (``data/demo/数据字典.md``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .cells import ENUM_LABELS, HEADER_UNIT
from .language import tr
from .schema import AMOUNT_UNITS, COUNT_UNITS, INDICATORS, MAX_LEN_CELL, TABLES, Column, TableSpec


@dataclass(frozen=True)
class ColumnEntry:
    """One column: canonical name, Chinese header, other accepted headers, unit, meaning."""

    name: str
    zh: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    unit: str = ""  # unit shown in the template header ("亿元", "%"), "" for none


@dataclass(frozen=True)
class TableEntry:
    """One table: canonical name, Chinese name (sheet and file name), aliases, meaning."""

    name: str
    zh: str
    aliases: tuple[str, ...]
    description: str
    columns: dict[str, ColumnEntry]


PERIOD_COLUMN = "period"
"""Periodic tables accept a period label column (1-6月, 2021年1-6月) instead of month."""

TEMPLATE_SHEETS = ("说明",)
"""Sheets of the fill-in template that hold no table; the loader skips them silently."""

_AMOUNT = "亿元"

# Columns shared by several tables, overridden per table below where the meaning differs.
_COMMON: dict[str, ColumnEntry] = {
    c.name: c
    for c in [
        ColumnEntry(
            "region_id",
            "地区代码",
            ("地区", "地区编码", "单位代码", "地区id", "区域代码", "县市区代码"),
            "地区的代码，须与“地区”表的地区代码一致（如 qingshui）",
        ),
        ColumnEntry(
            "indicator",
            "指标",
            ("指标名称", "指标代码", "指标名"),
            "指标代码或中文名称（如 output 或 规上工业总产值）",
        ),
        ColumnEntry("year", "年", ("年度",), "年份，四位数字，如 2021"),
        ColumnEntry(
            "month",
            "月",
            ("截止月", "累计月"),
            "累计截止月份：2 表示1-2月，6 表示1-6月（1月与2月合并发布，累计数据没有单独的1月）",
        ),
        ColumnEntry(
            "unit",
            "单位",
            ("计量单位", "数值单位"),
            "本行数值的单位：万元、亿元（金额），家、个、件、户、项（个数），%（增速目标）",
        ),
        ColumnEntry(
            "checked",
            "已核实",
            ("核实", "已核对", "是否核实"),
            "是：数值看似异常但已核实无误，不再提示",
        ),
        ColumnEntry("industry", "行业", ("行业名称", "所属行业", "产业"), "行业名称"),
        ColumnEntry("township", "乡镇", ("乡镇名称", "所在乡镇", "乡镇街道"), "所在乡镇（或园区）"),
    ]
}

_PERIOD = ColumnEntry(
    PERIOD_COLUMN,
    "期间",
    ("时期", "统计期", "报告期", "统计期间", "时间"),
    "期间标签，可代替“月”列：1-6月、1—6月份、2021年1-6月、上半年、一季度、前三季度、全年",
)


def _cols(table: str, *entries: ColumnEntry, common: tuple[str, ...] = ()) -> dict:
    cols = {name: _COMMON[name] for name in common}
    cols.update({e.name: e for e in entries})
    spec = TABLES[table]
    ordered = {name: cols[name] for name in spec.column_names}  # KeyError: a column left out
    if spec.periodic:
        ordered[PERIOD_COLUMN] = _PERIOD
    return ordered


_TABLES: list[TableEntry] = [
    TableEntry(
        "regions",
        "地区",
        ("地区表", "单位", "单位表", "区域"),
        "全市各单位（县、县级市、区、开发区）各一行，市本身一行。",
        _cols(
            "regions",
            ColumnEntry(
                "region_id",
                "地区代码",
                ("地区编码", "单位代码", "代码", "编码", "地区id"),
                "地区的代码，其他各表用它指代本地区（字母、数字、下划线，如 qingshui）",
            ),
            ColumnEntry(
                "name", "名称", ("地区名称", "单位名称", "地区", "名字"), "中文名称，如 清水县"
            ),
            ColumnEntry(
                "kind",
                "类型",
                ("地区类型", "单位类型", "级别", "层级"),
                "省、地级市、县、县级市、区、开发区（或代码 province/city/county/...）",
            ),
            ColumnEntry(
                "parent_id",
                "上级",
                ("上级代码", "上级地区", "上级单位", "所属", "所属地区", "所属市"),
                "上级地区的代码（县的上级是市）；最高一级留空",
            ),
            ColumnEntry(
                "rank_groups",
                "排名组",
                ("排名范围", "参与排名", "排名分组"),
                "参与哪些排名，用分号分隔：全市（city，全市所有单位）；县(市)（counties，仅县和县级市）",
            ),
        ),
    ),
    TableEntry(
        "indicators",
        "指标",
        ("主要指标", "指标数据", "月报", "统计月报", "工业经济主要指标"),
        "各地区各指标各期的累计值和同比增速（同口径，官方公布数）。",
        _cols(
            "indicators",
            ColumnEntry(
                "value",
                "本期值",
                ("累计值", "数值", "本年累计", "累计", "本期", "绝对值", "本期累计", "本月止累计"),
                "1月至本月的累计值，单位见“单位”列或表头；只有增速的指标留空",
                _AMOUNT,
            ),
            ColumnEntry(
                "yoy_pct",
                "同比增长",
                (
                    "同比",
                    "增速",
                    "同比增速",
                    "增长",
                    "同比增减",
                    "增幅",
                    "比上年同期增长",
                    "累计增长",
                ),
                "同比增长（%），官方同口径增速（增加值为可比价实际增速）；可写 12.3 或 12.3%",
                "%",
            ),
            ColumnEntry(
                "base",
                "同口径基数",
                ("基数", "同口径上年同期", "上年同期基数"),
                "可选：统计局提供的同口径基数（上年同期数按今年企业范围重算）",
                _AMOUNT,
            ),
            ColumnEntry(
                "month_yoy_pct",
                "当月增长",
                ("当月增速", "当月同比", "本月增长", "本月增速", "当月", "单月增速"),
                "可选：与累计增速并列公布的当月增速（%），读入后另存为一行“当月”数据",
                "%",
            ),
            ColumnEntry(
                "rate_kind",
                "口径",
                ("累计或当月", "增速口径", "数据口径", "期别类型"),
                "累计（1-m月，默认，留空即为累计）或当月（仅m月一个月）",
            ),
            ColumnEntry(
                "rank_city",
                "全市排名",
                ("全市位次", "排名", "位次", "全省排名"),
                "公布的在上级地区全部单位中的位次（全市/全省第几位）",
            ),
            ColumnEntry(
                "rank_city_of",
                "全市单位数",
                ("排名单位数", "全市参与排名单位数"),
                "上述排名的单位个数（如“居全省16个市第1位”中的16）",
            ),
            ColumnEntry(
                "rank_counties",
                "县市排名",
                ("县(市)排名", "县市位次"),
                "公布的在县和县级市中的位次",
            ),
            ColumnEntry(
                "rank_counties_of",
                "县市单位数",
                ("县(市)单位数", "县市个数"),
                "县和县级市排名的单位个数",
            ),
            common=("region_id", "indicator", "year", "month", "unit", "checked"),
        ),
    ),
    TableEntry(
        "targets",
        "年度目标",
        ("目标", "目标任务", "年度目标任务", "全年目标"),
        "各地区各指标的年度目标：总量目标或增速目标。",
        _cols(
            "targets",
            ColumnEntry(
                "target",
                "目标",
                ("目标值", "年度目标", "全年目标", "目标任务"),
                "年度目标：总量（单位见“单位”列或表头）或增速（%）",
                _AMOUNT,
            ),
            ColumnEntry(
                "kind",
                "目标类型",
                ("类型", "目标种类"),
                "总量目标（value）或增速目标（growth_pct）",
            ),
            common=("region_id", "indicator", "year", "unit", "checked"),
        ),
    ),
    TableEntry(
        "industries",
        "行业",
        ("分行业", "行业数据", "分行业产值"),
        "本县分行业的累计产值及今年、上年增加值率（可选）。",
        _cols(
            "industries",
            ColumnEntry(
                "output", "产值", ("总产值", "工业总产值", "本期产值"), "累计产值", _AMOUNT
            ),
            ColumnEntry(
                "output_prev",
                "上年同期产值",
                ("同口径上年产值", "上年产值", "上年同期"),
                "上年同期累计产值（同口径）",
                _AMOUNT,
            ),
            ColumnEntry(
                "va_rate",
                "增加值率",
                ("本年增加值率", "今年增加值率"),
                "今年省定增加值率（%）",
                "%",
            ),
            ColumnEntry(
                "va_rate_prev", "上年增加值率", ("去年增加值率",), "上年增加值率（%）", "%"
            ),
            ColumnEntry(
                "ppi_yoy_pct",
                "出厂价格同比",
                ("价格指数同比", "ppi同比", "ppi", "出厂价格涨幅"),
                "本行业工业生产者出厂价格同比变动（%）",
                "%",
            ),
            common=("region_id", "industry", "year", "month", "checked"),
        ),
    ),
    TableEntry(
        "enterprises",
        "企业",
        ("规上企业", "企业名录", "规上企业名录", "企业表"),
        "本县规上企业及拟入规企业（可选）。",
        _cols(
            "enterprises",
            ColumnEntry(
                "enterprise_id",
                "企业代码",
                ("企业编号", "统一社会信用代码", "代码", "编号"),
                "企业编号（表内唯一）",
            ),
            ColumnEntry("name", "企业名称", ("名称", "企业"), "企业名称"),
            ColumnEntry(
                "entered", "入规时间", ("入规月", "纳入规上时间"), "纳入规上统计的月份（YYYY-MM）"
            ),
            ColumnEntry(
                "route",
                "入规途径",
                ("途径", "入规方式"),
                "成长性企业（growth）或新项目入规（new_project）",
            ),
            ColumnEntry(
                "hitech_stat",
                "纳入高新统计",
                ("高新技术统计", "高新统计", "是否纳入高新统计"),
                "是否纳入高新技术产业统计（是/否）",
            ),
            ColumnEntry(
                "expected_entry",
                "预计入规时间",
                ("预计入规月",),
                "拟入规企业预计入规的月份（YYYY-MM）",
            ),
            ColumnEntry("exited", "退规时间", ("退规月",), "退出规上统计的月份（YYYY-MM）"),
            common=("region_id", "township", "industry"),
        ),
    ),
    TableEntry(
        "projects",
        "投资项目",
        ("项目", "项目库", "工业投资项目", "项目表"),
        "本县工业投资项目，入库与未入库（可选）。",
        _cols(
            "projects",
            ColumnEntry(
                "project_id", "项目代码", ("项目编号", "编号", "代码"), "项目编号（表内唯一）"
            ),
            ColumnEntry("name", "项目名称", ("名称", "项目"), "项目名称"),
            ColumnEntry(
                "kind",
                "项目类型",
                ("类型", "建设性质"),
                "新建（new）、技改（tech_renovation）、扩建（expansion）、基础设施（infrastructure）",
            ),
            ColumnEntry(
                "planned_total",
                "计划总投资",
                ("总投资", "计划投资"),
                "计划总投资（入库标准：500万元及以上）",
                _AMOUNT,
            ),
            ColumnEntry("in_library", "已入库", ("是否入库", "入库"), "是否已入统计库（是/否）"),
            ColumnEntry("library_month", "入库时间", ("入库月",), "入库月份（YYYY-MM）"),
            ColumnEntry("start_month", "开工时间", ("开工月",), "开工月份（YYYY-MM），未开工留空"),
            ColumnEntry(
                "attraction",
                "招商引资",
                ("招商引资项目", "是否招商引资"),
                "是否招商引资项目（是/否）",
            ),
            ColumnEntry(
                "constraint",
                "制约因素",
                ("制约", "存在问题"),
                "无、投资已报完、有余额但不能报投资、余额大但每月报得少、用地制约、规划制约",
            ),
            ColumnEntry(
                "not_in_library_reason",
                "未入库原因",
                ("未入库理由",),
                "未入库项目的原因：拟入库、已撤资、未开工或前期、投产但租赁厂房设备无法开票",
            ),
            ColumnEntry(
                "expected_library_month",
                "预计入库月份",
                ("拟入库月份", "预计入库时间", "计划入库月份"),
                "拟入库项目预计入库的月份（YYYY-MM）",
            ),
            ColumnEntry(
                "monthly_cap",
                "每月可报上限",
                ("月度上报上限", "每月上报上限", "月上限"),
                "每月最多可上报的投资额（如基础设施项目），用于计算今年有效余额",
                _AMOUNT,
            ),
            common=("region_id", "township", "checked"),
        ),
    ),
    TableEntry(
        "project_monthly",
        "项目月度投资",
        ("项目月报", "月度投资", "项目投资月报"),
        "入库项目每月（单月）上报的投资额（可选）。",
        _cols(
            "project_monthly",
            ColumnEntry(
                "project_id", "项目代码", ("项目编号", "编号"), "项目编号，须在“投资项目”表中"
            ),
            ColumnEntry(
                "month",
                "月",
                (),
                "单月：2 表示1-2月合计，3 表示3月当月，以此类推",
            ),
            ColumnEntry(
                "investment",
                "当月投资",
                ("本月投资", "完成投资", "投资额", "月度投资"),
                "当月上报的投资额",
                _AMOUNT,
            ),
            common=("year",),
        ),
    ),
    TableEntry(
        "townships",
        "乡镇",
        ("乡镇目标", "乡镇任务", "乡镇表"),
        "各乡镇全年工业投资目标（可选）。",
        _cols(
            "townships",
            ColumnEntry(
                "investment_target",
                "工业投资目标",
                ("投资目标", "目标任务", "目标"),
                "全年工业投资目标",
                _AMOUNT,
            ),
            common=("region_id", "township", "year", "checked"),
        ),
    ),
    TableEntry(
        "tasks",
        "重点任务",
        ("重点工作", "任务", "任务表"),
        "政府工作报告确定的年度重点任务及各月进展（可选）。",
        _cols(
            "tasks",
            ColumnEntry("task_id", "任务编号", ("编号", "序号"), "任务编号"),
            ColumnEntry("month", "月", ("报告月",), "报告进展的月份（最新一次为准）"),
            ColumnEntry(
                "source",
                "来源",
                ("任务来源",),
                "市级政府工作报告（city）或县政府工作报告（county）",
            ),
            ColumnEntry("title", "任务", ("任务名称", "重点任务", "工作任务"), "任务内容"),
            ColumnEntry("metric", "考核指标", ("指标", "衡量指标"), "衡量的指标（非量化任务留空）"),
            ColumnEntry("target", "目标", ("目标值",), "全年目标值"),
            ColumnEntry("actual", "完成值", ("实际完成", "完成"), "已完成的值"),
            ColumnEntry(
                "status",
                "进展状态",
                ("状态", "进展"),
                "已完成（done）、稳步推进（on_track）、滞后（behind）、未启动（not_started）",
            ),
            ColumnEntry("note", "备注", ("进展情况", "说明"), "进展说明"),
            common=("region_id", "year", "unit"),
        ),
    ),
    TableEntry(
        "macro",
        "宏观",
        ("宏观数据", "全国宏观"),
        "全国单月工业生产者出厂价格指数（PPI）同比和制造业PMI（可选）。",
        _cols(
            "macro",
            ColumnEntry("month", "月", (), "单月 1..12（不是累计）"),
            ColumnEntry(
                "ppi_yoy_pct",
                "全国PPI同比",
                ("ppi同比", "ppi", "工业生产者出厂价格同比", "出厂价格同比"),
                "全国工业生产者出厂价格指数同比变动（%）",
                "%",
            ),
            ColumnEntry("pmi", "制造业PMI", ("pmi",), "制造业采购经理指数（50为荣枯线）"),
            common=("year",),
        ),
    ),
]

DICTIONARY: dict[str, TableEntry] = {t.name: t for t in _TABLES}
assert list(DICTIONARY) == list(TABLES), "every table of the schema needs a dictionary entry"


# ---------------------------------------------------------------- matching


def norm_header(text: str) -> str:
    """The key a header or sheet name is matched by: NFKC, lower case, no spaces, _ or -."""
    t = unicodedata.normalize("NFKC", str(text)).replace("\ufeff", "").lower()
    t = re.sub(r"[\s_\-]+", "", t)
    t = re.sub(r"([年月])份", r"\1", t)
    return t.replace("(", "").replace(")", "").replace("[", "").replace("]", "")


def _lookup(names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, spellings in names.items():
        for s in (canonical, *spellings):
            table.setdefault(norm_header(s), canonical)
    return table


_COLUMN_LOOKUP = {
    t.name: _lookup({c.name: (c.zh, *c.aliases) for c in t.columns.values()}) for t in _TABLES
}
_TABLE_LOOKUP = _lookup({t.name: (t.zh, TABLES[t.name].label, *t.aliases) for t in _TABLES})


def column_name(table: str, header: str) -> str | None:
    """The canonical column a header (without its unit) names in ``table``; None if none."""
    return _COLUMN_LOOKUP[table].get(norm_header(header))


def split_header(table: str, header: str) -> tuple[str | None, str]:
    """(canonical column or None, unit written in brackets or "") of a header cell.

    ``本期值(万元)`` -> ("value", "万元"); ``县(市)排名`` -> ("rank_counties", "").
    """
    head = str(header).replace("\ufeff", "").strip()
    name = column_name(table, head)
    if name is not None:
        return name, ""
    m = HEADER_UNIT.match(unicodedata.normalize("NFKC", head))
    if m and m.group("name"):
        return column_name(table, m.group("name")), m.group("unit")
    return None, ""


def table_name(sheet_or_stem: str) -> str | None:
    """The table a sheet name or file stem names (英文名, 中文名 or alias); None if none."""
    return _TABLE_LOOKUP.get(norm_header(sheet_or_stem))


def table_spellings(table: str) -> list[str]:
    """Every name a file or sheet of ``table`` may carry, canonical first."""
    t = DICTIONARY[table]
    return list(dict.fromkeys([t.name, t.zh, TABLES[table].label, *t.aliases]))


def is_template_sheet(title: str) -> bool:
    return norm_header(title) in {norm_header(s) for s in TEMPLATE_SHEETS}


# ---------------------------------------------------------------- labels for messages


def zh_name(table: str, column: str | None = None) -> str:
    """The Chinese name of a table or of one of its columns ("" if unknown)."""
    t = DICTIONARY.get(table)
    if t is None:
        return ""
    if column is None:
        return t.zh
    entry = t.columns.get(column)
    return entry.zh if entry else ""


def column_label(table: str, column: str) -> str:
    """``yoy_pct`` in English, ``yoy_pct（同比增长）`` in Chinese messages."""
    zh = zh_name(table, column)
    return tr(column, f"{column}（{zh}）" if zh else column)


def table_label(table: str) -> str:
    """``indicators`` in English, ``indicators（指标）`` in Chinese messages."""
    zh = zh_name(table)
    return tr(table, f"{table}（{zh}）" if zh else table)


def columns_both(spec: TableSpec) -> str:
    """Expected columns in both languages: ``地区代码 region_id、名称 name、...``."""
    entry = DICTIONARY[spec.name]
    req = [c for c in spec.columns if c.required]
    opt = [c for c in spec.columns if not c.required]

    def show(cols: list[Column]) -> str:
        return ", ".join(f"{entry.columns[c.name].zh} {c.name}" for c in cols)

    text = show(req)
    if spec.periodic:
        text += f" ({_PERIOD.zh} period " + tr("may replace month", "可代替 月 month") + ")"
    if opt:
        text += tr(" (optional: ", "（可选：") + show(opt) + tr(")", "）")
    return text


# ---------------------------------------------------------------- units and codes


def unit_of(table: str, column: str) -> str:
    """The unit a template header declares for a column ("" for none)."""
    return DICTIONARY[table].columns[column].unit


def header_text(table: str, column: str) -> str:
    """The Chinese header of a column with its unit, e.g. ``本期值(亿元)``."""
    entry = DICTIONARY[table].columns[column]
    return f"{entry.zh}({entry.unit})" if entry.unit else entry.zh


def choice_labels(col: Column) -> dict[str, str]:
    """Code -> Chinese label of an enum column (the codes themselves where no label exists)."""
    labels = ENUM_LABELS.get(frozenset(col.choices), {})
    return {c: labels.get(c, c) for c in col.choices}


def _unit_text(table: str, col: Column) -> str:
    entry = DICTIONARY[table].columns[col.name]
    if col.dtype == "amount":
        return f"{entry.unit}（表头可注明 {'、'.join(AMOUNT_UNITS)}）"
    if col.dtype == "quantity":
        return (
            f"见“单位”列：{'、'.join(AMOUNT_UNITS)}（金额）或 "
            f"{'、'.join(sorted(COUNT_UNITS))}（个数）"
        )
    if col.dtype == "pct":
        return "%"
    if col.dtype == "month":
        return "年-月（YYYY-MM）"
    return entry.unit


def _type_text(col: Column) -> str:
    if col.max_len is not None:
        return f"文本（最多 {col.max_len} 个字符）"
    return {
        "str": "文本",
        "int": "整数",
        "float": "数值",
        "amount": "金额",
        "quantity": "数值",
        "pct": "百分数",
        "bool": "是/否",
        "month": "月份",
        "enum": "代码",
    }[col.dtype]


def markdown_zh() -> str:
    """The Chinese data dictionary as Markdown: every table and column."""
    lines = [
        "# 数据字典",
        "",
        "本文件由 `halfyear_lib/data/dictionary.py` 生成（`halfyear demo-data`），请勿手工修改。",
        "",
        "一个数据集是一个文件夹（每表一个 CSV 文件，文件名为表名或中文表名，如 `indicators.csv` 或 "
        "`指标.csv`），或一个 `.xlsx` 工作簿（每表一个工作表，以表名或中文表名命名）。"
        "`halfyear template 模板.xlsx` 可生成带下拉选项和示例数据的填报模板。",
        "",
        "- 表头可用中文或英文列名，也可用下列别名；大小写、空格、全角括号和“年份/月份”的“份”不影响识别。",
        "- 表头可在括号中注明单位，如 `本期值(万元)`、`同比增长(%)`；未注明的金额按亿元读入。",
        "- 表头上方的标题行和“单位：万元”行会被跳过（并给出提示）；“单位：万元”适用于未注明单位的金额列。",
        "- CSV 文件可为 UTF-8 或 GB18030/GBK（Excel 在中文 Windows 上默认保存的编码）。",
        "- 期间为累计：年、月表示该年1月至该月；1月与2月合并发布，累计数据的第一个期间是1-2月（月=2）。",
        "- 百分数直接写数字：`12.3` 表示 12.3%（可带 %）；是/否 列可写 是/否、true/false、1/0。",
        "- 名称等文本列有长度上限（见各表“类型”列，如地区名称最多 "
        f"{TABLES['regions'].column('name').max_len} 个字符），超过即报错；"
        f"其他列每格最多 {MAX_LEN_CELL} 个字符。",
        "- 单元格中看不见的字符（控制字符、零宽字符、改变文字方向的字符，如 U+202E）读入时删除，"
        '单元格内的换行和制表符改为空格，并逐列提示；CSV 文件中的空字符（NUL）和没有配对的引号（"）'
        "是错误，会指出所在的行和列。",
        "",
        "必填的表："
        + "、".join(f"{t.zh}（{t.name}）" for t in _TABLES if TABLES[t.name].required)
        + "；其余各表可选，缺少时相关分析注明无数据。",
        "",
        "指标代码："
        + "，".join(f"`{code}` {spec.label}" for code, spec in INDICATORS.items())
        + "。",
        "",
    ]
    for t in _TABLES:
        spec = TABLES[t.name]
        need = "必填" if spec.required else "可选"
        lines += [
            f"## {t.zh}（{t.name}）— {need}",
            "",
            t.description,
            "",
            "工作表或文件名也可为：" + "、".join(f"`{a}`" for a in t.aliases) + "。",
            "",
            "| 列名 | 英文列名 | 别名 | 类型 | 单位 | 必填 | 含义 |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, entry in t.columns.items():
            if name == PERIOD_COLUMN:
                unit, kind, need_col = "", "期间标签", "可代替月"
            else:
                col = spec.column(name)
                unit, kind = _unit_text(t.name, col), _type_text(col)
                need_col = "是" if col.required else "否"
                if col.required and col.nullable:
                    need_col = "是（可留空）"
            aliases = "、".join(entry.aliases) or "—"
            lines.append(
                f"| {entry.zh} | `{name}` | {aliases} | {kind} | {unit or '—'} | {need_col} "
                f"| {entry.description} |"
            )
        lines.append("")
    return "\n".join(lines)
