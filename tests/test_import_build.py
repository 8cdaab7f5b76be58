"""`python -m macros import`: received documents become periods that pass the strict build at once
and whose rendered text equals the document's, character for character (markup aside).

One copy of the project receives every document below as its own period, and is built once:
- the 2020 H1 original (as 2019-h1): 60 X marks lifted (42 figures, 18 uses of 11 names);
- tests/fixtures/import/messy-utf8.txt: every structure, page furniture, broken lines, CRLF;
- the same document in GB18030, and as a .docx made here with python-docx;
- a long document made here (15,000+ characters, 3 levels of headings, 100+ figures).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from page_text import REDACTION, assert_faithful, rendered_summary
from support import ROOT, build_site, copy_project, line_of, lines_of, run_module

from macros.archive.catalog import load_archive
from macros.archive.schema import format_number

FIXTURES = ROOT / "tests" / "fixtures" / "import"
CLEAN = (FIXTURES / "clean.txt").read_text(encoding="utf-8")


def run_import(project: Path, document: Path, period: str, *extra: str) -> subprocess.CompletedProcess:
    """The command exactly as an editor types it, in the project folder."""
    return run_module("macros", "import", str(document), "--period", period, *extra, cwd=project)


# --- The long document -------------------------------------------------------------------

PARTS = ["加强政治建设", "推进组织建设", "深化作风建设", "严明纪律规矩", "提升服务效能"]
SECTIONS = ["抓好理论武装", "落实主体责任", "规范组织生活", "建强党员队伍"]
ITEMS = ["专题学习", "培训轮训", "走访调研"]
MEASURES = [("组织集中学习", "次"), ("开展专题研讨", "场次"), ("走访困难党员", "户"), ("发放学习资料", "册"),
            ("参学党员", "人次"), ("发放慰问金", "万元"), ("学习覆盖率达", "%"), ("建立联系点", "个"),
            ("撰写心得体会", "篇"), ("开展志愿服务", "小时")]
CHINESE = "一二三四五六七八九十"


def _number(i: int, unit: str) -> tuple[str, str]:
    """(the number as written, 余 or "") for the i-th figure: X, 3,105, 2.3, 97.4 or 41."""
    if i % 7 == 3:
        return "X", ""
    if unit == "万元":
        return f"{1 + i % 9}.{1 + i % 8}", ""
    if unit == "%":
        return f"{80 + i % 19}.{1 + i % 9}", ""
    if i % 11 == 5:
        return f"{1 + i % 3},{100 + i:03d}", ""
    return str(3 + (i * 37) % 400), "余" if i % 13 == 7 else ""


def long_document() -> tuple[str, list[tuple[str, str, str]]]:
    """A summary of 5 parts × 4 sections × 3 items, and its figures (written, 余, unit) in order."""
    lines = ["2022年临江市X局机关上半年党建工作总结",
             "半年来，X市X局机关党委坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的十九大和十九届六中全会精神，"
             "对照2022年目标任务，扎实推进机关党建各项工作。现将2022年上半年工作总结如下："]
    figures, i = [], 0
    for p, part in enumerate(PARTS):
        lines.append(f"{CHINESE[p]}、{part}")
        for s, section in enumerate(SECTIONS):
            heading = f"（{CHINESE[s]}）{section}{PARTS[p][2:]}工作。"
            lines.append(heading if s % 2 == 0 else heading + f"围绕《2022年度{part}工作要点》，各支部明确分工、压实责任。")
            for t, item in enumerate(ITEMS):
                lines.append(f"{t + 1}.{item}{section[2:]}")
                sentence = []
                for _ in range(2):
                    words, unit = MEASURES[i % len(MEASURES)]
                    written, approx = _number(i, unit)
                    figures.append((written, approx, unit))
                    sentence.append(f"{words}{written}{approx}{unit}")
                    i += 1
                place = "与XX社区联合开展活动，" if (p + s + t) % 4 == 0 else ""
                lines.append(f"{place}上半年{sentence[0]}，{sentence[1]}，第{t + 1}批次工作按计划推进。各支部结合实际，"
                             f"认真落实“三会一课”制度，把{part}的成果转化为推动{section}的实际成效，对照十九届六中全会"
                             f"精神和2022年度工作要点逐项抓好落实，党员群众普遍反映良好，{item}工作取得新进展。同时，"
                             f"{section}与{item}相互促进，支部书记带头讲党课、作示范，普通党员立足岗位比学赶超，"
                             f"形成了比学习、比服务、比作风的良好氛围，群众满意度持续提升。")
            lines.append(f"{section}方面，各支部对照任务清单逐项推进，做到件件有着落、事事有回音，{part}的基础进一步夯实。")
    lines += ["下半年，我们将继续以党的政治建设为统领，推动机关党建工作再上新台阶。", "X市X局机关党委", "2022年7月8日"]
    return "\n".join(lines) + "\n", figures


# --- One project, five imports, one build ------------------------------------------------

def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    title = document.add_paragraph()
    first, second = CLEAN.splitlines()[0].split("上半年")
    title.add_run(first + "上半年").add_break()  # a title split over two lines by a line break
    title.add_run(second)
    for line in CLEAN.splitlines()[1:]:
        document.add_paragraph(line)
    document.save(path)
    return path


@pytest.fixture(scope="session")  # not "module": under xdist its tests may be interleaved with others
def imported(tmp_path_factory):
    work = tmp_path_factory.mktemp("import")
    project = copy_project(work / "project")
    (work / "long.txt").write_text(long_document()[0], encoding="utf-8")
    documents = {
        "2019-h1": ROOT / "docs/2020-h1/original.txt",  # the 2020-h1 original as received
        "2021-h1": FIXTURES / "messy-utf8.txt",
        "2021-h2": FIXTURES / "messy-gb18030.txt",
        "2022-h2": _docx(work / "总结.docx"),
        "2023-h1": work / "long.txt",
    }
    outputs = {}
    for period, document in documents.items():
        done = run_import(project, document, period)
        assert done.returncode == 0, done.stdout + done.stderr
        outputs[period] = done.stdout
    site = work / "site"
    result = build_site(project, site, {"ARCHIVE_DRAFTS": "true"})  # an import is a draft: the editor's preview
    assert result.ok, result.output
    return project, site, outputs


def _data(project: Path, period: str) -> dict:
    return yaml.safe_load((project / "data" / f"{period}.yml").read_text(encoding="utf-8"))


def test_the_2020_h1_original_imports_with_all_its_x_marks(imported):
    project, site, outputs = imported
    assert_faithful(site, project, "2019-h1")
    original = (project / "docs/2019-h1/original.txt").read_text(encoding="utf-8")
    assert original == (ROOT / "docs/2020-h1/original.txt").read_text(encoding="utf-8"), "kept as received"
    _, articles = rendered_summary(site, project, "2019-h1")
    marks = [key for article in articles for key, _ in article.marks]
    data = _data(project, "2019-h1")
    assert len(REDACTION.findall(original)) == len(marks) == 60
    assert len(data["figures"]) == 42 and sum(key in data["figures"] for key in marks) == 42
    assert sum(key in data["names"] for key in marks) == 18 and len(data["names"]) == 11
    assert all(f["value"] is None for f in data["figures"].values()), "2020年 and 十九届 are not figures"
    assert data["summary"]["title"] == "2020年市局机关上半年党建工作总结" and data["summary"]["status"] == "draft"
    # split as docs/2020-h1 is: the same pages and the same headings
    for page in ("index.md", "1.md", "2.md", "3.md", "conclusion.md"):
        ours = (project / "docs/2019-h1" / page).read_text(encoding="utf-8")
        theirs = (ROOT / "docs/2020-h1" / page).read_text(encoding="utf-8")
        assert [s for s in ours.splitlines() if s.startswith("#")] == [s for s in theirs.splitlines() if s.startswith("#")]
    labels = {key: f["label"] for key, f in data["figures"].items()}
    assert "组织党员捐款（人）" in labels.values() and "捐款率（%）" in labels.values()
    assert "受益农户（户，原文为“余户”）" in labels.values()


def test_a_messy_text_file_renders_exactly_its_text(imported):
    project, site, outputs = imported
    assert_faithful(site, project, "2021-h1", CLEAN)
    received = (FIXTURES / "messy-utf8.txt").read_bytes().decode("utf-8")
    assert (project / "docs/2021-h1/original.txt").read_bytes().decode("utf-8") == received, "kept as received"


def test_what_was_removed_or_repaired_is_reported_line_by_line(imported):
    out = imported[2]["2021-h1"]
    received = FIXTURES / "messy-utf8.txt"
    lines = received.read_text(encoding="utf-8").splitlines()
    furniture = "临江市直机关党建工作资料"
    title_ends = line_of(received, "党建工作总结")
    zero_width = [n for n, line in enumerate(lines, 1) if re.search("[\u200b-\u200d\u2060\ufeff]", line)]
    # Lines that carry on a sentence: their text stands inside a paragraph of the clean text, not at its start.
    clean_lines = [line.strip("\u3000 ") for line in CLEAN.splitlines()]
    carried = [n for n, line in enumerate(lines, 1)
               if (text := re.sub("[\u200b-\u200d\u2060\ufeff]", "", line).strip("\u3000 ")) and n != title_ends
               and any(text in clean for clean in clean_lines) and not any(c.startswith(text) for c in clean_lines)]
    expected = [*(f"第 {n} 行：已删去重复出现的页眉或页脚“{furniture}”" for n in lines_of(received, furniture)),
                *(f"第 {line_of(received, number)} 行：已删去页码“{number}”" for number in ("— 2 —", "- 3 -", "第4页")),
                f"第 {title_ends} 行：标题分在两行，已与第 {title_ends - 1} 行合为一行“2021年临江市X局机关上半年党建工作总结”",
                f"第 {_spans(zero_width)} 行：已删去零宽字符",
                f"第 {_spans(carried)} 行：原文在句中断行，已接回上一行",
                f"第 {line_of(received, 'X市X局机关党委')} 行：末尾的落款“X市X局机关党委”和“2021年7月9日”",
                "已把 Windows 换行（CRLF）按普通换行读取"]
    assert zero_width and carried
    for line in expected:
        assert line in out, line


def _spans(numbers: list[int]) -> str:
    """[6, 7, 10, 23] -> 6–7、10、23, as the report writes lines."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][-1] + 1:
            spans[-1].append(n)
        else:
            spans.append([n])
    return "、".join(f"{s[0]}–{s[-1]}" if len(s) > 1 else str(s[0]) for s in spans)


