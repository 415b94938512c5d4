"""results.json helpers: JSON-safe values, merging of notebook fragments, atomic writes."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from halfyear_lib.contract.results import (
    deep_merge,
    flatten,
    merge_fragments,
    to_jsonable,
    write_fragment,
)


def test_to_jsonable_turns_nan_and_numpy_into_json():
    data = {
        "a": np.float64("nan"),
        "b": np.int64(3),
        "c": [np.float32(1.5), pd.NA],
        "d": np.bool_(True),
    }
    assert to_jsonable(data) == {"a": None, "b": 3, "c": [1.5, None], "d": True}


def test_fragments_merge_into_one_document(tmp_path):
    write_fragment(
        tmp_path, "01_indicators", {"indicators": {"output": {"value": 80.0}}, "period": "2021-06"}
    )
    write_fragment(tmp_path, "02_industry", {"indicators": {"output": {"va_rate": 24.8}}})
    merged = merge_fragments(tmp_path)
    assert merged == {
        "indicators": {"output": {"value": 80.0, "va_rate": 24.8}},
        "period": "2021-06",
    }
    assert flatten(merged)["indicators.output.va_rate"] == 24.8
    assert (
        json.loads((tmp_path / "01_indicators.json").read_text(encoding="utf-8"))["period"]
        == "2021-06"
    )
    assert not list(tmp_path.glob(".tmp-*"))  # no temporary file left behind


def test_write_fragment_without_folder_is_a_no_op():
    assert write_fragment("", "x", {"a": 1}) is None


def test_deep_merge_replaces_leaves():
    assert deep_merge({"a": {"b": 1, "c": 2}}, {"a": {"c": 3}}) == {"a": {"b": 1, "c": 3}}
