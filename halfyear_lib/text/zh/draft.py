"""The drafted half-year summary: sentences written from ``results.json`` only.

A :class:`Draft` is a title and a list of :class:`Section` (一、 / （一） / 1. as Chinese
official documents number them); a section holds paragraphs of :class:`Sentence`. A
sentence is a template with numbered slots (``{0}``, ``{1}`` ...) and, for each slot, the
``results.json`` path it comes from, the raw value and the printed text, so every number
of the draft can be traced (``summary_trace.json``) and checked.

Rules the writer keeps:

* the template's own words carry no digit: every number is a slot;
* direction words follow the sign (增长/下降, 高于/低于, 超过/未完成, 前移/后退, 上调/下调) and the
  number is then printed without its sign; a rounded zero reads 持平 without a number;
* a clause whose input is null or absent is dropped; a paragraph whose key input is absent
  is dropped or replaced by a flagged placeholder 【待补充：…】;
* ranks: 首位 for first place, 并列 for ties, nothing for a unit outside the rank group;
* a growth-only indicator (no amount) gets a growth sentence and no amount.

Formats (:mod:`halfyear_lib.text.numbers`, the rule of every page): 亿元 to two decimals
below 10 and one decimal from 10; percentages and percentage points to one decimal;
probabilities as whole percent; counts and ranks whole; halves rounded up, no "-0".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ...data.schema import PERCENT_UNITS
from ..numbers import format_amount, format_fixed, number
from .terms import STATUS_WORDS, status_word

PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE = "【待补充：", "】"
# after a growth rate the data did not give officially (computed from two years' levels)
GROWTH_BASIS_COMPUTED = "（口径：按总量计算）"
_DIGIT = re.compile(r"[0-9０-９]")
_JOINING = set("0123456789.-")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
CN_NUMERALS = "零一二三四五六七八九十"
# below this share of above-scale firms in the high-tech statistics, the draft calls it low
HITECH_SHARE_LOW_PCT = 30.0
ORDINALS = ("一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是")
REASON_WORDS = {
    "withdrawn": "已撤资不在本地落户",
    "not_started": "未开工或仍在前期工作",
    "leased_no_invoice": "已建成投产但因租赁厂房、设备无发票无法入库",
}
EXCLUDED_WORDS = {
    "fully_reported": "已报完全部投资",
    "cannot_report": "虽有投资余额但不能上报投资",
    "capped": "余额较大但每月可报投资有限",
}


def clean_text(text: Any) -> str:
    """A data string safe for any output: control characters, lone surrogates and
    non-characters removed (they break a .docx, and a surrogate breaks UTF-8 files)."""
    return _CONTROL.sub("", str(text))


class Missing(LookupError):
    """An input of a clause is null or absent: the clause is dropped."""


class TemplateError(Exception):
    """A template's own words hold a digit (a number not traced to results.json)."""


# what a malformed results.json (a string where a number belongs, a list that is not one)
# raises while a sentence is written: the sentence or clause is dropped, never the run
BAD_INPUT = (Missing, TypeError, AttributeError, KeyError, IndexError, ValueError, ArithmeticError)


@dataclass(frozen=True)
class Slot:
    """One traced value in a sentence.

    ``path`` is the dotted ``results.json`` path (list items by index), ``value`` the raw
    value there, ``text`` what the sentence prints. For a number, the printed text is
    ``abs(value) * scale`` (``absolute``: the sign is in the direction word) or
    ``value * scale`` rounded to the printed decimals; ``kind`` is ``number`` or ``text``.
    """

    path: str
    value: Any
    text: str
    kind: str = "number"
    scale: float = 1.0
    absolute: bool = False


@dataclass
class Sentence:
    """A template with ``{i}`` slots; ``placeholder`` marks a 【待补充：…】 part for a person."""

    template: str
    slots: list[Slot] = field(default_factory=list)
    placeholder: bool = False

    def render(self, slot_text: Callable[[Slot], str] | None = None, literal=None) -> str:
        """The sentence with each slot's text (through ``slot_text`` when given, e.g. to
        add a trace key) and each literal part through ``literal`` (e.g. escaping)."""
        parts = re.split(r"\{(\d+)\}", self.template)
        out = []
        for i, part in enumerate(parts):
            if i % 2:
                slot = self.slots[int(part)]
                out.append(slot_text(slot) if slot_text else slot.text)
            else:
                out.append(literal(part) if literal else part)
        return "".join(out)

    @property
    def text(self) -> str:
        return self.render()


@dataclass
class Section:
    """A numbered part: ``level`` 1 一、, 2 （一）, 3 1. (run-in: the title opens its text)."""

    title: str
    level: int
    paragraphs: list[list[Sentence]] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(self.paragraphs) and all(c.is_empty() for c in self.children)


@dataclass
class Draft:
    title: Sentence
    sections: list[Section]
    region: str = ""
    period: str = ""

    def walk(self) -> Iterator[tuple[Section, tuple[int, ...]]]:
        """Every section with its position (1-based per level), depth first."""

        def rec(sections, prefix):
            for i, s in enumerate(sections, start=1):
                yield s, (*prefix, i)
                yield from rec(s.children, (*prefix, i))

        yield from rec(self.sections, ())

    def sentences(self) -> Iterator[Sentence]:
        yield self.title
        for section, _ in self.walk():
            for paragraph in section.paragraphs:
                yield from paragraph

    def slots(self) -> list[Slot]:
        return [slot for s in self.sentences() for slot in s.slots]


def heading_number(level: int, index: int) -> str:
    """一、 (level 1), （一） (level 2), 1. (level 3)."""
    if level == 1:
        return f"{cn_numeral(index)}、"
    if level == 2:
        return f"（{cn_numeral(index)}）"
    return f"{index}."


def cn_numeral(n: int) -> str:
    """1-99 in Chinese numerals (一, 十, 十一, 二十三)."""
    if n <= 10:
        return CN_NUMERALS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_NUMERALS[tens]
    return f"{head}十{CN_NUMERALS[ones] if ones else ''}"


# ---------------------------------------------------------------------------- values


def lookup(results: dict, path: str) -> Any:
    """The value at a dotted path (list items by index); raises Missing when absent."""
    node: Any = results
    for key in path.split("."):
        if isinstance(node, list):
            try:
                node = node[int(key)]
            except (ValueError, IndexError):
                raise Missing(path) from None
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            raise Missing(path)
    return node


def _number(results: dict, path: str) -> float:
    """The number at ``path``; Missing when absent, null, NaN, inf or not a number."""
    value = lookup(results, path)
    if not isinstance(value, int | float) or number(value) is None:
        raise Missing(path)
    return value


def _whole(value: float) -> str:
    return format_fixed(value, 0)


def _is_zero(text: str) -> bool:
    return float(text) == 0.0


# ---------------------------------------------------------------------------- writer


