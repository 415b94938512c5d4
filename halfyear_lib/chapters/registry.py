"""The one list of chapters: id, page (the notebook's stem), title, the module that computes
it. The run, the pages, the index, the draft and explore read this list; adding a chapter is
one :func:`register` call (see README "Adding a chapter").

A report notebook is run only when it is a registered chapter's: a name from a parameter
file or a flag must be the bare file name of one (:func:`report_notebook`), so a run can
never be made to execute a notebook from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..data.language import tr
from ..paths import NOTEBOOKS_DIR
from ..text.zh.titles import CHAPTER_TITLES


@dataclass(frozen=True)
class ChapterSpec:
    """One chapter. ``page``: the stem of its page and notebook ("01_indicators");
    ``module``: the module whose ``compute(context)`` builds it ("" for the draft, which
    the run writes from ``results.json``); ``notebook_dir``: where its notebook is."""

    id: str
    page: str
    title: str
    module: str = ""
    notebook_dir: Path = field(default=NOTEBOOKS_DIR)
    weight: float = 1.0  # the notebook's relative run time: the run starts heavy ones first

    @property
    def notebook(self) -> Path | None:
        """The page's notebook (None for a page drawn without one)."""
        return self.notebook_dir / f"{self.page}.ipynb" if self.module else None


SUMMARY = ChapterSpec("summary", "00_summary", CHAPTER_TITLES["summary"])
_REGISTRY: dict[str, ChapterSpec] = {}


def register(spec: ChapterSpec) -> ChapterSpec:
    """Add (or replace) a chapter; returns it."""
    _REGISTRY[spec.id] = spec
    return spec


def unregister(chapter_id: str) -> None:
    """Remove a chapter (tests)."""
    _REGISTRY.pop(chapter_id, None)


# weights: seconds in a warm kernel on the demo (benchmarks/run_speed.py), the forecast's
# fits (cached) and eight charts the longest
for _id, _page, _weight in (
    ("indicators", "01_indicators", 1.5),
    ("industry", "02_industry", 1.5),
    ("investment", "03_investment", 1.0),
    ("forecast", "04_forecast", 2.5),
):
    register(
        ChapterSpec(_id, _page, CHAPTER_TITLES[_id], f"halfyear_lib.chapters.{_id}", weight=_weight)
    )


def chapters() -> list[ChapterSpec]:
    """Every chapter, the draft first, then by page (reading order)."""
    return [SUMMARY, *sorted(_REGISTRY.values(), key=lambda s: s.page)]


def by_id(chapter_id: str) -> ChapterSpec:
    if chapter_id in _REGISTRY:
        return _REGISTRY[chapter_id]
    raise KeyError(
        tr(
            f"no chapter {chapter_id!r}; chapters: {', '.join(_REGISTRY)}",
            f"没有章节 {chapter_id!r}；已有章节：{'、'.join(_REGISTRY)}",
        )
    )


def by_page(page: str | Path) -> ChapterSpec | None:
    """The chapter of a page or notebook ("01_indicators", "x/01_indicators.ipynb")."""
    stem = Path(page).stem
    return next((s for s in chapters() if s.page == stem), None)


def title_of(page: str | Path) -> str:
    """The chapter title of a page (its stem when it is no chapter's)."""
    spec = by_page(page)
    return spec.title if spec is not None else Path(page).stem


def weight_of(page: str | Path) -> float:
    """A page's relative run time (1 for a notebook that is no chapter's)."""
    spec = by_page(page)
    return spec.weight if spec is not None else 1.0


def report_notebooks() -> list[Path]:
    """The notebooks of the registered chapters, in reading order."""
    return [s.notebook for s in chapters() if s.notebook is not None and s.notebook.is_file()]


def report_notebook(name: object) -> Path:
    """The report notebook ``name`` (``01_indicators.ipynb``, or without ``.ipynb``).

    Only a bare name of one of :func:`report_notebooks` is accepted: a path (``/``, ``\\``),
    ``..``, an absolute path or any other notebook raises ValueError listing the valid
    names, so a parameter file can never make a run execute foreign code.
    """
    available = {p.name: p for p in report_notebooks()}
    text = name if isinstance(name, str) else ""
    bare = text.strip()
    if bare and not bare.endswith(".ipynb"):
        bare += ".ipynb"
    is_bare = bool(bare) and "/" not in bare and "\\" not in bare and not bare.startswith(".")
    path = available.get(bare) if is_bare else None
    spec = by_page(bare) if path is not None else None
    # the name must resolve to itself inside its chapter's folder (no link leading elsewhere)
    if path is not None and spec is not None:
        if path.resolve().parent == spec.notebook_dir.resolve():
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
