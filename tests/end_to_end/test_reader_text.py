"""No "nan", "None", "inf" or "-0.0" in anything a reader sees (issue 16).

Three data sets are rendered in full: the growth-only fixture, a provincial release with
growth rates only (``tests/fixtures/growth_only_province``: a province, its cities, four
indicators over two and a half years, targets as growth rates) and the demo. Then the
text of every page (tags, scripts and styles removed; alt texts and titles kept), of the
draft (``summary.md`` without its hidden trace comments, ``summary.docx``'s paragraphs,
tables and properties) and of the batch index is searched for the tokens a missing or
badly rounded number leaves behind. Each hit is printed with its context.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from halfyear_lib.data.language import language
from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.rendering.index import write_index
from halfyear_lib.running.runs import run_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PROVINCE = FIXTURES / "growth_only_province"

# data set -> (folder, region, period)
RUNS = {
    "growth_only": (FIXTURES / "growth_only", "aa", "2021-06"),
    "province_city": (PROVINCE, "hengbei", "2021-06"),
    "province": (PROVINCE, "xiangjiang", "2021-06"),
    "demo": (DEMO_DATA_DIR, "qingshui", "2021-06"),
    "demo_city": (DEMO_DATA_DIR, "jiangzhou", "2021-06"),
    "demo_april": (DEMO_DATA_DIR, "lanxi", "2021-04"),
}

# what a missing or badly rounded number prints: nan, None, inf (any case, as whole words:
# "information" and "infrastructure" are fine), pandas' <NA> and NaT, and a negative zero
# ("-0", "-0.0", "−0.00") that is not the start of "-0.5" or part of "2021-06"
FORBIDDEN = re.compile(
    r"(?<![A-Za-z])(?:(?i:nan|none|inf|infinity)|<NA>|NaT)(?![A-Za-z])"
    r"|(?<![\d.])[-\u2212]0(?:\.0+)?(?![\d.])"
)


def hits(text: str) -> list[str]:
    """Every forbidden token with 30 characters either side."""
    return [
        f"{m.group(0)!r} in …{text[max(0, m.start() - 30) : m.end() + 30]}…"
        for m in FORBIDDEN.finditer(text)
    ]


def html_reader_text(page: str) -> str:
    """The text of a page as a reader meets it: no style, script or comment; the text of
    the elements, then every alt and title attribute (hover texts, image descriptions)."""
    page = re.sub(r"<(style|script)\b.*?</\1\s*>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    attributes = re.findall(r"""\b(?:alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)')""", page)
    text = re.sub(r"<[^>]+>", " ", page)
    extra = " ".join(a or b for a, b in attributes)
    return html.unescape(re.sub(r"\s+", " ", f"{text} {extra}"))


def markdown_reader_text(md: str) -> str:
    """``summary.md`` without its hidden ``<!-- n12 path -->`` traces."""
    return re.sub(r"<!--.*?-->", "", md, flags=re.S)


def docx_reader_text(path: Path) -> str:
    """Every paragraph, table cell, header and footer of a .docx, and its properties."""
    import docx

    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    props = doc.core_properties
    parts += [props.title or "", props.subject or "", props.keywords or "", props.comments or ""]
    return "\n".join(parts)


def reader_texts(folder: Path) -> dict[str, str]:
    """File name -> what a reader sees, for every page and the draft of a report."""
    texts = {p.name: html_reader_text(p.read_text(encoding="utf-8")) for p in folder.glob("*.html")}
    texts["summary.md"] = markdown_reader_text((folder / "summary.md").read_text(encoding="utf-8"))
    texts["summary.docx"] = docx_reader_text(folder / "summary.docx")
    return texts


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    """The four reports written under one folder, and that folder's index.html."""
    out = tmp_path_factory.mktemp("reports")
    folders = {}
    with language("zh"):
        for name, (data, region, period) in RUNS.items():
            folders[name] = run_report(data, region, period, out).report_dir
        write_index(out, embed_font=False)
    return out, folders


@pytest.mark.parametrize("name", list(RUNS))
def test_no_page_and_no_draft_prints_nan_none_inf_or_negative_zero(reports, name):
    folder = reports[1][name]
    texts = reader_texts(folder)
    expected = {f"0{i}_{c}.html" for i, c in enumerate(
        ("summary", "indicators", "industry", "investment", "forecast"))}  # fmt: skip
    assert expected <= set(texts), sorted(texts)
    found = {file: hits(text) for file, text in sorted(texts.items())}
    found = {file: h for file, h in found.items() if h}
    for file, h in found.items():
        print(f"{name}/{file}: {len(h)} hit(s)", *h, sep="\n  ", file=sys.stderr)
    assert not found, {file: len(h) for file, h in found.items()}


def test_the_index_of_the_reports_prints_no_nan_none_inf_or_negative_zero(reports):
    out, folders = reports
    text = html_reader_text((out / "index.html").read_text(encoding="utf-8"))
    for folder in folders.values():  # every report is listed (growth-only: "—" for amounts)
        assert folder.name in (out / "index.html").read_text(encoding="utf-8")
    assert hits(text) == []


