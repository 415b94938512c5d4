"""``index.html`` of a reports folder: every rendered report by period and region.

One self-contained page (language zh, the CJK font subset embedded, no requests): for
each period a table of the units side by side with the headline numbers of each report's
``results.json`` (output and value added: value and growth; industrial investment:
growth; output and investment: gap to the time schedule), the links to each report's
pages (relative, so the folder can be zipped and mailed), and the runs that failed.
Every string from the data or from a results file is escaped.

The tables are written in the regions table's order (province, city, counties,
districts, zone) and read fully without scripts; one small inline script
(:data:`SORT_SCRIPT`, nothing loaded) makes a click on a column header sort the rows.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import os
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..chapters import registry
from ..data.checks import is_safe_id
from ..data.language import tr
from ..data.periods import Period, PeriodError
from ..data.schema import HEADLINE_INDICATORS, INDICATORS
from ..text.numbers import PLACEHOLDER, amount_decimals, format_number, number, rounded_sign
from ..text.zh import index as words
from .excel import write_batch_workbook
from .html import protect_headers

INDEX_NAME = "index.html"
_FAILED_STAMP = re.compile(r"^(?P<region>.+)-(?P<stamp>\d{8}-\d{6})$")

# (indicator code, field, column header, digits, signed): the headline numbers
HEADLINE_COLUMNS = tuple(
    column
    for code in HEADLINE_INDICATORS
    for column in (
        (code, "value", words.AMOUNT, None, False),  # None: an amount, format_amount
        (code, "yoy_pct", words.GROWTH, 1, True),
        (code, "schedule_gap_pp", words.SCHEDULE, 1, True),
        (code, "rank_city", words.RANK_CITY, 0, False),
        (code, "rank_counties", words.RANK_COUNTIES, 0, False),
    )
)


@dataclass
class IndexedReport:
    period: str  # YYYY-MM
    region: str
    region_name: str
    results: dict
    pages: list[str]  # file names of the report's HTML pages, in order


@dataclass
class IndexedFailure:
    period: str
    region: str
    region_name: str = ""
    notebook: str | None = None
    cell: int | None = None
    error: str | None = None
    where: str | None = None  # folder kept for debugging, relative to the reports folder


def find_reports(out_dir: Path) -> list[IndexedReport]:
    """Every complete report under ``out_dir/<YYYY-MM>/<region>/`` (it has results.json)."""
    found = []
    for period_dir in sorted(p for p in out_dir.iterdir() if p.is_dir()):
        if _period(period_dir.name) is None:
            continue
        for report in sorted(p for p in period_dir.iterdir() if p.is_dir()):
            results_file = report / "results.json"
            if not is_safe_id(report.name) or not results_file.is_file():
                continue  # _failed, .tmp-*, .old-*, or anything not a report
            try:
                results = json.loads(results_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if not isinstance(results, dict):
                continue
            pages = sorted(p.name for p in report.glob("*.html"))
            name = results.get("region_name")
            found.append(
                IndexedReport(period_dir.name, report.name, str(name or ""), results, pages)
            )
    return found


def find_failures(out_dir: Path, reports: Iterable[IndexedReport] = ()) -> list[IndexedFailure]:
    """Failed runs kept under ``<period>/_failed/<region>-<time>/``: the latest per unit
    and period, unless a report of that unit and period was written after it."""
    written = {
        (r.period, r.region): (out_dir / r.period / r.region / "results.json").stat().st_mtime
        for r in reports
    }
    latest: dict[tuple[str, str], tuple[float, Path]] = {}
    for failed_root in sorted(out_dir.glob("*/_failed")):
        period = failed_root.parent.name
        if _period(period) is None or not failed_root.is_dir():
            continue
        for folder in failed_root.iterdir():
            match = _FAILED_STAMP.match(folder.name)
            if not folder.is_dir() or match is None:
                continue
            try:
                when = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S").timestamp()
            except ValueError:
                continue
            key = (period, match["region"])
            if key not in latest or when > latest[key][0]:
                latest[key] = (when, folder)
    out = []
    for (period, region), (when, folder) in sorted(latest.items()):
        if written.get((period, region), -math.inf) > when:
            continue  # a later run succeeded
        notebooks = sorted(folder.glob("*.ipynb"))
        out.append(
            IndexedFailure(
                period,
                region,
                notebook=notebooks[-1].name if notebooks else None,
                where=folder.relative_to(out_dir).as_posix(),
            )
        )
    return out


def _period(name: str) -> Period | None:
    if not re.fullmatch(r"\d{4}-\d{2}", name):
        return None
    try:
        return Period.parse(name)
    except PeriodError:
        return None


def region_order_from_records(out_dir: Path) -> list[tuple[str, str]]:
    """The regions table's order saved by the latest batch (``batch-*.json``), if any."""
    for record in sorted(out_dir.glob("batch-*.json"), reverse=True):
        try:
            regions = json.loads(record.read_text(encoding="utf-8")).get("regions")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(regions, list):
            return [(str(r[0]), str(r[1])) for r in regions if isinstance(r, list) and r]
    return []


