"""Display tables as pandas Stylers: cells escaped, missing values as "—", falling and
behind-schedule figures marked with a sign and a colour, a note saying what the marks mean."""

from __future__ import annotations

import html

import pandas as pd

from ..text.numbers import PLACEHOLDER, display_cell, is_missing
from ..text.zh import tables as words
from ..text.zh.tables import DOWN, FALL, UP, explains_ahead_amount, mark_kind

BAD_COLOR, GOOD_COLOR = "#b91c1c", "#15803d"  # red: behind or falling; green: ahead


def cell_text(cell: object) -> str:
    """What a table cell shows: "—" for None, NaN, pd.NA and inf (never "nan" or "None"),
    a number as :func:`numbers.display_cell` writes it, text as it is."""
    return str(display_cell(cell))


def _number(cell: object) -> float | None:
    try:
        x = float(cell_text(cell).replace("\u2212", "-").rstrip("%"))
    except ValueError:
        return None
    return None if is_missing(x) else x


def _mark(kind: str, cell: object) -> str:
    """The cell with its mark: "▼ -2.3" behind and "▲ +1.0" ahead of the time progress,
    "↓ -2.3" a fall (or a rate change pulling growth down)."""
    x, text = _number(cell), cell_text(cell)
    if x is not None and x < 0:
        return f"{DOWN if kind == 'schedule' else FALL} {text}"
    if x is not None and x > 0 and kind == "schedule":
        return f"{UP} {text}"
    return text


def _mark_color(kind: str, cell: object) -> str:
    x = _number(cell)
    # a mark and its number stay on one line ("▲ +10.2", never "▲" over "+10.2")
    if x is not None and x < 0:
        return f"color: {BAD_COLOR}; white-space: nowrap"
    if x is not None and x > 0 and kind == "schedule":
        return f"color: {GOOD_COLOR}; white-space: nowrap"
    return ""


def marks_note(frame: pd.DataFrame) -> str:
    """The note under a table saying what its signs mean ("" when nothing is marked)."""
    kinds = {mark_kind(c) for c in frame.columns}
    marked = {
        kind
        for c in frame.columns
        if (kind := mark_kind(c))
        for v in frame[c]
        if _mark(kind, v) != cell_text(v)
    }
    ahead = "schedule" in kinds and any(explains_ahead_amount(c) for c in frame.columns)
    return words.marks_note(marked, ahead)


def styled_table(frame: pd.DataFrame, left: tuple[str, ...] = words.LABEL_COLUMNS):
    """A display table as a pandas Styler: no index, cells HTML-escaped, labels left,
    a missing value (None, NaN, pd.NA, inf) shown as "—" (:func:`cell_text`).

    Behind-schedule and falling figures are marked with a sign and a colour, readable
    in black and white: "▼ -2.3" in red behind the time progress, "▲ +1.0" in green
    ahead of it, "↓ -2.3" in red a fall; see :func:`mark_kind`. A note under the table (its caption)
    says what the signs mean.
    """
    style = frame.style.hide(axis="index").format(cell_text, na_rep=PLACEHOLDER, escape="html")
    for column in frame.columns:
        kind = mark_kind(column)
        if kind is not None:
            style = style.format(
                lambda v, kind=kind: _mark(kind, v),
                subset=[column],
                na_rep=PLACEHOLDER,
                escape="html",
            )
            style = style.map(lambda v, kind=kind: _mark_color(kind, v), subset=[column])
    subset = [c for c in left if c in frame.columns]
    if subset:
        style = style.set_properties(subset=subset, **{"text-align": "left"})
    note = marks_note(frame)
    if note:
        style = style.set_caption(html.escape(note))
    return style.set_table_styles(
        [
            {"selector": "th", "props": [("text-align", "center")]},
            {"selector": "caption", "props": [("caption-side", "bottom"), ("text-align", "left"),
                                              ("font-size", "0.85em")]},
        ]
    )  # fmt: skip
