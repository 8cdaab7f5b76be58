"""The Party-work vocabulary of the search (data/search-terms.txt): read it, check it, give it to jieba.

The same list serves twice: jieba keeps each term whole when Material's search plugin splits the pages
into words for the index, and the search worker in the browser keeps each term whole when it splits a
query (macros/search_hook.py writes the list into the index for it). How search works: README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArchiveError

TERMS_FILE = "data/search-terms.txt"
MIN_LENGTH, MAX_LENGTH = 2, 20
MAX_BYTES = 100_000  # about 3,000 terms; jieba is given every one at each build
_HAN_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")


@dataclass(frozen=True)
class Term:
    text: str
    line: int


def parse_terms(text: str, shown: str = TERMS_FILE) -> list[Term]:
    """The terms of a vocabulary file's text, in file order. One term a line; `#` starts a comment."""
    seen: dict[str, int] = {}
    terms = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        term = line.split("#", 1)[0].strip()
        if not term:
            continue
        if any(c.isspace() for c in term):
            raise ArchiveError(
                f"一行只能写一个词，词里不能有空格：“{term}”。两个词请分成两行写。", file=shown, line=number)
        if not _HAN_ONLY.match(term):
            odd = "".join(sorted({c for c in term if not _HAN_ONLY.match(c)}))
            raise ArchiveError(
                f"“{term}”里有“{odd}”：词表中的词只能由汉字组成（不要加引号、书名号或其他标点）。",
                file=shown, line=number)
        if not MIN_LENGTH <= len(term) <= MAX_LENGTH:
            raise ArchiveError(
                f"“{term}”有 {len(term)} 个字：词表中的词应为 {MIN_LENGTH} 到 {MAX_LENGTH} 个字。",
                file=shown, line=number)
        if term in seen:
            raise ArchiveError(f"“{term}”重复了：第 {seen[term]} 行已经有这个词，请删去一行。", file=shown, line=number)
        seen[term] = number
        terms.append(Term(term, number))
    return terms


def load_terms(root: Path) -> list[Term]:
    """The project's vocabulary. A missing file is an error: search without it splits Party terms apart."""
    path = root / TERMS_FILE
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ArchiveError("缺少搜索词表。请恢复这个文件（每行一个党务工作用语），见 data/README.md。",
                           file=TERMS_FILE) from None
    if len(raw) > MAX_BYTES:
        raise ArchiveError(f"搜索词表太大（超过 {MAX_BYTES // 1000} KB，约 3000 个词）。词表只收党务工作中的固定说法，"
                           "请检查是否放错了文件。", file=TERMS_FILE)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ArchiveError("文件不是 UTF-8 编码，请用 UTF-8 保存。", file=TERMS_FILE) from None
    return parse_terms(text.replace("\r\n", "\n"), TERMS_FILE)


_given_to_jieba: set[str] = set()


def give_to_jieba(terms: list[Term]) -> None:
    """Make jieba keep every term whole. Terms removed since the last build (under `mkdocs serve`) are
    taken back, so that the dictionary is always the file's."""
    import jieba

    wanted = {t.text for t in terms}
    for word in _given_to_jieba - wanted:
        jieba.del_word(word)
    for term in terms:
        jieba.add_word(term.text)
        if list(jieba.cut(term.text)) != [term.text]:
            jieba.suggest_freq(term.text, tune=True)
    _given_to_jieba.clear()
    _given_to_jieba.update(wanted)
