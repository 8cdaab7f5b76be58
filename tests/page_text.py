"""Reads what a reader sees in a built page's article: its text and its figures, in order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

SKIPPED_CLASSES = {"archive-added", "headerlink"}
VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr"}


@dataclass
class ArticleText:
    text: str = ""                                            # the original's text as rendered
    marks: list[tuple[str, str]] = field(default_factory=list)  # (data-key, shown text) of fig/name spans
    added: list[str] = field(default_factory=list)            # text of elements the archive adds


class _ArticleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = ArticleText()
        self._stack: list[tuple[str, str | None, str | None]] = []  # (tag, role, key)
        self._in_article = 0
        self._buffers: dict[str, list[str]] = {}

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
