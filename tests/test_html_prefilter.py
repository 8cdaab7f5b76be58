"""The rendered content's pre-filter (macros/site/html_safety.py, _surely_inert) never lets through what the full
check refuses: wherever it says "passes", html.parser's reading of the page finds nothing to refuse either.

Each case is judged both ways: the pre-filter, and the full check alone (_check_rendered_elements). A case the
pre-filter clears must pass the full check; check_rendered_html as a whole must refuse exactly what the full check
refuses, with the same message.
"""

from __future__ import annotations

import re
import sys

import pytest

from macros.errors import ArchiveError
from macros.site import html_safety
from macros.site.html_safety import check_rendered_html

OWN = frozenset({"archive.example.org"})

CASES = [
    # ordinary content: passes, mostly without the full parse
    '<p>正文 <a href="../2020-h1/">上一期</a> <a href="#fig-a">数</a></p>',
    '<table><tr><th style="text-align: right;">数</th></tr></table>',
    '<p><a href="https://www.gov.cn/">中国政府网</a> <a href="mailto:a@b.cn">信</a></p>',
    '<img src="../assets/x.png" alt="">', '<img src="https://archive.example.org/x.png">',
    "<p>a one-off online only /on /only 'on' \"on\"</p>",  # "on" after a blank: the full check decides
    "<p>href= src=x style=x: 正文里的字，不是属性</p>",
    # refused, in every spelling html.parser reads
    "<script>x()</script>", "<SCRIPT>x()</SCRIPT>", "<ScRiPt src=x.js></ScRiPt>", "<iframe src=x>", "<trac\u212a>",
    "<style>p{}</style>", "<svg><style>p{}</style></svg>", "<object data=x>", "<form action=x>", "<base href=/>",
    '<a href="javascript:alert(1)">x</a>', "<a href='JAVASCRIPT:alert(1)'>x</a>", "<a href=javascript:alert(1)>x</a>",
    '<a href="&#106;avascript:alert(1)">x</a>', '<a href="java&#x09;script:alert(1)">x</a>',
    '<a HREF="javascript:x">x</a>', '<a\nhref="javascript:x">x</a>', '<a\thref = "javascript:x">x</a>',
    '<a title="x>y" href="javascript:x">x</a>', "<a title='a\"b' href='javascript:x'>x</a>",
    '<a/href="javascript:x">x</a>', '<a href="ftp://host.example/x">x</a>', '<a href="vbscript:x">x</a>',
    '<img src="//host.example/x.png">', '<img src="\\\\host.example/x.png">', '<img src=" / /host.example/x">',
    '<img SRC="https://host.example/x.png">', '<img src="https:&#47;&#47;host.example/x.png">',
    '<img srcset="a.png 1x, https://host.example/b.png 2x">', '<img src="data:image/png;base64,AAAA">',
    '<div style="background: url(https://host.example/x)">字</div>', '<div STYLE="background:url(//h.example/x)">',
    '<div style="x: url(javascript:x)">', "<svg><image href='https://host.example/x.svg'/></svg>",
    "<svg><use xlink:href='https://host.example/x.svg#a'/></svg>", "<video poster='https://host.example/p.png'>",
    '<div background="https://host.example/x.png">', '<p onclick="x()">x</p>', '<p ONCLICK="x()">x</p>',
    '<p class="a" onmouseover=x()>x</p>', "<p/onclick=x()>x</p>", '<img src=x onerror="x()">', "<p on>x</p>",
    '<a href="x" ping="https://host.example/">x</a>', '<iframe srcdoc="<b>x</b>">', '<button formaction="x">',
    '<blockquote cite="https://host.example/">x</blockquote>', '<div data="https://host.example/x">',
    '<div data-x="https://host.example/x">x</div>', "<p>\u0130</p><script>x()</script>",
    '<p title="İ">x</p><a href="javascript:x">x</a>', "<!-- <script>x()</script> -->",
    "<p>&lt;script&gt;x()&lt;/script&gt;</p>", '<a href="javascript:x"', "<a href=\"javascript:x\" <b>x</b>",
    '<a\u00a0href="javascript:x">x</a>', '<a title="x"href="javascript:x">x</a>',
]


