"""A failed build leaves the last good site untouched, and no half-written one anywhere."""

import importlib.util
import sys

import pytest
from support import ROOT


def load_dev():
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_failed_build_keeps_the_published_site(project, capsys):
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


def test_a_good_build_replaces_the_site(project):
    dev = load_dev()
    (project / "site").mkdir()
    (project / "site" / "stale.html").write_text("old", encoding="utf-8")
    dev.build(project, sys.executable)
    assert not (project / "site" / "stale.html").exists()
    assert (project / "site" / "index.html").is_file()
