"""The report's own charts, drawn from the demo data with warnings as errors (no tofu)."""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from halfyear_lib.analysis.indicators import growth_history, ranking  # noqa: E402
from halfyear_lib.analysis.ranks import group_members  # noqa: E402
from halfyear_lib.data.loading import load_dataset  # noqa: E402
from halfyear_lib.data.periods import Period  # noqa: E402
from halfyear_lib.data.schema import HEADLINE_INDICATORS  # noqa: E402
from halfyear_lib.display import plotting
from halfyear_lib.paths import DEMO_DATA_DIR  # noqa: E402

PERIOD = Period(2021, 6)


@pytest.fixture(scope="module")
def demo():
    return load_dataset(DEMO_DATA_DIR)


@pytest.fixture(autouse=True)
def _restore_rcparams():
    with mpl.rc_context():
        yield
    plt.close("all")


def _render(fig) -> None:
    """Draw to PNG with every warning an error: a missing glyph warns, so it fails here."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")


def test_growth_vs_city_draws_both_lines_per_indicator(demo):
    codes = list(HEADLINE_INDICATORS)
    hist = growth_history(demo, ["qingshui", "jiangzhou"], codes, PERIOD)
    fig = plotting.growth_vs_city(hist, "qingshui", "jiangzhou", codes)
    _render(fig)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == len(codes)
    first = visible[0]
    assert first.get_title() == "规上工业总产值累计增速(%)"
    assert [t.get_text() for t in first.get_legend().get_texts()] == ["江洲市", "清水县"]
    county_line = first.get_lines()[1]
    # 2020 1-2月 .. 12月 (11 periods) + 2021 1-2月 .. 1-6月 (5 periods)
    assert len(county_line.get_xdata()) == 16
    june = hist[(hist.indicator == "output") & (hist.region_id == "qingshui")].iloc[-1]
    assert county_line.get_ydata()[-1] == pytest.approx(june.yoy_pct)


def test_rank_bars_highlight_the_unit_and_order_by_rank(demo):
    members = group_members(demo.regions, "city")
    rankings = {c: ranking(demo, c, PERIOD) for c in ("output", "value_added")}
    fig = plotting.rank_bars(rankings, "qingshui", PERIOD.label)
    _render(fig)
    ax = fig.axes[1]
    bars = ax.patches
    assert len(bars) == len(members) == 11
    labels = [t.get_text() for t in ax.get_yticklabels()]
    focus = [b for b, lab in zip(bars, labels, strict=True) if lab == "清水县"]
    assert len(focus) == 1 and to_hex(focus[0].get_facecolor()) == plotting.FOCUS_COLOR
    widths = [b.get_width() for b in bars]
    assert widths == sorted(widths)  # best at the top (last bar drawn highest)
    assert ax.get_title() == "1-6月规上工业增加值增速排名"
    notes = [t.get_text() for t in ax.texts]
    assert any(n.endswith("第3位") for n in notes)  # 清水县 value added is 3rd in the city


def test_growth_only_data_draw_without_warnings_and_say_no_data():
    # tests/fixtures/growth_only: no unit has a 技改投资 rate at all
    from pathlib import Path

    growth_only = load_dataset(Path(__file__).resolve().parents[1] / "fixtures" / "growth_only")
    codes = list(HEADLINE_INDICATORS)
    hist = growth_history(growth_only, ["aa", "hx"], codes, PERIOD)
    fig = plotting.growth_vs_city(hist, "aa", "hx", codes)
    _render(fig)  # an empty legend would warn: every warning fails here
    empty = fig.axes[codes.index("tech_investment")]
    assert [t.get_text() for t in empty.texts] == ["无增速数据"]
    rankings = {c: ranking(growth_only, c, PERIOD, region_id="aa") for c in codes}
    assert rankings["tech_investment"].empty
    fig = plotting.rank_bars(rankings, "aa", PERIOD.label)
    _render(fig)
    assert len(fig.axes) == len(codes) - 1  # the indicator without rates is left out
    assert plotting.rank_bars({"tech_investment": rankings["tech_investment"]}, "aa", "") is None


def test_rate_adjustment_bars_one_per_industry_cuts_highlighted():
    by_industry = [
        {"industry": "针织服装", "impact_value": -0.42},
        {"industry": "棉纱", "impact_value": -0.05},
        {"industry": "食品", "impact_value": 0.0},
    ]
    fig = plotting.rate_adjustment_bars(by_industry)
    _render(fig)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["食品", "棉纱", "针织服装"]  # the largest cut at the bottom
    assert to_hex(ax.patches[2].get_facecolor()) == plotting.FOCUS_COLOR
    assert plotting.rate_adjustment_bars([]) is None


def test_trend_lines_draw_growth_and_two_year_average():
    import pandas as pd

    t = pd.DataFrame({"label": ["1-2月", "1-3月"], "yoy_pct": [30.0, 25.0],
                      "two_year_avg_pct": [8.0, 9.5]})  # fmt: skip
    empty = t.assign(yoy_pct=None, two_year_avg_pct=None)
    fig = plotting.trend_lines({"output": t, "tech_investment": empty})
    _render(fig)
    first, second = fig.axes[0], fig.axes[1]
    assert [line.get_label() for line in first.get_lines()[:2]] == ["累计增速", "两年平均增速"]
    assert list(first.get_lines()[1].get_ydata()) == [8.0, 9.5]
    assert [t.get_text() for t in second.texts] == ["无增速数据"]


def test_township_charts_mark_who_is_behind_and_who_has_no_entry():
    towns = [
        {"township": "甲镇", "completion_pct": 62.0, "entries": 3},
        {"township": "乙镇", "completion_pct": 31.5, "entries": 0},
        {"township": "丙镇", "completion_pct": None, "entries": 1},  # no target
    ]
    fig = plotting.township_completion(towns, 50.0)
    _render(fig)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["乙镇", "甲镇"]
    assert to_hex(ax.patches[0].get_facecolor()) == plotting.FOCUS_COLOR  # 31.5 < 50
    assert ax.lines[0].get_xdata()[0] == 50.0  # the time-progress line
    fig = plotting.township_entries(towns)
    _render(fig)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "乙镇"
    assert to_hex(ax.patches[0].get_facecolor()) == plotting.FOCUS_COLOR  # no entry
    assert plotting.township_completion([], 50.0) is None


def test_a_chart_carries_its_titles_as_alt_text_when_displayed():
    """display(fig) in a kernel: the image/png output's metadata holds the alt text."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.core.pylabtools import select_figure_formats

    plotting.chart_theme()  # the Chinese font: no missing-glyph warnings
    fig, (a, b) = plt.subplots(1, 2)
    a.set_title("规上工业总产值<累计>\n增速(%)")
    b.set_title("工业投资")
    fig.suptitle("增速")
    assert plotting.figure_alt(fig) == "增速；规上工业总产值<累计> 增速(%)；工业投资"
    b.set_visible(False)  # an unused panel of a grid says nothing
    assert plotting.figure_alt(fig) == "增速；规上工业总产值<累计> 增速(%)"
    shell = InteractiveShell.instance()
    select_figure_formats(shell, {"png"})
    data, metadata = shell.display_formatter.format(plotting.with_alt(fig))
    assert data["image/png"] and metadata["image/png"]["alt"] == plotting.figure_alt(fig)
    untitled, _ = plt.subplots()
    assert shell.display_formatter.format(untitled)[1] == {}  # only with_alt adds it
    assert plotting.figure_alt(untitled) == "chart"


