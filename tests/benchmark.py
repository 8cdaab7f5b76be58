"""Benchmark: what the data layer (data/*.yml + the macros package) costs a build.

Run it with

    python3 dev.py bench              # sets up .venv, then runs this script
    python3 dev.py bench --runs 9     # more runs, steadier medians

(or directly: `.venv/bin/python tests/benchmark.py [--runs N]`). It prints:

- 完整构建 (data layer): the real project built as CI builds it,
  `python -m mkdocs build --strict -q -d <tmp>` in a fresh process; median and minimum of N runs.
- 数字直接写入 (literal): the very same pages built without the data layer. A temporary copy of
  the project is made in which every macro call `{{ … }}` in docs/ is replaced by exactly what it
  renders to. The calls are rendered by the project's own macro functions (macros.define_env,
  given a stand-in for mkdocs-macros' env) and then passed through the project's own
  on_post_page_macros hook (which adds the headings' table-of-contents labels), so the literal
  Markdown is what MkDocs received from mkdocs-macros. The copy's mkdocs.yml loses the macros
  plugin and gets an explicit `nav:` equal to the one macros.nav.build_nav makes.
  Before timing, both sites are built once and compared page by page: same pages and the same
  visible text (tags, scripts and styles stripped, white space collapsed). The result is printed;
  if they differ the script stops, since the comparison would be meaningless.
- the ratio of the two medians, data layer / literal, against the target ≤ 1.10 (PASS/FAIL);
- the number of HTML pages in the site (without 404.html and assets/);
- the size of search/search_index.json, raw and gzip-compressed (level 9).

The timed runs alternate (data layer, literal, data layer, literal, …) so that a change in machine
load affects both alike. Each time covers the whole process: Python start-up, imports, and the
~0.5 s jieba spends loading its dictionary for the Chinese search index — the same in both builds.

The script changes nothing in the project: all copies and sites live in a temporary folder.
It exits with 1 if a build fails or the two builds' pages differ; a FAIL of the target alone
is reported, not turned into an error.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "macros")
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
TARGET_RATIO = 1.10

_FRONT_MATTER = re.compile(r"\A(-{3}[ \t]*\n.*?\n(?:-{3}|\.{3})[ \t]*\n)(.*)\Z", re.S)
_MACRO_CALL = re.compile(r"\{\{(?P<expr>.*?)\}\}", re.S)
_CALL_FORM = re.compile(r"""^\s*(?P<name>[A-Za-z_]\w*)\s*\(\s*(?:(?P<q>["'])(?P<arg>[^"'\n]*)(?P=q))?\s*\)\s*$""")


# --- Making the literal copy ----------------------------------------------------------------

class _MacrosEnv:
    """The few parts of mkdocs-macros' `env` that macros.define_env and the page hooks use."""

    def __init__(self, project: Path):
        self.project_dir = str(project)
        self.conf = {"docs_dir": str(project / "docs")}
        self.macros: dict = {}
        self.page = None
        self.markdown = ""

    def macro(self, function):
        self.macros[function.__name__] = function
        return function


def _import_macros(project: Path):
    """The project's macros package, imported from `project`."""
    if str(project) not in sys.path:
        sys.path.insert(0, str(project))
    import macros  # noqa: PLC0415  (needs the path above)

    return macros


def literal_pages(project: Path) -> tuple[dict[str, str], list]:
    """Every Markdown page of `project` with its macro calls replaced by what they render to.

    Returns ({docs-relative path: literal Markdown}, nav). The nav is the one the macros module
    puts into the configuration.
    """
    macros = _import_macros(ROOT)
    env = _MacrosEnv(project)
    macros.define_env(env)
    docs = project / "docs"
    pages = {}
    for path in sorted(docs.rglob("*.md")):
        src_uri = path.relative_to(docs).as_posix()
        source = path.read_text(encoding="utf-8")
        match = _FRONT_MATTER.match(source)
        front, body = (match.group(1), match.group(2)) if match else ("", source)
        if "{%" in body or "{#" in body:
            raise SystemExit(f"docs/{src_uri}: 含有 {{% 或 {{# ，本基准只会改写 {{{{ … }}}} 宏。")
        env.page = SimpleNamespace(file=SimpleNamespace(src_uri=src_uri, abs_src_path=str(path)))

        def render(call: re.Match, src_uri=src_uri) -> str:
            form = _CALL_FORM.match(call.group("expr"))
            if not form or form["name"] not in env.macros:
                raise SystemExit(f"docs/{src_uri}: 看不懂宏 {call.group()}")
            function = env.macros[form["name"]]
            return function(form["arg"]) if form["arg"] is not None else function()

        env.markdown = _MACRO_CALL.sub(render, body)
        macros.on_post_page_macros(env)  # what mkdocs-macros runs after rendering: the TOC labels
        pages[src_uri] = front + env.markdown
    return pages, env.conf["nav"]


def copy_project(destination: Path) -> Path:
    """A copy of the project's site sources (mkdocs.yml, docs/, data/, macros/) at `destination`."""
    destination.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    return destination


def _without_macros_plugin(config_text: str) -> str:
    """mkdocs.yml's text with the `- macros:` entry (and its indented options) removed."""
    lines = config_text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        found = re.match(r"^(?P<indent>\s*)- macros\b", line)
        if found:
            indent = len(found["indent"])
            end = index + 1
            while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
                end += 1
            return "".join(lines[:index] + lines[end:])
    raise SystemExit("mkdocs.yml 中没有找到 macros 插件，无法做对照构建。")


def make_literal_project(destination: Path) -> Path:
    """A copy of the project whose pages have every figure written in, built without macros."""
    project = copy_project(destination)
    pages, nav = literal_pages(project)
    for src_uri, markdown in pages.items():
        if "{{" in markdown:
            raise SystemExit(f"docs/{src_uri}: 改写后仍有 “{{{{”。")
        (project / "docs" / src_uri).write_text(markdown, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = _without_macros_plugin(config.read_text(encoding="utf-8"))
    text += "\n# Written by tests/benchmark.py: the nav macros/nav.py would make.\n"
    text += yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)
    config.write_text(text, encoding="utf-8")
    return project


# --- Building and measuring -------------------------------------------------------------------

def build(project: Path, site: Path) -> float:
    """Build `project` into `site` in a fresh process; return the wall-clock seconds."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=project, env=BUILD_ENV, capture_output=True, text=True, encoding="utf-8")
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"构建失败：{project}")
    return elapsed


def html_pages(site: Path) -> list[str]:
    """Site-relative paths of the HTML pages, without 404.html and assets/."""
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html")
        if p.name != "404.html" or p.parent != site
        if p.relative_to(site).parts[0] != "assets"
    )


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html_file: Path) -> str:
    parser = _VisibleText()
    parser.feed(html_file.read_text(encoding="utf-8"))
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def compare_sites(normal: Path, literal: Path) -> tuple[bool, str]:
    """(same?, what was compared or where they differ)."""
    pages, other = html_pages(normal), html_pages(literal)
    if pages != other:
        return False, f"页面不同：仅数据层有 {sorted(set(pages) - set(other))}，仅直接写入有 {sorted(set(other) - set(pages))}"
    differing = [p for p in pages if visible_text(normal / p) != visible_text(literal / p)]
    if differing:
        return False, f"可见文字不同的页面：{', '.join(differing)}"
    identical = sum((normal / p).read_bytes() == (literal / p).read_bytes() for p in pages)
    index = "search/search_index.json"
    same_index = "相同" if (normal / index).read_bytes() == (literal / index).read_bytes() else "不同"
    return True, f"{len(pages)} 页可见文字逐页相同（其中 {identical} 页 HTML 逐字节相同；搜索索引{same_index}）"


# --- Printing -----------------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def print_table(rows: list[tuple[str, ...]]) -> None:
    columns = max(len(row) for row in rows)
    widths = [max(_width(row[i]) for row in rows if len(row) > i) for i in range(columns)]
    for row in rows:
        cells = [_pad(cell, widths[i]) if i < len(row) - 1 else cell for i, cell in enumerate(row)]
        print("  ".join(cells).rstrip())


def _seconds(value: float) -> str:
    return f"{value:.3f} s"


# --- Main -----------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed builds of each kind (default 5)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs 至少为 1")

    with tempfile.TemporaryDirectory(prefix="archive-bench-") as scratch:
        scratch = Path(scratch)
        literal = make_literal_project(scratch / "literal")

        # Untimed first builds: warm the caches, and check both builds make the same pages.
        reference_site, literal_site = scratch / "site-data", scratch / "site-literal"
        build(ROOT, reference_site)
        build(literal, literal_site)
        same, comparison = compare_sites(reference_site, literal_site)

        print(f"工作总结档案 · 构建基准（每种 {args.runs} 次，两种交替进行；Python {sys.version.split()[0]}）")
        print()
        print("对照检查：" + ("通过，" if same else "失败，") + comparison)
        if not same:
            return 1

        data_times, literal_times = [], []
        for run in range(args.runs):
            data_times.append(build(ROOT, scratch / f"run{run}-data"))
            literal_times.append(build(literal, scratch / f"run{run}-literal"))

        pages = html_pages(reference_site)
        index = (reference_site / "search" / "search_index.json").read_bytes()
        index_gzip = gzip.compress(index, compresslevel=9, mtime=0)
        ratio = statistics.median(data_times) / statistics.median(literal_times)
        verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"

        print()
        print_table([
            ("", "中位数", "最短", "各次"),
            ("完整构建（数据层 + 宏）", _seconds(statistics.median(data_times)), _seconds(min(data_times)),
             " ".join(f"{t:.2f}" for t in data_times)),
            ("数字直接写入（无宏，对照）", _seconds(statistics.median(literal_times)), _seconds(min(literal_times)),
             " ".join(f"{t:.2f}" for t in literal_times)),
        ])
        print()
        print_table([
            ("比值 数据层 / 直接写入", f"{ratio:.3f}", f"目标 ≤ {TARGET_RATIO:.2f}", verdict),
            ("页面数（不含 404 与 assets）", str(len(pages)), "", ""),
            ("搜索索引 search_index.json", f"{len(index):,} 字节", f"gzip -9 后 {len(index_gzip):,} 字节", ""),
        ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
