"""The import's word lists that editors extend: units of count and measure (data/units.txt) and terms
with an X that is no redaction (data/x-terms.txt: “1+X”, X射线, X光).

Both are plain UTF-8 text, one entry a line, `#` starting a comment, at most MAX_BYTES. A missing
file gives the lists the archive started with, so that an archive without them still imports. Each
mistake stops with one Chinese message naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ArchiveError
from .text_files import read_text_file

UNITS_FILE = "data/units.txt"
X_TERMS_FILE = "data/x-terms.txt"
MAX_BYTES = 20_000
MAX_ENTRY = 10
# Counted or measured things; compounds with 万, 亿 … (万元, 亿美元, 万亿斤) are made by the import.
BUILT_IN_UNITS = """个百分点 个工作日 个月 人次 户次 场次 批次 车次 台次 架次 课时 学时 小时 分钟 平方公里 平方米 立方米 公里 千米
公斤 千克 公顷 美元 千瓦时 千瓦 名 人 次 个 场 期 条 册 户 份 家 元 篇 天 年 项 件 所 座 处 台 套 本 支 批 轮 堂 节 位 组 类 种
栋 间 张 幅 块 首 集 对 周 倍 吨 亩 米 辆 艘 棵 株 盒 袋 箱 斤 例 起 宗 笔 封 部 % ％""".split()
BUILT_IN_X_TERMS = ["1+X", "X射线", "X光", "X线", "X染色体", "X型", "X轴", "X形"]
_SCALE = re.compile(r"^[十百千万亿]")
_FORBIDDEN = re.compile(r"[\sX0-9,，。；：:;]")


@dataclass(frozen=True)
class WordLists:
    units: tuple[str, ...]    # longest first, so that 人次 wins over 人 and 个月 over 个
    x_terms: tuple[str, ...]  # longest first


def load_word_lists(root: Path) -> WordLists:
    units = _read(root, UNITS_FILE, BUILT_IN_UNITS, _unit_problem)
    x_terms = _read(root, X_TERMS_FILE, BUILT_IN_X_TERMS, _x_term_problem)
    return WordLists(tuple(sorted(units, key=len, reverse=True)), tuple(sorted(x_terms, key=len, reverse=True)))


@lru_cache(maxsize=1)
def built_in_word_lists() -> WordLists:
    """The archive's own lists (this repository's data/), for rules tested without a project."""
    return load_word_lists(Path(__file__).resolve().parents[2])


def _read(root: Path, name: str, built_in: list[str], problem) -> list[str]:
    path = root / name
    if not path.is_file():
        return list(built_in)
    text = read_text_file(path, name, MAX_BYTES, "这里只收单位或含 X 的固定说法，请检查是否放错了文件。")
    entries: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        why = problem(entry)
        if why:
            raise ArchiveError(f"“{entry}”{why}", file=name, line=number)
        if entry in entries:
            raise ArchiveError(f"“{entry}”重复了：第 {entries[entry]} 行已经有，请删去一行。", file=name, line=number)
        entries[entry] = number
    return list(entries)


def _unit_problem(unit: str) -> str | None:
    if len(unit) > MAX_ENTRY:
        return f"太长：单位最多 {MAX_ENTRY} 个字。"
    if _FORBIDDEN.search(unit):
        return "里不能有空格、数字、X 或标点：一行只写一个单位，如“辆”“台次”。"
    if _SCALE.match(unit) and unit not in ("千米", "千克", "千瓦", "千瓦时", "十"):
        return "以“十、百、千、万、亿”开头：这些是数量级，导入时会自动与单位组合（如万元、亿美元），只写单位本身。"
    return None


def _x_term_problem(term: str) -> str | None:
    if "X" not in term:
        return "里没有 X：这个词表只收含 X 而 X 不是隐去标记的说法，如“1+X”、X射线。"
    if len(term) > 20 or any(c.isspace() for c in term):
        return "太长或有空格：一行只写一个说法，最多 20 个字。"
    if re.fullmatch(r"X+", term):
        return "只有 X：这样会把所有隐去标记都当作普通文字。"
    return None
