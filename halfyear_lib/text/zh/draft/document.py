"""The whole draft: title, sections in order, the plan, notices."""

from __future__ import annotations

from collections.abc import Callable

from .annex import annex_table
from .core import (
    BAD_INPUT,
    Draft,
    Section,
    Sentence,
    TemplateError,
    Writer,
    clean_text,
    flagged,
    section_titles,
)
from .forecast import forecast_section
from .highlights import highlights_section
from .indicators import INDICATOR_SECTIONS, firms_paragraph, indicator_paragraph, whole_word
from .letterhead import bureau_name, closing_lines, joined, title_parts
from .plan import plan_section
from .problems import problems_section
from .tasks import tasks_section


def build_draft(results: dict) -> Draft:
    """The whole draft from a results dict (``results.json`` of one run), nothing else."""
    region_name = str(results.get("region_name") or results.get("region") or "")
    whole = whole_word(region_name)
    # the title: <bureau>关于<year>年上半年工作总结和下半年工作安排 (letterhead.py)
    letterhead = title_parts(results)
    title = joined(letterhead)

    notices = notice_sentences(results)
    indicators = Section("工业经济指标完成情况", 2, [notices] if notices else [])
    for code, heading in INDICATOR_SECTIONS:
        if code == "above_scale_firms":
            body = _guarded(lambda: firms_paragraph(results, whole), heading)
        else:
            body = _guarded(lambda code=code: indicator_paragraph(results, code, whole), heading)
        indicators.children.append(Section(heading, 3, [body]))
    if is_half_year(results):
        sections = _half_year(results, whole, indicators)
    else:
        sections = _brief(results, whole, indicators)
    return Draft(
        title=title,
        sections=sections,
        region=str(results.get("region") or ""),
        period=str(results.get("period") or ""),
        title_parts=letterhead,
        bureau=bureau_name(results),
        closing=closing_lines(results),
        annex=annex_table(results),
    )


def is_half_year(results: dict) -> bool:
    """A run for 1-6月 writes the half-year summary; any other period a shorter brief."""
    return str(results.get("period") or "").endswith("-06")


def _half_year(results: dict, whole: str, indicators: Section) -> list[Section]:
    """一、上半年工作及主要指标完成情况 (indicators, forecast, tasks, highlights), 二、问题及建议,
    三、下半年工作安排."""
    titles = section_titles(results)
    first = Section(
        titles["first"],
        1,
        children=[
            indicators,
            _guarded_section(lambda: forecast_section(results, whole), "经济指标预测", 2),
            _guarded_section(lambda: tasks_section(results), "重点工作完成情况", 2),
            _guarded_section(lambda: highlights_section(results, whole), titles["highlights"], 2),
        ],
    )
    return [
        first,
        _guarded_section(lambda: problems_section(results), "存在的主要问题及建议", 1),
        _guarded_section(lambda: plan_section(results, whole), titles["plan"], 1),
    ]


def _brief(results: dict, whole: str, indicators: Section) -> list[Section]:
    """The 1-x月 brief: the same facts by the same rules, without the half-year's tasks,
    advice and plan: 一、主要指标完成情况, 二、全年走势预测, 三、运行亮点, 四、需要关注的问题."""
    first = Section("主要指标完成情况", 1, indicators.paragraphs, indicators.children)
    forecast = _guarded_section(lambda: forecast_section(results, whole), "全年走势预测", 1)
    forecast.title, forecast.level = "全年走势预测", 1
    good = _guarded_section(lambda: highlights_section(results, whole, other=False), "运行亮点", 1)
    good.title, good.level = "运行亮点", 1
    problems = _guarded_section(
        lambda: problems_section(results, advice=False), "需要关注的问题", 1
    )
    return [s for s in (first, forecast, good, problems) if not s.is_empty()]


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
    """A paragraph, or a flagged placeholder when results.json is malformed there (the
    placeholder speaks to the editor: no file names)."""
    try:
        return build()
    except BAD_INPUT:
        return [flagged(f"{what}：本部分数据不完整，请据实填写")]


def _guarded_section(build: Callable[[], Section], title: str, level: int) -> Section:
    try:
        return build()
    except BAD_INPUT:
        return Section(title, level, [[flagged(f"{title}：本部分数据不完整，请据实填写")]])