def write_index(
    out_dir: str | os.PathLike,
    regions: Sequence[tuple[str, str]] | None = None,
    failures: Sequence | None = None,
    embed_font: bool = True,
) -> Path:
    """Write ``<out_dir>/index.html`` whole (tmp + rename) and return its path.

    ``regions``: (region_id, name) in the order of the regions table (default: the order
    saved by the latest batch, else by id). ``failures``: the failed runs of a batch
    (objects or dicts with region, period, region_name, notebook, cell, error,
    failed_dir); default: the ``_failed`` folders not followed by a good report.
    """
    out = Path(out_dir).resolve()
    if not out.is_dir():
        raise FileNotFoundError(
            tr(
                f"reports folder {out} not found; give --out the folder of the reports",
                f"找不到报告文件夹 {out}；请用 --out 指定报告所在的文件夹",
            )
        )
    reports = find_reports(out)
    order = list(regions) if regions is not None else region_order_from_records(out)
    if failures is None:
        failed = find_failures(out, reports)
    else:
        failed = [_as_failure(f, out) for f in failures]
    names = {r: n for r, n in order}
    for f in failed:
        f.region_name = f.region_name or names.get(f.region, "")
    page = protect_headers(render_index(reports, order, failed))
    if embed_font:
        page = _with_font(page)
    path = out / INDEX_NAME
    tmp = out / f".{INDEX_NAME}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    # the same units side by side as a workbook, for the city bureau's own sheets
    write_batch_workbook(out, reports, order)
    return path


def _as_failure(item, out: Path) -> IndexedFailure:
    get = item.get if isinstance(item, dict) else lambda k: getattr(item, k, None)
    where = get("failed_dir")
    if where:
        try:
            where = Path(where).resolve().relative_to(out).as_posix()
        except ValueError:
            where = None  # kept outside the reports folder: not linked
    return IndexedFailure(
        str(get("period") or ""),
        str(get("region") or ""),
        str(get("region_name") or ""),
        get("notebook"),
        get("cell"),
        get("error"),
        where,
    )


def _with_font(page: str) -> str:
    from ..display.fonts import ChineseFontNotFoundError, embed_font_in_html

    try:
        return embed_font_in_html(page)
    except (ChineseFontNotFoundError, ImportError):  # the font-family list still applies
        return page


# ----------------------------------------------------------------------------- HTML

_STYLE = """
body { font-family: "Noto Sans SC", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
  "WenQuanYi Micro Hei", sans-serif; margin: 1.5em auto; max-width: 70em; padding: 0 1em;
  color: #1a1a1a; line-height: 1.5; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.92em; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; }
th { background: #f0f0f0; font-weight: normal; }
thead th { word-break: keep-all; }
.hy-nw { white-space: nowrap; }
.scroll table tr > :first-child { position: sticky; left: 0; z-index: 1; }
.scroll thead tr:first-child > :first-child { z-index: 2; background: #f0f0f0; }
.scroll tbody tr > :first-child { background: #f0f0f0; }
tbody th, tbody td { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.neg { color: #b00020; }
td.na { color: #888; text-align: center; }
.note { color: #555; font-size: 0.9em; }
.failed th { background: #fbe9e9; }
th[data-sort-col] button { font: inherit; color: inherit; background: none; border: 0;
  padding: 0; margin: 0; cursor: pointer; text-align: inherit; }
th[data-sort-col] button:hover, th[data-sort-col] button:focus-visible {
  text-decoration: underline; }
th[data-sort-col] button::after { content: " ↕"; color: #888; }
th[aria-sort="ascending"] button::after { content: " ↑"; color: inherit; }
th[aria-sort="descending"] button::after { content: " ↓"; color: inherit; }
@media print { table, tr { page-break-inside: avoid; } h2 { page-break-after: avoid; }
  th[data-sort-col] button::after { content: none; } }
"""

