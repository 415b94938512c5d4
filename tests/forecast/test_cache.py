"""The fit cache heals: a damaged or foreign entry is a miss (one warning, rewritten by the
next store), and a cache that cannot be read or written never fails a run."""

from __future__ import annotations

import errno
import json
import logging
import os
import tempfile

import numpy as np
import pytest

from halfyear_lib.forecast import cache, engine
from halfyear_lib.forecast.projection import FitPaths
from halfyear_lib.forecast.report import _fit_all

KEY = "ab" + "0" * 62
STEPS = (6, 12)  # the horizons a backtest fit keeps
N_PATHS = 4


def fits() -> tuple[dict[str, FitPaths], dict[str, str]]:
    """Two models' cumulative sums at 6 and 12 months ahead, four paths each."""
    ets_paths = np.array([[55, 120], [58, 125], [60, 130], [62, 135]], np.float32)
    theta_paths = ets_paths + 1
    return {
        "ets": FitPaths("ets", "ETS(A,N,A) on logs", np.array([60.0, 130.0]), ets_paths, STEPS),
        "theta": FitPaths("theta", "Theta (SES)", np.array([61.0, 131.0]), theta_paths, STEPS),
    }, {"airline": "did not converge"}


@pytest.fixture(autouse=True)
def folder(monkeypatch, tmp_path):
    """A cache folder of this test (never the user's); warnings start afresh."""
    monkeypatch.setenv("HALFYEAR_CACHE_DIR", str(tmp_path / "fits"))
    monkeypatch.setattr(cache, "_WARNED", set())
    return tmp_path / "fits"


def stored() -> os.PathLike:
    cache.store(KEY, *fits())
    path = cache.entry_path(KEY)
    assert path.is_file()
    return path


def assert_is_the_stored_fit(got) -> None:
    assert got is not None
    paths, dropped = got
    expected, expected_dropped = fits()
    assert dropped == expected_dropped == {"airline": "did not converge"}
    assert sorted(paths) == ["ets", "theta"]
    for name, f in expected.items():
        assert paths[name].spec == f.spec and paths[name].steps == STEPS
        np.testing.assert_array_equal(paths[name].mean_cum, f.mean_cum)
        np.testing.assert_array_equal(paths[name].paths_cum, f.paths_cum)
    # what the projections read: 1-12月 is the second column, 130 + 2 = 132 on the third path
    assert paths["ets"].column(12) == 1 and paths["ets"].paths_cum[2, 1] == 130.0


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == cache.__name__]


def test_an_entry_reads_back_as_stored():
    stored()
    assert_is_the_stored_fit(cache.load(KEY, steps=STEPS, n_paths=N_PATHS))
    assert_is_the_stored_fit(cache.load(KEY))


def test_the_cache_can_be_turned_off(monkeypatch, folder):
    monkeypatch.setenv("HALFYEAR_CACHE_DIR", "off")
    cache.store(KEY, *fits())
    assert cache.load(KEY) is None and not folder.exists()


def truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def random_bytes(path):
    path.write_bytes(np.random.default_rng(0).bytes(3000))


def empty(path):
    path.write_bytes(b"")


def zip_header_only(path):
    path.write_bytes(path.read_bytes()[:30])


@pytest.mark.parametrize("damage", [truncate, empty, random_bytes, zip_header_only])
def test_a_damaged_entry_is_a_miss_named_once_and_rewritten(damage, caplog):
    path = stored()
    damage(path)
    with caplog.at_level(logging.WARNING):
        assert cache.load(KEY, steps=STEPS, n_paths=N_PATHS) is None
        assert cache.load(KEY, steps=STEPS, n_paths=N_PATHS) is None
    (message,) = warnings_of(caplog)
    assert str(path) in message and "damaged" in message and "rewritten" in message
    assert "\n" not in message
    assert not path.exists()  # removed: a reader never trips on it again
    # the same entry damaged again in this process: a miss, without a second line
    path.write_bytes(b"PK\x03\x04 torn")
    with caplog.at_level(logging.WARNING):
        assert cache.load(KEY) is None
    assert len(warnings_of(caplog)) == 1
    # the next store writes it again, and it reads back
    cache.store(KEY, *fits())
    assert_is_the_stored_fit(cache.load(KEY, steps=STEPS, n_paths=N_PATHS))


