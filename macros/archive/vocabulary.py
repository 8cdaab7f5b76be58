"""The Party-work vocabulary (data/search-terms.txt): read it, check it, and split Chinese into words with it.

The same list serves twice: jieba keeps each term whole wherever the archive splits text into words
(`segmenter`: the search index, 打印版's title, the importer's keys), and the search worker in the browser
keeps each term whole when it splits a query (macros/site/search_hook.py writes the list into the index
for it). How search works: README.md.
"""

from __future__ import annotations

import marshal
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArchiveError
from .text_files import read_text_file

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
    if not path.is_file():
        raise ArchiveError("缺少搜索词表。请恢复这个文件（每行一个党务工作用语），见 data/README.md。", file=TERMS_FILE)
    text = read_text_file(path, TERMS_FILE, MAX_BYTES,
                          "搜索词表只收党务工作中的固定说法（约 3000 个词以内），请检查是否放错了文件。")
    return parse_terms(text, TERMS_FILE)


_segmenters: dict[tuple[str, ...], object] = {}  # vocabulary -> its jieba.Tokenizer


def segmenter(root: Path):
    """jieba's word splitter for the project at `root`, keeping every term of its vocabulary whole.

    The one way the archive splits Chinese into words: the search index (macros/site/search_hook.py hands
    it to Material's search plugin), 打印版's line breaks (macros/site/print_view.py) and the importer's
    labels and keys (macros/importer/words.py). It is a `jieba.Tokenizer` of its own, never jieba's
    process-wide one, so the words depend only on the vocabulary, not on what else ran first in the
    process. Made once per process and vocabulary (jieba spends about half a second loading its
    dictionary); an edited vocabulary (under `mkdocs serve`) makes a new one."""
    terms = _current_terms(root)
    found = _segmenters.get(terms)
    if found is None:
        import logging

        try:
            import jieba
        except ImportError:
            raise ArchiveError("缺少中文分词库 jieba，无法把中文分成词语。请先运行 README 中的安装命令。",
                               file="requirements.txt") from None
        jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict…" on every build
        jieba.marshal = _WholeFileMarshal  # the module jieba reads its dictionary's cache with (see below)
        found = jieba.Tokenizer()
        for term in terms:
            found.add_word(term)
            if list(found.cut(term)) != [term]:
                found.suggest_freq(term, tune=True)
        if len(_segmenters) >= 4:  # under `mkdocs serve`, old vocabularies are not kept alive
            _segmenters.clear()
        _segmenters[terms] = found
    return found


class _WholeFileMarshal:
    """What jieba calls `marshal` when it loads its dictionary: the same, but the cache file is read whole.

    jieba loads its 9 MB cache (in the temporary folder) with `marshal.load(file)`, which reads the file a few bytes
    at a time, once for each of its half a million words: jieba's set-up took 0.8 to 1.0 s of CPU in every build on
    our two-core machine, and takes 0.2 s with `marshal.loads(file.read())`, the same data (tests/test_search_terms.py)."""

    dump = staticmethod(marshal.dump)

    @staticmethod
    def load(file):
        return marshal.loads(file.read())


_read: dict[Path, tuple[tuple[int, int], tuple[str, ...]]] = {}  # vocabulary file -> (its stat, its terms)


def _current_terms(root: Path) -> tuple[str, ...]:
    """The vocabulary's terms, read again only when the file changed (打印版 asks once per summary)."""
    path = Path(root).resolve() / TERMS_FILE
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None
    if stamp is not None and path in _read and _read[path][0] == stamp:
        return _read[path][1]
    terms = tuple(t.text for t in load_terms(root))
    if stamp is not None:
        _read[path] = (stamp, terms)
    return terms
