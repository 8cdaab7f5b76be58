"""The scale benchmark's synthetic archives are valid archives: the real strict build accepts them."""

import yaml
from scale_archive import TEMPLATE, make_synthetic_archive, synthetic_periods
from support import ROOT, build_site


def test_periods_end_at_the_template_and_go_back():
    assert synthetic_periods(3) == ["2019-h1", "2019-h2", "2020-h1"]
    periods = synthetic_periods(40)
    assert (periods[0], periods[-1], len(set(periods))) == ("2000-h2", "2020-h1", 40)


def test_synthetic_archive_of_three_summaries_builds_strictly(tmp_path):
    project = make_synthetic_archive(tmp_path / "archive", 3)
    result = build_site(project, tmp_path / "site")
    assert result.ok, result.output
    assert "WARNING" not in result.output

    template_pages = sorted(p.stem for p in (ROOT / "docs" / TEMPLATE).glob("*.md"))
    for period in ("2019-h1", "2019-h2", "2020-h1"):
        for stem in template_pages:
            page = f"{period}/index.html" if stem == "index" else f"{period}/{stem}/index.html"
            assert (tmp_path / "site" / page).is_file(), page
    assert not (tmp_path / "site" / "2018-h2").exists()

    landing = (tmp_path / "site" / "2019-h2" / "index.html").read_text(encoding="utf-8")
    assert "2019年市局机关下半年党建工作总结" in landing
    data = yaml.safe_load((project / "data" / "2019-h2.yml").read_text(encoding="utf-8"))
    assert data["summary"]["status"] == "final"
    assert all(figure["value"] is not None for figure in data["figures"].values())
    assert all(rate["base"] for rate in data["rates"])  # so the build checked every rate against its count


def test_synthetic_archives_are_the_same_every_time(tmp_path):
    first, second = make_synthetic_archive(tmp_path / "a", 2), make_synthetic_archive(tmp_path / "b", 2)
    for period in synthetic_periods(2):
        assert (first / "data" / f"{period}.yml").read_bytes() == (second / "data" / f"{period}.yml").read_bytes()
