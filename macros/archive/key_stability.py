"""A key means the same thing in every period: same label, same unit.

Following one figure across periods (issue: 历期对比) only makes sense if `donors` counts the
same people every time. A change is allowed only when the later period says why, in
`change_note`; otherwise the build stops and names both periods.
"""

from __future__ import annotations

from ..errors import ArchiveError
from .loaded_data import LoadedData


def check_keys_stable(summaries: dict[str, LoadedData]) -> None:
    """`summaries` oldest first. Each entry is compared with the last earlier period that has it."""
    last_seen: dict[tuple[str, str], tuple[str, object]] = {}
    for period in sorted(summaries):
        summary = summaries[period]
        for section, entries in (("figures", summary.data.figures), ("names", summary.data.names)):
            for key, entry in entries.items():
                earlier = last_seen.get((section, key))
                if earlier and entry.change_note is None:
                    _compare(summary, section, key, entry, *earlier)
                last_seen[(section, key)] = (period, entry)


def _compare(summary: LoadedData, section: str, key: str, entry, earlier_period: str, earlier) -> None:
    fields = ("label", "unit") if section == "figures" else ("label",)
    names = {"label": "名称（label）", "unit": "单位（unit）"}
    for field in fields:
        now, before = getattr(entry, field), getattr(earlier, field)
        if now != before:
            raise ArchiveError(
                f"“{key}”的{names[field]}是“{now}”，而 {earlier_period} 中是“{before}”。同一个键在各期必须指同一件事，"
                f"历期对比才有意义。若只是写法不同，请改成与上一期一致；若确实统计口径变了，请在这一项下加一行 "
                f"change_note: 说明变化的原因；若是另一个数字，请换一个新的键名。",
                file=summary.shown_as, line=summary.line_of(section, key, field),
                key=f"{section}.{key}.{field}",
            )
