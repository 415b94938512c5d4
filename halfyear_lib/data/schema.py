"""The data model: tables, their columns, and the indicator codes.

Every table of a data set is described here once; the loader validates against these
specs, the demo generator writes them, and the analysis modules read the canonical
columns. Canonical units: amounts in 亿元, percentages as numbers (12.5 means 12.5%),
counts as plain numbers (家/个/件).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# ---------------------------------------------------------------- indicators


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator code: Chinese label, canonical unit and how its growth is measured."""

    code: str
    label: str
    unit: str  # canonical unit: "亿元" for amounts, "家"/"个"/"件" for counts
    kind: str  # "amount" or "count"
    growth: str  # "real" (comparable prices) or "nominal"


INDICATORS: dict[str, IndicatorSpec] = {
    s.code: s
    for s in [
        IndicatorSpec("output", "规上工业总产值", "亿元", "amount", "nominal"),
        IndicatorSpec("value_added", "规上工业增加值", "亿元", "amount", "real"),
        IndicatorSpec("industrial_investment", "工业投资", "亿元", "amount", "nominal"),
        IndicatorSpec("tech_investment", "技改投资", "亿元", "amount", "nominal"),
        IndicatorSpec("hitech_value_added", "高新技术产业增加值", "亿元", "amount", "real"),
        IndicatorSpec("fixed_asset_investment", "固定资产投资", "亿元", "amount", "nominal"),
        IndicatorSpec("above_scale_firms", "规上企业数", "家", "count", "nominal"),
        IndicatorSpec("rd_expense", "研发费用", "亿元", "amount", "nominal"),
        IndicatorSpec("tech_contracts", "技术合同交易额", "亿元", "amount", "nominal"),
        IndicatorSpec("hitech_firm_applications", "高新技术企业申报数", "家", "count", "nominal"),
        IndicatorSpec("tech_smes", "科技型中小企业入库数", "家", "count", "nominal"),
    ]
}

# The five indicators of the headline table (issue 2), in reading order.
HEADLINE_INDICATORS: tuple[str, ...] = (
    "output",
    "value_added",
    "industrial_investment",
    "tech_investment",
    "hitech_value_added",
)

# ---------------------------------------------------------------- units

AMOUNT_UNITS: dict[str, float] = {"亿元": 1.0, "万元": 1e-4, "元": 1e-8}
"""Factor converting one of these units into the canonical 亿元."""

COUNT_UNITS: frozenset[str] = frozenset({"家", "个", "件", "户", "项"})
PERCENT_UNITS: frozenset[str] = frozenset({"%", "％", "百分比"})

REGION_KINDS: dict[str, str] = {
    "province": "省",
    "city": "地级市",
    "county": "县",
    "county_city": "县级市",
    "district": "区",
    "zone": "开发区",
}

RANK_GROUPS: dict[str, str] = {
    # every unit under the same parent (counties, districts, zones of a city; the cities of
    # a province); shown as 全市 or 全省 after the parent's kind
    "city": "全市",
    "counties": "县(市)",  # counties and county-level cities only
}

RATE_KINDS: dict[str, str] = {
    "cumulative": "累计",  # Jan..month (1-11月), the default
    "month": "当月",  # the single month (11月), a different quantity
}

ENTERPRISE_ROUTES: dict[str, str] = {"growth": "成长性企业", "new_project": "新项目入规"}

PROJECT_KINDS: dict[str, str] = {
    "new": "新建",
    "tech_renovation": "技改",
    "expansion": "扩建",
    "infrastructure": "基础设施",
}

PROJECT_CONSTRAINTS: dict[str, str] = {
    "none": "无",
    "fully_reported": "投资已报完",
    "cannot_report": "有余额但不能报投资",
    "slow_reporting": "余额大但每月报得少",
    "land": "用地制约",
    "planning": "规划制约",
}

