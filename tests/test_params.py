"""Parameters: defaults layered with a run file and flags; unknown names are errors."""

from __future__ import annotations

import pytest

from halfyear_lib.data.periods import Period
from halfyear_lib.params import (
    ParameterError,
    check_notebook_parameters,
    load_params,
    load_run_params,
    params_files_in,
)
from halfyear_lib.paths import DEFAULT_PARAMS, PARAMS_DIR


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


# ------------------------------------------------------------------ batch run files


def test_each_run_file_is_layered_as_halfyear_run_layers_it(tmp_path):
    base = tmp_path / "city.yaml"
    base.write_text("highlights:\n  top_rank: 2\nnotebooks: [01_indicators.ipynb]\n", "utf-8")
    a = tmp_path / "a.yaml"
    a.write_text('region: 岚溪县\nperiod: "2021-05"\nhighlights:\n  top_rank: 5\n', "utf-8")
    b = tmp_path / "b.yaml"
    b.write_text('region: lanxi\nperiod: "2021-06"\n', encoding="utf-8")
    runs = load_run_params([a, b], [base], overrides={"notebooks": None})
    assert [f for f, _ in runs] == [a, b]
    (_, pa), (_, pb) = runs
    # defaults.yaml, then --params (base), then the run file
    assert (pa.region, pa.period, pa.highlights) == ("岚溪县", Period(2021, 5), {"top_rank": 5})
    assert (pb.region, pb.period, pb.highlights) == ("lanxi", Period(2021, 6), {"top_rank": 2})
    assert pa.notebooks == pb.notebooks == ("01_indicators.ipynb",)
    # and flags last: --notebook wins over every file
    runs = load_run_params([a], [base], overrides={"notebooks": ["02_industry.ipynb"]})
    assert runs[0][1].notebooks == ("02_industry.ipynb",)
    # the same as halfyear run --params city.yaml --params a.yaml
    assert runs[0][1] == load_params(base, a, overrides={"notebooks": ["02_industry.ipynb"]})


@pytest.mark.parametrize(
    "text, message",
    [
        ("regoin: lanxi\n", "unknown parameter(s) regoin"),
        ('period: "2021-01"\n', "parameter period: "),
        ("region: [lanxi, anlan]\n", "region must be one region id or Chinese name, not a list"),
        ("accept_warnings: maybe\n", "accept_warnings must be true or false"),
        ("- region: lanxi\n", "must hold a mapping"),
        # one batch, one data set, one output folder, one set of plausibility options
        ("out_dir: elsewhere\n", "out_dir is 'elsewhere', but the batch's is 'reports'"),
        ("max_abs_growth_pct: 500\n", "max_abs_growth_pct is 500.0, but the batch's is 300.0"),
    ],
)
def test_a_bad_run_file_is_named_with_its_key(tmp_path, text, message):
    run = tmp_path / "run.yaml"
    run.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError) as err:
        load_run_params([run])
    assert str(err.value).startswith(f"{run}")
    assert message in str(err.value)


def test_the_same_data_named_two_ways_is_one_data_set(tmp_path):
    run = tmp_path / "run.yaml"
    demo = PARAMS_DIR.parent / "data" / "demo"
    run.write_text(f'data: {demo}\nregion: lanxi\nperiod: "2021-06"\n', encoding="utf-8")
    ((_, params),) = load_run_params([run])  # defaults.yaml says "demo": no error
    assert params.data == str(demo)
    run.write_text(f"data: {tmp_path}\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="data is .*, but the batch's is 'demo'"):
        load_run_params([run])


def test_a_params_folder_holds_one_run_per_yaml_file(tmp_path):
    for name in ("b.yml", "a.yaml", "notes.txt"):
        (tmp_path / name).write_text("region: lanxi\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.yaml").write_text("region: lanxi\n", encoding="utf-8")
    assert [p.name for p in params_files_in(tmp_path)] == ["a.yaml", "b.yml"]
    # params/ itself: defaults.yaml is the base layer, not a run
    assert DEFAULT_PARAMS not in params_files_in(PARAMS_DIR)
    with pytest.raises(ParameterError, match=r"no params files \(\*\.yaml\) in"):
        params_files_in(_empty(tmp_path))
    with pytest.raises(ParameterError, match="params folder .* not found"):
        params_files_in(tmp_path / "missing")


def _empty(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    return folder


def test_the_example_run_files_are_valid_runs():
    runs = load_run_params(params_files_in(PARAMS_DIR / "runs"))
    assert [(p.region, p.period.iso) for _, p in runs] == [
        ("岚溪县", "2021-06"),
        ("qingshui", "2021-05"),
    ]


def test_a_batch_run_file_without_region_or_period_is_refused(tmp_path):
    """A run file with only a period once ran params/defaults.yaml's unit (the demo's
    qingshui) without a word: region and period must be chosen for a batch."""
    from halfyear_lib.params import ParameterError, load_run_params

    only_period = tmp_path / "only-period.yaml"
    only_period.write_text('period: "2021-06"\n', encoding="utf-8")
    with pytest.raises(ParameterError, match=r"only-period.yaml: no region"):
        load_run_params([only_period])
    only_region = tmp_path / "only-region.yaml"
    only_region.write_text("region: lanxi\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"only-region.yaml: no period"):
        load_run_params([only_region])
    # a period shared by the batch's --params file is a choice too
    shared = tmp_path / "shared.yaml"
    shared.write_text('period: "2021-05"\n', encoding="utf-8")
    [(path, params)] = load_run_params([only_region], [shared])
    assert (params.region, params.period.iso) == ("lanxi", "2021-05")


def test_params_messages_are_in_chinese_by_default(tmp_path):
    from halfyear_lib.data.language import language
    from halfyear_lib.params import ParameterError, read_yaml

    bad = tmp_path / "bad.yaml"
    bad.write_text("foo: 1\n", encoding="utf-8")
    with language("zh"), pytest.raises(ParameterError, match="未知参数 foo；可用的参数："):
        read_yaml(bad)
