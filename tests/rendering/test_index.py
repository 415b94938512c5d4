"""index.html of a reports folder: headline numbers side by side, links, failures, escaping."""

from __future__ import annotations

import json
import os
import time

from conftest import page_text

from halfyear_lib.rendering.index import find_failures, find_reports, write_index


def put_report(out, period, region, name, output_yoy=None, gap=None, pages=("01_indicators",)):
    folder = out / period / region
    folder.mkdir(parents=True)
    results = {
        "region": region,
        "region_name": name,
        "period": period,
        "indicators": {
            "output": {"value": 118.456, "yoy_pct": output_yoy, "schedule_gap_pp": gap},
            "value_added": {"value": 29.5, "yoy_pct": 9.7},
            "industrial_investment": {"yoy_pct": None, "schedule_gap_pp": -2.84},
        },
    }
    (folder / "results.json").write_text(json.dumps(results), encoding="utf-8")
    for stem in pages:
        (folder / f"{stem}.html").write_text("<html></html>", encoding="utf-8")
    return folder


ORDER = [("jz", "江洲市"), ("lanxi", "岚溪县"), ("zone", "开发区")]


def test_one_table_per_period_in_the_order_of_the_regions(tmp_path):
    put_report(tmp_path, "2021-06", "zone", "开发区", 5.0, 1.26)
    put_report(
        tmp_path, "2021-06", "lanxi", "岚溪县", 13.66, -7.04, ("01_indicators", "02_industry")
    )
    put_report(tmp_path, "2021-03", "lanxi", "岚溪县", 20.0, 0.0)
    path = write_index(tmp_path, regions=ORDER, failures=[], embed_font=False)
    page = path.read_text(encoding="utf-8")
    text = page_text(path)
    # the latest period first; units in the regions' order, the city's units side by side
    assert text.index("2021年1-6月") < text.index("2021年1-3月")
    june = text[text.index("2021年1-6月") : text.index("2021年1-3月")]
    # an amount as everywhere (one decimal from 10 亿元); growth signed; a gap behind schedule with a minus sign, in red;
    # a missing number as a dash (not 0)
    # (a column no unit fills, here investment growth, is left out)
    assert "岚溪县 118.5 +13.7 −7.0 29.5 +9.7 −2.8 主要指标 工业经济运行" in june
    assert "开发区 118.5 +5.0 +1.3 29.5 +9.7 −2.8 主要指标" in june
    assert june.index("岚溪县") < june.index("开发区")
    assert '<td class="num neg" data-sort="-7.04">−7.0</td>' in page
    # relative links, so the folder can be zipped and mailed
    assert 'href="2021-06/lanxi/02_industry.html">工业经济运行</a>' in page
    assert "0.0" in text[text.index("2021年1-3月") :]  # on schedule: no sign
    assert '<html lang="zh">' in page
    # one inline script (sorting), nothing loaded from anywhere
    assert page.count("<script") == 1 and "<script>" in page and " src=" not in page
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_every_string_from_the_data_is_escaped(tmp_path):
    put_report(tmp_path, "2021-06", "evil", '<script>alert("x")</script>县')
    failure = {"region": "bad", "period": "2021-06", "region_name": "<b>坏</b>",
               "notebook": "01_indicators.ipynb", "cell": 4, "error": "KeyError: '<img>'"}  # fmt: skip
    page = write_index(tmp_path, regions=[], failures=[failure], embed_font=False).read_text(
        encoding="utf-8"
    )
    assert page.count("<script") == 1 and "<b>坏" not in page and "<img>" not in page
    assert page.index("<script>") > page.index("</table>")  # ours, after every table
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;县" in page
    assert "<td>KeyError: &#x27;&lt;img&gt;&#x27;</td>" in page
    assert "<td>01_indicators.ipynb</td><td>4</td>" in page


def test_the_cells_carry_the_numbers_the_sorting_script_reads(tmp_path):
    put_report(tmp_path, "2021-06", "zone", "开发区", -3.25, None)
    put_report(tmp_path, "2021-06", "lanxi", "岚溪县", 13.66, -7.04)
    page = write_index(tmp_path, regions=ORDER, failures=[], embed_font=False).read_text(
        encoding="utf-8"
    )
    # rows numbered in the regions table's order (jz has no report): lanxi 0, zone 1
    assert '<tr data-order="0"><th scope="row" data-sort="0"><a href="2021-06/lanxi/' in page
    assert '<tr data-order="1"><th scope="row" data-sort="1"><a href="2021-06/zone/' in page
    # the unrounded number, whatever the shown text: 13.66 shows as +13.7, −3.25 as −3.3
    # (halves up, as the pages and the draft round: report/numbers.py)
    assert '<td class="num" data-sort="13.66">+13.7</td>' in page
    assert '<td class="num neg" data-sort="-3.25">−3.3</td>' in page
    assert '<td class="num" data-sort="118.456">118.5</td>' in page
    # a missing number has no key (the script puts such rows last)
    assert '<td class="na">—</td>' in page and 'data-sort="None"' not in page
    # the table starts in the regions' order: the 地区 header says so; numbers sort
    # largest first on a first click; the links column is not sortable
    nw = '<span class="hy-nw">{}</span>'.format  # a header's words never break inside
    assert (
        f'data-sort-col="0" data-sort-first="ascending" aria-sort="ascending">{nw("地区")}</th>'
        in page
    )
    assert page.count('data-sort-first="descending"') == 6
    assert f'<th rowspan="2" scope="col">{nw("报告页面")}</th>' in page
    # the hint is hidden until the script runs (it says what a click does)
    assert '<p class="note sort-hint" hidden>点击列标题' in page