def test_every_structure_lands_where_the_archive_puts_it(imported):
    project = imported[0]
    docs = project / "docs/2021-h1"
    index = (docs / "index.md").read_text(encoding="utf-8")
    assert index.startswith('# 2021年临江市{{ name("') and "{{ summary_meta() }}\n\n半年来，" in index
    assert index.rstrip().endswith("{{ contents() }}")
    one, two, three = ((docs / f"{n}.md").read_text(encoding="utf-8") for n in (1, 2, 3))
    assert one.startswith("# 一、加强政治建设\n\n## （一）抓好理论学习。\n\n全年组织集中学习{{ fig(")
    assert "\n## （一）规范支部建设。\n\n### 1.支部标准化建设\n\n全局{{ fig(" in two
    assert "\n2.党员发展。上半年发展党员{{ fig(" in two, "a 1. with text after it stays in its paragraph"
    assert "\n#### （1）结对帮扶\n\n与{{ name(" in two and "\n#### （2）爱心捐书\n" in two
    assert "\n1&#46; 整改台账。" in three, "escaped: not a Markdown list"
    conclusion = (docs / "conclusion.md").read_text(encoding="utf-8")
    assert conclusion.startswith('# 回顾与展望 { .archive-added title="原文此段没有标题，标题为档案所加" }\n\n下半年，')
    assert conclusion.rstrip().endswith("2021年7月9日\n{ .signature }")
    printed = (imported[1] / "2021-h1" / "print" / "index.html").read_text(encoding="utf-8")
    assert printed.count("2021年7月9日") == 1, "the print view sets the signature once, from data"
    assert sorted(p.name for p in docs.iterdir()) == sorted(
        ["index.md", "1.md", "2.md", "3.md", "conclusion.md", "figures.md", "print.md", "original.md", "original.txt"])


