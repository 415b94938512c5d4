"""The results.json contract: version, labels, schema (docs/results.md)."""

from __future__ import annotations

import json

from conftest import make_dataset

from halfyear_lib.contract.results import (
    SCHEMA_PATH,
    SCHEMA_VERSION,
    contract_fields,
    validate_results,
)
from halfyear_lib.data.periods import Period

REGIONS = [
    {"region_id": "city", "name": "测试市", "kind": "city", "parent_id": None},
    {"region_id": "aa", "name": "安县", "kind": "county", "parent_id": "city"},
]


def minimal(**extra) -> dict:
    ds = make_dataset(regions=REGIONS)
    out = {"region": "aa", "region_name": "安县", "period": "2021-06"}
    out |= {"warnings": [], "analysis_warnings": [], "run_messages": []}
    out |= contract_fields(ds, "aa", Period(2021, 6))
    return out | extra


def test_contract_fields_carry_the_version_and_every_label():
    fields = minimal()
    assert fields["schema_version"] == SCHEMA_VERSION == "1.0"
    assert fields["period_label"] == "2021年1-6月"
    assert fields["labels"]["indicators"]["value_added"] == "规上工业增加值"
    assert fields["labels"]["units"]["above_scale_firms"] == "家"
    assert fields["labels"]["regions"] == {"city": "测试市", "aa": "安县"}
    assert validate_results(fields) == []


def test_the_schema_names_the_field_that_breaks_it():
    bad = minimal(indicators={"output": {"yoy_pct": "12%"}})
    assert validate_results(bad) == [
        "indicators.output.yoy_pct: '12%' is not of type 'number', 'null'"
    ]
    # a missing number is null, and null is allowed
    assert validate_results(minimal(indicators={"output": {"yoy_pct": None}})) == []
    # probabilities are 0..1, not percent
    fc = {"origin": "2021-06", "complete": False, "indicators": ["output"], "nowcast": {},
          "backtest": {}, "chosen": {},
          "full_year": {"output": {"value": 1.0, "yoy_pct": 2.0, "lo80": None, "hi80": None,
                                   "lo95": None, "hi95": None, "model": "rule",
                                   "p_meet_target": 62.0}}}  # fmt: skip
    assert validate_results(minimal(forecast=fc)) == [
        "forecast.full_year.output.p_meet_target: 62.0 is greater than the maximum of 1"
    ]
    missing = minimal()
    del missing["schema_version"]
    assert validate_results(missing) == ["(top): 'schema_version' is a required property"]


def test_the_schema_file_is_valid_json_schema():
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
