"""`halfyear validate` counts errors and warnings; notes (how the input was read) are neither."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import halfyear

GROWTH_ONLY = Path(__file__).resolve().parent / "fixtures" / "growth_only"


def test_a_note_is_not_counted_as_a_warning(tmp_path):
    data = tmp_path / "set"
    shutil.copytree(GROWTH_ONLY, data)
    regions = (data / "regions.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = regions[2].split(",")
    cells[1] = "\u202e" + cells[1]  # a right-to-left override: removed, with a note
    regions[2] = ",".join(cells)
    (data / "regions.csv").write_text("\n".join(regions) + "\n", encoding="utf-8")
    lines = (data / "indicators.csv").read_text(encoding="utf-8-sig").splitlines()
    head = lines[0].split(",")
    cells = lines[1].split(",")
    cells[head.index("yoy_pct")] = "abc"  # one error
    lines[1] = ",".join(cells)
    (data / "indicators.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = halfyear("validate", str(data))
    assert proc.returncode == 2
    assert "note: regions.csv" in proc.stdout and "U+202E" in proc.stdout
    # before: "1 error(s), 1 warning(s)" (the note counted as a warning)
    assert proc.stderr.rstrip().endswith("1 error(s), 0 warning(s)"), proc.stderr
