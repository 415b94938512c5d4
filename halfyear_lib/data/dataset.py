"""A loaded, validated data set: one canonical DataFrame per table.

Produced by :func:`halfyear_lib.data.loading.load_dataset`. Canonical form of every table:
the columns of :data:`halfyear_lib.data.schema.TABLES` (optional columns always present,
filled with NA when the input lacked them); amounts in 亿元; percentages as floats;
``year``/``month`` as int; "month" columns (entered, library_month, ...) as
``pandas.Period[M]``; bool columns as the nullable ``boolean`` dtype.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .language import tr
from .periods import Period
from .schema import TABLES

SNAPSHOT_FORMAT = 1


@dataclass
class DataSet:
    """All tables of one data set, canonical units, plus where they came from."""

    tables: dict[str, pd.DataFrame]
    source: str = ""
    checksums: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    warnings: list[str] = field(default_factory=list)  # shown to readers on every page
    # file name -> encoding it was read in: "utf-8", "utf-8-sig" (BOM), "gb18030", "xlsx"
    encodings: dict[str, str] = field(default_factory=dict)
    # how the input was read (a title row skipped, GB18030, a unit line applied): printed
    # and kept in run.json, not shown as a warning to the page's readers
    notes: list[str] = field(default_factory=list)
    # what the data set leaves out that a reader must know (no targets at all): printed on
    # the console and shown at the top of every page, beside (not among) the warnings
    notices: list[str] = field(default_factory=list)
    # a batch's units whose own rows have errors (region_id -> located messages): left out
    # of the tables, their runs fail alone, the others rank without them and say so
    broken_units: dict[str, list[str]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def regions(self) -> pd.DataFrame:
        return self.tables["regions"]

    @property
    def indicators(self) -> pd.DataFrame:
        """Cumulative (累计, Jan..month) indicator rows: what every computation uses.

        Single-month (当月) rows are a different quantity; they are in
        :attr:`single_month_indicators` and in ``tables["indicators"]``.
        """
        ind = self.tables["indicators"]
        if "rate_kind" not in ind.columns:
            return ind
        return ind.loc[ind["rate_kind"].isna() | (ind["rate_kind"] == "cumulative")]

    @property
    def single_month_indicators(self) -> pd.DataFrame:
        """Single-month (当月) rows: the value and growth of month m alone."""
        ind = self.tables["indicators"]
        if "rate_kind" not in ind.columns:
            return ind.iloc[0:0]
        return ind.loc[ind["rate_kind"] == "month"]

    def region_name(self, region_id: str) -> str:
        row = self.regions.loc[self.regions["region_id"] == region_id]
        if row.empty:
            raise KeyError(
                tr(
                    f"region {region_id!r} is not in the regions table of {self.source}; "
                    f"known: {', '.join(self.regions['region_id'])}",
                    f"地区 {region_id!r} 不在 {self.source} 的地区表中；已有："
                    f"{'、'.join(self.regions['region_id'])}",
                )
            )
        return str(row["name"].iloc[0])

    def parent_id(self, region_id: str) -> str:
        """The unit's parent (its city); the unit itself if it has none."""
        self.region_name(region_id)  # raises a clear KeyError for an unknown region
        row = self.regions.loc[self.regions["region_id"] == region_id]
        parent = row["parent_id"].iloc[0]
        return region_id if parent is None or pd.isna(parent) or parent == "" else str(parent)

    def latest_period(self, region_id: str | None = None) -> Period:
        """The latest cumulative period with indicator data (for a region if given)."""
        ind = self.indicators
        if region_id is not None:
            ind = ind[ind["region_id"] == region_id]
        if ind.empty:
            where = f" for {region_id} ({self.region_name(region_id)})" if region_id else ""
            raise ValueError(
                tr(
                    f"no cumulative indicator rows{where} in {self.source}; add its rows to "
                    "the indicators table or choose another region",
                    f"{self.source} 中没有{where.replace(' for ', '')}的累计指标数据；请在指标表中"
                    "添加其数据行，或选择其他地区",
                )
            )
        last = ind.sort_values(["year", "month"]).iloc[-1]
        return Period(int(last["year"]), int(last["month"]))

    def first_period(self, region_id: str) -> Period | None:
        """The earliest cumulative period with indicator rows for a region (None: none)."""
        ind = self.indicators
        ind = ind.loc[ind["region_id"] == region_id]
        if ind.empty:
            return None
        first = ind.sort_values(["year", "month"]).iloc[0]
        return Period(int(first["year"]), int(first["month"]))

    def as_of(self, period: Period) -> DataSet:
        """The data set as known at the end of ``period``: nothing dated later survives.

        Rows with (year, month) after the period are dropped; month-stamped facts after
        the period (a firm entering, a project entering the library) are blanked, so a
        computation for 2021-05 gives the same answer whether or not June data exist.

        The cut is made once per period and data set; each call returns its own copy of
        the tables (a caller may change them), a tenth of the time of cutting again.
        """
        tables = tuple((name, id(df)) for name, df in self.tables.items())
        cache = self.__dict__.get("_cuts")
        if cache is None or cache[0] != tables:  # none yet, or the tables were replaced
            cache = self.__dict__["_cuts"] = (tables, {})
        cuts = cache[1]
        if (period.year, period.month) not in cuts:
            cuts[(period.year, period.month)] = self._cut(period)
        cut = cuts[(period.year, period.month)]
        return DataSet(
            {name: df.copy() for name, df in cut.tables.items()},
            cut.source,
            dict(cut.checksums),
            list(cut.warnings),
            dict(cut.encodings),
            list(cut.notes),
            list(cut.notices),
            dict(cut.broken_units),
        )

    def _cut(self, period: Period) -> DataSet:
        limit = pd.Period(f"{period.year}-{period.month:02d}", "M")
        out: dict[str, pd.DataFrame] = {}
        for name, df in self.tables.items():
            df = df.copy()
            spec = TABLES.get(name)
            if spec is not None and "year" in df.columns and "month" in df.columns:
                keep = (df["year"] < period.year) | (
                    (df["year"] == period.year) & (df["month"] <= period.month)
                )
                df = df.loc[keep]
            elif name == "targets" or name == "townships":
                df = df.loc[df["year"] <= period.year]
            if name == "enterprises":
                # a firm entering later was not yet in the list; it counts as a candidate
                # at this period only if the data recorded an expected_entry for it
                later = df["entered"].notna() & (df["entered"] > limit)
                df.loc[later, ["entered", "route"]] = pd.NA
                gone_later = df["exited"].notna() & (df["exited"] > limit)
                df.loc[gone_later, "exited"] = pd.NA
            if name == "projects":
                later = df["library_month"].notna() & (df["library_month"] > limit)
                df.loc[later, "in_library"] = False
                df.loc[later, "library_month"] = pd.NaT
            out[name] = df.reset_index(drop=True)
        return DataSet(
            out,
            self.source,
            dict(self.checksums),
            list(self.warnings),
            dict(self.encodings),
            list(self.notes),
            list(self.notices),
            dict(self.broken_units),
        )

    def __getstate__(self) -> dict:
        """Pickled without the cuts :meth:`as_of` keeps (a copy of the tables each)."""
        return {k: v for k, v in self.__dict__.items() if k != "_cuts"}

    # ------------------------------------------------------------ snapshots

    def save_snapshot(self, path: str | Path) -> Path:
        """Pickle the validated tables so worker processes need not validate again."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "format": SNAPSHOT_FORMAT,
            "tables": self.tables,
            "source": self.source,
            "checksums": self.checksums,
            "warnings": self.warnings,
            "encodings": self.encodings,
            "notes": self.notes,
            "notices": self.notices,
            "broken_units": self.broken_units,
        }
        tmp = path.with_suffix(path.suffix + ".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        return path

    @classmethod
    def load_snapshot(cls, path: str | Path) -> DataSet:
        with open(path, "rb") as fh:
            payload = pickle.load(fh)  # noqa: S301 - our own file, written by save_snapshot
        if payload.get("format") != SNAPSHOT_FORMAT:
            raise ValueError(f"{path}: snapshot format {payload.get('format')} is not supported")
        return cls(
            payload["tables"],
            payload["source"],
            payload["checksums"],
            payload["warnings"],
            payload.get("encodings", {}),
            payload.get("notes", []),
            payload.get("notices", []),
            payload.get("broken_units", {}),
        )