# ------------------------------------------------------------------ one fact, one voice

# the page a results.json section is shown on (the draft's numbers are traced to paths)
PAGE_OF = {
    "indicators": "01_indicators.html",
    "comparison": "01_indicators.html",
    "investment": "03_investment.html",
    "forecast": "04_forecast.html",
}
DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _other_printings(value: float, printed: str, text: str) -> list[str]:
    """Numbers of ``text`` that print ``value`` at another precision than ``printed``
    (34.67 where the draft says 34.7; 20.97 beside 21.0). Only numbers of three or more
    significant digits count: a short number matches too much by chance."""
    out = []
    for m in DECIMAL.finditer(text):
        n = m.group(0)
        if n == printed or _decimals(n) == _decimals(printed) or float(n) == float(printed):
            continue  # 24.00 beside 24.0 is one value (and often another fact's round number)
        if len(n.replace(".", "").lstrip("0")) < 3 or len(printed.replace(".", "").lstrip("0")) < 3:
            continue
        if abs(float(n) - abs(value)) <= 0.5 * 10 ** -_decimals(n) + 1e-9:
            out.append(f"{n} (…{text[max(0, m.start() - 25) : m.end() + 10]}…)")
    return out


@pytest.mark.parametrize("name", list(RUNS))
def test_a_value_the_draft_prints_twice_is_printed_the_same_way(reports, name):
    trace = json.loads((reports[1][name] / "summary_trace.json").read_text(encoding="utf-8"))
    by_path: dict[str, set[str]] = {}
    for n in trace["numbers"]:
        by_path.setdefault(n["path"], set()).add(n["text"].lstrip("-\u2212"))
    assert {p: t for p, t in by_path.items() if len(t) > 1} == {}


@pytest.mark.parametrize("name", list(RUNS))
def test_a_number_of_the_draft_reads_the_same_on_its_page_and_the_index(reports, name):
    """Every number of the draft (traced to its results.json path) is printed the same way
    on the page that shows that fact and in the index: no 34.67 on page 03 beside 34.7 in
    the draft, no 20.97 beside 21.0, no 119.8% beside 120.0%."""
    out, folders = reports
    folder = folders[name]
    texts = reader_texts(folder)
    index = html_reader_text((out / "index.html").read_text(encoding="utf-8"))
    trace = json.loads((folder / "summary_trace.json").read_text(encoding="utf-8"))
    found = []
    for n in trace["numbers"]:
        if n["kind"] != "number" or n["scale"] != 1.0 or n["value"] is None:
            continue
        if n.get("approximate"):  # rounded for speech (约193亿元左右): page 04 has 192.9
            continue
        surfaces = [texts.get(PAGE_OF.get(n["path"].split(".")[0], "02_industry.html"), "")]
        if n["path"].startswith("indicators."):
            surfaces.append(index)
        for text in surfaces:
            found += [f"{n['path']} = {n['text']} in the draft, {other}"
                      for other in _other_printings(n["value"], n["text"], text)]  # fmt: skip
    assert not found, found


def test_counts_stated_on_a_page_and_in_the_draft_agree(reports):
    texts = reader_texts(reports[1]["demo"])
    draft, p02, p03 = texts["summary.md"], texts["02_industry.html"], texts["03_investment.html"]
    # townships able to finish the year: one projection rule (the last three months' pace)
    on_page = re.search(r"按近三个月的月均进度测算，全年有(\d+)个能完成目标", p03)
    in_draft = re.search(r"按近三个月的月均进度测算，年底能完成全年目标的有(\d+)个", draft)
    assert on_page and in_draft and on_page.group(1) == in_draft.group(1)
    # key tasks done: page 02's count and the draft's
    on_page = re.search(r"今年(\d+)项重点任务中，(\d+)项已完成", p02)
    in_draft = re.search(r"纳入跟踪的重点任务中，已完成(\d+)项", draft)
    assert on_page and in_draft and on_page.group(2) == in_draft.group(1)
    # the effective library balance: 34.7 亿元 covers the 27.5 still needed 126% (>= 120%):
    # no problem in the draft, and page 03 shows the balance
    assert "有效余额34.7亿元" in p03
    # (a task's note in the data may say otherwise: the bureau's words, quoted as given)
    assert not re.search(r"[一二三四五六七八九十]是工业项目库内有效投资余额", draft)


def test_explore_prints_what_the_pages_print(reports):
    from halfyear_lib import explore

    texts = reader_texts(reports[1]["demo"])
    ds = explore.load("demo")
    inv = explore.investment(ds, "qingshui", "2021-06").tables[0].frame
    for _, row in inv.iterrows():  # the schedule amounts, as page 03's sentences print them
        assert f"完成{row['1-6月累计(亿元)']}亿元" in texts["03_investment.html"], row["指标"]
    head = explore.headline(ds, "qingshui", "2021-06").tables[0].frame
    for value in head["1-6月累计(亿元)"]:
        assert value in texts["01_indicators.html"]


