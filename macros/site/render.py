"""HTML for what the macros put into pages. Pure functions of the data: no MkDocs here.

Every piece of text taken from data is escaped, for HTML and for Markdown, so that a name
like `<script>` or `*重要*` shows exactly as written.
"""

from __future__ import annotations

import html
import re

from ..archive.consistency import UNIT_PLACEHOLDER
from ..archive.periods import chinese_date, period_months, period_title
from ..archive.schema import Figure, Name, SummaryData

ADDED = "archive-added"  # class of everything the archive adds around the original's text
STATUS_NAMES = {"final": "定稿", "draft": "草稿"}
EDIT_TEXT = "修改这个数字"  # the link from a figure to its line in data/
# Characters that HTML or Markdown would read as markup, written as numeric entities.
_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}#|~!$"})


def text(value: object) -> str:
    """Escape a value from data so that neither HTML nor Markdown interprets it."""
    return str(value).translate(_ESCAPES)


def attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def figure_anchor(key: str) -> str:
    """The id of a figure's first use on its page, which 数字一览 links to."""
    return f"fig-{key}"


def figure_html(key: str, figure: Figure, anchor: bool = False, edit_href: str | None = None) -> str:
    """A figure in the text; with `edit_href`, its tooltip offers 修改这个数字 (the line in data/)."""
    id_attr = f'id="{figure_anchor(key)}" ' if anchor else ""
    if figure.value is None:
        shown = (f'<span {id_attr}class="fig fig-undisclosed" data-key="{attr(key)}" '
                 f'title="原文未披露：{attr(figure.label)}（单位：{attr(figure.unit)}）">{figure.placeholder}</span>')
    else:
        shown = (f'<span {id_attr}class="fig" data-key="{attr(key)}" '
                 f'title="{attr(figure.label)}：{attr(figure.shown)}{attr(figure.unit)}">{text(figure.shown)}</span>')
    return shown + (edit_link_html(edit_href, figure.label) if edit_href else "")


def edit_link_html(href: str, label: str) -> str:
    """The link beside a figure: shown (CSS) when the figure is pointed at or the link has focus.

    Its words come from CSS and aria-label, not from a text node, so that the page's text, its
    search index and the print view stay the original's.
    """
    return (f'<a class="fig-edit {ADDED}" href="{attr(href)}" title="{EDIT_TEXT}：{attr(label)}" '
            f'aria-label="{EDIT_TEXT}：{attr(label)}"></a>')


def name_html(key: str, name: Name) -> str:
    if name.value is None:
        return (f'<span class="redacted redacted-undisclosed" data-key="{attr(key)}" '
                f'title="原文隐去的名称：{attr(name.label)}">{name.placeholder}</span>')
    return f'<span class="redacted" data-key="{attr(key)}" title="{attr(name.label)}">{text(name.value)}</span>'


def unit_html(data: SummaryData) -> str:
    """The issuing unit, with its redacted names rendered like any other name."""
    parts = re.split(UNIT_PLACEHOLDER, data.summary.unit)
    # re.split with one group alternates: literal, key, literal, key, …
    return "".join(text(part) if i % 2 == 0 else name_html(part, data.names[part]) for i, part in enumerate(parts))


def issued_html(data: SummaryData) -> str:
    issued = data.summary.issued
    if issued is None:
        return '<span class="fig-undisclosed" title="原文没有写成文日期">原文未注明</span>'
    return text(chinese_date(issued))


def summary_meta_html(period: str, data: SummaryData) -> str:
    rows = [
        ("发文单位", unit_html(data)),
        ("时期", f"{period_title(period)}（{period_months(period)}）"),
        ("成文日期", issued_html(data)),
        ("状态", STATUS_NAMES[data.summary.status]),
    ]
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<dl class="summary-meta {ADDED}">{items}</dl>'


def contents_markdown(links: list[tuple[str, str]], original_link: str) -> str:
    """The landing page's list of parts, as Markdown so that MkDocs checks every link."""
    lines = [f'<nav class="summary-contents {ADDED}" aria-label="本期目录" markdown="1">', "",
             "**本期目录**", ""]
    lines += [f"1. [{text(title)}]({target})" for title, target in links]
    lines += ["", f"[查看原文（按收到时的样子保存）]({original_link}){{ .original-link }}", "", "</nav>"]
    return "\n".join(lines)


def original_text_html(original: str, raw_link: str) -> str:
    return (f'<div class="original {ADDED}"><p>以下是本期总结收到时的原文，一字未改。'
            f'<a href="{attr(raw_link)}" download>下载原文（纯文本，UTF-8）</a></p>'
            f'<pre class="original-text">{html.escape(original)}</pre></div>')


def period_links_markdown(previous: str | None, following: str | None) -> str:
    """Links to the summaries before and after this one, as Markdown so that MkDocs checks them."""
    before = f"[← 上一期：{period_title(previous)}](../{previous}/index.md)" if previous else "这是档案中最早的一期"
    after = f"[下一期：{period_title(following)} →](../{following}/index.md)" if following else "这是档案中最新的一期"
    return (f'<nav class="period-nav {ADDED}" aria-label="前后各期" markdown="1">\n\n{before}　　{after}\n\n</nav>')
