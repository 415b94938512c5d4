"""Projections of a cumulative total (1-T月) from 1-m月, with intervals and target odds.

A projection of 1-T月 made at 1-m月 of year y rests on what is known at m only.

Models forecast the remaining monthly amounts jointly (simulated paths), so the
cumulative total at T is

    C[T] = C[m] + sum of the next slot(T) - slot(m) monthly amounts  (one value per path)

and its growth is C[T] / B_hat[T] - 1 (``series``). Quantiles of the paths' totals give
the model's own ("raw") interval; it is then widened or narrowed by a factor k per level
so that, in the backtest, the share of actual outcomes inside the interval matches the
nominal level (``calibrate``):

    lo' = q50 - k (q50 - lo),  hi' = q50 + k (hi - q50)

A baseline has no model of its errors: its samples are the point plus its past errors
in the backtest, each rescaled from its own horizon to this one. An error of the h
remaining months grows like sqrt(h) in amount and is divided by the total of 1-T月
(about slot(T) + 1 months' worth) in growth, so errors are compared in units of

    s(h, T) = sqrt(h) / (slot(T) + 1)      sample_j = G[T] + s(h, T) x e_j / s(h_j, T_j)

(the half year's errors count about twice the year's for the same months left). The
samples are calibrated like a model's. Fewer than 5 past errors, or errors of a single
year, give no interval: one year's errors move together and say little about the next.

The probability of meeting a target is the share of the (calibrated) distribution at
or above the growth the target implies: for a growth target g, g itself; for a value
target V, (V / B_hat[T] - 1) x 100.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import baselines
from .series import History, slot

LEVELS = (80, 95)
MIN_RESIDUALS = 5  # past errors needed before a baseline gets an interval
MIN_YEARS = 2  # ... and the distinct years they come from (also for calibration)
MIN_CALIBRATION_CASES = 8
CALIBRATION_BOUNDS = (1.0, 5.0)  # widen only: a few years cannot justify narrowing


@dataclass
class FitPaths:
    """A model's simulated future of the monthly series from one origin (cumulated)."""

    model: str
    spec: str
    mean_cum: np.ndarray  # (k,) expected cumulative sum of the next 1..h monthly amounts
    paths_cum: np.ndarray  # (n, k) simulated cumulative sums
    steps: tuple[int, ...] | None = None  # the horizons kept (1 = next month); None: 1..h

    def column(self, step: int) -> int | None:
        """Column of the cumulative sum over the next ``step`` months (None: not kept)."""
        if self.steps is None:
            return step - 1 if 1 <= step <= len(self.mean_cum) else None
        return self.steps.index(step) if step in self.steps else None


@dataclass
class Prediction:
    """One method's projection of 1-T月 growth (%) from 1-m月; amounts where levels exist."""

    method: str
    year: int
    origin: int
    target: int
    growth: float
    amount: float | None = None
    base: float | None = None  # B_hat[T]: amount = base x (1 + growth / 100)
    samples: np.ndarray | None = None  # growth samples (models; baselines from past errors)
    n_evidence: int | None = None  # past errors behind a baseline's samples

    @property
    def scale(self) -> float:
        return error_scale(self.horizon, self.target)

    @property
    def horizon(self) -> int:
        """Monthly slots between the origin and the target."""
        return slot(self.target) - slot(self.origin)

    def to_amount(self, growth: float | None) -> float | None:
        if growth is None or self.base is None:
            return None
        return self.base * (1 + growth / 100)


def error_scale(horizon: int, target: int) -> float:
    """Typical size of a growth error of 1-T月 with ``horizon`` monthly slots left, up to
    a constant: sqrt(h) months of amount error over a total of slot(T) + 1 slots."""
    return float(np.sqrt(horizon) / (slot(target) + 1))


def predict(
    h: History,
    method: str,
    year: int,
    origin: int,
    target: int,
    fit: FitPaths | None = None,
) -> Prediction | None:
    """Projection of 1-``target``月 by ``method`` (a baseline, or a model given its paths)."""
    if target <= origin:
        return None
    if method in baselines.FUNCTIONS:
        p = baselines.FUNCTIONS[method](h, year, origin, target)
        if p is None:
            return None
        base = h.projected_base(year, origin, target) if p.amount is not None else None
        return Prediction(method, year, origin, target, p.growth, p.amount, base)
    if fit is None:
        return None
    c_m = h.cell("level", year, origin)
    base = h.projected_base(year, origin, target)
    if c_m is None or base is None or base <= 0:
        return None
    j = fit.column(slot(target) - slot(origin))
    if j is None:
        return None
    amount = c_m + float(fit.mean_cum[j])
    samples = ((c_m + fit.paths_cum[:, j].astype(float)) / base - 1) * 100
    return Prediction(
        method, year, origin, target, (amount / base - 1) * 100, amount, base, samples
    )


