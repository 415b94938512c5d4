"""Published statistics carry no targets. Before, every such data set stopped with
"年度目标表没有数据行" (and no word of --accept-warnings); now it is reported without a flag,
the console and every page say that no targets were given, and no page shows a target column."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import halfyear, page_text

from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.rendering.html import warnings_banner

PAGES = ("00_summary", "01_indicators", "02_industry", "03_investment", "04_forecast")
NOTICE_ZH = "未提供年度目标：不计算完成目标和时序进度"


def _header_cells(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th\b.*?</th>", html, re.S)]


@pytest.fixture(scope="module")
def no_targets(tmp_path_factory):
    """The demo with its targets table reduced to the header, run from the command line in
    Chinese without --accept-warnings."""
    data = tmp_path_factory.mktemp("data") / "city"
    shutil.copytree(DEMO_DATA_DIR, data)
    header = (data / "targets.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    (data / "targets.csv").write_text(header + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("reports")
    proc = halfyear("run", "--data", str(data), "--out", str(out), lang="zh")
    return proc, out / "2021-06" / "qingshui"


def test_the_run_succeeds_and_the_console_says_why_targets_are_missing(no_targets):
    proc, folder = no_targets
    assert proc.returncode == 0, proc.stderr
    assert f"提示：{NOTICE_ZH}" in proc.stderr
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert results["notices"] == [NOTICE_ZH]
    assert results["indicators"]["output"]["target_share_pct"] is None
    # the Word and Markdown drafts tell the editor too (found by review: only the pages did)
    import docx

    md = re.sub(r"<!--.*?-->", "", (folder / "summary.md").read_text(encoding="utf-8"))
    assert f"【说明：{NOTICE_ZH}】" in md
    text = "\n".join(p.text for p in docx.Document(str(folder / "summary.docx")).paragraphs)
    assert f"【说明：{NOTICE_ZH}】" in text


def test_every_page_carries_the_notice_and_no_target_column(no_targets):
    _, folder = no_targets
    for name in PAGES:
        html = (folder / f"{name}.html").read_text(encoding="utf-8")
        notice = re.search(r'<div class="halfyear-notices" role="note".*?</div>', html, re.S)
        assert notice and NOTICE_ZH in notice.group(0), name
        assert "halfyear-warnings" not in html, name  # a notice is not a warning
    headline = _header_cells((folder / "01_indicators.html").read_text(encoding="utf-8"))
    assert any(h.startswith("同比增长") for h in headline)
    for gone in ("年度目标", "目标增速", "完成目标", "时序进度", "进度差", "较时序进度"):
        assert not any(h.startswith(gone) for h in headline), (gone, headline)
    forecast = _header_cells((folder / "04_forecast.html").read_text(encoding="utf-8"))
    assert any(h.startswith("全年预计") for h in forecast)
    assert not any(
        h in ("年度目标", "完成目标的概率") or h.startswith("每月需完成") for h in forecast
    )
    industry = (folder / "02_industry.html").read_text(encoding="utf-8")
    innovation = _header_cells(industry[industry.index("研发费用") - 3000 :])
    assert "累计完成" in innovation and "年度目标" not in innovation
    industry_text = page_text(folder / "02_industry.html")
    assert "见表中说明" not in industry_text  # no 说明 column to point to (found by review)
    assert "完成目标 = 累计完成 ÷ 年度目标" not in industry_text


def test_the_index_has_no_target_columns_and_says_why(no_targets):
    from halfyear_lib.rendering.index import write_index

    _, folder = no_targets
    index = write_index(folder.parent.parent).read_text(encoding="utf-8")
    headers = _header_cells(index)
    assert "增速 %" in headers and not any("较时序进度" in h for h in headers)
    assert f'<p class="note">{NOTICE_ZH}</p>' in index


def test_the_notice_box_is_escaped_and_absent_without_notices():
    assert warnings_banner([], []) == ""
    box = warnings_banner([], ["<b>x</b>"])
    assert "&lt;b&gt;x&lt;/b&gt;" in box and "<b>x" not in box
    assert 'role="note"' in box and 'role="alert"' not in box
    both = warnings_banner(["w"], ["n"], ["m"])
    assert both.index('role="note"') < both.index('role="alert"')
    assert both.index('role="alert"') < both.index("halfyear-run-messages")
    assert warnings_banner([], [], ["<m>"]).count("&lt;m&gt;") == 1


def test_validate_names_both_ways_on_for_an_implausible_value(tmp_path):
    """Every plausibility error names checked (in the row) and --accept-warnings, for the
    optional tables too (industries, projects and townships have a checked column now)."""
    data = tmp_path / "city"
    shutil.copytree(DEMO_DATA_DIR, data)
    lines = (data / "townships.csv").read_text(encoding="utf-8-sig").splitlines()
    head = lines[0].split(",")
    row = lines[1].split(",")
    row[head.index("investment_target(万元)")] = "-5"
    lines[1] = ",".join(row)
    (data / "townships.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = halfyear("validate", str(data))
    assert proc.returncode == 2
    (line,) = [x for x in proc.stderr.splitlines() if "townships.csv" in x and "row 2" in x]
    assert "write true in column checked of this row, or run with --accept-warnings" in line
    # and the checked column does keep it
    head.append("checked")
    lines = [",".join(head)] + [x + ("," + ("true" if i == 0 else "")) for i, x in
                                enumerate(lines[1:])]  # fmt: skip
    (data / "townships.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = halfyear("validate", str(data))
    assert proc.returncode == 0, proc.stderr
    assert "kept: checked = true on this row" in proc.stdout
