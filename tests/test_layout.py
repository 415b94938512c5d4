"""The library is grouped by stage and data flows one way: data -> analysis/forecast -> report.

A lower stage never imports a higher one, so a reader can follow the flow from the folder
names and a change in the report layer cannot break the computation.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from halfyear_lib.paths import PACKAGE_DIR

# what each stage may import from the package (besides itself)
ALLOWED = {
    "data": set(),
    "analysis": {"data"},
    "forecast": {"data", "analysis"},
    "report": {"data", "analysis", "forecast", "paths"},
}


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
    module = PACKAGE_DIR / "report" / "runs.py"
    assert {"data", "paths", "report"} <= _package_imports(module)


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