def _outcome(run) -> str | None:
    try:
        run()
    except ArchiveError as error:
        return str(error)
    return None


@pytest.mark.parametrize("html", CASES)
def test_the_prefilter_never_clears_what_the_full_check_refuses(html):
    content = f"<p>正文</p>{html}\n<p>后文</p>"
    full = _outcome(lambda: html_safety._check_rendered_elements(content, "docs/x.md", content, OWN))
    if html_safety._surely_inert(content, OWN):
        assert full is None, "the pre-filter cleared a page the full check refuses"
    assert _outcome(lambda: check_rendered_html(content, "docs/x.md", content, OWN)) == _outcome(
        lambda: _reference_check(content, "docs/x.md", content, OWN))


def _reference_check(html, file, source, own_hosts):
    """check_rendered_html as it was before the pre-filter: the full check, then the <style> blocks."""
    html_safety._check_rendered_elements(html, file, source, own_hosts)
    for found in html_safety.re.finditer(r"<style\b[^>]*>(.*?)</style>", html, html_safety.re.S | html_safety.re.I):
        html_safety._check_css_urls(found[1], own_hosts, {"file": file, "line": None})


def test_ordinary_pages_are_cleared_without_the_full_parse():
    for html in [CASES[0], CASES[1], CASES[3], CASES[4]]:  # a link to another site goes to the full check
        assert html_safety._surely_inert(html, OWN), html


def test_lower_case_keeps_every_offset_but_one():
    """The pre-filter searches str.lower(): offsets must stay those of the page (U+0130 sends a page to the full
    check), and every character whose lower case is an ASCII letter is found as that letter."""
    changing = [c for c in map(chr, range(sys.maxunicode + 1)) if len(c.lower()) != 1]
    assert changing == ["\u0130"]


def test_every_built_page_gets_the_same_verdict(built_site):
    """The real archive's pages (tests/conftest.py builds them once): the pre-filter clears only pages that the
    full check passes."""
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        start, end = text.find('<article'), text.rfind("</article>")
        if start == -1:
            continue
        content = text[start:end]
        full = _outcome(lambda: html_safety._check_rendered_elements(content, "x", content, OWN))  # noqa: B023
        if html_safety._surely_inert(content, OWN):
            assert full is None, page


def test_the_theme_checks_look_first_at_every_first_letter_of_a_loading_tag():
    """check_theme_html's search looks ahead for the first letter of a loading tag's name (_LOADING_FIRST): that
    must be every character the name's own case-insensitive match takes there, and no other."""
    first_letters = "".join(sorted({name[0] for name in html_safety._LOADING_NAMES}))
    takes = re.compile(f"(?i:[{first_letters}])")
    taken = {c for c in map(chr, range(sys.maxunicode + 1)) if takes.fullmatch(c)}
    assert taken == set(html_safety._LOADING_FIRST)


@pytest.mark.parametrize("name", ["script", "link", "img", "use", "track", "frame"])
def test_the_theme_check_finds_every_spelling_of_a_loading_tag(name):
    without_look_ahead = re.compile(html_safety._LOADING_TAG.pattern.replace(
        f"(?=[{html_safety._LOADING_FIRST}])", ""))
    spellings = {name, name.upper(), name.title(), name.replace("i", "\u0130"), name.replace("i", "\u0131"),
                 name.replace("s", "\u017f"), name.replace("k", "\u212a"), name[1:], "x" + name}
    for spelling in spellings:
        for html in (f'<{spelling} src="https://host.example/x">', f"<p><{spelling}>", f"<<{spelling} a=b>"):
            found = [m.span() for m in html_safety._LOADING_TAG.finditer(html)]
            assert found == [m.span() for m in without_look_ahead.finditer(html)], html
