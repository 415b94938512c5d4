"""Run files (--params, --run-params, --params-dir) are data from outside: a notebook entry
can name only a report notebook of the project, every key has its type, and the YAML reader
refuses alias bombs, deep nesting and huge files quickly, quoting the key, never the value."""

from __future__ import annotations

import json
import time

import pytest
from conftest import halfyear

from halfyear_lib.chapters.registry import report_notebook, report_notebooks
from halfyear_lib.cli import main
from halfyear_lib.params import (
    MAX_PARAMS_FILE_BYTES,
    MAX_YAML_NODES,
    ParameterError,
    load_params,
    load_run_params,
    read_yaml,
)
from halfyear_lib.paths import NOTEBOOKS_DIR
from halfyear_lib.running.runs import RunInputError, list_notebooks

EVIL_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "evil",
            "metadata": {},
            "outputs": [],
            "source": ["import pathlib\n", "pathlib.Path(MARKER).write_text('ran')\n"],
        }
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


@pytest.fixture
def evil(tmp_path):
    """A notebook outside the project that writes a marker file if anything executes it."""
    marker = tmp_path / "marker.txt"
    nb = dict(EVIL_NOTEBOOK)
    nb["cells"] = [
        dict(EVIL_NOTEBOOK["cells"][0], source=[f"MARKER = {str(marker)!r}\n"])
    ] + EVIL_NOTEBOOK["cells"]
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    path = folder / "01_evil.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path, marker


def _relative_to_notebooks(path):
    import os

    return os.path.relpath(path, NOTEBOOKS_DIR)


@pytest.mark.parametrize("form", ["absolute", "dotdot", "subfolder", "unknown", "explore"])
def test_notebooks_only_names_report_notebooks(tmp_path, evil, form):
    path, _ = evil
    entry = {
        "absolute": str(path),
        "dotdot": _relative_to_notebooks(path),  # ../../tmp/.../01_evil.ipynb
        "subfolder": "sub/01_indicators.ipynb",
        "unknown": "01_evil.ipynb",
        "explore": "explore.ipynb",  # a notebook of the folder, but not a report page
    }[form]
    run = tmp_path / "run.yaml"
    run.write_text(f"notebooks: [{json.dumps(entry)}]\n", encoding="utf-8")
    with pytest.raises(ParameterError) as err:
        load_params(run)
    text = str(err.value)
    assert text.startswith(f"{run}: parameter notebooks:"), text
    assert "01_indicators.ipynb" in text  # the valid names are listed
    with pytest.raises(ValueError):
        report_notebook(entry)
    with pytest.raises(RunInputError):  # and the runner checks again, whoever calls it
        list_notebooks([entry])


def test_a_notebook_name_with_or_without_suffix():
    first = report_notebooks()[0]
    assert report_notebook(first.name) == first
    assert report_notebook(first.stem) == first
    p = load_params(overrides={"notebooks": [first.stem]})
    assert p.notebooks == (first.name,)


