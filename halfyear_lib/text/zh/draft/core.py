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
from dataclasses import asdict, dataclass, field
from typing import Any

from ....analysis.highlights import Thresholds
from ...numbers import format_amount, format_fixed, number

PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE = "【待补充：", "】"
# after a growth rate the data did not give officially (computed from two years' levels)
GROWTH_BASIS_COMPUTED = "（口径：按总量计算）"
DIGIT = re.compile(r"[0-9０-９]")
_JOINING = set("0123456789.-")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
CN_NUMERALS = "零一二三四五六七八九十"
ORDINALS = ("一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是")


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
    # rounded for speech (最可能在193亿元左右), on purpose coarser than the pages' rule; the
    # exact figure is on page 04. summary_trace.json says so, and the pages' checks skip it
    approximate: bool = False


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
    # the 公文 around the sections (draft/letterhead.py, draft/annex.py): the title in its
    # parts (``title`` joined; a placeholder part is highlighted), the bureau that sends it
    # ("" when not given), the signature and date lines, the annex table (an Annex or None)
    title_parts: list[Sentence] = field(default_factory=list)
    bureau: str = ""
    closing: list[Sentence] = field(default_factory=list)
    annex: Any = None

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


def format_whole(value: float) -> str:
    return format_fixed(value, 0)


def is_zero(text: str) -> bool:
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
        if DIGIT.search(text):
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

    def spoken(self, path: str, decimals: int, absolute: bool = False) -> Writer:
        """A number rounded for speech to ``decimals`` places (an approximate slot)."""
        v = self.number(path)
        text = format_fixed(abs(v) if absolute else v, decimals)
        return self._slot(Slot(path, v, text, absolute=absolute, approximate=True))

    def signed(
        self,
        path: str,
        up: str,
        down: str,
        flat: str,
        unit: str = "%",
        fmt=None,
        approximate: bool = False,
    ) -> Writer:
        """``up``/``down`` + the number without its sign + unit; ``flat`` alone at a rounded 0.
        ``fmt`` formats the absolute value (one decimal by default)."""
        v = self.number(path)
        text = fmt(abs(v)) if fmt else format_fixed(abs(v), 1)
        if is_zero(text):
            return self.t(flat)
        self.t(up if v > 0 else down)
        self._slot(Slot(path, v, text, absolute=True, approximate=approximate))
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
        if is_zero(text):
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


def numbered(results: dict, builders: list[Callable[[Writer], Any]]) -> list[list[Sentence]]:
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


def section_titles(results: dict) -> dict[str, str]:
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


def task_items(results: dict) -> list[tuple[int, dict]]:
    try:
        items = lookup(results, "tasks.items") or []
    except Missing:
        return []
    return [(i, it) for i, it in enumerate(items) if isinstance(it, dict)]


# ---------------------------------------------------------------------------- thresholds

# When a judgement may be written: the run's ``highlights:`` parameters (results.json
# ``highlight_thresholds``), defaults in analysis/highlights.py Thresholds, the pages' too.
JUDGEMENT_DEFAULTS: dict[str, float] = {k: float(v) for k, v in asdict(Thresholds()).items()}


def threshold(results: dict, key: str) -> float:
    """The run's threshold ``key`` (results.json ``highlight_thresholds``), else the default."""
    given = results.get("highlight_thresholds")
    value = given.get(key) if isinstance(given, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool) and number(value) is not None:
        return float(value)
    return float(JUDGEMENT_DEFAULTS[key])


def thresholds(results: dict) -> Thresholds:
    """The run's highlight thresholds (results.json ``highlight_thresholds``) as the
    analysis reads them; defaults for anything missing or malformed."""
    given = results.get("highlight_thresholds")
    known = {f: given[f] for f in asdict(Thresholds()) if isinstance(given, dict) and f in given}
    try:
        return Thresholds.from_mapping(known)
    except ValueError:
        return Thresholds()


def num(results: dict, path: str) -> float | None:
    """The number at ``path``, or None when absent, null or not a finite number."""
    try:
        return _number(results, path)
    except Missing:
        return None
