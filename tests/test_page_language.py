"""One page language: the same tricky pages read by every part that reads pages, which must agree.

Each variant of docs/2020-h1/2.md is written into a copy of the project and read by the page check, the
proofreader, the print view, the figure index, the catalog's titles, `new`'s skeleton, `rename` and re-import.
They must all find the same front matter, the same headings and the same macro calls (not the example inside
{% raw %}), and a page that breaks the language must stop each of them with the same message.
"""

from __future__ import annotations

import re

import jinja2
import pytest
from support import copy_project

from macros.archive.catalog import load_archive
from macros.archive.figure_uses import figure_uses
from macros.archive.page_check import check_summary_calls, find_calls
from macros.archive.page_language import parse_page, read_page, split_front_matter
from macros.commands.new_period import skeleton_page
from macros.commands.rename_key import rename_in_page
from macros.errors import ArchiveError
from macros.importer.reimport import text_paragraphs, uses_in
from macros.proofread.text import markdown_blocks, render_page
from macros.site.print_view import print_markdown

PAGE = "2020-h1/2.md"
SHOWN = f"docs/{PAGE}"
NOT_A_HEADING = "# 页首里的注释，不是标题"
RAW_EXAMPLE = '写法示例： {%- raw -%} {{ fig("donors") }} {%- endraw %}'
LINK = '[组织党员捐款{{ fig("donors") }}人](#一)'

FRONT_MATTERS = {
    "closer-with-trailing-spaces": f"---  \n{NOT_A_HEADING}\nsearch:\n  exclude: false\n---   \n\n",
    "dots-closer": f"---\n{NOT_A_HEADING}\nsearch:\n  exclude: false\n...\n\n",
    "tab-after-opener": f"---\t\n{NOT_A_HEADING}\nsearch:\n  exclude: false\n---\n\n\n",
    "none": "",
}


def tricky_page(original: str, front: str) -> str:
    heading, rest = original.split("\n", 1)
    return f"{front}{heading}\n\n{RAW_EXAMPLE}\n\n{LINK}\n{rest}"


@pytest.fixture(scope="module")
def original() -> str:
    from support import ROOT

    return (ROOT / "docs" / PAGE).read_text(encoding="utf-8")


@pytest.fixture(params=list(FRONT_MATTERS), scope="module")
def tricky(request, tmp_path_factory, original):
    project = copy_project(tmp_path_factory.mktemp(request.param) / "project")
    text = tricky_page(original, FRONT_MATTERS[request.param])
    (project / "docs" / PAGE).write_text(text, encoding="utf-8")
    return project, text, FRONT_MATTERS[request.param]


def _lines_of(text: str, fragment: str) -> list[int]:
    return [n for n, line in enumerate(text.split("\n"), 1) if fragment in line]


def test_every_reader_agrees_on_a_tricky_page(tricky):
    project, text, front = tricky
    docs = project / "docs"
    archive = load_archive(project)
    summary = archive.summaries["2020-h1"]
    source = read_page(docs / PAGE, SHOWN)
    heading = text.split("\n")[text.count("\n", 0, len(front))]
    title = heading[2:]

    # The page check: every real call, not the example in raw; the link's call on its own line.
    calls = check_summary_calls(source, SHOWN, summary.loaded)
    written = [(m[1], m[2], text.count("\n", 0, m.start()) + 1)
               for m in re.finditer(r'\{\{ (fig|name)\("(\w+)"\) \}\}', text)]
    example_line = _lines_of(text, "写法示例")[0]
    expected = [c for c in written if c[2] != example_line]
    assert [(c.name, c.key, c.line) for c in calls] == expected
    donors = [c for c in calls if c.key == "donors"]
    assert [c.line for c in donors] == [_lines_of(text, "[组织党员捐款")[0], _lines_of(text, "组织党员捐款{{")[-1]]

    # Front matter: split the same way MkDocs splits it, whatever its closer.
    meta, body_start, _ = split_front_matter(source)
    assert (meta is not None) == bool(front)
    assert source[body_start:].startswith(heading)

    # Headings: the page's own, never the comment in the front matter.
    page = parse_page(source, SHOWN)
    assert page.headings[0].text == title and page.headings[0].line == _lines_of(text, heading)[0]
    assert summary.titles[PAGE] == title                                        # catalog
    uses = figure_uses({PAGE: calls}, docs)                                     # figure index
    assert {use.part for key in ("donors",) for use in uses[("2020-h1", key)]} == {title}
    assert [use.line for use in uses[("2020-h1", "donors")]] == [c.line for c in donors]

    # The proofreader: words where they are in the source, the example shown as written, no front matter.
    shown = summary.data.figures["donors"].shown
    rendered, _ = render_page(source, SHOWN, summary)
    rendered_lines = rendered.split("\n")
    assert len(rendered_lines) == len(text.split("\n"))
    assert rendered_lines[donors[0].line - 1] == f"[组织党员捐款{shown}人](#一)"
    assert rendered_lines[example_line - 1] == '写法示例：{{ fig("donors") }}'
    blocks = markdown_blocks(rendered, SHOWN)
    assert [b.text for b in blocks if b.heading][0] == title
    assert not any("页首里的注释" in b.text for b in blocks)

    # The print view: the same words, the example as written, no front matter, the title one level down.
    printed = print_markdown(summary, docs.parent, "x.pdf")
    assert f"[组织党员捐款{shown}人](#一)" in printed
    assert '写法示例：{{ fig("donors") }}' in printed
    assert "页首里的注释" not in printed and "exclude: false" not in printed
    assert f"\n## {title}\n" in printed

    # `new`: front matter and headings kept as written; the example's paragraph becomes a placeholder.
    skeleton = skeleton_page(source, PAGE, summary, "2020-h2")
    assert skeleton.startswith(source[:body_start]) and f"\n{heading}\n" in "\n" + skeleton
    assert "写法示例" not in skeleton
    assert skeleton.split("\n")[donors[0].line - 1] == '（待填写：请按原文写出本段。上期本段用到：{{ fig("donors") }}人。）'

    # `rename`: the calls, not the example in raw.
    renamed, count = rename_in_page(source, "donors", "donor_count", SHOWN)
    assert count == len(donors)
    assert RAW_EXAMPLE in renamed
    assert [(c.key, c.line) for c in find_calls(renamed, SHOWN) if c.key in ("donors", "donor_count")] == \
        [("donor_count", c.line) for c in donors]

    # Re-import: the same calls, with their words.
    assert [(u.kind, u.key) for u in uses_in(source, SHOWN)] == [(c.name, c.key) for c in calls]
    paragraphs = text_paragraphs({"2.md": source}, {})
    assert ("[组织党员捐款□人](#一)", "[组织党员捐款X人](#一)") in paragraphs
    assert not any("页首里的注释" in p[0] for p in paragraphs)


