"""A figure far from the previous summary's value: more often a typo (an extra 0) than a fact.

Reported at the figure's value in data/<period>.yml, with both values and both periods, as a proofreader
would ask: “捐款党员人数：100人 → 1060人”——比上期（2021年上半年）增加 9.6 倍，请核对. The limits are in
macros/archive/comparison.py. A move that is right is accepted like any other finding (proofread.accepted).
"""

from __future__ import annotations

from ..archive.catalog import Archive, Summary
from ..archive.comparison import changes
from ..archive.periods import period_title
from .text import Finding

FAR_FROM_PREVIOUS = "与上期相差悬殊"


def check_against_previous(archive: Archive, summary: Summary) -> list[Finding]:
    findings = []
    for key, change in changes(archive, summary).items():
        why = change.implausible()
        if why is None:
            continue
        unit = change.now.unit
        line = summary.loaded.line_of("figures", key, "value") or summary.loaded.line_of("figures", key) or 1
        words = f"{change.now.label}：{change.previous.shown}{unit} → {change.now.shown}{unit}"
        previous = f"比上期（{period_title(change.previous_period)}）"
        detail = f"——{period_title(summary.period)}{why.replace('比上期', previous, 1)}，请核对（键 {key}）"
        findings.append(Finding(summary.data_file, line, FAR_FROM_PREVIOUS, words, detail))
    return findings
