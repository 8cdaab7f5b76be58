"""`python3 dev.py build`: a failed build leaves the last good site untouched, and no half-written one anywhere;
the summaries' PDFs are part of the build (without a browser: none, and their links stay hidden; under CI that
fails the build)."""

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

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
    """No Chromium to print the PDFs with (and not under CI): the build makes none. Tests of how the site is put
    in place use it too: printing the PDFs only makes their builds longer (tests/test_pdf_export.py prints them)."""
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


# --- Publishing is atomic (issue 13.8) --------------------------------------------------------------------

def file_list(folder: Path) -> list[str]:
    """Every folder and file under `folder`, as sorted relative paths (os.walk: a third of rglob's time)."""
    found = []
    for parent, folders, files in os.walk(folder):
        relative = Path(parent).relative_to(folder)
        found += [(relative / name).as_posix() for name in folders + files]
    return sorted(found)


def start(code: str, *args: str) -> subprocess.Popen:
    """Python running `code` with dev.py loaded as `dev`; it prints "ready" just before the step under test."""
    prelude = f"import sys; sys.path.insert(0, {str(ROOT)!r}); import dev\n"
    return subprocess.Popen([sys.executable, "-c", prelude + code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUTF8": "1"},
                            start_new_session=True)  # its own process group: killed with its mkdocs and Chromium


def make_site(folder: Path, files: int, marker: str) -> None:
    for number in range(files):
        path = folder / f"d{number % 50}" / f"{number}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(marker, encoding="utf-8")


@pytest.fixture(scope="module")
def large_old_site(tmp_path_factory) -> Path:
    """A published site of 6,000 files: deleting it takes a while, so a kill can land during it too."""
    folder = tmp_path_factory.mktemp("old-site") / "site"
    make_site(folder, 6000, "old")
    return folder


@pytest.mark.parametrize("after_ms", [0, 5, 20, 60, 150])
def test_killed_while_publishing_the_site_is_old_or_new_and_complete(tmp_path, large_old_site, after_ms):
    # Files of its own, each deleted as the real ones are: hard links, so that copying 6,000 files is cheap.
    shutil.copytree(large_old_site, tmp_path / "site", copy_function=os.link)
    make_site(tmp_path / ".site-new-build", 40, "new")
    (tmp_path / ".site-new-build" / "index.html").write_text("new", encoding="utf-8")
    old_list, new_list = file_list(tmp_path / "site"), file_list(tmp_path / ".site-new-build")
    process = start("from pathlib import Path; root = Path(sys.argv[1]); print('ready', flush=True); "
                    "dev.publish(root / '.site-new-build', root / 'site'); print('done', flush=True)", str(tmp_path))
    assert process.stdout.readline().strip() == "ready"
    time.sleep(after_ms / 1000)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert file_list(tmp_path / "site") in (old_list, new_list), f"killed after {after_ms} ms: a broken site/"
    # The next build removes what the killed one left behind (its process is gone).
    load_dev().clean_leftovers(tmp_path)
    assert not list(tmp_path.glob(".site-old-*")), "leftovers of the killed build"


def test_killed_while_building_the_published_site_stays_complete(project, no_browser):
    dev = load_dev()
    started = time.perf_counter()
    dev.build(project, sys.executable)
    whole = time.perf_counter() - started  # the kills land early, midway and late in a build of this length
    complete = file_list(project / "site")
    assert "index.html" in complete and "2020-h1/2/index.html" in complete
    killed = 0
    for share in (0.2, 0.5, 0.8):
        process = start("from pathlib import Path; print('ready', flush=True); dev.build(Path(sys.argv[1]), sys.executable)",
                        str(project))
        assert process.stdout.readline().strip() == "ready"
        try:
            process.wait(timeout=share * whole)  # a build that ends sooner (a faster moment) is not waited for
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the build and what it started; no clean-up code runs
            process.wait()
            killed += 1
        assert file_list(project / "site") == complete, f"killed after {share * whole:.1f} s of a {whole:.1f} s build"
    assert killed, "no build was killed while it ran: the test proved nothing"
    dev.build(project, sys.executable)  # the next build cleans up after the killed ones
    assert file_list(project / "site") == complete
    assert not list(project.glob(".site-*")), "leftovers of the killed builds"
    mode = (project / "site").stat().st_mode
    assert mode & 0o005 == 0o005, "site/ is readable by everyone (a web server's user too)"
    assert all(p.stat().st_mode & 0o004 for p in (project / "site").rglob("*")), "every file readable by everyone"


def test_two_builds_at_once_end_with_one_complete_site(project, no_browser):
    dev = load_dev()
    dev.build(project, sys.executable)
    complete = file_list(project / "site")
    code = "from pathlib import Path; print('ready', flush=True); dev.build(Path(sys.argv[1]), sys.executable)"
    builds = [start(code, str(project)) for _ in range(2)]
    outputs = [b.communicate(timeout=600)[0] for b in builds]
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert not any("Traceback" in output for output in outputs), outputs
    assert file_list(project / "site") == complete
    assert not list(project.glob(".site-*")), "no leftovers"
