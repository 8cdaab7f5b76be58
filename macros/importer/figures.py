"""Finds the figures and redacted names in a paragraph of the summary's text.

What counts (the rules are listed for editors in README.md, 导入 Word 或文本):
- An Arabic number followed by a unit of count or measure, maybe after 余/多 and 万/亿:
  12次, 3,000册, 98.5%, 1.2万元, 10余户. Not lifted, and left as text: years (2020年, 2020年度),
  dates and times (7月, 10日), ordinals (第3届, 19届), numbers inside 《…》 titles and “…”
  quotations, and numbers followed by no unit (“123”支部学习教育基本规范).
- Every redaction mark X or XX: followed by a unit it is a figure (X名, X% → value null),
  otherwise a name (X市, XX社区 → a name with placeholder X or XX).
- A number that the archive could not show exactly as written (98.50%, 05人, 2.5名, 120%)
  stays text, and is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..archive.schema import PERCENT_UNITS, allows_decimals, format_number

# Longest first, so that 人次 wins over 人 and 个月 over 个.
UNITS = sorted("""
个百分点 个工作日 个月 人次 户次 场次 批次 车次 课时 学时 小时 分钟 平方公里 平方米 立方米 公里 千米 公斤 千克
名 人 次 个 场 期 条 册 户 份 家 元 篇 天 年 项 件 所 座 处 台 套 本 支 批 轮 堂 节 位 组 类 种 栋 间 张 幅 块
首 集 对 周 倍 吨 亩 米 辆 艘 棵 株 盒 袋 箱 斤 例 起 宗 笔 封 % ％
""".split(), key=len, reverse=True)
# Dates, times and ordinals: an Arabic number before them is not a figure; an X before them
# still is (第X届, X月), since every redaction mark must come from data.
NOT_UNITS = sorted("周年 年度 年代 年级 世纪 季度 号楼 月 日 号 届 时 点 版 级 楼 层 路 岁 后 秒".split(), key=len, reverse=True)
# Words that begin like a unit but name something: X支部 is a name, 3支部 no figure.
NAME_WORDS = sorted("支部 支队 部门 项目 家风 名单 名称 人民 人大 本部 处室 条例 组织 位置 次日 期刊".split(),
                    key=len, reverse=True)
SCALES = ("万", "亿")
APPROXIMATE = ("余", "多")
_CANDIDATE = re.compile(r"(?<![A-Za-z])X+(?![A-Za-z])|(?<![0-9.,A-Za-z])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?![0-9.])")
_YEAR = re.compile(r"(19|20)\d\d")
CLAUSE_ENDS = "，。；：！？,;:!?"
_QUOTE_OPEN, _QUOTE_CLOSE = "“《", "”》"


@dataclass
class FoundMark:
    kind: str              # "fig" or "name"
    written: str           # as in the text: X, XX, 12, 3,000
    line: int              # line of the received text
    clause: tuple          # which clause it stands in: two names in one clause are two places
    value: int | float | None = None
    unit: str = ""         # fig: the unit after it (after 余/多)
    prefix: str = ""       # fig: 余 or 多 between the number and the unit
    grouped: bool = False  # fig: written with thousands separators
    word: str = ""         # name: what kind of name (市, 大学, 社区 …)
    before: str = ""       # the clause's words before the mark
    after: str = ""        # the words after it (after the unit for a figure)
    key: str = ""          # set when the entry it belongs to gets its key

    @property
    def placeholder(self) -> str | None:
        return self.written if self.written.startswith("X") else None


Piece = str | FoundMark


def lift_marks(text: str, line: int, block: int, problems: list[tuple[int, str]]) -> list[Piece]:
    """The text as literal pieces and marks, in order. Numbers left as text with a reason go to `problems`."""
    pieces: list[Piece] = []
    position = 0
    quoted = _quoted_spans(text)
    for match in _CANDIDATE.finditer(text):
        written, start, end = match.group(), match.start(), match.end()
        mark = _mark(text, written, start, end, quoted, line, problems)
        if mark is None:
            continue
        mark.clause = (block, sum(text.count(c, 0, start) for c in CLAUSE_ENDS))
        mark.before = _before(text, start, _last_mark(pieces), position)
        after_start = end + len(mark.prefix) + len(mark.unit)
        mark.after = _after(text, after_start)
        pieces += [text[position:start], mark]
        position = end
    pieces.append(text[position:])
    return [piece for piece in pieces if piece != ""]


def _mark(text, written, start, end, quoted, line, problems) -> FoundMark | None:
    rest = text[end:]
    if written.startswith("X"):
        if len(written) > 2:
            problems.append((line, f"“{written}”有 {len(written)} 个 X，档案只能记录 X 或 XX：按原样保留为正文，请手工处理"))
            return None
        prefix, unit = _unit(rest, redaction=True)
        if unit:
            return FoundMark("fig", written, line, (), None, unit, prefix)
        return FoundMark("name", written, line, (), word=name_word(rest))
    if quoted[start] or text[start - 1:start] == "第":
        return None  # inside a title or quotation, or an ordinal (第3届)
    prefix, unit = _unit(rest, redaction=False)
    if not unit or (unit.startswith("年") and _YEAR.fullmatch(written)):
        return None  # no unit, or a year (2020年, 2020年度)
    grouped = "," in written
    number = written.replace(",", "")
    value = float(number) if "." in number else int(number)
    reason = _cannot_show(written, value, unit, grouped)
    if reason:
        problems.append((line, f"“{written}{prefix}{unit}”{reason}：按原样保留为正文，没有作为数字记入数据"))
        return None
    return FoundMark("fig", written, line, (), value, unit, prefix, grouped)


def _unit(rest: str, redaction: bool) -> tuple[str, str]:
    """(余/多 or "", the unit) at the start of `rest`; ("", "") when no unit follows."""
    for word in NAME_WORDS:
        if rest.startswith(word):
            return "", ""
    prefix = rest[0] if rest[:1] in APPROXIMATE else ""
    after = rest[len(prefix):]
    for word in NOT_UNITS:
        if after.startswith(word):
            return (prefix, word) if redaction else ("", "")
    scale = after[0] if after[:1] in SCALES else ""
    for unit in UNITS:
        if after.startswith(scale + unit) and not any(after[len(scale):].startswith(w) for w in NAME_WORDS):
            return prefix, scale + unit
    if scale:
        return prefix, scale
    return "", ""


def _cannot_show(written: str, value, unit: str, grouped: bool) -> str | None:
    if format_number(value, grouped) != written:
        return "的写法（如小数末尾的 0、开头的 0）在网页上无法照原样显示"
    if isinstance(value, float) and not allows_decimals(unit):
        return f"是小数，而单位“{unit}”只能是整数"
    if unit in PERCENT_UNITS and value > 100:
        return "超过 100%"
    return None


def _quoted_spans(text: str) -> list[bool]:
    """For each character, whether it stands inside 《…》 or “…”."""
    inside, depth = [], 0
    for char in text:
        if char in _QUOTE_CLOSE:
            depth = max(0, depth - 1)
        inside.append(depth > 0)
        if char in _QUOTE_OPEN:
            depth += 1
    return inside


def _last_mark(pieces: list[Piece]) -> FoundMark | None:
    return next((p for p in reversed(pieces) if isinstance(p, FoundMark)), None)


def _before(text: str, start: int, last: FoundMark | None, last_end: int) -> str:
    """The clause before a mark: from the last clause end, or from the previous figure's unit."""
    begin = max(text.rfind(c, 0, start) for c in CLAUSE_ENDS) + 1
    if last is not None and last.kind == "fig":
        begin = max(begin, last_end + len(last.prefix) + len(last.unit))
    return text[begin:start].lstrip("、和及与")


def _after(text: str, start: int) -> str:
    end = start
    while end < len(text) and text[end] not in CLAUSE_ENDS + "、" and text[end] != "X" and not text[end].isdigit():
        end += 1
    return text[start:end]


_ADMIN = "省市县区镇乡村街局厅处科委办"
_NAME_STOP = re.compile(r"[和与及的、，。；：！？,;:!?X\d（）()“”《》]")
_PLACE_END = re.compile(r"(区|市|县|镇|乡|村|街|局|厅|处|科|委|办|馆|院|校|学|系统|公司|集团|协会|中心|基地|站|所|队|部|园|厂|"
                        r"场|山|湖|河|路|室|组|会)$")


def name_word(rest: str) -> str:
    """What a redacted name names, from the words after it: X市 -> 市, X革命老区 -> 革命老区,
    XX社区网格党支部 -> 社区: the first words that end like a place or body, else the first word."""
    if rest[:1] and rest[0] in _ADMIN:
        return rest[0]
    stop = _NAME_STOP.search(rest)
    from .words import words

    tokens = words(rest[: stop.start() if stop else len(rest)])[:3]
    joined = ""
    for token in tokens:
        joined += token
        if _PLACE_END.search(joined):
            return joined
    return tokens[0] if tokens else ""
