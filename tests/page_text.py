"""Reads what a reader sees in a built page's article: its text and its figures, in order.

Also the fidelity check (principle 1) shared by the tests of the archive and of the import:
`assert_faithful` compares a summary's rendered pages with the text it was made from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

SKIPPED_CLASSES = {"archive-added", "headerlink", "md-source-file"}  # md-source-file: the page's dates (git)
VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr"}


@dataclass
class ArticleText:
    text: str = ""                                            # the original's text as rendered
    marks: list[tuple[str, str]] = field(default_factory=list)  # (data-key, shown text) of fig/name spans
    mark_spans: list[tuple[int, int]] = field(default_factory=list)  # where each mark stands in `text`
    added: list[str] = field(default_factory=list)            # text of elements the archive adds


class _ArticleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = ArticleText()
        self._stack: list[tuple[str, str | None, str | None]] = []  # (tag, role, key)
        self._in_article = 0
        self._buffers: dict[str, list[str]] = {}
        self._starts: dict[int, int] = {}  # stack depth of an open mark -> its start in the text

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._in_article += 1
        if not self._in_article or tag in VOID:
            return
        classes = set((attrs.get("class") or "").split())
        role = None
        if classes & {"archive-added"}:
            role = "added"
        elif classes & SKIPPED_CLASSES or tag in ("script", "style"):
            role = "skip"
        elif "data-key" in attrs and classes & {"fig", "redacted"}:
            role = "mark"
        self._stack.append((tag, role, attrs.get("data-key")))
        if role in ("added", "mark"):
            self._buffers[f"{role}{len(self._stack)}"] = []
        if role == "mark":
            self._starts[len(self._stack)] = len(self.result.text)

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1
            return
        if not self._in_article or tag in VOID or not self._stack:
            return
        depth = len(self._stack)
        open_tag, role, key = self._stack.pop()
        if role == "added":
            self.result.added.append("".join(self._buffers.pop(f"added{depth}")).strip())
        elif role == "mark" and not any(r in ("added", "skip") for _, r, _ in self._stack):
            self.result.marks.append((key, "".join(self._buffers.pop(f"mark{depth}"))))
            self.result.mark_spans.append((self._starts.pop(depth), len(self.result.text)))

    def handle_data(self, data):
        if not self._in_article:
            return
        roles = [role for _, role, _ in self._stack]
        if "skip" in roles:
            return
        for index, (_, role, _) in enumerate(self._stack, 1):
            if role in ("added", "mark") and f"{role}{index}" in self._buffers:
                self._buffers[f"{role}{index}"].append(data)
        if "added" in roles:
            return
        self.result.text += data


def article_text(html_file: Path) -> ArticleText:
    parser = _ArticleParser()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser.result


def squeeze(text: str) -> str:
    """Text with all white space removed: fidelity ignores layout, not characters."""
    return re.sub(r"\s+", "", text)


def page_html(site: Path, docs_path: str) -> Path:
    """The built HTML file of a docs-relative Markdown path (use_directory_urls)."""
    stem = docs_path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return site / (stem[: -len("index")] + "index.html")
    return site / stem / "index.html"


# --- Fidelity: the rendered summary shows the text it was made from ---------------------

REDACTION = re.compile(r"(?<![A-Za-z])X+(?![A-Za-z])")  # a redaction mark of the original


def rendered_summary(site: Path, root: Path, period: str):
    """The summary and its text pages' articles in reading order, read back from the built site."""
    from macros.archive.catalog import load_archive

    summary = load_archive(root).summaries[period]
    return summary, [article_text(page_html(site, page)) for page in summary.text_pages]


def fidelity_problem(articles: list[ArticleText], original: str) -> str | None:
    """None when the articles show `original` character for character, white space aside.

    Between marks, the text must be the original's. A mark (a figure or a name from data)
    stands either where the original has an X (whatever data now shows for it) or where the
    original has exactly what the mark shows (a number the original gives). An undisclosed
    mark shows the original's X or XX itself. No X of the original may be plain text.
    """
    wanted, at = squeeze(original), 0

    def literal(segment: str) -> str | None:
        nonlocal at
        segment = squeeze(segment)
        if REDACTION.search(_without_x_terms(segment)):
            return f"an X not taken from data: …{segment[:40]}…"
        if not wanted.startswith(segment, at):
            differs = next((i for i, (a, b) in enumerate(zip(segment, wanted[at:], strict=False)) if a != b), len(segment))
            return (f"text differs at {at + differs}:\n rendered …{segment[max(0, differs - 30):differs + 30]}…"
                    f"\n expected …{wanted[at + max(0, differs - 30):at + differs + 30]}…")
        at += len(segment)
        return None

    for article in articles:
        cursor = 0
        for (key, shown), (start, end) in zip(article.marks, article.mark_spans, strict=True):
            problem = literal(article.text[cursor:start])
            if problem:
                return problem
            shown = squeeze(shown)
            redaction = REDACTION.match(wanted, at)
            if REDACTION.fullmatch(shown):  # undisclosed: shows the original's own X or XX
                if not redaction or redaction.group() != shown:
                    return f"mark {key} shows {shown}, the original has …{wanted[at:at + 20]}…"
                at = redaction.end()
            elif redaction:
                at = redaction.end()  # data gives the value the original left out
            elif wanted.startswith(shown, at):
                at += len(shown)
            else:
                return f"mark {key} shows {shown}, the original has …{wanted[at:at + 20]}…"
            cursor = end
        problem = literal(article.text[cursor:])
        if problem:
            return problem
    if at != len(wanted):
        return f"the original goes on after the rendered text: …{wanted[at:at + 40]}…"
    return None


def _without_x_terms(text: str) -> str:
    """The text without the terms whose X is no redaction (“1+X”, X射线: data/x-terms.txt)."""
    from macros.archive.word_lists import built_in_word_lists

    for term in built_in_word_lists().x_terms:
        text = text.replace(term, "")
    return text


def assert_faithful(site: Path, root: Path, period: str, original: str | None = None) -> None:
    """The summary's pages show `original` (default: its original.txt), paragraphs in order."""
    import pytest

    if original is None:
        original = (root / "docs" / period / "original.txt").read_text(encoding="utf-8")
    _, articles = rendered_summary(site, root, period)
    problem = fidelity_problem(articles, original)
    if problem:
        pytest.fail(f"{period}: {problem}")