# Sorting by a click on a column header (issue 9: sortable, yet readable without scripts).
# Each sortable header carries data-sort-col (the column in the body rows) and
# data-sort-first (the direction of a first click); each cell its number in data-sort
# (none when the value is missing: such rows always go last); each row its place in the
# regions table's order (data-order), which breaks ties and is the 地区 column's key.
# The header of the column sorted by has aria-sort; the script wraps header texts in
# buttons (keyboard access) and shows the hint.
SORT_SCRIPT = """
(() => {
  "use strict";
  const key = (row, col) => {
    const cell = row.cells[col];
    const raw = cell ? cell.getAttribute("data-sort") : null;
    const num = raw === null || raw === "" ? NaN : Number(raw);
    return Number.isFinite(num) ? num : null;
  };
  const sortBy = (table, th) => {
    const col = Number(th.dataset.sortCol);
    const was = th.getAttribute("aria-sort");
    const dir = was === "ascending" ? "descending"
      : was === "descending" ? "ascending" : th.dataset.sortFirst;
    const sign = dir === "ascending" ? 1 : -1;
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = key(a, col), y = key(b, col);
      const tie = Number(a.dataset.order) - Number(b.dataset.order);
      if (x === null || y === null) return x === y ? tie : (x === null ? 1 : -1);
      return sign * (x - y) || tie;
    });
    body.append(...rows);
    for (const other of table.querySelectorAll("th[aria-sort]")) {
      other.removeAttribute("aria-sort");
    }
    th.setAttribute("aria-sort", dir);
  };
  for (const table of document.querySelectorAll("table.sortable")) {
    for (const th of table.querySelectorAll("th[data-sort-col]")) {
      const button = document.createElement("button");
      button.type = "button";
      button.append(...th.childNodes);
      th.append(button);
      th.addEventListener("click", () => sortBy(table, th));
    }
  }
  for (const hint of document.querySelectorAll(".sort-hint")) hint.hidden = false;
})();
"""


def _has(report, code: str, fld: str) -> bool:
    """Whether a report's results hold a number for ``code``'s ``fld``."""
    indicators = report.results.get("indicators")
    entry = indicators.get(code) if isinstance(indicators, dict) else None
    return isinstance(entry, dict) and number(entry.get(fld)) is not None


def _fmt(value, digits: int | None, signed: bool) -> tuple[str, str]:
    """(text, css class) of one number, rounded as every page rounds it
    (:func:`numbers.format_number`; ``digits`` None: an amount in 亿元,
    :func:`numbers.format_amount`); missing (None, NaN, inf, not a number) -> an em dash."""
    v = number(value)
    if v is None:
        return PLACEHOLDER, "na"
    if digits is None:
        digits = amount_decimals(v)
    text = format_number(abs(v), digits, thousands=True)
    side = rounded_sign(v, digits)
    if side < 0:
        return "−" + text, "num neg"  # the sign reads in black and white too
    return ("+" + text if signed and side > 0 else text), "num"


def _href(*parts: str) -> str:
    return html.escape("/".join(quote(p) for p in parts), quote=True)


def _sorted_reports(reports: list[IndexedReport], order: Sequence[tuple[str, str]]):
    rank = {r: i for i, (r, _) in enumerate(order)}
    return sorted(reports, key=lambda r: (rank.get(r.region, len(rank)), r.region))


def _parent_name(reports: Sequence) -> str:
    """The name of the unit the reports' units belong to (the city): the comparator most
    reports name as their parent, else ""."""
    from collections import Counter

    names = Counter()
    for r in reports:
        comp = r.results.get("comparison")
        if isinstance(comp, dict) and comp.get("kind") == "parent" and comp.get("comparator_name"):
            names[str(comp["comparator_name"])] += 1
    return names.most_common(1)[0][0] if names else ""


def _in_counties(report) -> bool:
    """Whether a unit is in the counties' rank group (a county or county-level city)."""
    indicators = report.results.get("indicators")
    entries = indicators.values() if isinstance(indicators, dict) else []
    return any(isinstance(e, dict) and number(e.get("rank_counties")) for e in entries)


def _rank_cell(entry: dict, fld: str) -> tuple[str, str | None]:
    """(text, sort key) of a rank: "3/11", sorted by 3."""
    rank, of = number(entry.get(fld)), number(entry.get(f"{fld}_of"))
    if rank is None:
        return PLACEHOLDER, None
    return (f"{int(rank)}/{int(of)}" if of else f"{int(rank)}"), repr(float(rank))


