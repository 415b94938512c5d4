"""halfyear: a county's half-year industrial-economy analysis and second-half projections.

The exploring API (:mod:`halfyear_lib.explore`) is importable from here, loaded on first
use so that ``import halfyear_lib`` stays fast::

    import halfyear_lib as hy
    ds = hy.load("demo")
    hy.ranking(ds, "技改投资", "1-4月")
"""

__version__ = "0.1.0"

EXPLORE_NAMES = (
    "Explorer",
    "Result",
    "compare",
    "explorer",
    "headline",
    "indicator_code",
    "indicators",
    "industry",
    "investment",
    "load",
    "period_of",
    "periods",
    "projection",
    "ranking",
    "region_id",
    "regions",
    "trend",
)
__all__ = ["__version__", *EXPLORE_NAMES]


def __getattr__(name: str):
    if name in EXPLORE_NAMES:
        from . import explore

        return getattr(explore, name)
    raise AttributeError(f"module 'halfyear_lib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *EXPLORE_NAMES})
