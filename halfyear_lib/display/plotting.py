"""Charts of the report, with Chinese labels (the CJK font is set up by fonts.py).

Each function takes tidy frames computed elsewhere in the library and returns a
matplotlib Figure; nothing here computes a statistic.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ..data.schema import INDICATORS
from ..text.numbers import format_number, is_missing
from ..text.zh import charts as words
from ..text.zh.forecast import DEFAULT_UNIT
from .fonts import chart_theme

FOCUS_COLOR = "#c0392b"
CITY_COLOR = "#7f8c8d"
OTHER_COLOR = "#95a5a6"


def figure_alt(fig) -> str:
    """A chart's alt text: its titles as drawn (the figure's suptitle, then each visible
    panel's title), one line, "；" between panels; "图表" when it has no title."""
    texts = []
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None:
        texts.append(suptitle.get_text())
    for ax in fig.axes:
        if ax.get_visible():
            texts += [ax.get_title(loc) for loc in ("left", "center", "right")]
    parts = [" ".join(t.split()) for t in texts]
    return "；".join(dict.fromkeys(p for p in parts if p)) or words.chart()


def with_alt(fig):
    """The figure, displayed in a notebook with its :func:`figure_alt` as the image's alt
    text (``image/png`` output metadata, which the HTML page turns into ``alt=``)."""

    def _repr_mimebundle_(include=None, exclude=None):
        return {}, {"image/png": {"alt": figure_alt(fig)}}

    fig._repr_mimebundle_ = _repr_mimebundle_
    return fig


def png_image(fig):
    """The chart as a page shows it: a PNG at the figure's size and resolution, its
    :func:`figure_alt` as the image's alt text (``image/png`` output metadata).

    Drawn once: every chart is laid out by ``tight_layout`` already, so the inline
    backend's ``bbox_inches="tight"`` (a second full drawing to measure the margins, a
    third of a chart's time) would only trim a few pixels of white.
    """
    from IPython.display import Image

    return Image(data=_png_bytes(fig), format="png", metadata={"alt": figure_alt(fig)})


def grid_columns(n: int, columns: int | None) -> int:
    """Panels per row of small multiples: two (one for a single panel), or ``columns``
    (1: the one-column variant a narrow screen shows)."""
    return max(1, min(n, columns)) if columns else (2 if n > 1 else 1)


NARROW_MEDIA = "(max-width: 700px)"
"""Where a page shows a chart's one-column variant (a phone, a narrow window)."""


def _png_bytes(fig, scale: float = 1.0) -> bytes:
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi * scale, facecolor=fig.get_facecolor(),
                edgecolor=fig.get_edgecolor())  # fmt: skip
    return buf.getvalue()


def responsive_image(fig, narrow):
    """A chart with a one-column variant: an HTML ``<picture>`` a browser draws as ``fig``
    on a wide screen and as ``narrow`` (its panels one under another, at twice the
    resolution, so it stays sharp at a phone's full width) below 700 px; no script, both
    embedded. The alt text is ``fig``'s (:func:`figure_alt`), escaped."""
    import base64
    import html

    from IPython.display import HTML

    def uri(png: bytes) -> str:
        return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

    alt = html.escape(figure_alt(fig), quote=True)
    return HTML(
        f'<picture class="hy-chart"><source media="{NARROW_MEDIA}" '
        f'srcset="{uri(_png_bytes(narrow, 2.0))}">'
        f'<img alt="{alt}" src="{uri(_png_bytes(fig))}"></picture>'
    )