def test_figures_names_and_dateline_go_to_the_data_file(imported):
    data = _data(imported[0], "2021-h1")
    shown = [(format_number(f["value"], f.get("thousands_separator", False)) if f["value"] is not None
              else f.get("placeholder", "X"), f["unit"]) for f in data["figures"].values()]
    assert shown == [("12", "次"), ("4", "次"), ("3,000", "人次"), ("98.5", "%"), ("X", "次"), ("X", "项"),
                     ("X", "个"), ("X", "名"), ("5", "名"), ("X", "名"), ("10", "人次"), ("20", "户"),
                     ("1.2", "万元"), ("3,000", "册"), ("X", "人"), ("X", "%"), ("X", "场次"), ("100", "%"),
                     ("X", "份")]
    city, bureau = (next(k for k, n in data["names"].items() if n["label"] == label) for label in ("市名", "局名"))
    assert data["summary"]["unit"] == f"{{{city}}}市{{{bureau}}}局机关党委"
    assert data["summary"]["issued"].isoformat() == "2021-07-09"
    assert {n["label"] for n in data["names"].values()} >= {"市名", "局名"}
    assert [n.get("placeholder", "X") for n in data["names"].values()].count("XX") == 1
    labels = [f["label"] for f in data["figures"].values()]
    assert "组织集中学习（次）" in labels and "组织关系转接（人次，原文为“余人次”）" in labels
    # years, ordinals, quotations and titles stay text
    pages = "".join((imported[0] / "docs/2021-h1" / p).read_text(encoding="utf-8") for p in ("1.md", "3.md"))
    for text in ("《中国共产党2021年度党建工作要点》", "2020年度考核", "第3届", "19届", "“1+1”"):
        assert text in pages