ESCAPED_BRACES = "{{ '{{' }} 不是宏"  # not allowed: to show {{ literally, put it inside {% raw %} … {% endraw %}


@pytest.mark.parametrize("bad, says", [
    pytest.param(ESCAPED_BRACES, "看不懂这个宏：“{{ '{{' }}”", id="escaped-braces"),
    pytest.param("{% raw %}没有结束", "{% raw %} 没有对应的 {% endraw %}", id="unclosed-raw"),
    pytest.param("{{ fig('donors') | safe }}人", "看不懂这个宏", id="filter"),
])
def test_every_reader_stops_with_the_same_message(tmp_path, original, bad, says):
    project = copy_project(tmp_path / "project")
    text = tricky_page(original, FRONT_MATTERS["dots-closer"]).replace(LINK, bad)
    (project / "docs" / PAGE).write_text(text, encoding="utf-8")
    line = _lines_of(text, bad)[0]
    summary = load_archive(project).summaries["2020-h1"]
    source = read_page(project / "docs" / PAGE, SHOWN)
    readers = {
        "page check": lambda: check_summary_calls(source, SHOWN, summary.loaded),
        "proofread": lambda: render_page(source, SHOWN, summary),
        "print view": lambda: print_markdown(summary, project, "x.pdf"),
        "new": lambda: skeleton_page(source, SHOWN, summary, "2020-h2"),
        "rename": lambda: rename_in_page(source, "donors", "donor_count", SHOWN),
        "re-import": lambda: uses_in(source, SHOWN),
    }
    messages = {}
    for reader, read in readers.items():
        with pytest.raises(ArchiveError) as caught:
            read()
        messages[reader] = str(caught.value)
    assert len(set(messages.values())) == 1, messages
    assert messages["page check"].startswith(f"{SHOWN} 第 {line} 行：") and says in messages["page check"]


def test_what_the_page_language_allows():
    source = '甲{%- raw %} {{ x }} {% endraw -%}\n乙{{name("city")}}市\n'
    page = parse_page(source, "docs/x.md")
    jinja = jinja2.Environment().from_string(source).render(name=lambda key: f"<{key}>")
    assert page.render(lambda call: f"<{call.key}>") == jinja == "甲 {{ x }} 乙<city>市"  # what Jinja outputs
    assert page.render(lambda call: "", keep_lines=True) == "甲 {{ x }} \n乙市\n"  # lines where they were
    (call,) = page.calls
    assert (call.line, call.column, page.source[call.start:call.end], call.after) == (2, 2, '{{name("city")}}', "市")
    assert page.source[slice(*call.key_span)] == "city"
    assert [(r.line, page.source[r.start:r.end][:8]) for r in page.raws] == [(1, "{%- raw ")]
    # MkDocs' own front matter rules: a closer must end its line; a block that is not a mapping is page text.
    assert split_front_matter("---\na: 1\n---")[0] is None
    assert split_front_matter("---\n- a\n---\n正文")[0] is None
    assert split_front_matter("---\na: 1\n--- \n\n正文")[0] == "a: 1\n"
    assert split_front_matter("Title: 说明\n\n正文")[0] == "Title: 说明\n\n"  # MultiMarkdown meta-data


def test_a_text_file_is_read_whole_up_to_its_limit_and_never_further(tmp_path, monkeypatch):
    """read_text_file asks for a buffer the size of the file, not the limit's: the same text, the same refusal at
    limit + 1 bytes, and a file that grew after its size was taken is still read on, as far as the limit."""
    import os

    from macros.archive import text_files

    path, real_fstat = tmp_path / "x.md", os.fstat
    for size in (0, 1, 9, 10, 11, 50):
        path.write_bytes(b"a" * size)
        for claimed in (None, 0, 3):  # the size the system reports: the real one, or less (the file grew since)
            if claimed is not None:
                monkeypatch.setattr(text_files.os, "fstat", lambda fd, c=claimed, stat=real_fstat: os.stat_result(
                    (*stat(fd)[:6], c, *stat(fd)[7:])))
            if size > 10:
                with pytest.raises(ArchiveError, match="太大"):
                    text_files.read_text_file(path, "docs/x.md", 10, "")
            else:
                assert text_files.read_text_file(path, "docs/x.md", 10, "") == "a" * size
            monkeypatch.undo()
