"""`python -m macros rename OLD NEW`: rename a figure or name key in data and pages, in every period.

Data files are edited through data_writer (ruamel.yaml round trip) and pages as text, so comments
and layout stay as the editor wrote them. Every new text is computed before any file is written,
and if the renamed archive does not load, every file is put back: either all change, or none.
"""

from __future__ import annotations

from pathlib import Path

from ..archive import data_writer as writer
from ..archive.catalog import load_archive
from ..archive.page_check import check_page
from ..archive.page_language import read_page
from ..archive.schema import KEY_PATTERN
from ..errors import ArchiveError


def rename_key(root: Path, old: str, new: str) -> list[str]:
    if not KEY_PATTERN.match(new):
        raise ArchiveError(f"新键名“{new}”不合规：只能用小写英文字母、数字和下划线，且以字母开头。", file="data/")
    archive = load_archive(root)
    holders = [s for s in archive.summaries.values() if old in s.data.figures or old in s.data.names]
    if not holders:
        raise ArchiveError(f"没有哪一期的数据里有键“{old}”。", file="data/")
    for summary in archive.summaries.values():
        if new in summary.data.figures or new in summary.data.names:
            raise ArchiveError(f"键“{new}”已经存在，不能把“{old}”改成它。", file=summary.data_file)
    changes: dict[Path, tuple[str, int]] = {}
    for summary in holders:
        data_path = root / summary.data_file
        text, count = rename_in_data(data_path.read_text(encoding="utf-8"), old, new)
        changes[data_path] = (text, count)
        for page in summary.pages:
            page_path = root / "docs" / page
            text, count = rename_in_page(read_page(page_path, f"docs/{page}"), old, new, f"docs/{page}")
            if count:
                changes[page_path] = (text, count)
    before = {path: path.read_text(encoding="utf-8") for path in changes}
    for path, (text, _) in changes.items():
        path.write_text(text, encoding="utf-8")
    try:
        load_archive(root)  # the renamed archive must still load
    except ArchiveError:
        for path, text in before.items():  # put everything back as it was
            path.write_text(text, encoding="utf-8")
        raise
    return [f"已把“{old}”改名为“{new}”：",
            *(f"  {path.relative_to(root)}：{count} 处" for path, (_, count) in changes.items())]


def rename_in_data(text: str, old: str, new: str) -> tuple[str, int]:
    """Rename the entry key under figures:/names:, and its uses in rates: and headline (block or flow list)."""
    data, count = writer.load(text), 0
    for section in ("figures", "names"):
        entries = data.get(section)
        if isinstance(entries, dict) and old in entries:
            writer.rename_key(data, entries, old, new)
            count += 1
    for rate in data.get("rates") or []:
        for role in ("rate", "count"):
            if isinstance(rate, dict) and rate.get(role) == old:
                writer.replace_value(data, rate, role, new)
                count += 1
    headline = (data.get("summary") or {}).get("headline") or []
    for index, key in enumerate(headline):
        if key == old:
            writer.replace_value(data, headline, index, new)
            count += 1
    return writer.dump(data), count


def rename_in_page(text: str, old: str, new: str, page: str = "docs/") -> tuple[str, int]:
    """Rename the key in the page's fig/name calls (page_language); examples inside {% raw %} stay as written."""
    spans = [call.key_span for call in check_page(text, page).calls
             if call.name in ("fig", "name") and call.key == old]
    for start, end in reversed(spans):
        text = text[:start] + new + text[end:]
    return text, len(spans)
