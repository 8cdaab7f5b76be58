"""Search quality and cost, measured as a reader meets them: in Chromium, through Material's own search box.

    .venv/bin/python tests/search_eval.py              # build, measure, print
    .venv/bin/python tests/search_eval.py --site site  # measure an already built site (our search)
    .venv/bin/python tests/search_eval.py --no-baseline --no-latency   # quality only, quicker

It prints:
- recall@1, recall@5 and MRR over tests/search_queries.tsv (each query typed into the search box; the rank is
  the place of the expected section among the results a reader sees, see `ranked_locations`), by category;
- the search index search/search_index.json, raw and gzip -9, against the same site built with plain
  Material + jieba (our hook taken out of mkdocs.yml: Material's lunr worker, no vocabulary), and the ratio
  (target ≤ 1.5); with the baseline's recall too, for comparison;
- the time from the keyup that ends typing to the result list being drawn, on a synthetic archive of 20
  summaries (tests/scale_archive.py's, built; without it, the real index's sections repeated under 20
  periods with their sentences shuffled), target ≤ 100 ms.

tests/benchmark.py can print the same with `search_eval.main([])`, or take the figures from `measure()`.
The browser is macros/export/browser.py's (the system's Chromium or Chrome); nothing is downloaded.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # run as a script too: the project's package and test helpers
from support import copy_project, serve  # noqa: E402

from macros.export.browser import QUIET_FLAGS, find_browser  # noqa: E402

QUERIES = ROOT / "tests" / "search_queries.tsv"
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
TARGET_RECALL_1, TARGET_RECALL_5 = 0.90, 1.0
TARGET_INDEX_RATIO = 1.5
TARGET_LATENCY_MS = 100
SYNTHETIC_SUMMARIES = 20


# --- Queries ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Query:
    text: str
    expected: str  # site-relative location: "2020-h1/2/#二积极参与疫情防控工作" or "2020-h1/conclusion/"
    category: str
    evidence: str


def load_queries(path: Path = QUERIES) -> list[Query]:
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [Query(r["query"], r["expected"], r["category"], r["evidence"]) for r in reader]


# --- Reading Material's result list -------------------------------------------------------------------

# Material groups results by page: each <li> holds the page's own entry (a header, data-md-score 0 when the
# page itself did not match), the best sections, then "N more on this page" in a closed <details>.
_READ_RESULTS = """list => [...list.querySelectorAll('li.md-search-result__item')].flatMap(li => {
    const links = [...li.querySelectorAll('a.md-search-result__link')];
    const best = Math.max(...links.map(a => parseFloat(a.querySelector('article').dataset.mdScore)));
    return links.map((a, i) => {
        const article = a.querySelector('article');
        const details = a.closest('details');
        const score = parseFloat(article.dataset.mdScore);
        return {
            href: a.href,
            score: score,
            header: i === 0 && score < best,  /* the page's own entry as the group's heading, not a result */
            hidden: !!details && !details.open,
            marked: a.querySelectorAll('mark').length,
            text: a.innerText,
        };
    });
})"""


def location_of(href: str, site_url: str) -> str:
    """A result link as a site-relative location with its anchor, without Material's ?h=… highlight."""
    url, base = urlsplit(href), urlsplit(site_url)
    path = unquote(url.path)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    if path.startswith(base_path):
        path = path[len(base_path):]
    return path + ("#" + unquote(url.fragment) if url.fragment else "")


def ranked_locations(results: list[dict], site_url: str) -> list[str]:
    """The results in the order a reader sees them: top to bottom; a page's own entry counts only when it is
    the page's best match (otherwise Material shows it as the heading of the page's sections, without text);
    sections folded into "N more on this page" come after all the others."""
    results = [r for r in results if r["score"] > 0 and not r["header"]]
    shown = [r for r in results if not r["hidden"]]
    folded = [r for r in results if r["hidden"]]
    ranked = []
    for r in shown + folded:
        location = location_of(r["href"], site_url)
        if location not in ranked:
            ranked.append(location)
    return ranked