def test_every_report_chart_has_alt_text_from_its_title(demo):
    rankings = {code: ranking(demo, code, PERIOD) for code in HEADLINE_INDICATORS[:2]}
    fig = plotting.rank_bars(rankings, "qingshui", PERIOD.label)
    alt = fig._repr_mimebundle_()[1]["image/png"]["alt"]
    assert alt == "；".join(ax.get_title().replace("\n", " ") for ax in fig.axes)
    assert "规上工业总产值" in alt and "\n" not in alt


def test_long_names_are_cut_on_charts_and_never_make_matplotlib_warn(demo):
    """Before: a 48-character peer name squeezed every unit's ranking chart and put
    "Tight layout not applied" into the banner of every unit's page of a batch."""
    long_name = "岚溪" + "很长的名字" * 9 + "县"  # 48 characters, under the names' limit
    assert plotting.name_label(long_name) == "岚溪很长的名字很长的名…"
    assert len(plotting.name_label(long_name)) == plotting.NAME_LABEL_MAX == 12
    assert plotting.name_label("清水县") == "清水县"
    assert plotting.name_label("江洲\n经济  开发区") == "江洲 经济 开发区"
    rankings = {c: ranking(demo, c, PERIOD) for c in ("output", "value_added")}
    for code, table in rankings.items():
        table = table.copy()
        table.loc[table["region_id"] == "lanxi", "name"] = long_name
        # a second unit whose name cuts to the same label keeps a bar of its own
        table.loc[table["region_id"] == "meiling", "name"] = long_name + "二"
        rankings[code] = table
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # tight_layout's UserWarning fails here
        fig = plotting.rank_bars(rankings, "qingshui", PERIOD.label)
        _render(fig)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(ax.patches) == 11 and labels.count("岚溪很长的名字很长的名…") == 2
    assert max(len(lab) for lab in labels) == 12


def test_a_page_chart_is_one_png_at_the_figure_size_with_its_alt_text():
    """show_parts displays png_image(fig): the figure drawn once at its own size (every
    chart is laid out by tight_layout; no second drawing to trim the margins) and its
    titles as the alt text in the output's metadata."""
    import io

    from IPython.core.interactiveshell import InteractiveShell
    from PIL import Image

    plotting.chart_theme()
    fig, ax = plt.subplots(figsize=(4, 2.5), dpi=100)
    ax.set_title("工业投资<累计>")
    ax.plot([1, 2], [3, 4])
    fig.tight_layout()
    shell = InteractiveShell.instance()
    data, metadata = shell.display_formatter.format(plotting.png_image(fig))
    plt.close(fig)
    assert metadata["image/png"]["alt"] == "工业投资<累计>"
    png = data["image/png"]
    raw = png if isinstance(png, bytes) else __import__("base64").b64decode(png)
    # 4 x 2.5 inches at 100 dpi: 400 x 250 pixels, not trimmed to the drawn area
    assert Image.open(io.BytesIO(raw)).size == (400, 250)
