"""Each summary faces the one before (issue 10): the change shown in 数字一览 and the CSV, and `check`'s warning
when a figure moves implausibly far. The rules are tested on data alone; the pages on the three-period fixture."""

from __future__ import annotations

import csv
import io
import re

import pytest
from page_text import article_text, squeeze
from support import build_site, fixture_project, run_module

from macros.archive.catalog import load_archive
from macros.archive.comparison import (
    MAX_POINTS,
    MAX_RATIO,
    Change,
    changes,
    previous_summary,
)
from macros.archive.schema import Figure


def _change(before, after, unit="人", note=None) -> Change:
    return Change("2021-h1", Figure(label="捐款党员人数", unit=unit, value=before),
                  Figure(label="捐款党员人数", unit=unit, value=after, change_note=note))


@pytest.mark.parametrize(("before", "after", "unit", "shown"), [
    (100, 125, "人", "↑ 25.0%"),
    (200, 150, "人", "↓ 25.0%"),
    (90, 90, "人", "持平"),
    (85.5, 90.0, "%", "↑ 4.5 个百分点"),
    (90.0, 62.5, "%", "↓ 27.5 个百分点"),
    (0, 12, "次", "↑（上期为 0）"),
    (None, 12, "次", "无法比较（有一期未披露）"),
    (12, None, "次", "无法比较（有一期未披露）"),
])
def test_the_change_is_shown_in_percent_or_in_percentage_points(before, after, unit, shown):
    assert _change(before, after, unit).shown() == shown


def test_a_changed_meaning_is_not_compared():
    change = _change(100, 1000, note="自本期起含退休党员")
    assert change.shown() == "口径有变，不作比较"
    assert change.implausible() is None


@pytest.mark.parametrize(("before", "after", "unit", "why"), [
    (100, int(100 * MAX_RATIO), "人", None),                    # exactly 3 times: still plausible
    (100, 1060, "人", "比上期增加 9.6 倍"),                  # an extra 0
    (90, 30, "人", None),                                    # exactly a third
    (90, 29, "人", "比上期减少 67.8%"),
    (0, 5, "人", "上期为 0，本期不为 0"),
    (50.0, 50.0 + MAX_POINTS, "%", None),                 # 30 百分点: still plausible
    (50.0, 80.5, "%", "比上期上升 30.5 个百分点"),
    (95.0, 9.5, "%", "比上期下降 85.5 个百分点"),
    (None, 1000, "人", None),                              # nothing to compare
])
def test_implausible_moves_are_named(before, after, unit, why):
    assert _change(before, after, unit).implausible() == why


@pytest.fixture(scope="module")
def three_periods(tmp_path_factory):
    return fixture_project(tmp_path_factory.mktemp("compare") / "project", "three-periods")


def test_the_previous_summary_is_the_latest_earlier_one(three_periods):
    archive = load_archive(three_periods)
    assert previous_summary(archive, "2022-h1").period == "2021-h2"
    assert previous_summary(archive, "2021-h2").period == "2021-h1"
    assert previous_summary(archive, "2021-h1") is None
    # a key the previous summary lacks is not compared; one it has is, whatever its value
    moved = changes(archive, archive.summaries["2022-h1"])
    previous = archive.summaries["2021-h2"].data.figures
    now = archive.summaries["2022-h1"].data.figures
    assert set(moved) == set(previous) & set(now)


@pytest.fixture(scope="module")
def compared_site(three_periods):
    site = three_periods.parent / "site"
    result = build_site(three_periods, site)
    assert result.ok, result.output
    return site


def _values(project, period):
    return {k: f for k, f in load_archive(project).summaries[period].data.figures.items()}


def test_figures_page_shows_previous_value_and_change(three_periods, compared_site):
    before, now = _values(three_periods, "2021-h2"), _values(three_periods, "2022-h1")
    members = _change(before["members"].value, now["members"].value)
    text = squeeze(article_text(compared_site / "2022-h1" / "figures" / "index.html").text)
    assert "上期（2021年下半年）" in text
    expected_row = f"机关党员人数{now['members'].shown}名{before['members'].shown}名{members.shown()}"
    assert squeeze(expected_row) in text
    page = (compared_site / "2022-h1" / "figures" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../trends/#trend-members"' in page, "each charted figure links to its chart"
    assert 'id="trend-members"' in (compared_site / "trends" / "index.html").read_text(encoding="utf-8")
    first = article_text(compared_site / "2021-h1" / "figures" / "index.html")
    assert any("档案中没有更早的一期" in squeeze(added) for added in first.added)
    assert "上期（" not in squeeze(first.text)


def test_figures_csv_carries_the_comparison(three_periods, compared_site):
    before, now = _values(three_periods, "2021-h2"), _values(three_periods, "2022-h1")
    raw = (compared_site / "2022-h1" / "figures.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    header, by_key = rows[0], {row[rows[0].index("键")]: row for row in rows[1:]}
    members = by_key["members"]
    assert members[header.index("上期")] == "2021年下半年"
    assert members[header.index("上期数值")] == before["members"].shown
    assert members[header.index("与上期相比")] == _change(before["members"].value, now["members"].value).shown()
    only_now = next(k for k in now if k not in before)
    assert by_key[only_now][header.index("上期数值")] == ""


def _check(project, *args):
    return run_module("macros", "check", *args, cwd=project, env={"PATH": "/usr/bin:/bin"})


def test_check_warns_of_a_figure_ten_times_the_previous(tmp_path):
    project = fixture_project(tmp_path / "project", "three-periods")
    data = project / "data" / "2022-h1.yml"
    before = _values(project, "2021-h2")["members"].value
    typo = before * 10 + 10
    text = data.read_text(encoding="utf-8")
    members_at = text.index("  members:")
    value_at = text.index("    value:", members_at)
    line = text.count("\n", 0, value_at) + 1
    text = text[:value_at] + re.sub(r"value: \S+", f"value: {typo}", text[value_at:], count=1)
    data.write_text(text, encoding="utf-8")
    done = _check(project)
    assert done.returncode == 0, "a warning does not stop anything"
    times = f"{(typo - before) / before:.1f}".removesuffix(".0")
    expected = (f"data/2022-h1.yml 第 {line} 行 [警告] 与上期相差悬殊：“机关党员人数：{before}名 → {typo}名”"
                f"——2022年上半年比上期（2021年下半年）增加 {times} 倍，请核对（键 members）")
    assert expected in done.stdout.splitlines(), done.stdout
    # in new work it is an error …
    strict = _check(project, "--strict-for", "data/2022-h1.yml")
    assert strict.returncode == 1 and expected.replace("[警告]", "[错误]") in strict.stdout.splitlines(), strict.stdout
    # … until an editor who checked the source accepts it
    data.write_text(data.read_text(encoding="utf-8") + "\nproofread:\n  accepted:\n"
                    f"    - words: 机关党员人数：{before}名 → {typo}名\n      reason: 机构合并，党员人数确实增加\n",
                    encoding="utf-8")
    done = _check(project, "--strict-for", "data/2022-h1.yml")
    assert f"[已确认] 与上期相差悬殊：“机关党员人数：{before}名 → {typo}名”" in done.stdout
    assert not [line for line in done.stdout.splitlines() if "[错误] 与上期相差悬殊" in line], done.stdout
