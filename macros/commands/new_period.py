"""`python -m macros new 2020-h2`: start the next summary from the latest one's structure.

The new period gets a data file with the same keys and every value null, and pages with the
same parts, headings and macro calls, each paragraph a placeholder saying what to fill in.
Its status is draft, so it shows in previews but is not published. Nothing is overwritten.
"""

from __future__ import annotations

from pathlib import Path

from ..archive import data_writer as writer
from ..archive.catalog import APPENDIX_PAGES, ORIGINAL_TEXT, Summary, load_archive
from ..archive.page_check import check_page
from ..archive.page_language import read_page
from ..archive.periods import parse_period
from ..errors import ArchiveError

PLACEHOLDER_ORIGINAL = "（本期原文尚未收到。收到后，请用原文全文替换本文件的内容，一字不改。）\n"


def create_period(root: Path, period: str) -> list[str]:
    try:
        parse_period(period)
    except ValueError as error:
        raise ArchiveError(str(error), file=f"data/{period}.yml") from None
    data_file, folder = root / "data" / f"{period}.yml", root / "docs" / period
    for existing in (data_file, folder):
        if existing.exists():
            raise ArchiveError("这一期已经存在，没有改动任何文件。", file=str(existing.relative_to(root)))
    archive = load_archive(root)
    if not archive.summaries:
        raise ArchiveError("档案中还没有任何一期，无法参照。", file="data/")
    latest = archive.summaries[max(archive.summaries)]
    folder.mkdir(parents=True)
    data_file.write_text(new_data_text(latest, period), encoding="utf-8")
    written = [data_file]
    for page in latest.pages:
        name = page.split("/", 1)[1]
        source = read_page(root / "docs" / page, f"docs/{page}")
        text = source if name in APPENDIX_PAGES else skeleton_page(source, page, latest, period)
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    (folder / ORIGINAL_TEXT).write_text(PLACEHOLDER_ORIGINAL, encoding="utf-8")
    written.append(folder / ORIGINAL_TEXT)
    return [f"已按 {latest.period} 的结构新建 {period}（草稿）：",
            *(f"  {path.relative_to(root)}" for path in written),
            "下一步：把原文放进 original.txt，按原文改写各页正文，在数据文件中填写数字。"]


def new_title(title: str, old_period: str, period: str) -> str:
    (old_year, old_half), (year, half) = parse_period(old_period), parse_period(period)
    halves = {1: "上半年", 2: "下半年"}
    return title.replace(str(old_year), str(year)).replace(halves[old_half], halves[half])


def new_data_text(latest: Summary, period: str) -> str:
    data = latest.data
    meta = data.summary
    summary = writer.entry(title=writer.quoted(new_title(meta.title, latest.period, period)),
                           unit=writer.quoted(meta.unit), issued=None, status="draft")
    writer.comment(summary, "status", "定稿后改为 final")
    if meta.headline:
        summary["headline"] = writer.flow(meta.headline)
    names = writer.entry({key: writer.entry(label=writer.quoted(name.label), value=None,
                                            **({"placeholder": name.placeholder} if name.placeholder != "X" else {}))
                          for key, name in data.names.items()})
    figures = writer.entry({key: writer.entry(label=writer.quoted(figure.label), unit=writer.quoted(figure.unit),
                                              value=None)
                            for key, figure in data.figures.items()})
    sections = {"summary": summary, "names": names, "figures": figures}
    if data.rates:
        sections["rates"] = [writer.entry(rate=rate.rate, count=rate.count, base=None,
                                          base_label=writer.quoted(rate.base_label)) for rate in data.rates]
    header = [f"# {period} 的数据（由 python -m macros new 按 {latest.period} 的结构生成）。",
              "# 怎样填写见 data/README.md：原文未披露的数字、隐去的名称都写 null。"]
    return writer.dump(writer.document(header, sections))


def skeleton_page(source: str, page: str, latest: Summary, period: str) -> str:
    """Keep front matter, headings and page-level macros; each paragraph becomes a note listing its calls."""
    parsed = check_page(source, page)
    calls_on = {}
    for call in parsed.calls:
        calls_on.setdefault(call.line, []).append(call)
    out = []
    for number, line in enumerate(parsed.body.split("\n"), parsed.body_line):
        on_line = calls_on.get(number, [])
        if line.startswith("# ") and page.endswith("/index.md"):
            out.append("# " + new_title(line[2:], latest.period, period))
        elif line.startswith("#") or not line.strip() or _only_page_macro(line, on_line):
            out.append(line)
        else:
            out.append(_placeholder(on_line, latest))
    return parsed.head + "\n".join(out)


def _only_page_macro(line: str, calls: list) -> bool:
    """A line that is one call of a page-level macro (summary_meta(), contents() …) and nothing else."""
    return (len(calls) == 1 and calls[0].key is None and calls[0].name not in ("fig", "name")
            and not (line[: calls[0].column - 1] + calls[0].after).strip())


def _placeholder(calls: list, latest: Summary) -> str:
    shown = []
    for call in calls:
        if call.name == "fig":
            shown.append(f'{{{{ fig("{call.key}") }}}}{latest.data.figures[call.key].unit}')
        else:
            shown.append(f'{{{{ name("{call.key}") }}}}')
    listed = f"上期本段用到：{'、'.join(shown)}。" if shown else ""
    return f"（待填写：请按原文写出本段。{listed}）"
