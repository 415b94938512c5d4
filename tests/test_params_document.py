"""The ``document`` parameters (the drafted summary's bureau, signature and date): read from
YAML, validated like the other keys, and kept as results.json keeps them."""

from __future__ import annotations

import datetime as dt

import pytest

from halfyear_lib.params import (
    KNOWN_KEYS,
    ParameterError,
    document_entries,
    load_params,
    make_params,
)


def test_the_defaults_give_no_bureau():
    params = load_params()
    assert "document" in KNOWN_KEYS
    assert params.document == {} and params.as_dict()["document"] == {}


def test_a_run_file_names_the_bureau_and_the_date(tmp_path):
    run = tmp_path / "run.yaml"
    # an unquoted date is a YAML date; a quoted one is text: both are the same day
    run.write_text(
        "document:\n  bureau: 清水县科技经济信息化局\n  date: 2021-07-15\n", encoding="utf-8"
    )
    assert load_params(run).document == {"bureau": "清水县科技经济信息化局", "date": "2021-07-15"}
    run.write_text('document: {signature: " 清水县科经局 ", date: "2021-07-05"}\n', "utf-8")
    assert load_params(run).document == {"signature": "清水县科经局", "date": "2021-07-05"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"bureu": "x"}, "unknown entry bureu"),
        ({"bureau": 3}, "bureau must be text of at most 200 characters"),
        ({"signature": "局" * 201}, "signature must be text of at most 200 characters"),
        ({"date": "2021-7-15"}, 'date must be a date such as "2021-07-15"'),
        ({"date": "2021-02-30"}, 'date must be a date such as "2021-07-15"'),
        ({"date": 20210715}, 'date must be a date such as "2021-07-15"'),
        ({"date": dt.datetime(2021, 7, 15, 8)}, 'date must be a date such as "2021-07-15"'),
        (["清水县"], "parameter document must be a mapping of bureau, signature"),
        ("清水县", "parameter document must be a mapping of bureau, signature"),
    ],
)
def test_a_bad_document_parameter_is_named(value, message):
    with pytest.raises(ParameterError, match="parameter document") as err:
        make_params("demo", "qingshui", "2021-06", document=value)
    assert message in str(err.value)


def test_a_bad_document_in_a_file_names_the_file(tmp_path):
    run = tmp_path / "run.yaml"
    run.write_text("document:\n  date: next week\n", encoding="utf-8")
    with pytest.raises(ParameterError) as err:
        load_params(run)
    assert str(run) in str(err.value) and "date must be a date" in str(err.value)


def test_results_json_keeps_only_what_was_given():
    assert document_entries(None) == {}
    assert document_entries({"bureau": "  ", "signature": "", "date": ""}) == {}
    assert document_entries({"bureau": " 甲局 ", "date": dt.date(2021, 7, 1)}) == {
        "bureau": "甲局",
        "date": "2021-07-01",
    }


def test_each_run_file_of_a_batch_names_its_own_bureau(tmp_path):
    from halfyear_lib.data.loading import load_dataset
    from halfyear_lib.params import load_run_params
    from halfyear_lib.paths import DEMO_DATA_DIR
    from halfyear_lib.running.batch import PlannedRun, _resolve_plan

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text('region: lanxi\nperiod: "2021-06"\ndocument: {bureau: 岚溪县经信局}\n', "utf-8")
    b.write_text('region: qingshui\nperiod: "2021-06"\n', "utf-8")
    runs = load_run_params([a, b])
    assert [p.document for _, p in runs] == [{"bureau": "岚溪县经信局"}, {}]
    plan = [PlannedRun(p.region, p.period, p.notebooks, p.highlights, str(f), p.document)
            for f, p in runs]  # fmt: skip
    resolved = _resolve_plan(load_dataset(DEMO_DATA_DIR), plan, ())
    assert [r.document for r in resolved] == [{"bureau": "岚溪县经信局"}, {}]
