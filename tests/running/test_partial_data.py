"""Real data are partial: growth-only inputs, the three required tables only, periods before
the data start, hostile names, bad output folders. Every run renders or stops with one line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import halfyear
from nbclient import NotebookClient

from halfyear_lib import cli
from halfyear_lib.data.language import language
from halfyear_lib.data.periods import Period
from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.running import runs
from halfyear_lib.running.runs import RunInputError, clean_stale_temporaries, report_dir, run_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GROWTH_ONLY = FIXTURES / "growth_only"


def page_text(folder: Path) -> str:
    return (folder / "01_indicators.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def growth_only_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return run_report(GROWTH_ONLY, "aa", "2021-06", out)


def test_growth_only_data_render_and_say_what_is_missing(growth_only_run):
    page = page_text(growth_only_run.report_dir)
    # no level anywhere: the share of target cannot be computed, and the page says why
    assert "只有增速、没有累计值" in page
    # no unit has a 技改投资 rate: no chart, one sentence instead of a crash
    assert "技改投资没有任何单位的增速数据，无法排名" in page
    assert "缺少产值累计值" in page and "缺少规上企业数据" in page
    # no Python warning leaks into the page a leader reads (an empty chart legend did)
    assert "Warning" not in page and "Traceback" not in page
    run_info = json.loads((growth_only_run.report_dir / "run.json").read_text(encoding="utf-8"))
    # the zone left out of ranking on purpose is a note for the analyst, not a page banner
    assert any("rank_groups" in n and "ee" in n for n in run_info["data_notes"])
    assert run_info["data_warnings"] == [] and "halfyear-warnings" not in page
    assert run_info["data_encodings"] == dict.fromkeys(
        ["indicators.csv", "regions.csv", "targets.csv"], "utf-8"
    )
    res = growth_only_run.results
    out = res["indicators"]["output"]
    assert out["value"] is None and out["target_share_pct"] is None
    # aa 9.1 at 1-6月 against bb 7.4, cc 12.6, dd 5.0: 2nd of the city's 4 ranked units
    assert out["yoy_pct"] == pytest.approx(9.1)
    assert (out["rank_city"], out["rank_city_of"]) == (2, 4)
    assert res["indicators"]["tech_investment"]["yoy_pct"] is None
    assert res["rankings"]["city"]["tech_investment"] == []
    # the district dd has no investment rate: the ranking says one unit lacks data
    inv = res["indicators"]["industrial_investment"]
    assert inv["rank_city_of"] == 3 and inv["rank_city_missing"] == ["dd"]


def test_a_period_before_the_data_start_renders(tmp_path):
    result = run_report(DEMO_DATA_DIR, "qingshui", "2015-06", tmp_path)
    page = page_text(result.report_dir)
    assert "早于数据的起始期：本单位的数据从2016年1-2月开始" in page
    assert result.results["indicators"]["output"]["value"] is None


def test_the_command_line_says_when_the_period_is_before_the_data(tmp_path):
    proc = halfyear("run", "--period", "2015-06", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "2015-06 is before the data of qingshui start (2016-02)" in proc.stderr


def test_a_unit_without_indicator_rows_is_a_clear_input_error(tmp_path):
    with pytest.raises(RunInputError, match="no cumulative indicator rows for ee"):
        run_report(GROWTH_ONLY, "ee", "2021-06", tmp_path)
    assert not any(tmp_path.rglob("*.html"))


# 49 characters: names are at most 50 (a longer one is refused at validation)
HOSTILE_NAME = '<img src onerror=1>清水县<script>alert("x")</script>'
HOSTILE_FIRM = "[点我](javascript:alert(1))"


def test_names_from_data_are_never_live_markup_in_the_page(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO_DATA_DIR, data)
    regions = (data / "regions.csv").read_text(encoding="utf-8-sig")
    (data / "regions.csv").write_text(
        regions.replace("清水县", HOSTILE_NAME.replace('"', '""').join('""')), encoding="utf-8"
    )
    ent = (data / "enterprises.csv").read_text(encoding="utf-8-sig").splitlines()
    # the first firm expected to enter later: its name goes into the candidates sentence
    i = next(i for i, line in enumerate(ent) if line.startswith("QS") and ",2021-07," in line)
    cells = ent[i].split(",")
    cells[2] = HOSTILE_FIRM  # no comma in it: the CSV line stays valid
    ent[i] = ",".join(cells)
    (data / "enterprises.csv").write_text("\n".join(ent) + "\n", encoding="utf-8")
    result = run_report(data, "qingshui", "2021-06", tmp_path / "out")
    page = page_text(result.report_dir)
    assert "<img src" not in page and 'alert("x")</script>' not in page
    assert 'href="javascript:' not in page
    assert "清水县" in page and "onerror" in page  # shown as text
    # the drafted summary names the unit and the firm about to enter: text, not markup
    summary = (result.report_dir / "00_summary.html").read_text(encoding="utf-8")
    assert "<img src" not in summary and 'alert("x")</script>' not in summary
    assert 'href="javascript:' not in summary and "onerror" in summary
    md = (result.report_dir / "summary.md").read_text(encoding="utf-8")
    # the unit's name heads no line of the draft (the bureau does), the firm's name does
    assert "<img" not in md and "<script" not in md
    assert "[点我](javascript" not in md and "\\[点我\\](javascript" in md  # no link


@pytest.mark.parametrize("region", [".", "..", "../..", "a/b", "/etc", "清水", "a b"])
def test_report_folders_stay_under_the_output_root(tmp_path, region):
    with pytest.raises(RunInputError, match="cannot name a report folder"):
        report_dir(tmp_path, Period(2021, 6), region)


def test_stale_temporary_folders_are_removed_but_live_ones_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host = runs.socket.gethostname()
    killed = tmp_path / ".tmp-aa-dead"
    killed.mkdir()
    (killed / runs.OWNER_FILE).write_text(f"{dead.pid} {host}")
    (killed / runs.SNAPSHOT_NAME).write_bytes(b"pickle of the data")
    running = tmp_path / ".tmp-bb-live"
    running.mkdir()
    (running / runs.OWNER_FILE).write_text(f"{os.getpid()} {host}")
    unknown_old = tmp_path / ".tmp-cc-old"
    unknown_old.mkdir()
    old = time.time() - runs.STALE_AFTER_S - 60
    os.utime(unknown_old, (old, old))
    unknown_new = tmp_path / ".tmp-dd-new"
    unknown_new.mkdir()
    report = tmp_path / "qingshui"
    report.mkdir()
    removed = clean_stale_temporaries(tmp_path)
    assert sorted(p.name for p in removed) == [".tmp-aa-dead", ".tmp-cc-old"]
    assert running.exists() and unknown_new.exists() and report.exists()


def test_the_executed_notebook_reruns_from_the_report_folder(tmp_path):
    # one notebook is enough: every page's notebook loads its data the same way
    result = run_report(DEMO_DATA_DIR, "lanxi", "2021-05", tmp_path, ("01_indicators.ipynb",))
    executed = result.report_dir / "01_indicators.ipynb"
    nb = nbformat.read(executed, as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert "snapshot = ''" in injected.source and "results_dir = ''" in injected.source
    # the run's snapshot is gone; re-executing must load the data again and succeed
    assert not list(result.report_dir.glob("*.pkl"))
    NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False)
    assert "岚溪县2021年1-5月工业经济主要指标" in outputs


def test_out_that_is_a_file_gives_one_line(tmp_path):
    blocker = tmp_path / "reports"
    blocker.write_text("not a folder")
    proc = halfyear("run", "--out", str(blocker), "--period", "2021-05")
    assert proc.returncode == 2
    assert "is a file, not a folder" in proc.stderr and "Traceback" not in proc.stderr
    assert blocker.read_text() == "not a folder"


def test_ctrl_c_gives_one_line_and_code_130(monkeypatch, capsys, tmp_path):
    def interrupted(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(runs, "run_report", interrupted)
    code = cli.main(["run", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 130 and "interrupted" in err and "Traceback" not in err


def test_doubts_found_while_making_the_page_reach_the_banner_not_the_page_body(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(GROWTH_ONLY, data)
    lines = (data / "indicators.csv").read_text(encoding="utf-8-sig").splitlines()
    lines = [lines[0] + ",rank_city,rank_city_of"] + [
        # aa's 9.1% is 2nd of the 4 units at hand; the "release" says 1st of 4
        line + (",1,4" if line.startswith("aa,output,2021,6,") else ",,")
        for line in lines[1:]
    ]
    (data / "indicators.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    regions = (data / "regions.csv").read_text(encoding="utf-8-sig")
    (data / "regions.csv").write_text(regions.replace("安阳县", "安𠮷县"), encoding="utf-8")
    with language("zh"):  # the page's reader
        result = run_report(data, "aa", "2021-06", tmp_path / "out")
    res = result.results
    assert res["indicators"]["output"]["rank_city"] == 1  # the published rank is shown
    (doubt,) = res["analysis_warnings"]
    assert "公布的全市排名第1位（共4个）与数据矛盾：按本数据计算为第2位" in doubt
    assert any("𠮷" in m and "字体" in m for m in res["run_messages"])
    page = page_text(result.report_dir)
    made = page.index('class="halfyear-run-messages"')
    banner = page[page.index('class="halfyear-warnings"') : made]
    # the doubt about the data under the data's heading; what happened while the page was
    # made (a glyph the font lacks) in a box of its own, never under "输入数据有…条警告"
    assert "与数据矛盾" in banner and "不在报告字体中" not in banner
    assert "不在报告字体中" in page[made:] and "与输入数据无关" in page[made:]
    # no raw Python warning (with the server's paths) in the page a leader reads
    assert "UserWarning" not in page and "plotting.py" not in page
    assert "<title>安𠮷县 2021年1-6月 · 主要指标</title>" in page


@pytest.mark.parametrize(
    ("args", "chinese"),
    [
        (["run", "--out", "{blocker}", "--period", "2021-05"], "是文件而不是文件夹"),
        (["run", "--data", "{tmp}/none", "--period", "2021-05"], "找不到数据集"),
        (["run", "--period", "2030-06", "--out", "{tmp}/o"], "最新的期间是 2021-06"),
        (["run", "--region", "nowhere", "--out", "{tmp}/o"], "不在"),
        (["demo-data", "--out", "{blocker}"], "是文件而不是文件夹"),
        (["template", "{blocker}/t.xlsx"], "是文件而不是文件夹"),
    ],
)
def test_user_errors_read_in_chinese_by_default(tmp_path, args, chinese):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    args = [a.format(blocker=blocker, tmp=tmp_path) for a in args]
    proc = halfyear(*args, lang="zh")
    assert proc.returncode == 2
    assert chinese in proc.stderr and "Traceback" not in proc.stderr


def test_an_interrupted_run_leaves_no_folder_behind(tmp_path, monkeypatch):
    import papermill

    def interrupted(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(papermill, "execute_notebook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_report(DEMO_DATA_DIR, "lanxi", "2021-05", tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []  # no .tmp-*, no empty 2021-05/
