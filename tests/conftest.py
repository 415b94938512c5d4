"""Shared fixtures: tiny hand-made data sets in canonical form, and the demo data set."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

from halfyear_lib.data.dataset import DataSet
from halfyear_lib.data.language import language
from halfyear_lib.data.schema import TABLES


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
