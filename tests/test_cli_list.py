"""CLI completeness: --version, halfyear list, regions by Chinese name and the list of valid
regions when one is wrong."""

from __future__ import annotations

from importlib import metadata

from conftest import halfyear


def test_version():
    proc = halfyear("--version", timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"halfyear {metadata.version('halfyear')}"


def test_list_prints_regions_periods_and_notebooks():
    proc = halfyear("list", "--data", "demo", timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    regions = [line.split() for line in lines if line.startswith("  ") and "ipynb" not in line]
    # id, name, kind, first..latest period; the city first, then its counties
    assert regions[0] == ["jiangzhou", "江洲市", "city", "2016-02..2021-06"]
    assert ["qingshui", "清水县", "county", "2016-02..2021-06"] in regions
    assert ["jiangzhou_etdz", "江洲经济技术开发区", "zone", "2016-02..2021-06"] in regions
    assert len(regions) == 12
    assert "periods available: 2016-02..2021-06" in lines
    assert lines[-4:] == [f"  {nb}" for nb in (
        "01_indicators.ipynb", "02_industry.ipynb", "03_investment.ipynb", "04_forecast.ipynb",
    )]  # fmt: skip


def test_list_of_a_missing_data_set_says_where_it_looked():
    proc = halfyear("list", "--data", "no-such-data", timeout=60)
    assert proc.returncode == 2 and "data set 'no-such-data' not found" in proc.stderr


def test_a_wrong_region_lists_the_valid_regions_with_names(tmp_path):
    proc = halfyear("run", "--region", "清水", "--out", str(tmp_path), timeout=120)
    assert proc.returncode == 2
    assert "region '清水' is not in the regions table" in proc.stderr
    assert "qingshui (清水县)" in proc.stderr and "lanxi (岚溪县)" in proc.stderr
    assert "Traceback" not in proc.stderr and list(tmp_path.iterdir()) == []


def test_run_takes_the_chinese_name_of_a_region(tmp_path):
    proc = halfyear(
        "run", "--region", "岚溪县", "--period", "2021-06", "--out", str(tmp_path),
        "--notebook", "01_indicators.ipynb", timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "2021-06" / "lanxi" / "results.json").is_file()
