"""The real project builds strictly and holds the pages a reader expects."""


def test_strict_build_passes_without_warnings(site_build):
    assert "WARNING" not in site_build.output
    for page in ("index.html", "2020-h1/index.html", "2020-h1/1/index.html", "2020-h1/conclusion/index.html",
                 "2020-h1/original/index.html", "2020-h1/original.txt"):
        assert (site_build.site / page).is_file(), page
