"""A disk cache of model fits, so a rerun or the next month's run does not refit the past.

A fit depends only on the monthly series, the horizon, the number of paths, the seed and
the engine (the source of ``models.py`` and ``report.py``, which keeps the sums, and the versions of numpy, scipy and
statsmodels): the key is the sha256 of all of them, so a changed input or engine is a
miss, never a stale hit. Entries are ``.npz`` files read without pickle, written to a
temporary name and renamed, so a killed run leaves no half-written entry; an unreadable
entry is treated as a miss.

Where: ``HALFYEAR_CACHE_DIR``, else ``$XDG_CACHE_HOME/halfyear/fits``, else
``~/.cache/halfyear/fits``. ``HALFYEAR_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

import numpy as np

from .projection import FitPaths


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    env = os.environ.get("HALFYEAR_CACHE_DIR", "").strip()
    if env.lower() in ("off", "0", "no", "false"):
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "halfyear" / "fits"


@cache
def engine_fingerprint() -> str:
    import scipy
    import statsmodels

    from . import models, report

    # the engine, and the code that turns its paths into cached cumulative sums
    source = Path(models.__file__).read_bytes() + Path(report.__file__).read_bytes()
    versions = f"{np.__version__}|{scipy.__version__}|{statsmodels.__version__}"
    return hashlib.sha256(source + versions.encode()).hexdigest()[:16]


def task_key(x: np.ndarray, h: int, n_paths: int, seed: int, period: int, keep) -> str:
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(np.asarray(x, np.float64)).tobytes())
    digest.update(json.dumps([h, n_paths, seed, period, keep, engine_fingerprint()]).encode())
    return digest.hexdigest()


def load(key: str) -> tuple[dict[str, FitPaths], dict[str, str]] | None:
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / key[:2] / f"{key}.npz"
    try:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            paths = {
                name: FitPaths(
                    name,
                    spec,
                    z[f"{name}__mean"],
                    z[f"{name}__paths"],
                    tuple(meta["steps"]) if meta["steps"] is not None else None,
                )
                for name, spec in meta["specs"].items()
            }
            return paths, dict(meta["dropped"])
    except (OSError, KeyError, ValueError):
        return None


def store(key: str, paths: dict[str, FitPaths], dropped: dict[str, str]) -> None:
    """Write an entry atomically; a cache that cannot be written is silently skipped."""
    folder = cache_dir()
    if folder is None:
        return
    steps = next(iter(paths.values())).steps if paths else None
    meta = {
        "specs": {n: f.spec for n, f in paths.items()},
        "dropped": dropped,
        "steps": list(steps) if steps is not None else None,
    }
    arrays = {"meta": np.asarray(json.dumps(meta))}
    for name, f in paths.items():
        arrays[f"{name}__mean"] = np.asarray(f.mean_cum)
        arrays[f"{name}__paths"] = np.asarray(f.paths_cum)
    target = folder / key[:2] / f"{key}.npz"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, **arrays)
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    except OSError:
        return
