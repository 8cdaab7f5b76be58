"""MkDocs hook (mkdocs.yml `hooks:`): a page shows dates only of commits, never the build's time.

mkdocs-git-revision-date-localized-plugin gives every page 最后更新 (its last commit) and 创建日期 (the
commit that added it: for a summary, when it entered the archive). Where git knows no commit for a
page (not yet committed; a copy of the project outside git) the plugin would put in the build's own
time, telling readers a page changed when it was only built, and, taking that time twice, may warn
that a page was created after its last change (a warning stops a strict build). So, before the
plugin starts:
- outside a git work tree (or without git) the plugin is switched off: no page shows a date;
- pages that HEAD does not hold are added to the plugin's `exclude`: they show no date.
A date without a commit hash that still reaches a page (a generated page) is removed before rendering.

The plugin asks git for each page's dates in a pool of worker processes it starts for every build (on_files).
Starting the workers costs more CPU than the questions: on_files here asks the very same questions (the plugin's
own Util.get_git_commit_timestamp, for the same pages) in the build's process and fills the plugin's caches with
the answers, so that the plugin finds them there and starts no pool. The pages show the same dates.
"""

from __future__ import annotations

import glob
import subprocess
from pathlib import Path

from mkdocs.plugins import event_priority

PLUGIN = "git-revision-date-localized"
DATES = ("git_revision_date_localized", "git_creation_date_localized", "git_site_revision_date_localized")


def committed_pages(docs: Path) -> set[str] | None:
    """Docs-relative paths of the files HEAD holds under `docs`; None outside a git work tree (or without git)."""
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=false", "ls-tree", "-r", "-z", "--name-only", "HEAD", "--", "."],
                              cwd=docs, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:  # not a repository, or one with no commit yet
        return None
    return {name.decode("utf-8", errors="replace") for name in done.stdout.split(b"\0") if name}


@event_priority(100)  # before the plugin's own on_config
def on_config(config):
    plugin = config.plugins.get(PLUGIN)
    if plugin is None or not plugin.config.get("enabled"):
        return config
    docs = Path(config.docs_dir)
    committed = committed_pages(docs)
    if committed is None:
        plugin.config["enabled"] = False
        return config
    uncommitted = sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*.md")
                         if path.relative_to(docs).as_posix() not in committed)
    plugin.config["exclude"] = [*plugin.config.get("exclude", []), *map(glob.escape, uncommitted)]
    return config


def commitless_dates_removed(meta: dict) -> dict:
    """The page's meta without the dates that no commit stands behind (their `_hash` is empty)."""
    for name in DATES:
        if name in meta and not meta.get(f"{name}_hash"):
            for key in [k for k in meta if k == name or k.startswith(f"{name}_")]:
                del meta[key]
    return meta


def on_page_context(context, page, config, nav):
    commitless_dates_removed(page.meta)
    return context


_CACHES = ("last_revision_commits", "created_commits", "cached_source_paths", "util")


@event_priority(50)  # before the plugin's own on_files, which would start its pool
def on_files(files, config):
    plugin = config.plugins.get(PLUGIN)
    if (plugin is None or not plugin.config.get("enabled") or not plugin.config.get("enable_parallel_processing")
            or not all(hasattr(plugin, name) for name in _CACHES) or "monorepo" in config.plugins):
        return files  # nothing to do, or a case the plugin handles its own way
    from mkdocs_git_revision_date_localized_plugin.exclude import exclude  # noqa: PLC0415 - only with the plugin on

    excluded = plugin.config.get("exclude", [])
    paths = [str(Path(file.abs_src_path).absolute()) for file in files
             if file.is_documentation_page() and not getattr(file, "generated_by", None)
             and file.abs_src_path is not None and not exclude(file.src_path, excluded)]
    # As the plugin's parallel_compute_commit_timestamps does, with its checks on an empty cache (mkdocs serve
    # keeps the plugin, and its caches, from one build to the next).
    wanted = [(plugin.last_revision_commits, False)]
    if plugin.config.get("enable_creation_date"):
        wanted.append((plugin.created_commits, True))
    for cache, first in wanted:
        if cache:
            continue
        for path in paths:
            cache[path] = plugin.util.get_git_commit_timestamp(path, first)
            plugin.cached_source_paths[path] = path
    return files
