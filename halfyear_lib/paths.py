"""Project paths resolved in one place, whatever the working directory.

A notebook run from JupyterLab, papermill or nbval finds the same data folders.
``HALFYEAR_ROOT`` overrides the project root (e.g. for an installed package).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = Path(os.environ.get("HALFYEAR_ROOT", PACKAGE_DIR.parent)).resolve()
DATA_DIR = PROJECT_ROOT / "data"
DEMO_DATA_DIR = DATA_DIR / "demo"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
PARAMS_DIR = PROJECT_ROOT / "params"
REPORTS_DIR = PROJECT_ROOT / "reports"
DEFAULT_PARAMS = PARAMS_DIR / "defaults.yaml"


def resolve_data_path(name_or_path: str | os.PathLike) -> Path:
    """A data set given as a path, or as a folder name under data/ ("demo").

    Relative paths are tried against the working directory first, then the project root,
    then data/. Raises FileNotFoundError naming every place looked in.
    """
    raw = Path(name_or_path).expanduser()
    candidates = (
        [raw] if raw.is_absolute() else [Path.cwd() / raw, PROJECT_ROOT / raw, DATA_DIR / raw]
    )
    for cand in candidates:
        if cand.exists():
            return cand.resolve()
    looked = ", ".join(str(c) for c in candidates)
    from .data.language import tr

    raise FileNotFoundError(
        tr(
            f"data set {str(name_or_path)!r} not found (looked in: {looked}); give a folder of "
            "CSV files or an .xlsx workbook",
            f"找不到数据集 {str(name_or_path)!r}（查找过：{looked}）；请给出 CSV 文件所在的文件夹"
            "或一个 .xlsx 工作簿",
        )
    )
