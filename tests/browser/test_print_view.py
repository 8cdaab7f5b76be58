"""打印版 in print media: the GB/T 9704 layout (../shared/gongwen-layout.md) and the original's text, nothing else."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from print_text import missing_paragraph
from support import ROOT

pytestmark = pytest.mark.browser

PERIOD = "2020-h1"
PT = 4 / 3  # CSS pixels in a point

STYLE = """(e) => { const s = getComputedStyle(e); return {
    fontSize: parseFloat(s.fontSize), lineHeight: parseFloat(s.lineHeight), textIndent: parseFloat(s.textIndent),
    fontFamily: s.fontFamily, fontWeight: s.fontWeight, textAlign: s.textAlign, color: s.color, display: s.display}; }"""
# The document's text as printed: the archive's additions (signature, links) and permalinks set aside.
DOCUMENT_TEXT = """() => {
    const copy = document.querySelector('.gw-document').cloneNode(true);
    copy.querySelectorAll('.archive-added, .headerlink').forEach(e => e.remove());
    return [...copy.querySelectorAll('h1, h2, h3, h4, h5, p')].map(e => e.textContent).join('\\n');
}"""


@pytest.fixture
def printed(page, site_url):
    page.emulate_media(media="print")
    page.goto(site_url + f"{PERIOD}/print/")
    return page


def style(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate(STYLE)


def first_family(computed: dict) -> str:
    """The first font the style asks for (GB/T 9704's), however the browser quotes it."""
    return computed["fontFamily"].split(",")[0].strip().strip('"')


def used_fonts(page, selector: str) -> list[str]:
    """The fonts Chromium really drew the element's text with (DevTools: CSS.getPlatformFontsForNode)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return [f"{font['familyName']} ({font.get('postScriptName', '')})"
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]


def test_title_headings_and_body_sizes_fonts_and_indent(printed):
    title = style(printed, ".gw-document h1")
    assert title["fontSize"] == pytest.approx(22 * PT, abs=0.1), "title: 2号 (22 pt)"
    assert title["textAlign"] == "center" and first_family(title) == "方正小标宋简体"
    for level, family in (("h2", "黑体"), ("h3", "楷体_GB2312")):
        heading = style(printed, f".gw-document {level}")
        assert heading["fontSize"] == pytest.approx(16 * PT, abs=0.1), f"{level}: 3号 (16 pt)"
        assert first_family(heading) == family, heading["fontFamily"]
        assert heading["textIndent"] == pytest.approx(2 * heading["fontSize"], abs=0.1)
    body = style(printed, ".gw-document > p")
    assert body["fontSize"] == pytest.approx(16 * PT, abs=0.1), "body: 3号 (16 pt)"
    assert first_family(body) == "仿宋_GB2312", body["fontFamily"]
    assert body["textIndent"] == pytest.approx(2 * body["fontSize"], abs=0.1), "each paragraph indented 2 characters"
    assert body["lineHeight"] == pytest.approx(28.95 * PT, abs=0.1), "line pitch 28.95 pt"
    assert body["color"] == "rgb(0, 0, 0)" and body["textAlign"] == "justify"


def test_the_free_fonts_stand_in_for_the_named_ones(printed):
    """Where the standard's fonts are missing, fonts anyone can install draw each level (CI installs them)."""
    title = used_fonts(printed, ".gw-document h1")
    assert any("小标宋" in f or "XiaoBiaoSong" in f or ("Serif CJK" in f and "Bold" in f) for f in title), \
        f"the title in 小标宋, or a bold Song standing in for it: {title}"
    assert any("Serif CJK" in f or "仿宋" in f or "FangSong" in f for f in used_fonts(printed, ".gw-document > p"))
    assert any("Sans CJK" in f or "黑体" in f or "Hei" in f for f in used_fonts(printed, ".gw-document h2"))
    assert any("Kai" in f or "楷" in f for f in used_fonts(printed, ".gw-document h3")), "a 楷 font for （一）"


def test_a4_margins_and_dashed_page_numbers_are_declared(printed):
    rules = printed.evaluate("""() => [...document.styleSheets].flatMap(s => { try { return [...s.cssRules] } catch (e) { return [] } })
        .flatMap(r => r instanceof CSSMediaRule ? [...r.cssRules] : [r]).filter(r => r instanceof CSSPageRule)
        .map(r => r.cssText)""")
    page_rule = next(rule for rule in rules if "size: a4" in rule.lower())
    assert "margin: 37mm 26mm 35mm 28mm" in page_rule, page_rule
    numbers = [rule for rule in rules if 'counter(page)' in rule]
    assert any(":right" in r and "@bottom-right" in r for r in numbers), rules
    assert any(":left" in r and "@bottom-left" in r for r in numbers), rules
    assert all('"— " counter(page) " —"' in r and "14pt" in r for r in numbers), numbers


def test_no_navigation_search_box_footer_or_links_in_print(printed):
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer",
                     ".md-tabs", ".gw-actions", ".md-top"):
        for i in range(printed.locator(selector).count()):
            expect(printed.locator(selector).nth(i)).to_be_hidden()
    expect(printed.locator(".gw-document h1")).to_be_visible()


def test_the_text_is_the_originals_with_plain_x(printed):
    document = printed.locator(".gw-document")
    assert document.locator(".fig, .redacted, [data-key]").count() == 0, "figures print as plain text"
    text = printed.evaluate(DOCUMENT_TEXT)
    missing = missing_paragraph(text, ROOT, PERIOD)
    assert missing is None, f"paragraph missing or out of order: {missing[:40]}…"
    original = (ROOT / "docs" / PERIOD / "original.txt").read_text(encoding="utf-8")
    assert text.count("X") == original.count("X"), "every X of the original, as a plain X"
    assert "回顾与展望" not in text, "the archive's added title is not part of the document"


def test_the_unit_closes_the_document_as_a_signature_and_no_date_is_invented(printed):
    signature = printed.locator(".gw-document > .gw-signature")
    expect(signature).to_be_visible()
    assert printed.evaluate("document.querySelector('.gw-document').lastElementChild.className").startswith("gw-signature")
    lines = signature.locator("p").all()
    assert len(lines) == 1, "the original gives no date, so the print gives none"
    expect(lines[0]).to_have_text("X市X局机关党委")
    box = printed.locator(".gw-document").bounding_box()
    unit_box = lines[0].bounding_box()
    em = 16 * PT
    assert box["x"] + box["width"] - (unit_box["x"] + unit_box["width"]) == pytest.approx(2 * em, abs=1), \
        "two characters from the right"


def test_on_screen_a_link_back_and_the_pdf_link_hidden_without_a_pdf(page, site_url):
    page.goto(site_url + f"{PERIOD}/print/")
    expect(page.locator(".gw-actions a", has_text="返回本期首页")).to_have_attribute("href", "../")
    expect(page.locator(".gw-actions .pdf-download")).to_be_hidden()  # the test site was built without PDFs
