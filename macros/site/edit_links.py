"""Edit links (编辑链接): from a page or a figure to its file in the repository's web editor.

The repository's address is configuration: `repo_url` and `edit_uri` in mkdocs.yml, or, when
repo_url is not set, `extra.repository` (mkdocs.yml fills it from CI's GITHUB_SERVER_URL and
GITHUB_REPOSITORY with !ENV). Without an address there are no edit links. An address that is
not a plain https URL stops the build: a link is never built from it.

Material's own repository widget (shown when config.repo_url is set) asks the repository host's
API for stars and forks from the reader's browser; the archive makes no outside request, so the
address is taken out of config.repo_url and pages get their edit_url from here instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from ..errors import ArchiveError

# Plain https addresses only: no quotes, spaces, user names, queries or other schemes (javascript:).
_REPO_URL = re.compile(r"https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)*/?")
_REPO_NAME = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
# edit/<branch>/docs/ (GitHub), possibly after a prefix such as GitLab's -/: the branch is what data links use.
_EDIT_URI = re.compile(r"(?P<prefix>(?:[A-Za-z0-9._~-]+/)*?)(?:edit|blob)/(?P<ref>[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*)/docs/")



@dataclass(frozen=True)
class Repository:
    url: str     # https://github.com/owner/name, no trailing /
    prefix: str  # what comes before edit/ in edit_uri (GitLab: -/)
    ref: str     # the branch pages are edited on

    def page(self, src_uri: str) -> str:
        """A page's Markdown file in the web editor."""
        return f"{self.url}/{self.prefix}edit/{self.ref}/docs/{quote(src_uri)}"

    def data_line(self, data_file: str, line: int | None) -> str:
        """A line of a data file (data/2020-h1.yml), one click from the web editor."""
        anchor = f"#L{line}" if line else ""
        return f"{self.url}/{self.prefix}blob/{self.ref}/{quote(data_file)}{anchor}"


def repository(repo_url: str | None, edit_uri: str | None, ci_server: str = "", ci_name: str = "") -> Repository | None:
    """The repository to link to, from the configuration; None when no address is set."""
    if repo_url:
        where = "mkdocs.yml 中的 repo_url"
        url = repo_url
    elif ci_server and ci_name:
        where = "CI 的环境变量 GITHUB_SERVER_URL、GITHUB_REPOSITORY（mkdocs.yml 中的 extra.repository）"
        if not _REPO_NAME.fullmatch(ci_name):
            raise ArchiveError(f"仓库名“{ci_name}”不是“所有者/仓库”的形式，无法生成编辑链接。", file="mkdocs.yml",
                               key="extra.repository.name")
        url = f"{ci_server.rstrip('/')}/{ci_name}"
    else:
        return None
    if not _REPO_URL.fullmatch(url):
        raise ArchiveError(f"仓库地址“{url}”（来自{where}）不是有效的 https 网址，无法生成编辑链接。"
                           "请写成 https://github.com/所有者/仓库 的形式。", file="mkdocs.yml", key="repo_url")
    edit = _EDIT_URI.fullmatch(edit_uri or "")
    if not edit:
        raise ArchiveError(f"edit_uri“{edit_uri or ''}”应写成 edit/分支名/docs/ 的形式（例如 edit/main/docs/），"
                           "无法生成编辑链接。", file="mkdocs.yml", key="edit_uri")
    return Repository(url.rstrip("/"), edit["prefix"], edit["ref"])


def repository_of_config(config) -> Repository | None:
    """The repository from MkDocs' configuration; takes the address out of repo_url (see above)."""
    ci = (config.get("extra") or {}).get("repository") or {}
    found = repository(config.get("repo_url"), config.get("edit_uri"), str(ci.get("server") or ""),
                       str(ci.get("name") or ""))
    # No Material repository widget (no outside request), and MkDocs makes no edit_url of its own: it comes
    # from here (mkdocs_module.py sets page.edit_url).
    config["repo_url"] = None
    config["edit_uri"] = None
    return found
