"""A received text as its reader sees it: its lines, what on them is page furniture, how wide its pages are.

One set of rules serves both the import (macros/importer/clean.py removes what is found here) and the
fidelity check (fidelity.py compares pages with their original.txt), so that the two never disagree
about what is furniture and what is text:
- page numbers: — 3 —, - 3 -, 第3页, 第 3 页 共 9 页, 3/8, Page 3; a bare number only when it continues
  the sequence of the document's other page numbers at page-sized intervals (a subscript split onto
  its own line, PM / 2.5 / ）浓度, is text);
- running headers: a short line repeated at page intervals, never the title or subtitle in its own place;
- the page width: the length of most full lines, so that a line broken at the page's edge is known.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
PAGE_BREAKS = re.compile(r"[\x0b\x0c]")
OTHER_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
SPACES = " \t\u3000\u00a0\u2002\u2003\u2009\u202f"
_DASHES = "-—–－~～·•"
_EXPLICIT_PAGE_NUMBER = re.compile(
    rf"^(?:[{_DASHES}]+\s*(?P<a>\d{{1,4}})\s*[{_DASHES}]+"                    # — 3 —   - 3 -
    r"|第\s*(?P<b>\d{1,4})\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"           # 第3页   第 3 页 共 10 页
    r"|(?P<c>\d{1,4})\s*[/／]\s*\d{1,4}"                                     # 3/10
    r"|[Pp]age\s*(?P<d>\d{1,4})(?:\s*of\s*\d{1,4})?)$"
)
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
# Numbered headings may repeat between parts ((一) in 一、 and in 二、): never page headers.
TABLE_ROW = re.compile(r"^\|.*\|$")  # a row of a Word table, as the .docx reader writes it: | a | b |
STRUCTURE_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、](?!\d)|[（(]\d+[）)])")
TITLE_END = re.compile(r"(总结|报告|汇报|情况|回顾|小结|综述|要点|计划|通知|意见|决定|决议|方案|规划|讲话|纲要|办法|规定|"
                       r"公报|声明|批复|函|细则|指引|指南)$")
_CN_NUMBER = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_LINE = re.compile(rf"^(?P<y>\d{{4}}|[〇零○Ｏ0一二三四五六七八九]{{4}})\s*年\s*(?P<m>{_CN_NUMBER})\s*月"
                       rf"(?:\s*(?P<d>{_CN_NUMBER})\s*日)?$")
# Lines above a title that are not the title: labels of an attachment, copy number, secrecy,
# urgency, the document number (〔2012〕33号), the addressees (主送：…, 各省、自治区…：).
FRONT_LABEL = re.compile(
    r"^(?:附件\s*\d{0,2}\s*[：:]?.{0,12}$|附\s*件\s*[：:]?$|份号\s*[：:]?.{0,12}$|\d{6}$|(?:密级|秘密|机密|绝密)(?:[\s：:★].{0,12})?$"
    r"|紧急程度\s*[：:]?.{0,8}$|(?:特急|加急|平急)$|.{0,12}〔\d{4}〕\s*\d{1,4}\s*号$|主送\s*[：:].*$|抄送\s*[：:].*$)")
MIN_PAGE_LINES = 8  # a page of text holds more lines than this
_SENTENCE_END = "。！？；"


@dataclass(frozen=True)
class SourceLine:
    number: int      # line in the received text, from 1
    text: str        # without indentation, zero-width characters, page breaks or control characters
    indented: bool   # began with spaces: in most documents, a new paragraph

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def source_line(number: int, raw: str) -> SourceLine:
    text = OTHER_CONTROLS.sub("", PAGE_BREAKS.sub("", ZERO_WIDTH.sub("", raw)))
    stripped = text.strip(SPACES)
    indent = text[: len(text) - len(text.lstrip(SPACES))]
    indented = "\u3000" in indent or "\t" in indent or len(indent) >= 2
    return SourceLine(number, stripped, indented and bool(stripped))


def source_lines(text: str) -> list[SourceLine]:
    """Every line of a received text, cleaned of what no reader sees (blank ones included)."""
    return [source_line(number, raw) for number, raw in enumerate(split_lines(text), 1)]


def furniture(lines: list[SourceLine]) -> dict[int, str]:
    """Line number -> what it is ("页码" or "页眉或页脚"), for every line of page furniture."""
    found = {number: "页码" for number in page_numbers(lines)}
    rest = [line for line in lines if line.number not in found]
    found |= {number: "页眉或页脚" for number in running_headers(rest)}
    return found


def page_numbers(lines: list[SourceLine]) -> set[int]:
    """The lines that are page numbers; a bare number only where it continues the others' sequence."""
    written = [line for line in lines if line.text]
    explicit: dict[int, int] = {}  # position in `written` -> the page number
    bare: dict[int, int] = {}
    for index, line in enumerate(written):
        match = _EXPLICIT_PAGE_NUMBER.match(line.text)
        if match:
            explicit[index] = int(next(g for g in match.groups() if g))
        elif _BARE_NUMBER.match(line.text) and not _glued(written, index):
            bare[index] = int(line.text)
    known = dict(explicit)
    gaps = [b - a for a, b in zip(sorted(known), sorted(known)[1:], strict=False)]
    if not known and len(bare) >= 2:  # no written page number: two bare numbers in sequence start one
        at_value: dict[int, list[int]] = {}
        for i, v in bare.items():
            at_value.setdefault(v, []).append(i)
        for index, value in sorted(bare.items()):
            if any(_continues(index, value, i, value - 1, gaps) for i in at_value.get(value - 1, [])):
                known[index] = value
                break
    pending = sorted(bare.items())
    while pending:  # a bare number joins the sequence next to a known page number
        by_value: dict[int, list[int]] = {}
        for i, v in known.items():
            by_value.setdefault(v, []).append(i)
        joined = [(index, value) for index, value in pending if index not in known and any(
            _continues(index, value, i, v, gaps) for v in (value - 1, value + 1) for i in by_value.get(v, []))]
        if not joined:
            break
        known.update(joined)
        pending = [item for item in pending if item[0] not in known]
    return {written[index].number for index in known}


