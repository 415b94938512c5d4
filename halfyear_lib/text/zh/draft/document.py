"""The whole draft: title, sections in order, the plan, notices."""

from __future__ import annotations

from collections.abc import Callable

from .core import (
    BAD_INPUT,
    Draft,
    Missing,
    Section,
    Sentence,
    TemplateError,
    Writer,
    clean_text,
    flagged,
    placeholder,
    section_titles,
    write,
)
from .forecast import forecast_section
from .highlights import highlights_section
from .indicators import INDICATOR_SECTIONS, firms_paragraph, indicator_paragraph, whole_word
from .problems import problems_section
from .tasks import tasks_section


def plan_section(results: dict, whole: str) -> Section:
    sec = Section(section_titles(results)["plan"], 1)

    def firms(w: Writer) -> None:
        w.t("做好入统入规服务，全年新增规模工业企业预计可达").count(
            "firms.expected_full_year_new"
        ).t("家")
        w.opt(lambda w: w.t("（上年新增").count("firms.last_year_new").t("家）"))

    s = write(results, firms)
    if s is not None:
        sec.paragraphs.append([s])
    sec.paragraphs.append(
        [
            placeholder(
                section_titles(results)["plan"] + "（稳定工业运行、项目建设与服务、优化营商环境等）"
            )
        ]
    )
    return sec


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
        section_titles(results)["first"],
        1,
        children=[
            indicators,
            _guarded_section(lambda: forecast_section(results, whole), "经济指标预测", 2),
            _guarded_section(lambda: tasks_section(results), "重点工作完成情况", 2),
            _guarded_section(
                lambda: highlights_section(results, whole), section_titles(results)["highlights"], 2
            ),
        ],
    )
    return Draft(
        title=title,
        sections=[
            first,
            _guarded_section(lambda: problems_section(results), "存在的主要问题及建议", 1),
            _guarded_section(
                lambda: plan_section(results, whole), section_titles(results)["plan"], 1
            ),
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
