"""What every chapter is made of.

A :class:`Context` is the checked notebook parameters with the data set opened once. A
:class:`Chapter` holds the chapter's facts (the analysis and forecast results objects),
computed once by its module's ``compute(context)``; it turns them into the page's
``results.json`` fragment (:meth:`Chapter.to_results`), its display tables
(:meth:`Chapter.tables`), its charts (:meth:`Chapter.figures`) and, section by section,
what the page shows (:meth:`Chapter.section`, :meth:`Chapter.show`). A notebook is a
parameters cell, :func:`build` and one ``show`` per section.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd

from ..analysis.highlights import Thresholds
from ..contract.results import write_fragment, write_tables_fragment
from ..data.checks import DEFAULT_MAX_ABS_GROWTH_PCT
from ..data.dataset import DataSet
from ..data.language import language
from ..data.periods import Period
from ..display.show import Figure, Part, Table, Text, show_parts
from ..params import NOTEBOOK_PARAMETERS, RunParams, check_notebook_parameters
from ..paths import resolve_data_path
from . import registry


def open_dataset(
    data: str,
    snapshot: str = "",
    accept_warnings: bool = False,
    max_abs_growth_pct: float = DEFAULT_MAX_ABS_GROWTH_PCT,
) -> DataSet:
    """The data set for a notebook: the run's validated snapshot if given, else load it
    with the run's plausibility options."""
    if snapshot:
        return DataSet.load_snapshot(snapshot)
    from ..data.loading import load_dataset

    return load_dataset(resolve_data_path(data), accept_warnings, max_abs_growth_pct)


@dataclass
class Context:
    """The checked parameters of one page and its data set."""

    dataset: DataSet
    params: RunParams
    results_dir: str = ""

    @property
    def region(self) -> str:
        return self.params.region

    @property
    def period(self) -> Period:
        return self.params.period

    @property
    def region_name(self) -> str:
        return self.dataset.region_name(self.region)

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds.from_mapping(self.params.highlights)


def context(namespace: Mapping[str, Any] | None = None, **values: Any) -> Context:
    """The context of a page from its parameters: a notebook passes ``globals()`` (the
    names of its parameters cell are taken from it), Python code passes keywords."""
    taken = {k: namespace[k] for k in NOTEBOOK_PARAMETERS if namespace and k in namespace}
    taken.update(values)
    params = check_notebook_parameters(**taken)
    ds = open_dataset(
        params.data, taken.get("snapshot") or "", params.accept_warnings, params.max_abs_growth_pct
    )
    return Context(ds, params, taken.get("results_dir") or "")