def test_the_growth_only_pages_say_what_is_missing_instead(reports):
    texts = reader_texts(reports[1]["province_city"])
    page = texts["01_indicators.html"]
    # 技改投资 and 高新技术产业增加值 have no rate for the city nor the province: one line
    assert "技改投资、高新技术产业增加值：本单位和湘江省都没有增速，无法对比。" in page
    # the output grows exactly as fast as the province: 持平, no "0.0个百分点"
    assert "规上工业总产值增长12.2%，与全省（湘江省，增长12.2%）持平。" in page
    # value added -4.0% a year ago and +4.1% now: a two-year average of -0.03% reads 0.0
    assert "规上工业增加值0.0%" in texts["02_industry.html"]
    assert "—个百分点" not in "".join(texts.values())


def test_the_provincial_fixture_is_what_its_generator_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("generate", PROVINCE / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.generate(tmp_path)
    for name in ("regions.csv", "indicators.csv", "targets.csv"):
        assert (tmp_path / name).read_bytes() == (PROVINCE / name).read_bytes(), name


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("增长nan%", ["nan"]),
        ("下降NaN%，", ["NaN"]),
        ("None%", ["None"]),
        ("上限inf", ["inf"]),
        ("<NA>", ["<NA>"]),
        ("两年平均-0.0%", ["-0.0"]),
        ("进度差 −0.00 ", ["−0.00"]),
        ("-0 ", ["-0"]),
        # not a number left behind: words, periods, versions, times, real negatives
        ("information infrastructure nonetheless Nancy", []),
        ("2021-06 1-6月 halfyear 0.1.0 12:47 +0000 -0.5 -0.05 -10.0 -0.01", []),
    ],
)
def test_the_search_finds_the_tokens_and_nothing_else(text, found):
    assert [m.group(0) for m in FORBIDDEN.finditer(text)] == found


def test_official_rates_carry_no_basis_note(reports):
    # the demo's rates are official: no "口径：按总量计算" (tests/end_to_end/test_growth_basis.py
    # has a data set without a yoy_pct column, where the note is shown)
    texts = reader_texts(reports[1]["demo"])
    for file in ("01_indicators.html", "summary.md", "00_summary.html"):
        assert "按总量计算" not in texts[file], file


# ------------------------------------------------------------------ no contradiction


def _draft_sections(folder: Path) -> tuple[dict, dict[str, str]]:
    """The draft's text per section title (children included), from its results.json."""
    from halfyear_lib.text.zh.draft import build_draft

    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    out: dict[str, str] = {}

    def text(section) -> str:
        body = ["".join(s.text for s in p) for p in section.paragraphs]
        return "\n".join(body + [c.title + "\n" + text(c) for c in section.children])

    for section, _ in build_draft(results).walk():
        out[section.title] = text(section)
    return results, out


@pytest.mark.parametrize("name", list(RUNS))
def test_the_draft_does_not_contradict_itself_or_page_04(reports, name):
    """Highlights hold nothing behind, falling or moving back, problems nothing ahead; a
    target the problems call hard is never 把握较大 in the forecast, nor a secure one 难度较大;
    the chance of meeting a target reads the same on page 04 and in the draft."""
    from halfyear_lib.analysis.highlights import growth_contradicted
    from halfyear_lib.text.zh import forecast as page_words
    from halfyear_lib.text.zh.draft.core import thresholds
    from halfyear_lib.text.zh.draft.highlights import steady_fast
    from halfyear_lib.text.zh.draft.problems import target_outlook

    folder = reports[1][name]
    results, sections = _draft_sections(folder)
    good = next((v for k, v in sections.items() if "亮点" in k), "")
    for word in ("低于时序进度", "后退", "低于全市", "排名靠后", "进度滞后"):
        assert word not in good, (name, word)
    bad = next((v for k, v in sections.items() if "问题" in k), "")
    for word in ("超时序进度", "快于时序进度", "前移"):
        assert word not in bad, (name, word)
    labels = results["labels"]["indicators"]
    for code in results.get("indicators", {}):
        if steady_fast(results, code):
            assert not growth_contradicted(results, code, thresholds(results))
            assert labels[code] in good
    forecast = next((v for k, v in sections.items() if "预测" in k), "")
    page04 = html_reader_text((folder / "04_forecast.html").read_text(encoding="utf-8"))
    fc = results.get("forecast") or {}
    for code, e in (fc.get("full_year") or {}).items():
        line = next((x for x in forecast.split("。") if labels.get(code, "?") in x), "")
        outlook = target_outlook(results, code)
        if outlook == "hard":
            assert "把握较大" not in line, (name, code, line)
        if outlook == "secure":
            assert "难度较大" not in line and "不确定" not in line, (name, code, line)
        p = e.get("p_meet_target")
        if isinstance(p, int | float):
            check = page_words.interval_check(fc, code)
            with language("zh"):
                stated = page_words.stated_percent(p, check.n if check else None)
            assert f"完成目标的概率{stated}" in page04, (name, code, stated)
