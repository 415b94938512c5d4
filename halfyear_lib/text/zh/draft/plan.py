"""Section 三: the second-half plan, seeded from the data.

The plan's measures are a person's to write; the draft gives each problem it listed a
highlighted line that carries the problem's numbers (针对…：【待补充：措施】), then the
firms expected to enter the register and the projects expected in the library, by name,
which the plan must push.
"""

from __future__ import annotations

from .core import Section, Writer, num, placeholder, section_titles, write
from .problems import plan_seeds

# projects named in the plan: the largest this many of the pipeline
PLAN_PROJECTS = 3


def _firms(w: Writer) -> None:
    """做好入统入规服务。预计A（7月）、B（8月）入规，全年新增规模工业企业预计可达19家（上年新增8家）"""
    w.t("做好入统入规服务。")
    items = w.value("firms.pipeline") if w.has("firms.pipeline") else []
    if items:
        w.t("抓好")
        for k, _ in enumerate(items):
            w.t("、" if k else "").name(f"firms.pipeline.{k}.name")
            w.opt(lambda w, k=k: w.t("（预计").month(f"firms.pipeline.{k}.expected_entry").t("）"))
        w.t("入规，")
    w.t("全年新增规模工业企业预计可达").count("firms.expected_full_year_new").t("家")
    w.opt(lambda w: w.t("（上年新增").count("firms.last_year_new").t("家）"))


def _projects(w: Writer) -> None:
    """推进项目如期入库。加快推进X（计划总投资3.00亿元，预计7月入库）等项目"""
    b = "investment.pipeline"
    rows = w.value(f"{b}.projects") if w.has(f"{b}.projects") else []
    ranked = sorted(
        (i for i, r in enumerate(rows or []) if isinstance(r, dict)),
        key=lambda i: -(num(w.results, f"{b}.projects.{i}.planned") or 0.0),
    )[:PLAN_PROJECTS]
    if not ranked:
        raise KeyError(b)
    w.t("推进项目如期入库。加快推进")
    for k, i in enumerate(ranked):
        p = f"{b}.projects.{i}"
        w.t("、" if k else "").name(f"{p}.name")
        w.opt(lambda w, p=p: w.t("（计划总投资").amount(f"{p}.planned").t("亿元）"))
    w.t("等")
    w.count(f"{b}.count").t("个拟入库项目")
    w.opt(lambda w: w.t("，计划总投资").amount(f"{b}.planned_total").t("亿元"))
    w.t("，做到成熟一个、申报一个")


def plan_section(results: dict, whole: str) -> Section:
    """三、下半年工作安排: the problems' seeds, the firms and projects to push, then a person's
    measures."""
    title = section_titles(results)["plan"]
    sec = Section(title, 1)
    seeds = plan_seeds(results)
    if seeds:
        sec.paragraphs.append(
            [Writer(results).t("针对上半年存在的问题，重点做好以下工作：").sentence()]
        )
        sec.paragraphs.extend([s] for s in seeds)
    for build in (_firms, _projects):
        s = write(results, build)
        if s is not None:
            sec.paragraphs.append([s])
    sec.paragraphs.append(
        [placeholder(title + "的其他措施（稳定工业运行、项目建设与服务、优化营商环境等）")]
    )
    return sec
