"""Chinese text in charts and in the HTML report renders with a real font, never as tofu."""

from __future__ import annotations

import base64
import io
import re
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from halfyear_lib.display import fonts

ROOT = Path(__file__).resolve().parents[2]

# Report vocabulary: labels, units, punctuation and signs that charts and tables use.
REPORT_TEXT = (
    "规上工业增加值累计增速(%)、全市排名，清水县1-6月同比增长−3.2％。"
    "县(市)时序进度：（上半年）工业总产值、营业收入、利润总额、用电量、"
    "增加值率；下半年预测【乐观/基准/悲观】情景，目标任务完成率“≥50%”，"
    "较一季度回落/提高个百分点，第一二三四季度，亿元万元千瓦时，"
    "制造业采矿业电力热力燃气及水生产和供应业，重点企业新增入规停产减产。"
)
CJK_RE = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(autouse=True)
def _restore_rcparams():
    """use_chinese_font/apply_theme change global rcParams: undo after each test."""
    with mpl.rc_context():
        yield
    plt.close("all")


def _dejavu_path() -> str:
    return font_manager.findfont(
        font_manager.FontProperties(family="DejaVu Sans"), fallback_to_default=False
    )


def _report_figure(family: str | None = None):
    """A figure using every kind of chart text: title, labels, ticks, legend, annotation."""
    kw = {} if family is None else {"fontfamily": family}
    fig, ax = plt.subplots(figsize=(6, 4), dpi=72)
    months = ["1-2月", "1-3月", "1-4月", "1-5月", "1-6月"]
    ax.plot(months, [4.1, 2.0, -1.5, -3.2, 0.8], marker="o", label="清水县")
    ax.plot(months, [5.0, 4.2, 3.1, 2.5, 2.9], label="全市")
    ax.axhline(0, color="grey", lw=0.8, label="时序进度")
    ax.set_title("规上工业增加值累计增速(%)", fontweight="bold", **kw)
    ax.set_xlabel("月份（累计）", **kw)
    ax.set_ylabel("同比增长％", **kw)
    ax.set_xticks(range(len(months)), months, **kw)
    ax.annotate("全市排名：第5位，−3.2、县(市)。", xy=(3, -3.2), xytext=(0.5, -2.5), **kw)
    ax.legend(title="县(市)", prop=None if family is None else {"family": family})
    return fig


def _render(fig) -> bytes:
    fig.canvas.draw()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


# ----------------------------------------------------------------------------- font file


def test_cjk_font_path_is_noto_sans_sc():
    path = fonts.cjk_font_path()
    assert path.name == "NotoSansSC-Regular.otf"
    assert path.is_file()


def test_cjk_font_path_names_package_when_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "pylopdf_fonts_zh_cn", None)  # import fails
    with pytest.raises(fonts.ChineseFontNotFoundError, match="pylopdf-fonts-zh-cn"):
        fonts.cjk_font_path()


def test_cjk_font_path_reports_missing_file(monkeypatch, tmp_path):
    import pylopdf_fonts_zh_cn

    monkeypatch.setattr(pylopdf_fonts_zh_cn, "sans_path", lambda: tmp_path / "gone.otf")
    with pytest.raises(FileNotFoundError, match="pylopdf-fonts-zh-cn"):
        fonts.cjk_font_path()


def test_ofl_licence_copy_matches_installed_wheel():
    import pylopdf_fonts_zh_cn

    dist_info = (
        Path(pylopdf_fonts_zh_cn.__file__)
        .parents[1]
        .glob("pylopdf_fonts_zh_cn-*.dist-info/licenses/LICENSE")
    )
    installed = sorted(dist_info)
    assert installed, "licence file of pylopdf-fonts-zh-cn not found in its dist-info"
    copied = ROOT / "LICENSES" / "OFL-1.1-NotoSansSC.txt"
    assert copied.read_bytes() == installed[-1].read_bytes()
    assert b"SIL OPEN FONT LICENSE Version 1.1" in copied.read_bytes()


# ----------------------------------------------------------------------------- glyph coverage


def test_noto_covers_report_vocabulary_and_dejavu_does_not():
    assert fonts.missing_glyphs(REPORT_TEXT) == []
    dejavu_missing = fonts.missing_glyphs(REPORT_TEXT, _dejavu_path())
    # The check is able to fail: matplotlib's default font lacks every Chinese character.
    assert "清" in dejavu_missing and "增" in dejavu_missing and "，" in dejavu_missing
    assert all(not c.isascii() for c in dejavu_missing)


def test_missing_glyphs_ignores_whitespace_and_deduplicates():
    assert fonts.missing_glyphs(" \t清水县\n清水县\u3000\u200b", _dejavu_path()) == [
        "清",
        "水",
        "县",
    ]
    assert fonts.missing_glyphs("  \n") == []


def test_unicode_minus_matches_font():
    fonts.use_chinese_font()
    assert fonts.missing_glyphs("\u2212") == []  # Noto Sans SC has U+2212 MINUS SIGN ...
    assert mpl.rcParams["axes.unicode_minus"] is True  # ... so the typographic minus stays


