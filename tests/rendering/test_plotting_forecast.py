"""The forecast charts of 04_forecast, drawn from hand-made paths (warnings are errors)."""

from __future__ import annotations

import io
import math
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from halfyear_lib.data.language import language  # noqa: E402
from halfyear_lib.display import plotting

HOSTILE = "产值<img src=x onerror=alert(1)> $x$"


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


MONTHS = list(range(2, 13))  # 1-2月 .. 1-12月: 11 points


def amount_path(origin: int = 6, target: float | None = 260.0) -> dict:
    """20 亿元 a month so far (1-6月: 100), projected at 21 a month from the origin, the
    80% band ±3 per month ahead and the 95% band ±4.8; last year 18.5 a month."""
    i = MONTHS.index(origin)
    actual = [20.0 * (m - 1) if k <= i else None for k, m in enumerate(MONTHS)]
    mean = [None] * i + [actual[i] + 21.0 * (m - origin) for m in MONTHS[i:]]

    def band(width: float) -> list:
        return [
            None if mu is None else mu + width * (m - origin)
            for m, mu in zip(MONTHS, mean, strict=True)
        ]

    return {"scale": "amount", "months": MONTHS, "actual": actual, "mean": mean,
            "lo80": band(-3.0), "hi80": band(3.0), "lo95": band(-4.8), "hi95": band(4.8),
            "last_year": [18.5 * (m - 1) for m in MONTHS], "target": target}  # fmt: skip


def growth_path(origin: int = 6, target: float | None = 7.0) -> dict:
    i = MONTHS.index(origin)
    actual = [6.0 + 0.1 * k if k <= i else None for k in range(11)]
    mean = [None] * i + [actual[i] + 0.05 * (k - i) for k in range(i, 11)]

    def band(width: float) -> list:
        return [None if mu is None else mu + width * (k - i) for k, mu in enumerate(mean)]

    return {"scale": "growth", "months": MONTHS, "actual": actual, "mean": mean,
            "lo80": band(-0.5), "hi80": band(0.5), "lo95": band(-0.8), "hi95": band(0.8),
            "last_year": [None] * 11, "target": target}  # fmt: skip


def _finite(values) -> list[float]:
    return [float(v) for v in values if not math.isnan(float(v))]


def _bands(ax) -> list:
    return [c for c in ax.collections if isinstance(c, PolyCollection)]


def test_fan_of_an_amount_draws_actual_last_year_projection_bands_and_target():
    with language("zh"):
        fig = plotting.forecast_fan(amount_path(), HOSTILE, "亿元")
        _render(fig)
    (ax,) = fig.axes
    assert len(_bands(ax)) == 2  # 95% and 80%
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"上年", "预测", "今年实际", "年度目标"}
    # 1-2月 .. 1-6月 actual: 20, 40, 60, 80, 100
    assert _finite(lines["今年实际"].get_ydata()) == [20.0, 40.0, 60.0, 80.0, 100.0]
    # the projection starts at the last observation: 100, then +21 a month to 226 in 1-12月
    mean = _finite(lines["预测"].get_ydata())
    assert (len(mean), mean[0], mean[-1]) == (7, 100.0, 226.0)
    assert lines["上年"].get_linestyle() == "--"
    # the target is a marker at 1-12月 (x = 10)
    assert (list(lines["年度目标"].get_xdata()), list(lines["年度目标"].get_ydata())) == (
        [10],
        [260.0],
    )
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert (len(labels), labels[0], labels[-1]) == (11, "1-2月", "1-12月")
    # the name is drawn as it is: no mathtext
    assert ax.get_title() == f"{HOSTILE}累计(亿元)"
    assert ax.title.get_parse_math() is False


def test_fan_of_a_growth_only_indicator_has_a_target_line_in_percent():
    fig = plotting.forecast_fan(growth_path(), "value added")
    _render(fig)
    (ax,) = fig.axes
    assert ax.get_ylabel() == "%"
    assert len(_bands(ax)) == 2
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert "last year" not in lines  # last year unknown: not drawn
    assert list(lines["annual target"].get_ydata()) == [7.0, 7.0]  # a horizontal line
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "Jan-Dec"


def test_fan_without_projection_or_target_draws_the_actual_only():
    path = amount_path(origin=12, target=None)
    path.update({k: [None] * 11 for k in ("mean", "lo80", "hi80", "lo95", "hi95")})
    fig = plotting.forecast_fan(path, "output")
    (ax,) = fig.axes
    assert _bands(ax) == []
    assert [line.get_label() for line in ax.get_lines()] == ["last year", "this year"]


@pytest.mark.parametrize(
    "path",
    [None, {}, {"months": []},
     {"scale": "amount", "months": MONTHS, "actual": [None] * 11, "mean": [None] * 11}],
    ids=["none", "empty", "no months", "all missing"],
)  # fmt: skip
def test_fan_returns_none_when_there_is_nothing_to_draw(path):
    assert plotting.forecast_fan(path, "output") is None


def _backtest() -> dict:
    return {
        "rule": {"mae_pp": 2.5, "label": "增速保持不变（分析员惯用做法）"},
        "snaive": {"mae_pp": 1.9, "label": "去年同月×今年增速"},
        "ets": {"mae_pp": 1.234, "label": "ETS $x$"},
        "theta": {"mae_pp": None, "label": "Theta 法"},  # no error: left out
    }


def test_backtest_errors_bars_with_the_rule_highlighted():
    with language("zh"):
        fig = plotting.backtest_errors(_backtest(), HOSTILE, chosen="ets")
        _render(fig)
    (ax,) = fig.axes
    bars = ax.patches
    assert len(bars) == 3
    # largest error at the bottom (y = 0): rule 2.5, snaive 1.9, ets 1.234
    assert [round(b.get_width(), 3) for b in bars] == [2.5, 1.9, 1.234]
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == ["增速保持不变（分析员惯用做法）", "去年同月×今年增速", "ETS $x$（选用）"]
    colors = [to_hex(b.get_facecolor()) for b in bars]
    assert colors == [plotting.FOCUS_COLOR, plotting.OTHER_COLOR, plotting.FAN_COLOR]
    assert [t.get_text() for t in ax.texts] == ["2.50", "1.90", "1.23"]
    assert ax.get_title() == f"{HOSTILE}回测平均绝对误差(个百分点)"


@pytest.mark.parametrize("backtest", [None, {}, {"rule": {"mae_pp": None}}])
def test_backtest_errors_none_without_errors(backtest):
    assert plotting.backtest_errors(backtest, "output") is None
