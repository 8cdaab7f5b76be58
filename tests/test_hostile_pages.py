"""Hostile pages: a page (it comes through a pull request) can run nothing but the archive's macros.

Each case changes one page of a copy of the project the way an attacker would, to reach the build's environment
through Jinja (`cycler.__init__.__globals__.os.environ`), and runs `mkdocs build --strict` as CI does, with a
secret in the environment. The build must stop with exactly one Chinese message naming the file and the line,
without a traceback, and the secret must appear neither in what the build printed nor in any file it wrote.
Behind the page check, mkdocs-macros renders in Jinja's sandbox: tested with the check switched off, and directly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ROOT, build_site
from test_page_errors import assert_stopped, line_of

from macros.commands.cli import main
from macros.errors import ArchiveError

SECRET_NAME = "ARCHIVE_TEST_SECRET"
SECRET = "s3cret-token-4f1d9a"
EVIL = f"{{{{ cycler.__init__.__globals__.os.environ.{SECRET_NAME} }}}}"
PAGE = "docs/2020-h1/2.md"
HEADING = "# 二、完成机关党建工作任务\n"
NOT_UNDERSTOOD = f"看不懂这个宏：“{EVIL}”"
STATEMENT = "页面里不能写“{%”开头的模板语句"


def build_with_secret(project: Path, site: Path):
    return build_site(project, site, extra_env={SECRET_NAME: SECRET})


def assert_nothing_leaked(result) -> None:
    assert SECRET not in result.output
    if result.site.exists():
        for path in result.site.rglob("*"):
            if path.is_file():
                assert SECRET.encode() not in path.read_bytes(), path


def write_page(project: Path, text: str, page: str = PAGE) -> str:
    (project / page).write_text(text, encoding="utf-8")
    return text


def with_paragraph(project: Path, paragraph: str) -> str:
    """The page with `paragraph` right after its title."""
    text = (project / PAGE).read_text(encoding="utf-8")
    assert text.startswith(HEADING)
    return write_page(project, HEADING + "\n" + paragraph + "\n" + text[len(HEADING):])


# (id, the paragraph added after the page's title, the fragment on the line named, what the message says)
BYPASSES = [
    pytest.param("{% raw %}{% endraw +%}" + EVIL + "{% raw %}{% endraw %}", EVIL, NOT_UNDERSTOOD, id="endraw-plus"),
    pytest.param("{%- raw -%}{%- endraw -%}" + EVIL + "{%- raw -%}{%- endraw -%}", EVIL, NOT_UNDERSTOOD,
                 id="raw-minus-both-sides"),
    pytest.param("{%+ raw %}x{% endraw %}" + EVIL, EVIL, NOT_UNDERSTOOD, id="raw-plus"),
    pytest.param("{% raw -%}x{%+ endraw %}" + EVIL + "{% endraw %}", EVIL, NOT_UNDERSTOOD, id="endraw-plus-begin"),
    pytest.param("{% raw %}{% raw %}{% endraw %}" + EVIL + "{% endraw %}", EVIL, NOT_UNDERSTOOD, id="nested-raw"),
    pytest.param("{# {% raw %} #}" + EVIL + "{# {% endraw %} #}", "{# {% raw", "页面里不能写“{#”开头的模板语句",
                 id="comment-holding-delimiters"),
    pytest.param("{% raw %}{# {% endraw %}" + EVIL + " #}", EVIL, NOT_UNDERSTOOD, id="raw-ending-in-a-comment"),
    pytest.param("说明\n\n{% raw %}" + EVIL + "\n\n正文", "{% raw %}", "{% raw %} 没有对应的 {% endraw %}",
                 id="unclosed-raw"),
    pytest.param("{% set x = cycler.__init__.__globals__ %}", "{% set", STATEMENT, id="statement"),
    pytest.param(EVIL.replace(" }}", " | string }}"), "| string", "看不懂这个宏", id="filter"),
    pytest.param('{{ fig.__globals__["os"].environ }}', "fig.__globals__", "看不懂这个宏", id="attribute-and-item"),
    pytest.param("{{ '{{' }}", "{{ '{{' }}", "看不懂这个宏：“{{ '{{' }}”", id="escaped-braces"),
]


@pytest.mark.parametrize("paragraph, at, says", BYPASSES)
def test_jinja_hidden_from_the_check_stops_the_build(project, tmp_path, paragraph, at, says):
    text = with_paragraph(project, paragraph)
    result = build_with_secret(project, tmp_path / "site")
    assert_stopped(result, file=PAGE, line=line_of(text, at), key=None, says=[says])
    assert_nothing_leaked(result)


# (id, the page's new beginning, put before its title, the fragment on the line named, what the message says)
FRONT_MATTER_BYPASSES = [
    pytest.param(f'---\ntitle: "{EVIL}"\n---\n\n', "title:", "页首（--- 之间的 front matter）里不能写“{{”",
                 id="jinja-in-front-matter"),
    pytest.param('---\ntitle: "\\x7B\\x7B cycler.__init__.__globals__ \\x7D\\x7D"\n---\n\n', "title:",
                 "页面标题里：看不懂这个宏", id="jinja-spelled-with-yaml-escapes"),
    pytest.param("title: 二\nnote: {% raw %}\n\n" + EVIL + "{% raw %}{% endraw %}\n\n", "note:",
                 "页首（--- 之间的 front matter）里不能写“{%”", id="multimarkdown-meta-opening-raw"),
    pytest.param(f"---\n- {EVIL}\n---\n\n", EVIL, NOT_UNDERSTOOD, id="front-matter-that-is-no-mapping"),
]


@pytest.mark.parametrize("front, at, says", FRONT_MATTER_BYPASSES)
def test_jinja_in_front_matter_stops_the_build(project, tmp_path, front, at, says):
    text = write_page(project, front + (project / PAGE).read_text(encoding="utf-8"))
    result = build_with_secret(project, tmp_path / "site")
    assert_stopped(result, file=PAGE, line=line_of(text, at), key=None, says=[says])
    assert_nothing_leaked(result)


def test_jinja_in_the_page_title_stops_the_build(project, tmp_path):
    # mkdocs-macros renders the title (here the first "# " line) by itself: {% raw %} opened there never ends.
    text = (project / PAGE).read_text(encoding="utf-8")
    text = write_page(project, "# {% raw %}" + EVIL + "\n" + text[len(HEADING):] + "\n{% endraw %}\n")
    result = build_with_secret(project, tmp_path / "site")
    assert_stopped(result, file=PAGE, line=1, key=None, says=["页面标题里：{% raw %} 没有对应的 {% endraw %}"])
    assert_nothing_leaked(result)


def test_jinja_in_a_file_name_stops_the_build(project, tmp_path):
    # A page without a heading is titled by its file name, which mkdocs-macros renders too.
    page = f"docs/{EVIL}.md"
    write_page(project, "说明文字。\n", page)
    result = build_with_secret(project, tmp_path / "site")
    assert_stopped(result, file=page, line=None, key=None, says=["页面标题里：看不懂这个宏"])
    assert_nothing_leaked(result)


def test_other_jinja_delimiters_in_mkdocs_yml_stop_the_build(project, tmp_path):
    # mkdocs-macros 1.5.0 lets mkdocs.yml change Jinja's delimiters (j2_*_string) and extensions (line statements
    # cannot be switched on). The page check reads Jinja's defaults, so any change stops the build before a page
    # is rendered, even where the page check saw only text.
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      on_undefined: strict\n", "      on_undefined: strict\n"
                                   "      j2_variable_start_string: '[['\n      j2_variable_end_string: ']]'\n"),
                      encoding="utf-8")
    with_paragraph(project, f"[[ cycler.__init__.__globals__.os.environ.{SECRET_NAME} ]]")
    result = build_with_secret(project, tmp_path / "site")
    assert_stopped(result, file="mkdocs.yml", line=None, key="plugins.macros",
                   says=["macros 插件不能改动 Jinja 的写法（j2_variable_start_string、j2_variable_end_string）"])
    assert_nothing_leaked(result)


# --- Pages that cannot be read -------------------------------------------------------------------

def test_a_page_not_in_utf8_is_named(project, tmp_path):
    (project / PAGE).write_bytes(("# 二、标题\n\n正文\n第三行是 GBK：党建\n").encode("gbk"))
    result = build_with_secret(project, tmp_path / "site")
    assert_stopped(result, file=PAGE, line=1, key=None, says=["页面不是 UTF-8 编码的文字", "另存为 UTF-8"])
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_page_over_one_megabyte_is_refused(project, tmp_path):
    page = project / PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\n" + "党建工作。" * 80_000 + "\n", encoding="utf-8")
    result = build_with_secret(project, tmp_path / "site")
    assert_stopped(result, file=PAGE, line=None, key=None, says=["页面太大", "超过了 1 MB 的上限"])


# --- `python -m macros check` reads pages the same way ------------------------------------------

@pytest.mark.parametrize("paragraph, at, says", [BYPASSES[0], BYPASSES[5], BYPASSES[7]])
def test_the_proofreader_reports_the_same(project, capsys, paragraph, at, says):
    text = with_paragraph(project, paragraph)
    code = main(["check", "2020-h1"], root=project)
    (message,) = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert message.startswith(f"未执行：{PAGE} 第 {line_of(text, at)} 行：") and says in message, message


# --- The second wall: Jinja's sandbox ------------------------------------------------------------

def test_the_sandbox_stops_what_a_wrong_check_would_let_through(project, tmp_path):
    # Switch the page check off in the copy, as if it were wrong: the sandbox alone must refuse.
    language = project / "macros" / "archive" / "page_language.py"
    code = language.read_text(encoding="utf-8")
    check = "            pieces.append(_call(source, begin, tokens, page))\n"
    assert code.count(check) == 1
    code = code.replace(check, "            try:\n    " + check + "            except ArchiveError:\n"
                        "                pass\n")
    language.write_text(code, encoding="utf-8")
    # A {% raw %} example sends the page through mkdocs-macros' Jinja pass (pages without one never meet Jinja:
    # macros/site/mkdocs_module.py renders their calls itself), where only the sandbox stands in the way.
    raw_example = "{% raw %}{{ fig(\"donors\") }}{% endraw %}"
    for payload in (EVIL, "{{ config.site_url }}", "{{ lipsum() }}"):
        text = (ROOT / PAGE).read_text(encoding="utf-8")
        write_page(project, HEADING + "\n" + payload + "\n\n" + raw_example + "\n" + text[len(HEADING):])
        result = build_with_secret(project, tmp_path / payload.strip("{} ")[:6])
        output = result.output
        # mkdocs-macros logs the sandbox's SecurityError with its traceback: this wall is not for editors' mistakes
        assert result.returncode != 0, output
        assert "docs/2020-h1/2.md：宏展开失败" in output, output
        assert_nothing_leaked(result)


HOSTILE_TEMPLATES = [
    EVIL,
    "{{ fig.__globals__ }}",
    '{{ fig["__globals__"] }}',
    "{{ archive_home().__class__.__mro__ }}",
    "{{ range(3) }}",
    "{{ lipsum() }}",
    "{{ config }}",
    "{{ environment }}",
    '{{ fig("donors") | attr("__class__") }}',
    "{{ namespace() }}",
]


@pytest.fixture(scope="module")
def macros_plugin():
    """The real mkdocs-macros plugin of the real project, configured as a build configures it, in the sandbox."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from macros.site.sandbox import install_sandbox

    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    plugin = config.plugins["macros"]
    install_sandbox(plugin)
    page = Page(None, File("2020-h1/2.md", config["docs_dir"], config["site_dir"], True), config)
    plugin._page = page  # the page being rendered, as on_page_markdown sets it
    plugin.variables["page"] = page
    return plugin


@pytest.mark.parametrize("template", HOSTILE_TEMPLATES)
def test_the_sandbox_reaches_nothing_but_the_macros(macros_plugin, template):
    from jinja2.exceptions import SecurityError, TemplateError

    with pytest.raises((SecurityError, TemplateError)):
        macros_plugin.env.from_string(template).render(**macros_plugin.variables)
    # mkdocs-macros' own render, as used for every page: an error text, never the value
    assert SECRET not in macros_plugin.render(template, force_rendering=True)


def test_the_templates_see_only_the_archive_macros(macros_plugin):
    from macros.archive.page_language import MACROS

    env = macros_plugin.env
    assert set(env.globals) == set(MACROS)
    assert env.filters == {} and env.tests == {} and env.loader is None
    assert "2020" in env.from_string("{{ archive_home() }}").render(config={"site_url": SECRET})


def test_the_macros_check_raises_archive_errors_not_jinja_ones():
    # A sanity check for the hostile cases above: the error type the build turns into one message.
    from macros.archive.page_language import parse_page

    with pytest.raises(ArchiveError):
        parse_page(EVIL, "docs/x.md")
