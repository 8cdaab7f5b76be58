"""How a number must be written in a data file, and what to write instead of anything else.

A figure is written as an editor reads it: `12`, `-3`, `98.5`. YAML 1.1 (PyYAML) also reads
`012` as octal 10, `1:30` as 90, `0x1F` as 31 and `1_000` as 1000, and YAML 1.2 reads `1e3`
as 1000.0; none of these is how a summary writes a number, so each is refused with the plain
writing the editor most likely meant (the yaml_loader's resolver uses the patterns below).
"""

from __future__ import annotations

import re
import unicodedata

# The only number writings read as numbers: YAML 1.2 core without exponent, sign "+" or ".5".
PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)", re.ASCII)
PLAIN_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+", re.ASCII)

# Everything YAML 1.1 or 1.2 (or a spreadsheet) would take for a number.
LOOKS_NUMERIC = re.compile(r"""[-+]?(?:
      0[xX][0-9a-fA-F_]+ | 0[oO][0-7_]+ | 0[bB][01_]+                 # hex, octal, binary
    | [0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?                     # sexagesimal 1:30
    | [0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?                           # thousands 3,000
    | [0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?                  # 012, 1_000, 12., 1e3
    | \.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?                              # .5
)""", re.ASCII | re.VERBOSE)

_FULL_WIDTH = re.compile(r"[\uff10-\uff19\uff0b\uff0d\uff0e\uff0c]")  # ０-９ ＋ － ． ，


def is_plain_number(text: str) -> bool:
    return bool(PLAIN_INT.fullmatch(text) or PLAIN_FLOAT.fullmatch(text))


def plain_writing(written: str) -> str | None:
    """`012` -> `12`, `0x1F` -> `31`, `1_000` -> `1000`, `.5` -> `0.5`; None when no number is meant."""
    text = written.strip().replace("_", "")
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("+-")
    try:
        if re.fullmatch(r"0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+", text):
            return sign + str(int(text, 0))
        if ":" in text:
            return None  # a time or a score, not a count: no guess
        text = text.replace(",", "")
        if re.fullmatch(r"[0-9]+", text):
            return sign + str(int(text))
        value = float(text)
    except ValueError:
        return None
    if "e" in text.lower():
        return sign + (str(int(value)) if value.is_integer() else repr(value))
    whole, _, fraction = text.partition(".")
    return sign + str(int(whole or "0")) + (f".{fraction}" if fraction else "")


def number_problem(written: str) -> str:
    """The message for a plain value that looks like a number but is not written as one."""
    fixed = plain_writing(written)
    text = written.lstrip("+-")
    if ":" in text:
        return (f"“{written}”不是有效的数字写法（YAML 会把它当作六十进制读成别的数）。数字只写阿拉伯数字和小数点，"
                f"如 12 或 98.5；若是时间、比分等文字，请加引号写成 \"{written}\"。")
    if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", text):
        return (f"“{written}”不是有效的数字写法，请写成 {fixed}（不加千分位逗号）；"
                "原文带千分位逗号的，另加一行 thousands_separator: true。")
    why = ""
    if re.match(r"0[xXoObB]", text):
        why = "（这是十六进制、八进制或二进制的写法）"
    elif re.fullmatch(r"0[0-9_]+(\.[0-9_]*)?", text):
        why = "（数字前面不能多写 0：YAML 会把 010 当作八进制，读成 8）"
    return f"“{written}”不是有效的数字写法，请写成 {fixed}{why}。" if fixed is not None else (
        f"“{written}”不是有效的数字写法。数字只写阿拉伯数字和小数点，如 12 或 98.5。")


def full_width_problem(written: str) -> str | None:
    """The message for a number written with full-width digits (１２), None for anything else."""
    if not isinstance(written, str) or not _FULL_WIDTH.search(written):
        return None
    half = unicodedata.normalize("NFKC", written).strip()
    if not LOOKS_NUMERIC.fullmatch(half):
        return None
    fixed = half if is_plain_number(half) else plain_writing(half)
    if fixed is None:
        return None
    return f"“{written}”用了全角数字。请用半角（英文输入法下的）数字写成 {fixed}，不加引号。"