class Writer:
    """Builds one sentence from literal words and traced slots; a missing input raises
    :class:`Missing` out of the clause being written (see :meth:`opt`)."""

    def __init__(self, results: dict):
        self.results = results
        self.parts: list[str] = []
        self.slots: list[Slot] = []

    # literal words: never a digit (every number is a slot)
    def t(self, text: str) -> Writer:
        if _DIGIT.search(text):
            raise TemplateError(f"a template may not hold digits: {text!r}")
        self.parts.append(text.replace("{", "{{").replace("}", "}}"))
        return self

    def _slot(self, slot: Slot) -> Writer:
        # two slots side by side whose digits would run together (a name ending in a
        # digit, then a number) are kept apart by a space: each number stays readable
        if self.slots and self.parts and self.parts[-1] == f"{{{len(self.slots) - 1}}}":
            before, after = self.slots[-1].text[-1:], slot.text[:1]
            if before and after and before in _JOINING and after in _JOINING:
                self.parts.append(" ")
        self.parts.append(f"{{{len(self.slots)}}}")
        self.slots.append(slot)
        return self

    def value(self, path: str) -> Any:
        return lookup(self.results, path)

    def has(self, path: str) -> bool:
        try:
            return lookup(self.results, path) is not None
        except Missing:
            return False

    def number(self, path: str) -> float:
        return _number(self.results, path)

    def amount(self, path: str, absolute: bool = False) -> Writer:
        v = self.number(path)
        return self._slot(
            Slot(path, v, format_amount(abs(v) if absolute else v), absolute=absolute)
        )

    def pct(self, path: str, absolute: bool = False, decimals: int = 1) -> Writer:
        v = self.number(path)
        text = format_fixed(abs(v) if absolute else v, decimals)
        return self._slot(Slot(path, v, text, absolute=absolute))

    def count(self, path: str, absolute: bool = False) -> Writer:
        v = self.number(path)
        return self._slot(
            Slot(path, v, format_fixed(abs(v) if absolute else v, 0), absolute=absolute)
        )

    def number_text(self, path: str) -> Writer:
        """A plain quantity: whole when it is whole, else two decimals at most."""
        v = self.number(path)
        text = (
            format_fixed(v, 0)
            if float(v).is_integer()
            else format_fixed(v, 2).rstrip("0").rstrip(".")
        )
        return self._slot(Slot(path, v, text))

    def month(self, path: str) -> Writer:
        """A month given as YYYY-MM, printed 7月."""
        v = lookup(self.results, path)
        m = re.fullmatch(r"(\d{4})-(\d{2})", str(v or ""))
        if not m:
            raise Missing(path)
        return self._slot(Slot(path, v, f"{int(m.group(2))}月", kind="text"))

    def prob(self, path: str) -> Writer:
        v = self.number(path)
        return self._slot(Slot(path, v, format_fixed(v * 100, 0), scale=100.0))

    def name(self, path: str) -> Writer:
        v = lookup(self.results, path)
        # a name is text: a number where a name belongs is a damaged results.json, and
        # printed it would run into the next number (-1 then 1-2月 reads -11-2月)
        if not isinstance(v, str) or v.strip() == "":
            raise Missing(path)
        return self._slot(Slot(path, v, clean_text(v), kind="text"))

    def period(self, path: str = "period_label") -> Writer:
        """The cumulative period as 1-6月 (from ``period_label`` 2021年1-6月 or a label)."""
        v = lookup(self.results, path)
        if not v:
            raise Missing(path)
        text = str(v).split("年", 1)[-1]
        return self._slot(Slot(path, v, clean_text(text), kind="text"))

    def signed(self, path: str, up: str, down: str, flat: str, unit: str = "%", fmt=None) -> Writer:
        """``up``/``down`` + the number without its sign + unit; ``flat`` alone at a rounded 0.
        ``fmt`` formats the absolute value (one decimal by default)."""
        v = self.number(path)
        text = fmt(abs(v)) if fmt else format_fixed(abs(v), 1)
        if _is_zero(text):
            return self.t(flat)
        self.t(up if v > 0 else down)
        self._slot(Slot(path, v, text, absolute=True))
        return self.t(unit)

    def growth(self, path: str) -> Writer:
        """增长x.x% / 下降x.x% / 持平."""
        return self.signed(path, "增长", "下降", "持平")

    def points(
        self, path: str, up: str = "高于", down: str = "低于", flat: str = "持平", what: str = ""
    ) -> Writer:
        """``up``/``down`` + ``what`` + x.x个百分点 (e.g. 高于时序进度1.9个百分点)."""
        v = self.number(path)
        text = format_fixed(abs(v), 1)
        if _is_zero(text):
            return self.t(f"与{what}{flat}" if what else flat)
        self.t((up if v > 0 else down) + what)
        self._slot(Slot(path, v, text, absolute=True))
        return self.t("个百分点")

    def opt(self, build: Callable[[Writer], Any]) -> bool:
        """Write a clause if all its inputs are present; drop it otherwise."""
        mark_parts, mark_slots = len(self.parts), len(self.slots)
        try:
            build(self)
            return True
        except BAD_INPUT:
            del self.parts[mark_parts:]
            del self.slots[mark_slots:]
            return False

    def sentence(self) -> Sentence:
        template = "".join(self.parts).rstrip("，、；")
        if template and template[-1] not in "。！？：】":
            template += "。"
        return Sentence(template, list(self.slots))


def placeholder(what: str) -> Sentence:
    """A part a person must write: 【待补充：…】 (no number)."""
    w = Writer({}).t(PLACEHOLDER_OPEN + what + PLACEHOLDER_CLOSE)
    return Sentence("".join(w.parts), [], placeholder=True)


def flagged(what: str) -> Sentence:
    """A sentence the data cannot give, flagged for a person (names what is missing)."""
    return placeholder(what)


def write(results: dict, build: Callable[[Writer], Any]) -> Sentence | None:
    """One sentence, or None when its essential inputs are missing."""
    w = Writer(results)
    try:
        build(w)
    except BAD_INPUT:
        return None
    s = w.sentence()
    return s if s.template else None


def paragraph(*sentences: Sentence | None) -> list[Sentence]:
    return [s for s in sentences if s is not None]


# ---------------------------------------------------------------------------- wording


def whole_word(region_name: str) -> str:
    """全县 / 全市 / 全区 from the unit's name (its own name when the suffix says nothing)."""
    name = clean_text(region_name)
    for suffix, word in (
        ("县", "全县"),
        ("市", "全市"),
        ("区", "全区"),
        ("省", "全省"),
        ("旗", "全旗"),
    ):
        if name.endswith(suffix):
            return word
    return ""


INDICATOR_SECTIONS = (
    ("output", "工业产值"),
    ("value_added", "工业增加值"),
    ("above_scale_firms", "新增规模工业企业数"),
    ("industrial_investment", "工业投资完成情况"),
    ("tech_investment", "技改投资完成情况"),
    ("hitech_value_added", "高新技术产业增加值"),
)


