"""What the macros put into pages, tested without MkDocs."""

from macros.archive.schema import Figure, Name, SummaryData
from macros.site.headings import add_toc_labels
from macros.site.render import figure_html, name_html, summary_meta_html, text


def test_undisclosed_figure_shows_x_with_a_chinese_tooltip():
    html = figure_html("donors", Figure(label="捐款党员人数", unit="人", value=None))
    assert ">X</span>" in html
    assert 'class="fig fig-undisclosed"' in html
    assert 'title="原文未披露：捐款党员人数（单位：人）"' in html
    assert 'data-key="donors"' in html


def test_disclosed_figure_shows_its_value():
    html = figure_html("rate", Figure(label="捐款率", unit="%", value=98.5))
    assert ">98.5</span>" in html and "fig-undisclosed" not in html


def test_redacted_name_keeps_the_originals_placeholder():
    assert ">XX</span>" in name_html("c", Name(label="社区", value=None, placeholder="XX"))
    assert ">临江</span>" in name_html("c", Name(label="市名", value="临江"))


def test_text_from_data_is_escaped_for_html_and_markdown():
    html = name_html("city", Name(label="市名", value="<script>alert(1)</script>*重要*"))
    assert "<script>" not in html and "*" not in html
    import html as html_module
    assert html_module.unescape(html.split(">", 1)[1].rsplit("<", 1)[0]) == "<script>alert(1)</script>*重要*"
    assert text('a"b') == "a&#34;b"


def test_summary_meta_writes_period_and_dates_the_chinese_way():
    data = SummaryData.read({
        "summary": {"title": "t", "unit": "{city}市机关党委", "issued": "2020-07", "status": "final"},
        "names": {"city": {"label": "市名", "value": None}},
        "figures": {},
    })
    html = summary_meta_html("2020-h1", data)
    assert "2020年上半年（2020年1月—6月）" in html
    assert "2020年7月" in html and "定稿" in html
    assert 'data-key="city"' in html and "市机关党委" in html


def test_sub_section_headings_keep_the_full_stop_and_the_toc_drops_it():
    markdown = "# 一、落实职责\n\n## （一）落实党建主体责任。\n\n正文。\n"
    result = add_toc_labels(markdown)
    assert '## （一）落实党建主体责任。 { data-toc-label="（一）落实党建主体责任" }' in result
    assert "# 一、落实职责\n" in result and "正文。\n" in result


def test_the_print_signature_gives_unit_and_date_and_invents_no_date(tmp_path):
    from support import fixture_project

    from macros.archive.catalog import load_archive
    from macros.site.print_view import signature_html

    archive = load_archive(fixture_project(tmp_path / "project", "three-periods"))
    dated = signature_html(archive.summaries["2021-h1"])
    assert dated.count("<p>") == 2 and "<p>临江市直机关党委</p><p>2021年7月12日</p>" in dated
    from support import ROOT
    undated = signature_html(load_archive(ROOT).summaries["2020-h1"])
    assert undated.count("<p>") == 1 and "年" not in undated
