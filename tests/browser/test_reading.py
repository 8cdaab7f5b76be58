"""What a reader sees: marked redactions, the navigation, Chinese anchors, the landing page and the original."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect
from support import ROOT, platform_fonts

pytestmark = pytest.mark.browser

PARTS = ("一、落实机关党建工作职责", "二、完成机关党建工作任务", "三、加强基层组织自身建设")
SECTION_PAGES = ("2020-h1/1/", "2020-h1/2/", "2020-h1/3/")  # 回顾与展望 has no X in the original
# The text a heading shows, without the "#" permalink Material appends.
HEADING_TEXT = "h => [...h.childNodes].filter(n => !(n.classList && n.classList.contains('headerlink')))" \
               ".map(n => n.textContent).join('').trim()"


def effective_background(page, selector: str) -> str:
    """The background colour a reader sees behind the element's text: its own, else its nearest painted ancestor's."""
    return page.locator(selector).first.evaluate("""e => {
        for (let n = e; n; n = n.parentElement) {
            const c = getComputedStyle(n).backgroundColor;
            if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
        }
        return 'rgb(255, 255, 255)';
    }""")


@pytest.mark.parametrize("path", SECTION_PAGES)
def test_every_x_is_a_visibly_marked_redaction(page, console, site_url, path):
    page.goto(site_url + path)
    article = page.locator("article")
    marks = article.locator(".fig-undisclosed, .redacted-undisclosed")
    # No X in the text is left unmarked: all of them sit inside a mark.
    x_in_text = article.evaluate("a => (a.innerText.match(/X/g) || []).length")
    x_in_marks = sum(text.count("X") for text in marks.all_inner_texts())
    assert x_in_text > 0, f"{path}: no X at all; is the original's redaction gone?"
    assert x_in_marks == x_in_text, f"{path}: {x_in_text - x_in_marks} X not inside a mark"

    page_background = effective_background(page, "article")
    figures = article.locator(".fig.fig-undisclosed")
    assert figures.count() > 0, f"{path}: no undisclosed figure marked"
    for i in range(figures.count()):
        figure = figures.nth(i)
        expect(figure).to_be_visible()
        expect(figure).to_have_text("X")
        title = figure.get_attribute("title") or ""
        assert "原文未披露" in title and re.search(r"[\u4e00-\u9fff]{2}", title.replace("原文未披露", "")), (
            f"{path}: figure #{i} has no Chinese explanation in its tooltip: {title!r}")
        background = figure.evaluate("e => getComputedStyle(e).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent", page_background), (
            f"{path}: figure #{i} is not visibly marked (background {background}, page {page_background})")
    assert not console.errors, console.errors


def test_figure_tooltip_on_the_epidemic_section(page, site_url):
    """The figures in 「（二）积极参与疫情防控工作」 say what they count, and show the help cursor on hover."""
    page.goto(site_url + "2020-h1/2/")
    paragraph = page.locator("h2#二积极参与疫情防控工作 + p")
    checkpoint = paragraph.locator(".fig-undisclosed[title*='检测点']")
    expect(checkpoint).to_have_count(1)
    expect(checkpoint).to_have_text("X")
    assert "个人员出入检测点" in checkpoint.evaluate("e => e.nextSibling.textContent")
    checkpoint.hover()
    assert checkpoint.evaluate("e => getComputedStyle(e).cursor") == "help"


def test_navigation_lists_the_summary_and_its_parts(page, console, site_url):
    page.goto(site_url + "2020-h1/1/")
    sidebar = page.locator(".md-sidebar--primary")
    expect(sidebar).to_be_visible()
    for name in ("2020年上半年", *PARTS):
        expect(sidebar.locator(".md-nav__link").filter(has_text=name).filter(visible=True).first).to_be_visible()
    for number, name in enumerate(PARTS[1:], start=2):
        expect(sidebar.locator(f"a.md-nav__link[href='../{number}/']")).to_have_text(name)
    assert not console.errors, console.errors


def test_toc_drops_the_final_full_stop_that_the_heading_keeps(page, site_url):
    page.goto(site_url + "2020-h1/1/")
    toc = page.locator(".md-sidebar--secondary [data-md-component='toc'] a.md-nav__link")
    expect(toc.first).to_be_visible()
    entries = [text.strip() for text in toc.all_inner_texts()]
    assert entries[0] == "（一）落实党建主体责任", entries
    assert not [entry for entry in entries if entry.endswith("。")], entries
    heading = page.locator("article h2").first
    assert heading.evaluate(HEADING_TEXT) == "（一）落实党建主体责任。"


def test_anchors_are_readable_chinese(page, site_url):
    page.goto(site_url + "2020-h1/1/")
    ids = page.locator("article h2").evaluate_all("hs => hs.map(h => h.id)")
    assert ids[0] == "一落实党建主体责任", ids
    assert all(re.fullmatch(r"[\u4e00-\u9fff0-9a-z]+", id_) for id_ in ids), ids

    # Following a table-of-contents entry puts the Chinese anchor in the address and the heading on screen.
    page.locator(".md-sidebar--secondary a.md-nav__link", has_text="（二）党建工作基础有保障").click()
    expect(page).to_have_url(re.compile(r"#"))
    assert unquote(urlsplit(page.url).fragment) == "二党建工作基础有保障"
    expect(page.locator("#二党建工作基础有保障")).to_be_in_viewport()

    # A link someone pasted, with the anchor in Chinese, opens at that heading.
    page.goto(site_url + "2020-h1/1/#三深化服务型基层党组织建设")
    expect(page.locator("#三深化服务型基层党组织建设")).to_be_in_viewport()


def test_from_home_to_landing_to_original(page, console, site_url, request):
    page.goto(site_url)
    page.locator("article").get_by_role("link", name="2020年市局机关上半年党建工作总结").click()
    expect(page).to_have_url(site_url + "2020-h1/")
    page.wait_for_load_state()  # the contents are read below without waiting
    expect(page.locator("article h1")).to_contain_text("2020年市局机关上半年党建工作总结")

    # The landing page lists the parts, in order, each linking to its page.
    contents = page.locator("article nav.summary-contents a")
    texts = [text.strip() for text in contents.all_inner_texts()]
    assert [text for text in texts if text in PARTS] == list(PARTS), texts
    for number, name in enumerate(PARTS, start=1):
        expect(contents.filter(has_text=name)).to_have_attribute("href", f"{number}/")

    page.locator("article").get_by_role("link", name=re.compile("原文")).click()
    expect(page).to_have_url(site_url + "2020-h1/original/")
    page.wait_for_load_state()  # the whole text parsed before it is read
    original = page.locator("article pre.original-text")
    expect(original).to_be_visible()
    shown = original.inner_text()
    downloaded = page.request.get(site_url + "2020-h1/original.txt")
    assert downloaded.ok
    expected = downloaded.body().decode("utf-8")
    assert shown.rstrip("\n") == expected.rstrip("\n"), "the page does not show the original text verbatim"
    assert shown.startswith("2020年市局机关上半年党建工作总结")
    assert "进行全天候不间断体温检测和信息登记" in shown
    archived = (ROOT / "docs" / "2020-h1" / "original.txt").read_text(encoding="utf-8")
    assert expected == archived, "the site's original.txt differs from the archive's copy of what was received"
    assert not console.errors, console.errors


# The system Chinese fonts assets/archive.css names for the text (--md-text-font); CI and dev.py install Noto CJK.
SYSTEM_CHINESE_FONTS = ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
                        "WenQuanYi Micro Hei")


def test_body_text_is_drawn_in_a_system_chinese_font(page, site_url):
    """The Chinese text is drawn with a font installed on the reader's system, never one downloaded (Material
    would fetch Roboto and Noto Sans SC from Google Fonts), nor a fallback the browser picked by itself."""
    page.goto(site_url + "2020-h1/2/")
    for selector in ("article p", "article h2", ".md-nav__link"):
        fonts = platform_fonts(page, selector)
        assert fonts, f"{selector}: no font drew the text?"
        chinese = fonts[0]  # the text is Chinese: the font that drew the most glyphs
        assert chinese["familyName"] in SYSTEM_CHINESE_FONTS, f"{selector}: drawn in {fonts}"
        assert not any(font["isCustomFont"] for font in fonts), f"{selector}: a web font was used: {fonts}"