def rank_clause(w: Writer, code: str, group: str) -> None:
    """在全市11个单位中排第3位 / 居全市11个单位首位 / 与丙县并列第3位; Missing when unranked."""
    base = f"indicators.{code}"
    rank = w.number(f"{base}.rank_{group}")
    of = w.number(f"{base}.rank_{group}_of")
    if not of or of < 2:
        raise Missing(f"{base}.rank_{group}_of")
    scope_path = f"{base}.rank_{group}_scope"
    if group == "counties":
        w.t("在").count(f"{base}.rank_{group}_of").t("个")
        if not w.opt(lambda w: w.name(scope_path)):
            w.t("县(市)")
        w.t("中")
    else:
        w.t("在")
        w.opt(lambda w: w.name(scope_path))
        w.count(f"{base}.rank_{group}_of").t("个单位中")
    tied = _tied_with(w.results, code, group, rank)
    if tied:
        w.t("与")
        for k, (i, _) in enumerate(tied):
            if k:
                w.t("、")
            w.name(f"rankings.{group}.{code}.{i}.name")
        w.t("并列")
        if rank == 1:
            return w.t("第一")  # no digit in the template: 并列第一 is the usual wording
        w.t("第").count(f"{base}.rank_{group}").t("位")
        return None
    if rank == 1:
        w.t("居首位")
        return None
    w.t("排第").count(f"{base}.rank_{group}").t("位")
    return None


def _tied_with(results: dict, code: str, group: str, rank: float) -> list[tuple[int, dict]]:
    """Other units of the ranking sharing the unit's rank, as (index, entry)."""
    try:
        table = lookup(results, f"rankings.{group}.{code}")
    except Missing:
        return []
    me = results.get("region")
    return [
        (i, e)
        for i, e in enumerate(table or [])
        if isinstance(e, dict) and e.get("rank") == rank and e.get("region_id") != me
    ]


def ranks_sentence(results: dict, code: str, lead: str = "累计增速") -> Sentence | None:
    """累计增速在全市…排第x位、在x个县(市)中排第x位 (None when the unit is in no group)."""
    w = Writer(results)
    w.t(lead)
    got = [w.opt(lambda w, g=g: rank_clause(w, code, g)) for g in ("city",)]
    if got[0]:
        w.t("，")
    if w.opt(lambda w: rank_clause(w, code, "counties")):
        got.append(True)
    if not any(got):
        return None
    excluded = results.get("ranks_excluded")
    if isinstance(excluded, list) and excluded:  # peers left out for errors in their data

        def left_out(w: Writer) -> None:
            w.t("（排名未含")
            for i in range(len(excluded)):
                if i:
                    w.t("、")
                w.name(f"ranks_excluded.{i}.name")
            w.t("，其数据有误）")

        w.opt(left_out)
    return w.sentence()


def amount_rank_sentence(results: dict, code: str, group: str = "city") -> Sentence | None:
    """总量在全市12个单位中排第x位 / 居首位: the rank by amount (rankings.<group>.<code>
    value_rank), as the example's "工业投资总量居全市第x位"; None without an amount."""
    try:
        rows = lookup(results, f"rankings.{group}.{code}")
    except Missing:
        return None
    me = results.get("region")
    mine = [i for i, e in enumerate(rows or []) if isinstance(e, dict) and e.get("region_id") == me]
    if not mine:
        return None
    row = f"rankings.{group}.{code}.{mine[0]}"

    def build(w: Writer) -> None:
        rank = w.number(f"{row}.value_rank")
        if w.number(f"{row}.value_rank_of") < 2:
            raise Missing(f"{row}.value_rank_of")
        w.t("累计总量在")
        w.opt(lambda w: w.name(f"indicators.{code}.rank_{group}_scope"))
        w.count(f"{row}.value_rank_of").t("个单位中")
        if rank == 1:
            w.t("居首位")
        else:
            w.t("排第").count(f"{row}.value_rank").t("位")

    return write(results, build)


# ---------------------------------------------------------------------------- sections


def indicator_paragraph(results: dict, code: str, whole: str) -> list[Sentence]:
    """Completion of one indicator: amount (when given), growth, two-year average, share of
    target and schedule, then ranks."""
    base = f"indicators.{code}"
    label_path = f"labels.indicators.{code}"

    def completion(w: Writer) -> None:
        w.period().t("，")
        has_value = w.has(f"{base}.value")
        if code == "output":
            w.t(whole)
            w.opt(lambda w: w.count("firms.above_scale").t("家"))
            w.t("规上工业企业")
        if has_value:
            w.t("累计完成")
            w.t("产值" if code == "output" else "")
            if code != "output":
                w.name(label_path)
            w.amount(f"{base}.value").t("亿元，同比")
        else:
            w.name(label_path) if code != "output" else w.t("产值")
            w.t("同比")
        w.growth(f"{base}.yoy_pct")
        if w.has(f"{base}.yoy_source") and w.value(f"{base}.yoy_source") == "computed":
            w.t(GROWTH_BASIS_COMPUTED)  # no official rate: computed from two years' levels
        w.opt(lambda w: parent_clause(w, code))
        w.opt(lambda w: w.t("，两年平均").growth(f"{base}.two_year_avg_pct"))
        # a unit with both an amount and a growth target: each figure names its target
        both = w.has(f"{base}.target") and w.has(f"{base}.target_growth_pct")
        if has_value:

            def share(w: Writer) -> None:
                w.t("，占年度目标任务")
                if both:
                    w.t("（").amount(f"{base}.target").t("亿元）")
                w.t("的").pct(f"{base}.target_share_pct").t("%")

            w.opt(share)
            w.opt(lambda w: w.t("，").points(f"{base}.schedule_gap_pp", what="时序进度"))

        def growth_gap(w: Writer) -> None:
            w.t("，增速")
            gap = w.number(f"{base}.growth_gap_pp")
            if _is_zero(format_fixed(abs(gap), 1)):
                w.t("与年度增长目标（").pct(f"{base}.target_growth_pct").t("%）持平")
                return
            w.t("超过" if gap > 0 else "低于").t("年度增长目标（")
            w.pct(f"{base}.target_growth_pct").t("%）")
            w._slot(Slot(f"{base}.growth_gap_pp", gap, format_fixed(abs(gap), 1), absolute=True))
            w.t("个百分点")

        w.opt(growth_gap)

    def shortfall(w: Writer) -> None:
        gap = w.number(f"{base}.schedule_gap_pp")
        if gap >= 0:
            raise Missing(f"{base}.shortfall")
        w.t("较时序进度少完成").amount(f"{base}.shortfall").t("亿元")

    first = write(results, completion)
    if first is None:
        return [flagged(f"{_label(results, code)}缺少本期数据")]
    out = [first]
    if code in ("industrial_investment", "tech_investment", "hitech_value_added"):
        out.append(write(results, shortfall))
    if code == "output":
        out.append(quarter_sentence(results))
    if code in ("output", "industrial_investment", "tech_investment"):
        out.append(amount_rank_sentence(results, code))
    out.append(ranks_sentence(results, code))
    out.append(units_sentence(results, code))
    return paragraph(*out)


def _label(results: dict, code: str) -> str:
    """The indicator's Chinese name for a flagged line (literal text: the code instead
    when the label is damaged: not text, or holding digits a template may not have)."""
    try:
        label = lookup(results, f"labels.indicators.{code}")
    except Missing:
        return code
    if not isinstance(label, str) or not label.strip() or _DIGIT.search(label):
        return code
    return clean_text(label)


