"""The search's Party-work vocabulary and the hook that wires our search worker into Material's pages."""

from __future__ import annotations

import gzip
import json
import marshal
import re

import pytest
from search_eval import plain_material_project
from support import ROOT, build_site

from macros.archive.vocabulary import TERMS_FILE, _WholeFileMarshal, load_terms, parse_terms, segmenter
from macros.errors import ArchiveError
from macros.site import search_hook
from macros.site.search_hook import (
    INDEX,
    SOURCE_KEY,
    TERMS_KEY,
    WORKER,
    add_terms_to_index,
    full_index_path,
    searchable_content,
    split_index,
    use_archive_worker,
    worker_name,
)

ZWSP = "\u200b"


# --- The vocabulary file ----------------------------------------------------------------------------------

def test_comments_blank_lines_and_a_byte_order_mark_are_allowed():
    text = "\ufeff# 注释\n\n三会一课   # 支部党员大会、支委会、党小组会、党课\n  先锋指数\n"
    assert [(t.text, t.line) for t in parse_terms(text)] == [("三会一课", 3), ("先锋指数", 4)]


@pytest.mark.parametrize(("text", "line", "says"), [
    ("三会一课\n三会 一课\n", 2, "不能有空格"),
    ("“三会一课”\n", 1, "只能由汉字组成"),
    ("PPT课件\n", 1, "只能由汉字组成"),
    ("党\n", 1, "2 到 20 个字"),
    ("三会一课\n先锋指数\n三会一课\n", 3, "第 1 行已经有这个词"),
])
def test_a_wrong_line_is_named_in_chinese(text, line, says):
    with pytest.raises(ArchiveError) as caught:
        parse_terms(text)
    assert caught.value.file == TERMS_FILE and caught.value.line == line
    assert says in str(caught.value)


def test_the_project_vocabulary_has_the_party_terms_of_the_issue():
    terms = {t.text for t in load_terms(ROOT)}
    assert {"三会一课", "先锋指数", "双千结对", "最多跑一次", "含氧量", "最强党支部", "从严治党"} <= terms


def test_a_missing_vocabulary_is_an_error(tmp_path):
    with pytest.raises(ArchiveError, match="缺少搜索词表"):
        load_terms(tmp_path)


def test_jieba_keeps_every_term_whole():
    import jieba

    words = segmenter(ROOT)
    terms = load_terms(ROOT)
    split = {t.text: list(words.cut(t.text)) for t in terms if list(words.cut(t.text)) != [t.text]}
    assert not split, split
    assert "最强党支部" in words.cut("积极创建最强党支部")
    assert segmenter(ROOT) is words  # made once per process and vocabulary
    assert words is not jieba.dt  # not jieba's process-wide dictionary, which other code may change


def test_jiebas_dictionary_cache_is_read_whole_into_the_same_data(tmp_path):
    import jieba

    value = ({"党建": 120, "党": 0, "最强党支部": 3}, 123)
    with (tmp_path / "cache").open("wb") as file:
        marshal.dump(value, file)
    with (tmp_path / "cache").open("rb") as file:
        assert _WholeFileMarshal.load(file) == value
    words = segmenter(ROOT)
    assert jieba.marshal is _WholeFileMarshal
    assert len(words.FREQ) > 300_000 and words.total > 0  # jieba's whole dictionary, not an empty one
    assert "疫情" not in {t.text for t in load_terms(ROOT)} and words.FREQ["疫情"] > 0  # a word jieba brings


def test_an_edited_vocabulary_gets_its_own_splitter(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / TERMS_FILE).write_text("最强党支部\n", encoding="utf-8")
    first = segmenter(tmp_path)
    assert "最强党支部" in first.lcut("积极创建最强党支部")
    (tmp_path / TERMS_FILE).write_text("三会一课\n", encoding="utf-8")  # as under `mkdocs serve`
    assert "最强党支部" not in segmenter(tmp_path).lcut("积极创建最强党支部")


# --- The hook ---------------------------------------------------------------------------------------------------

def _page(search: str) -> str:
    settings = {"base": "..", "features": [], "search": search, "translations": {"search.result.none": "没有"}}
    return f'<html><script id="__config" type="application/json">{json.dumps(settings)}</script></html>'


def _worker_of(html: str) -> str:
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))["search"]


def test_the_page_settings_name_our_worker(monkeypatch):
    monkeypatch.setattr(search_hook._State, "worker", worker_name(b"// a worker"))
    page = _page("../../assets/javascripts/workers/search.a7633da7.min.js")
    ours = use_archive_worker(page)
    assert re.fullmatch(r"\.\./\.\./assets/javascripts/workers/search\.archive\.[0-9a-f]{10}\.js", _worker_of(ours))
    assert use_archive_worker(ours) == ours  # twice is once
    assert use_archive_worker("<html>no settings</html>") == "<html>no settings</html>"


