"""The link to a summary's PDF: written into its pages hidden, shown once the PDF exists.

A page is built before its PDF can be printed from it (macros/pdf_export.py prints the built
打印版), so the link goes into the landing page and the print view with the `hidden` attribute;
`show_pdf_links` removes that attribute once the PDF is written. A site built without a browser
therefore never shows a link to a PDF it does not have.
"""

from __future__ import annotations

import re

from .render import ADDED, attr

PDF_ATTRIBUTE = "data-archive-pdf"  # its value: the PDF's file name, beside the summary's pages
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\s]+')


def pdf_file_name(period: str) -> str:
    """Where a summary's PDF is published: <period>/<period>.pdf (an ASCII address)."""
    return f"{period}.pdf"


def pdf_href(period: str, from_print_view: bool, use_directory_urls: bool) -> str:
    """The PDF's address relative to the landing page, or to the print view (print/ or print.html)."""
    return f"../{pdf_file_name(period)}" if from_print_view and use_directory_urls else pdf_file_name(period)


def pdf_link_html(period: str, title: str, href: str) -> str:
    """The hidden link; a reader who saves the PDF gets it under the summary's title."""
    saved_as = (_UNSAFE_IN_FILE_NAMES.sub("", title) or period) + ".pdf"
    return (f'<p class="pdf-download {ADDED}" {PDF_ATTRIBUTE}="{attr(pdf_file_name(period))}" hidden>'
            f'<a href="{attr(href)}" download="{attr(saved_as)}">下载 PDF</a>'
            f'（A4，按公文格式排版，与打印版相同）</p>')


def show_pdf_links(html: str, file_name: str) -> str:
    """The page with the links to `file_name` shown (their `hidden` attribute removed)."""
    tag = re.compile(rf'<p\b[^>]*\b{PDF_ATTRIBUTE}="{re.escape(file_name)}"[^>]*>')
    hidden = re.compile(r'\s+hidden(?:=(?:""|"hidden"))?(?=[\s>])')
    return tag.sub(lambda m: hidden.sub("", m.group(0)), html)
