"""End-to-end runs: papermill through the CLI with non-default parameters, and failures."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import CONTRACT_INDICATORS, halfyear

from halfyear_lib.data.periods import Period
from halfyear_lib.paths import DEMO_DATA_DIR, NOTEBOOKS_DIR
from halfyear_lib.running.runs import RunError, run_report

REGION = "lanxi"  # a county of the demo city other than the default qingshui
PERIOD = "2021-05"


def raw_indicator(region: str, indicator: str, year: int, month: int) -> pd.Series:
    """The demo CSV row read with plain pandas, independent of the loader."""
    df = pd.read_csv(DEMO_DATA_DIR / "indicators.csv", dtype={"region_id": str})
    hit = df[
        (df.region_id == region)
        & (df.indicator == indicator)
        & (df.year == year)
        & (df.month == month)
    ]
    assert len(hit) == 1
    return hit.iloc[0]


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    proc = halfyear("run", "--region", REGION, "--period", PERIOD, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out / PERIOD / REGION


def test_tables_xlsx_reads_back_equal_to_results_json(cli_run):
    """Every page's table is a sheet of tables.xlsx; the headline numbers and the ranks
    read back as results.json holds them, rounded as the pages print them."""
    from openpyxl import load_workbook

    from halfyear_lib.data.schema import INDICATORS
    from halfyear_lib.text.numbers import amount_decimals, rounded

    res = json.loads((cli_run / "results.json").read_text(encoding="utf-8"))
    wb = load_workbook(cli_run / "tables.xlsx")
    assert wb.sheetnames[0] == "说明"
    assert {"01 主要指标", "01 增速排名", "02 完成全年目标所需", "04 全年预测"} <= set(
        wb.sheetnames
    )
    about = {r[0].value: r[1].value for r in wb["说明"].iter_rows(min_row=3, max_row=7)}
    assert about["单位"] == res["region_name"] and about["期间"] == "2021年1-5月"
    run = json.loads((cli_run / "run.json").read_text(encoding="utf-8"))
    assert about["数据来源"] == Path(run["parameters"]["data"]).name
    ws = wb["01 主要指标"]
    heads = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(heads)}
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    for code in CONTRACT_INDICATORS:
        entry, row = res["indicators"][code], rows[INDICATORS[code].label]
        value = float(rounded(entry["value"], amount_decimals(entry["value"])))
        assert row[col["1-5月累计(亿元)"]] == pytest.approx(value, abs=1e-9)
        assert row[col["同比增长(%)"]] == pytest.approx(float(rounded(entry["yoy_pct"], 1)))
        assert row[col["全市排名"]] == f"{entry['rank_city']}/{entry['rank_city_of']}"
    ranks = list(wb["01 增速排名"].iter_rows(min_row=2, values_only=True))
    city = [r for r in ranks if r[0] == INDICATORS["output"].label and r[1] == "全市"]
    assert [(r[2], r[3]) for r in city] == [
        (e["rank"], e["name"]) for e in res["rankings"]["city"]["output"]
    ]


def test_results_json_matches_the_input_data(cli_run):
    res = json.loads((cli_run / "results.json").read_text(encoding="utf-8"))
    assert res["region"] == REGION and res["period"] == PERIOD
    for code in CONTRACT_INDICATORS:
        entry = res["indicators"][code]
        raw = raw_indicator(REGION, code, 2021, 5)
        if pd.notna(raw["value"]):
            factor = 1e-4 if raw["unit"] == "万元" else 1.0  # results are in 亿元
            assert entry["value"] == pytest.approx(raw["value"] * factor)
        assert entry["yoy_pct"] == pytest.approx(raw["yoy_pct"])
        assert entry["yoy_source"] == "official"
        assert entry["time_progress_pct"] == pytest.approx(5 / 12 * 100)
        assert 1 <= entry["rank_city"] <= entry["rank_city_of"] >= 10
        assert 1 <= entry["rank_counties"] <= entry["rank_counties_of"] < entry["rank_city_of"]
        if entry["target"]:
            assert entry["schedule_gap_pp"] == pytest.approx(
                entry["value"] / entry["target"] * 100 - 5 / 12 * 100
            )
        # the charted numbers are in results.json too, and agree with the table
        assert res["growth_history"][code][REGION][PERIOD] == pytest.approx(entry["yoy_pct"])
        mine = [r for r in res["rankings"]["city"][code] if r["region_id"] == REGION]
        assert mine[0]["rank"] == entry["rank_city"]
        assert len(res["rankings"]["city"][code]) == entry["rank_city_of"]
    q = res["quarters"]["output"]
    assert q["q1"] == pytest.approx(raw_indicator(REGION, "output", 2021, 3)["value"] * 1e-4)
    assert q["q2"] is None  # 1-5月: the second quarter is not complete
    assert set(res["firms"]) >= {"above_scale", "new_entrants", "new_by_route"}


def test_html_is_shareable(cli_run):
    html = (cli_run / "01_indicators.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in html
    assert "工业经济主要指标" in html and "1-5月" in html
    assert html.count("data:image/png;base64") >= 3  # charts embedded, not linked
    assert "import halfyear_lib" not in html  # code hidden
    assert "<script" not in html and "https://cdn" not in html  # static, opens offline
    assert "@font-face" in html


def test_html_font_covers_every_chinese_character_of_the_page(cli_run):
    """No empty boxes on a machine without CJK fonts: the embedded subset has them all."""
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    html = (cli_run / "01_indicators.html").read_text(encoding="utf-8")
    match = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", html)
    assert match, "no embedded WOFF font in the page"
    cmap = TTFont(io.BytesIO(base64.b64decode(match.group(1)))).getBestCmap()
    page = re.sub(r"data:[^)\"']+", "", html)  # text of the page, not the embedded blobs
    chinese = set(re.findall(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]", page))
    assert len(chinese) > 50  # the page really is Chinese (83 distinct characters today)
    assert sorted(c for c in chinese if ord(c) not in cmap) == []


def test_every_page_is_titled_described_and_signed(cli_run):
    """Each page of the full run: its title, an alt text on every chart from the chart's
    own title, a footer tying it to the data and the package, print and narrow-screen
    style, tables in scroll containers, behind or falling figures marked."""
    from bs4 import BeautifulSoup

    import halfyear_lib
    from halfyear_lib.chapters.registry import chapters
    from halfyear_lib.rendering.html import data_checksum

    run = json.loads((cli_run / "run.json").read_text(encoding="utf-8"))
    checksum = data_checksum(run["data_checksums_sha256"])
    marked = 0
    for stem, chapter in ((spec.page, spec.title) for spec in chapters()):
        html = (cli_run / f"{stem}.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        assert soup.title.get_text() == f"岚溪县 2021年1-5月 · {chapter}"
        imgs = soup.find_all("img")
        assert all(img.get("alt", "").strip() not in ("", "图表", "chart") for img in imgs)
        footer = soup.find_all("footer")[-1].get_text()  # page 00: its note's footer first
        assert f"halfyear {halfyear_lib.__version__}" in footer and "demo" in footer
        assert re.search(r"\b([0-9a-f]{12})\b", footer).group(1) == checksum[:12]
        css = soup.find("style", id="halfyear-page").get_text()
        assert "size: A4" in css and "break-after: avoid" in css and "overflow-x: auto" in css
        tables = soup.find_all("table")
        assert all("halfyear-scroll" in t.parent.get("class", []) for t in tables)
        marked += len(soup.find_all("td", string=re.compile(r"^[▲▼↓] [+-]\d")))
    # 01 alone shows at least the growth-vs-city panels and two rank charts
    assert len(BeautifulSoup((cli_run / "01_indicators.html").read_text(encoding="utf-8"),
                             "html.parser").find_all("img")) >= 3  # fmt: skip
    assert marked > 0  # the demo unit is behind schedule somewhere


def test_run_json_records_inputs_and_environment(cli_run):
    run = json.loads((cli_run / "run.json").read_text(encoding="utf-8"))
    assert run["parameters"]["region"] == REGION and run["parameters"]["period"] == PERIOD
    from halfyear_lib.params import load_params

    # the thresholds the highlights were judged by (params/defaults.yaml here)
    assert run["parameters"]["highlights"] == load_params().highlights != {}
    digest = hashlib.sha256((DEMO_DATA_DIR / "indicators.csv").read_bytes()).hexdigest()
    assert run["data_checksums_sha256"]["indicators.csv"] == digest
    assert run["packages"]["papermill"] and run["git"]["commit"]
    assert run["timings_s"]["total_s"] > 0
    assert sorted(p.name for p in cli_run.iterdir()) == [
        "00_summary.html",
        "01_indicators.html",
        "01_indicators.ipynb",
        "02_industry.html",
        "02_industry.ipynb",
        "03_investment.html",
        "03_investment.ipynb",
        "04_forecast.html",
        "04_forecast.ipynb",
        "results.json",
        "run.json",
        "summary.docx",
        "summary.md",
        "summary_trace.json",
        "tables.xlsx",
    ]


def test_papermill_alone_with_parameters(tmp_path):
    import papermill as pm

    frag_dir = tmp_path / "frag"
    pm.execute_notebook(
        str(NOTEBOOKS_DIR / "01_indicators.ipynb"),
        str(tmp_path / "out.ipynb"),
        parameters={"region": REGION, "period": "2021-03", "results_dir": str(frag_dir)},
        cwd=str(tmp_path),
        progress_bar=False,
    )
    res = json.loads((frag_dir / "01_indicators.json").read_text(encoding="utf-8"))
    assert res["period"] == "2021-03"
    assert res["indicators"]["value_added"]["yoy_pct"] == pytest.approx(
        raw_indicator(REGION, "value_added", 2021, 3)["yoy_pct"]
    )


def _broken_notebook(tmp_path: Path) -> Path:
    nb = nbformat.read(NOTEBOOKS_DIR / "01_indicators.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell('raise ValueError("boom in cell")'))
    path = tmp_path / "01_indicators.ipynb"
    nbformat.write(nb, path)
    return path


def test_failed_run_keeps_previous_report_and_the_failed_notebook(tmp_path):
    good = run_report("demo", REGION, Period(2021, 5), tmp_path, notebooks=["01_indicators.ipynb"])
    before = (good.report_dir / "results.json").read_bytes()
    with pytest.raises(RunError) as info:
        run_report(
            # a notebook outside the project: only as a Path, from Python (a name from a
            # parameter file must be one of the project's, see test_params_files)
            "demo",
            REGION,
            Period(2021, 5),
            tmp_path,
            notebooks=[_broken_notebook(tmp_path)],
        )
    msg = str(info.value)
    # index 4 in the executed notebook: papermill inserts the injected-parameters cell
    assert "01_indicators.ipynb failed in cell 4" in msg and "boom in cell" in msg
    assert (info.value.failed_dir / "01_indicators.ipynb").exists()
    assert "_failed" in str(info.value.failed_dir)
    assert (good.report_dir / "results.json").read_bytes() == before
    assert not list((tmp_path / PERIOD).glob(".tmp-*"))


def test_bad_data_exits_non_zero_and_writes_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO_DATA_DIR, data)
    lines = (data / "indicators.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    cells = lines[5].split(",")
    cells[header.index("yoy_pct")] = "twelve"
    lines[5] = ",".join(cells)
    (data / "indicators.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = halfyear("run", "--data", str(data), "--out", str(out))
    assert proc.returncode == 2
    assert "indicators.csv" in proc.stderr and "row 6" in proc.stderr and "yoy_pct" in proc.stderr
    assert not out.exists() or not any(out.rglob("*.html"))
    proc = halfyear("validate", str(data))
    assert proc.returncode == 2 and "twelve" in proc.stderr


def test_unknown_region_and_period_beyond_data(tmp_path):
    proc = halfyear("run", "--region", "atlantis", "--out", str(tmp_path))
    assert proc.returncode == 2 and "atlantis" in proc.stderr and "qingshui" in proc.stderr
    proc = halfyear("run", "--period", "2021-09", "--out", str(tmp_path))
    assert proc.returncode == 2
    assert "latest period" in proc.stderr


def test_validate_demo_ok():
    proc = halfyear("validate", "demo")
    assert proc.returncode == 0, proc.stderr
    assert "OK" in proc.stdout


def test_params_file_errors_exit_2(tmp_path):
    bad = tmp_path / "run.yaml"
    bad.write_text('period: "2021-13"\n', encoding="utf-8")
    proc = halfyear("run", "--params", str(bad), "--out", str(tmp_path))
    assert proc.returncode == 2 and "month 13" in proc.stderr
    bad.write_text("regoin: lanxi\n", encoding="utf-8")
    proc = halfyear("run", "--params", str(bad), "--out", str(tmp_path))
    assert proc.returncode == 2 and "unknown parameter(s) regoin" in proc.stderr
    assert not any(tmp_path.rglob("*.html"))


def test_notebooks_use_the_data_set_validated_by_the_run(tmp_path):
    """A data set loaded once (batch runs) reaches the notebooks through the snapshot."""
    from halfyear_lib.data.loading import load_dataset

    ds = load_dataset(DEMO_DATA_DIR)
    regions = ds.tables["regions"].copy()
    regions.loc[regions.region_id == REGION, "name"] = "改名县"
    ds.tables["regions"] = regions
    result = run_report(
        "demo", REGION, Period(2021, 5), tmp_path, ("01_indicators.ipynb",), dataset=ds
    )
    assert result.results["region_name"] == "改名县"
    assert "改名县2021年1-5月工业经济主要指标" in (
        result.report_dir / "01_indicators.html"
    ).read_text(encoding="utf-8")
    assert not list(result.report_dir.glob("*.pkl"))  # the snapshot is not left in the report


def test_a_dead_kernel_is_a_run_error_not_a_traceback(tmp_path, monkeypatch):
    import papermill

    def dead_kernel(*args, **kwargs):
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(papermill, "execute_notebook", dead_kernel)
    with pytest.raises(RunError, match="could not be executed: RuntimeError: Kernel died"):
        run_report("demo", REGION, Period(2021, 5), tmp_path)
    assert not (tmp_path / PERIOD / REGION).exists()
    assert not list((tmp_path / PERIOD).glob(".tmp-*"))


def _demo_with_unit_slip(tmp_path: Path) -> tuple[Path, int]:
    """The demo data with lanxi's 1-4月 output in 万元 labelled 亿元: 10,000 times too big."""
    data = tmp_path / "data"
    shutil.copytree(DEMO_DATA_DIR, data)
    lines = (data / "indicators.csv").read_text(encoding="utf-8-sig").splitlines()
    index = lines.index("lanxi,output,2021,4,717044.54,21.5,,万元")
    lines[index] = "lanxi,output,2021,4,717044.54,21.5,,亿元"
    (data / "indicators.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data, index + 1  # spreadsheet row: the header is row 1


def test_unit_slip_stops_the_run_unless_warnings_are_accepted(tmp_path):
    data, row = _demo_with_unit_slip(tmp_path)
    out = tmp_path / "out"
    proc = halfyear("run", "--data", str(data), "--region", REGION, "--period", PERIOD,
                    "--out", str(out))  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert f"indicators.csv, row {row}, column value" in proc.stderr
    assert "万元 vs 亿元" in proc.stderr and "--accept-warnings" in proc.stderr
    assert not out.exists() or not any(out.rglob("*.html"))
    proc = halfyear("validate", str(data))
    assert proc.returncode == 2 and f"row {row}" in proc.stderr

    proc = halfyear("validate", str(data), "--accept-warnings")
    assert proc.returncode == 0, proc.stderr
    assert "OK" in proc.stdout and "2 warning(s)" in proc.stdout

    proc = halfyear(
        "run",
        "--data",
        str(data),
        "--region",
        REGION,
        "--period",
        PERIOD,
        "--out",
        str(out),
        "--accept-warnings",
        "--notebook",
        "01_indicators.ipynb",
    )  # fmt: skip  (the page looked at)
    assert proc.returncode == 0, proc.stderr
    assert f"row {row}, column value: output of lanxi jumps from" in proc.stderr
    assert "2 warnings in the data set" in proc.stderr
    report = out / PERIOD / REGION
    results = json.loads((report / "results.json").read_text(encoding="utf-8"))
    assert len(results["warnings"]) == 2
    assert f"row {row}" in results["warnings"][0]
    assert "accepted with --accept-warnings" in results["warnings"][0]
    html = (report / "01_indicators.html").read_text(encoding="utf-8")
    banner = html[html.index('<div class="halfyear-warnings" role="alert"') :]
    assert html.index("halfyear-warnings") > html.index("<body")
    assert "输入数据有 2 条警告" in banner  # a page is Chinese whatever the messages
    assert "jumps from" in banner and "万元 vs 亿元" in banner
    run = json.loads((report / "run.json").read_text(encoding="utf-8"))
    assert run["parameters"]["accept_warnings"] is True
    assert run["data_warnings"] == results["warnings"]
    # the executed notebook keeps the run's options: opened later, it loads and runs again
    from nbclient import NotebookClient

    nb = nbformat.read(report / "01_indicators.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert "accept_warnings = True" in injected.source
    NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(tmp_path)}}).execute()