# ----------------------------------------------------------------------------- matplotlib


def test_rcparams_family_resolves_to_noto_file():
    family = fonts.use_chinese_font()
    assert family == "Noto Sans SC"
    assert mpl.rcParams["font.family"] == ["sans-serif"]
    assert mpl.rcParams["font.sans-serif"][0] == family
    resolved = font_manager.findfont(
        font_manager.FontProperties(family=mpl.rcParams["font.sans-serif"][0]),
        fallback_to_default=False,
    )
    assert resolved.endswith("NotoSansSC-Regular.otf")
    # The default FontProperties (what titles/ticks use) resolve to it too.
    assert font_manager.findfont(font_manager.FontProperties()).endswith("NotoSansSC-Regular.otf")


def test_use_chinese_font_is_idempotent():
    fonts.use_chinese_font()
    before = (list(mpl.rcParams["font.sans-serif"]), len(font_manager.fontManager.ttflist))
    for _ in range(3):
        fonts.use_chinese_font()
    after = (list(mpl.rcParams["font.sans-serif"]), len(font_manager.fontManager.ttflist))
    assert after == before
    assert mpl.rcParams["font.sans-serif"].count("Noto Sans SC") == 1


@pytest.mark.parametrize("setup", [fonts.use_chinese_font, fonts.apply_theme])
def test_chart_text_renders_without_missing_glyph_warnings(setup):
    with warnings.catch_warnings():
        # matplotlib reports "Glyph NNN (...) missing from font(s) ..." as a UserWarning.
        warnings.simplefilter("error")
        setup()
        png = _render(_report_figure())
    assert png.startswith(b"\x89PNG")


def test_apply_theme_keeps_font_after_seaborn_reset():
    import seaborn as sns

    family = fonts.apply_theme()
    assert mpl.rcParams["font.family"] == ["sans-serif"]
    assert mpl.rcParams["font.sans-serif"][0] == family
    assert mpl.rcParams["axes.grid"] is True  # seaborn's whitegrid was applied
    # A later plain set_theme would lose it; apply_theme again restores it.
    sns.set_theme()
    assert mpl.rcParams["font.sans-serif"][0] != family
    fonts.apply_theme(rc={"figure.dpi": 80})
    assert mpl.rcParams["font.sans-serif"][0] == family
    assert mpl.rcParams["figure.dpi"] == 80


def test_seaborn_plot_renders_chinese():
    import pandas as pd
    import seaborn as sns

    df = pd.DataFrame(
        {"县(市)": ["清水县", "秦安县", "甘谷县"] * 2, "增速": [-3.2, 4.1, 2.0, 1.5, 0.3, -0.8]}
    )
    df["时期"] = ["1-3月"] * 3 + ["1-6月"] * 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fonts.apply_theme()
        ax = sns.barplot(data=df, x="县(市)", y="增速", hue="时期")
        ax.set_title("规上工业增加值累计增速(%)")
        _render(ax.figure)


def test_chinese_text_with_dejavu_raises_missing_glyph_warning():
    """The rendering test above is able to fail: the same figure in DejaVu Sans warns."""
    fonts.use_chinese_font()
    fig = _report_figure(family="DejaVu Sans")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match="missing from font"):
            _render(fig)


# ----------------------------------------------------------------------------- HTML


def _gb2312_level1(n: int) -> str:
    """The first *n* common hanzi (GB2312 level 1), for a realistic report-sized subset."""
    chars = [
        bytes([hi, lo]).decode("gb2312") for hi in range(0xB0, 0xB8) for lo in range(0xA1, 0xFF)
    ]
    return "".join(chars[:n])


def _embedded_font(css: str) -> TTFont:
    match = re.search(r"url\(data:font/(woff|otf);base64,([A-Za-z0-9+/=]+)\)", css)
    assert match, "no base64 font data URL in the CSS"
    return TTFont(io.BytesIO(base64.b64decode(match.group(2))))


def test_html_font_css_subset_covers_text_and_is_small():
    text = REPORT_TEXT + _gb2312_level1(500)
    distinct_cjk = set(CJK_RE.findall(text))
    assert len(distinct_cjk) >= 500
    css = fonts.html_font_css(text)
    assert css.startswith("<style") and css.rstrip().endswith("</style>")
    assert 'font-family: "HalfyearCJK"' in css
    assert (
        'body, table, th, td, h1, h2, h3, p, li { font-family: "HalfyearCJK", "Noto Sans SC", '
        '"Microsoft YaHei", "PingFang SC", sans-serif; }'
    ) in css
    font = _embedded_font(css)
    cmap = font.getBestCmap()
    assert not [c for c in distinct_cjk if ord(c) not in cmap]
    assert all(ord(c) in cmap for c in "0123456789%-.,()、，。：（）％" + "\u2212")
    # A subset, not the whole 8 MB font: characters not in the text are absent.
    assert ord("龘") not in cmap and ord("麤") not in cmap
    assert len(css.encode()) < 300_000, f"{len(css.encode())} bytes"
    # Licence/copyright notices stay in the embedded (OFL) font.
    names = {rec.nameID for rec in font["name"].names}
    assert {0, 13, 14} <= names


