"""The cumulative series of one unit and indicator, as the data set holds it."""

from __future__ import annotations

import pandas as pd

from ..data.dataset import DataSet


def series(ds: DataSet, region_id: str, indicator: str) -> pd.DataFrame:
    """Cumulative series of one region and indicator: year, month, value, yoy_pct, base."""
    ind = ds.indicators
    rows = ind.loc[(ind["region_id"] == region_id) & (ind["indicator"] == indicator)]
    return rows[["year", "month", "value", "yoy_pct", "base"]].sort_values(["year", "month"])
