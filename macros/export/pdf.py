"""A PDF of each summary: its 打印版 printed by headless Chromium, then linked from the summary.

    python -m macros pdf site/     # on a built site; `python3 dev.py build` runs it before site/ is replaced

For each summary of the built site, the system's Chromium (or Chrome) opens <period>/print/ (or
print.html in the offline copy) from the file system and prints it with the page's own @page rules:
A4, the GB/T 9704 margins and — 1 — page numbers of docs/assets/print.css. The PDF is written beside
the summary's pages as <period>/<period>.pdf, then the links to it (hidden until now, see
macros/pdf_link.py) are shown. Chromium embeds every font it uses as a subset; the CJK OpenType
fonts go in as Type 3 fonts carrying their glyphs, so the PDF looks the same on any computer.

The browser is macros.browser.find_browser()'s. Without one no PDF is made and
no link shown; under CI (CI set) that is an error, because the published site must have them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..archive.periods import is_period_id
from ..errors import ArchiveError
from ..site.pdf_link import PDF_ATTRIBUTE, pdf_file_name, show_pdf_links
from .browser import QUIET_FLAGS, find_browser

# Quiet, self-contained printing: no header or footer of Chrome's own, nothing fetched in the background.
CHROMIUM_FLAGS = (
    "--headless", *QUIET_FLAGS, "--no-pdf-header-footer",
    "--generate-pdf-document-outline",  # the headings become the PDF's bookmarks
)
TIMEOUT_SECONDS = 120
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@dataclass(frozen=True)
class ExportedPdf:
    period: str
    path: Path
    pages: int
    size: int  # bytes
    seconds: float


def print_views(site: Path) -> dict[str, Path]:
    """Each summary's print view in a built site: period -> print/index.html or print.html."""
    found = {}
    for folder in sorted(p for p in site.iterdir() if p.is_dir() and is_period_id(p.name)):
        view = next((f for f in (folder / "print" / "index.html", folder / "print.html") if f.is_file()), None)
        if view:
            found[folder.name] = view
    return found


def export_pdfs(site: Path, browser: str, workers: int = 4) -> list[ExportedPdf]:
    """Print every summary's PDF into the built site and show the links to them."""
    views = print_views(site)
    if not views:
        raise ArchiveError("网站里没有找到任何一期的打印版（<期次>/print/），无法生成 PDF。请先构建网站。", file=str(site))
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(views)))) as pool:
        exported = list(pool.map(lambda item: _print(browser, *item), views.items()))
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if PDF_ATTRIBUTE not in html:
            continue
        shown = html
        for pdf in exported:
            shown = show_pdf_links(shown, pdf.path.name)
        if shown != html:
            page.write_text(shown, encoding="utf-8")
    return exported


def _print(browser: str, period: str, view: Path) -> ExportedPdf:
    target = view.parent.parent / pdf_file_name(period) if view.name == "index.html" else view.parent / pdf_file_name(period)
    scratch = target.with_name(f".{target.name}.part")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="archive-pdf-") as profile:
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={scratch}",
                   view.resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, errors="replace",
                                  timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            scratch.unlink(missing_ok=True)
            raise ArchiveError(f"Chromium 打印 {period} 的打印版超过 {TIMEOUT_SECONDS} 秒没有完成。", file=str(view)) from None
    content = scratch.read_bytes() if scratch.is_file() else b""
    if done.returncode != 0 or not content.startswith(b"%PDF-"):
        scratch.unlink(missing_ok=True)
        detail = (done.stderr or done.stdout).strip()[-800:]
        raise ArchiveError(f"Chromium 没能把 {period} 的打印版存成 PDF（退出码 {done.returncode}）。\n{detail}",
                           file=str(view))
    os.replace(scratch, target)
    return ExportedPdf(period, target, len(_PAGE_OBJECT.findall(content)), len(content),
                       time.perf_counter() - started)


def run_pdf(site: Path) -> tuple[list[str], int]:
    """The `pdf` command: (lines to print, exit code)."""
    if not (site / "index.html").is_file():
        return [f"未执行：{site} 不是构建好的网站（没有 index.html）。请先运行 python3 dev.py build。"], 1
    browser = find_browser()
    if not browser:
        where = f"CHROMIUM_PATH={os.environ['CHROMIUM_PATH']} 不存在" if os.environ.get("CHROMIUM_PATH") else "没有找到 Chromium 或 Chrome"
        if os.environ.get("CI"):
            return [f"PDF：{where}，CI 中必须生成 PDF。请安装 chromium 或设置 CHROMIUM_PATH。"], 1
        return [f"PDF：{where}，这次不生成 PDF，页面上也不显示 PDF 链接（安装 chromium 或设置 CHROMIUM_PATH 后重新构建即可）。"], 0
    started = time.perf_counter()
    exported = export_pdfs(site, browser)
    lines = [f"PDF：{pdf.path.relative_to(site)}，{pdf.pages} 页，{pdf.size / 1024:.0f} KB，{pdf.seconds:.1f} 秒"
             for pdf in exported]
    lines.append(f"PDF：共 {len(exported)} 份，用时 {time.perf_counter() - started:.1f} 秒（{shutil.which(browser) or browser}）")
    return lines, 0
