"""The benchmark's literal build is a fair baseline: same pages, same visible text, no macros."""

from benchmark import (
    build,
    compare_sites,
    copy_project,
    literal_pages,
    make_literal_project,
)
from mkdocs.config import load_config


def test_literal_pages_have_no_macro_calls(tmp_path):
    pages, nav = literal_pages(copy_project(tmp_path / "project"))
    assert pages and all("{{" not in markdown for markdown in pages.values())
    assert nav[0] == {"档案首页": "index.md"}


def test_literal_build_shows_the_same_text(built_site, tmp_path):
    literal = make_literal_project(tmp_path / "literal")
    config = load_config(str(literal / "mkdocs.yml"))
    assert "macros" not in config.plugins and config.nav
    build(literal, tmp_path / "site")
    same, detail = compare_sites(built_site, tmp_path / "site")
    assert same, detail


def test_targets_are_judged_on_cpu_time_and_fail_above_their_limits():
    from benchmark import ARCHIVE_TARGET, WHOLE_TARGET, Measured, verdicts

    def measured(data: float, empty: float, literal: float, cpu: bool = True) -> Measured:
        wall = {"data": [9.0, 1.0, 9.0], "empty": [1.0, 1.0, 1.0], "literal": [1.0, 1.0, 1.0]}  # a busy machine
        seconds = {"data": data, "empty": empty, "literal": literal}
        return Measured("", wall, seconds if cpu else {k: float("nan") for k in seconds})

    own, whole = verdicts(measured(1.04, 1.0, 0.9))
    assert own.passed and round(own.ratio, 3) == 1.04 and own.target == ARCHIVE_TARGET
    assert whole.passed and round(whole.ratio, 3) == round(1.04 / 0.9, 3) and whole.target == WHOLE_TARGET
    own, whole = verdicts(measured(1.06, 1.0, 0.85))
    assert not own.passed and not whole.passed
    # Without CPU times (Windows), the wall clock's medians are judged: 9.0 / 1.0.
    own, _ = verdicts(measured(1.0, 1.0, 1.0, cpu=False))
    assert own.ratio == 9.0 and not own.passed