def test_results_of_clean_data_have_no_warnings_and_no_banner(cli_run):
    results = json.loads((cli_run / "results.json").read_text(encoding="utf-8"))
    assert results["warnings"] == []
    assert "halfyear-warnings" not in (cli_run / "01_indicators.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("region", ["..", ".", "../..", "a/b"])
def test_unsafe_region_never_becomes_a_folder(tmp_path, region):
    from halfyear_lib.running.runs import RunInputError

    with pytest.raises(RunInputError, match="not a safe id"):
        run_report("demo", region, Period(2021, 5), tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*"))


def test_a_reports_notebooks_run_one_per_core_unless_a_batch_says_one(monkeypatch):
    from halfyear_lib.running import runs
    from halfyear_lib.running.runs import notebook_workers

    monkeypatch.delenv("HALFYEAR_NOTEBOOK_WORKERS", raising=False)
    monkeypatch.setattr(runs.os, "cpu_count", lambda: 2)
    assert notebook_workers(4) == 2  # one kernel per core: 4 notebooks share 2 kernels
    assert notebook_workers(1) == 1
    monkeypatch.setenv("HALFYEAR_NOTEBOOK_WORKERS", "1")
    assert notebook_workers(4) == 1
    monkeypatch.setenv("HALFYEAR_NOTEBOOK_WORKERS", "9")
    assert notebook_workers(2) == 2
    monkeypatch.setenv("HALFYEAR_NOTEBOOK_WORKERS", "zero")
    assert notebook_workers(3) == 2
