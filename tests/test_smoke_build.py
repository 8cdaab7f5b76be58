"""The real project builds strictly and holds the pages a reader expects."""

from support import ROOT, build_site


def test_strict_build_passes_without_warnings(tmp_path):
    result = build_site(ROOT, tmp_path / "site")
    assert result.ok, result.output
    assert "WARNING" not in result.output
    for page in ("index.html", "2020-h1/index.html", "2020-h1/1/index.html", "2020-h1/conclusion/index.html",
                 "2020-h1/original/index.html", "2020-h1/original.txt"):
        assert (tmp_path / "site" / page).is_file(), page