def growth_vs_city(
    history: pd.DataFrame,
    focus_id: str,
    city_id: str | None,
    indicators: list[str],
    columns: int | None = None,
):
    """Small multiples: cumulative growth by period of the focus unit against the city
    (its parent); the unit alone when ``city_id`` is None.

    ``history`` has columns indicator, region_id, name, label, yoy_pct (one row per
    indicator, region and period, in period order).
    """
    chart_theme()
    n = len(indicators)
    cols = grid_columns(n, columns)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(6.2 * cols, 3.4 * rows), squeeze=False)
    for ax, code in zip(axes.flat, indicators, strict=False):
        h = history.loc[history["indicator"] == code]
        labels = list(dict.fromkeys(h["label"]))
        x = {lab: i for i, lab in enumerate(labels)}
        for region_id, color, width in ((city_id, CITY_COLOR, 1.6), (focus_id, FOCUS_COLOR, 2.4)):
            if region_id is None or (region_id == city_id and city_id == focus_id):
                continue  # never the unit against itself
            r = h.loc[h["region_id"] == region_id]
            if r.empty or r["yoy_pct"].isna().all():
                continue
            ax.plot(
                [x[lab] for lab in r["label"]],
                r["yoy_pct"],
                marker="o",
                markersize=3.5,
                color=color,
                linewidth=width,
                label=name_label(r["name"].iloc[0]),
            )
        ax.axhline(0, color="#333333", linewidth=0.8)
        ax.set_title(words.growth_title(INDICATORS[code].label), fontsize=11)
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels([_short(lab) for lab in labels], rotation=60, fontsize=7.5)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8, loc="best")
        else:  # growth-only or partial data: say so in the panel instead of a blank one
            ax.text(0.5, 0.5, words.NO_GROWTH_DATA, transform=ax.transAxes, ha="center", va="center",
                    color=OTHER_COLOR, fontsize=11)  # fmt: skip
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    fig.tight_layout()
    return with_alt(fig)


def growth_vs_units(
    band: pd.DataFrame, whole_name: str, indicators: list[str], columns: int | None = None
):
    """Small multiples: cumulative growth by period of a unit (the whole: a city) against
    the range of its own units' growth.

    ``band`` has columns indicator, label, total_yoy_pct, lo, hi, median, n (one row per
    indicator and period, in period order), as from
    :func:`halfyear_lib.analysis.comparison.units_band`.
    """
    chart_theme()
    n = len(indicators)
    cols = grid_columns(n, columns)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(6.2 * cols, 3.4 * rows), squeeze=False)
    for ax, code in zip(axes.flat, indicators, strict=False):
        b = band.loc[band["indicator"] == code].reset_index(drop=True)
        x = list(range(len(b)))
        drawn = False
        if b["lo"].notna().any():
            ax.fill_between(x, b["lo"].astype(float), b["hi"].astype(float), color=OTHER_COLOR,
                            alpha=0.3, linewidth=0, label=words.UNITS_RANGE)  # fmt: skip
            ax.plot(x, b["median"].astype(float), color=CITY_COLOR, linewidth=1.2,
                    linestyle="--", label=words.UNITS_MEDIAN)  # fmt: skip
            drawn = True
        if b["total_yoy_pct"].notna().any():
            ax.plot(x, b["total_yoy_pct"].astype(float), marker="o", markersize=3.5,
                    color=FOCUS_COLOR, linewidth=2.4, label=words.whole_label(name_label(whole_name)))  # fmt: skip
            drawn = True
        ax.axhline(0, color="#333333", linewidth=0.8)
        ax.set_title(words.growth_title(INDICATORS[code].label), fontsize=11)
        ax.set_xticks(x)
        ax.set_xticklabels([_short(lab) for lab in b["label"]], rotation=60, fontsize=7.5)
        if drawn:
            ax.legend(fontsize=8, loc="best")
        else:
            ax.text(0.5, 0.5, words.NO_GROWTH_DATA, transform=ax.transAxes, ha="center", va="center",
                    color=OTHER_COLOR, fontsize=11)  # fmt: skip
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    fig.tight_layout()
    return with_alt(fig)