def parent_clause(w: Writer, code: str) -> None:
    """，高于全市（16.0%）8.1个百分点: growth against the parent's (comparison.kind parent)."""
    if w.value("comparison.kind") != "parent":
        raise Missing("comparison.parent")
    b = f"comparison.parent.{code}"
    gap = w.number(f"{b}.gap_pp")
    w.t("，")
    if format_fixed(gap, 1) == "0.0":
        w.t("与").name("comparison.scope").t("持平")
        return
    w.t("高于" if gap > 0 else "低于").name("comparison.scope")
    w.opt(lambda w: w.t("（").pct(f"{b}.comparator_yoy_pct").t("%）"))
    w._slot(Slot(f"{b}.gap_pp", gap, format_fixed(abs(gap), 1), absolute=True))
    w.t("个百分点")


def units_sentence(results: dict, code: str) -> Sentence | None:
    """所辖11个单位中，6个增速高于全市、5个低于全市，最高的丰乐县增长28.6%、最低的江北区增长7.2%
    (comparison.kind units: a unit compared with its own units)."""
    b = f"comparison.units.{code}"

    def build(w: Writer) -> None:
        if w.value("comparison.kind") != "units":
            raise Missing("comparison.units")
        w.t("所辖").count(f"{b}.n_units").t("个单位中，")
        w.count(f"{b}.n_above_total").t("个增速高于").name("comparison.scope").t("、")
        w.count(f"{b}.n_below_total").t("个低于").name("comparison.scope")

        def extremes(w: Writer) -> None:
            hi, lo = w.value(f"{b}.max_region_id"), w.value(f"{b}.min_region_id")
            w.t("，最高的").name(f"labels.regions.{hi}").growth(f"{b}.max_yoy_pct")
            w.t("、最低的").name(f"labels.regions.{lo}").growth(f"{b}.min_yoy_pct")

        w.opt(extremes)

    return write(results, build)


def quarter_sentence(results: dict) -> Sentence | None:
    """The latest complete quarter after Q1: amount and change on the previous quarter."""
    try:
        complete = [q for q in lookup(results, "quarters.output.complete") if q >= 2]
    except (Missing, TypeError):
        return None
    if not complete:
        return None
    q = max(complete)
    b = "quarters.output"

    def build(w: Writer) -> None:
        w.t(f"{cn_numeral(q)}季度完成产值").amount(f"{b}.q{q}").t("亿元")
        w.opt(
            lambda w: (
                w.t(f"，较{cn_numeral(q - 1)}季度")
                .amount(f"{b}.q{q - 1}")
                .t("亿元环比")
                .growth(f"{b}.q{q}_vs_prev_pct")
            )
        )
        w.opt(lambda w: w.t("，同比").growth(f"{b}.q{q}_yoy_pct"))

    return write(results, build)


def firms_paragraph(results: dict, whole: str) -> list[Sentence]:
    f = "firms"

    def new_firms(w: Writer) -> None:
        if not w.value(f"{f}.has_firm_list"):
            raise Missing(f"{f}.has_firm_list")
        w.t("截至目前，" + whole + "新增规模工业企业").count(f"{f}.new_so_far").t("家")
        w.opt(
            lambda w: (
                w.t("（成长性企业")
                .count(f"{f}.new_by_route.growth")
                .t("家、新项目入规")
                .count(f"{f}.new_by_route.new_project")
                .t("家）")
            )
        )

    def net(w: Writer) -> None:
        w.t("规上企业达到").count(f"{f}.above_scale").t("家")
        w.opt(lambda w: w.t("，比上年末净增").count(f"{f}.net_increase").t("家"))
        w.opt(
            lambda w: (
                w.t("，完成净增目标")
                .count(f"{f}.new_target")
                .t("家的")
                .pct(f"{f}.new_target_share_pct")
                .t("%")
            )
        )

    first = write(results, new_firms)
    if first is None:
        return [flagged("数据中没有企业名录，新增规上企业情况请据实填写")]
    return paragraph(first, write(results, net), city_task_sentence(results))


def city_task_sentence(results: dict) -> Sentence | None:
    """已完成市下达目标任务 when the tasks table says the city's new-firm task is met."""
    items = _tasks(results)
    for i, item in items:
        if item.get("metric") == "新增规上企业数" and item.get("source") == "city":
            met = item.get("target_met")
            if met is None:
                return None

            def build(w: Writer, i=i, met=met) -> None:
                if met:
                    w.t("已完成市下达目标任务（").count(f"tasks.items.{i}.target").t("家）")
                else:
                    w.t("尚未完成市下达目标任务（").count(f"tasks.items.{i}.target").t("家）")

            return write(results, build)
    return None


def _tasks(results: dict) -> list[tuple[int, dict]]:
    try:
        items = lookup(results, "tasks.items") or []
    except Missing:
        return []
    return [(i, it) for i, it in enumerate(items) if isinstance(it, dict)]


def forecast_section(results: dict, whole: str) -> Section:
    """The half-year nowcast (before June) or the full-year projection, with intervals and
    the chance of meeting the target."""
    sec = Section("经济指标预测", 2)
    fc = results.get("forecast") or {}
    if fc.get("complete"):
        sec.paragraphs.append([flagged("全年数据已完整，无需预测")])
        return sec
    nowcast = fc.get("nowcast") or {}
    full = fc.get("full_year") or {}
    codes = [c for c in fc.get("indicators") or [] if c in nowcast or c in full]
    if not codes:
        sec.paragraphs.append([flagged("本期没有可用的预测结果")])
        return sec
    for code in codes:
        par = []
        if code in nowcast:
            par.append(projection_sentence(results, code, "nowcast", whole))
        if code in full:
            par.append(
                projection_sentence(results, code, "full_year", whole, label=code not in nowcast)
            )
            par.append(target_chance_sentence(results, code))
        par = paragraph(*par)
        if par:
            sec.paragraphs.append(par)
    return sec


def projection_sentence(
    results: dict, code: str, kind: str, whole: str, label: bool = True
) -> Sentence | None:
    b = f"forecast.{kind}.{code}"
    when = "上半年" if kind == "nowcast" else "全年"

    def interval(w: Writer) -> None:
        """（百分之八十的可能区间为a亿至b亿元 — left open for the backtest's error."""
        if w.has(f"{b}.value"):
            w.t("（百分之八十的可能区间为").amount(f"{b}.lo80").t("亿至")
            w.amount(f"{b}.hi80").t("亿元")
        else:
            w.t("（百分之八十的可能区间为增速").pct(f"{b}.yoy_lo80").t("%至")
            w.pct(f"{b}.yoy_hi80").t("%")

    def error(w: Writer, first: bool) -> None:
        # the one backtest error quoted anywhere: the choosing tested on held-out years
        # (page 04 says the same), never the in-sample error of the method picked after
        suffix = "_nowcast" if kind == "nowcast" else ""
        path = f"forecast.selection{suffix}.{code}.mae_pp"
        w.number(path)
        w.t("（" if first else "，").t("以往年份回测的平均误差为")
        w.pct(path).t("个百分点")

    def build(w: Writer) -> None:
        if label:
            w.name(f"labels.indicators.{code}").t("：")
        w.t("预计" + when)
        if w.has(f"{b}.value"):
            w.t(whole + "累计完成").amount(f"{b}.value").t("亿元，")
        w.t("同比").growth(f"{b}.yoy_pct")
        has_interval = w.opt(interval)
        has_error = w.opt(lambda w: error(w, first=not has_interval))
        if has_interval or has_error:
            w.t("）")

    return write(results, build)