def open_search(page, url: str) -> None:
    """Open `url` and Material's search box; count the result list's updates from now on; and wait until the
    search worker has answered a first query, so that every later update answers the query just typed."""
    page.goto(url)
    page.locator(".md-search__input").click()
    page.evaluate("""() => {
        window.__searchRenders = 0;
        const meta = document.querySelector('.md-search-result__meta');
        window.__searchPainted = 0;
        new MutationObserver(() => {
            window.__searchRenders++;
            /* the result list is filled in the same task as this line; the next frame shows it */
            requestAnimationFrame(() => { window.__searchPainted++; window.__searchPaintedAt = performance.now(); });
        }).observe(meta, {childList: true, characterData: true, subtree: true});
        document.addEventListener('keyup', () => { window.__searchKeyupAt = performance.now(); }, true);
    }""")
    page.keyboard.insert_text("党")
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for()
    _commit(page, "")


def _commit(page, text: str, timeout_ms: int = 5000) -> None:
    before = page.evaluate("() => window.__searchPainted")
    page.locator(".md-search__input").fill("")
    if text:
        page.keyboard.insert_text(text)
    page.keyboard.press("End")
    page.wait_for_function("n => window.__searchPainted > n", arg=before, timeout=timeout_ms)


def type_query(page, query: str) -> float:
    """Type `query` into the search box as an input method does (the text, then the commit key's keyup:
    Material reads the query on keyup) and wait for the result list to be drawn. The box is cleared first,
    so that every query is a change Material acts on. Returns the milliseconds from the keyup to the first
    frame that shows the new results."""
    if page.locator(".md-search__input").input_value():
        _commit(page, "")
    _commit(page, query)
    return page.evaluate("() => window.__searchPaintedAt - window.__searchKeyupAt")


def read_results(page) -> list[dict]:
    return page.locator(".md-search-result__list").evaluate(_READ_RESULTS)


# --- Quality ------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    query: Query
    rank: int | None  # 1-based place of the expected section, None when not shown at all
    top: list[str]
    marked: bool  # the expected section's result shows a <mark>
    latency_ms: float


@dataclass
class Quality:
    outcomes: list[Outcome] = field(default_factory=list)

    def _subset(self, category: str | None):
        return [o for o in self.outcomes if category in (None, o.query.category)]

    def recall(self, k: int, category: str | None = None) -> float:
        subset = self._subset(category)
        return sum(o.rank is not None and o.rank <= k for o in subset) / max(1, len(subset))

    def mrr(self, category: str | None = None) -> float:
        subset = self._subset(category)
        return sum(1 / o.rank for o in subset if o.rank) / max(1, len(subset))

    def categories(self) -> list[str]:
        return list(dict.fromkeys(o.query.category for o in self.outcomes))


def evaluate(page, site_url: str, queries: list[Query]) -> Quality:
    open_search(page, site_url)
    quality = Quality()
    for query in queries:
        latency = type_query(page, query.text)
        results = read_results(page)
        ranked = ranked_locations(results, site_url)
        rank = ranked.index(query.expected) + 1 if query.expected in ranked else None
        marked = any(r["marked"] for r in results if location_of(r["href"], site_url) == query.expected)
        quality.outcomes.append(Outcome(query, rank, ranked[:5], marked, latency))
    return quality


# --- Building and serving -------------------------------------------------------------------------------

def build(project: Path, site: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                          cwd=project, env=BUILD_ENV, capture_output=True, text=True, encoding="utf-8")
    if done.returncode:
        raise SystemExit(f"构建失败：{project}\n{done.stdout}{done.stderr}")


def plain_material_project(destination: Path) -> Path:
    """A copy of the project whose search is plain Material + jieba: our hook taken out of mkdocs.yml."""
    copy_project(destination)
    config = destination / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # Only the search hook goes: the others (page dates among them) do not touch search.
    plain = re.sub(r"(?m)^[ \t]+- macros/site/search_hook\.py\n", "", text)
    if "search_hook" in plain:
        raise SystemExit("无法从 mkdocs.yml 中去掉搜索钩子，对照构建失败。")
    config.write_text(plain, encoding="utf-8")
    return destination


