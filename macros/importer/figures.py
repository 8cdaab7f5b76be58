"""Finds the figures and redacted names in a paragraph of the summary's text.

What counts (the rules are listed for editors in README.md, 导入 Word 或文本):
- An Arabic number followed by a unit of count or measure (data/units.txt), maybe after 余/多 and a
  scale (万, 亿, 万亿 …), the scale part of the unit: 12次, 3,000册, 98.5%, 1.2万元, 126万亿元, 10余户,
  11.3年. A scale with no unit after it (126万) is no unit: the number stays text, and is reported.
  Not lifted, and left as text: years (2020年, 2020年度),
  dates and times (7月, 10日), ordinals (第3届, 19届), numbers inside 《…》 titles and “…”
  quotations, and numbers followed by no unit (“123”支部学习教育基本规范).
- Every redaction mark X or XX, except the X of a term in data/x-terms.txt (“1+X”, X射线): followed
  by a unit it is a figure (X名, X% → value null), otherwise a name (X市, XX社区 → a name with
  placeholder X or XX).
- No number of a label line above the title (附件2, 〔2012〕33号) or of the title is a figure.
- A number that the archive could not show exactly as written (98.50%, 05人, 120%)
  stays text, and is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..archive.schema import PERCENT_UNITS, format_number
from ..archive.word_lists import WordLists, built_in_word_lists

# Dates, times and ordinals: an Arabic number before them is not a figure; an X before them
# still is (第X届, X月), since every redaction mark must come from data.
NOT_UNITS = sorted("周岁 周年 年度 年代 年级 世纪 季度 号楼 月 日 号 届 时 点 版 级 楼 层 路 岁 后 秒".split(), key=len, reverse=True)
# Words that begin like a unit but name something: X支部 is a name, 3支部 no figure.
NAME_WORDS = sorted("支部 支队 部门 项目 家风 名单 名称 人民 人大 本部 处室 条例 组织 位置 次日 期刊".split(),
                    key=len, reverse=True)
SCALES = ("万亿", "千亿", "百亿", "十亿", "千万", "百万", "十万", "亿", "万")  # longest first
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


def lift_marks(text: str, line: int, block: int, problems: list[tuple[int, str]], lists: WordLists | None = None,
               numbers: bool = True) -> list[Piece]:
    """The text as literal pieces and marks, in order. Numbers left as text with a reason go to `problems`.

    `numbers` False: a label line, the title or a document number, where no number is a figure."""
    lists = lists or built_in_word_lists()
    pieces: list[Piece] = []
    position = 0
    quoted = _quoted_spans(text)
    in_terms = _x_term_spans(text, lists.x_terms)
    for match in _CANDIDATE.finditer(text):
        written, start, end = match.group(), match.start(), match.end()
        if written.startswith("X") and any(in_terms[start:end]):
            continue  # “1+X”, X射线: a term, not a redaction
        if not numbers and not written.startswith("X"):
            continue
        mark = _mark(text, written, start, end, quoted, line, problems, lists.units)
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


def _x_term_spans(text: str, terms: tuple[str, ...]) -> list[bool]:
    inside = [False] * len(text)
    for term in terms:
        at = text.find(term)
        while at != -1:
            inside[at:at + len(term)] = [True] * len(term)
            at = text.find(term, at + 1)
    return inside


def _mark(text, written, start, end, quoted, line, problems, units) -> FoundMark | None:
    rest = text[end:]
    if written.startswith("X"):
        if len(written) > 2:
            problems.append((line, f"“{written}”有 {len(written)} 个 X，档案只能记录 X 或 XX：按原样保留为正文，请手工处理"))
            return None
        prefix, unit = _unit(rest, True, units)
        if unit:
            return FoundMark("fig", written, line, (), None, unit, prefix)
        return FoundMark("name", written, line, (), word=name_word(rest))
    if quoted[start] or text[start - 1:start] == "第":
        return None  # inside a title or quotation, or an ordinal (第3届)
    prefix, unit = _unit(rest, False, units)
    if unit in SCALES:
        problems.append((line, f"“{written}{prefix}{unit}”后面没有计量单位：按原样保留为正文，没有作为数字记入数据"))
        return None
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


def _unit(rest: str, redaction: bool, units: tuple[str, ...]) -> tuple[str, str]:
    """(余/多 or "", the unit with its scale: 万元, 万亿斤) at the start of `rest`; ("", "") when no unit
    follows; (prefix, "万") for a scale alone, which the caller reports."""
    for word in NAME_WORDS:
        if rest.startswith(word):
            return "", ""
    prefix = rest[0] if rest[:1] in APPROXIMATE else ""
    after = rest[len(prefix):]
    for word in NOT_UNITS:
        if after.startswith(word):
            return (prefix, word) if redaction else ("", "")
    scale = next((s for s in SCALES if after.startswith(s)), "")
    for unit in units:
        if after.startswith(scale + unit) and not any(after[len(scale):].startswith(w) for w in NAME_WORDS):
            return prefix, scale + unit
    if scale:
        return prefix, scale
    return "", ""


def _cannot_show(written: str, value, unit: str, grouped: bool) -> str | None:
    if format_number(value, grouped) != written:
        return "的写法（如小数末尾的 0、开头的 0）在网页上无法照原样显示"
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
