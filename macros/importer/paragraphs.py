"""Turns cleaned lines into the summary's title, paragraphs and closing signature.

- Front: label lines above the title (附件2, 份号, 密级, 紧急程度, 国发〔2012〕33号, 主送：…) stay
  paragraphs of their own, above it, and hold no figure.
- Title: the first other line; a title split over two lines (…上半年 / 党建工作总结) is joined when
  together they make one title (ending in 总结, 报告, 通知, 意见, 决定, 方案, 讲话 …).
- Front matter below the title: short lines without a comma (the report's name, the dateline
  ——2024年3月5日…, the speaker's office and name, 各位代表：, （…通过）) stay paragraphs of their own.
- Signature: at the very end, the issuing unit and the date (X市X局机关党委 / 2020年7月10日).
  They stay in the text (the archive keeps every word of the original) and are also returned
  as data: the unit for `summary.unit`, the date for `summary.issued`.
- Paragraphs: a line broken in mid-sentence or mid-word is joined to the line before. A new
  paragraph starts after a line that ends a sentence (。！？；：) unless that line is as long as the
  page's lines and the next is not indented (a PDF's line broken at the page's edge after a 。), at
  a numbered heading (一、（一）1.（1）), after a short heading line, or at an indented line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..archive.source_text import FRONT_LABEL, is_full, page_width
from .clean import DATE_LINE, STRUCTURE_START, TABLE_ROW, TITLE_END, Line
from .report import Report

_FINAL = "。！？；：…!?;:"
_CLOSERS = "”’）)》」』】"
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0, "0": 0}
_UNIT_AND_DATE = re.compile(r"^(?P<unit>\S.{1,29}?)[\s\u3000]{2,}(?P<date>\S.*)$")
_ORG_END = re.compile(r"(委|局|厅|办|室|部|处|科|会|院|所|站|中心|支部|党组|政府|公司|单位|小组|机关)$")
_NO_SIGNATURE = set("，。；：！？、,;:!?")
_NOTE = re.compile(r"^[（(][^（）()]{2,20}[）)]$")  # （此件公开发布） below the date


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int  # its first line in the received text


@dataclass
class Layout:
    title: str
    title_line: int
    paragraphs: list[Paragraph]
    signature: list[Paragraph] = field(default_factory=list)  # unit and date, as written
    unit: str | None = None    # the issuing unit as written, X marks and all
    issued: str | None = None  # 2020-07-10, or 2020-07 when the day is not given
    front: list[Paragraph] = field(default_factory=list)  # label lines above the title (附件2, 份号 …)


def lay_out(lines: list[Line], report: Report) -> Layout:
    written = [line for line in lines if not line.blank]
    front = []
    while written and len(written) > 1 and (FRONT_LABEL.match(written[0].text) or _issuer_above_title(written)):
        front.append(Paragraph(written[0].text, written[0].number))
        report.line(written[0].number, f"标题之上的“{written[0].text}”不是标题：单独成段，留在标题之上，其中的数字不作为数据")
        written = written[1:]
    if not written:
        return Layout("", 0, [])
    title, body = _title(written, report)
    body, signature, unit, issued = _signature(body, report)
    return Layout(title, written[0].number, _paragraphs(body, report), signature, unit, issued, front)


def _issuer_above_title(written: list[Line]) -> bool:
    """台州市教育局, then (after a blank line) 关于…的通知: the issuer's name above its title."""
    first, second = written[0], written[1]
    return (len(first.text) <= 20 and bool(_ORG_END.search(first.text)) and bool(TITLE_END.search(second.text))
            and second.number > first.number + 1 and not TITLE_END.search(first.text))


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _FINAL


def is_heading_line(text: str) -> bool:
    """A numbered line that is a heading by itself: short, one phrase, no sentence inside."""
    if not STRUCTURE_START.match(text) or len(text) > 40:
        return False
    inner = text[:-1] if text[-1] in "。" else text
    return not any(mark in inner for mark in "。！？；")


def _title(written: list[Line], report: Report) -> tuple[str, list[Line]]:
    first, rest = written[0], written[1:]
    if (rest and not TITLE_END.search(first.text) and TITLE_END.search(rest[0].text) and len(rest[0].text) <= 30
            and not FRONT_LABEL.match(first.text) and not rest[0].text.startswith(("—", "（", "("))
            and not STRUCTURE_START.match(rest[0].text) and not any(c in rest[0].text for c in "，。；：")
            and rest[0].number <= first.number + 2):
        report.line(rest[0].number, f"标题分在两行，已与第 {first.number} 行合为一行“{first.text}{rest[0].text}”")
        return first.text + rest[0].text, rest[1:]
    if ends_sentence(first.text) or len(first.text) > 60:
        report.note(f"第 {first.number} 行被当作标题，但它不像标题（太长或以句号结尾）。请核对 index.md 的标题。")
    return first.text, rest


