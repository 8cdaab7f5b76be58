"""打印版: the whole summary on one page, laid out like an official document (GB/T 9704).

The text pages are joined in reading order with their headings one level down (the summary's
title is the page's only h1), the archive's own additions left out (facts, contents, the
closing paragraph's added title) and every figure as plain text, X where not disclosed.
The title may break only between words (jieba's, marked with <wbr>). The unit and the date
close the document, as a signature; where the original gives no date, none is printed (the
archive adds nothing the original lacks). Layout: docs/assets/print.css. Above the
document, for the screen only: a link back to the summary and the link to its PDF.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..archive.catalog import Summary
from ..archive.page_check import check_page
from ..archive.page_language import heading_of, read_page
from ..archive.periods import chinese_date
from ..archive.vocabulary import segmenter
from .pdf_link import pdf_link_html
from .render import ADDED, text

_SIGNATURE = re.compile(r"^[^\n]*\n\{ \.signature \}[ \t]*$", re.M)  # a paragraph marked { .signature }


def print_markdown(summary: Summary, root: Path, pdf_href: str) -> str:
    """打印版 of `summary` in the project at `root`."""
    docs = root / "docs"
    pages = summary.text_pages
    parts = []
    for index, page in enumerate(pages):
        shown_as = f"docs/{page}"
        parsed = check_page(read_page(docs / page, shown_as), shown_as)
        source = parsed.render(lambda call: _plain(summary, call.name, call.key))
        source = "\n".join(line for line in source.split("\n") if f".{ADDED}" not in line)
        source = _SIGNATURE.sub("", source)  # the original's own signature (an import keeps it): printed below
        parts.append("\n".join(_printed_headings(source.split("\n"), index == 0, root)).strip())
    body = "\n\n".join(parts) + "\n\n" + signature_html(summary)
    return actions_markdown(summary, pdf_href) + f'\n\n<div class="gw-document" markdown="1">\n\n{body}\n\n</div>'


def _printed_headings(lines: list[str], landing: bool, root: Path) -> list[str]:
    """The landing page's title stays h1, with word breaks; every other page's headings go one level down."""
    titled = False
    for number, line in enumerate(lines):
        heading = heading_of(line)
        if heading is None:
            continue
        level, _ = heading
        if not landing and level <= 5:
            lines[number] = "#" + line
        elif landing and level == 1 and not titled and line.startswith("# "):
            lines[number] = "# " + title_with_word_breaks(line[2:], root)
            titled = True
    return lines


def actions_markdown(summary: Summary, pdf_href: str) -> str:
    """For the screen: back to the summary, and its PDF (shown once it exists)."""
    pdf = pdf_link_html(summary.period, summary.data.summary.title, pdf_href)
    return (f'<div class="gw-actions {ADDED}" markdown="1">\n\n[← 返回本期首页](index.md)\n\n{pdf}\n\n</div>')


def print_links_markdown(pdf_link: str) -> str:
    """For the landing page: the print view and the PDF."""
    return (f'<div class="summary-print {ADDED}" markdown="1">\n\n'
            f'[打印版](print.md)：整篇总结按公文格式（GB/T 9704）排版，可直接打印。\n\n{pdf_link}\n\n</div>')


def _is_han(char: str) -> bool:
    """A Chinese character (U+3400 to U+9FFF). Compared, not matched with a pattern: compiling the character
    class [\u3400-\u9fff] costs every build about 3 ms."""
    return "\u3400" <= char <= "\u9fff"


def title_with_word_breaks(title: str, root: Path) -> str:
    """The title with <wbr> between its Chinese words (the archive's, with the vocabulary of the project at
    `root`: the same words as the search index), the only places print.css lets it break."""
    words = [word for word in segmenter(root).cut(title) if word]
    pieces = [words[0]] if words else []
    for before, word in zip(words, words[1:]):
        between_words = _is_han(before[-1]) and _is_han(word[0])
        pieces.append(("<wbr>" if between_words else "") + word)
    return "".join(pieces)


def _plain(summary: Summary, name: str, key: str | None) -> str:
    data = summary.data
    if name == "fig":
        return text(data.figures[key].shown)
    if name == "name":
        return text(data.names[key].shown)
    return ""  # summary_meta(), contents(): the archive's, not the document's


def signature_html(summary: Summary) -> str:
    data = summary.data
    unit = re.sub(r"\{(\w+)\}", lambda m: data.names[m[1]].value or data.names[m[1]].placeholder,
                  data.summary.unit)
    lines = f"<p>{text(unit)}</p>"
    if data.summary.issued:  # an undated original stays undated
        lines += f"<p>{text(chinese_date(data.summary.issued))}</p>"
    return f'<div class="gw-signature {ADDED}">{lines}</div>'
