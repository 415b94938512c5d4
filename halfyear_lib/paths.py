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


REPORT_NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"


def report_notebooks() -> list[Path]:
    """The report notebooks of the project's notebooks folder, in reading order."""
    return sorted(p for p in NOTEBOOKS_DIR.glob(REPORT_NOTEBOOK_GLOB) if p.is_file())


def report_notebook(name: object) -> Path:
    """The report notebook ``name`` (``01_indicators.ipynb``, or without ``.ipynb``) of the
    project's notebooks folder.

    Only a bare name of one of :func:`report_notebooks` is accepted: a path (``/``, ``\\``),
    ``..``, an absolute path or a notebook anywhere else raises ValueError listing the
    valid names, so a parameter file can never make a run execute foreign code.
    """
    from .data.language import tr

    available = {p.name: p for p in report_notebooks()}
    text = name if isinstance(name, str) else ""
    bare = text.strip()
    if bare and not bare.endswith(".ipynb"):
        bare += ".ipynb"
    is_bare = bool(bare) and "/" not in bare and "\\" not in bare and not bare.startswith(".")
    path = available.get(bare) if is_bare else None
    # the name must resolve to itself inside the folder (no link leading elsewhere)
    if path is not None and path.resolve().parent == NOTEBOOKS_DIR.resolve():
        return path
    shown = text if len(text) <= 80 else text[:77] + "…"
    names = ", ".join(available)
    if not is_bare:
        raise ValueError(
            tr(
                f"notebook {shown!r} is not a notebook name: give the file name of one of the "
                f"project's report notebooks, without a folder ({names})",
                f"笔记本 {shown!r} 不是笔记本名称：请给出本项目报告笔记本之一的文件名，不带文件夹"
                f"（{'、'.join(available)}）",
            )
        )
    raise ValueError(
        tr(
            f"notebook {shown!r} is not one of the project's report notebooks ({names})",
            f"笔记本 {shown!r} 不是本项目的报告笔记本（{'、'.join(available)}）",
        )
    )