def test_an_unknown_worker_address_stops_the_build(monkeypatch):
    from mkdocs.exceptions import PluginError

    monkeypatch.setattr(search_hook._State, "worker", worker_name(b"// a worker"))
    with pytest.raises(PluginError, match="搜索程序地址"):
        use_archive_worker(_page("assets/javascripts/workers/other.js"))


def test_the_terms_go_into_the_index_config():
    index = '{"config":{"lang":["zh"],"separator":"x"},"docs":[{"location":"","title":"档案","text":""}]}'
    added = json.loads(add_terms_to_index(index, ["三会一课"]))
    assert added["config"][TERMS_KEY] == ["三会一课"]
    assert added["docs"] == json.loads(index)["docs"]


def test_the_index_is_split_into_a_stub_for_every_page_and_the_real_index():
    index = add_terms_to_index('{"config":{"lang":["zh"]},"docs":[{"location":"","title":"档案","text":"正文"}]}',
                               ["三会一课"])
    stub, name, real = split_index(index)
    assert re.fullmatch(r"archive_index\.[0-9a-f]{10}\.json", name)
    assert json.loads(stub) == {"config": {"lang": ["zh"], SOURCE_KEY: f"../../../search/{name}"}, "docs": []}
    assert json.loads(real)["docs"][0]["text"] == "正文" and "正文" in real, "UTF-8, not \\u escapes"
    assert split_index(index.replace("正文", "改过"))[1] != name, "a new name when the index changes"


def test_charts_and_figure_tables_are_kept_out_of_the_index():
    html = '<p>正文</p><svg xmlns="x"><text>2020年上半年</text></svg><table><tr><td>12</td></tr></table>'
    prose = searchable_content(html, "2020-h1/2.md")
    assert '<svg data-search-exclude xmlns="x">' in prose and "<table><tr>" in prose, "a table in prose stays"
    for page in ("2020-h1/figures.md", "trends.md", "trends/index.md"):
        data = searchable_content(html, page)
        assert "<svg data-search-exclude" in data and "<table data-search-exclude>" in data, page
    assert searchable_content("<svgx><tablet>", "trends.md") == "<svgx><tablet>"


# --- The built site -----------------------------------------------------------------------------------------------

def test_the_built_index_holds_prose_not_chart_axes_or_figure_tables(built_site):
    index = json.loads(full_index_path(built_site).read_text(encoding="utf-8"))
    text = {doc["location"]: doc["text"].replace(ZWSP, "") for doc in index["docs"]}
    assert not any("Pygal" in t for t in text.values()), "chart drawing text in the index"
    figures = [t for loc, t in text.items() if loc.startswith("2020-h1/figures/")]
    assert figures and all("<table" not in t and len(t) < 300 for t in figures), figures
    assert any("体温" in t for t in text.values()), "the prose is indexed"
    stub = json.loads((built_site / INDEX).read_text(encoding="utf-8"))
    assert stub["docs"] == [] and len((built_site / INDEX).read_bytes()) < 1000


def test_every_page_uses_our_worker_and_the_index_has_the_vocabulary(built_site):
    published = worker_name((ROOT / "docs" / WORKER).read_bytes())
    assert (built_site / published).is_file()
    assert not (built_site / WORKER).exists(), "the worker's source is published twice"
    pages = [p for p in built_site.rglob("*.html") if "__config" in p.read_text(encoding="utf-8")]
    assert pages
    for path in pages:
        assert _worker_of(path.read_text(encoding="utf-8")).endswith(published), path
    index = json.loads(full_index_path(built_site).read_text(encoding="utf-8"))
    assert index["config"][TERMS_KEY] == [t.text for t in load_terms(ROOT)]
    words = {word for doc in index["docs"] for word in (doc["title"] + ZWSP + doc["text"]).split(ZWSP)}
    for term in ("三会一课", "先锋指数", "双千结对", "最多跑一次", "最强党支部"):  # jieba kept them whole
        assert term in words, term


def test_the_index_stays_within_half_again_plain_material(built_site, tmp_path):
    plain = build_site(plain_material_project(tmp_path / "plain"), tmp_path / "site-plain")
    assert plain.ok, plain.output

    def packed(index):
        return len(gzip.compress(index.read_bytes(), compresslevel=9, mtime=0))

    ours, material = packed(full_index_path(built_site)), packed(plain.site / INDEX)
    assert ours <= 1.5 * material, (ours, material)
    assert "search.archive." not in _worker_of((plain.site / "index.html").read_text(encoding="utf-8"))


def test_a_wrong_vocabulary_line_stops_the_build_with_its_line(project):
    terms = project / TERMS_FILE
    terms.write_text(terms.read_text(encoding="utf-8") + "三会 一课\n", encoding="utf-8")
    line = len(terms.read_text(encoding="utf-8").splitlines())
    result = build_site(project, project / "site")
    assert not result.ok
    assert f"{TERMS_FILE} 第 {line} 行" in result.output and "不能有空格" in result.output, result.output