def index_size(site: Path) -> tuple[int, int]:
    data = (site / "search" / "search_index.json").read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    path = find_browser()
    if not path:
        raise SystemExit("没有找到 Chromium：请设置 CHROMIUM_PATH。")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=list(QUIET_FLAGS))
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            context.set_default_timeout(10_000)
            yield context
        finally:
            browser.close()


# --- A synthetic archive of 20 summaries -------------------------------------------------------------------

def synthetic_index(index: dict, summaries: int = SYNTHETIC_SUMMARIES, seed: int = 2020) -> dict:
    """The index of an archive of `summaries` summaries: the real summary's sections repeated under other
    periods, each paragraph's sentences shuffled, so that every copy reads differently."""
    rng = random.Random(seed)
    real = [d for d in index["docs"] if re.match(r"\d{4}-h[12]/", d["location"])]
    others = [d for d in index["docs"] if d not in real]
    periods = [f"{2020 - i // 2}-h{2 - i % 2}" for i in range(summaries)]

    def shuffle(text: str) -> str:
        def paragraph(match: re.Match) -> str:
            sentences = re.findall(r"[^。]+。?", match.group(2))
            rng.shuffle(sentences)
            return match.group(1) + "".join(sentences) + match.group(3)
        return re.sub(r"(<p>)(.*?)(</p>)", paragraph, text, flags=re.S)

    docs = list(others)
    for n, period in enumerate(periods):
        for doc in real:
            location = re.sub(r"^\d{4}-h[12]/", period + "/", doc["location"])
            docs.append({**doc, "location": location, "text": doc["text"] if n == 0 else shuffle(doc["text"])})
    return {**index, "docs": docs}


def synthetic_site(site: Path, destination: Path) -> Path:
    shutil.copytree(site, destination)
    path = destination / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(synthetic_index(index), separators=(",", ":")), encoding="utf-8")
    return destination


def twenty_summaries_site(site: Path, scratch: Path) -> tuple[Path, str]:
    """A built archive of 20 summaries: tests/scale_archive.py's synthetic archive (the 2020 H1 pages under
    20 periods, with made-up figures) when it is there, else `site` with its index made 20 times larger."""
    try:
        from scale_archive import make_synthetic_archive
    except ImportError:
        return synthetic_site(site, scratch / "site-20"), "合成索引（本期各小节重复 20 次、句序打乱）"
    project = make_synthetic_archive(scratch / "archive-20", SYNTHETIC_SUMMARIES)
    built = scratch / "site-archive-20"
    build(project, built)
    return built, "tests/scale_archive.py 生成的 20 期档案"


