"""Section 一（四）: the half-year's highlights."""

from __future__ import annotations

from .core import (
    Missing,
    Section,
    Sentence,
    Writer,
    format_whole,
    lookup,
    paragraph,
    placeholder,
    section_titles,
    write,
)


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
                    f"{b}.rank_change", "前移", "后退", "未变", unit="位", fmt=format_whole
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
    sec = Section(section_titles(results)["highlights"], 2)
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