def target_chance_sentence(results: dict, code: str) -> Sentence | None:
    """完成年度目标（x）的可能性约为x%; near-certain odds (printed 0% or 100%) in words."""
    b = f"forecast.full_year.{code}"

    def target(w: Writer) -> None:
        if w.value(f"{b}.target_kind") == "growth_pct":
            w.t("年度增长目标（")
            if not w.opt(lambda w: w.pct(f"{b}.target_growth_pct")):
                w.pct(f"indicators.{code}.target_growth_pct")
            w.t("%")
            w.opt(lambda w: w.t("，约").amount(f"{b}.target_amount").t("亿元"))
            w.t("）")
        else:
            w.t("年度目标（").amount(f"{b}.target_value").t("亿元）")

    def build(w: Writer) -> None:
        p = w.number(f"{b}.p_meet_target")
        printed = format_fixed(p * 100, 0)
        if printed == "100":
            w.t("预计可以完成")
            target(w)
        elif printed == "0":
            w.t("按当前趋势完成")
            target(w)
            w.t("的可能性很小")
        else:
            w.t("完成")
            target(w)
            w.t("的可能性约为").prob(f"{b}.p_meet_target").t("%")

    return write(results, build)


def tasks_section(results: dict) -> Section:
    sec = Section("重点工作完成情况", 2)
    t = results.get("tasks") or {}
    if not t.get("available"):
        sec.paragraphs.append([flagged("数据中没有重点任务表，重点工作完成情况请据实填写")])
        return sec

    def counts(w: Writer) -> None:
        w.t("纳入跟踪的重点任务中，")
        first = True
        for status, word in STATUS_WORDS.items():
            if w.has(f"tasks.counts.{status}") and w.number(f"tasks.counts.{status}") > 0:
                w.t("" if first else "、").t(word).count(f"tasks.counts.{status}").t("项")
                first = False
        if first:
            raise Missing("tasks.counts")

    sec.paragraphs.append(paragraph(write(results, counts)))
    for k, (source, title) in enumerate(
        (("city", "市级政府工作报告任务完成情况"), ("county", "县政府工作报告任务完成情况"))
    ):
        items = [(i, it) for i, it in _tasks(results) if it.get("source") == source]
        if not items:
            continue
        sec.paragraphs.append([Writer(results).t(ORDINALS[k] + title).sentence()])
        for i, _ in items:
            s = write(results, lambda w, i=i: task_item(w, i))
            if s is not None:
                sec.paragraphs.append([s])
    sec.paragraphs.append([placeholder("各项任务的具体进展、成效和典型做法")])
    return sec


def task_item(w: Writer, i: int) -> None:
    """——题目：指标完成x（单位），为目标x的x%，状态。备注"""
    b = f"tasks.items.{i}"
    w.t("——").name(f"{b}.title").t("：")
    unit_path = f"{b}.unit"
    unit = clean_text(w.value(unit_path) or "") if w.has(unit_path) else ""
    is_pct = unit in PERCENT_UNITS  # a rate target, as analysis/tasks.py reads it

    def progress(w: Writer) -> None:
        w.name(f"{b}.metric")
        if is_pct:
            w.pct(f"{b}.actual").t("%")
            w.opt(lambda w: w.t("（目标").pct(f"{b}.target").t("%）"))
        else:
            if unit == "亿元":
                w.amount(f"{b}.actual").t("亿元")  # the one rule for amounts: 21.0, not 20.97
            else:
                w.number_text(f"{b}.actual")
                w.opt(lambda w: w.name(unit_path))
            w.opt(lambda w: w.t("，为目标的").pct(f"{b}.completion_pct").t("%"))

    if w.opt(progress):
        w.t("，")
    status = w.value(f"{b}.status") if w.has(f"{b}.status") else None
    w.t(status_word(status, rate=is_pct))
    w.opt(lambda w: w.t("。").name(f"{b}.note"))


def _numbered(results: dict, builders: list[Callable[[Writer], Any]]) -> list[list[Sentence]]:
    """Items 一是… 二是…: the ordinal follows the items present (a missing one is skipped)."""
    out: list[list[Sentence]] = []
    for build in builders:
        k = len(out)

        def full(w: Writer, build=build, k=k) -> None:
            w.t(ORDINALS[min(k, len(ORDINALS) - 1)])
            build(w)

        s = write(results, full)
        if s is not None:
            out.append([s])
    return out


def _trend_sentence(results: dict, code: str) -> Sentence | None:
    """工业增加值1-2月增长x%、1-3月增长x%…, and 始终保持两位数增长 when it did."""
    try:
        trend = lookup(results, f"trend.{code}") or []
    except Missing:
        return None
    rows = [i for i, r in enumerate(trend) if isinstance(r, dict) and r.get("yoy_pct") is not None]
    if len(rows) < 2:
        return None

    def build(w: Writer) -> None:
        w.name(f"labels.indicators.{code}")
        for k, i in enumerate(rows):
            w.t("、" if k else "").name(f"trend.{code}.{i}.label").growth(
                f"trend.{code}.{i}.yoy_pct"
            )
        if w.has(f"trend_summary.{code}.double_digit_all_year") and w.value(
            f"trend_summary.{code}.double_digit_all_year"
        ):
            w.t("，始终保持两位数增长")

    return write(results, build)


def _rank_highlight(results: dict) -> Sentence | None:
    """Ranks among the city's units that read well: top places and moves up."""
    items = [
        (i, h)
        for i, h in enumerate(results.get("highlights") or [])
        if isinstance(h, dict) and h.get("kind") in ("top_rank", "rank_up")
    ]
    if not items:
        return None

    def build(w: Writer) -> None:
        for k, (i, h) in enumerate(items):
            b = f"highlights.{i}.numbers"
            w.t("；" if k else "")
            w.name(f"labels.indicators.{h['indicator']}").t("增速")
            if h["kind"] == "top_rank":
                if w.number(f"{b}.rank_city") == 1:
                    w.t("居").name(f"{b}.scope").count(f"{b}.rank_city_of").t("个单位首位")
                else:
                    w.t("居").name(f"{b}.scope").count(f"{b}.rank_city_of").t("个单位第")
                    w.count(f"{b}.rank_city").t("位")
            else:
                w.t("排名较年初").signed(
                    f"{b}.rank_change", "前移", "后退", "未变", unit="位", fmt=_whole
                )

    return write(results, build)


