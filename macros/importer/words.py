"""Chinese words for labels and keys: jieba splits text into words, pypinyin spells them.

The words are the archive's (macros/archive/vocabulary.py `segmenter`): jieba with the Party-work
vocabulary of the project being imported into, the same words as the search index and 打印版. The
project is set for an import with `vocabulary_of(root)`; by default it is the one this package is in.

A quotation or a title (“…”, 《…》) counts as one word, so that a label never cuts one in half.
Keys are the words' pinyin joined by underscores (组织党员捐款, 人 -> zuzhi_dangyuan_juankuan_ren):
readable to an editor, plain ASCII, and the same every time the same words are imported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from ..archive.vocabulary import segmenter

_ATOMIC = re.compile(r"“[^”]*”|《[^》]*》|[（(][^）)]*[）)]")
_UNIT_KEYS = {"%": "pct", "％": "pct"}


_PROJECT: ContextVar[Path] = ContextVar("project", default=Path(__file__).resolve().parents[2])


@contextmanager
def vocabulary_of(root: Path) -> Iterator[None]:
    """Within this block, words are split with the vocabulary of the project at `root`."""
    token = _PROJECT.set(root)
    try:
        yield
    finally:
        _PROJECT.reset(token)


def words(text: str) -> list[str]:
    """`text` as words, quotations and bracketed phrases kept whole."""
    out: list[str] = []
    position = 0
    for match in _ATOMIC.finditer(text):
        out += _split(text[position:match.start()])
        out.append(match.group())
        position = match.end()
    return out + _split(text[position:])


def _split(text: str) -> list[str]:
    return [word for word in segmenter(_PROJECT.get()).lcut(text) if word.strip()] if text else []


def spelled(word: str) -> str:
    """A word in pinyin without tones, ASCII letters and digits only: 捐款 -> juankuan."""
    if word in _UNIT_KEYS:
        return _UNIT_KEYS[word]
    from pypinyin import lazy_pinyin

    return re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(word)).lower())


def key_from(parts: list[str], limit: int = 40) -> str:
    """A key from words (the last ones kept if it would be too long); never empty."""
    spelled_parts = [s[:16] for s in (spelled(p) for p in parts) if s]  # a long title: its first syllables
    while len(spelled_parts) > 1 and len("_".join(spelled_parts)) > limit:
        spelled_parts.pop(0)
    key = "_".join(spelled_parts)[:limit].strip("_")
    if not key:
        return "item"
    return key if key[0].isalpha() else f"n{key}"
