"""Shared fixtures: tiny hand-made data sets in canonical form, and the demo data set."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from halfyear_lib.data.dataset import DataSet
from halfyear_lib.data.language import language
from halfyear_lib.data.schema import TABLES


def page_text(path) -> str:
    """The visible text of a rendered page: no style or script, images as [图], no tags."""
    t = Path(path).read_text(encoding="utf-8")
    t = re.sub(r"<(style|script)\b.*?</\1>", "", t, flags=re.S)
    t = re.sub(r"<img[^>]*>", "[图]", t)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", t))


@pytest.fixture(scope="session", autouse=True)
def fit_cache(tmp_path_factory):
    """Model fits are cached in a folder of this test session, never the user's cache;
    report runs in subprocesses and kernels inherit it."""
    folder = tmp_path_factory.mktemp("fit-cache")
    old = os.environ.get("HALFYEAR_CACHE_DIR")
    os.environ["HALFYEAR_CACHE_DIR"] = str(folder)
    # and every run of the suite checks its results.json against the schema
    os.environ["HALFYEAR_VALIDATE_RESULTS"] = "1"
    yield folder
    if old is None:
        os.environ.pop("HALFYEAR_CACHE_DIR", None)
    else:
        os.environ["HALFYEAR_CACHE_DIR"] = old


@pytest.fixture(autouse=True)
def english_messages():
    """Tests read messages in English unless they ask for Chinese (``language("zh")``)."""
    with language("en"):
        yield


# The results.json contract of issue 2, spelled out here rather than imported from the
# library, so a change to the library's list cannot silently shrink what is checked.
CONTRACT_INDICATORS = (
    "output",
    "value_added",
    "industrial_investment",
    "tech_investment",
    "hitech_value_added",
)

_PANDAS_DTYPES = {
    "int": "int64",
    "float": "float64",
    "pct": "float64",
    "amount": "float64",
    "quantity": "float64",
    "bool": "boolean",
    "month": "period[M]",
}


def make_dataset(**rows: list[dict]) -> DataSet:
    """A canonical DataSet from lists of row dicts; absent tables and columns are empty.

    Month columns take "YYYY-MM" strings. Mirrors the loader's canonical form.
    """
    tables = {}
    for name, spec in TABLES.items():
        df = pd.DataFrame(rows.get(name, []))
        for col in spec.columns:
            if col.name not in df.columns:
                df[col.name] = pd.NA
            dtype = _PANDAS_DTYPES.get(col.dtype)
            if col.dtype == "int" and col.nullable:
                dtype = "Int64"
            if name == "indicators" and col.name == "rate_kind":
                df[col.name] = df[col.name].where(df[col.name].notna(), "cumulative")
            if col.dtype == "month":
                df[col.name] = pd.PeriodIndex(
                    [
                        pd.Period(v, "M") if isinstance(v, str) and v else pd.NaT
                        for v in df[col.name]
                    ],
                    freq="M",
                )
            elif dtype:
                values = df[col.name].astype(object).where(df[col.name].notna(), None)
                if dtype == "float64":
                    df[col.name] = pd.to_numeric(values, errors="raise").astype("float64")
                else:
                    df[col.name] = pd.array(
                        list(values), dtype=dtype if dtype != "int64" else "int64"
                    )
            else:
                df[col.name] = df[col.name].astype(object)
        tables[name] = df[list(spec.column_names)]
    return DataSet(tables, source="<test>")


@pytest.fixture
def dataset_factory():
    return make_dataset


def halfyear(*args: str, lang: str = "en", timeout: int = 600) -> subprocess.CompletedProcess:
    """The command line in a fresh process, as a user runs it (messages in ``lang``)."""
    from halfyear_lib.paths import PROJECT_ROOT

    return subprocess.run(
        [sys.executable, "-m", "halfyear_lib.cli", *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=timeout,
        env={**os.environ, "HALFYEAR_LANG": lang},
    )


def sample_results():
    """Results of a report as 01 and 02 write them, for highlights and sentences."""
    return {
        "indicators": {
            # output: 51.9% of target at 50% time progress (+1.9 pp), 24.1% growth, 3rd of 11
            "output": {"target_share_pct": 51.9, "schedule_gap_pp": 1.9, "yoy_pct": 24.1,
                       "rank_city": 3, "rank_city_of": 11, "time_progress_pct": 50.0},
            # value added: 13.8% against an 8% target (+5.8 pp), 10th of 11
            "value_added": {"yoy_pct": 13.8, "target_growth_pct": 8.0, "growth_gap_pp": 5.8,
                            "rank_city": 10, "rank_city_of": 11},
            # investment: 43.2% of target, 6.8 pp behind, 3.28 亿元 short; 9th of 11
            "industrial_investment": {"target_share_pct": 43.2, "schedule_gap_pp": -6.8,
                                      "shortfall": 3.28, "yoy_pct": -2.0, "rank_city": 9,
                                      "rank_city_of": 11},
        },
        "trend_summary": {"output": {"rank_change_since_first": 2, "double_digit_all_year": True,
                                     "growth_streak_periods": 5},
                          "value_added": {"rank_change_since_first": -3}},
        "rate_adjustment": {"impact_pp": -1.4, "impact_value": -0.3, "drivers": ["针织服装"]},
        "prices": {"gap_pp": 4.5, "output_nominal_yoy_pct": 24.1, "output_real_yoy_pct": 19.6},
        "firms": {"new_target_share_pct": 40.0, "net_increase": 16, "new_target": 40},
        "innovation": {"rd_expense": {"completion_pct": 55.0, "schedule_gap_pp": 5.0},
                       "tech_smes": {"completion_pct": 30.0, "schedule_gap_pp": -20.0}},
        "tasks": {"counts": {"done": 2, "on_track": 15, "behind": 3, "not_started": 1}},
    }  # fmt: skip
