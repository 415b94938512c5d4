"""Parameters: defaults layered with a run file and flags; unknown names are errors."""

from __future__ import annotations

import pytest

from halfyear_lib.data.periods import Period
from halfyear_lib.params import ParameterError, check_notebook_parameters, load_params


def test_defaults_then_file_then_flags(tmp_path):
    run = tmp_path / "run.yaml"
    run.write_text('period: "2021-05"\nregion: lanxi\n', encoding="utf-8")
    p = load_params(run)
    assert p.period == Period(2021, 5) and p.region == "lanxi" and p.data == "demo"
    p = load_params(run, overrides={"region": "qingshui", "period": None})
    assert p.region == "qingshui" and p.period == Period(2021, 5)


def test_unknown_key_names_file_and_known_keys(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("regoin: qingshui\n", encoding="utf-8")
    with pytest.raises(
        ParameterError, match=r"bad\.yaml: unknown parameter\(s\) regoin; known: data"
    ):
        load_params(bad)


def test_bad_period_is_explained():
    with pytest.raises(ParameterError, match="January is published with February as 1-2月"):
        load_params(overrides={"period": "2021-01"})


def test_notebook_parameters_are_checked():
    p = check_notebook_parameters(
        data="demo", region="qingshui", period="2021年1-6月", results_dir="", snapshot=""
    )
    assert p.period == Period(2021, 6)
    with pytest.raises(ParameterError, match="unknown notebook parameter"):
        check_notebook_parameters(data="demo", region="x", period="2021-06", regoin="y")


def test_plausibility_parameters(tmp_path):
    p = load_params()
    assert p.accept_warnings is False and p.max_abs_growth_pct == 300
    run = tmp_path / "run.yaml"
    run.write_text("accept_warnings: true\nmax_abs_growth_pct: 500\n", encoding="utf-8")
    p = load_params(run)
    assert p.accept_warnings is True and p.max_abs_growth_pct == 500
    assert p.as_dict()["accept_warnings"] is True
    p = load_params(overrides={"accept_warnings": True, "max_abs_growth_pct": 1000.0})
    assert p.accept_warnings is True and p.max_abs_growth_pct == 1000
    run.write_text('accept_warnings: "yes please"\n', encoding="utf-8")
    with pytest.raises(ParameterError, match="accept_warnings must be true or false"):
        load_params(run)
    run.write_text("max_abs_growth_pct: -5\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="max_abs_growth_pct must be a positive number"):
        load_params(run)


def test_highlight_thresholds_are_layered_and_checked(tmp_path):
    run = tmp_path / "run.yaml"
    run.write_text("highlights:\n  top_rank: 5\n", encoding="utf-8")
    p = load_params(run)
    assert p.highlights == {"top_rank": 5}  # the run's file replaces the defaults' mapping
    bad = tmp_path / "bad.yaml"
    bad.write_text("highlights:\n  top_rnak: 5\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="top_rnak"):
        load_params(bad)
    defaults = load_params()
    assert defaults.highlights["price_gap_pp"] == 2.0