NOT_IN_LIBRARY_REASONS: dict[str, str] = {
    "pending": "拟入库",  # about to enter the library: give expected_library_month
    "withdrawn": "已撤资不在本地落户",
    "not_started": "未开工或正在进行前期工作",
    "leased_no_invoice": "已建成投产但租赁厂房、设备无法开票",
}

TASK_SOURCES: dict[str, str] = {"city": "市级政府工作报告", "county": "县政府工作报告"}
TASK_STATUSES: dict[str, str] = {
    "done": "已完成",
    "on_track": "稳步推进",
    "behind": "滞后",
    "not_started": "未启动",
}

TARGET_KINDS: dict[str, str] = {"value": "总量目标", "growth_pct": "增速目标"}

# ---------------------------------------------------------------- tables


# ---------------------------------------------------------------- length limits
# The most characters a cell may hold, after invisible characters are removed. Real names
# are far shorter: the longest county-level names have about 10 characters (江洲经济技术开发区
# has 9), firm names up to about 40, project names up to about 60. A longer cell is a located
# error: a 10,000-character name broke the Word draft and the chart layout of a batch.

MAX_LEN_ID = 64  # region_id, enterprise_id, ...: they become folder and file names
MAX_LEN_NAME = 50  # names of regions, townships and industries
MAX_LEN_LONG_NAME = 100  # names of firms and projects; a task's metric
MAX_LEN_TITLE = 200  # a task's title
MAX_LEN_NOTE = 500  # a task's note
MAX_LEN_CELL = 100  # any other cell: a number, a code, a unit, a month, a period label


@dataclass(frozen=True)
class Column:
    """A column of an input table.

    dtype is one of: "str", "int", "float", "amount" (money, converted to 亿元),
    "quantity" (amount or count, unit from the row's ``unit`` column and the
    indicator), "pct" (percent, "%" optional), "bool", "month" (YYYY-MM),
    "enum" (one of ``choices``). ``max_len`` is the most characters a cell of free text
    may hold; any other cell may hold MAX_LEN_CELL (see ``limit``).
    """

    name: str
    dtype: str
    required: bool = True  # column must be present
    nullable: bool = False  # cells may be empty
    choices: tuple[str, ...] = ()
    references: str = ""  # "table.column" foreign key
    description: str = ""
    max_len: int | None = None

    @property
    def limit(self) -> int:
        """The most characters a cell of this column may hold."""
        return MAX_LEN_CELL if self.max_len is None else self.max_len


@dataclass(frozen=True)
class TableSpec:
    name: str
    label: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required: bool = True  # table must exist in a data set
    periodic: bool = False  # has year+month (or a period label) columns
    cumulative: bool = False  # months are cumulative Jan..month (no month 1)
    description: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _checked(what: str = "value") -> Column:
    """The optional ``checked`` column: true where an implausible-looking ``what`` was
    checked and is right (a plausibility error becomes a kept warning)."""
    return Column(
        "checked",
        "bool",
        required=False,
        nullable=True,
        description=f"true: an implausible-looking {what} was checked and is right",
    )


def _enum(name: str, choices, **kw) -> Column:
    return Column(name, "enum", choices=tuple(choices), **kw)


def _id(name: str, **kw) -> Column:
    """An id, or a reference to one: ASCII, at most MAX_LEN_ID characters."""
    return Column(name, "str", max_len=MAX_LEN_ID, **kw)


def _text(name: str, max_len: int, **kw) -> Column:
    """Free text shown to readers (a name, a title, a note)."""
    return Column(name, "str", max_len=max_len, **kw)


TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in [
        TableSpec(
            "regions",
            "地区",
            (
                _id("region_id"),
                _text("name", MAX_LEN_NAME),
                _enum("kind", REGION_KINDS),
                _id("parent_id", nullable=True, references="regions.region_id"),
                Column(
                    "rank_groups",
                    "str",
                    nullable=True,
                    description="rank groups the unit belongs to, ';'-separated: city;counties",
                ),
            ),
            key=("region_id",),
            description="One row per unit of the city, and one for the city itself.",
        ),
        TableSpec(
            "indicators",
            "指标",
            (
                _id("region_id", references="regions.region_id"),
                _enum("indicator", INDICATORS),
                Column("year", "int"),
                Column("month", "int"),
                # growth-only releases have no value column, level-only ones no yoy_pct:
                # either column may be left out, not both (checked by the loader)
                Column("value", "quantity", required=False, nullable=True),
                Column("yoy_pct", "pct", required=False, nullable=True),
                Column("base", "quantity", required=False, nullable=True),
                Column("unit", "str", required=False, nullable=True),
                Column(
                    "month_yoy_pct",
                    "pct",
                    required=False,
                    nullable=True,
                    description="当月 (single-month) growth printed beside the cumulative one; "
                    "loaded as a separate rate_kind=month row",
                ),
                _enum(
                    "rate_kind",
                    RATE_KINDS,
                    required=False,
                    nullable=True,
                    description="cumulative (累计, 1-m月, the default) or month (当月, m月 alone)",
                ),
                Column(
                    "rank_city",
                    "int",
                    required=False,
                    nullable=True,
                    description="published rank among all units of the parent (全市/全省)",
                ),  # fmt: skip
                Column(
                    "rank_city_of",
                    "int",
                    required=False,
                    nullable=True,
                    description="published size of that group (e.g. 16 in 16个市第1位)",
                ),  # fmt: skip
                Column(
                    "rank_counties",
                    "int",
                    required=False,
                    nullable=True,
                    description="published rank among the counties and county-level cities",
                ),  # fmt: skip
                Column(
                    "rank_counties_of",
                    "int",
                    required=False,
                    nullable=True,
                    description="published size of the counties group",
                ),  # fmt: skip
                _checked("value"),
            ),
            key=("region_id", "indicator", "year", "month", "rate_kind"),
            periodic=True,
            cumulative=True,
            description="Cumulative Jan..month value and official growth (同比, comparable basis).",
        ),
        TableSpec(
            "targets",
            "年度目标",
            (
                _id("region_id", references="regions.region_id"),
                _enum("indicator", INDICATORS),
                Column("year", "int"),
                Column("target", "quantity"),
                _enum("kind", TARGET_KINDS),
                Column("unit", "str", required=False, nullable=True),
                _checked("target"),
            ),
            key=("region_id", "indicator", "year", "kind"),
            # published statistics carry no targets: without them the report says so and
            # leaves out the share of target, the schedule and the required growth
            required=False,
            description="Annual targets: a total (kind=value) or a growth rate (kind=growth_pct).",
        ),
        TableSpec(
            "industries",
            "行业",
            (
                _id("region_id", references="regions.region_id"),
                _text("industry", MAX_LEN_NAME),
                Column("year", "int"),
                Column("month", "int"),
                Column("output", "amount"),
                Column("output_prev", "amount", required=False, nullable=True),
                Column("va_rate", "pct"),
                Column("va_rate_prev", "pct"),
                Column("ppi_yoy_pct", "pct", nullable=True),
                _checked("amount"),
            ),
            key=("region_id", "industry", "year", "month"),
            required=False,
            periodic=True,
            cumulative=True,
            description="Cumulative output by industry with this and last year's value-added rate.",
        ),
        TableSpec(
            "enterprises",
            "企业",
            (
                _id("enterprise_id"),
                _id("region_id", references="regions.region_id"),
                _text("name", MAX_LEN_LONG_NAME),
                _text("township", MAX_LEN_NAME, nullable=True),
                _text("industry", MAX_LEN_NAME, nullable=True),
                Column("entered", "month", nullable=True),
                _enum("route", ENTERPRISE_ROUTES, nullable=True),
                Column("hitech_stat", "bool", nullable=True),
                Column("expected_entry", "month", required=False, nullable=True),
                Column("exited", "month", required=False, nullable=True),
            ),
            key=("enterprise_id",),
            required=False,
            description="Above-scale firms (entered set) and candidates (expected_entry set).",
        ),
        TableSpec(
            "projects",
            "投资项目",
            (
                _id("project_id"),
                _id("region_id", references="regions.region_id"),
                _text("name", MAX_LEN_LONG_NAME),
                _text("township", MAX_LEN_NAME),
                _enum("kind", PROJECT_KINDS),
                Column("planned_total", "amount"),
                Column("in_library", "bool"),
                Column("library_month", "month", nullable=True),
                Column("start_month", "month", required=False, nullable=True),
                Column("attraction", "bool"),
                _enum("constraint", PROJECT_CONSTRAINTS, nullable=True),
                _enum("not_in_library_reason", NOT_IN_LIBRARY_REASONS, nullable=True),
                Column(
                    "expected_library_month",
                    "month",
                    required=False,
                    nullable=True,
                    description="for a project about to enter the library (拟入库): "
                    "the month it is expected to enter",
                ),  # fmt: skip
                Column(
                    "monthly_cap",
                    "amount",
                    required=False,
                    nullable=True,
                    description="the most the project may report in one month (e.g. "
                    "infrastructure), which caps what its balance can add this year",
                ),  # fmt: skip
                _checked("amount"),
            ),
            key=("project_id",),
            required=False,
            description="Industrial investment projects, in the statistics library or not.",
        ),
        TableSpec(
            "project_monthly",
            "项目月度投资",
            (
                _id("project_id", references="projects.project_id"),
                Column("year", "int"),
                Column("month", "int"),
                Column("investment", "amount"),
            ),
            key=("project_id", "year", "month"),
            required=False,
            periodic=True,
            description="Investment reported for one project in one single month.",
        ),
        TableSpec(
            "townships",
            "乡镇",
            (
                _id("region_id", references="regions.region_id"),
                _text("township", MAX_LEN_NAME),
                Column("year", "int"),
                Column("investment_target", "amount"),
                _checked("amount"),
            ),
            key=("region_id", "township", "year"),
            required=False,
            description="Annual industrial-investment target of each township.",
        ),
        TableSpec(
            "tasks",
            "重点任务",
            (
                _id("task_id"),
                _id("region_id", references="regions.region_id"),
                Column("year", "int"),
                Column("month", "int"),
                _enum("source", TASK_SOURCES),
                _text("title", MAX_LEN_TITLE),
                _text("metric", MAX_LEN_LONG_NAME, nullable=True),
                Column("target", "float", nullable=True),
                Column("actual", "float", nullable=True),
                Column("unit", "str", required=False, nullable=True),
                _enum("status", TASK_STATUSES),
                _text("note", MAX_LEN_NOTE, required=False, nullable=True),
            ),
            key=("task_id", "year", "month"),
            required=False,
            periodic=True,
            description="Status of a key task of the year as reported at a month (latest wins).",
        ),
        TableSpec(
            "macro",
            "宏观",
            (
                Column("year", "int"),
                Column("month", "int"),
                Column("ppi_yoy_pct", "pct", nullable=True),
                Column("pmi", "float", nullable=True),
            ),
            key=("year", "month"),
            required=False,
            periodic=True,
            description="National single-month PPI year-on-year change and manufacturing PMI.",
        ),
    ]
}


# Short names analysts use besides the labels of INDICATORS (规上工业增加值 -> 增加值).
INDICATOR_ALIASES: dict[str, str] = {
    "产值": "output",
    "总产值": "output",
    "工业总产值": "output",
    "规模以上工业总产值": "output",
    "增加值": "value_added",
    "工业增加值": "value_added",
    "规模以上工业增加值": "value_added",
    "技术改造投资": "tech_investment",
    "高新技术产业增加值": "hitech_value_added",
    "高新产业增加值": "hitech_value_added",
    "固投": "fixed_asset_investment",
    "规上企业": "above_scale_firms",
}
GROUP_ALIASES: dict[str, str] = {"县市": "counties", "县（市）": "counties", "全省": "city"}
