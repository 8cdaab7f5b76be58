"""The shape of a summary's data file (`data/<period>.yml`), checked with pydantic.

Only shape and types live here: which keys exist, what type each value has, what range a
figure may take. Relations between entries (a rate that must agree with its count, a unit
that names a redacted place) are checked in `consistency.py`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .numbers import full_width_problem, plain_writing

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

NonEmptyText = Annotated[str, Field(min_length=1, strict=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _no_entries() -> list:
    """An empty list: the default of the list fields. pydantic inspects a default_factory's signature; `list`'s
    is text that Python's tokenizer must parse, which costs every build about 3 ms (compiling its patterns)."""
    return []


def format_number(value: int | float, thousands_separator: bool = False) -> str:
    """A value as the text shows it: 3000, or 3,000 where the original groups thousands."""
    return f"{value:,}" if thousands_separator else str(value)


class Figure(_Strict):
    """A number the summary reports, such as 捐款人数."""

    model_config = ConfigDict(json_schema_extra={"description": "正文中的一个数字，例如捐款人数"})  # data/schema.json

    label: NonEmptyText = Field(description="这个数字统计的是什么，例如“捐款党员人数”")
    unit: NonEmptyText = Field(description="单位，须与正文中宏后面紧跟的字一致，例如“人”“%”")
    value: int | float | None = Field(description="数值；原文未披露的写 null")
    placeholder: Literal["X", "XX"] = Field("X", description="原文未披露时的写法：X 或 XX")
    thousands_separator: bool = Field(
        False, strict=True, description="原文的数字带千分位逗号（如 3,000）时写 true，网页上照原样显示")
    change_note: NonEmptyText | None = Field(
        None, description="与上一期相比，这个键的名称或单位变了时，写明原因；否则不写")

    @property
    def shown(self) -> str:
        """What the text shows: the value as the original writes it, or its X."""
        return self.placeholder if self.value is None else format_number(self.value, self.thousands_separator)

    @field_validator("value", mode="before")
    @classmethod
    def _is_number(cls, value: object) -> object:
        if value is None:
            return None
        if value == "":
            raise PydanticCustomError("blank", BLANK_MESSAGE)
        if isinstance(value, bool):
            raise PydanticCustomError(
                "figure_not_number",
                "应为数字（例如 12 或 98.5），现在写的是 yes/no/true/false 这类“是/否”的值；原文未披露的写 null。",
            )
        if isinstance(value, str) and (looks_like_number(value) or full_width_problem(value.strip())):
            raise PydanticCustomError("figure_not_number", quoted_number_message(value))
        if not isinstance(value, (int, float)):
            raise PydanticCustomError(
                "figure_not_number",
                "应为数字（例如 12 或 98.5），不能写成汉字或带单位；原文未披露的写 null。现在写的是“{got}”。",
                {"got": value},
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise PydanticCustomError("figure_not_number", "应为普通的数字，现在写的是“{got}”。", {"got": value})
        return value

    @field_validator("value")
    @classmethod
    def _fits_unit(cls, value: int | float | None, info: ValidationInfo) -> int | float | None:
        unit = info.data.get("unit")
        if value is None or unit is None:
            return value
        if value < 0:
            raise PydanticCustomError("figure_negative", "不能是负数，现在写的是 {got}。", {"got": value})
        if unit in PERCENT_UNITS and value > 100:
            raise PydanticCustomError("figure_over_100", "百分比不能超过 100，现在写的是 {got}。", {"got": value})
        return value


class Name(_Strict):
    """A name the original redacted (X市, X大学 …)."""

    model_config = ConfigDict(json_schema_extra={"description": "原文隐去的一个名称（X市、X大学……）"})  # data/schema.json

    label: NonEmptyText = Field(description="这是什么名称，例如“市名”")
    value: NonEmptyText | None = Field(description="真实名称；原文隐去的写 null")
    placeholder: Literal["X", "XX"] = Field("X", description="原文隐去时的写法：X 或 XX")
    change_note: NonEmptyText | None = Field(
        None, description="与上一期相比，这个键的名称变了时，写明原因；否则不写")

    @property
    def shown(self) -> str:
        """What the text shows: the name, or the original's X."""
        return self.placeholder if self.value is None else self.value


class Rate(_Strict):
    """A rate the original gives together with the count it is computed from."""

    model_config = ConfigDict(json_schema_extra={"description": "原文同时给出的比率和它所依据的人数"})  # data/schema.json

    rate: NonEmptyText = Field(description="比率的键，单位须为 %")
    count: NonEmptyText = Field(description="人数（或件数）的键")
    base: int | None = Field(None, strict=True, ge=1, description="总数（分母）；不知道的写 null")
    base_label: NonEmptyText = Field(description="总数是什么，例如“机关党员总数”")


class SummaryMeta(_Strict):
    """What the archive records about the summary as a document."""

    model_config = ConfigDict(json_schema_extra={"description": "总结本身的信息：标题、发文单位、成文日期、状态"})  # data/schema.json

    title: NonEmptyText = Field(description="总结的标题，与原文第一行一致")
    unit: NonEmptyText = Field(description="发文单位；原文隐去的名称写成 {键名}，例如 {city}市{bureau}局机关党委")
    issued: Annotated[dt.date | str | None, WithJsonSchema({"anyOf": [
        {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$"}, {"type": "null"}]})] = Field(
        description="成文日期，写成 2020-07-10 或 2020-07；原文未注明的写 null")
    status: Literal["final", "draft"] = Field(description="final（定稿）或 draft（草稿）")
    headline: list[NonEmptyText] = Field(
        default_factory=_no_entries, description="在档案首页列出的几个主要数字的键，例如 [donors, donation_rate]")

    @field_validator("issued", mode="before")
    @classmethod
    def _is_date(cls, value: object) -> object:
        if value is None or type(value) is dt.date:
            return value
        if value == "":
            raise PydanticCustomError("blank", BLANK_MESSAGE)
        if isinstance(value, str):
            if re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", value):
                return value
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    raise PydanticCustomError(
                        "bad_date", "日期“{got}”不存在，请核对月份和日子。", {"got": value}
                    ) from None
        raise PydanticCustomError(
            "bad_date", "日期应写成 2020-07-10 或 2020-07，现在写的是“{got}”。", {"got": value}
        )


class AcceptedFinding(_Strict):
    """A proofreading finding reviewed and kept, because the original says so (校对检查)."""

    model_config = ConfigDict(json_schema_extra={"description": "一条已复核、按原文保留的校对发现"})  # data/schema.json

    words: NonEmptyText = Field(description="校对检查报告的字句，照抄引号里的内容，例如“三中、三中”")
    reason: NonEmptyText = Field(description="为什么保留，例如“原文如此，档案照录”")


class Proofread(_Strict):
    """What the proofreading checks need to know about this summary."""

    model_config = ConfigDict(json_schema_extra={"description": "校对检查需要知道的本期信息"})  # data/schema.json

    accepted: list[AcceptedFinding] = Field(default_factory=_no_entries, description="已复核、按原文保留的校对发现")


# Keys of figures and names, for editors' tools (data/schema.json); the validator below says it in Chinese.
_KEYS = {"propertyNames": {"pattern": KEY_PATTERN.pattern}}


class SummaryData(_Strict):
    """Everything in one `data/<period>.yml`."""

    model_config = ConfigDict(json_schema_extra={"description": "一期总结的数据文件 data/<期次>.yml：数字、隐去的名称和总结本身的信息"})  # data/schema.json

    summary: SummaryMeta = Field(description="总结本身的信息（标题、单位、日期、状态）")
    names: dict[str, Name] = Field(default_factory=dict, description="原文隐去的名称", json_schema_extra=_KEYS)
    figures: dict[str, Figure] = Field(description="正文中的数字", json_schema_extra=_KEYS)
    rates: list[Rate] = Field(default_factory=_no_entries, description="比率与人数的对应关系")
    proofread: Proofread = Field(default_factory=Proofread, description="校对检查：已复核、按原文保留的发现")

    @field_validator("names", "figures")
    @classmethod
    def _keys_are_simple(cls, entries: dict) -> dict:
        for key in entries:
            if not KEY_PATTERN.match(key):
                raise PydanticCustomError(
                    "bad_key",
                    BAD_KEY_MESSAGE,
                    {"key": key},
                )
        return entries


# The models in the order a key path walks through them, so that messages can list the
# keys allowed at the place where an unknown one was written.
def model_at(path: tuple) -> type[BaseModel] | None:
    """The model whose fields are allowed at the parent of key path `path`."""
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
