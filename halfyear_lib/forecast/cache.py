"""A disk cache of model fits, so a rerun or the next month's run does not refit the past.

A fit depends only on the monthly series, the horizon, the number of paths, the seed and
the engine (the source of ``models.py`` and ``report.py``, which keeps the sums, and the versions of numpy, scipy and
statsmodels): the key is the sha256 of all of them, so a changed input or engine is a
miss, never a stale hit. Entries are ``.npz`` files read without pickle, written to a
temporary name and renamed, so a killed run leaves no half-written entry.

The cache never fails a run. An entry that cannot be read or is not what ``store`` writes
(truncated, empty, another program's file, arrays of the wrong shape or type) is a miss:
it is removed, one warning names it, and the fit is stored again. A cache folder that
cannot be read or written (a file in its place, no permission, a full disk) is skipped
with one warning per process.

Where: ``HALFYEAR_CACHE_DIR``, else ``$XDG_CACHE_HOME/halfyear/fits``, else
``~/.cache/halfyear/fits``. ``HALFYEAR_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from ..data.language import tr
from .projection import FitPaths

log = logging.getLogger(__name__)

_WARNED: set[str] = set()  # entries and folders already warned about in this process


class DamagedEntry(ValueError):
    """A cache entry that is not what ``store`` writes."""


def _warn_once(about: Path | str, message: str) -> None:
    if str(about) not in _WARNED:
        _WARNED.add(str(about))
        log.warning(message)


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

    # the engine, and the code that turns its paths into cached cumulative sums (read as
    # files, not imported: forecast.report imports this module)
    here = Path(__file__).parent
    source = b"".join((here / f).read_bytes() for f in ("models.py", "engine.py", "report.py"))
    versions = f"{np.__version__}|{scipy.__version__}|{statsmodels.__version__}"
    return hashlib.sha256(source + versions.encode()).hexdigest()[:16]


def task_key(x: np.ndarray, h: int, n_paths: int, seed: int, period: int, keep) -> str:
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(np.asarray(x, np.float64)).tobytes())
    digest.update(json.dumps([h, n_paths, seed, period, keep, engine_fingerprint()]).encode())
    return digest.hexdigest()


def entry_path(key: str) -> Path | None:
    """Where the entry of ``key`` is (None when the cache is off)."""
    folder = cache_dir()
    return None if folder is None else folder / key[:2] / f"{key}.npz"


def _is_text_map(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def _read(
    path: Path, steps: Sequence[int] | None, n_paths: int | None
) -> tuple[dict[str, FitPaths], dict[str, str]]:
    """The entry at ``path``; DamagedEntry (or whatever numpy raises) when it is not one
    ``store`` wrote for a fit of ``n_paths`` paths kept at horizons ``steps``."""
    z = np.load(path, allow_pickle=False)
    if not isinstance(z, np.lib.npyio.NpzFile):  # a plain .npy array
        raise DamagedEntry("not an .npz archive")
    with z:
        if "meta" not in z.files:
            raise DamagedEntry("no meta")
        meta_array = z["meta"]
        if meta_array.dtype.kind != "U" or meta_array.ndim != 0:
            raise DamagedEntry("meta is not text")
        meta = json.loads(str(meta_array))
        if not (
            isinstance(meta, dict)
            and _is_text_map(meta.get("specs"))
            and _is_text_map(meta.get("dropped"))
        ):
            raise DamagedEntry("meta has no specs or dropped")
        kept = meta.get("steps")
        if kept is not None and not (
            isinstance(kept, list) and all(type(s) is int and s >= 1 for s in kept)
        ):
            raise DamagedEntry("meta's steps are not horizons")
        if steps is not None and kept is not None and tuple(kept) != tuple(steps):
            raise DamagedEntry(f"steps {kept}, expected {list(steps)}")
        names = meta["specs"]
        expected = {"meta"} | {f"{n}__{part}" for n in names for part in ("mean", "paths")}
        if set(z.files) != expected:
            raise DamagedEntry(f"arrays {sorted(z.files)}, expected {sorted(expected)}")
        paths = {}
        for name, spec in names.items():
            mean, sims = z[f"{name}__mean"], z[f"{name}__paths"]
            if mean.dtype.kind != "f" or sims.dtype.kind != "f":
                raise DamagedEntry(f"{name}: not floating-point numbers")
            if mean.ndim != 1 or sims.ndim != 2 or sims.shape[1] != mean.shape[0]:
                raise DamagedEntry(f"{name}: mean {mean.shape} and paths {sims.shape}")
            if kept is not None and len(kept) != mean.shape[0]:
                raise DamagedEntry(f"{name}: {mean.shape[0]} horizons, steps {kept}")
            if steps is not None and mean.shape[0] != len(steps):
                raise DamagedEntry(f"{name}: {mean.shape[0]} horizons, expected {len(steps)}")
            if n_paths is not None and sims.shape[0] != n_paths:
                raise DamagedEntry(f"{name}: {sims.shape[0]} paths, expected {n_paths}")
            steps_kept = tuple(kept) if kept is not None else None
            paths[name] = FitPaths(name, spec, mean, sims, steps_kept)
        return paths, dict(meta["dropped"])


def load(
    key: str, steps: Sequence[int] | None = None, n_paths: int | None = None
) -> tuple[dict[str, FitPaths], dict[str, str]] | None:
    """The fits stored under ``key``, or None (a miss): no entry, the cache off or
    unreadable, or a damaged entry (removed, to be rewritten by ``store``).

    ``steps`` (the horizons kept, as ``FitPaths.steps``, or 1..h) and ``n_paths``, when
    given, are checked against the entry's arrays.
    """
    path = entry_path(key)
    if path is None:
        return None
    try:
        return _read(path, steps, n_paths)
    except FileNotFoundError:
        return None
    except (PermissionError, NotADirectoryError, IsADirectoryError) as exc:  # the folder
        folder = path.parent.parent
        _warn_once(
            folder,
            tr(
                f"the fit cache {folder} cannot be read ({_reason(exc)}); the fits are "
                "computed again",
                f"无法读取模型拟合缓存 {folder}（{_reason(exc)}），将重新拟合",
            ),
        )
        return None
    except Exception as exc:  # noqa: BLE001 - truncated, empty, foreign: all a miss
        with contextlib.suppress(OSError):
            path.unlink()
        _warn_once(
            path,
            tr(
                f"the fit cache entry {path} is damaged ({_reason(exc)}); it will be rewritten",
                f"模型拟合缓存文件 {path} 已损坏（{_reason(exc)}），将重新写入",
            ),
        )
        return None


def _reason(exc: BaseException) -> str:
    """The first line of the exception's message (its type when it has none), without
    "SomeError: ", which the run's warnings would take for the whole message."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def store(key: str, paths: dict[str, FitPaths], dropped: dict[str, str]) -> None:
    """Write an entry atomically; a cache that cannot be written is skipped (one warning
    per folder and process)."""
    target = entry_path(key)
    if target is None:
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
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, **arrays)
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    except Exception as exc:  # noqa: BLE001 - read-only, full disk, a file in the way...
        folder = target.parent.parent
        _warn_once(
            f"store:{folder}",
            tr(
                f"the fit cache {folder} cannot be written ({_reason(exc)}); the fits are "
                "not cached",
                f"无法写入模型拟合缓存 {folder}（{_reason(exc)}），本次拟合不会缓存",
            ),
        )
