"""The 公文 around the draft: its title and its signature and date lines.

From ``results.json`` ``document`` (the run's ``document:`` parameters: ``bureau``,
``signature``, ``date`` as YYYY-MM-DD), ``period`` and ``period_label``:

* 1-6月: "<bureau>关于<year>年上半年工作总结和下半年工作安排";
  any other period: "<bureau>关于<year>年1-x月工业经济运行情况";
* the signature line is the ``signature``, else the ``bureau``; the date prints
  2021年7月15日. What is not given stays a highlighted 【待补充：单位名称】 /
  【待补充：成文日期】 for the editor.
"""

from __future__ import annotations

import re

from .core import BAD_INPUT, Missing, Sentence, Slot, Writer, lookup, placeholder

BUREAU_PLACEHOLDER = "单位名称"
DATE_PLACEHOLDER = "成文日期"
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_PERIOD = re.compile(r"(\d{4})-(\d{2})")


def _text(results: dict, path: str) -> Sentence | None:
    """A sentence of one text slot (a name from the parameters), or None when absent."""
    w = Writer(results)
    try:
        w.name(path)
    except BAD_INPUT:
        return None
    return Sentence("".join(w.parts), list(w.slots))


def bureau_part(results: dict) -> Sentence:
    """The bureau (``document.bureau``) or the placeholder 【待补充：单位名称】."""
    return _text(results, "document.bureau") or placeholder(BUREAU_PLACEHOLDER)


def _year(w: Writer) -> None:
    """The report's year: from ``period`` (2021-06 → 2021), else ``forecast.year``."""
    value = w.value("period")
    m = _PERIOD.fullmatch(str(value or ""))
    if m:
        w._slot(Slot("period", value, m.group(1), kind="text"))
        return
    year = w.number("forecast.year")
    if not float(year).is_integer() or not 1900 <= year <= 2999:
        raise Missing("forecast.year")
    w.count("forecast.year")


def subject_part(results: dict) -> Sentence:
    """The title after the bureau: 关于2021年上半年工作总结和下半年工作安排 (1-6月), else
    关于2021年1-x月工业经济运行情况."""
    w = Writer(results)
    w.t("关于")
    if str(results.get("period") or "").endswith("-06"):
        w.opt(lambda w: (_year(w), w.t("年")))
        w.t("上半年工作总结和下半年工作安排")
    else:
        if not w.opt(lambda w: w.name("period_label")):
            w.opt(lambda w: (_year(w), w.t("年")))
        w.t("工业经济运行情况")
    return Sentence("".join(w.parts), list(w.slots))


def title_parts(results: dict) -> list[Sentence]:
    """The title as its parts: the bureau (or its placeholder), then the subject."""
    return [bureau_part(results), subject_part(results)]


def joined(parts: list[Sentence]) -> Sentence:
    """One sentence of ``parts`` (the slots renumbered, the same Slot objects: a trace key
    given to a slot of the whole is that of the part)."""
    template, slots = [], []
    for part in parts:
        pieces = re.split(r"\{(\d+)\}", part.template)
        for i, piece in enumerate(pieces):
            if i % 2:
                template.append(f"{{{len(slots)}}}")
                slots.append(part.slots[int(piece)])
            else:
                template.append(piece)
    return Sentence("".join(template), slots)


def bureau_name(results: dict) -> str:
    """The bureau as given ("" when absent): the docx author."""
    try:
        value = lookup(results, "document.bureau")
    except Missing:
        return ""
    return value.strip() if isinstance(value, str) else ""


def date_part(results: dict) -> Sentence:
    """The date ``document.date`` (2021-07-15) printed 2021年7月15日, or 【待补充：成文日期】."""
    try:
        value = lookup(results, "document.date")
    except Missing:
        value = None
    m = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if not m:
        return placeholder(DATE_PLACEHOLDER)
    year, month, day = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return placeholder(DATE_PLACEHOLDER)
    slot = Slot("document.date", value, f"{year}年{month}月{day}日", kind="text")
    return Sentence("{0}", [slot])


def closing_lines(results: dict) -> list[Sentence]:
    """The signature (``document.signature``, else the bureau, else the placeholder) and
    the date, each a line of its own, right-aligned at the end of the document."""
    signature = (
        _text(results, "document.signature")
        or _text(results, "document.bureau")
        or placeholder(BUREAU_PLACEHOLDER)
    )
    return [signature, date_part(results)]
