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

JUNE = Period(2021, 6)
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


# the drivers of growth, firms' exits, PPI against last month, new entries and pipeline by
# size and month, townships close to schedule (page 02 and 03 facts for the draft)
NEW_FIELDS = {
    "drivers": ("output", "value_added", "contribution_pp", "share_of_change_pct", "material"),
    "firms": ("exited_so_far", "new_same_period_last_year", "new_vs_last_year"),
    "prices": ("national_ppi_prev_month_yoy_pct", "national_ppi_change_pp"),
    "investment": ("over_100m", "by_month", "townships_close_to_schedule"),
}


def _industry_fragment() -> dict:
    from halfyear_lib.analysis.value_added import (
        drivers_to_results,
        growth_drivers,
        value_added_estimate,
    )
    from halfyear_lib.contract.results import to_jsonable

    rows = [
        {"region_id": "aa", "industry": i, "year": 2021, "month": 6, "output": o,
         "output_prev": p, "va_rate": 20.0, "va_rate_prev": 20.0, "ppi_yoy_pct": 0.0}
        for i, o, p in [("A", 80.0, 60.0), ("B", 30.0, 40.0)]
    ]  # fmt: skip
    est = value_added_estimate(make_dataset(regions=REGIONS, industries=rows), "aa", JUNE)
    return to_jsonable({"drivers": drivers_to_results(growth_drivers(est))})


def test_the_new_fields_are_typed_in_the_schema_and_documented():
    fields = minimal(
        **_industry_fragment(),
        firms={"exited_so_far": 1, "new_same_period_last_year": 2, "new_vs_last_year": -1,
               "exited": [{"enterprise_id": "f1", "name": "甲厂", "exited": "2021-03"}]},
        prices={"national_ppi_prev_month_yoy_pct": 9.0, "national_ppi_change_pp": -0.2},
        investment={
            "new_entries": {"planned_total": 3.5, "over_100m": {"count": 1, "planned": 1.0}},
            "pipeline": {"over_100m": None, "by_month": {"2021-08": {"count": 2, "planned": 1.8}}},
            "townships_close_to_schedule": ["乙镇"],
        },
    )  # fmt: skip
    assert validate_results(fields) == []
    # without the data: null everywhere
    empty = minimal(
        firms=dict.fromkeys(("exited_so_far", "exited", "new_same_period_last_year",
                             "new_vs_last_year")),
        prices={"national_ppi_prev_month_yoy_pct": None, "national_ppi_change_pp": None},
        investment={"new_entries": {"planned_total": None, "over_100m": None},
                    "pipeline": {"over_100m": None, "by_month": None},
                    "townships_close_to_schedule": None},
        drivers={m: {"available": False, "reason": "no_industry_rows", "by_industry": []}
                 for m in ("output", "value_added")},
    )  # fmt: skip
    assert validate_results(empty) == []
    bad = _industry_fragment()
    bad["drivers"]["output"]["by_industry"][0]["material"] = "yes"
    assert validate_results(minimal(**bad)) == [
        "drivers.output.by_industry.0.material: 'yes' is not of type 'boolean', 'null'"
    ]
    bad = minimal(investment={"pipeline": {"by_month": {"August": {"count": 1, "planned": 1}}}})
    assert len(validate_results(bad)) == 1
    from halfyear_lib.paths import PROJECT_ROOT

    docs = (PROJECT_ROOT / "docs" / "results.md").read_text(encoding="utf-8")
    schema = SCHEMA_PATH.read_text(encoding="utf-8")
    for section, keys in NEW_FIELDS.items():
        assert f"`{section}" in docs
        for key in keys:
            assert f"`{key}`" in docs or f"`{section}.{key}`" in docs, key
            assert f'"{key}"' in schema, key
