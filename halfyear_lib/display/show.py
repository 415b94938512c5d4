"""What a page shows, part by part, and showing it in a notebook: Markdown, styled tables,
charts (closed once shown, so a cell never shows a chart twice)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..text.zh.tables import LABEL_COLUMNS


@dataclass
class Text:
    """Markdown, already escaped (the wording layer's output)."""

    markdown: str


@dataclass
class Table:
    """A table of a page: its tidy data and how the page shows it.

    ``data`` is tidy (one row per observation, one column per variable, English column
    names, codes as values, numbers unrounded): what :meth:`Chapter.tables` hands to an
    export. ``present`` is the wording layer's display of it (Chinese headers, rounded as
    printed, "—" for missing), so a page and an export never disagree; ``left``: the
    display's label columns; ``name``: the table's key (e.g. "units_growth").
    """

    data: pd.DataFrame
    present: Callable[[pd.DataFrame], pd.DataFrame] = field(repr=False)
    left: tuple[str, ...] = LABEL_COLUMNS
    name: str = ""  # its key in Chapter.tables() ("" : the section's name)

    @property
    def frame(self) -> pd.DataFrame:
        """The display table (made from ``data`` each time: a Table holds no copy)."""
        return self.present(self.data)


@dataclass
class Figure:
    """A chart, drawn when shown (``make`` returns a matplotlib Figure or None)."""

    make: Callable[[], Any] = field(repr=False)
    # the same chart with its panels in one column, for a narrow screen (small multiples)
    narrow: Callable[[], Any] | None = field(default=None, repr=False)


Part = Text | Table | Figure


def show_parts(parts: Iterable[Part]) -> None:
    import matplotlib.pyplot as plt
    from IPython.display import Markdown, display

    from .plotting import png_image, responsive_image
    from .styling import styled_table

    for part in parts:
        if isinstance(part, Text):
            if part.markdown:
                display(Markdown(part.markdown))
        elif isinstance(part, Table):
            frame = part.frame
            if not frame.empty:
                display(styled_table(frame, left=part.left))
        elif isinstance(part, Figure):
            fig = part.make()
            if fig is None:
                continue
            narrow = part.narrow() if part.narrow is not None else None
            if narrow is not None:
                display(responsive_image(fig, narrow))
                plt.close(narrow)
            else:
                display(png_image(fig))
            plt.close(fig)
        else:
            raise TypeError(f"cannot show {part!r}")
