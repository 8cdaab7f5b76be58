"""The original's paragraphs, to find in order in the text of the print view or of a PDF (white space aside).

Each X of the original may show as the X itself or as a value data gives for a figure or a name; the
print view and the PDF print figures as plain text, so everything else must match character for character.
"""

from __future__ import annotations

import re
from pathlib import Path

from page_text import REDACTION, squeeze

from macros.archive.catalog import load_archive
from macros.archive.schema import format_number


def paragraph_patterns(root: Path, period: str, fold=squeeze) -> list[tuple[str, re.Pattern]]:
    """(paragraph, pattern) for every non-empty paragraph of the period's original.txt, in order; `fold`
    (white space removed, and whatever else the text searched was given) applies to the paragraphs too."""
    data = load_archive(root).summaries[period].data
    values = {format_number(f.value, f.thousands_separator) for f in data.figures.values() if f.value is not None}
    values |= {str(n.value) for n in data.names.values() if n.value is not None}
    original = (root / "docs" / period / "original.txt").read_text(encoding="utf-8")
    found = []
    for paragraph in filter(None, map(fold, original.splitlines())):
        pieces, at = [], 0
        for mark in REDACTION.finditer(paragraph):
            pieces.append(re.escape(paragraph[at:mark.start()]))
            shown = [re.escape(mark.group())] + [re.escape(fold(v)) for v in sorted(values, key=len, reverse=True)]
            pieces.append("(?:" + "|".join(shown) + ")")
            at = mark.end()
        pieces.append(re.escape(paragraph[at:]))
        found.append((paragraph, re.compile("".join(pieces))))
    return found


def missing_paragraph(text: str, root: Path, period: str, fold=squeeze) -> str | None:
    """None when `text` holds every paragraph of the original in order (both folded); else the first one missing."""
    text, position = fold(text), 0
    for paragraph, pattern in paragraph_patterns(root, period, fold):
        match = pattern.search(text, position)
        if not match:
            return paragraph
        position = match.end()
    return None