def _save(path, **arrays):
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)


def _good_arrays(**changes):
    paths, dropped = fits()
    meta = {"specs": {n: f.spec for n, f in paths.items()}, "dropped": dropped, "steps": [6, 12]}
    arrays = {"meta": np.asarray(json.dumps(meta))}
    for n, f in paths.items():
        arrays[f"{n}__mean"], arrays[f"{n}__paths"] = f.mean_cum, f.paths_cum
    return arrays | changes


def _meta(**changes):
    meta = json.loads(str(_good_arrays()["meta"])) | changes
    return np.asarray(json.dumps(meta))


FOREIGN = {
    "other keys": {"weights": np.arange(3.0)},
    "paths not 2-D": _good_arrays(ets__paths=np.arange(8.0)),
    "paths and mean of other lengths": _good_arrays(ets__paths=np.ones((4, 3))),
    "text instead of numbers": _good_arrays(theta__mean=np.array(["60", "130"])),
    "integers instead of numbers": _good_arrays(theta__mean=np.array([60, 130])),
    "meta not JSON": _good_arrays(meta=np.asarray("specs: ets")),
    "meta a list": _good_arrays(meta=np.asarray("[1, 2]")),
    "meta without specs": _good_arrays(meta=np.asarray(json.dumps({"steps": None}))),
    "meta as numbers": _good_arrays(meta=np.arange(3.0)),
    "a model without arrays": _good_arrays(meta=_meta(specs={"ets": "x", "comb": "y"})),
    "arrays of no model": _good_arrays(comb__mean=np.ones(2), comb__paths=np.ones((4, 2))),
    "steps not horizons": _good_arrays(meta=_meta(steps=["6", "12"])),
    "steps of other horizons": _good_arrays(meta=_meta(steps=[6, 12, 13])),
    "a pickled object array": _good_arrays(ets__mean=np.array([60.0, None], dtype=object)),
}


@pytest.mark.parametrize("name", list(FOREIGN))
def test_a_foreign_entry_is_a_miss_and_never_reaches_the_models(name, caplog):
    path = stored()
    _save(path, **FOREIGN[name])
    with caplog.at_level(logging.WARNING):
        assert cache.load(KEY, steps=STEPS, n_paths=N_PATHS) is None
    (message,) = warnings_of(caplog)
    assert str(path) in message and "rewritten" in message
    assert not path.exists()
    cache.store(KEY, *fits())
    assert_is_the_stored_fit(cache.load(KEY, steps=STEPS, n_paths=N_PATHS))


def test_a_plain_array_file_is_a_miss(caplog):
    path = stored()
    with open(path, "wb") as fh:
        np.save(fh, np.arange(4.0))
    with caplog.at_level(logging.WARNING):
        assert cache.load(KEY) is None
    assert "not an .npz archive" in warnings_of(caplog)[0]


@pytest.mark.parametrize(
    "steps, n_paths, why",
    [((6, 12), 1000, "4 paths, expected 1000"), ((12,), 4, "steps [6, 12], expected [12]")],
)
def test_an_entry_of_another_shape_than_the_fit_asked_is_a_miss(steps, n_paths, why, caplog):
    path = stored()
    with caplog.at_level(logging.WARNING):
        assert cache.load(KEY, steps=steps, n_paths=n_paths) is None
    (message,) = warnings_of(caplog)
    assert why in message and str(path) in message


