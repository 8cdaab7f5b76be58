"""MkDocs hook (mkdocs.yml `hooks:`): the archive's Chinese search, inside Material's own search box.

Three things, each checked so that a change in Material stops the build instead of quietly losing search:

1. on_config: Material's search plugin splits the pages into words for search/search_index.json with the
   archive's own word splitter (macros/archive/vocabulary.py `segmenter`: jieba with the Party-work
   vocabulary of data/search-terms.txt), the same one 打印版 and the importer use.
2. on_files: our search worker, docs/assets/javascripts/search-worker.js, is published beside Material's,
   as assets/javascripts/workers/search.archive.<hash of its content>.js (a new name whenever it changes,
   so that no browser keeps an old copy). It answers Material's messages with substring matching and
   ranking for Chinese (see that file).
   on_post_page / on_post_template: every page's Material settings (`<script id="__config">`) name the
   search worker; the hook names ours instead of Material's lunr worker.
3. on_page_content: chart drawings (SVG) and, on the figures and trends pages, the tables of figures are marked
   `data-search-exclude`, so that Material's search plugin indexes prose, not axis labels and table cells.
4. on_post_build: the vocabulary is written into the index's config ("archive_terms"), so the worker splits
   queries with the same words jieba kept whole; the index is then published as
   search/archive_index.<hash of its content>.json, and search/search_index.json, which Material's bundle
   fetches on every page view, becomes a stub: Material's config with the real index's address
   ("archive_index", relative to the worker) and no documents. The worker fetches the real index on the first
   query, so a reader pays for it only when searching.

Why this design: README.md, “给维护者 · 搜索”.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

from mkdocs.structure.files import File

_ROOT = Path(__file__).resolve().parents[2]  # the project: macros/site/ is two levels down
if str(_ROOT) not in sys.path:  # MkDocs loads a hook as a lone file; the macros package sits beside it
    sys.path.insert(0, str(_ROOT))

from macros.archive.vocabulary import TERMS_FILE, load_terms, segmenter  # noqa: E402
from macros.errors import ArchiveError  # noqa: E402
from macros.site.hook_support import CONFIG_SCRIPT, stop  # noqa: E402

WORKER = "assets/javascripts/search-worker.js"  # in docs/; published under WORKER_DIR instead
WORKER_DIR = "assets/javascripts/workers/"  # Material's worker is there; ours goes beside it
INDEX = "search/search_index.json"
FULL_INDEX_DIR = "search/"  # the real index: search/archive_index.<hash>.json
TERMS_KEY = "archive_terms"
SOURCE_KEY = "archive_index"  # in the stub's config: the real index, relative to the worker
SEARCH_PLUGIN = "material/search"
_MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
_OUR_WORKER = re.compile(r"assets/javascripts/workers/search\.archive\.[0-9a-f]+\.js$")
_SVG = re.compile(r"<svg(?=[\s>])")
_TABLE = re.compile(r"<table(?=[\s>])")
_EXCLUDE = " data-search-exclude"


class _State:
    terms: list[str] = []
    worker = ""  # site-relative path of our worker
    pages_switched = 0


def _search_enabled(config) -> bool:
    plugin = config.plugins.get(SEARCH_PLUGIN)
    return bool(plugin and plugin.config.enabled)


def on_config(config):
    if not _search_enabled(config):
        return config
    root = Path(config.config_file_path).parent
    try:
        terms = load_terms(root)
        words = segmenter(root)
    except ArchiveError as error:
        raise stop(error) from None
    use_segmenter(words)
    _State.terms = [t.text for t in terms]
    _State.pages_switched = 0
    return config


def use_segmenter(words) -> None:
    """Material's search plugin splits Chinese with `jieba.cut` from its module's `jieba`; it gets ours,
    which has the same `cut`. Checked, so that a change in Material stops the build instead of quietly
    indexing without the vocabulary."""
    from material.plugins.search import plugin as material_search

    if getattr(material_search, "jieba", None) is None:
        raise _stop("Material 的搜索插件没有使用 jieba（没有安装 jieba，或 Material 升级了）：搜索将无法查找中文词语。"
                    "请先运行 README 中的安装命令，再按“给维护者 · 搜索”一节检查 macros/site/search_hook.py。")
    material_search.jieba = words


def worker_name(content: bytes) -> str:
    """Where our worker is published: beside Material's, named after its content."""
    return f"{WORKER_DIR}search.archive.{hashlib.sha256(content).hexdigest()[:10]}.js"


