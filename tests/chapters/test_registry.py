"""The registry is the one list of chapters: a chapter defined outside the package (module,
its words, its notebook, one registry line) appears in a run, its page, the index and
results.json with nothing else touched."""

from __future__ import annotations

import json
import textwrap

import nbformat
import pytest

from halfyear_lib.chapters import registry

TINY_MODULE = '''
"""A tiny chapter for the registry test: how many indicator rows the unit has."""
from pathlib import Path

from halfyear_lib.chapters import registry
from halfyear_lib.chapters.base import Chapter, Table, Text

import pandas as pd


class TinyChapter(Chapter):
    chapter_id = "tiny"
    sections = ("title", "rows")

    def section_title(self):
        return [Text("# 指标行数")]

    def section_rows(self):
        data = pd.DataFrame({"measure": ["indicator_rows"], "value": [self.rows]})

        def present(d):
            return pd.DataFrame({"指标": ["行数"], "数值": list(d["value"])})

        return [Text(f"本单位共有{self.rows}行指标数据。"), Table(data, present)]

    def to_results(self):
        return {"tiny": {"rows": self.rows}}


def compute(ctx):
    ind = ctx.dataset.indicators
    return TinyChapter(ctx, rows=int((ind["region_id"] == ctx.region).sum()))


registry.register(
    registry.ChapterSpec("tiny", "05_tiny", "指标行数", "tiny_chapter", Path(__file__).parent)
)
'''


def _tiny_notebook(folder) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(
        'data = "demo"\nregion = "qingshui"\nperiod = "2021-06"\nresults_dir = ""\n'
        'snapshot = ""\naccept_warnings = False\nmax_abs_growth_pct = 300.0\nhighlights = {}'
    )
    params.metadata["tags"] = ["parameters"]
    setup = nbformat.v4.new_code_cell(
        f"import sys\nsys.path.insert(0, {str(folder)!r})\nimport tiny_chapter  # noqa: F401\n"
        "from halfyear_lib.chapters.base import build\n\n"
        'chapter = build("tiny", globals())\nchapter.show("title")'
    )
    rows = nbformat.v4.new_code_cell('chapter.show("rows")')
    nb.cells = [params, setup, rows]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, folder / "05_tiny.ipynb")


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "tiny_chapter.py").write_text(textwrap.dedent(TINY_MODULE), encoding="utf-8")
    _tiny_notebook(folder)
    monkeypatch.syspath_prepend(str(folder))
    import tiny_chapter  # noqa: F401  (its registry line runs here as in the kernel)

    yield folder
    registry.unregister("tiny")


def test_a_chapter_defined_outside_the_package_appears_everywhere(tiny, tmp_path):
    from halfyear_lib.rendering.index import write_index
    from halfyear_lib.running.runs import run_report

    spec = registry.by_id("tiny")
    assert spec in registry.chapters() and registry.report_notebooks()[-1] == spec.notebook
    out = tmp_path / "out"
    # the run's notebooks are the registry's (asserted above); run the tiny one beside one
    # built-in page to keep the suite short
    builtin = registry.by_id("investment").notebook
    result = run_report("demo", "qingshui", "2021-06", out, [builtin, spec.notebook])
    folder = result.report_dir
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    # the demo's qingshui has one row per indicator and month: the count the chapter saw
    from halfyear_lib.explore import load

    ind = load("demo").indicators
    assert results["tiny"] == {"rows": int((ind["region_id"] == "qingshui").sum())}
    page = (folder / "05_tiny.html").read_text(encoding="utf-8")
    assert "清水县 2021年1-6月 · 指标行数" in page and "行指标数据" in page
    index = write_index(out).read_text(encoding="utf-8")
    assert "05_tiny.html" in index and "指标行数" in index
    # and the built-in chapter still ran beside it
    assert (folder / "03_investment.html").is_file() and "investment" in results


def test_unknown_chapter_names_the_chapters():
    with pytest.raises(KeyError, match="indicators"):
        registry.by_id("nope")


def test_one_title_per_chapter_on_every_surface():
    from halfyear_lib.rendering.html import chapter_of

    for spec in registry.chapters():
        assert chapter_of(f"{spec.page}.ipynb") == spec.title == registry.title_of(spec.page)
    # 02 was "工业经济运行" on its page and "工业运行" on the index; one title now
    assert registry.title_of("02_industry") == "工业经济运行"


def test_the_index_links_each_page_by_its_chapter_title(tmp_path):
    from halfyear_lib.rendering.index import write_index

    folder = tmp_path / "2021-06" / "qingshui"
    folder.mkdir(parents=True)
    for spec in registry.chapters():
        (folder / f"{spec.page}.html").write_text("<html></html>", encoding="utf-8")
    (folder / "results.json").write_text(
        '{"region": "qingshui", "region_name": "清水县", "period": "2021-06"}', encoding="utf-8"
    )
    page = write_index(tmp_path, embed_font=False).read_text(encoding="utf-8")
    for spec in registry.chapters():
        assert f'{spec.page}.html">{spec.title}</a>' in page


def test_results_json_does_not_depend_on_the_message_language():
    """Method names and notes of the forecast came out in English with --lang en."""
    from halfyear_lib.chapters.base import compute, context
    from halfyear_lib.data.language import language

    fragments = {}
    for lang in ("zh", "en"):
        with language(lang):
            ctx = context(data="demo", region="qingshui", period="2021-06")
            fragments[lang] = compute("forecast", ctx).to_results()
            fragments[lang]["forecast"].pop("seconds")  # how long it took
    assert fragments["en"] == fragments["zh"]
    labels = [m["label"] for m in fragments["en"]["forecast"]["backtest"]["output"].values()]
    assert "增速保持不变（分析员惯用做法）" in labels