def test_gb18030_and_docx_give_the_same_summary(imported):
    project, site, _ = imported
    for period in ("2021-h2", "2022-h2"):
        assert_faithful(site, project, period, CLEAN)
    utf8, gb = (project / "docs/2021-h1", project / "docs/2021-h2")
    for page in ("index.md", "1.md", "2.md", "3.md", "conclusion.md"):
        assert (utf8 / page).read_text(encoding="utf-8") == (gb / page).read_text(encoding="utf-8")
    assert _data(project, "2021-h2")["figures"] == _data(project, "2021-h1")["figures"]
    original = (project / "docs/2022-h2/original.txt").read_text(encoding="utf-8")
    assert original.splitlines()[:2] == ["2021年临江市X局机关上半年", "党建工作总结"], "paragraphs one per line"
    assert _data(project, "2022-h2")["figures"].keys() == _data(project, "2021-h1")["figures"].keys()


def test_a_long_document_with_three_levels_and_over_100_figures(imported):
    project, site, outputs = imported
    text, figures = long_document()
    assert len(text) >= 15_000 and len(figures) >= 100
    assert_faithful(site, project, "2023-h1")
    data = _data(project, "2023-h1")
    assert len(data["figures"]) == len(figures) == 120
    shown = [(format_number(f["value"], f.get("thousands_separator", False)) if f["value"] is not None else "X",
              f["unit"]) for f in data["figures"].values()]
    assert shown == [(written, unit) for written, _, unit in figures]
    summary = load_archive(project).summaries["2023-h1"]
    assert len(summary.part_pages) == 6  # 一、 to 五、 and the conclusion
    third_page = (project / "docs/2023-h1/3.md").read_text(encoding="utf-8")
    levels = {line.split(" ", 1)[0] for line in third_page.splitlines() if line.startswith("#")}
    assert levels == {"#", "##", "###"}
    assert str(data["summary"]["issued"]) == "2022-07-08"
    assert "找到 120 个数字" in outputs["2023-h1"]


def test_an_x_in_a_part_heading_shows_as_x_in_the_list_of_parts(tmp_path):
    project = copy_project(tmp_path / "project")
    document = tmp_path / "总结.txt"
    document.write_text("2021年上半年工作总结\n导语。\n一、加强X市党建工作\n（一）做好X项工作。开展学习12次。\n", encoding="utf-8")
    assert run_import(project, document, "2021-h1").returncode == 0
    summary = load_archive(project).summaries["2021-h1"]
    assert summary.titles["2021-h1/1.md"] == "一、加强X市党建工作"
    assert '{{ name("' in (project / "docs/2021-h1/1.md").read_text(encoding="utf-8").splitlines()[0]