def _glued(written: list[SourceLine], index: int) -> bool:
    """A bare number that belongs to the sentence around it: M / 2 / 和, PM / 2.5 / ）浓度."""
    before = written[index - 1].text if index else ""
    after = written[index + 1].text if index + 1 < len(written) else ""
    return bool(re.search(r"[A-Za-z]$", before)) or after[:1] in "）)%％"


def _continues(index: int, value: int, other: int, other_value: int, gaps: list[int]) -> bool:
    """Whether page `value` at `index` follows or precedes page `other_value` at `other`, a page apart."""
    if value - other_value != (1 if index > other else -1):
        return False
    distance = abs(index - other)
    if gaps:
        typical = sorted(gaps)[len(gaps) // 2]
        return 0.6 * typical <= distance <= 1.5 * typical
    return distance >= MIN_PAGE_LINES


def running_headers(lines: list[SourceLine]) -> set[int]:
    """Short lines repeated at page intervals: page headers and footers.

    The first written line is the title even when a header repeats it: it is kept there, and the
    repeats further down are removed; so is a subtitle right below it. A repeated first line that
    does not read as a title (…总结, …报告) is a header above the title. The line just above a
    closing date is the signature, whatever repeats it.
    """
    written = [line for line in lines if line.text]
    if not written:
        return set()
    counts = Counter(line.text for line in written)
    first = written[0]
    header_first = counts[first.text] >= 2 and not TITLE_END.search(first.text)
    title_at = 1 if header_first and len(written) > 1 else 0
    kept_in_place = {id(written[title_at])}
    if title_at + 1 < len(written) and written[title_at + 1].text.startswith(("——", "—", "（", "(")):
        kept_in_place.add(id(written[title_at + 1]))  # a subtitle in its own place
    signature = written[-2] if len(written) >= 2 and DATE_LINE.match(written[-1].text) else None
    positions: dict[str, list[int]] = {}
    for index, line in enumerate(written):
        positions.setdefault(line.text, []).append(index)
    found = set()
    for line in written:
        places = positions[line.text]
        if len(places) < 2 or id(line) in kept_in_place or line is signature or not _could_be_header(line.text):
            continue
        if min(b - a for a, b in zip(places, places[1:], strict=False)) < MIN_PAGE_LINES // 2:
            continue  # repeated close together: the text's own words, not a page's header
        found.add(line.number)
    return found


def _could_be_header(text: str) -> bool:
    return (4 <= len(text) <= 40 and not STRUCTURE_START.match(text) and not TABLE_ROW.match(text)
            and text[-1] not in _SENTENCE_END and "，" not in text and not DATE_LINE.match(text))


def page_width(lines: list[SourceLine]) -> int:
    """How many characters a full line of the document holds (0 when its lines are paragraphs).

    A page's width shows in many lines of the same length (±1) that mostly break a sentence: a text
    whose long lines mostly end a sentence is a text of one paragraph a line, whatever their lengths."""
    long = [line.text for line in lines if len(line.text) >= 15]
    if len(long) < 6:
        return 0
    lengths = [len(text) for text in long]
    common = max(set(lengths), key=lambda n: (sum(abs(m - n) <= 1 for m in lengths), n))
    band = [text for text in long if abs(len(text) - common) <= 1]
    broken = sum(text.rstrip("”’）)》」』】")[-1:] not in "。！？；：" for text in band)
    if len(band) < 5 or len(band) < 0.4 * len(long) or broken < 0.6 * len(band) or common > 60:
        return 0
    return common + 1


def is_full(text: str, width: int) -> bool:
    """A line as long as the page's lines: broken at the page's edge, even after a 。"""
    return width > 0 and len(text) >= width - 1