def _growth_points(results: dict, whole: str) -> list[Sentence]:
    """New firms, firms about to enter, this year's library entries and the pipeline."""

    def firms(w: Writer) -> None:
        w.t("新增规模工业企业").count("firms.new_so_far").t("家")
        w.opt(lambda w: w.t("，比上年末净增").count("firms.net_increase").t("家"))

    def pipeline(w: Writer) -> None:
        items = lookup(w.results, "firms.pipeline") or []
        if not items:
            raise Missing("firms.pipeline")
        w.t("预计")
        for k, _ in enumerate(items):
            w.t("、" if k else "").name(f"firms.pipeline.{k}.name")
            w.opt(lambda w, k=k: w.t("（").month(f"firms.pipeline.{k}.expected_entry").t("）"))
        w.t("入规")

    def entries(w: Writer) -> None:
        b = "investment.new_entries"
        if not w.value(f"{b}.available"):
            raise Missing(b)
        w.t("今年累计新入库工业项目").count(f"{b}.total").t("个")

    def project_pipeline(w: Writer) -> None:
        b = "investment.pipeline"
        if not w.value(f"{b}.available") or not w.number(f"{b}.count"):
            raise Missing(b)
        w.t("拟入库工业项目").count(f"{b}.count").t("个，计划总投资").amount(f"{b}.planned_total")
        w.t("亿元")

    def large_projects(w: Writer) -> None:
        b = "investment.library"
        if not w.value(f"{b}.available") or not w.number(f"{b}.over_100m.count"):
            raise Missing(f"{b}.over_100m")
        w.t("库内亿元以上项目").count(f"{b}.over_100m.count").t("个，计划总投资")
        w.amount(f"{b}.over_100m.planned").t("亿元")
        w.opt(lambda w: w.t("，累计完成投资").amount(f"{b}.over_100m.completed").t("亿元"))

    builders = (firms, pipeline, entries, large_projects, project_pipeline)
    return paragraph(*(write(results, b) for b in builders))


def _innovation_sentence(results: dict) -> Sentence | None:
    codes = [c for c, v in (results.get("innovation") or {}).items() if isinstance(v, dict)]
    if not codes:
        return None

    def build(w: Writer) -> None:
        n = 0
        for code in codes:
            b = f"innovation.{code}"

            def one(w: Writer, b=b, code=code, n=n) -> None:
                w.t("；" if n else "").name(f"labels.indicators.{code}").t("完成")
                w.number_text(f"{b}.value").name(f"{b}.unit")
                w.opt(lambda w: w.t("，为年度目标的").pct(f"{b}.completion_pct").t("%"))
                w.opt(
                    lambda w: w.t("，").points(
                        f"{b}.schedule_gap_pp", up="超", down="低于", what="时序进度"
                    )
                )

            if w.opt(one):
                n += 1
        if not n:
            raise Missing("innovation")

    return write(results, build)


def highlights_section(results: dict, whole: str) -> Section:
    sec = Section(_titles(results)["highlights"], 2)
    items: list[tuple[str, list[Sentence]]] = [
        (
            "工业经济形势较好",
            paragraph(
                *(_trend_sentence(results, c) for c in ("value_added", "industrial_investment"))
            ),
        ),
        ("主要指标在全市排名较好", paragraph(_rank_highlight(results))),
        ("增长点支撑发展后劲", _growth_points(results, whole)),
        ("科技创新支撑有力", paragraph(_innovation_sentence(results))),
    ]
    for title, sentences in items:
        if sentences:
            sec.children.append(Section(title, 3, [sentences]))
    sec.children.append(Section("其他亮点", 3, [[placeholder("数据以外的工作成效、典型经验")]]))
    return sec


# --- problems


def _rate_adjustment(w: Writer) -> None:
    b = "rate_adjustment"
    if not w.value(f"{b}.available"):
        raise Missing(b)
    rows = [
        i
        for i, r in enumerate(w.value(f"{b}.by_industry") or [])
        if r.get("va_rate") is not None
        and r.get("va_rate_prev") is not None
        and format_fixed(r["va_rate"], 2) != format_fixed(r["va_rate_prev"], 2)
    ]
    if not rows:
        raise Missing(f"{b}.by_industry")
    w.t("增加值率调整影响较大。")
    for k, i in enumerate(rows):
        r = f"{b}.by_industry.{i}"
        down = w.number(f"{r}.va_rate") < w.number(f"{r}.va_rate_prev")
        w.t("，" if k else "").name(f"{r}.industry").t("增加值率由")
        w.pct(f"{r}.va_rate_prev", decimals=2).t("%" + ("下调到" if down else "上调到"))
        w.pct(f"{r}.va_rate", decimals=2).t("%")
    w.t("；测算增加值率调整使规上工业增加值")
    w.signed(f"{b}.impact_value", "增加", "减少", "基本不变", unit="亿元", fmt=format_amount)
    w.t("，").signed(f"{b}.impact_pp", "拉高增速", "拉低增速", "对增速基本无影响", unit="个百分点")


def _prices(w: Writer) -> None:
    b = "prices"
    if not w.value(f"{b}.available"):
        raise Missing(b)
    w.t("价格因素对增速影响明显。")
    w.opt(
        lambda w: (
            w.t("全国工业生产者出厂价格指数同比")
            .signed(f"{b}.national_ppi_yoy_pct", "上涨", "下降", "持平")
            .t("，")
        )
    )
    w.opt(
        lambda w: (
            w.t("制造业采购经理指数为")
            .number_text(f"{b}.pmi")
            .t("，连续")
            .count(f"{b}.pmi_months_above_50")
            .t("个月在临界点以上，")
            if w.number(f"{b}.pmi_months_above_50") > 0
            else w.t("制造业采购经理指数为").number_text(f"{b}.pmi").t("，")
        )
    )
    w.t("本地产值名义增速").pct(f"{b}.output_nominal_yoy_pct").t("%，扣除价格因素后实际")
    w.growth(f"{b}.output_real_yoy_pct")
    w.t("，").points(f"{b}.gap_pp", up="名义增速高出", down="名义增速低于", what="")

    def estimate(w: Writer) -> None:
        e = "value_added_estimate"
        if not w.value(f"{e}.available"):
            raise Missing(e)
        w.t("；按分行业产值、增加值率和价格指数测算，规上工业增加值实际")
        w.growth(f"{e}.real_yoy_pct").t("，较上报增速")
        w.points(f"{e}.gap_pp", up="高", down="低", flat="持平")

    w.opt(estimate)
    w.t("，上报增速将受到价格因素的影响")


def _target_difficulty(w: Writer) -> None:
    b = "required"
    w.t("完成全年目标任务艰巨。")
    said = False

    def va_needs(w: Writer) -> None:
        w.t("着眼全年增加值增长").pct(f"{b}.output_growth_for_va_target.va_target_growth_pct").t(
            "%的目标，"
        )
        w.t("产值需").growth(f"{b}.output_growth_for_va_target_pct").t("以上")

    if w.opt(va_needs):
        said = True
        w.t("；")
    for code in ("output", "value_added"):
        r = f"{b}.{code}"

        def rest(w: Writer, r=r, code=code) -> None:
            if not w.value(f"{r}.available"):
                raise Missing(r)
            g = w.number(f"{r}.rest_of_year_growth_pct")
            w.name(f"labels.indicators.{code}").t("要完成")
            if w.value(f"{r}.target_kind") == "growth_pct":
                # the growth target's amount (targets.py): the probability's target too
                w.t("增长").pct(f"{r}.target").t("%的年度目标（约")
                w.amount(f"{r}.target_amount").t("亿元），")
            else:
                w.t("年度目标（").amount(f"{r}.target").t("亿元），")
            if format_fixed(g, 1) != "0.0" and g < 0:
                w.t("即使后").count(f"{r}.months_left").t("个月同比").growth(
                    f"{r}.rest_of_year_growth_pct"
                )
                w.t("也能完成")
            else:
                w.t("后").count(f"{r}.months_left").t("个月需同比").growth(
                    f"{r}.rest_of_year_growth_pct"
                )
            w.opt(lambda w: w.t("，月均需完成").amount(f"{r}.monthly_needed").t("亿元"))
            w.t("；")

        said = w.opt(rest) or said
    if not said:
        raise Missing(b)


