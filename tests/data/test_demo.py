"""The demo data set: reproducible from its seed, and telling the story the reports need.

The committed CSVs are read with plain pandas (not the loader), so these checks stand on
their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from halfyear_lib.data.demo import (
    DEFAULT_SEED,
    DEMO_REGION,
    DICTIONARY_FILE,
    TABLE_ORDER,
    generate_demo,
)
from halfyear_lib.data.schema import (
    INDICATORS,
    NOT_IN_LIBRARY_REASONS,
    PROJECT_CONSTRAINTS,
    PROJECT_KINDS,
    REGION_KINDS,
    TABLES,
    TASK_STATUSES,
)
from halfyear_lib.paths import DEMO_DATA_DIR

CITY = "jiangzhou"
FILES = [f"{name}.csv" for name in TABLE_ORDER] + ["README.md", DICTIONARY_FILE]


def read(table: str) -> pd.DataFrame:
    return pd.read_csv(DEMO_DATA_DIR / f"{table}.csv", dtype=str, keep_default_na=False)


def num(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.replace("", np.nan))


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    df = read("indicators")
    df["year"] = df["year"].astype(int)
    df["month"] = df["month"].astype(int)
    df["value_n"] = num(df["value"])
    df["yoy_n"] = num(df["yoy_pct"])
    df["base_n"] = num(df["base"])
    return df


def series(ind: pd.DataFrame, region: str, code: str, column: str = "value_n") -> pd.Series:
    """(year, month) -> column for one region and indicator."""
    rows = ind[(ind.region_id == region) & (ind.indicator == code)]
    return rows.set_index(["year", "month"])[column]


def in_yi(ind: pd.DataFrame, region: str, code: str) -> pd.Series:
    """Values in 亿元 whatever the unit written."""
    rows = ind[(ind.region_id == region) & (ind.indicator == code)]
    factor = rows["unit"].map({"万元": 1e-4, "亿元": 1.0})
    return (rows["value_n"] * factor).set_axis(pd.MultiIndex.from_frame(rows[["year", "month"]]))


# ---------------------------------------------------------------- reproducibility


def test_regenerating_with_the_default_seed_gives_the_committed_bytes(tmp_path):
    written = generate_demo(tmp_path / "demo", seed=DEFAULT_SEED)
    assert sorted(p.name for p in written) == sorted(FILES)
    for name in FILES:
        assert (tmp_path / "demo" / name).read_bytes() == (DEMO_DATA_DIR / name).read_bytes(), name
    assert [p.name for p in tmp_path.iterdir()] == ["demo"]  # no temporary folder left behind


def test_another_seed_gives_other_numbers(tmp_path):
    generate_demo(tmp_path, seed=DEFAULT_SEED + 1)
    for name in ("indicators.csv", "project_monthly.csv", "enterprises.csv"):
        assert (tmp_path / name).read_bytes() != (DEMO_DATA_DIR / name).read_bytes(), name
    assert (tmp_path / "regions.csv").read_bytes() == (DEMO_DATA_DIR / "regions.csv").read_bytes()


def test_files_are_utf8_with_a_bom_for_excel_and_the_schema_columns():
    for table in TABLE_ORDER:
        raw = (DEMO_DATA_DIR / f"{table}.csv").read_bytes()
        # the byte-order mark: Chinese Excel opens the file as UTF-8 (not GBK)
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw, table
        header = raw.decode("utf-8-sig").split("\n", 1)[0].split(",")
        bare = [h.split("(")[0] for h in header]  # planned_total(万元) -> planned_total
        # schema order; every required column; optional ones only where the demo fills them
        spec = TABLES[table]
        assert bare == [c for c in spec.column_names if c in bare], table
        assert {c.name for c in spec.columns if c.required} <= set(bare), table
        for h in header:
            if "(" in h:
                assert (
                    h.endswith("(万元)") and TABLES[table].column(h.split("(")[0]).dtype == "amount"
                )
    assert "FICTIONAL" in (DEMO_DATA_DIR / "README.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- regions and indicators


def test_city_with_units_of_every_kind():
    reg = read("regions")
    units = reg[reg.kind != "city"]
    assert len(units) >= 10 and set(reg.kind) == set(REGION_KINDS) - {"province"}
    assert (reg[reg.kind == "city"].region_id == CITY).all()
    assert (units.parent_id == CITY).all()
    kinds = units.set_index("region_id")["kind"]
    groups = units.set_index("region_id")["rank_groups"]
    assert (groups[kinds.isin(["county", "county_city"])] == "city;counties").all()
    assert (groups[kinds.isin(["district", "zone"])] == "city").all()
    assert (kinds == "county").sum() >= 6 and kinds[DEMO_REGION] == "county"


def test_every_indicator_for_every_unit_and_period(indicators):
    reg = read("regions")
    units = set(reg[reg.kind != "city"].region_id)
    periods = {(y, m) for y in range(2016, 2022) for m in range(2, 13) if (y, m) <= (2021, 6)}
    assert len(periods) == 5 * 11 + 5
    for (region, code), rows in indicators[indicators.region_id != CITY].groupby(
        ["region_id", "indicator"]
    ):
        assert set(zip(rows.year, rows.month, strict=True)) == periods, (region, code)
        assert len(rows) == len(periods)
    seen = indicators[indicators.region_id != CITY].groupby("region_id")["indicator"].agg(set)
    assert set(seen.index) == units and all(s == set(INDICATORS) for s in seen)
    city = indicators[indicators.region_id == CITY]
    assert set(city.indicator) == {
        "output",
        "value_added",
        "industrial_investment",
        "tech_investment",
        "hitech_value_added",
    }
    assert not (indicators.value_n.isna() & indicators.yoy_n.isna()).any()
    for table in ("indicators", "industries", "project_monthly"):
        assert "1" not in set(read(table)["month"]), table


def test_units_are_mixed_and_growth_only_series_exist(indicators):
    units = indicators.groupby("region_id")["unit"].agg(set)
    assert {"万元", "家"} <= units[DEMO_REGION] and "亿元" in units["jiangbei"]
    only_rates = indicators[indicators.value_n.isna()]
    assert {"jiangzhou_etdz", "jiangbei"} <= set(only_rates.region_id)
    assert only_rates.yoy_n.notna().all()


def test_official_growth_is_data_not_level_ratio(indicators):
    """yoy_pct differs from value/value_prev - 1 by a few tenths for nominal series."""
    out = series(indicators, "lanxi", "output")
    yoy = series(indicators, "lanxi", "output", "yoy_n")
    naive = [(out[(y, m)] / out[(y - 1, m)] - 1) * 100 for y in range(2017, 2022) for m in (3, 6)]
    official = [yoy[(y, m)] for y in range(2017, 2022) for m in (3, 6)]
    diff = np.abs(np.array(naive) - np.array(official))
    assert diff.max() < 2.0 and (diff > 0.05).sum() >= 3


def test_base_gives_the_official_growth_exactly(indicators):
    for code in ("output", "value_added"):
        rows = indicators[(indicators.region_id == DEMO_REGION) & (indicators.indicator == code)]
        assert rows.base_n.notna().all() and (rows.unit == "万元").all()
        recomputed = ((rows.value_n / rows.base_n - 1) * 100).round(1)
        assert (recomputed == rows.yoy_n).all(), code


# ---------------------------------------------------------------- the demo county's story


def test_seasonality_of_output(indicators):
    cum = series(indicators, DEMO_REGION, "output")
    for year in (2017, 2018, 2019):
        c = [cum[(year, m)] for m in range(2, 13)]
        single = dict(zip(range(2, 13), [c[0], *np.diff(c)], strict=True))
        assert single[2] < 2 * (c[-1] / 12)  # 1-2月 is less than two average months
        assert single[6] > single[5] and single[6] > single[7]
        assert single[12] > single[11]


def test_2020_dip_and_2021_rebound(indicators):
    out_yoy = series(indicators, DEMO_REGION, "output", "yoy_n")
    va_yoy = series(indicators, DEMO_REGION, "value_added", "yoy_n")
    assert out_yoy[(2020, 2)] < -10
    assert -3 < out_yoy[(2020, 12)] < 5
    assert va_yoy[(2021, 6)] >= 10 and 20 <= out_yoy[(2021, 6)] <= 30
    assert all(va_yoy[(2021, m)] >= 10 for m in range(2, 7))  # double digits all half-year


def test_magnitudes_look_like_a_county(indicators):
    y = {code: in_yi(indicators, DEMO_REGION, code) for code in INDICATORS}
    assert 150 <= y["output"][(2019, 12)] <= 200
    assert 0.22 <= y["value_added"][(2021, 6)] / y["output"][(2021, 6)] <= 0.26
    assert 40 <= y["industrial_investment"][(2020, 12)] <= 60
    assert 0.35 <= y["tech_investment"][(2021, 6)] / y["industrial_investment"][(2021, 6)] <= 0.45
    assert 0.25 <= y["hitech_value_added"][(2021, 6)] / y["value_added"][(2021, 6)] <= 0.35
    fai_ratio = y["fixed_asset_investment"][(2021, 6)] / y["industrial_investment"][(2021, 6)]
    assert 2 <= fai_ratio <= 3
    firms = series(indicators, DEMO_REGION, "above_scale_firms")
    assert firms.between(200, 260).all()


def test_targets_and_schedule(indicators):
    tg = read("targets")
    tg = tg[(tg.region_id == DEMO_REGION) & (tg.year == "2021")]
    target = tg.set_index(["indicator", "kind"])["target"].astype(float)
    value = indicators[
        (indicators.region_id == DEMO_REGION) & (indicators.year == 2021) & (indicators.month == 6)
    ].set_index("indicator")["value_n"]
    inv_share = value["industrial_investment"] / target[("industrial_investment", "value")] * 100
    assert 42 <= inv_share <= 46 and inv_share - 50 < 0
    out_share = value["output"] / target[("output", "value")] * 100
    assert 50 <= out_share <= 55
    assert target[("value_added", "growth_pct")] == 8.0
    for year in ("2020", "2021"):
        towns = read("townships")
        towns = towns[towns.year == year]["investment_target(万元)"].astype(float).sum()
        county = read("targets")
        county = county[
            (county.region_id == DEMO_REGION)
            & (county.year == year)
            & (county.indicator == "industrial_investment")
        ]["target"].astype(float)
        assert towns == pytest.approx(county.item(), abs=0.01)
    reg = read("regions")
    all_targets = read("targets")
    assert set(all_targets.region_id) == set(reg[reg.kind != "city"].region_id)


def test_tie_in_value_added_growth_at_2021_06(indicators):
    reg = read("regions").set_index("region_id")["kind"]
    at = indicators[
        (indicators.indicator == "value_added")
        & (indicators.year == 2021)
        & (indicators.month == 6)
        & (indicators.region_id != CITY)
    ]
    tied = at[at.yoy_n.duplicated(keep=False)]
    counties_per_value = tied.groupby("yoy_n")["region_id"].agg(
        lambda ids: sum(reg[i] == "county" for i in ids)
    )
    assert (counties_per_value >= 2).any()


# ---------------------------------------------------------------- county tables agree


def test_above_scale_firms_are_counted_from_enterprises(indicators):
    ent = read("enterprises")
    ent = ent[ent.region_id == DEMO_REGION]
    counts = series(indicators, DEMO_REGION, "above_scale_firms")
    for (year, month), count in counts.items():
        ym = f"{year}-{month:02d}"
        active = (
            (ent.entered != "") & (ent.entered <= ym) & ((ent.exited == "") | (ent.exited > ym))
        )
        assert active.sum() == count, ym


def test_enterprises_story():
    ent = read("enterprises")
    above = ent[ent.entered != ""]
    assert len(above) >= 220 and ent.enterprise_id.is_unique and ent.name.is_unique
    new = above[above.entered.between("2021-01", "2021-06")]
    assert 14 <= len(new) <= 18 and set(new.route) == {"growth", "new_project"}
    candidates = ent[ent.entered == ""]
    assert len(candidates) == 3 and (candidates.expected_entry >= "2021-07").all()
    assert (ent.exited[ent.exited != ""].str.endswith("-01")).all()
    current = above[(above.entered <= "2021-06") & (above.exited == "")]
    assert 0.12 <= (current.hitech_stat == "true").mean() <= 0.18
    assert ent.township.nunique() >= 11 and "清水经开区" in set(ent.township)


def test_investment_is_the_sum_of_the_project_table(indicators):
    proj = read("projects")
    pm = read("project_monthly")
    pm["investment"] = pm["investment(万元)"].astype(float)
    pm["year"] = pm.year.astype(int)
    pm["month"] = pm.month.astype(int)
    pm = pm.merge(proj[["project_id", "kind", "in_library"]], on="project_id", how="left")
    assert (pm.in_library == "true").all()
    for code, rows in (
        ("industrial_investment", pm),
        ("tech_investment", pm[pm.kind == "tech_renovation"]),
    ):
        cum = series(indicators, DEMO_REGION, code)
        for year in (2020, 2021):
            for month in range(2, 13 if year == 2020 else 7):
                done = rows[(rows.year == year) & (rows.month <= month)].investment.sum()
                assert done == pytest.approx(cum[(year, month)], abs=0.011), (code, year, month)


def test_industries_add_up_to_the_county(indicators):
    ind = read("industries")
    for col in ("output(万元)", "output_prev(万元)", "va_rate", "va_rate_prev"):
        ind[col] = ind[col].astype(float)
    ind["year"] = ind.year.astype(int)
    ind["month"] = ind.month.astype(int)
    assert ind.industry.nunique() == 8 and set(ind.year) == {2019, 2020, 2021}
    ind["va"] = ind["output(万元)"] * ind.va_rate / 100
    sums = ind.groupby(["year", "month"])[["output(万元)", "output_prev(万元)", "va"]].sum()
    out = series(indicators, DEMO_REGION, "output")
    base = series(indicators, DEMO_REGION, "output", "base_n")
    va = series(indicators, DEMO_REGION, "value_added")
    for key, row in sums.iterrows():
        assert row["output(万元)"] == pytest.approx(out[key], abs=0.01)
        assert row["output_prev(万元)"] == pytest.approx(base[key], abs=0.01)
        assert row["va"] == pytest.approx(va[key], rel=0.05)
    cut = ind[(ind.year == 2021) & (ind.month == 6)].set_index("industry")
    for name in ("针织服装", "大米加工", "棉纱"):
        assert cut.loc[name, "va_rate"] < cut.loc[name, "va_rate_prev"]


def test_projects_cover_every_case():
    proj = read("projects")
    proj["planned"] = proj["planned_total(万元)"].astype(float)
    assert len(proj) >= 60 and proj.project_id.is_unique
    assert set(proj.kind) == set(PROJECT_KINDS)
    assert set(proj.constraint) == set(PROJECT_CONSTRAINTS)
    outside = proj[proj.in_library == "false"]
    assert set(outside.not_in_library_reason) == set(NOT_IN_LIBRARY_REASONS)
    attraction = outside[outside.attraction == "true"]
    assert len(attraction) >= 10 and (attraction.planned >= 10_000).sum() >= 2
    inside = proj[proj.in_library == "true"]
    assert (inside.library_month != "").all() and (inside.not_in_library_reason == "").all()
    assert (inside.planned >= 500).all()
    assert inside.library_month.between("2021-03", "2021-06").any()
    towns = set(proj.township) - {"清水经开区"}
    assert len(towns) >= 10 and "清水经开区" in set(proj.township)
    entered_2021 = set(inside[inside.library_month >= "2021-01"].township)
    assert 2 <= len(set(proj.township) - entered_2021) <= 4


def test_project_constraints_show_in_the_monthly_reports():
    proj = read("projects").set_index("project_id")
    pm = read("project_monthly")
    pm["investment"] = pm["investment(万元)"].astype(float)
    total = pm.groupby("project_id").investment.sum()
    last = (pm.year + "-" + pm.month.str.zfill(2)).groupby(pm.project_id).max()
    planned = proj["planned_total(万元)"].astype(float)
    full = proj.index[proj.constraint == "fully_reported"]
    assert np.allclose(total[full], planned[full], atol=0.01)
    assert (last[full] == "2021-03").sum() >= 2  # reported everything in the first quarter
    stuck = proj.index[proj.constraint == "cannot_report"]
    assert (planned[stuck] > total[stuck]).all() and (last[stuck] < "2021-01").all()
    slow = proj.index[proj.constraint == "slow_reporting"]
    assert (planned[slow] - total[slow] > 100_000).all()  # more than 10 亿元 left
    monthly = pm[pm.project_id.isin(slow)].investment
    assert monthly.max() < 500


def test_townships_spread_around_time_progress():
    proj = read("projects")[["project_id", "township"]]
    pm = read("project_monthly").merge(proj, on="project_id")
    done = (
        pm[pm.year == "2021"]
        .groupby("township")["investment(万元)"]
        .apply(lambda s: s.astype(float).sum())
    )
    towns = read("townships")
    target = towns[towns.year == "2021"].set_index("township")["investment_target(万元)"]
    share = (done / target.astype(float) * 100).sort_values()
    assert len(share) >= 11
    assert (share > 50).sum() == 3 and share.iloc[0] < 10
    assert ((share > 45) & (share <= 50)).sum() >= 2


def test_tasks_and_macro():
    tasks = read("tasks")
    assert tasks.task_id.nunique() >= 20 and set(tasks.source) == {"city", "county"}
    assert set(tasks.month) == {"3", "6"}
    latest = tasks[tasks.month == "6"]
    assert set(latest.status) == set(TASK_STATUSES)
    assert set(tasks.status) == set(TASK_STATUSES)
    macro = read("macro")
    assert len(macro) == 12 * 5 + 6 and set(macro.month) == {str(m) for m in range(1, 13)}
    y2021 = macro[macro.year == "2021"]
    assert list(y2021.ppi_yoy_pct.astype(float)) == [0.3, 1.7, 4.4, 6.8, 9.0, 8.8]
    assert list(y2021.pmi.astype(float)) == [51.3, 50.6, 51.9, 51.1, 51.0, 50.9]
    feb2020 = macro[(macro.year == "2020") & (macro.month == "2")]
    assert feb2020.pmi.astype(float).item() == 35.7
