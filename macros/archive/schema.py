"""The shape of a summary's data file (`data/<period>.yml`), declared as records (shapes.py).

Only shape and types live here: which keys exist, what type each value has, what range a
figure may take. Relations between entries (a rate that must agree with its count, a unit
that names a redacted place) are checked in `consistency.py`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from .numbers import full_width_problem, plain_writing
from .shapes import (
    Boolean,
    Checked,
    Choice,
    Invalid,
    ListOf,
    MappingOf,
    Nullable,
    Record,
    RecordOf,
    Text,
    Whole,
    field,
)

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

# Any unit may have decimals, as documents write them: 11.3年, 21.5辆, 0.2个百分点 (issue 9).
PERCENT_UNIT = "%"
PERCENT_UNITS = {"%", "％"}  # the full-width ％ of many office documents is a percent too


# A text cell a spreadsheet would run as a formula begins with one of these (the OWASP list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_number(text: str) -> bool:
    """Whether a string value is a number that was quoted by mistake ("12", '98.5')."""
    return bool(re.fullmatch(r"\s*-?[0-9]+(\.[0-9]+)?\s*", text))


def quoted_number_message(written: str) -> str:
    """For "12" written in quotes: what to write instead (full-width digits get their own advice)."""
    written = written.strip()
    return full_width_problem(written) or f"数字不要加引号：请把“\"{written}\"”改成 {plain_writing(written) or written}。"


# A key with nothing after its colon is read as "" (see yaml_loader), never as null.
BLANK_MESSAGE = "冒号后面没有写内容。请写上内容；数字、名称或日期在原文中未披露的，写 null。"
BAD_KEY_MESSAGE = ("键名“{key}”不合规：只能用小写英文字母、数字和下划线，且以字母开头，例如 donation_rate。"
                   "（键名只是内部的代号，中文说明写在 label 里。）")

TEXT = Text()
X_OR_XX = Choice(("X", "XX"))


def _no_entries() -> list:
    return []


def format_number(value: int | float, thousands_separator: bool = False) -> str:
    """A value as the text shows it: 3000, or 3,000 where the original groups thousands."""
    return f"{value:,}" if thousands_separator else str(value)


def _is_number(value: object) -> object:
    """A figure's value as written: a number, or null; anything else is explained."""
    if value is None:
        return None
    if value == "":
        raise Invalid("blank", BLANK_MESSAGE)
    if isinstance(value, bool):
        raise Invalid(
            "figure_not_number",
            "应为数字（例如 12 或 98.5），现在写的是 yes/no/true/false 这类“是/否”的值；原文未披露的写 null。",
        )
    if isinstance(value, str) and (looks_like_number(value) or full_width_problem(value.strip())):
        raise Invalid("figure_not_number", quoted_number_message(value))
    if not isinstance(value, (int, float)):
        raise Invalid(
            "figure_not_number",
            "应为数字（例如 12 或 98.5），不能写成汉字或带单位；原文未披露的写 null。现在写的是“{got}”。",
            {"got": value},
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise Invalid("figure_not_number", "应为普通的数字，现在写的是“{got}”。", {"got": value})
    return value


def _fits_unit(value: int | float | None, earlier: dict[str, object]) -> int | float | None:
    """A figure's value against its unit (when the unit was read): not negative, a percentage at most 100."""
    unit = earlier.get("unit")
    if value is None or unit is None:
        return value
    if value < 0:
        raise Invalid("figure_negative", "不能是负数，现在写的是 {got}。", {"got": value})
    if unit in PERCENT_UNITS and value > 100:
        raise Invalid("figure_over_100", "百分比不能超过 100，现在写的是 {got}。", {"got": value})
    return value


@dataclass(frozen=True, kw_only=True)
class Figure(Record):
    """A number the summary reports, such as 捐款人数."""

    about = "正文中的一个数字，例如捐款人数"  # data/schema.json

    label: str = field(TEXT, "这个数字统计的是什么，例如“捐款党员人数”")
    unit: str = field(TEXT, "单位，须与正文中宏后面紧跟的字一致，例如“人”“%”")
    value: int | float | None = field(
        Checked({"anyOf": [{"type": "integer"}, {"type": "number"}, {"type": "null"}]}), "数值；原文未披露的写 null",
        before=_is_number, after=_fits_unit)
    placeholder: str = field(X_OR_XX, "原文未披露时的写法：X 或 XX", "X")
    thousands_separator: bool = field(Boolean(), "原文的数字带千分位逗号（如 3,000）时写 true，网页上照原样显示", False)
    change_note: str | None = field(Nullable(TEXT), "与上一期相比，这个键的名称或单位变了时，写明原因；否则不写", None)

    @property
    def shown(self) -> str:
        """What the text shows: the value as the original writes it, or its X."""
        return self.placeholder if self.value is None else format_number(self.value, self.thousands_separator)


@dataclass(frozen=True, kw_only=True)
class Name(Record):
    """A name the original redacted (X市, X大学 …)."""

    about = "原文隐去的一个名称（X市、X大学……）"  # data/schema.json

    label: str = field(TEXT, "这是什么名称，例如“市名”")
    value: str | None = field(Nullable(TEXT), "真实名称；原文隐去的写 null")
    placeholder: str = field(X_OR_XX, "原文隐去时的写法：X 或 XX", "X")
    change_note: str | None = field(Nullable(TEXT), "与上一期相比，这个键的名称变了时，写明原因；否则不写", None)

    @property
    def shown(self) -> str:
        """What the text shows: the name, or the original's X."""
        return self.placeholder if self.value is None else self.value


@dataclass(frozen=True, kw_only=True)
class Rate(Record):
    """A rate the original gives together with the count it is computed from."""

    about = "原文同时给出的比率和它所依据的人数"  # data/schema.json

    rate: str = field(TEXT, "比率的键，单位须为 %")
    count: str = field(TEXT, "人数（或件数）的键")
    base: int | None = field(Nullable(Whole(1)), "总数（分母）；不知道的写 null", None)
    base_label: str = field(TEXT, "总数是什么，例如“机关党员总数”")


def _is_date(value: object) -> object:
    """The date a summary was issued, as written: 2020-07-10 (a date), 2020-07 (kept as text), or null."""
    if value is None or type(value) is dt.date:
        return value
    if value == "":
        raise Invalid("blank", BLANK_MESSAGE)
    if isinstance(value, str):
        if re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", value):
            return value
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise Invalid("bad_date", "日期“{got}”不存在，请核对月份和日子。", {"got": value}) from None
    raise Invalid("bad_date", "日期应写成 2020-07-10 或 2020-07，现在写的是“{got}”。", {"got": value})


_ISSUED_SCHEMA = {"anyOf": [{"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$"}, {"type": "null"}]}


@dataclass(frozen=True, kw_only=True)
class SummaryMeta(Record):
    """What the archive records about the summary as a document."""

    about = "总结本身的信息：标题、发文单位、成文日期、状态"  # data/schema.json

    title: str = field(TEXT, "总结的标题，与原文第一行一致")
    unit: str = field(TEXT, "发文单位；原文隐去的名称写成 {键名}，例如 {city}市{bureau}局机关党委")
    issued: dt.date | str | None = field(
        Checked(_ISSUED_SCHEMA), "成文日期，写成 2020-07-10 或 2020-07；原文未注明的写 null", before=_is_date)
    status: str = field(Choice(("final", "draft")), "final（定稿）或 draft（草稿）")
    headline: list[str] = field(
        ListOf(TEXT), "在档案首页列出的几个主要数字的键，例如 [donors, donation_rate]", default_factory=_no_entries)


@dataclass(frozen=True, kw_only=True)
class AcceptedFinding(Record):
    """A proofreading finding reviewed and kept, because the original says so (校对检查)."""

    about = "一条已复核、按原文保留的校对发现"  # data/schema.json

    words: str = field(TEXT, "校对检查报告的字句，照抄引号里的内容，例如“三中、三中”")
    reason: str = field(TEXT, "为什么保留，例如“原文如此，档案照录”")


@dataclass(frozen=True, kw_only=True)
class Proofread(Record):
    """What the proofreading checks need to know about this summary."""

    about = "校对检查需要知道的本期信息"  # data/schema.json

    accepted: list[AcceptedFinding] = field(
        ListOf(RecordOf(AcceptedFinding)), "已复核、按原文保留的校对发现", default_factory=_no_entries)


def _keys_are_simple(entries: dict, earlier: dict[str, object]) -> dict:
    for key in entries:
        if not KEY_PATTERN.match(key):
            raise Invalid("bad_key", BAD_KEY_MESSAGE, {"key": key})
    return entries


# Keys of figures and names, for editors' tools (data/schema.json); _keys_are_simple says it in Chinese.
_KEYS = {"propertyNames": {"pattern": KEY_PATTERN.pattern}}


@dataclass(frozen=True, kw_only=True)
class SummaryData(Record):
    """Everything in one `data/<period>.yml`."""

    about = "一期总结的数据文件 data/<期次>.yml：数字、隐去的名称和总结本身的信息"  # data/schema.json

    summary: SummaryMeta = field(RecordOf(SummaryMeta), "总结本身的信息（标题、单位、日期、状态）")
    names: dict[str, Name] = field(MappingOf(RecordOf(Name)), "原文隐去的名称", default_factory=dict,
                                   after=_keys_are_simple, json_extra=_KEYS)
    figures: dict[str, Figure] = field(MappingOf(RecordOf(Figure)), "正文中的数字", after=_keys_are_simple,
                                       json_extra=_KEYS)
    rates: list[Rate] = field(ListOf(RecordOf(Rate)), "比率与人数的对应关系", default_factory=_no_entries)
    proofread: Proofread = field(RecordOf(Proofread), "校对检查：已复核、按原文保留的发现", default_factory=Proofread)


# The records in the order a key path walks through them, so that messages can list the
# keys allowed at the place where an unknown one was written.
def model_at(path: tuple) -> type[Record] | None:
    """The record whose fields are allowed at the parent of key path `path`."""
    if len(path) == 1:
        return SummaryData
    section = path[0]
    if section == "summary" and len(path) == 2:
        return SummaryMeta
    if section in ("figures", "names") and len(path) == 3:
        return Figure if section == "figures" else Name
    if section == "rates" and len(path) == 3:
        return Rate
    if section == "proofread" and len(path) in (2, 4):
        return Proofread if len(path) == 2 else AcceptedFinding
    return None