def comparison_chart(comparison, indicators: list[str], columns: int | None = None):
    """The chart of a :class:`halfyear_lib.analysis.comparison.Comparison`: the unit against
    its parent (:func:`growth_vs_city`), or the whole against its units' range
    (:func:`growth_vs_units`), or the unit alone when there is nothing to compare with."""
    comp = comparison.comparator
    if comparison.kind == "units":
        return growth_vs_units(comparison.band, comp.region_name, indicators, columns)
    return growth_vs_city(
        comparison.history, comp.region_id, comp.comparator_id, indicators, columns
    )


NAME_LABEL_MAX = 12
"""Characters of a unit, industry or township name drawn on a chart (longer: cut with …).
A long name would squeeze the plot and make matplotlib warn on every page that draws it
(a peer's name is drawn on every unit's ranking)."""


def name_label(name: object, limit: int = NAME_LABEL_MAX) -> str:
    """A name as drawn on a chart: one line, at most ``limit`` characters."""
    text = " ".join(str(name).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name_bars(ax, names, values, colors) -> None:
    """Horizontal bars, one per name, at their own positions (two names alike, or cut
    alike, never share a bar), labelled with :func:`name_label`."""
    positions = list(range(len(values)))
    ax.barh(positions, list(values), color=colors)
    ax.set_yticks(positions)
    ax.set_yticklabels([name_label(n) for n in names])


def _short(label: str) -> str:
    """ "2021年1-6月" -> "21年1-6月" to keep tick labels short."""
    return label[2:] if len(label) > 4 and label[:4].isdigit() else label


def rank_bars(
    rankings: dict[str, pd.DataFrame],
    focus_id: str,
    period_label: str,
    reference: dict[str, float] | None = None,
    reference_label: str = words.TOTAL,
    columns: int | None = None,
):
    """Horizontal bars of every unit's published growth, focus unit highlighted.

    ``rankings`` maps indicator code -> ranked table (region_id, name, yoy_published,
    rank), as from :func:`halfyear_lib.analysis.indicators.ranking`. Indicators no unit
    has a growth rate for are left out (the page says so); None when none is left.
    ``reference`` ({code: growth %}) draws the whole's growth as a dashed vertical line
    (a city's own units ranked against the city), labelled ``reference_label``.
    """
    reference = reference or {}
    rankings = {code: r for code, r in rankings.items() if not r.empty}
    if not rankings:
        return None
    chart_theme()
    n = len(rankings)
    units = max(len(r) for r in rankings.values())
    cols = n if not columns else max(1, min(n, columns))
    rows = (n + cols - 1) // cols
    height = 0.42 * units + 1.6
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, height * rows), squeeze=False)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    for ax, (code, ranked) in zip(axes.flat, rankings.items(), strict=False):
        ranked = ranked.iloc[::-1]  # best at the top
        colors = [FOCUS_COLOR if r == focus_id else OTHER_COLOR for r in ranked["region_id"]]
        _name_bars(ax, ranked["name"], ranked["yoy_published"], colors)
        for y, (val, rank) in enumerate(zip(ranked["yoy_published"], ranked["rank"], strict=True)):
            if is_missing(val):
                continue
            ax.annotate(
                words.rank_value(format_number(val, 1), None if is_missing(rank) else int(rank)),
                (val, y),
                xytext=(3 if val >= 0 else -3, 0),
                textcoords="offset points",
                ha="left" if val >= 0 else "right",
                va="center",
                fontsize=8,
            )
        ax.axvline(0, color="#333333", linewidth=0.8)
        lo, hi = ranked["yoy_published"].min(), ranked["yoy_published"].max()
        if code in reference:
            ref = reference[code]
            ax.axvline(ref, color=FOCUS_COLOR, linewidth=1.4, linestyle="--",
                       label=f"{reference_label} {format_number(ref, 1)}%")  # fmt: skip
            ax.legend(fontsize=8, loc="best")
            lo, hi = min(lo, ref), max(hi, ref)
        title = words.rank_title(period_label, INDICATORS[code].label)
        if "rank_published" in ranked.columns and ranked["rank_published"].notna().any():
            title += words.RANK_NOTE
        ax.set_title(title, fontsize=11)
        ax.set_xlabel(words.GROWTH_AXIS)
        pad = max(abs(hi), abs(lo), 1) * 0.35
        ax.set_xlim(min(lo, 0) - (pad if lo < 0 else 0), hi + pad)
    fig.tight_layout()
    return with_alt(fig)