def test_html_font_css_is_deterministic():
    assert fonts.html_font_css("清水县1-6月") == fonts.html_font_css("1-6月清水县")


def test_embed_font_in_html_inserts_before_head_end_and_covers_entities():
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>上半年报告</title></head>"
        "<body><h1>清水县工业经济</h1><table><tr><th>指标</th><td>营业收入</td>"
        "<td>&#24066;&#x533A;</td></tr></table></body></html>"  # 市 区 as entities only
    )
    out = fonts.embed_font_in_html(page)
    assert out.count("@font-face") == 1
    assert out.index("@font-face") < out.index("</head>") < out.index("<body>")
    assert out.replace(fonts.html_font_css(page + "市区"), "") == page
    cmap = _embedded_font(out).getBestCmap()
    assert [c for c in "上半年报告清水县工业经济指标营业收入市区" if ord(c) not in cmap] == []
    # Re-embedding replaces the block instead of stacking a second one.
    again = fonts.embed_font_in_html(out)
    assert again == out


def test_embed_font_in_html_without_head():
    out = fonts.embed_font_in_html("<p>清水县</p>")
    assert out.startswith('<style id="halfyear-cjk-font">') and out.endswith("<p>清水县</p>")


def test_a_rerun_reuses_the_font_subset_kept_on_disk(monkeypatch, tmp_path):
    """The pages' font subset (half a second) is kept beside the fit cache: a rerun whose
    pages hold the same characters reads it back; a damaged file is made again; with the
    cache off nothing is written."""
    monkeypatch.setenv("HALFYEAR_CACHE_DIR", str(tmp_path / "fits"))
    chars = fonts._subset_chars("清水县工业")
    fonts._subset_woff.cache_clear()
    fmt, first = fonts._subset_woff(chars)
    kept = fonts._subset_cache_file(chars)
    assert fmt == "woff" and kept.parent == tmp_path / "fits" / "fonts"
    assert kept.read_bytes() == first

    def must_not_subset(_chars):
        raise AssertionError("subset made again")

    monkeypatch.setattr(fonts, "_make_subset", must_not_subset)
    fonts._subset_woff.cache_clear()
    assert fonts._subset_woff(chars) == ("woff", first)
    # damaged: made again (and rewritten)
    monkeypatch.undo()
    monkeypatch.setenv("HALFYEAR_CACHE_DIR", str(tmp_path / "fits"))
    kept.write_bytes(b"not a font")
    fonts._subset_woff.cache_clear()
    assert fonts._subset_woff(chars) == ("woff", first) and kept.read_bytes() == first
    # off: nothing kept
    monkeypatch.setenv("HALFYEAR_CACHE_DIR", "off")
    assert fonts._subset_cache_file(chars) is None
    fonts._subset_woff.cache_clear()


def test_the_chart_theme_is_seaborns_whitegrid_without_importing_seaborn():
    """chart_theme() writes out seaborn's set_theme(whitegrid, notebook, deep): every
    rcParam seaborn sets has the same value (colours compared as RGB), and the report's
    charts never import seaborn (and with it scipy.stats) in a kernel."""
    import subprocess

    from matplotlib.colors import to_rgb

    keys = set(fonts.THEME_RC) | {"axes.prop_cycle", "font.family", "font.sans-serif"}

    def snapshot():
        rc = {k: mpl.rcParams[k] for k in keys}
        rc["axes.prop_cycle"] = [
            x for c in mpl.rcParams["axes.prop_cycle"].by_key()["color"] for x in to_rgb(c)
        ]
        for k in ("axes.edgecolor", "grid.color", "text.color", "axes.labelcolor",
                  "xtick.color", "ytick.color", "patch.edgecolor"):  # fmt: skip
            rc[k] = to_rgb(rc[k])
        return rc

    with mpl.rc_context():
        mpl.rcParams.update(mpl.rcParamsDefault)
        fonts.apply_theme()
        seaborn_rc = snapshot()
    with mpl.rc_context():
        mpl.rcParams.update(mpl.rcParamsDefault)
        fonts.chart_theme()
        ours = snapshot()
    for k in keys:
        if k == "axes.prop_cycle":
            assert ours[k] == pytest.approx(seaborn_rc[k], abs=1 / 255), k
        else:
            assert ours[k] == seaborn_rc[k], k
    code = (
        "import sys, matplotlib; matplotlib.use('agg'); "
        "from halfyear_lib.display import plotting; "
        "fig = plotting.rate_adjustment_bars([{'industry': '纺织', 'impact_pp': -0.2}]); "
        "print('seaborn' in sys.modules, 'scipy.stats' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"], out.stdout + out.stderr
