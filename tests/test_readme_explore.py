"""The README's "Exploring in JupyterLab" section runs as written."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd

from halfyear_lib import explore
from halfyear_lib.paths import PROJECT_ROOT

SECTION = "## Exploring in JupyterLab"


def readme_code() -> str:
    """The fenced python block of the README's exploring section."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert SECTION in text
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1, "the exploring section has one python block"
    return blocks[0]


def test_the_section_asks_every_question_of_the_api():
    code = readme_code()
    for name in ("load", "regions", "indicators", "headline", "ranking", "trend", "compare",
                 "investment", "industry", "projection"):  # fmt: skip
        assert f"hy.{name}(" in code, name
        assert name in explore.__all__


def test_the_section_runs_as_written(tmp_path, monkeypatch):
    import matplotlib.figure

    monkeypatch.chdir(tmp_path)  # the last line writes a file
    code = readme_code()
    namespace: dict = {}
    answers = []
    for node in ast.parse(code).body:
        if isinstance(node, ast.Expr):  # a question: keep its answer
            answers.append(eval(compile(ast.Expression(node.value), "README", "eval"), namespace))
        else:
            exec(compile(ast.Module([node], []), "README", "exec"), namespace)
    # every answer is something Lab shows: a result, a table or a chart
    shown = (explore.Result, pd.DataFrame, matplotlib.figure.Figure)
    assert answers and all(isinstance(a, shown) for a in answers[:-2])
    # the last two wrote files for Excel: the table as shown, CSV with a BOM and xlsx
    assert [Path(a).name for a in answers[-2:]] == ["ranking.csv", "ranking.xlsx"]
    assert (tmp_path / "ranking.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    ranking = pd.read_csv(tmp_path / "ranking.csv", encoding="utf-8-sig")
    assert ranking["排名"].iloc[0] == 1 and "单位" in ranking.columns
    assert (tmp_path / "ranking.xlsx").is_file()
    # the 1-4月 question answers for 1-4月 of the latest year of the demo data
    asked = [a for a in answers if isinstance(a, explore.Result) and "技改投资" in a.title]
    assert asked[0].title == "2021年1-4月技改投资增速排名（全市）"
