"""Run parameters: params/defaults.yaml layered with one YAML per run, then validated.

Papermill only warns on unknown parameter names, so notebooks call
:func:`check_notebook_parameters` right after their parameters cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .analysis.highlights import Thresholds
from .data.checks import DEFAULT_MAX_ABS_GROWTH_PCT
from .data.language import tr
from .data.periods import Period, PeriodError
from .paths import DEFAULT_PARAMS

KNOWN_KEYS = {
    "data": "data set: a folder of CSV files, an .xlsx workbook, or a name under data/",
    "region": "region_id of the unit to report on",
    "period": "cumulative period as YYYY-MM, e.g. 2021-06 for 1-6月",
    "out_dir": "folder under which reports/<period>/<region>/ is written",
    "notebooks": "list of notebook file names to run, in order (empty = all)",
    "accept_warnings": "true: implausible data (plausibility errors) become warnings shown "
    "on every page, instead of stopping the run",
    "max_abs_growth_pct": "growth rates beyond ± this many percent are implausible (e.g. 300)",
    "highlights": "thresholds of the highlights and problems (ahead_pp, top_rank, ...)",
}


class ParameterError(ValueError):
    """A parameter file or value that cannot be used."""


@dataclass(frozen=True)
class RunParams:
    data: str
    region: str
    period: Period
    out_dir: str = "reports"
    notebooks: tuple[str, ...] = ()
    accept_warnings: bool = False
    max_abs_growth_pct: float = DEFAULT_MAX_ABS_GROWTH_PCT
    highlights: dict = field(default_factory=dict)  # Thresholds overrides

    def as_dict(self) -> dict[str, Any]:
        return {
            "data": self.data,
            "region": self.region,
            "period": self.period.iso,
            "out_dir": self.out_dir,
            "notebooks": list(self.notebooks),
            "accept_warnings": self.accept_warnings,
            "max_abs_growth_pct": self.max_abs_growth_pct,
            "highlights": dict(self.highlights),
        }


def read_yaml(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
    except FileNotFoundError as exc:
        raise ParameterError(f"parameter file {path} not found") from exc
    except yaml.YAMLError as exc:
        raise ParameterError(f"parameter file {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ParameterError(f"parameter file {path} must hold a mapping of name: value")
    unknown = sorted(set(data) - set(KNOWN_KEYS))
    if unknown:
        known = "; ".join(f"{k} ({v})" for k, v in KNOWN_KEYS.items())
        raise ParameterError(f"{path}: unknown parameter(s) {', '.join(unknown)}; known: {known}")
    return data


def load_params(*files: str | Path | None, overrides: dict[str, Any] | None = None) -> RunParams:
    """defaults.yaml, then each file, then non-empty overrides (command-line flags)."""
    layered: dict[str, Any] = {}
    for f in (DEFAULT_PARAMS, *files):
        if f:
            layered.update(read_yaml(f))
    for key, value in (overrides or {}).items():
        if value not in (None, ""):
            if key not in KNOWN_KEYS:
                raise ParameterError(f"unknown parameter {key!r}")
            layered[key] = value
    return make_params(**layered)


def make_params(
    data: Any = None,
    region: Any = None,
    period: Any = None,
    out_dir: Any = "reports",
    notebooks: Any = (),
    accept_warnings: Any = False,
    max_abs_growth_pct: Any = DEFAULT_MAX_ABS_GROWTH_PCT,
    highlights: Any = None,
) -> RunParams:
    missing = [k for k, v in (("data", data), ("region", region), ("period", period)) if not v]
    if missing:
        raise ParameterError(
            f"parameter(s) {', '.join(missing)} not set (see params/defaults.yaml)"
        )
    try:
        p = period if isinstance(period, Period) else Period.parse(str(period))
    except PeriodError as exc:
        raise ParameterError(f"parameter period: {exc}") from exc
    if isinstance(notebooks, str):
        notebooks = [notebooks]
    if not isinstance(accept_warnings, bool):
        raise ParameterError(
            tr(
                f"parameter accept_warnings must be true or false, not {accept_warnings!r}",
                f"参数 accept_warnings 只能是 true 或 false，不能是 {accept_warnings!r}",
            )
        )
    if (
        isinstance(max_abs_growth_pct, bool)
        or not isinstance(max_abs_growth_pct, int | float)
        or not max_abs_growth_pct > 0
    ):
        raise ParameterError(
            tr(
                "parameter max_abs_growth_pct must be a positive number of percent (e.g. 300), "
                f"not {max_abs_growth_pct!r}",
                f"参数 max_abs_growth_pct 必须是正的百分数（如 300），不能是 {max_abs_growth_pct!r}",
            )
        )
    if highlights is not None and not isinstance(highlights, dict):
        raise ParameterError(
            tr(
                f"parameter highlights must be a mapping of thresholds, not {highlights!r}",
                f"参数 highlights 必须是阈值的映射（键: 值），不能是 {highlights!r}",
            )
        )
    try:
        Thresholds.from_mapping(highlights)
    except ValueError as exc:
        raise ParameterError(
            tr(f"parameter highlights: {exc}", f"参数 highlights：{exc}")
        ) from None
    return RunParams(
        str(data),
        str(region),
        p,
        str(out_dir),
        tuple(notebooks or ()),
        accept_warnings,
        float(max_abs_growth_pct),
        dict(highlights or {}),
    )


def check_notebook_parameters(**values: Any) -> RunParams:
    """Validate the values of a notebook's parameters cell; raise a clear error if bad."""
    allowed = {
        "data",
        "region",
        "period",
        "results_dir",
        "snapshot",
        "accept_warnings",
        "max_abs_growth_pct",
        "highlights",
    }
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ParameterError(f"unknown notebook parameter(s): {', '.join(unknown)}")
    return make_params(
        values.get("data"),
        values.get("region"),
        values.get("period"),
        accept_warnings=values.get("accept_warnings", False),
        max_abs_growth_pct=values.get("max_abs_growth_pct", DEFAULT_MAX_ABS_GROWTH_PCT),
        highlights=values.get("highlights") or {},
    )
