"""MkDocs hook (mkdocs.yml `hooks:`): a page shows a date only when a commit stands behind it.

mkdocs-git-revision-date-localized-plugin gives every page 最后更新 (its last commit) and 创建日期 (the
commit that added it: for a summary, when it entered the archive). Where git knows no commit for the
page (a page not yet committed, a copy of the project outside git, a generated page) the plugin puts
in the build's own time, which would tell readers a page changed when it was only built. Those dates
have no commit hash: this hook removes them, and the page then shows no date at all.
"""

from __future__ import annotations

DATES = ("git_revision_date_localized", "git_creation_date_localized", "git_site_revision_date_localized")


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