def test_a_cache_folder_that_is_a_file_is_skipped_with_one_warning(monkeypatch, tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("HALFYEAR_CACHE_DIR", str(blocker))
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            cache.store(KEY, *fits())
            assert cache.load(KEY, steps=STEPS, n_paths=N_PATHS) is None
    messages = warnings_of(caplog)
    assert len(messages) == 2, messages  # one for reading, one for writing
    assert all(str(blocker) in m for m in messages)
    assert any("cannot be written" in m for m in messages)
    assert any("cannot be read" in m for m in messages)
    assert blocker.read_text() == "a file where the cache folder should be"


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("where", ["mkstemp", "savez", "replace"])
def test_a_full_disk_skips_the_cache_with_one_warning(where, monkeypatch, folder, caplog):
    if where == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", _disk_full)
    elif where == "savez":
        monkeypatch.setattr(np, "savez", _disk_full)
    else:
        monkeypatch.setattr(os, "replace", _disk_full)
    with caplog.at_level(logging.WARNING):
        cache.store(KEY, *fits())
        cache.store("cd" + KEY[2:], *fits())
    (message,) = warnings_of(caplog)
    assert str(folder) in message and "No space left on device" in message
    assert "cannot be written" in message
    assert cache.load(KEY) is None  # nothing stored, no temporary file left behind
    assert not [p for p in folder.rglob("*") if p.is_file()]


def test_an_unreadable_folder_is_a_miss_with_one_warning(monkeypatch, folder, caplog):
    stored()

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))

    monkeypatch.setattr(np, "load", denied)
    with caplog.at_level(logging.WARNING):
        assert cache.load(KEY) is None
        assert cache.load(KEY) is None
    (message,) = warnings_of(caplog)
    assert str(folder) in message and "cannot be read" in message
    monkeypatch.undo()
    monkeypatch.setenv("HALFYEAR_CACHE_DIR", str(folder))
    assert_is_the_stored_fit(cache.load(KEY))  # not removed: the entry itself was fine


# ------------------------------------------------------------------ through the forecast


def monthly_series() -> np.ndarray:
    """Three years of 11 monthly amounts (Jan-Feb together), growing 8% a year."""
    season = np.array([22, 11, 11, 11, 11, 12, 11, 11, 12, 12, 13], float)
    return np.concatenate([season * 1.08**year for year in range(3)])


def test_a_forecast_heals_a_damaged_entry_and_gives_the_same_numbers(monkeypatch, caplog):
    task = (monthly_series(), 6, 50, 7, None)
    calls = []
    real = engine.fit_models

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "fit_models", counting)
    ((first, first_dropped),) = _fit_all([task], workers=1)
    key = cache.task_key(task[0], 6, 50, 7, 11, None)
    path = cache.entry_path(key)
    assert path.is_file() and calls == [1] and first  # fitted once, stored
    truncate(path)
    with caplog.at_level(logging.WARNING):
        ((again, again_dropped),) = _fit_all([task], workers=1)
    assert calls == [1, 1]  # the damaged entry was a miss: fitted again
    assert str(path) in warnings_of(caplog)[0]
    assert sorted(again) == sorted(first) and again_dropped == first_dropped
    for name, f in first.items():
        assert f.mean_cum.shape == (6,) and f.paths_cum.shape == (50, 6)
        np.testing.assert_allclose(again[name].mean_cum, f.mean_cum, rtol=1e-12)
        np.testing.assert_array_equal(again[name].paths_cum, f.paths_cum)
    # rewritten: the third run reads it back without fitting
    ((third, _),) = _fit_all([task], workers=1)
    assert calls == [1, 1]
    for name, f in first.items():
        np.testing.assert_array_equal(third[name].paths_cum, f.paths_cum)


def test_a_forecast_ignores_an_entry_with_another_number_of_paths(monkeypatch):
    task = (monthly_series(), 6, 50, 7, None)
    key = cache.task_key(task[0], 6, 50, 7, 11, None)
    # an entry under this key holding 4 paths kept at 6 and 12 months (another fit's)
    cache.store(key, *fits())
    ((paths, _),) = _fit_all([task], workers=1)
    assert paths and all(f.paths_cum.shape == (50, 6) for f in paths.values())
    got = cache.load(key, steps=tuple(range(1, 7)), n_paths=50)
    assert got is not None and all(f.paths_cum.shape == (50, 6) for f in got[0].values())


def test_the_warning_speaks_the_language_of_the_run(caplog):
    from halfyear_lib.data.language import language

    path = stored()
    path.write_bytes(b"")
    with language("zh"), caplog.at_level(logging.WARNING):
        assert cache.load(KEY) is None
    (message,) = warnings_of(caplog)
    assert message.startswith(f"模型拟合缓存文件 {path} 已损坏（") and "将重新写入" in message