def rate_adjustment_bars(by_industry: list[dict]):
    """Bars of the change of value added (亿元) caused by the change of value-added rates,
    one per industry (``[{industry, impact_value}, ...]``); None when there is none."""
    rows = [r for r in by_industry if not is_missing(r.get("impact_value"))]
    if not rows:
        return None
    chart_theme()
    rows = sorted(rows, key=lambda r: r["impact_value"], reverse=True)  # largest cut at the bottom
    fig, ax = plt.subplots(figsize=(7.5, 0.42 * len(rows) + 1.6))
    values = [r["impact_value"] for r in rows]
    colors = [FOCUS_COLOR if v < 0 else CITY_COLOR for v in values]
    _name_bars(ax, [r["industry"] for r in rows], values, colors)
    for y, v in enumerate(values):
        ax.annotate(format_number(v, 2, signed=True), (v, y), xytext=(3 if v >= 0 else -3, 0),
                    textcoords="offset points", ha="left" if v >= 0 else "right",
                    va="center", fontsize=8)  # fmt: skip
    ax.axvline(0, color="#333333", linewidth=0.8)
    lo, hi = min(values + [0]), max(values + [0])
    pad = max(abs(lo), abs(hi), 0.01) * 0.3
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_title(words.RATE_TITLE, fontsize=11)
    ax.set_xlabel(words.YUAN_100M)
    fig.tight_layout()
    return with_alt(fig)


def trend_lines(trends: dict[str, pd.DataFrame], columns: int | None = None):
    """Small multiples: cumulative growth by period this year and, where last year is
    known, the two-year average growth (两年平均). ``trends`` maps indicator code -> frame
    with columns label, yoy_pct, two_year_avg_pct."""
    chart_theme()
    codes = list(trends)
    n = len(codes)
    cols = grid_columns(n, columns)
    rows_n = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows_n, cols, figsize=(6.2 * cols, 3.2 * rows_n), squeeze=False)
    for ax, code in zip(axes.flat, codes, strict=False):
        t = trends[code]
        x = list(range(len(t)))
        drawn = False
        for column, color, label, width in (
            ("yoy_pct", FOCUS_COLOR, words.TREND_LINES["yoy_pct"], 2.4),
            ("two_year_avg_pct", CITY_COLOR, words.TREND_LINES["two_year_avg_pct"], 1.6),
        ):
            if column in t.columns and t[column].notna().any():
                ax.plot(x, t[column], marker="o", markersize=3.5, color=color,
                        linewidth=width, label=label)  # fmt: skip
                drawn = True
        ax.axhline(0, color="#333333", linewidth=0.8)
        ax.set_title(f"{INDICATORS[code].label}(%)", fontsize=11)
        ax.set_xticks(x)
        ax.set_xticklabels(list(t["label"]) if "label" in t.columns else [], fontsize=8)
        if drawn:
            ax.legend(fontsize=8, loc="best")
        else:
            ax.text(0.5, 0.5, words.NO_GROWTH_DATA, transform=ax.transAxes, ha="center", va="center",
                    color=OTHER_COLOR, fontsize=11)  # fmt: skip
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    fig.tight_layout()
    return with_alt(fig)


