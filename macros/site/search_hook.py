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
3. on_post_build: the vocabulary is written into the index's config ("archive_terms"), so the worker
   splits queries with the same words jieba kept whole.

Why this design: README.md, “给维护者 · 搜索”.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

_ROOT = Path(__file__).resolve().parents[2]  # the project: macros/site/ is two levels down
if str(_ROOT) not in sys.path:  # MkDocs loads a hook as a lone file; the macros package sits beside it
    sys.path.insert(0, str(_ROOT))

from macros.errors import ArchiveError  # noqa: E402
from macros.archive.vocabulary import TERMS_FILE, load_terms, segmenter  # noqa: E402

WORKER = "assets/javascripts/search-worker.js"  # in docs/; published under WORKER_DIR instead
WORKER_DIR = "assets/javascripts/workers/"  # Material's worker is there; ours goes beside it
INDEX = "search/search_index.json"
TERMS_KEY = "archive_terms"
SEARCH_PLUGIN = "material/search"
_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
_OUR_WORKER = re.compile(r"assets/javascripts/workers/search\.archive\.[0-9a-f]+\.js$")


class _State:
    terms: list[str] = []
    worker = ""  # site-relative path of our worker
    pages_switched = 0


def _stop(message: str) -> PluginError:
    return PluginError(f"构建已停止，请修改后重试。\n{message}")


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
        raise _stop(str(error)) from None
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
        raise _stop(f"缺少搜索程序 docs/{WORKER}，网站的搜索将无法使用。请从版本库中恢复这个文件。")
    content = Path(source.abs_src_path).read_bytes()
    files.remove(source)
    _State.worker = worker_name(content)
    files.append(File.generated(config, _State.worker, content=content))
    return files


def use_archive_worker(html: str) -> str:
    """The page with Material's search worker replaced by the archive's. Pages without Material's
    settings script are returned unchanged."""
    found = _CONFIG_SCRIPT.search(html)
    if not found:
        return html
    settings = json.loads(found.group(2))
    current = settings.get("search")
    if not isinstance(current, str):
        return html  # Material writes no worker when search is off
    if _OUR_WORKER.search(current):
        return html
    if not _State.worker:
        raise _stop("搜索程序还没有发布（on_files 没有运行？）。请检查 macros/search_hook.py。")
    if not _MATERIAL_WORKER.search(current):
        raise _stop(
            f"Material 页面设置中的搜索程序地址“{current}”与预期的格式不同（Material 升级了？）。"
            f"请按 README 的“给维护者 · 搜索”一节检查 macros/search_hook.py。")
    ours = _MATERIAL_WORKER.sub(_State.worker, current)
    old, new = json.dumps(current), json.dumps(ours)
    script = found.group(2)
    if old not in script:
        raise _stop("无法在 Material 的页面设置中替换搜索程序地址。请检查 macros/search_hook.py。")
    _State.pages_switched += 1
    return html[:found.start(2)] + script.replace(old, new, 1) + html[found.end(2):]


def on_post_page(output, page, config):
    return use_archive_worker(output) if _search_enabled(config) else output


def on_post_template(output_content, template_name, config):
    if template_name.endswith(".html") and _search_enabled(config):
        return use_archive_worker(output_content)
    return output_content


def add_terms_to_index(index_text: str, terms: list[str]) -> str:
    """Material's search index with the vocabulary added to its config, written as compactly as Material does."""
    index = json.loads(index_text)
    index["config"][TERMS_KEY] = terms
    return json.dumps(index, separators=(",", ":"), ensure_ascii=True)


def on_post_build(config):
    if not _search_enabled(config):
        return
    path = Path(config.site_dir) / INDEX
    if not path.is_file():
        raise _stop(f"Material 没有生成搜索索引 {INDEX}，无法加入搜索词表 {TERMS_FILE}。")
    path.write_text(add_terms_to_index(path.read_text(encoding="utf-8"), _State.terms), encoding="utf-8")
    if not _State.pages_switched:
        raise _stop("没有一个页面换用档案的搜索程序：Material 的页面设置可能变了。请检查 macros/search_hook.py。")
