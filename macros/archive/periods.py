"""Period ids (`2020-h1`) and the Chinese way of writing periods and dates."""

from __future__ import annotations

import datetime as dt
import re

PERIOD_ID = re.compile(r"^(?P<year>\d{4})-h(?P<half>[12])$")
_HALF_NAMES = {1: "上半年", 2: "下半年"}
_HALF_MONTHS = {1: (1, 6), 2: (7, 12)}


def is_period_id(text: str) -> bool:
    return bool(PERIOD_ID.match(text))


def parse_period(period: str) -> tuple[int, int]:
    """`2020-h1` -> (2020, 1). Raises ValueError for anything else."""
    match = PERIOD_ID.match(period)
    if not match:
        raise ValueError(f"“{period}”不是有效的期次编号，应写成“2020-h1”（上半年）或“2020-h2”（下半年）")
    return int(match["year"]), int(match["half"])


def period_title(period: str) -> str:
    """`2020-h1` -> `2020年上半年`."""
    year, half = parse_period(period)
    return f"{year}年{_HALF_NAMES[half]}"


def period_months(period: str) -> str:
    """`2020-h1` -> `2020年1月—6月`."""
    year, half = parse_period(period)
    first, last = _HALF_MONTHS[half]
    return f"{year}年{first}月—{last}月"


def next_period(period: str) -> str:
    year, half = parse_period(period)
    return f"{year}-h2" if half == 1 else f"{year + 1}-h1"


def chinese_date(value: dt.date | str) -> str:
    """A date as Chinese readers write it: `2020年7月10日`, or `2020年7月` for a month."""
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    year, month = value.split("-")
    return f"{int(year)}年{int(month)}月"