def township_completion(townships: list[dict], time_progress_pct: float):
    """Bars of each township's completion of its investment target (%) against the
    time-progress line; townships behind schedule highlighted. None without targets."""
    rows = [t for t in townships if not is_missing(t.get("completion_pct"))]
    if not rows:
        return None
    chart_theme()
    rows = sorted(rows, key=lambda t: t["completion_pct"])  # best at the top
    fig, ax = plt.subplots(figsize=(7.5, 0.4 * len(rows) + 1.6))
    values = [t["completion_pct"] for t in rows]
    colors = [FOCUS_COLOR if v < time_progress_pct else CITY_COLOR for v in values]
    _name_bars(ax, [t["township"] for t in rows], values, colors)
    for y, v in enumerate(values):
        ax.annotate(f"{format_number(v, 1)}%", (v, y), xytext=(3, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=8)  # fmt: skip
    ax.axvline(time_progress_pct, color="#333333", linewidth=1.2, linestyle="--")
    ax.annotate(words.progress_note(format_number(time_progress_pct, 0)), (time_progress_pct, len(rows) - 0.5),
                xytext=(3, 0), textcoords="offset points", fontsize=8)  # fmt: skip
    ax.set_xlim(0, max(values + [time_progress_pct]) * 1.25)
    ax.set_title(words.TOWNSHIP_COMPLETION_TITLE, fontsize=11)
    ax.set_xlabel("%")
    fig.tight_layout()
    return with_alt(fig)


def township_entries(townships: list[dict]):
    """Bars of the projects each township brought into the library this year."""
    rows = [t for t in townships if not is_missing(t.get("entries"))]
    if not rows:
        return None
    chart_theme()
    rows = sorted(rows, key=lambda t: t["entries"])
    fig, ax = plt.subplots(figsize=(7.5, 0.4 * len(rows) + 1.6))
    values = [t["entries"] for t in rows]
    colors = [FOCUS_COLOR if v == 0 else CITY_COLOR for v in values]
    _name_bars(ax, [t["township"] for t in rows], values, colors)
    for y, v in enumerate(values):
        ax.annotate(words.count_label(v), (v, y), xytext=(3, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=8)  # fmt: skip
    ax.set_xlim(0, max(values + [1]) * 1.3)
    ax.set_title(words.TOWNSHIP_ENTRIES_TITLE, fontsize=11)
    fig.tight_layout()
    return with_alt(fig)


# ---------------------------------------------------------------- forecasts (04_forecast)

FAN_COLOR = "#2e86c1"
LAST_YEAR_COLOR = "#7f8c8d"
TARGET_COLOR = "#27ae60"


def _month_label(m: int) -> str:
    return words.month_label(m, _MONTH_ABBR[m - 1])


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _series(values, n: int) -> list[float]:
    """A list of n floats, NaN where a value is missing (None)."""
    values = list(values or [])
    values += [None] * (n - len(values))
    return [float("nan") if v is None else float(v) for v in values[:n]]


def _drawable(values: list[float]) -> bool:
    return any(v == v for v in values)  # any value that is not NaN


def warm_up() -> None:
    """Draw a small chart with Chinese text, as a page's chart is shown (PNG, tight
    bounding box), and throw it away: the font and the renderer are loaded before the
    first page needs them (a kernel does this while the run is still starting)."""
    import io

    import matplotlib.pyplot as plt

    chart_theme()
    fig, ax = plt.subplots(figsize=(2, 1.2))
    ax.plot([1, 2, 3], [1.0, -0.5, 2.0], marker="o")
    ax.set_title(words.WARM_UP_TITLE)
    ax.set_xticks([1, 2, 3], words.WARM_UP_TICKS)
    fig.tight_layout()
    fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
    plt.close(fig)


def forecast_fan(path: dict | None, label: str, unit: str = DEFAULT_UNIT, target_label: str = ""):
    """The cumulative path of one indicator: this year's actual (solid), last year's
    (dashed), the projected mean with its 80% and 95% bands from the origin on, and the
    annual target (a horizontal line on the growth scale, a marker at 1-12月 for amounts).

    ``path`` is ``forecast.path.<code>`` of the results (months 2..12, None where a value
    is missing; scale "amount" in ``unit`` or "growth" in %). None when there is nothing to
    draw (no path, or neither actual values nor a projection). ``target_label``: the
    legend of the target, naming which one it is (the wording layer's), "年度目标" if empty.
    """
    if not path:
        return None
    months = [int(m) for m in path.get("months") or []]
    if not months:
        return None
    n = len(months)
    actual = _series(path.get("actual"), n)
    mean = _series(path.get("mean"), n)
    if not (_drawable(actual) or _drawable(mean)):
        return None
    growth = path.get("scale") == "growth"
    chart_theme()
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    x = list(range(n))
    for lo_key, hi_key, alpha, level in (
        ("lo95", "hi95", 0.18, "95%"),
        ("lo80", "hi80", 0.35, "80%"),
    ):
        lo, hi = _series(path.get(lo_key), n), _series(path.get(hi_key), n)
        if _drawable(lo) and _drawable(hi):
            ax.fill_between(x, lo, hi, color=FAN_COLOR, alpha=alpha, linewidth=0,
                            label=words.interval_label(level))  # fmt: skip
    last_year = _series(path.get("last_year"), n)
    if _drawable(last_year):
        ax.plot(x, last_year, color=LAST_YEAR_COLOR, linewidth=1.4, linestyle="--",
                label=words.last_year())  # fmt: skip
    if _drawable(mean):
        ax.plot(x, mean, color=FAN_COLOR, linewidth=2.0, linestyle="-", marker="o",
                markersize=3, label=words.projected())  # fmt: skip
    if _drawable(actual):
        ax.plot(x, actual, color=FOCUS_COLOR, linewidth=2.4, marker="o", markersize=3.5,
                label=words.this_year())  # fmt: skip
    target = path.get("target")
    if target is not None:
        if growth:
            ax.axhline(target, color=TARGET_COLOR, linewidth=1.4, linestyle=":",
                       label=target_label or words.annual_target())  # fmt: skip
        else:
            ax.plot([x[-1]], [target], linestyle="none", marker="*", markersize=13,
                    color=TARGET_COLOR,
                    label=target_label or words.annual_target())  # fmt: skip
    if growth:
        ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels([_month_label(m) for m in months], fontsize=8)
    what = words.cumulative_axis(unit, True) if growth else words.cumulative_axis(unit, False)
    ax.set_title(f"{label}{what}", fontsize=11)
    ax.set_ylabel("%" if growth else str(unit))
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return with_alt(fig)


def backtest_errors(backtest: dict | None, label: str, chosen: str | None = None,
                    rule: str = "rule"):  # fmt: skip
    """Bars of the backtest's mean absolute error (percentage points of cumulative growth)
    of each method for one indicator: the analyst's rule in red, the chosen method in blue
    and marked （选用）, the other methods grey. ``backtest`` is ``forecast.backtest.<code>``; None when no method has an error.
    """
    rows = [(k, v) for k, v in (backtest or {}).items() if v and not is_missing(v.get("mae_pp"))]
    if not rows:
        return None
    chart_theme()
    rows = sorted(rows, key=lambda kv: kv[1]["mae_pp"], reverse=True)  # smallest at the top
    fig, ax = plt.subplots(figsize=(7.0, 0.42 * len(rows) + 1.6))
    names = []
    for key, v in rows:
        name = str(v.get("label") or key)
        if key == chosen:
            name += words.chosen()
        names.append(name)
    values = [v["mae_pp"] for _, v in rows]
    colors = [
        FOCUS_COLOR if key == rule else FAN_COLOR if key == chosen else OTHER_COLOR
        for key, _ in rows
    ]
    y = list(range(len(rows)))
    ax.barh(y, values, color=colors)
    ax.set_yticks(y)
    ax.set_yticklabels(names, fontsize=9)
    for i, v in enumerate(values):
        ax.annotate(format_number(v, 2), (v, i), xytext=(3, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=8)  # fmt: skip
    ax.set_xlim(0, max(values + [0.01]) * 1.25)
    ax.set_title(
        words.backtest_title(label),
        fontsize=11,
    )
    ax.set_xlabel(words.points_axis())
    fig.tight_layout()
    return with_alt(fig)
