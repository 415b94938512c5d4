"""DataSet.as_of cuts once per period and hands every caller its own copy."""

from __future__ import annotations

import pickle

from conftest import make_dataset

from halfyear_lib.data.periods import Period


def _ind(month, value):
    return {"region_id": "a", "indicator": "output", "year": 2021, "month": month,
            "value": value, "yoy_pct": 5.0}  # fmt: skip


def _dataset():
    return make_dataset(
        regions=[{"region_id": "a", "name": "甲县", "kind": "county"}],
        indicators=[_ind(3, 30.0), _ind(4, 40.0), _ind(6, 60.0)],
    )


def test_a_cut_keeps_only_what_was_known_and_each_caller_gets_its_own_copy():
    ds = _dataset()
    april = ds.as_of(Period(2021, 4))
    # 3 rows: months 3, 4 and 6; at the end of April only 3 and 4 are known
    assert sorted(april.indicators["month"]) == [3, 4]
    # a caller changing its cut does not change the next caller's
    april.tables["indicators"].loc[:, "value"] = -1.0
    again = ds.as_of(Period(2021, 4))
    assert sorted(again.indicators["value"]) == [30.0, 40.0]
    assert again.tables["indicators"] is not april.tables["indicators"]
    # another period is cut on its own, and the first one is still right afterwards
    assert sorted(ds.as_of(Period(2021, 6)).indicators["month"]) == [3, 4, 6]
    assert sorted(ds.as_of(Period(2021, 4)).indicators["value"]) == [30.0, 40.0]


def test_replaced_tables_are_cut_again_and_the_cuts_are_not_pickled():
    ds = _dataset()
    assert len(ds.as_of(Period(2021, 6)).indicators) == 3
    # a table replaced after a cut: the next cut reads the new table
    ds.tables["indicators"] = ds.tables["indicators"].iloc[:1].copy()
    assert len(ds.as_of(Period(2021, 6)).indicators) == 1
    assert "_cuts" not in pickle.loads(pickle.dumps(ds)).__dict__
