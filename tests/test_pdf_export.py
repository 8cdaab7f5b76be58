"""Each summary's PDF (macros/export/pdf.py): A4 pages laid out per GB/T 9704, the original's every paragraph
in order, every font embedded, and linked from the summary only once it exists.

The PDFs are printed by the system's Chromium into a copy of the built site, as `python3 dev.py build` does.
"""

from __future__ import annotations

import re
import shutil
import time
import unicodedata

import pypdf
import pytest
from page_text import squeeze
from print_text import missing_paragraph
from support import ROOT, browser_or_skip

from macros.export.pdf import export_pdfs, run_pdf
from macros.site.pdf_link import pdf_link_html, show_pdf_links

PERIOD = "2020-h1"
MM = 72 / 25.4  # points in a millimetre
A4 = (210 * MM, 297 * MM)
TYPE_AREA = {"left": 28, "right": 210 - 26, "top": 37, "bottom": 297 - 35}  # mm from the page's top-left
BODY_SIZE = 16  # pt: 3号
PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")

# Text extraction reads a glyph back through the font's map, and CJK fonts map one glyph from a radical's
# code point and from the ideograph's. NFKC turns most Kangxi radicals (U+2F00–U+2FDF) into ideographs;
# these are the rest: radicals supplement (U+2E80–U+2EFF) and Kangxi radicals whose simplified-Chinese
# glyph is another ideograph than NFKC's. A radical left over fails the test with its name: add it here.
RADICALS = {
    "⺠": "民", "⻅": "见", "⻓": "长", "⻔": "门", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞",
    "⻝": "食", "⻠": "饣", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦",
    "⻩": "黄", "⻪": "黾", "⻬": "齐", "⻮": "齿", "⻰": "龙", "⻳": "龟", "⻆": "角", "⻄": "西", "⻉": "贝",
    "⻋": "车", "⻈": "讠", "⻐": "钅", "⺰": "纟", "⺟": "母", "⺝": "月", "⺼": "月", "⻊": "足", "⻁": "虎",
    "⼾": "户", "⾭": "青", "⿈": "黄", "⾨": "门", "⾔": "言", "⾧": "长", "⾺": "马", "⿂": "鱼", "⿃": "鸟",
}
_RADICAL_RANGES = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF))


def readable(text: str) -> str:
    """Extracted text as a reader reads it: radicals as ideographs, compatibility forms folded, no white space."""
    return squeeze(unicodedata.normalize("NFKC", "".join(RADICALS.get(c, c) for c in text)))


def leftover_radicals(text: str) -> list[str]:
    return sorted({f"{c} U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in text
                   if any(lo <= ord(c) <= hi for lo, hi in _RADICAL_RANGES)})


@pytest.fixture(scope="session")  # not "module": under xdist its tests may be interleaved with others
def pdf_site(built_site, tmp_path_factory):
    """A copy of the built site with the PDFs printed into it; and how long that took."""
    browser = browser_or_skip()
    site = tmp_path_factory.mktemp("pdf") / "site"
    shutil.copytree(built_site, site)
    started = time.perf_counter()
    exported = export_pdfs(site, browser)
    return site, exported, time.perf_counter() - started


@pytest.fixture(scope="session")
def pdf(pdf_site) -> pypdf.PdfReader:
    site, _, _ = pdf_site
    return pypdf.PdfReader(site / PERIOD / f"{PERIOD}.pdf")