def _units_table(rows: list, names: dict, counties: bool = False) -> list[str]:
    """One period's units side by side: for each indicator its amount, growth, gap to the
    time schedule and ranks; a column no unit of the table fills is left out (without
    targets, the schedule). ``counties``: the counties alone, ranked among themselves."""
    esc = html.escape
    columns = [
        c
        for c in HEADLINE_COLUMNS
        if not (counties and c[1] == "rank_city") and any(_has(r, c[0], c[1]) for r in rows)
    ]
    parts = ['<div class="scroll"><table class="sortable">']
    groups = []
    for code, *_ in columns:
        if groups and groups[-1][0] == code:
            groups[-1][1] += 1
        else:
            groups.append([code, 1])
    parts.append(
        '<thead><tr><th rowspan="2" scope="col" data-sort-col="0" '
        f'data-sort-first="ascending" aria-sort="ascending">{words.REGION}</th>'
        + "".join(
            f'<th colspan="{n}" scope="colgroup">{esc(INDICATORS[c].label)}</th>' for c, n in groups
        )
        + f'<th rowspan="2" scope="col">{words.PAGES}</th></tr><tr>'
        + "".join(
            f'<th scope="col" data-sort-col="{i}" data-sort-first='
            f'"{"ascending" if fld.startswith("rank") else "descending"}">{esc(h)}</th>'
            for i, (_, fld, h, _, _) in enumerate(columns, start=1)
        )
        + "</tr></thead><tbody>"
    )
    for place, r in enumerate(rows):
        name = r.region_name or names.get(r.region, "") or r.region
        first = r.pages[0] if r.pages else None
        cell = (
            f'<a href="{_href(r.period, r.region, first)}">{esc(name)}</a>' if first else esc(name)
        )
        cells = [f'<th scope="row" data-sort="{place}">{cell}</th>']
        indicators = r.results.get("indicators")
        indicators = indicators if isinstance(indicators, dict) else {}
        for code, fld, _, digits, signed in columns:
            entry = indicators.get(code)
            entry = entry if isinstance(entry, dict) else {}
            if fld.startswith("rank"):
                text, key = _rank_cell(entry, fld)
                css = "na" if key is None else "num"
            else:
                value = entry.get(fld)
                text, css = _fmt(value, digits, signed)
                key = None if css == "na" else repr(float(value))
            sort = "" if key is None else f' data-sort="{esc(key)}"'
            cells.append(f'<td class="{css}"{sort}>{esc(text)}</td>')
        links = " ".join(
            f'<a href="{_href(r.period, r.region, page)}">{esc(registry.title_of(page))}</a>'
            for page in r.pages
        )
        cells.append(f"<td>{links}</td>")
        parts.append(f'<tr data-order="{place}">' + "".join(cells) + "</tr>")
    parts.append("</tbody></table></div>")
    return parts


def render_index(
    reports: list[IndexedReport],
    order: Sequence[tuple[str, str]] = (),
    failures: Sequence[IndexedFailure] = (),
    generated: dt.datetime | None = None,
) -> str:
    """The index page as a string (without the embedded font)."""
    esc = html.escape
    generated = generated or dt.datetime.now().astimezone()
    names = dict(order)
    periods = sorted({r.period for r in reports} | {f.period for f in failures}, reverse=True)
    title = words.title(_parent_name(reports))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(title)}</h1>",
        '<p class="note">'
        + words.summary_note(len(reports), len(failures), esc(generated.strftime("%Y-%m-%d %H:%M")))
        + "</p>",
        f'<p class="note sort-hint" hidden>{words.SORT_HINT}</p>',
    ]
    for period in periods:
        p = _period(period)
        label = p.full_label if p else period
        rows = _sorted_reports([r for r in reports if r.period == period], order)
        parts.append(f'<h2 id="p{esc(period)}">{esc(label)}</h2>')
        if not rows:
            parts.append(f'<p class="note">{words.NO_REPORTS}</p>')
            continue
        notices = dict.fromkeys(
            str(n)
            for r in rows
            for n in (
                r.results.get("notices") if isinstance(r.results.get("notices"), list) else []
            )
        )
        for notice in notices:  # e.g. no targets: said once, and their columns left out
            parts.append(f'<p class="note">{esc(notice)}</p>')
        parts += _units_table(rows, names)
        counties = [r for r in rows if _in_counties(r)]
        if len(counties) > 1 and len(counties) < len(rows):
            parts.append(f'<h3 id="c{esc(period)}">{words.COUNTIES_TITLE}</h3>')
            parts += _units_table(counties, names, counties=True)
    if failures:
        parts.append(f'<h2 id="failed">{words.FAILED_TITLE}</h2>')
        parts.append(f'<p class="note">{words.FAILED_NOTE}</p>')
        parts.append(
            '<div class="scroll"><table class="failed"><thead><tr>'
            + "".join(f"<th>{h}</th>" for h in words.FAILED_HEADERS)
            + "</tr></thead><tbody>"
        )
        for f in sorted(failures, key=lambda f: (f.period, f.region)):
            name = f.region_name or names.get(f.region, "")
            where = f'<a href="{_href(*f.where.split("/"))}/">{esc(f.where)}</a>' if f.where else ""
            parts.append(
                "<tr>"
                f"<td>{esc(f.period)}</td>"
                f"<td>{esc(f'{f.region} {name}'.strip())}</td>"
                f"<td>{esc(f.notebook or '')}</td>"
                f"<td>{esc('' if f.cell is None else str(f.cell))}</td>"
                f"<td>{esc(f.error or '')}</td>"
                f"<td>{where}</td>"
                "</tr>"
            )
        parts.append("</tbody></table></div>")
    parts += [f"<script>{SORT_SCRIPT}</script>", "</body>", "</html>", ""]
    return "\n".join(parts)
