"""The one error type the archive raises for anything an editor got wrong.

Every message is in Chinese and names the file, and where known the line and the key,
so that an editor can find and fix the problem without reading any code.
"""

from __future__ import annotations


class ArchiveError(Exception):
    """A problem in data/ or docs/ that must stop the build."""

    def __init__(self, message: str, *, file: str, line: int | None = None, key: str | None = None):
        self.message = message
        self.file = file
        self.line = line
        self.key = key
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" 第 {self.line} 行"
        if self.key:
            where += f"，键 {self.key}"
        return f"{where}：{self.message}"


def closest(word: str, choices, cutoff: float = 0.6) -> str | None:
    """The choice most like `word` (a misspelt key or macro name), for “是否想写……”; None if none is close."""
    import difflib  # noqa: PLC0415 - only when there is a mistake to explain, not in every build

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None