def _below_growth_target(w: Writer) -> None:
    """增速未达年度目标: output or value added growing slower than its annual target."""
    below = [
        code
        for code in ("value_added", "output")
        if w.has(f"indicators.{code}.growth_gap_pp")
        and format_fixed(w.number(f"indicators.{code}.growth_gap_pp"), 1) != "0.0"
        and w.number(f"indicators.{code}.growth_gap_pp") < 0
    ]
    if not below:
        raise Missing("indicators.growth_gap_pp")
    w.t("增速未达年度目标。")
    for k, code in enumerate(below):
        b = f"indicators.{code}"
        w.t("；" if k else "").name(f"labels.indicators.{code}").t("同比").growth(f"{b}.yoy_pct")
        w.t("，").points(f"{b}.growth_gap_pp", what="年度目标")
        w.opt(lambda w, b=b: w.t("（").pct(f"{b}.target_growth_pct").t("%）"))


def _month_decline(w: Writer) -> None:
    b = "indicators.value_added"
    if (
        w.number(f"{b}.month_yoy_pct") >= 0
        or format_fixed(w.number(f"{b}.month_yoy_pct"), 1) == "0.0"
    ):
        raise Missing(f"{b}.month_yoy_pct")
    w.t("当月增速回落。").month("period").t("当月规上工业增加值同比").growth(f"{b}.month_yoy_pct")
    w.t("，累计增速为").pct(f"{b}.yoy_pct").t("%，需密切关注")


def _effective_balance(w: Writer) -> None:
    b = "investment.library"
    if not w.value(f"{b}.available"):
        raise Missing(b)
    r = "required.industrial_investment.remaining"
    short = w.has(r) and w.number(f"{b}.effective_balance") < w.number(r)
    w.t("工业项目库内有效投资余额不足。" if short else "工业项目库内有效投资余额有限。")
    w.t("库内工业项目").count(f"{b}.projects").t("个，剩余投资余额")
    w.amount(f"{b}.remaining_balance").t("亿元，但有效投资余额只有")
    w.amount(f"{b}.effective_balance").t("亿元")
    ex = "investment.excluded"
    groups = [
        g for g in EXCLUDED_WORDS if w.has(f"{ex}.{g}.count") and w.number(f"{ex}.{g}.count") > 0
    ]
    if groups:
        w.t("（")
        for k, g in enumerate(groups):
            w.t("；" if k else "").count(f"{ex}.{g}.count").t("个项目" + EXCLUDED_WORDS[g])
            if g != "fully_reported":
                w.opt(lambda w, g=g: w.t("，余额").amount(f"{ex}.{g}.balance").t("亿元"))
        w.t("）")

    def remaining(w: Writer) -> None:
        if w.number(r) <= 0:
            raise Missing(r)  # the target is already met: nothing to compare with
        w.t("，而完成全年目标还需完成工业投资").amount(r).t("亿元")

    w.opt(remaining)


def _schedule_gap(w: Writer) -> None:
    b = "investment.schedule.industrial_investment"
    gap = w.number(f"{b}.gap_pp")
    w.t("工业投资时序进度有差距。" if gap < 0 else "工业投资时序进度总体正常。")
    w.period().t("完成工业投资").amount(f"{b}.value").t("亿元，为年度目标的").pct(
        f"{b}.completion_pct"
    )
    w.t("%，").points(f"{b}.gap_pp", what="时序进度")
    if gap < 0:
        w.t("，较时序进度少完成").amount(f"{b}.shortfall").t("亿元")
        f = "investment.schedule.fixed_asset_investment"

        def fai(w: Writer) -> None:
            if w.number(f"{f}.gap_pp") >= 0:
                w.t("；全部固定资产投资则已达到时序进度")
                return
            w.t("；全部固定资产投资较时序进度少完成").amount(f"{f}.shortfall").t("亿元")
            if w.value("investment.schedule.industry_holds_back"):
                w.t("，工业投资滞后是拖累固定资产投资进度的主要因素")

        w.opt(fai)


def _stock_vs_new(w: Writer) -> None:
    b = "investment.new_entries"
    if not w.value(f"{b}.available") or not w.number(f"{b}.total"):
        raise Missing(b)
    share = w.number(f"{b}.new_share_pct")
    w.t("工业投资增长主要依靠存量项目。" if share < 50 else "新建项目成为工业投资增长的主要来源。")
    w.t("今年新入库的").count(f"{b}.total").t("个项目中，新建项目").count(f"{b}.new_projects")
    w.t("个，占").pct(f"{b}.new_share_pct").t("%")
    w.opt(
        lambda w: (
            w.t("，技改项目")
            .count(f"{b}.by_kind.tech_renovation")
            .t("个、扩建项目")
            .count(f"{b}.by_kind.expansion")
            .t("个")
        )
    )


def _not_in_library(w: Writer) -> None:
    b = "investment.not_in_library"
    if not w.value(f"{b}.available") or not w.number(f"{b}.count"):
        raise Missing(b)
    w.t("部分招商引资项目未能入库。共有").count(f"{b}.count").t("个招商引资项目未入库")
    w.opt(lambda w: w.t("，其中亿元以上项目").count(f"{b}.over_100m").t("个"))
    w.opt(lambda w: w.t("，计划总投资").amount(f"{b}.total").t("亿元"))
    reasons = [
        r
        for r in REASON_WORDS
        if w.has(f"{b}.by_reason.{r}.count") and w.number(f"{b}.by_reason.{r}.count") > 0
    ]
    if reasons:
        w.t("。其中")
        for k, r in enumerate(reasons):
            w.t("；" if k else "").t(REASON_WORDS[r]).t("的").count(f"{b}.by_reason.{r}.count").t(
                "个"
            )


def _townships(w: Writer) -> None:
    b = "investment"
    if not w.value(f"{b}.townships_available"):
        raise Missing(f"{b}.townships")
    rows = w.value(f"{b}.townships") or []
    on = [i for i, r in enumerate(rows) if r.get("on_schedule")]
    w.t("乡镇工作不平衡。" if len(on) < len(rows) else "各乡镇（园区）均达到时序进度。")
    w.t("达到时序进度的乡镇（园区）有").count(f"{b}.townships_reached_schedule").t("个")
    if on:
        w.t("（")
        for k, i in enumerate(on):
            w.t("、" if k else "").name(f"{b}.townships.{i}.township")
        w.t("）")
    ranked = [i for i, r in enumerate(rows) if r.get("completion_pct") is not None]
    bottom = sorted(ranked, key=lambda i: rows[i]["completion_pct"])[:3][::-1]
    if len(ranked) > 3 and bottom:
        w.t("，进度排在后三位的是")
        for k, i in enumerate(bottom):
            w.t("、" if k else "").name(f"{b}.townships.{i}.township").pct(
                f"{b}.townships.{i}.completion_pct"
            ).t("%")
    w.opt(
        lambda w: (
            w.t("；按近三个月的月均进度测算，年底能完成全年目标的有")
            .count(f"{b}.townships_projected_on_schedule")
            .t("个")
        )
    )
    without = w.value(f"{b}.townships_without_entries") or []
    if without:
        w.t("；")
        for k, _ in enumerate(without):
            w.t("、" if k else "").name(f"{b}.townships_without_entries.{k}")
        w.t("今年暂无项目入库")