def test_folders_that_are_not_reports_are_left_out(tmp_path):
    put_report(tmp_path, "2021-06", "lanxi", "岚溪县")
    (tmp_path / "2021-06" / ".tmp-lanxi-1234").mkdir()  # a run still writing
    (tmp_path / "2021-06" / "half").mkdir()  # no results.json
    (tmp_path / "2021-01").mkdir()  # not a period
    (tmp_path / "notes").mkdir()
    assert [(r.period, r.region) for r in find_reports(tmp_path)] == [("2021-06", "lanxi")]


def test_failures_from_failed_folders_unless_a_later_run_succeeded(tmp_path):
    failed = tmp_path / "2021-06" / "_failed"
    (failed / "lanxi-20210710-090000").mkdir(parents=True)
    (failed / "lanxi-20210710-090000" / "02_industry.ipynb").write_text("{}")
    (failed / "my-zone-20210710-100000").mkdir()  # an id with a dash
    (failed / "my-zone-20210701-100000").mkdir()  # an older failure of the same unit
    report = put_report(tmp_path, "2021-06", "lanxi", "岚溪县")
    later = time.mktime((2021, 7, 11, 0, 0, 0, 0, 0, -1))
    os.utime(report / "results.json", (later, later))  # lanxi succeeded the day after
    found = find_failures(tmp_path, find_reports(tmp_path))
    assert [(f.period, f.region, f.where) for f in found] == [
        ("2021-06", "my-zone", "2021-06/_failed/my-zone-20210710-100000")
    ]
    os.utime(report / "results.json", (later - 86400 * 2, later - 86400 * 2))  # before
    found = find_failures(tmp_path, find_reports(tmp_path))
    assert [(f.region, f.notebook) for f in found] == [
        ("lanxi", "02_industry.ipynb"),
        ("my-zone", None),
    ]
    page = write_index(tmp_path, regions=ORDER, embed_font=False).read_text(encoding="utf-8")
    assert 'href="2021-06/_failed/lanxi-20210710-090000/"' in page


def test_the_cli_writes_the_index_of_a_folder(tmp_path):
    from conftest import halfyear

    put_report(tmp_path, "2021-06", "lanxi", "岚溪县", 13.7, -7.0)
    proc = halfyear("index", "--out", str(tmp_path), timeout=120)
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "@font-face" in page  # the Chinese font subset, as on the report pages
    assert "岚溪县" in page_text(tmp_path / "index.html")
    proc = halfyear("index", "--out", str(tmp_path / "none"), timeout=120)
    assert proc.returncode == 2 and "reports folder" in proc.stderr


def test_ranks_the_new_indicators_the_counties_alone_and_the_citys_name(tmp_path):
    """What a city bureau compares: each indicator's ranks (全市 and 县(市), as "3/11",
    sorted by the rank, smallest first), 技改投资 and 高新技术产业增加值, value added
    against the time schedule, the counties in a table of their own, the city's name in
    the title."""

    def put(region, name, va_gap, tech_yoy, rank_city, rank_counties=None):
        folder = tmp_path / "2021-06" / region
        folder.mkdir(parents=True)
        results = {
            "region": region, "region_name": name, "period": "2021-06",
            "comparison": {"kind": "parent", "comparator_name": "江洲市"},
            "indicators": {
                "value_added": {"yoy_pct": 9.7, "schedule_gap_pp": va_gap,
                                "rank_city": rank_city, "rank_city_of": 3,
                                "rank_counties": rank_counties, "rank_counties_of": 2},
                "tech_investment": {"yoy_pct": tech_yoy},
                "hitech_value_added": {"value": 6.464},
            },
        }  # fmt: skip
        (folder / "results.json").write_text(json.dumps(results), encoding="utf-8")
        (folder / "01_indicators.html").write_text("<html></html>", encoding="utf-8")

    put("qs", "清水县", -2.68, 34.0, 2, 1)
    put("lx", "岚溪县", 1.5, -3.0, 3, 2)
    put("hd", "湖东区", 0.4, 75.2, 1)
    order = [("qs", "清水县"), ("lx", "岚溪县"), ("hd", "湖东区")]
    page = write_index(tmp_path, regions=order, failures=[], embed_font=False).read_text(
        encoding="utf-8"
    )
    text = page_text(tmp_path / "index.html")
    assert "<h1>江洲市工业经济分析报告索引</h1>" in page
    # value added: growth, gap to schedule, ranks; 技改投资 growth; 高新 amount
    assert "清水县 +9.7 −2.7 2/3 1/2 +34.0 6.46 主要指标" in text
    assert "湖东区 +9.7 +0.4 1/3 — +75.2 6.46 主要指标" in text
    assert '<td class="num" data-sort="2.0">2/3</td>' in page
    assert page.count('data-sort-first="ascending">') >= 3  # 地区 and the rank columns
    # the counties alone, without the district, ranked among themselves
    counties = text[text.index("县(市)：只列县和县级市") :]
    assert "清水县 +9.7 −2.7 1/2 +34.0" in counties and "湖东区" not in counties
