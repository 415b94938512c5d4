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
        raise ParameterError(
            tr(f"parameter file {path} not found", f"找不到参数文件 {path}")
        ) from exc
    except yaml.YAMLError as exc:
        raise ParameterError(
            tr(
                f"parameter file {path} is not valid YAML: {exc}",
                f"参数文件 {path} 不是有效的 YAML：{exc}",
            )
        ) from exc
    if not isinstance(data, dict):
        raise ParameterError(
            tr(
                f"parameter file {path} must hold a mapping of name: value",
                f"参数文件 {path} 应为“名称: 值”的映射",
            )
        )
    unknown = sorted(set(data) - set(KNOWN_KEYS))
    if unknown:
        known = "; ".join(f"{k} ({v})" for k, v in KNOWN_KEYS.items())
        raise ParameterError(
            tr(
                f"{path}: unknown parameter(s) {', '.join(unknown)}; known: {known}",
                f"{path}：未知参数 {'、'.join(unknown)}；可用的参数：{'、'.join(KNOWN_KEYS)}",
            )
        )
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


# --------------------------------------------------------------------------- batch run files

# what one batch shares: the data set is validated once, the reports go under one folder
BATCH_KEYS = ("data", "out_dir", "accept_warnings", "max_abs_growth_pct")
PARAMS_SUFFIXES = (".yaml", ".yml")


def params_files_in(folder: str | Path) -> list[Path]:
    """The run files of a folder: its ``*.yaml`` / ``*.yml`` files (not its subfolders),
    by name; ``params/defaults.yaml`` itself is the base layer, never a run."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ParameterError(
            tr(
                f"params folder {folder} not found (or not a folder); give a folder of YAML "
                "files, one per run",
                f"找不到参数文件夹 {folder}（或它不是文件夹）；请给出每次运行一个 YAML 文件的文件夹",
            )
        )
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and p.suffix.lower() in PARAMS_SUFFIXES
        and p.resolve() != DEFAULT_PARAMS.resolve()
    )
    if not files:
        raise ParameterError(
            tr(
                f"no params files (*.yaml) in {folder}; write one file per run, e.g. "
                'region: lanxi and period: "2021-06"',
                f"{folder} 中没有参数文件（*.yaml）；请每次运行写一个文件，如 region: lanxi 和 "
                'period: "2021-06"',
            )
        )
    return files


def load_run_params(
    run_files: list[str | Path],
    base_files: list[str | Path] | tuple = (),
    overrides: dict[str, Any] | None = None,
) -> list[tuple[Path, RunParams]]:
    """One RunParams per run file, layered as ``halfyear run`` layers them:
    params/defaults.yaml, each of ``base_files`` (``--params``), the run file, then
    ``overrides`` (command-line flags).

    The keys of BATCH_KEYS must come out the same for every run (one batch validates one
    data set once and writes under one folder). Every error names the file and the key.
    """
    base = load_params(*base_files, overrides=overrides)
    # region and period must be chosen for the batch (a run file, a --params file or a
    # flag), never taken silently from params/defaults.yaml (the demo's unit)
    chosen = {k for k, v in (overrides or {}).items() if v not in (None, "")}
    for f in base_files:
        chosen |= set(read_yaml(Path(f)))
    out: list[tuple[Path, RunParams]] = []
    for f in run_files:
        path = Path(f)
        try:
            raw = read_yaml(path)
            for key in ("region", "period"):
                if key in raw and not isinstance(raw[key], str | int):
                    raise ParameterError(
                        tr(
                            f"{key} must be one value (an id or name, a period such as "
                            f'"2021-06"), not {raw[key]!r}',
                            f'{key} 必须是单个值（地区代码或名称、期间如 "2021-06"），'
                            f"不能是 {raw[key]!r}",
                        )
                    )
            params = load_params(*base_files, path, overrides=overrides)
        except ParameterError as exc:
            message = str(exc)
            raise ParameterError(
                message if message.startswith(str(path)) else f"{path}: {message}"
            ) from None
        for key in BATCH_KEYS:
            mine, batch = getattr(params, key), getattr(base, key)
            if not _same_value(key, mine, batch):
                raise ParameterError(
                    tr(
                        f"{path}: {key} is {mine!r}, but the batch's is {batch!r}; a batch "
                        f"shares {', '.join(BATCH_KEYS)}: set {key} in a --params file for "
                        "every run (or the flag) and leave it out of the run files",
                        f"{path}：{key} 为 {mine!r}，而本批次为 {batch!r}；同一批次共用 "
                        f"{'、'.join(BATCH_KEYS)}：请在所有运行共用的 --params 文件（或命令行选项）"
                        f"中设置 {key}，不要写在各运行的文件里",
                    )
                )
        for key in ("region", "period"):
            if key not in raw and key not in chosen:
                raise ParameterError(
                    tr(
                        f"{path}: no {key}: write {key}: … in the file (the default of "
                        "params/defaults.yaml is not used for a batch run)",
                        f"{path}：没有 {key}：请在文件中写明 {key}: …（批量运行不使用 "
                        "params/defaults.yaml 的默认值）",
                    )
                )
        out.append((path, params))
    return out


def _same_value(key: str, a: Any, b: Any) -> bool:
    """Two values of a batch key mean the same (data: the same data set wherever named)."""
    if a == b:
        return True
    if key in ("data", "out_dir"):
        from .paths import resolve_data_path

        try:
            if key == "data":
                return resolve_data_path(a) == resolve_data_path(b)
            return Path(a).resolve() == Path(b).resolve()
        except OSError:
            return False
    return False
