"""`python3 dev.py build`: a failed build leaves the last good site untouched, and no half-written one anywhere;
the summaries' PDFs are part of the build (without a browser: none, and their links stay hidden; under CI that
fails the build)."""

import importlib.util
import re
import sys

import pytest
from support import ROOT

PDF_LINK = re.compile(r'<p class="pdf-download[^"]*" data-archive-pdf="2020-h1\.pdf"( hidden(?:="hidden")?)?>')


def load_dev():
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def no_browser(project, monkeypatch):
    """No Chromium to print the PDFs with (and not under CI): the build makes none."""
    monkeypatch.setenv("CHROMIUM_PATH", str(project / "no-such-browser"))
    monkeypatch.delenv("CI", raising=False)


def test_a_failed_build_keeps_the_published_site(project, no_browser, capsys):
    dev = load_dev()
    dev.build(project, sys.executable)
    good = (project / "site" / "2020-h1" / "2" / "index.html").read_text(encoding="utf-8")
    data = project / "data" / "2020-h1.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("unit: 次\n    value: null", "unit: 次\n    value: 十二", 1), encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        dev.build(project, sys.executable)
    assert "构建失败，网站没有更新" in str(stopped.value)
    assert (project / "site" / "2020-h1" / "2" / "index.html").read_text(encoding="utf-8") == good
    assert not list(project.glob(".site-*")), "the scratch folder of the failed build must be removed"


def test_a_good_build_replaces_the_site_and_a_missing_pdf_fails_it_under_ci(project, no_browser, monkeypatch, capfd):
    dev = load_dev()
    (project / "site").mkdir()
    (project / "site" / "stale.html").write_text("old", encoding="utf-8")
    dev.build(project, sys.executable)
    assert not (project / "site" / "stale.html").exists()
    assert (project / "site" / "index.html").is_file()
    assert "这次不生成 PDF" in capfd.readouterr().out
    assert not list((project / "site").rglob("*.pdf"))
    landing = (project / "site" / "2020-h1" / "index.html").read_text(encoding="utf-8")
    assert PDF_LINK.search(landing).group(1), "without its PDF the link stays hidden"

    # Under CI the PDFs are part of the build: without a browser it fails, and the site in place stays.
    monkeypatch.setenv("CI", "true")
    with pytest.raises(SystemExit) as stopped:
        dev.build(project, sys.executable)
    assert "构建失败，网站没有更新" in str(stopped.value)
    printed = capfd.readouterr()
    assert "CI 中必须生成 PDF" in printed.out + printed.err
    assert (project / "site" / "2020-h1" / "index.html").read_text(encoding="utf-8") == landing
    assert not list(project.glob(".site-*")), "the scratch folder of the failed build must be removed"