def glyphs(page) -> list[tuple[float, float, str]]:
    """(x, y from the page's top, text) of each run of text on a page, in millimetres."""
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            matrix = pypdf.mult(tm, cm)
            found.append((matrix[4] / MM, (height - matrix[5]) / MM, text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def test_one_pdf_per_summary_and_how_long_it_took(pdf_site):
    site, exported, seconds = pdf_site
    assert [pdf.period for pdf in exported] == [PERIOD]
    for pdf in exported:
        assert pdf.path == site / pdf.period / f"{pdf.period}.pdf" and pdf.path.is_file()
        assert pdf.pages >= 2 and pdf.size > 10_000
        print(f"\n{pdf.period}: {pdf.pages} pages, {pdf.size / 1024:.0f} KB, {pdf.seconds:.1f} s (all: {seconds:.1f} s)")


def test_every_page_is_a4(pdf):
    assert len(pdf.pages) >= 2
    for number, page in enumerate(pdf.pages, start=1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=1), f"page {number} is {size[0]:.1f} × {size[1]:.1f} pt, not A4"


def test_the_text_is_every_paragraph_of_the_original_in_order(pdf):
    # Each page's text without its page number, which would split a paragraph running over two pages.
    extracted = readable("".join(PAGE_NUMBER.sub("", page.extract_text()) for page in pdf.pages))
    assert not leftover_radicals(extracted), "map these to their ideographs in RADICALS"
    missing = missing_paragraph(extracted, ROOT, PERIOD, fold=readable)
    assert missing is None, f"paragraph missing or out of order in the PDF: {missing[:40]}…"
    assert "X市X局机关党委" in extracted, "the unit closes the document"


def test_every_font_is_embedded(pdf):
    fonts = {}
    for page in pdf.pages:
        for name, ref in (page["/Resources"].get_object().get("/Font") or {}).items():
            fonts[ref.idnum if hasattr(ref, "idnum") else name] = ref.get_object()
    assert fonts, "the PDF uses no font at all?"
    not_embedded = []
    for font in fonts.values():
        if font["/Subtype"] == "/Type3":
            if not font.get("/CharProcs"):
                not_embedded.append(f"Type 3 font without glyphs: {font}")
            continue
        descendant = font["/DescendantFonts"][0].get_object() if font["/Subtype"] == "/Type0" else font
        descriptor = descendant.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor else {}
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            not_embedded.append(str(descendant.get("/BaseFont")))
    assert not not_embedded, f"fonts not embedded: {not_embedded}"


def test_the_text_stays_in_the_type_area(pdf):
    left, right, top, bottom = (TYPE_AREA[k] for k in ("left", "right", "top", "bottom"))
    for number, page in enumerate(pdf.pages, start=1):
        body = [g for g in glyphs(page) if not re.fullmatch(r"[—\d\s]+", g[2])]
        assert body, f"page {number} has no text"
        xs, ys = [x for x, _, _ in body], [y for _, y, _ in body]
        assert min(xs) == pytest.approx(left, abs=0.5) or min(xs) > left, f"page {number}: text left of the margin"
        ends = [x + sum(BODY_SIZE if unicodedata.east_asian_width(c) in "WF" else BODY_SIZE * 0.6 for c in t) / MM
                for x, _, t in body]
        assert max(ends) <= right + 0.5, f"page {number}: text right of the type area ({max(ends):.1f} mm)"
        assert min(ys) > top and max(ys) < bottom, f"page {number}: text above or below the type area {ys}"
    baselines = sorted({round(y, 1) for x, y, t in glyphs(pdf.pages[1]) if y < bottom})
    steps = sorted(b - a for a, b in zip(baselines, baselines[1:], strict=False))
    assert len(steps) >= 15, "a full page has about 22 lines"
    assert steps[len(steps) // 2] * MM == pytest.approx(28.95, abs=0.6), "line pitch (pt)"
    assert len(baselines) == pytest.approx(22, abs=1), "lines on a full page"


def test_page_numbers_dashed_below_the_type_area_odd_right_even_left(pdf):
    width = float(pdf.pages[0].mediabox.width) / MM
    for number, page in enumerate(pdf.pages, start=1):
        text = page.extract_text()
        assert re.search(rf"—\s*{number}\s*—", text), f"page {number}: no “— {number} —”"
        numerals = [(x, y) for x, y, t in glyphs(page) if t == str(number)]
        assert numerals, f"page {number}: page number not found"
        x, y = numerals[-1]
        assert TYPE_AREA["bottom"] + 4 < y < TYPE_AREA["bottom"] + 12, f"page {number}: number at {y:.1f} mm"
        assert (x > width / 2) if number % 2 else (x < width / 2), f"page {number}: number on the wrong side"


def test_the_summary_links_its_pdf_once_it_exists(built_site, pdf_site):
    site, _, _ = pdf_site
    pages = (f"{PERIOD}/index.html", f"{PERIOD}/print/index.html")
    for page in pages:
        before = (built_site / page).read_text(encoding="utf-8")
        after = (site / page).read_text(encoding="utf-8")
        link = re.compile(r'<p class="pdf-download[^"]*" data-archive-pdf="2020-h1\.pdf"( hidden(?:="hidden")?)?>'
                          r'<a href="([^"]+)"')
        hidden, _ = link.search(before).groups()
        assert hidden, f"{page}: the PDF link must stay hidden until the PDF exists"
        shown, href = link.search(after).groups()
        assert not shown, f"{page}: the PDF link is still hidden"
        assert (site / page).parent.joinpath(href).resolve() == (site / PERIOD / f"{PERIOD}.pdf").resolve()


def test_show_pdf_links_only_touches_that_pdfs_links():
    html = pdf_link_html("2020-h1", "标题", "2020-h1.pdf") + pdf_link_html("2020-h2", "另一期", "2020-h2.pdf")
    shown = show_pdf_links(html, "2020-h1.pdf")
    assert shown.count(" hidden") == 1 and 'data-archive-pdf="2020-h2.pdf" hidden' in shown
    assert 'download="标题.pdf"' in shown


def test_without_a_browser_no_pdf_and_no_link_except_under_ci(built_site, tmp_path, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "no-such-browser"))
    monkeypatch.delenv("CI", raising=False)
    lines, code = run_pdf(site)
    assert code == 0 and "不生成 PDF" in lines[-1]
    assert not list(site.rglob("*.pdf"))
    monkeypatch.setenv("CI", "true")
    lines, code = run_pdf(site)
    assert code == 1 and "CI 中必须生成 PDF" in lines[-1]


def test_ci_installs_the_fonts_dev_py_installs_before_testing():
    """dev.py installs Debian's CJK fonts as root; the GitHub runner is not root, so the workflow installs the same
    packages (sudo apt-get) before `dev.py test`. (That `dev.py build` prints the PDFs: test_atomic_build.py.)"""
    import importlib.util

    import yaml

    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    runs = [str(step.get("run", "")) for step in workflow["jobs"]["test"]["steps"]]
    installs = next(i for i, run in enumerate(runs) if "apt-get install" in run)
    command = next(line for line in runs[installs].splitlines() if "apt-get install" in line).split()
    assert command[0] == "sudo"
    assert set(dev.FONT_PACKAGES) <= set(command), (dev.FONT_PACKAGES, command)
    assert installs < next(i for i, run in enumerate(runs) if "dev.py test" in run)
