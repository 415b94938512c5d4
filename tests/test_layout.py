"""The library is grouped by stage and data flows one way:

    data -> analysis -> forecast -> text (wording) -> contract -> display (charts, styled
    tables) -> chapters (each page's facts, computed once; the registry) -> rendering
    (pages, index, Word) -> running (runs, kernels, batch)

(``cli``, ``explore``, ``params`` and ``paths`` sit on top). A lower stage never imports a
higher one, so a reader can follow the flow from the folder names and a change in the
pages cannot break the computation.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from halfyear_lib.paths import PACKAGE_DIR

# what each stage may import from the package (besides itself)
ALLOWED = {
    "data": set(),
    "analysis": {"data"},
    "forecast": {"data", "analysis"},
    "text": {"data", "analysis", "forecast"},
    "contract": {"data"},
    "display": {"data", "analysis", "forecast", "text", "paths"},
    "chapters": {"data", "analysis", "forecast", "text", "contract", "display", "paths", "params"},
    "rendering": {"data", "analysis", "forecast", "text", "contract", "display", "chapters", "paths"},
    "running": {"data", "analysis", "forecast", "text", "contract", "display", "chapters",
                "rendering", "paths", "params"},
}  # fmt: skip


def _package_imports(path: Path) -> set[str]:
    """Top-level parts of halfyear_lib imported by a module ("data", "paths", ...)."""
    parts = path.relative_to(PACKAGE_DIR).parts
    package = list(parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = [*base, *(node.module.split(".") if node.module else [])]
                if not target:  # "from . import x" at the top level
                    target = [node.names[0].name]
            elif node.module and node.module.startswith("halfyear_lib."):
                target = node.module.split(".")[1:]
            else:
                continue
            found.add(target[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("halfyear_lib."):
                    found.add(alias.name.split(".")[1])
    return found


def test_the_import_checker_sees_relative_and_absolute_imports(tmp_path):
    # a report module importing a sibling and a lower stage, both ways
    module = PACKAGE_DIR / "running" / "runs.py"
    assert {"data", "paths", "running"} <= _package_imports(module)


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_lower_stages_never_import_higher_ones(stage):
    offenders = []
    for path in sorted((PACKAGE_DIR / stage).rglob("*.py")):
        imported = _package_imports(path) - {stage}
        bad = imported - ALLOWED[stage]
        if bad:
            offenders.append(f"{path.relative_to(PACKAGE_DIR)} imports {sorted(bad)}")
    assert not offenders, "; ".join(offenders)


def test_every_stage_is_a_package():
    for stage in ALLOWED:
        assert (PACKAGE_DIR / stage / "__init__.py").is_file()
    loose = sorted(p.name for p in PACKAGE_DIR.glob("*.py"))
    assert loose == ["__init__.py", "cli.py", "explore.py", "params.py", "paths.py"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["halfyear_lib", *parts])


def _imported_modules(path: Path, known: set[str]) -> dict[str, set[str]]:
    """Modules of the package a module imports (at the top or inside a function), each
    with the names it takes from it: {"halfyear_lib.data.periods": {"Period"}, ...}."""
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            elif node.module and node.module.startswith("halfyear_lib"):
                module = node.module
            else:
                continue
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                if sub in known:  # "from . import batch": the module batch
                    found.setdefault(sub, set())
                else:
                    found.setdefault(module, set()).add(alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("halfyear_lib."):
                    found.setdefault(alias.name, set())
    return {m: names for m, names in found.items() if m in known}


def _import_graph() -> dict[str, dict[str, set[str]]]:
    paths = {_module_name(p): p for p in PACKAGE_DIR.rglob("*.py")}
    known = set(paths)
    return {name: _imported_modules(path, known) for name, path in paths.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_finds_a_cycle_of_three_and_ignores_a_chain():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_no_import_cycles_anywhere_in_the_package():
    # imports inside functions count: a cycle hidden in a function is still a cycle
    graph = {m: {i for i in imports if i != m} for m, imports in _import_graph().items()}
    packages = {
        m for m in graph if (PACKAGE_DIR / Path(*m.split(".")[1:]) / "__init__.py").exists()
    }
    # a package's __init__ importing its modules is not a cycle with them
    graph = {m: {i for i in imports if i not in packages} for m, imports in graph.items()}
    assert _cycles(graph) == []


def test_no_module_imports_another_modules_private_names():
    offenders = [
        f"{module} takes {sorted(private)} from {source}"
        for module, imports in sorted(_import_graph().items())
        for source, names in imports.items()
        if source != module and (private := {n for n in names if n.startswith("_")})
    ]
    assert not offenders, "; ".join(offenders)


# ---------------------------------------------------------------- words in one layer

_CJK = re.compile(r"[\u4e00-\u9fff]")

# Chinese literals allowed outside text/ and data/, each with its reason. A folder or file
# alone (no literal) allows all of it.
WORDING_ALLOWED: dict[tuple[str, str | None], str] = {
    ("rendering/summary.py", "方正小标宋简体"): "a font family name, not wording",
    ("rendering/summary.py", "仿宋"): "a font family name, not wording",
    ("rendering/summary.py", "黑体"): "a font family name, not wording",
    ("rendering/summary.py", "楷体"): "a font family name, not wording",
    ("rendering/summary.py", "宋体"): "a font family name, not wording",
    ("analysis/tasks.py", "增速"): "matches a task's name in the data (产值增速), not wording",
    ("analysis/tasks.py", "增长"): "matches a task's name in the data (产值增长), not wording",
    ("analysis/indicators.py", "年1-"): "a period label in a frame (Period.full_label's form)",
    ("analysis/indicators.py", "月"): "a period label in a frame (Period.full_label's form)",
    ("analysis/trends.py", "月"): "a period label in a frame (Period.label's form)",
    ("analysis/required.py", None): "English diagnostics (``missing``, ``note``) quoting a "
    "period label (1-12月)",
    ("params.py", "cumulative period as YYYY-MM, e.g. 2021-06 for 1-6月"): "an English "
    "description quoting a period label",
}


def chinese_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of the Chinese string literals of a module that are neither a
    docstring nor inside a ``tr(...)`` call (a message, in both languages)."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            skip.add(id(body[0].value))
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name == "tr":
                skip.update(id(n) for n in ast.walk(node))
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and _CJK.search(node.value)
    )


def _wording_allowed(path: str, text: str) -> bool:
    for (where, literal), _reason in WORDING_ALLOWED.items():
        inside = path.startswith(where) if where.endswith("/") else path == where
        if inside and literal in (None, text):
            return True
    return False


def test_the_wording_check_sees_a_chinese_literal_but_not_a_message_or_a_docstring():
    source = (
        '"""模块说明。"""\n'
        "def f():\n"
        '    """函数说明。"""\n'
        '    x = "全市"\n'
        '    return tr("the city", "全市"), x, f"{x}排第{1}位"\n'
    )
    assert chinese_literals(source) == [(4, "全市"), (5, "位"), (5, "排第")]


def test_reader_facing_words_live_in_text():
    """Every Chinese string a reader sees is in text/zh (data/ holds the data's own
    names); computing code returns facts, messages are tr("English", "中文")."""
    offenders = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        rel = path.relative_to(PACKAGE_DIR).as_posix()
        if rel.startswith(("text/", "data/")):
            continue
        for line, text in chinese_literals(path.read_text(encoding="utf-8")):
            if not _wording_allowed(rel, text):
                offenders.append(f"{rel}:{line}: {text[:60]!r}")
    assert not offenders, "Chinese words outside text/zh:\n" + "\n".join(offenders)
