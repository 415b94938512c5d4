"""Words every page and the draft share: one word per status (analysis/status.py)."""

from __future__ import annotations

STATUS_WORDS = {
    "done": "已完成",
    "ahead": "快于时序进度",
    "on_track": "按进度推进",
    "behind": "进度滞后",
    "not_started": "尚未启动",
}
RATE_STATUS_WORDS = STATUS_WORDS | {"ahead": "增速高于目标", "on_track": "增速达到目标"}


def status_word(status: str | None, rate: bool = False, unknown: str = "进展待核实") -> str:
    """The word for a status; a rate target (增速) is ahead or on target, not "on time"."""
    return (RATE_STATUS_WORDS if rate else STATUS_WORDS).get(status or "", unknown)
