"""results.json: every number a report shows, keyed by indicator code and field.

Each notebook writes a fragment (``<results_dir>/<notebook>.json``); the run merges
the fragments into one ``results.json``. Values are JSON-safe: NaN becomes null,
numpy scalars become Python numbers.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

FLOAT_DECIMALS = 6
SCHEMA_VERSION = "1.0"
"""Version of the results.json contract (docs/results.md); a change that renames or removes
a field, or changes its unit or sign, raises the major number."""
SCHEMA_PATH = Path(__file__).with_name("results.schema.json")


def to_jsonable(obj: Any) -> Any:
    """Recursively convert to JSON-safe Python types (NaN/NA -> None)."""
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, bool | np.bool_):
        return bool(obj)
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        # 6 decimals: 0.000001 亿元 is 100 yuan; drops binary noise such as 88.20388100000001
        return None if math.isnan(obj) or math.isinf(obj) else round(float(obj), FLOAT_DECIMALS)
    if obj is None or obj is pd.NA or obj is pd.NaT:
        return None
    if isinstance(obj, pd.Period):
        return str(obj)
    return obj


def deep_merge(into: dict, fragment: dict) -> dict:
    """Merge ``fragment`` into ``into`` (nested dicts merged, other values replaced)."""
    for key, value in fragment.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            deep_merge(into[key], value)
        else:
            into[key] = value
    return into


def write_json(path: str | Path, data: Any) -> Path:
    """Write JSON atomically (temporary file in the same folder, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(to_jsonable(data), fh, ensure_ascii=False, indent=2, sort_keys=False)
            fh.write("\n")
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; reports are shared files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_fragment(results_dir: str | Path | None, name: str, data: dict) -> Path | None:
    """Write one notebook's results fragment; a no-op when no results folder is given."""
    if not results_dir:
        return None
    return write_json(Path(results_dir) / f"{name}.json", data)


TABLES_DIR = "tables"
"""Under a run's fragments folder: each page's display tables (for ``tables.xlsx``)."""


def write_tables_fragment(results_dir: str | Path | None, page: str, tables: dict) -> Path | None:
    """Write a page's display tables ({name: DataFrame with Chinese headers, cells as
    printed}) where the run collects them; a no-op outside a run."""
    if not results_dir:
        return None
    out = []
    for name, frame in tables.items():
        if frame is None or frame.empty:
            continue
        cells = frame.astype(object).where(frame.notna(), None)
        out.append(
            {
                "name": name,
                "columns": [str(c) for c in frame.columns],
                "rows": [[to_jsonable(v) for v in row] for row in cells.itertuples(index=False)],
            }
        )
    return write_json(
        Path(results_dir) / TABLES_DIR / f"{page}.json", {"page": page, "tables": out}
    )


def read_tables_fragments(results_dir: str | Path) -> list[dict]:
    """The pages' display tables written by :func:`write_tables_fragment`, by page name."""
    folder = Path(results_dir) / TABLES_DIR
    if not folder.is_dir():
        return []
    out = []
    for frag in sorted(folder.glob("*.json")):
        with open(frag, encoding="utf-8") as fh:
            out.append(json.load(fh))
    return out


def merge_fragments(results_dir: str | Path) -> dict:
    """Merge every fragment of a folder, in name order."""
    merged: dict = {}
    for frag in sorted(Path(results_dir).glob("*.json")):
        with open(frag, encoding="utf-8") as fh:
            deep_merge(merged, json.load(fh))
    return merged


def flatten(data: dict, prefix: str = "") -> dict[str, Any]:
    """Dotted keys: {"indicators": {"output": {"value": 1}}} -> {"indicators.output.value": 1}."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        dotted = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            out.update(flatten(value, dotted))
        else:
            out[dotted] = value
    return out


def contract_fields(ds, region: str, period) -> dict:
    """What every results.json carries besides the notebooks' numbers: the contract
    version, the period label and the labels of every code (indicators, units, regions,
    rank groups), so a reader of the file needs no other source for names."""
    from ..data.schema import INDICATORS, RANK_GROUPS

    regions = ds.regions
    return {
        "schema_version": SCHEMA_VERSION,
        "period_label": period.full_label,
        "labels": {
            "indicators": {code: spec.label for code, spec in INDICATORS.items()},
            "units": {code: spec.unit for code, spec in INDICATORS.items()},
            "regions": dict(zip(regions["region_id"], regions["name"], strict=True)),
            "rank_groups": dict(RANK_GROUPS),
        },
    }


def validate_results(results: dict) -> list[str]:
    """Problems of a results dict against ``results.schema.json`` (empty: it conforms).

    Each problem names the field path, e.g. ``indicators.output.yoy_pct: 'x' is not of
    type 'number', 'null'``.
    """
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    return [
        f"{'.'.join(str(p) for p in err.absolute_path) or '(top)'}: {err.message}"
        for err in sorted(validator.iter_errors(results), key=lambda e: list(e.absolute_path))
    ]