def _signature(body: list[Line], report: Report):
    """Unit and date at the end: (body without them, their paragraphs, unit, issued)."""
    if not body:
        return body, [], None, None
    last = body[-1]
    both = _UNIT_AND_DATE.match(last.text)
    if DATE_LINE.match(last.text) is None and both and _date(both["date"]) and _looks_like_unit(both["unit"]):
        lines, unit, date = [last], both["unit"], _date(both["date"])  # 单位　　2021年7月9日 on one line
    elif _date(last.text) is None and len(body) >= 2 and _NOTE.match(last.text) and _date(body[-2].text):
        unit_line = body[-3] if len(body) >= 3 and _looks_like_unit(body[-3].text) else None  # …（此件公开发布）
        lines = [line for line in (unit_line, body[-2], last) if line]
        unit, date = unit_line and unit_line.text, _date(body[-2].text)
    elif _date(last.text):
        unit_line = body[-2] if len(body) >= 2 and _looks_like_unit(body[-2].text) else None
        lines, unit, date = [line for line in (unit_line, last) if line], unit_line and unit_line.text, _date(last.text)
    elif len(body) >= 2 and _ORG_END.search(last.text) and _looks_like_unit(last.text) and ends_sentence(body[-2].text):
        lines, unit, date = [last], last.text, None  # a unit without a date
    else:
        return body, [], None, None
    recorded = "和".join(what for what, given in (("发文单位（summary.unit）", unit), ("成文日期（summary.issued）", date))
                        if given)
    shown = "”和“".join(line.text for line in lines)
    report.line(lines[0].number, f"末尾的落款“{shown}”：{recorded}已记入数据文件，文字照原样留在正文末尾")
    return body[: len(body) - len(lines)], [Paragraph(line.text, line.number) for line in lines], unit, date


def _looks_like_unit(text: str) -> bool:
    return (2 <= len(text) <= 30 and not STRUCTURE_START.match(text) and DATE_LINE.match(text) is None
            and not any(c in _NO_SIGNATURE for c in text))


def _date(text: str) -> str | None:
    match = DATE_LINE.match(text.replace(" ", ""))
    if not match:
        return None
    year, month = _cn_number(match["y"]), _cn_number(match["m"])
    day = _cn_number(match["d"]) if match["d"] else None
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4:  # a year written digit by digit: 二〇二〇
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    if "十" in text:  # 十, 十二, 二十, 三十一
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS[text]


def _paragraphs(body: list[Line], report: Report) -> list[Paragraph]:
    # When (nearly) every line is indented, indentation says nothing about paragraphs.
    indent_means_paragraph = sum(line.indented for line in body) < 0.9 * len(body)
    width = page_width(body)
    paragraphs: list[Paragraph] = []
    front = True  # still in the front matter right below the title
    previous = None
    for line in body:
        after_front, front = front, front and _front_matter(line, width)
        if not paragraphs or front or after_front or _ends_title(previous, width) or \
                _starts_paragraph(line, paragraphs[-1].text, indent_means_paragraph) and not _broken_at_edge(previous, line, width):
            paragraphs.append(Paragraph(line.text, line.number))
        else:
            joined = paragraphs[-1].text + _joiner(paragraphs[-1].text, line.text) + line.text
            paragraphs[-1] = Paragraph(joined, paragraphs[-1].line)
            report.joined(line.number)
        previous = line
    return paragraphs


_FRONT_MATTER = re.compile(r"^(?:——|—|[（(].*[）)]$|\S{2,12}[\s\u3000]+\S{2,6}$|.{2,12}[：:]$)")


def _ends_title(previous: Line | None, width: int) -> bool:
    """A line that ends like a title (…的通知, …工作总结) and does not fill the page's width ends its paragraph."""
    return previous is not None and bool(TITLE_END.search(previous.text)) and not is_full(previous.text, width)


def _front_matter(line: Line, width: int) -> bool:
    """A short line below the title that stands alone: the report's name, the dateline (——2024年3月5日…),
    the speaker's office and name, 各位代表：, （…通过）."""
    text = line.text
    return (len(text) <= 60 and "，" not in text and not STRUCTURE_START.match(text) and not is_full(text, width)
            and bool(_FRONT_MATTER.match(text) or TITLE_END.search(text)))


def _broken_at_edge(previous: Line | None, line: Line, width: int) -> bool:
    """A full line ending in 。 followed by an unindented line: the page's edge, not a paragraph's end."""
    return (previous is not None and is_full(previous.text, width) and not line.indented
            and not STRUCTURE_START.match(line.text) and not DATE_LINE.match(line.text)
            and not is_heading_line(previous.text))


def _starts_paragraph(line: Line, so_far: str, indent_means_paragraph: bool) -> bool:
    """Blank lines do not decide: page breaks leave them in mid-sentence. Punctuation does."""
    if STRUCTURE_START.match(line.text) or ends_sentence(so_far) or is_heading_line(so_far):
        return True
    if TABLE_ROW.match(line.text) or TABLE_ROW.match(so_far):
        return True  # a table's row is never joined to the text around it
    if DATE_LINE.match(line.text) or DATE_LINE.match(so_far):
        return True  # a date stands on its own line
    return indent_means_paragraph and line.indented


def _joiner(before: str, after: str) -> str:
    """Chinese and numbers (3,0 / 00人次) join without a space; two Latin words keep one between them."""
    latin = re.compile(r"[A-Za-z]")
    return " " if latin.fullmatch(before[-1:]) and latin.fullmatch(after[:1]) else ""
