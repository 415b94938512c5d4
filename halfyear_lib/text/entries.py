"""Worded results entries: a computed entry with its words placed where a reader of
``results.json`` expects them."""

from __future__ import annotations


def insert_after(entry: dict, key: str, words: dict) -> dict:
    """``entry`` with ``words`` placed right after ``key`` (at the end without it), so a
    worded results entry keeps the order of its keys."""
    if key not in entry:
        return {**entry, **words}
    out: dict = {}
    for k, v in entry.items():
        out[k] = v
        if k == key:
            out.update(words)
    return out