@dataclass(frozen=True)
class Interval:
    """Bounds in growth points: median and (lo, hi) per level."""

    center: float
    bounds: dict[int, tuple[float, float]]


def raw_interval(p: Prediction) -> Interval | None:
    """The model's own interval: quantiles of its simulated growth."""
    if p.samples is None or len(p.samples) == 0:
        return None
    qs = [0.5] + [q for lv in LEVELS for q in ((1 - lv / 100) / 2, (1 + lv / 100) / 2)]
    v = np.quantile(p.samples, qs)
    return Interval(
        float(v[0]), {lv: (float(v[1 + 2 * i]), float(v[2 + 2 * i])) for i, lv in enumerate(LEVELS)}
    )


def with_residuals(p: Prediction, residuals: np.ndarray | None, n_years: int = 0) -> Prediction:
    """A baseline's projection with samples from its past errors, each e_j / s_j (see the
    module doc) times this projection's scale; unchanged with too little evidence."""
    if residuals is None or len(residuals) < MIN_RESIDUALS or n_years < MIN_YEARS:
        return p
    p.samples = p.growth + p.scale * np.asarray(residuals, float)
    p.n_evidence = len(residuals)
    return p


def normalized_error(iv: Interval, actual: float, level: int) -> float:
    """How far the outcome lies in units of the interval's half-width on its side.

    <= 1 means inside the interval; the calibration factor at a level is the
    level-quantile of these over the backtest.
    """
    lo, hi = iv.bounds[level]
    if actual >= iv.center:
        width = hi - iv.center
        return (actual - iv.center) / width if width > 0 else np.inf
    width = iv.center - lo
    return (iv.center - actual) / width if width > 0 else np.inf


def calibration_factors(u: dict[int, list[float]]) -> dict[int, float] | None:
    """Width factor per level: the level-quantile of the normalized errors, bounded to
    [1, 5]: an interval is widened when too few outcomes fell inside it, never narrowed
    (a few years that happened to be calm are no evidence for narrower intervals)."""
    if any(len(u[lv]) < MIN_CALIBRATION_CASES for lv in LEVELS):
        return None
    out = {}
    for lv in LEVELS:
        k = float(np.quantile(np.asarray(u[lv], float), lv / 100))
        out[lv] = float(np.clip(k, *CALIBRATION_BOUNDS))
    # a wider level is never scaled less than a narrower one: the scaling of the samples
    # (k80 inside the raw 80% band, k95 outside) then stays monotone, so the intervals
    # shown and the probabilities come from the same distribution
    for narrow, wide in zip(LEVELS, LEVELS[1:], strict=False):
        out[wide] = max(out[wide], out[narrow])
    return out


def calibrate(iv: Interval, factors: dict[int, float] | None) -> Interval:
    """Scale each side of each level's interval around the median by its factor; a wider
    level always contains a narrower one."""
    if not factors:
        return iv
    bounds: dict[int, tuple[float, float]] = {}
    for lv in sorted(iv.bounds):
        lo, hi = iv.bounds[lv]
        lo, hi = (
            iv.center - factors[lv] * (iv.center - lo),
            iv.center + factors[lv] * (hi - iv.center),
        )
        inner = [b for k, b in bounds.items() if k < lv]
        if inner:
            lo, hi = min(lo, *(b[0] for b in inner)), max(hi, *(b[1] for b in inner))
        bounds[lv] = (lo, hi)
    return Interval(iv.center, bounds)


def calibrated_samples(p: Prediction, factors: dict[int, float] | None) -> np.ndarray | None:
    """Model growth samples with deviations from the median scaled like the interval.

    Samples inside the raw 80% interval are scaled by k80, the others by k95, so the
    calibrated intervals are the quantiles of the result.
    """
    iv = raw_interval(p)
    if iv is None:
        return None
    if not factors:
        return p.samples
    d = p.samples - iv.center
    lo80, hi80 = iv.bounds[80]
    inside = (p.samples >= lo80) & (p.samples <= hi80)
    return iv.center + d * np.where(inside, factors[80], factors[95])


def probability_at_least(
    p: Prediction, threshold: float, factors: dict[int, float] | None = None
) -> float | None:
    """P(growth of 1-T月 >= threshold) from the calibrated samples (None without samples).

    From n past errors a share of 0 or 1 is no certainty: it is kept within
    [1 / (n + 1), n / (n + 1)]."""
    s = calibrated_samples(p, factors)
    if s is None:
        return None
    prob = float(np.mean(s >= threshold))
    if p.n_evidence:
        n = p.n_evidence
        prob = min(max(prob, 1 / (n + 1)), n / (n + 1))
    return prob


def target_threshold(p: Prediction, kind: str, target: float) -> float | None:
    """Growth (%) of 1-T月 that meets the target: the growth target, or V / B_hat - 1."""
    if kind == "growth_pct":
        return target
    if p.base is None or p.base <= 0:
        return None
    return (target / p.base - 1) * 100
