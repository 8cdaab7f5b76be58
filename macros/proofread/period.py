"""What a summary says about itself: the period it covers, and whether it is complete.

- A 上半年 summary that speaks of 一年来, 回顾一年, 全年 or 本年度 contradicts its title; 全年目标,
  全年任务 and the like (the year's plan, half done) are fine. A 下半年 summary may well speak of
  the whole year, but not of 上半年来 as its own period.
- A summary marked final (status: final) that still shows X: one finding for the summary, with the
  count and the first keys, since an editor fills them in data/<period>.yml, not line by line.
"""

from __future__ import annotations

import re

from .text import Finding, ProofText

PERIOD = "时段说法与标题不符"
UNDISCLOSED = "定稿中有未披露的 X"
_NOT_THE_WHOLE = r"(?!(?:目标|任务|计划|指标|工作任务|工作计划|工作要点))"
WRONG_FOR = {
    # 十一年来, 健全年度 and 从一年来看 are other words; 近一年来 is not.
    "上半年": re.compile(r"(?<![一二三四五六七八九十百千两几\d])一年(?:以)?来(?!看)|回顾一年|本年度"
                      rf"|(?<![健安完齐周保成万顾两俱求])全年{_NOT_THE_WHOLE}"),
    "下半年": re.compile(r"上半年(?:以)?来(?!看)|回顾上半年"),
}
_KEYS_SHOWN = 5


def check_period_words(text: ProofText) -> list[Finding]:
    half = next((half for half in WRONG_FOR if half in text.title), None)
    if half is None:
        return []
    return [Finding(block.file, block.line_at(match.start()), PERIOD, match.group(), f"（标题写的是“{half}”）")
            for block in text.blocks if not (block.heading and block.text == text.title)
            for match in WRONG_FOR[half].finditer(block.text)]


def check_undisclosed(text: ProofText) -> list[Finding]:
    summary = text.summary
    if summary is None or summary.status != "final" or not text.marks:
        return []
    first = text.marks[0]
    count = f"{len(text.marks)} 处 X"
    if first.key is None:  # a plain text: no keys, so say on which lines
        lines = list(dict.fromkeys(mark.line for mark in text.marks))
        more = f" 等 {len(lines)} 行" if len(lines) > _KEYS_SHOWN else " 行"
        return [Finding(first.file, first.line, UNDISCLOSED, count,
                        f"——见第 {'、'.join(map(str, lines[:_KEYS_SHOWN]))}{more}")]
    keys = list(dict.fromkeys(mark.key for mark in text.marks))
    names = sum(mark.kind == "name" for mark in text.marks)
    more = f" 等 {len(keys)} 个" if len(keys) > _KEYS_SHOWN else ""
    detail = (f"——名称 {names} 处、数字 {len(text.marks) - names} 处，首见于 {first.file} 第 {first.line} 行；"
              f"键 {'、'.join(keys[:_KEYS_SHOWN])}{more}")
    line = summary.loaded.line_of("summary", "status") or 1
    return [Finding(summary.data_file, line, UNDISCLOSED, count, detail)]
