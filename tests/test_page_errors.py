"""A mistake in a page (or in data) stops the whole build with one clear Chinese message.

End-to-end: each case breaks a copy of the project in one place, runs `mkdocs build --strict`
as CI does, and checks what the editor sees: the build fails, the message names the docs/…
(or data/…) file, the line and the key, says what to write instead, and no Python traceback
or English warning buries it. A few fast checks of the same rules without MkDocs come last.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ROOT, build_site

from macros.archive.page_check import check_other_calls, check_summary_calls, find_calls
from macros.archive.summary_data import load_summary_data
from macros.errors import ArchiveError
from macros.site.site_check import check_built_pages


def edit(project: Path, relative: str, old: str, new: str) -> str:
    """Replace the one occurrence of `old` in a project file; return the new text."""
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{relative}: the case must change exactly one place: {old!r}"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, fragment: str) -> int:
    assert text.count(fragment) == 1, f"ambiguous or missing: {fragment!r}"
    return text.count("\n", 0, text.index(fragment)) + 1


def assert_one_clear_message(result, first_line_says: str) -> str:
    """The build failed with exactly one error, in Chinese, and nothing else alarming."""
    output = result.output
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    assert "WARNING" not in output, output
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, output
    assert first_line_says in errors[0], output
    assert "Aborted with a BuildError!" in output, output
    return output


def assert_stopped(result, *, file: str, line: int | None, key: str | None, says: list[str]) -> None:
    output = assert_one_clear_message(result, "构建已停止，请修改后重试。")
    where = file + (f" 第 {line} 行" if line else "") + (f"，键 {key}" if key else "") + "："
    assert where in output, f"{where!r} missing from:\n{output}"
    for phrase in says:
        assert phrase in output, f"{phrase!r} missing from:\n{output}"


# --- Mistakes in pages -------------------------------------------------------------

PAGE_MISTAKES = [
    pytest.param("docs/2020-h1/2.md", 'fig("donors")', 'fig("donor")', 'fig("donor")', "donor",
                 ['宏 fig("donor") 用的键“donor”在 data/2020-h1.yml 的 figures 中不存在', "最接近的已有键是“donors”"],
                 id="unknown-figure-key"),
    pytest.param("docs/2020-h1/1.md", '市{{ name("bureau") }}局领导班子', '市{{ fig("bureau") }}局领导班子',
                 'fig("bureau")', "bureau", ['请改写成 {{ name("bureau") }}'], id="fig-with-a-name-key"),
    pytest.param("docs/2020-h1/2.md", 'fig("donors")', 'figs("donors")', "figs(", None,
                 ["没有名为“figs”的宏", "是否想写 fig？"], id="unknown-macro"),
    pytest.param("docs/2020-h1/2.md", '{{ fig("donors") }}人', '{{ fig("donors") 人', 'fig("donors") 人', None,
                 ["宏没有用“}}”闭合", '{{ fig("donors") }}'], id="macro-not-closed"),
    pytest.param("docs/2020-h1/2.md", 'fig("donors")', "fig(donors)", "fig(donors)", None,
                 ["看不懂这个宏：“{{ fig(donors) }}”", '正确的写法如 {{ fig("donors") }}'], id="unquoted-argument"),
    pytest.param("docs/2020-h1/conclusion.md", "回顾一年", "{% if true %}回顾{% endif %}一年", "{% if", None,
                 ["页面里不能写“{%”开头的模板语句"], id="jinja-if"),
    pytest.param("docs/2020-h1/2.md", '{{ fig("donors") }}人', '{{ fig("donors") }}名', 'fig("donors") }}名', "donors",
                 ["紧跟的是“名", "它的单位是“人”", '正文应写成 {{ fig("donors") }}人'], id="unit-mismatch"),
    pytest.param("docs/2020-h1/2.md", "# 二、", "---\nrender_macros: false\n---\n\n# 二、", "render_macros", "render_macros",
                 ["页首不能写 render_macros", "读者会看到"], id="render-macros-false"),
    pytest.param("docs/index.md", "{{ archive_home() }}", '{{ archive_home() }}\n\n{{ fig("donors") }}人',
                 'fig("donors")', None, ["宏 fig 只能用在某一期总结的页面里"], id="summary-macro-on-home-page"),
]


@pytest.mark.parametrize("page, old, new, at, key, says", PAGE_MISTAKES)
def test_a_page_mistake_stops_the_build(project, tmp_path, page, old, new, at, key, says):
    text = edit(project, page, old, new)
    result = build_site(project, tmp_path / "site")
    assert_stopped(result, file=page, line=line_of(text, at), key=key, says=says)


# --- Mistakes in data, seen through the build --------------------------------------

DONORS = "    label: 捐款党员人数\n    unit: 人\n    value: null"


def test_a_figure_no_page_uses_stops_the_build(project, tmp_path):
    text = edit(project, "data/2020-h1.yml", "figures:\n",
                "figures:\n  extra_count:\n    label: 多出来的数字\n    unit: 次\n    value: null\n")
    result = build_site(project, tmp_path / "site")
    assert_stopped(result, file="data/2020-h1.yml", line=line_of(text, "extra_count:"), key="figures.extra_count",
                   says=["figures 中定义了“extra_count”，但没有任何页面用到它", '{{ fig("extra_count") }}'])


def test_a_data_error_stops_the_whole_build(project, tmp_path):
    text = edit(project, "data/2020-h1.yml", DONORS, DONORS.replace("null", "十二"))
    result = build_site(project, tmp_path / "site")
    assert_stopped(result, file="data/2020-h1.yml", line=line_of(text, "value: 十二"), key="figures.donors.value",
                   says=["应为数字", "“十二”"])
    assert not (tmp_path / "site" / "2020-h1" / "index.html").exists()


def test_a_summary_without_its_data_file_stops_the_build(project, tmp_path):
    (project / "docs" / "2021-h1").mkdir()
    (project / "docs" / "2021-h1" / "index.md").write_text("# 2021年上半年\n", encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert_stopped(result, file="docs/2021-h1/", line=None, key=None,
                   says=["期次 2021-h1 有页面，但缺少数据文件 data/2021-h1.yml"])


# --- What a reader gets, and what the build needs ----------------------------------

def test_markup_in_a_name_is_shown_as_text(project, tmp_path):
    edit(project, "data/2020-h1.yml", "  city:\n    label: 市名\n    value: null",
         '  city:\n    label: 市名\n    value: "<script>alert(1)</script>"')
    result = build_site(project, tmp_path / "site")
    assert result.ok, result.output
    pages = sorted((tmp_path / "site").rglob("*.html"))
    landing = (tmp_path / "site" / "2020-h1" / "index.html").read_text(encoding="utf-8")
    assert "&#60;script&#62;alert(1)&#60;/script&#62;" in landing or "&lt;script&gt;alert(1)" in landing
    for page in [*pages, *(tmp_path / "site" / "search").glob("*.json")]:
        assert "<script>alert" not in page.read_text(encoding="utf-8"), page


def test_a_missing_jieba_stops_the_build_in_chinese(project, tmp_path):
    fake = tmp_path / "no_jieba" / "jieba"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('raise ImportError("No module named \'jieba\'")\n', encoding="utf-8")
    result = build_site(project, tmp_path / "site", extra_env={"PYTHONPATH": str(fake.parent)})
    output = assert_one_clear_message(result, "缺少中文分词库 jieba")
    assert "ImportError" not in output, output


# --- The same rules, fast (no MkDocs) ----------------------------------------------

@pytest.fixture(scope="module")
def real_data():
    return load_summary_data(ROOT / "data" / "2020-h1.yml", "data/2020-h1.yml")


def page_error(source: str, real_data, page: str = "docs/2020-h1/x.md") -> ArchiveError:
    with pytest.raises(ArchiveError) as caught:
        check_summary_calls(source, page, real_data)
    return caught.value


@pytest.mark.parametrize("source, line, says", [
    pytest.param('第一行\n\n共{{ name("donors") }}人', 3, ['请改写成 {{ fig("donors") }}'], id="name-with-a-figure-key"),
    pytest.param('{{ fig() }}人', 1, ['宏 fig 需要一个带引号的键名'], id="fig-without-key"),
    pytest.param('{{ contents("x") }}', 1, ["宏 contents 不带参数"], id="argument-to-contents"),
    pytest.param('{# 注释 #}', 1, ["“{#”开头"], id="jinja-comment"),
    pytest.param('甲\n{{ fig(\n"donors") }}人', 2, ["没有用“}}”闭合"], id="macro-over-two-lines"),
    pytest.param('{{ fig("donors") }}人，又{{ fig("donors") }}名', 1, ["紧跟的是“名"], id="second-use-on-a-line"),
    pytest.param('捐款{{ fig("donors") }}', 1, ["没有紧跟任何文字"], id="unit-missing-at-line-end"),
    pytest.param('{{ fig("donors") | safe }}人', 1, ["看不懂这个宏"], id="jinja-filter"),
    pytest.param("---\ntitle: x\nrender_macros: no\n---\n\n正文", 3, ["页首不能写 render_macros"],
                 id="render-macros-no"),
])
def test_page_rules_without_mkdocs(real_data, source, line, says):
    error = page_error(source, real_data)
    assert error.line == line, str(error)
    for phrase in says:
        assert phrase in str(error), str(error)


def test_allowed_page_text(real_data):
    calls = check_summary_calls(
        '{% raw %}写法示例：{{ fig("whatever") }}{% endraw %}\n共{{ fig("benefited_farmers") }}余户，'
        '{{ fig("donation_rate") }}%，{{name("city")}}市', "docs/2020-h1/x.md", real_data)
    assert [(c.name, c.key) for c in calls] == [("fig", "benefited_farmers"), ("fig", "donation_rate"),
                                                 ("name", "city")]
    assert find_calls("---\nsearch:\n  exclude: true\n---\n\n# 原文\n\n{{ original_text() }}", "docs/x.md")
    assert find_calls("正文\n\n---\n\nrender_macros: false 只是正文里的字", "docs/x.md") == []
    assert check_other_calls("{{ archive_home() }}", "docs/index.md")[0].name == "archive_home"


def test_a_macro_left_in_a_built_page_is_caught(tmp_path):
    # The last line of defence, whatever let a macro through unrendered.
    page = tmp_path / "2020-h1" / "2" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<p>共{{ fig("donors") }}人</p><pre><code>{{ shown }}</code></pre>', encoding="utf-8")
    with pytest.raises(ArchiveError) as caught:
        check_built_pages(tmp_path, {"2020-h1/2/": "docs/2020-h1/2.md"})
    assert str(caught.value).startswith("docs/2020-h1/2.md：生成的网页里留有没有展开的宏")
    page.write_text("<p>共12人</p><pre><code>{{ shown }}</code></pre>", encoding="utf-8")
    check_built_pages(tmp_path, {"2020-h1/2/": "docs/2020-h1/2.md"})
