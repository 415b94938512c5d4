"""What a page shows, part by part, and showing it in a notebook: Markdown, styled tables,
charts (closed once shown, so a cell never shows a chart twice)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass
class Text:
    """Markdown, already escaped (the wording layer's output)."""

    markdown: str


@dataclass
class Table:
    """A display table: Chinese headers, one row per item; ``left``: label columns."""

    frame: pd.DataFrame
    left: tuple[str, ...] = ("指标",)


@dataclass
class Figure:
    """A chart, drawn when shown (``make`` returns a matplotlib Figure or None)."""

    make: Callable[[], Any] = field(repr=False)


Part = Text | Table | Figure


def show_parts(parts: Iterable[Part]) -> None:
    import matplotlib.pyplot as plt
    from IPython.display import Markdown, display

    from .styling import styled_table

    for part in parts:
        if isinstance(part, Text):
            if part.markdown:
                display(Markdown(part.markdown))
        elif isinstance(part, Table):
            if not part.frame.empty:
                display(styled_table(part.frame, left=part.left))
        elif isinstance(part, Figure):
            fig = part.make()
            if fig is not None:
                display(fig)
                plt.close(fig)
        else:
            raise TypeError(f"cannot show {part!r}")
