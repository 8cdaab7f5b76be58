"""Period ids (`2020-h1`) and the Chinese way of writing periods and dates."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

# ASCII only (re.ASCII): "２０２０-h2" would otherwise be a second 2020-h2 on the home page.
PERIOD_ID = re.compile(r"(?P<year>[0-9]{4})-h(?P<half>[12])", re.ASCII)  # use with fullmatch
FIRST_YEAR, LAST_YEAR = 1949, 2100
_HALF_NAMES = {1: "上半年", 2: "下半年"}
_HALF_MONTHS = {1: (1, 6), 2: (7, 12)}


def period_problem(text: str) -> str | None:
    """Why `text` is not a period id, in Chinese; None when it is one. The one check of period ids."""
    match = PERIOD_ID.fullmatch(text)
    if match and FIRST_YEAR <= int(match["year"]) <= LAST_YEAR:
        return None
    usage = "应写成“2020-h1”（上半年）或“2020-h2”（下半年）"
    if match:
        return f"“{text}”不是有效的期次编号：年份应在 {FIRST_YEAR} 到 {LAST_YEAR} 之间，{usage}"
    half_width = unicodedata.normalize("NFKC", text)
    if half_width != text and PERIOD_ID.fullmatch(half_width):
        return f"“{text}”不是有效的期次编号：用了全角字符，请用半角（英文输入法下的）数字和字母写成“{half_width}”"
    return f"“{text}”不是有效的期次编号，{usage}"


def is_period_id(text: str) -> bool:
    return period_problem(text) is None


def looks_like_period(name: str) -> bool:
    """A file or folder name meant as a period id (it starts with a digit of any script): it must be one."""
    return name[:1].isdigit()


@functools.lru_cache(maxsize=1024)  # every page, figure and chart asks again about the same few ids
def parse_period(period: str) -> tuple[int, int]:
    """`2020-h1` -> (2020, 1). Raises ValueError (with the Chinese reason) for anything else."""
    problem = period_problem(period)
    if problem:
        raise ValueError(problem)
    match = PERIOD_ID.fullmatch(period)
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
