"""How a number becomes text for a reader: one rule for every page, the draft and the index.

* **Missing** is None, pandas' NA and NaT, NaN and ±inf (a growth rate divided by a zero
  base, a level absent from a growth-only release): :func:`is_missing` says so, and the
  formatters print the caller's placeholder ("—" by default) instead of "nan" or "inf".
  A sentence that needs a missing number drops the clause or says the value is not
  available; it never prints the placeholder inside a comparison.
* **Rounding** is half up (四舍五入) on the number as written, i.e. its shortest repr, not
  its binary value: 2.25 → 2.3, 12.345 → 12.35 (Python's ``f"{x:.1f}"`` would print 2.2).
* **No negative zero**: a value that rounds to zero prints without a sign (-0.04 → "0.0").
* ``signed`` adds "+" to a positive rounded value ("+1.9"); zero stays unsigned.

亿元 amounts (:func:`format_amount`): two decimals below 10, one from 10 (9.11, 88.2), in
every sentence and every table, so one value is never printed two ways in a document
(:func:`format_value` picks the rule from the unit).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal
from numbers import Real
from typing import Any

import pandas as pd

PLACEHOLDER = "—"
# enough digits for any float (1.8e308 has 309) with its decimals
_CONTEXT = Context(prec=400)


def is_missing(x: Any) -> bool:
    """True for a value no sentence may print: None, pd.NA, NaT, NaN, +inf, -inf.

    A number that is finite, and anything that is not a number (text, a bool), is not
    missing. Use this instead of ``x is None`` wherever a value may come from a frame
    (NaN) or from arithmetic (inf).
    """
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    if isinstance(x, bool):
        return False
    if isinstance(x, Decimal):
        return not x.is_finite()
    if isinstance(x, Real):  # int, float and numpy's scalars
        try:
            return not math.isfinite(float(x))
        except (OverflowError, ValueError):
            return False  # an int too large for a float is still a number
    try:
        return bool(pd.isna(x))  # np.datetime64("NaT"), ...
    except (TypeError, ValueError):
        return False


def number(x: Any) -> float | None:
    """``x`` as a finite float, or None when it is missing or not a number (text, bool)."""
    if isinstance(x, bool) or is_missing(x):
        return None
    if isinstance(x, Real | Decimal):
        return float(x)
    return None


# the precision results.json keeps (contract/results.py FLOAT_DECIMALS): a value is first
# taken to it, so a page formatting the computed float and the draft formatting the value
# read back from results.json print the same (4.13 / 4 x 100 = 103.24999999999999 in
# binary, 103.25 in results.json: both print 103.3)
STORED_DECIMALS = 6


def rounded(x: float, decimals: int) -> Decimal:
    """``x`` rounded half up to ``decimals`` places on its shortest repr at the stored
    precision (6 decimals); never -0."""
    quantum = Decimal(1).scaleb(-decimals)
    x = float(x)
    stored = round(x, STORED_DECIMALS) if decimals < STORED_DECIMALS else x
    value = Decimal(repr(stored)).quantize(quantum, rounding=ROUND_HALF_UP, context=_CONTEXT)
    return value.copy_abs() if value == 0 else value


def rounded_sign(x: Any, decimals: int = 1) -> int | None:
    """-1, 0 or 1: the sign of ``x`` as printed with ``decimals`` places (-0.04 → 0), so a
    direction word (增长/下降, 高于/低于) always agrees with the number beside it; None
    when ``x`` is missing."""
    v = number(x)
    if v is None:
        return None
    r = rounded(v, decimals)
    return (r > 0) - (r < 0)


def format_number(
    x: Any,
    decimals: int = 1,
    *,
    signed: bool = False,
    missing: str = PLACEHOLDER,
    thousands: bool = False,
) -> str:
    """``x`` with ``decimals`` places, rounded half up, for a reader.

    ``missing`` (default "—") stands for None, NaN, pd.NA, inf and anything that is not a
    number. ``signed``: "+" before a positive value. ``thousands``: "1,234.5".

    >>> format_number(2.25), format_number(-0.04), format_number(float("nan"))
    ('2.3', '0.0', '—')
    >>> format_number(1234.5, signed=True), format_number(1234.5, thousands=True)
    ('+1234.5', '1,234.5')
    """
    v = number(x)
    if v is None:
        return missing
    r = rounded(v, decimals)
    text = f"{r:,f}" if thousands else f"{r:f}"
    return "+" + text if signed and r > 0 else text


def format_fixed(value: Any, decimals: int) -> str:
    """``value`` to ``decimals`` places, half up, no "-0"; "—" when missing."""
    return format_number(value, decimals)


def format_amount(value: Any, missing: str = PLACEHOLDER) -> str:
    """亿元: two decimals below 10, one from 10 (88.2, 9.11, 0.59); 9.996 → "10.0"."""
    v = number(value)
    if v is None:
        return missing
    return format_number(v, 2) if abs(v) < 9.995 else format_number(v, 1)


def amount_decimals(value: Any) -> int:
    """The places :func:`format_amount` prints ``value`` with (2 below 10, else 1)."""
    v = number(value)
    return 2 if v is None or abs(v) < 9.995 else 1


def format_value(value: Any, unit: str, missing: str = PLACEHOLDER) -> str:
    """A level in its unit, the same way on every page, table, the draft and the index:
    亿元 by :func:`format_amount`, anything else by :func:`format_quantity`."""
    return format_amount(value, missing) if unit == "亿元" else format_quantity(value, missing)


def format_quantity(value: Any, missing: str = PLACEHOLDER) -> str:
    """A plain quantity: whole when whole after rounding to two places, else at most two
    decimals without trailing zeros (500, 2.1, 0.25)."""
    v = number(value)
    if v is None:
        return missing
    text = format_number(v, 2)
    return text.rstrip("0").rstrip(".") if "." in text else text


def table_rows(data: pd.DataFrame) -> list:
    """The rows of a tidy table as records with attribute access (``row.yoy_pct``), a
    missing value (NaN, pd.NA, NaT) as None: what a display table is made from."""
    from types import SimpleNamespace

    if data is None or data.empty:
        return []
    clean = data.astype(object).where(data.notna(), None)
    return [SimpleNamespace(**r) for r in clean.to_dict("records")]


def display_cell(value: Any) -> Any:
    """A table cell as the page shows it: "—" for a missing value, a number in the
    :func:`format_quantity` style, anything else as it is (text is the caller's)."""
    if is_missing(value):
        return PLACEHOLDER
    if isinstance(value, bool):
        return value
    if isinstance(value, Real | Decimal):
        return format_quantity(value)
    return value
