"""离线版 (python -m macros offline): one zip of the whole site whose every link names a file in it, with the
same search worker as the site online; the normal build is left as it was. In a browser: tests/browser/test_offline_*.py.
"""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from offline_support import real_offline_copy
from support import ROOT, browser_or_skip, copy_project, run_module

from macros.commands.new_period import create_period
from macros.export.offline import FOLDER, make_offline_bundle
from macros.site.offline_hook import INDEX_SCRIPT, OFFLINE_SCRIPT
from macros.site.search_hook import full_index_path

WORKER_SOURCE = ROOT / "docs" / "assets" / "javascripts" / "search-worker.js"
LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, dict]] = []  # (tag, address, attributes)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in LINKING and attrs.get(LINKING[tag]):
            self.links.append((tag, attrs[LINKING[tag]], attrs))


def links_of(page: Path) -> list[tuple[str, str, dict]]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return real_offline_copy(tmp_path_factory)


def test_the_command_prints_the_zips_path_last(tmp_path):
    target = tmp_path / "档案离线版.zip"
    done = run_module("macros", "offline", "--no-pdf", "-o", str(target), cwd=ROOT, env=_env())
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == str(target.resolve())
    with zipfile.ZipFile(target) as bundle:
        names = bundle.namelist()
    assert f"{FOLDER}/index.html" in names and f"{FOLDER}/2020-h1/2.html" in names
    assert all(name.startswith(f"{FOLDER}/") for name in names), "everything in one folder"
    assert not [n for n in names if n.endswith(".pdf")], "--no-pdf makes no PDF"


def _env() -> dict:
    import os

    return dict(os.environ)


def test_every_link_names_a_file_of_the_bundle(folder):
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) > 8
    broken, directories, outside = [], [], []
    for page in pages:
        for tag, address, attrs in links_of(page):
            parts = urlsplit(address)
            if parts.scheme in ("http", "https") or address.startswith("//"):
                if not (tag == "link" and attrs.get("rel") == "canonical"):  # names the site online; never loaded
                    outside.append(f"{page.relative_to(folder)}: {address}")
                continue
            if parts.scheme or not parts.path:  # mailto:, data:, javascript:, or only #anchor / ?query
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                directories.append(f"{page.relative_to(folder)}: {address}")
            elif not target.is_file():
                broken.append(f"{page.relative_to(folder)}: {address}")
    assert not outside, "links outside the bundle:\n" + "\n".join(outside)
    assert not directories, "links to folders do not open from file://:\n" + "\n".join(directories[:20])
    assert not broken, "links to nothing:\n" + "\n".join(broken[:20])


def test_search_runs_the_online_worker_from_the_disk(folder):
    index = json.loads(full_index_path(folder).read_text(encoding="utf-8"))  # the whole index, not the stub
    script = (folder / INDEX_SCRIPT).read_text(encoding="utf-8")
    assert script.startswith("var __index = ") and json.loads(script[len("var __index = "):]) == index
    assert index["config"]["archive_terms"], "the Party-work vocabulary is in the offline index too"
    assert all(doc["location"].split("#")[0].endswith(".html") or doc["location"] == "" for doc in index["docs"])
    loader = (folder / OFFLINE_SCRIPT).read_text(encoding="utf-8")
    code = json.loads(re.search(r"var code = (\".*?\");\n", loader, re.S).group(1))
    workers = list((folder / "assets" / "javascripts" / "workers").glob("search.archive.*.js"))
    assert len(workers) == 1 and code == workers[0].read_text(encoding="utf-8") == WORKER_SOURCE.read_text(encoding="utf-8")
    for page in folder.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if 'id="__config"' not in html or page.name == "404.html":
            continue
        config_at = html.index('id="__config"')
        loader_at = html.find(OFFLINE_SCRIPT)
        bundle_at = re.search(r'<script src="[^"]*assets/javascripts/bundle\.', html).start()
        assert config_at < loader_at < bundle_at, f"{page}: the loader must run between the settings and the bundle"


def test_the_summary_pdf_is_in_the_bundle_and_linked(folder):
    browser_or_skip()  # without a browser the bundle has no PDF (and under CI that fails)
    assert (folder / "2020-h1" / "2020-h1.pdf").read_bytes().startswith(b"%PDF-")
    for page in ("2020-h1/index.html", "2020-h1/print.html"):
        html = (folder / page).read_text(encoding="utf-8")
        assert re.search(r'data-archive-pdf="2020-h1.pdf"><a href="2020-h1.pdf"', html), page


def test_the_normal_build_is_left_as_it_was(built_site):
    assert not (built_site / OFFLINE_SCRIPT).exists() and not (built_site / INDEX_SCRIPT).exists()
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert OFFLINE_SCRIPT not in home and 'href="2020-h1/"' in home  # directory URLs, as published


def test_drafts_stay_out_unless_asked_for(tmp_path):
    project = copy_project(tmp_path / "project")
    create_period(project, "2020-h2")  # a draft
    kept = make_offline_bundle(project, tmp_path / "readers.zip", pdf=False, say=lambda line: None)
    with zipfile.ZipFile(kept) as bundle:
        names = bundle.namelist()
    assert f"{FOLDER}/2020-h1/index.html" in names and not [n for n in names if "2020-h2" in n]
    with_drafts = make_offline_bundle(project, tmp_path / "editors.zip", include_drafts=True, pdf=False,
                                      say=lambda line: None)
    with zipfile.ZipFile(with_drafts) as bundle:
        assert f"{FOLDER}/2020-h2/index.html" in bundle.namelist()
