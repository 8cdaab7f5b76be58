"""打印版 in print media: the GB/T 9704 layout (../shared/gongwen-layout.md) and the original's text, nothing else."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from print_text import missing_paragraph
from support import ROOT, platform_fonts

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
    return [f"{font['familyName']} ({font.get('postScriptName', '')})" for font in platform_fonts(page, selector)]


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


def test_printed_pages_are_a4_with_the_text_in_the_type_area_and_dashed_page_numbers(printed, tmp_path):
    """What a reader's Print gives: the page's own @page rules (A4, margins 37/26/35/28 mm, — n — numbers
    outside, odd pages right, even left), read back from the PDF Chromium prints of the page."""
    import io

    import pypdf
    from test_pdf_export import A4, MM, TYPE_AREA, glyphs

    pdf = pypdf.PdfReader(io.BytesIO(printed.pdf(prefer_css_page_size=True, display_header_footer=False)))
    assert len(pdf.pages) >= 2
    for number, page in enumerate(pdf.pages, start=1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=1), f"page {number} is {size[0]:.1f} × {size[1]:.1f} pt, not A4"
        found = glyphs(page)
        body = [(x, y) for x, y, text in found if not re.fullmatch(r"[—\d\s]+", text)]
        assert body, f"page {number} has no text"
        assert min(x for x, _ in body) >= TYPE_AREA["left"] - 0.5, f"page {number}: text in the left margin"
        assert all(TYPE_AREA["top"] < y < TYPE_AREA["bottom"] for _, y in body), f"page {number}: text in a margin"
        numerals = [(x, y) for x, y, text in found if text == str(number)]
        assert numerals, f"page {number}: no page number"
        x, y = numerals[-1]
        assert y > TYPE_AREA["bottom"], f"page {number}: the number is not below the type area"
        assert (x > A4[0] / MM / 2) if number % 2 else (x < A4[0] / MM / 2), f"page {number}: number on the wrong side"
        assert re.search(rf"—\s*{number}\s*—", page.extract_text()), f"page {number}: no “— {number} —”"
    # The type area's left edge is the 28 mm margin: the first body line of a page starts there or indented.
    lefts = [min(x for x, y, text in glyphs(page) if not re.fullmatch(r"[—\d\s]+", text)) for page in pdf.pages]
    assert min(lefts) == pytest.approx(TYPE_AREA["left"], abs=0.5)


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