def on_files(files, config):
    if not _search_enabled(config):
        return files
    source = files.get_file_from_path(WORKER)
    if source is None:
        raise stop(f"缺少搜索程序 docs/{WORKER}，网站的搜索将无法使用。请从版本库中恢复这个文件。")
    content = Path(source.abs_src_path).read_bytes()
    files.remove(source)
    _State.worker = worker_name(content)
    files.append(File.generated(config, _State.worker, content=content))
    return files


def use_archive_worker(html: str) -> str:
    """The page with Material's search worker replaced by the archive's. Pages without Material's
    settings script are returned unchanged."""
    found = CONFIG_SCRIPT.search(html)
    if not found:
        return html
    settings = json.loads(found.group(2))
    current = settings.get("search")
    if not isinstance(current, str):
        return html  # Material writes no worker when search is off
    if _OUR_WORKER.search(current):
        return html
    if not _State.worker:
        raise stop("搜索程序还没有发布（on_files 没有运行？）。请检查 macros/search_hook.py。")
    if not _MATERIAL_WORKER.search(current):
        raise stop(
            f"Material 页面设置中的搜索程序地址“{current}”与预期的格式不同（Material 升级了？）。"
            f"请按 README 的“给维护者 · 搜索”一节检查 macros/search_hook.py。")
    ours = _MATERIAL_WORKER.sub(_State.worker, current)
    old, new = json.dumps(current), json.dumps(ours)
    script = found.group(2)
    if old not in script:
        raise stop("无法在 Material 的页面设置中替换搜索程序地址。请检查 macros/search_hook.py。")
    _State.pages_switched += 1
    return html[:found.start(2)] + script.replace(old, new, 1) + html[found.end(2):]


def on_post_page(output, page, config):
    return use_archive_worker(output) if _search_enabled(config) else output


def on_post_template(output_content, template_name, config):
    if template_name.endswith(".html") and _search_enabled(config):
        return use_archive_worker(output_content)
    return output_content


def is_data_page(src_uri: str) -> bool:
    """The pages made of figures (数字一览 of each summary, 历期数字对比), whose tables are data, not prose."""
    return src_uri.rsplit("/", 1)[-1] == "figures.md" or src_uri.split("/", 1)[0] in ("trends.md", "trends")


def searchable_content(html: str, src_uri: str) -> str:
    """A page's HTML with its chart drawings, and the tables of the figures pages, kept out of the search index."""
    html = _SVG.sub("<svg" + _EXCLUDE, html)
    return _TABLE.sub("<table" + _EXCLUDE, html) if is_data_page(src_uri) else html


def on_page_content(html, page, config, files):
    return searchable_content(html, page.file.src_uri) if _search_enabled(config) else html


def add_terms_to_index(index_text: str, terms: list[str]) -> str:
    """Material's search index with the vocabulary added to its config, written compactly in UTF-8 (a third of
    the bytes of Material's \\u escapes, which matters where the server does not compress)."""
    index = json.loads(index_text)
    index["config"][TERMS_KEY] = terms
    return json.dumps(index, separators=(",", ":"), ensure_ascii=False)


def split_index(index_text: str) -> tuple[str, str, str]:
    """(stub, name, real index): the stub Material fetches on every page, naming the real index, published as
    search/<name>. Both written compactly."""
    name = f"archive_index.{hashlib.sha256(index_text.encode('utf-8')).hexdigest()[:10]}.json"
    index = json.loads(index_text)
    up = "../" * WORKER_DIR.count("/")  # from the worker's folder back to the site's root
    stub = {"config": {**index["config"], SOURCE_KEY: f"{up}{FULL_INDEX_DIR}{name}"}, "docs": []}
    stub["config"].pop(TERMS_KEY, None)
    return json.dumps(stub, separators=(",", ":"), ensure_ascii=False), name, index_text


def full_index_path(site: Path) -> Path:
    """Where the built site keeps its real search index (the stub search/search_index.json names it)."""
    stub = json.loads((site / INDEX).read_text(encoding="utf-8"))
    return site / FULL_INDEX_DIR / Path(stub["config"][SOURCE_KEY]).name


def on_post_build(config):
    if not _search_enabled(config):
        return
    site = Path(config.site_dir)
    path = site / INDEX
    if not path.is_file():
        raise stop(f"Material 没有生成搜索索引 {INDEX}，无法加入搜索词表 {TERMS_FILE}。")
    for old in (site / FULL_INDEX_DIR).glob("archive_index.*.json"):
        old.unlink()
    stub, name, index = split_index(add_terms_to_index(path.read_text(encoding="utf-8"), _State.terms))
    (site / FULL_INDEX_DIR / name).write_text(index, encoding="utf-8")
    path.write_text(stub, encoding="utf-8")
    if not _State.pages_switched:
        raise stop("没有一个页面换用档案的搜索程序：Material 的页面设置可能变了。请检查 macros/search_hook.py。")