def measure_latency(context, site: Path, queries: list[Query], scratch: Path) -> tuple[list[float], int, str]:
    big, kind = twenty_summaries_site(site, scratch)
    page = context.new_page()
    with serve(big) as url:
        open_search(page, url)
        times = [type_query(page, q.text) for q in queries]
    page.close()
    docs = len(json.loads((big / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"])
    return times, docs, kind


# --- Report -------------------------------------------------------------------------------------------------

@dataclass
class Report:
    quality: Quality
    index: tuple[int, int]
    baseline_index: tuple[int, int] | None = None
    baseline_quality: Quality | None = None
    latency_ms: list[float] = field(default_factory=list)
    latency_docs: int = 0
    latency_archive: str = ""


def measure(site: Path | None = None, *, baseline: bool = True, latency: bool = True) -> Report:
    """Build (unless `site` is given) and measure. Every copy and site lives in a temporary folder."""
    queries = load_queries()
    with tempfile.TemporaryDirectory(prefix="search-eval-") as scratch:
        scratch = Path(scratch)
        if site is None:
            site = scratch / "site"
            build(ROOT, site)
        report = Report(Quality(), index_size(site))
        plain_site = None
        if baseline:
            plain_site = scratch / "site-plain"
            build(plain_material_project(scratch / "plain"), plain_site)
            report.baseline_index = index_size(plain_site)
        with chromium() as context:
            page = context.new_page()
            with serve(site) as url:
                report.quality = evaluate(page, url, queries)
            page.close()
            if plain_site:
                page = context.new_page()
                with serve(plain_site) as url:
                    report.baseline_quality = evaluate(page, url, queries)
                page.close()
            if latency:
                report.latency_ms, report.latency_docs, report.latency_archive = measure_latency(
                    context, site, queries, scratch)
    return report


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_report(report: Report, *, verbose: bool = False) -> None:
    q = report.quality
    n = len(q.outcomes)
    print(f"搜索质量（{n} 个查询，Chromium 中经网站自己的搜索框）")
    print(f"  recall@1 {q.recall(1):.1%}  (目标 ≥ {TARGET_RECALL_1:.0%}) {_verdict(q.recall(1) >= TARGET_RECALL_1)}")
    print(f"  recall@5 {q.recall(5):.1%}  (目标 {TARGET_RECALL_5:.0%}) {_verdict(q.recall(5) >= TARGET_RECALL_5)}")
    print(f"  MRR      {q.mrr():.3f}")
    marked = sum(o.marked for o in q.outcomes if o.rank)
    print(f"  结果中有 <mark> 高亮：{marked}/{sum(1 for o in q.outcomes if o.rank)}")
    for category in q.categories():
        size = len(q._subset(category))
        print(f"    {category:<12} {size:>3} 个  recall@1 {q.recall(1, category):6.1%}  "
              f"recall@5 {q.recall(5, category):6.1%}  MRR {q.mrr(category):.3f}")
    if report.baseline_quality:
        b = report.baseline_quality
        print(f"  对照 Material + jieba：recall@1 {b.recall(1):.1%}  recall@5 {b.recall(5):.1%}  MRR {b.mrr():.3f}")
    misses = [o for o in q.outcomes if o.rank != 1]
    if misses:
        print("  未排第一的查询：")
        for o in misses:
            print(f"    {o.query.text}（{o.query.category}）期望 {o.query.expected}，排第 {o.rank or '—'}；"
                  f"前几位 {o.top[:3]}")
    raw, packed = report.index
    print()
    print(f"搜索索引 search_index.json：{raw:,} 字节，gzip -9 后 {packed:,} 字节")
    if report.baseline_index:
        braw, bpacked = report.baseline_index
        ratio = packed / bpacked
        print(f"  对照 Material + jieba：{braw:,} 字节，gzip -9 后 {bpacked:,} 字节；"
              f"gzip 比值 {ratio:.2f}（目标 ≤ {TARGET_INDEX_RATIO}）{_verdict(ratio <= TARGET_INDEX_RATIO)}")
    if report.latency_ms:
        times = sorted(report.latency_ms)
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print()
        print(f"响应时间（{report.latency_archive}，{report.latency_docs} 个索引条目；"
              f"从按键抬起到结果列表画出，{len(times)} 个查询）")
        print(f"  中位数 {statistics.median(times):.1f} ms  p95 {p95:.1f} ms  最长 {times[-1]:.1f} ms"
              f"  (目标 ≤ {TARGET_LATENCY_MS} ms) {_verdict(times[-1] <= TARGET_LATENCY_MS)}")
    if verbose:
        print()
        for o in q.outcomes:
            print(f"{o.rank or '-'}\t{o.query.text}\t{o.query.expected}\t{o.top[:3]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site to measure (default: build one)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain Material + jieba build")
    parser.add_argument("--no-latency", action="store_true", help="skip the 20-summary timing")
    parser.add_argument("--verbose", action="store_true", help="print every query's rank")
    args = parser.parse_args(argv)
    report = measure(args.site, baseline=not args.no_baseline, latency=not args.no_latency)
    print_report(report, verbose=args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