def _rank_problems(codes: tuple[str, ...]) -> Callable[[Writer], None]:
    """排名靠后 / 较年初后退 for ``codes``, from the problems results.json lists."""

    def build(w: Writer) -> None:
        found = [
            (i, p)
            for i, p in enumerate(w.results.get("problems") or [])
            if isinstance(p, dict)
            and p.get("indicator") in codes
            and p.get("kind") in ("bottom_rank", "rank_down")
        ]
        if not found:
            raise Missing("problems")
        w.t("部分指标排名靠后或后移。")
        for k, (i, p) in enumerate(found):
            b = f"problems.{i}.numbers"
            w.t("；" if k else "").name(f"labels.indicators.{p['indicator']}").t("增速")
            if p["kind"] == "bottom_rank":
                w.t("居").name(f"{b}.scope").count(f"{b}.rank_city_of").t("个单位第")
                w.count(f"{b}.rank_city").t("位")
            else:
                w.t("排名较年初").signed(
                    f"{b}.rank_change", "前移", "后退", "未变", unit="位", fmt=_whole
                )

    return build


def _hitech_share(w: Writer) -> None:
    b = "firms"
    low = w.number(f"{b}.hitech_share_pct") < HITECH_SHARE_LOW_PCT
    w.t("纳入高新技术统计的企业占比不高。" if low else "纳入高新技术统计的企业情况。")
    w.t("全部规上企业").count(f"{b}.above_scale").t("家，纳入高新技术统计的")
    w.count(f"{b}.hitech_stat").t("家，占").pct(f"{b}.hitech_share_pct").t("%")


def problems_section(results: dict) -> Section:
    sec = Section("存在的主要问题及建议", 1)
    parts = (
        (
            "从工业运行来看",
            [
                _below_growth_target,
                _rate_adjustment,
                _prices,
                _target_difficulty,
                _month_decline,
                _rank_problems(("output", "value_added")),
            ],
            "稳定工业运行、完成产值目标的措施",
        ),
        (
            "从工业投资来看",
            [
                _effective_balance,
                _schedule_gap,
                _stock_vs_new,
                _not_in_library,
                _townships,
                _rank_problems(("industrial_investment", "tech_investment")),
            ],
            "加强调度、夯实入库基础、强化项目服务等措施",
        ),
        ("从高新技术产业来看", [_hitech_share], "培育高新技术企业、提高统计质量的措施"),
    )
    for title, builders, advice in parts:
        paras = _numbered(results, builders)
        if not paras:
            paras = [[flagged("数据中没有相关内容，问题请据实填写")]]
        paras.append([Writer(results).t("建议：").sentence(), placeholder(advice)])
        sec.children.append(Section(title, 2, paras))
    return sec


def plan_section(results: dict, whole: str) -> Section:
    sec = Section(_titles(results)["plan"], 1)

    def firms(w: Writer) -> None:
        w.t("做好入统入规服务，全年新增规模工业企业预计可达").count(
            "firms.expected_full_year_new"
        ).t("家")
        w.opt(lambda w: w.t("（上年新增").count("firms.last_year_new").t("家）"))

    s = write(results, firms)
    if s is not None:
        sec.paragraphs.append([s])
    sec.paragraphs.append(
        [placeholder(_titles(results)["plan"] + "（稳定工业运行、项目建设与服务、优化营商环境等）")]
    )
    return sec


def _titles(results: dict) -> dict[str, str]:
    """Section titles: the half-year words at 1-6月, neutral ones for any other period."""
    if str(results.get("period") or "").endswith("-06"):
        return {
            "first": "上半年工作及主要指标完成情况",
            "highlights": "上半年突出成绩和工作亮点",
            "plan": "下半年工作安排",
        }
    return {
        "first": "主要工作及指标完成情况",
        "highlights": "突出成绩和工作亮点",
        "plan": "下一步工作安排",
    }


def build_draft(results: dict) -> Draft:
    """The whole draft from a results dict (``results.json`` of one run), nothing else."""
    region_name = str(results.get("region_name") or results.get("region") or "")
    whole = whole_word(region_name)
    month = str(results.get("period") or "")[-2:]
    title_w = Writer(results)
    try:
        title_w.name("region_name")
    except Missing:
        pass
    if month == "06":
        title_w.t("上半年工业经济工作总结（初稿）")
    else:
        title_w.opt(lambda w: w.name("period_label"))
        title_w.t("工业经济工作总结（初稿）")
    title = Sentence("".join(title_w.parts), list(title_w.slots))

    notices = notice_sentences(results)
    indicators = Section("工业经济指标完成情况", 2, [notices] if notices else [])
    for code, heading in INDICATOR_SECTIONS:
        if code == "above_scale_firms":
            body = _guarded(lambda: firms_paragraph(results, whole), heading)
        else:
            body = _guarded(lambda code=code: indicator_paragraph(results, code, whole), heading)
        indicators.children.append(Section(heading, 3, [body]))
    first = Section(
        _titles(results)["first"],
        1,
        children=[
            indicators,
            _guarded_section(lambda: forecast_section(results, whole), "经济指标预测", 2),
            _guarded_section(lambda: tasks_section(results), "重点工作完成情况", 2),
            _guarded_section(
                lambda: highlights_section(results, whole), _titles(results)["highlights"], 2
            ),
        ],
    )
    return Draft(
        title=title,
        sections=[
            first,
            _guarded_section(lambda: problems_section(results), "存在的主要问题及建议", 1),
            _guarded_section(lambda: plan_section(results, whole), _titles(results)["plan"], 1),
        ],
        region=str(results.get("region") or ""),
        period=str(results.get("period") or ""),
    )


def notice_sentences(results: dict) -> list[Sentence]:
    """What the data left out that the editor must know (results.json ``notices``, e.g.
    no annual targets), as highlighted 【说明：…】 lines before the indicators."""
    notices = results.get("notices")
    out = []
    for notice in notices if isinstance(notices, list) else []:
        if not isinstance(notice, str) or not notice.strip():
            continue
        try:
            w = Writer({}).t(f"【说明：{clean_text(notice)}】")
        except TemplateError:  # a notice with a number in it: not ours to print untraced
            continue
        out.append(Sentence("".join(w.parts), [], placeholder=True))
    return out


def _guarded(build: Callable[[], list[Sentence]], what: str) -> list[Sentence]:
    """A paragraph, or a flagged placeholder when results.json is malformed there."""
    try:
        return build()
    except BAD_INPUT:
        return [flagged(f"results.json中{what}的内容不完整，请据实填写")]


def _guarded_section(build: Callable[[], Section], title: str, level: int) -> Section:
    try:
        return build()
    except BAD_INPUT:
        return Section(title, level, [[flagged(f"results.json中{title}的内容不完整，请据实填写")]])
