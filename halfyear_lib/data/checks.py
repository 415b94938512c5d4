"""Checks across rows and tables: references between tables, unit jumps in a series."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from .problems import MAX_CELL_PROBLEMS
from .tables import TableParser

JUMP_FACTOR = 1000.0
"""Consecutive cumulative values differing by more than this factor get a unit warning."""


def check_references(
    frames: dict[str, pd.DataFrame],
    parsers: dict[str, TableParser],
    where: Callable[[str], str],
) -> None:
    for name, parser in parsers.items():
        frame = frames[name]
        for col in parser.spec.columns:
            if not col.references or col.name not in parser.present:
                continue
            ref_table, ref_col = col.references.split(".")
            ref = parsers.get(ref_table)
            if ref is None or ref_col not in ref.present:
                continue  # the missing table or column is reported already
            known = frames[ref_table][ref_col].dropna().unique().tolist()
            values = frame[col.name]
            bad = (values.notna() & ~values.isin(known)).to_numpy(dtype=bool)
            shown = ", ".join(str(k) for k in sorted(known)[:8])
            if len(known) > 8:
                shown += f", ... ({len(known)} in all)"
            parser.bad(
                bad,
                col.name,
                lambda v, rt=ref_table, rc=ref_col, s=shown: (
                    f"unknown {rc} {v!r}: it is not in {where(rt)} (column {rc}); "
                    f"known: {s or 'none'}; fix the id or add it to {rt}"
                ),
                f"with an unknown {ref_col}",
                values=values.astype(object).where(values.notna(), ""),
            )


def check_jumps(frame: pd.DataFrame, parser: TableParser) -> None:
    """Warn where a cumulative value differs by more than JUMP_FACTOR from its neighbour.

    The neighbours of cum(year, m) are the previous period of the same year, cum(year,
    m-1 or earlier), and the same period a year before, cum(year-1, m); a factor of 1000
    between those is almost always a 万元 value among 亿元 values (or the reverse) whose
    unit was not declared. (December to the next 1-2月 is no neighbour: the cumulative
    series restarts every year and lumpy indicators legitimately fall a lot.)
    """
    if frame.empty or not {"region_id", "indicator", "value"} <= parser.present:
        return
    key = ["region_id", "indicator", "year", "month"]
    d = frame.loc[frame["value"].notna() & (frame["value"] != 0), [*key, "value", "unit", "_row"]]
    d = d.loc[d[key].notna().all(axis=1)].drop_duplicates(key)
    if d.empty:
        return
    d = d.sort_values(key, kind="mergesort").reset_index(drop=True)
    within = d.groupby(["region_id", "indicator", "year"], sort=False)
    before = pd.DataFrame({c: within[c].shift() for c in ("value", "year", "month", "_row")})
    year_ago = d.assign(year=d["year"] + 1)[[*key, "value", "_row"]]
    last_year = d[key].merge(year_ago, on=key, how="left").set_index(d.index)
    last_year["year"] = d["year"] - 1
    rows: list[int] = []
    messages: list[str] = []
    seen: set[int] = set()
    for other in (before, last_year):
        ratio = (d["value"] / other["value"]).abs()
        jump = ((ratio > JUMP_FACTOR) | (ratio < 1 / JUMP_FACTOR)).to_numpy(dtype=bool)
        for i in np.flatnonzero(jump):
            r, p = d.iloc[i], other.iloc[i]
            if int(r["_row"]) in seen:
                continue
            seen.add(int(r["_row"]))
            rows.append(int(r["_row"]))
            messages.append(
                f"{r['indicator']} of {r['region_id']} jumps from {p['value']:,.6g} {r['unit']} "
                f"in {int(p['year'])}-{int(p['month']):02d} (row {int(p['_row'])}) to "
                f"{r['value']:,.6g} {r['unit']} in {int(r['year'])}-{int(r['month']):02d} "
                f"(row {int(r['_row'])}), a factor of {ratio.iloc[i]:,.4g}; one of the two "
                "rows probably has the wrong unit (万元 vs 亿元): give the unit in the unit "
                "column or the header"
            )
    if not rows:
        return
    order = np.argsort(rows, kind="stable")
    rows = [rows[i] for i in order]
    messages = [messages[i] for i in order]
    position = {int(r): i for i, r in enumerate(parser.rows)}
    text = parser.text["value"]
    parser.report.cells(
        rows,
        [str(text.iat[position[r]]) for r in rows[:MAX_CELL_PROBLEMS]],
        parser.display.get("value", "value"),
        messages,
        "jumping by a factor of more than 1000",
        severity="warning",
    )