@pytest.mark.parametrize("how", ["run", "run-params", "params-dir"])
def test_a_foreign_notebook_never_runs(tmp_path, evil, how):
    """Before: the batch said 成功 and wrote 01_evil.html into the report."""
    path, marker = evil
    runs = tmp_path / "runs"
    runs.mkdir()
    run = runs / "evil.yaml"
    run.write_text(
        f'region: lanxi\nperiod: "2021-06"\nnotebooks: [{json.dumps(str(path))}]\n',
        encoding="utf-8",
    )
    out = tmp_path / "reports"
    args = {
        "run": ["run", "--params", str(run)],
        "run-params": ["batch", "--run-params", str(run)],
        "params-dir": ["batch", "--params-dir", str(runs)],
    }[how]
    t0 = time.perf_counter()
    proc = halfyear(*args, "--out", str(out), timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert time.perf_counter() - t0 < 60
    assert "notebooks" in proc.stderr and "Traceback" not in proc.stderr
    assert str(run) in proc.stderr
    assert not marker.exists()
    assert not out.exists() or not list(out.rglob("*.html"))


def _alias_bomb(key: str = "region", levels: int = 9) -> str:
    """The classic 'billion laughs' in a few hundred bytes: 9**9 values once expanded."""
    lines = [f"{key}: ["]
    lines.append('  &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"],')
    names = "abcdefghij"
    for i in range(1, levels):
        prev, cur = names[i - 1], names[i]
        lines.append(f"  &{cur} [" + ",".join([f"*{prev}"] * 9) + "],")
    lines.append("]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once_quoting_the_key(tmp_path):
    run = tmp_path / "bomb.yaml"
    run.write_text('period: "2021-06"\n' + _alias_bomb("region"), encoding="utf-8")
    assert run.stat().st_size < 700
    t0 = time.perf_counter()
    with pytest.raises(ParameterError) as err:
        read_yaml(run)
    elapsed = time.perf_counter() - t0
    assert elapsed < 1.0, elapsed  # before: ~40 s and a MemoryError traceback
    text = str(err.value)
    assert text.startswith(f"{run}: line 2, key region:"), text
    assert f"more than {MAX_YAML_NODES:,} values" in text
    assert "lol" not in text and len(text) < 400  # the key, never the value


def test_alias_bomb_through_the_batch_command(tmp_path, capsys):
    run = tmp_path / "bomb.yaml"
    run.write_text('period: "2021-06"\n' + _alias_bomb("region"), encoding="utf-8")
    t0 = time.perf_counter()
    code = main(["batch", "--run-params", str(run), "--out", str(tmp_path / "r"), "--lang", "en"])
    assert code == 2 and time.perf_counter() - t0 < 5
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "key region" in err and "lol" not in err


def test_a_few_aliases_are_fine(tmp_path):
    run = tmp_path / "run.yaml"
    run.write_text(
        "highlights: &h {top_rank: 5}\n"  # an anchor used once is ordinary YAML
        'period: "2021-06"\n',
        encoding="utf-8",
    )
    assert read_yaml(run)["highlights"] == {"top_rank": 5}


@pytest.mark.parametrize(
    "text, words",
    [
        ("highlights: " + "[" * 40 + "]" * 40 + "\n", "more than 10 levels deep"),
        ("region: &a [*a]\n", "more than 10 levels deep"),  # an alias of itself
        # found by review: 5,000 levels (10 KB) made the YAML reader itself recurse too deep
        ("highlights: " + "[" * 5000 + "]" * 5000 + "\n", "more than 10 levels deep"),
    ],
)
def test_deep_or_recursive_yaml_is_refused(tmp_path, text, words):
    run = tmp_path / "deep.yaml"
    run.write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    with pytest.raises(ParameterError, match=words):
        read_yaml(run)
    assert time.perf_counter() - t0 < 1.0


def test_a_huge_file_is_refused_before_parsing(tmp_path):
    run = tmp_path / "huge.yaml"
    run.write_text("# " + "x" * MAX_PARAMS_FILE_BYTES + "\nregion: lanxi\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="larger than 256 KB"):
        read_yaml(run)


@pytest.mark.parametrize(
    "text, message",
    [
        # before: TypeError tracebacks
        ("notebooks: 5\n", "parameter notebooks must be a list of report notebook names"),
        ("notebooks: [[01_indicators.ipynb]]\n", "must be a list of report notebook names"),
        ("notebooks: {a: 1}\n", "not a mapping"),
        ("data: 5\n", "parameter data must be a folder or workbook path (text), not the number 5"),
        ("out_dir: [a, b]\n", "parameter out_dir must be a folder path (text), not a list"),
        ("period: 2021-06-30\n", 'parameter period must be one period such as "2021-06"'),
        ("region: {id: lanxi}\n", "region must be one region id or Chinese name, not a mapping"),
        ("highlights: [1, 2]\n", "highlights must be a mapping of thresholds"),
        ("highlights: {top_rank: many}\n", "highlight threshold top_rank must be a number"),
        # found by review: accepted, then 02_industry crashed (a slice of 2.5 items)
        ("highlights: {max_items: 2.5}\n", "max_items must be a whole number, 0 or more"),
        ("highlights: {top_rank: -3}\n", "top_rank must be a whole number, 0 or more"),
        ("highlights: {price_gap_pp: -1}\n", "price_gap_pp must be 0 or more"),
        ("notebooks: [1]\n", "the number 1 is not a notebook name"),
        ("max_abs_growth_pct: .inf\n", "max_abs_growth_pct must be a positive number"),
        ("1: lanxi\n", "parameter names must be words, not 1"),
        # YAML lets the last win, silently: found by review, now an error
        ("region: lanxi\nregion: anlan\n", "line 2: region is given twice (first on line 1)"),
    ],
)
def test_every_key_has_its_type(tmp_path, text, message):
    assert message
    run = tmp_path / "run.yaml"
    run.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError) as err:
        read_yaml(run)
    assert str(err.value).startswith(f"{run}:")
    assert message in str(err.value), str(err.value)


def test_chinese_message_names_file_key_and_type(tmp_path):
    from halfyear_lib.data.language import language

    run = tmp_path / "运行.yaml"
    run.write_text("notebooks: 5\n", encoding="utf-8")
    with language("zh"), pytest.raises(ParameterError) as err:
        read_yaml(run)
    assert str(err.value) == (
        f"{run}：参数 notebooks 应为报告笔记本名称的列表，如 [01_indicators.ipynb]，不能是数字 5"
    )


def test_out_dir_in_a_file_and_out_flag_is_an_error(tmp_path):
    """Before: the file's out_dir was silently ignored when --out was given."""
    run = tmp_path / "run.yaml"
    run.write_text("out_dir: from_file\n", encoding="utf-8")
    with pytest.raises(ParameterError) as err:
        load_params(run, overrides={"out_dir": "from_flag"})
    text = str(err.value)
    assert text.startswith(f"{run}: out_dir is 'from_file', but --out says 'from_flag'")
    # the same folder both ways, or only one of them: fine
    assert load_params(run, overrides={"out_dir": "from_file/"}).out_dir == "from_file/"
    assert load_params(run).out_dir == "from_file"
    assert load_params(overrides={"out_dir": "x"}).out_dir == "x"  # defaults.yaml yields


def test_out_dir_in_a_batch_run_file_with_out_flag(tmp_path):
    run = tmp_path / "lanxi.yaml"
    run.write_text('region: lanxi\nperiod: "2021-06"\nout_dir: mine\n', encoding="utf-8")
    with pytest.raises(ParameterError, match="out_dir is 'mine', but --out says"):
        load_run_params([run], overrides={"out_dir": str(tmp_path / "all")})
    proc = halfyear("batch", "--run-params", str(run), "--out", str(tmp_path / "all"), timeout=120)
    assert proc.returncode == 2 and "out_dir" in proc.stderr
    assert not (tmp_path / "all").exists()


def test_a_bad_value_in_a_run_file_names_the_file_for_halfyear_run(tmp_path):
    """Found by review: halfyear run --params named no file for a period it cannot read."""
    run = tmp_path / "run.yaml"
    run.write_text("period: 202106\n", encoding="utf-8")
    with pytest.raises(ParameterError) as err:
        load_params(run)
    assert str(err.value).startswith(f"{run}: parameter period: ")
    # a flag's bad value names no file
    with pytest.raises(ParameterError) as err:
        load_params(run, overrides={"period": "2021-13"})
    assert str(err.value).startswith("parameter period: ")