class Chapter:
    """A chapter's facts and what every surface makes of them (see the module doc)."""

    chapter_id: ClassVar[str] = ""
    sections: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: Context, **facts: Any):
        self.context = context
        self.facts = facts

    def __getattr__(self, name: str) -> Any:
        facts = self.__dict__.get("facts", {})
        if name in facts:
            return facts[name]
        raise AttributeError(name)

    @property
    def spec(self) -> registry.ChapterSpec:
        return registry.by_id(self.chapter_id)

    def to_results(self) -> dict:
        """The chapter's ``results.json`` fragment."""
        raise NotImplementedError

    def section(self, name: str) -> list[Part]:
        """What the page shows in section ``name``, in order: in the page's language
        (Chinese) whatever the message language, its tables and charts too when they are
        made later (``--lang en`` words messages, not the document)."""
        if name not in self.sections:
            raise KeyError(f"{type(self).__name__} has no section {name!r}: {self.sections}")
        with language(PAGE_LANGUAGE):
            parts = [p for p in getattr(self, f"section_{name}")() if p is not None]
        return [_in_page_language(p) for p in parts]

    def parts(self) -> list[tuple[str, Part]]:
        return [(name, part) for name in self.sections for part in self.section(name)]

    def _tables(self) -> dict[str, Table]:
        out: dict[str, Table] = {}
        for name in self.sections:
            tables = [p for p in self.section(name) if isinstance(p, Table)]
            for i, t in enumerate(tables):
                out[t.name or (name if len(tables) == 1 else f"{name}_{i + 1}")] = t
        return out

    def tables(self) -> dict[str, pd.DataFrame]:
        """The page's tables by name ("headline", "units_growth", ...), tidy: one row per
        observation, English column names, codes as values, numbers unrounded (for
        analysis and export; :meth:`display_tables` gives them as the page shows them)."""
        return {name: t.data for name, t in self._tables().items()}

    def display_tables(self) -> dict[str, pd.DataFrame]:
        """The same tables as the page shows them: Chinese headers, rounded as printed."""
        return {name: t.frame for name, t in self._tables().items()}

    def figures(self) -> dict[str, Callable[[], Any]]:
        """The page's charts by name, each drawn when called."""
        out: dict[str, Callable[[], Any]] = {}
        for name in self.sections:
            figs = [p for p in self.section(name) if isinstance(p, Figure)]
            for i, f in enumerate(figs):
                out[name if len(figs) == 1 else f"{name}_{i + 1}"] = f.make
        return out

    def show(self, name: str) -> None:
        """Display section ``name`` in a notebook."""
        show_parts(self.section(name))

    def write_results(self) -> None:
        """Write the fragment where the run collects it, and the page's display tables for
        the report's ``tables.xlsx`` (nothing outside a run)."""
        write_fragment(self.context.results_dir, self.spec.page, self.to_results())
        if self.context.results_dir:
            write_tables_fragment(self.context.results_dir, self.spec.page, self.display_tables())


PAGE_LANGUAGE = "zh"  # the pages are Chinese documents (text/zh)


def _in_page_language(part: Part) -> Part:
    """A table or chart that is made when shown, made in the page's language."""

    def wrap(make):
        def made(*args):
            with language(PAGE_LANGUAGE):
                return make(*args)

        return made

    if isinstance(part, Table):
        return dataclasses.replace(part, present=wrap(part.present))
    if isinstance(part, Figure):
        return Figure(wrap(part.make), wrap(part.narrow) if part.narrow else None)
    return part


def tidy_frame(objects: Iterable[Any], drop: tuple[str, ...] = ("label",), **columns: Any):
    """A tidy frame from result dataclasses (one row each, a column per field): periods as
    "YYYY-MM", display labels dropped (the wording layer names the codes); ``columns``:
    constant columns put first (e.g. ``region_id``)."""
    rows = []
    for obj in objects:
        row = dict(columns)
        for f in dataclasses.fields(obj):
            if f.name in drop:
                continue
            value = getattr(obj, f.name)
            # the indicator's code is "indicator" in every tidy table
            row["indicator" if f.name == "code" else f.name] = (
                value.iso if isinstance(value, Period) else value
            )
        rows.append(row)
    return numeric(pd.DataFrame(rows))


def numeric(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each column that holds only numbers and missing values (None, NaN)
    as float64: a missing number is NaN, so a sum over growth-only data is NaN, not 0."""
    out = frame.copy()
    for name in out.columns:
        col = out[name]
        if col.dtype != object:
            continue
        present = [v for v in col if v is not None and not (isinstance(v, float) and v != v)]
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
            out[name] = col.astype("float64")
    return out


def compute(chapter_id: str, ctx: Context) -> Chapter:
    """The chapter ``chapter_id`` computed for ``ctx`` (its module's ``compute``)."""
    spec = registry.by_id(chapter_id)
    return importlib.import_module(spec.module).compute(ctx)


def build(chapter_id: str, namespace: Mapping[str, Any] | None = None, **values: Any) -> Chapter:
    """What a notebook calls: check the parameters, open the data set, compute the chapter
    and write its ``results.json`` fragment. ``namespace``: the notebook's ``globals()``."""
    chapter = compute(chapter_id, context(namespace, **values))
    chapter.write_results()
    return chapter


__all__ = [
    "Chapter",
    "Context",
    "Figure",
    "Part",
    "Table",
    "Text",
    "build",
    "compute",
    "context",
    "numeric",
    "tidy_frame",
]
