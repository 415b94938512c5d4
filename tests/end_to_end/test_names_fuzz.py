"""Property-based: hostile unit names (control and bidi characters, surrogates, very long,
Markdown and HTML markup) go through a small data set to every output of a run — the pages,
summary.md, summary.docx, results.json and the batch index. Each either stops at validation
with a located error or renders: never a traceback, never live markup, never a broken
document, never an invisible character in a title."""

from __future__ import annotations

import csv
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import docx
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from halfyear_lib.data.loading import validate_dataset
from halfyear_lib.rendering.index import write_index
from halfyear_lib.running.runs import run_report

GROWTH_ONLY = Path(__file__).resolve().parents[1] / "fixtures" / "growth_only"

PIECES = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "**粗**", "_斜_", "`代码`",
    "[链接](javascript:alert(1))", "$x$", "# 标题", "| 表 |", "&amp;", "&lt;", "{{x}}", "%s",
    "\u202e", "\u2066", "\u200b", "\ufeff", "\x07", "\x1b[31m", "\t", "\r\n", "\u0085",
    "\ud800", "县", "清水", "'", '"', ",", "\\", "<!--", "-->", "]]>", "县" * 60,
]  # fmt: skip
names = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), min_size=1, max_size=5
).map("".join)

INVISIBLE = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f"
                       r"\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")  # fmt: skip


OUTCOMES: list[str] = []  # what became of each example (the last test checks the mix)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _check_html(path: Path, scripts: int) -> None:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    tags = [t for t, _ in parser.tags]
    assert tags.count("script") == scripts, path.name
    assert not {"iframe", "object", "embed", "form"} & set(tags), path.name
    for tag, attrs in parser.tags:
        for key, value in attrs:
            assert not key.startswith("on"), (path.name, tag, key)
            assert "javascript:" not in (value or "").lower(), (path.name, tag, key)
    assert not INVISIBLE.search(parser.title), (path.name, parser.title)


def _write_names(data: Path, names_by_id: dict[str, str]) -> None:
    path = data / "regions.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    for row in rows[1:]:
        if row[0] in names_by_id:
            row[1] = names_by_id[row[0]]
    with open(path, "w", encoding="utf-8", errors="surrogatepass", newline="") as fh:
        csv.writer(fh).writerows(rows)


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(unit=names, peer=names)
@example(unit="<script>alert(1)</script>\u202e县**", peer="[x](javascript:alert(1))\x07乡\u2066")
@example(unit="县" * 51, peer="乙县")  # over the names' limit: a located error
def test_hostile_names_reach_every_output_as_text(tmp_path_factory, unit, peer):
    tmp = tmp_path_factory.mktemp("fuzz")
    data = tmp / "set"
    shutil.copytree(GROWTH_ONLY, data)
    _write_names(data, {"aa": unit, "bb": peer})
    ds, problems = validate_dataset(data)
    OUTCOMES.append("refused" if ds is None else "rendered")
    if ds is None:
        errors = [p for p in problems if p.is_error]
        assert errors and all(p.file == "regions.csv" and p.row and p.column for p in errors)
        return
    loaded = dict(zip(ds.regions["region_id"], ds.regions["name"], strict=True))
    for name in (loaded["aa"], loaded["bb"]):
        assert not INVISIBLE.search(name) and len(name) <= 50
    out = tmp / "reports"
    result = run_report(data, "aa", "2021-06", out, ("01_indicators.ipynb",), dataset=ds)
    folder = result.report_dir
    for page in ("00_summary.html", "01_indicators.html"):
        _check_html(folder / page, scripts=0)
    _check_html(write_index(out), scripts=1)  # the index's own sorting script only
    md = re.sub(r"<!--.*?-->", "", (folder / "summary.md").read_text(encoding="utf-8"), flags=re.S)
    assert "<" not in md, md[:300]  # markup in a name is escaped, never raw HTML
    document = docx.Document(str(folder / "summary.docx"))
    title = document.core_properties.title or ""
    assert len(title) <= 255 and not INVISIBLE.search(title)
    text = "\n".join(p.text for p in document.paragraphs)
    assert not INVISIBLE.search(text)
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert results["region_name"] == loaded["aa"]


def test_the_examples_rendered_and_were_refused():
    """The property above proves little if every example stopped at validation."""
    assert "rendered" in OUTCOMES and "refused" in OUTCOMES, OUTCOMES
