"""What ``halfyear import`` prints: the preview of a workbook (what was recognised, what
was not) and the outcome, in the message language (:func:`~halfyear_lib.data.language.tr`)."""

from __future__ import annotations

from ..data.importing import ImportPlan, ImportResult
from ..data.language import tr
from ..data.schema import INDICATORS, RATE_KINDS

_FIELDS = {
    "value": ("level", "总量"),
    "yoy_pct": ("growth %", "增速"),
    "rank_city": ("published rank (all units)", "位次（全部单位）"),
    "rank_counties": ("published rank (counties)", "位次（县市）"),
}


def _field(name: str, kind: str) -> str:
    en, zh = _FIELDS.get(name, (name, name))
    kind_zh = RATE_KINDS.get(kind, kind)
    return tr(f"{en} ({kind})", f"{kind_zh}{zh}")


def preview_lines(plan: ImportPlan) -> list[str]:
    """The preview: per sheet its period, unit line, columns read and skipped, rows."""
    out = [tr(f"workbook {plan.book.path}", f"工作簿 {plan.book.path}")]
    for s in plan.book.sheets:
        period = (
            tr(
                f"{s.period[0]}-{s.period[1]:02d} (from the {s.period_source})",
                f"{s.period[0]}年1-{s.period[1]}月（取自{s.period_source}）",
            )  # fmt: skip
            if s.period
            else tr("no period", "没有期间")
        )
        out.append(tr(f"  sheet {s.sheet}: {period}", f"  工作表 {s.sheet}：{period}"))
        if s.title:
            out.append(tr(f"    title: {s.title}", f"    标题：{s.title}"))
        if s.unit_line:
            out.append(tr(f"    unit line: {s.unit_line}", f"    单位行：{s.unit_line}"))
        for c in s.columns:
            unit = f" [{c.unit}]" if c.unit else ""
            out.append(
                tr(
                    f"    column {c.column} {c.header} -> {c.indicator} {_field(c.field, c.rate_kind)}{unit}",
                    f"    列 {c.column} {c.header} → {INDICATORS[c.indicator].label} "
                    f"{_field(c.field, c.rate_kind)}{unit}",
                )  # fmt: skip
            )
        if s.rows:
            labels = "、".join(f"{label}={rid}" for _, label, rid in s.rows)
            out.append(
                tr(f"    rows ({len(s.rows)}): {labels}", f"    行（{len(s.rows)}）：{labels}")
            )
        for k in s.skipped:
            text = f" {k.text}" if k.text else ""
            out.append(tr(f"    not imported: {k.where}{text}: {k.reason}",
                          f"    未导入：{k.where}{text}：{k.reason}"))  # fmt: skip
    for (code, src), dst in sorted(plan.conversions.items()):
        out.append(
            tr(
                f"  {code}: the workbook's {src} converted to {dst}, the unit of the data set",
                f"  {INDICATORS[code].label}：工作簿中的 {src} 已换算为数据集所用的 {dst}",
            )  # fmt: skip
        )
    if plan.errors:
        n = len(plan.errors)
        out.append(
            tr(
                f"  {n} error(s) (below): nothing will be written",
                f"  有 {n} 个错误（见下），不会写入任何数据",
            )  # fmt: skip
        )
        return out
    out.append(
        tr(
            f"  {len(plan.added)} new rows, {len(plan.filled)} empty cells filled, "
            f"{plan.unchanged} numbers already there, {len(plan.revisions)} revisions",
            f"  新增 {len(plan.added)} 行，填补空单元格 {len(plan.filled)} 个，"
            f"已有且相同 {plan.unchanged} 个，修订 {len(plan.revisions)} 个",
        )  # fmt: skip
    )
    return out


def outcome_line(plan: ImportPlan, result: ImportResult, folder) -> list[str]:
    if not result.written:
        return [tr(f"nothing new for {folder}: the data set already holds every number",
                   f"{folder} 没有新数据：工作簿中的数字数据集里都已有")]  # fmt: skip
    lines = [tr(f"imported into {result.indicators_file}", f"已导入 {result.indicators_file}")]
    if result.revisions_copy is not None:
        lines.append(
            tr(
                f"the data set before the {len(plan.revisions)} revisions is kept at "
                f"{result.revisions_copy} (a report can be run on it with --data "
                f"{result.revisions_copy})",
                f"修订前的数据集（{len(plan.revisions)} 处修订）保存在 {result.revisions_copy}"
                f"（可用 --data {result.revisions_copy} 按修订前的数据出报告）",
            )  # fmt: skip
        )
    return lines
