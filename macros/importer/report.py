"""What the import did to the received text, told to the editor line by line in Chinese.

Nothing is dropped or moved silently: every removal names its line (of original.txt) and
the words removed. Frequent, harmless repairs (zero-width characters, lines joined back
into their paragraph) are listed as line ranges so that the list stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Report:
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line, what was done)
    notes: list[str] = field(default_factory=list)              # about the whole document
    zero_width_lines: dict[int, int] = field(default_factory=dict)
    joined_lines: list[int] = field(default_factory=list)

    def line(self, number: int, message: str) -> None:
        self.lines.append((number, message))

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def zero_width(self, number: int, count: int) -> None:
        self.zero_width_lines[number] = count

    def joined(self, number: int) -> None:
        self.joined_lines.append(number)

    def render(self) -> list[str]:
        out = [f"第 {number} 行：{message}" for number, message in sorted(self.lines, key=lambda item: item[0])]
        if self.zero_width_lines:
            total = sum(self.zero_width_lines.values())
            out.append(f"第 {ranges(self.zero_width_lines)} 行：已删去零宽字符（网页或 Word 中看不见的字符），共 {total} 个")
        if self.joined_lines:
            out.append(f"第 {ranges(self.joined_lines)} 行：原文在句中断行，已接回上一行（段落文字不变）")
        return out + self.notes


def ranges(numbers) -> str:
    """[3, 4, 5, 9] -> "3–5、9"."""
    ordered = sorted(set(numbers))
    parts, start = [], None
    for index, number in enumerate(ordered):
        if start is None:
            start = number
        if index + 1 == len(ordered) or ordered[index + 1] != number + 1:
            parts.append(str(start) if start == number else f"{start}–{number}")
            start = None
    return "、".join(parts)
