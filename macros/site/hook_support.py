"""What the MkDocs hooks (mkdocs.yml `hooks:`) share: how they stop a build, and where Material keeps its settings.

Each hook is loaded by MkDocs as a lone file; it puts the project on sys.path and then imports this module.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

from ..archive.annotations import annotate, annotate_error
from ..errors import ArchiveError

BUILD_STOPPED = "构建已停止，请修改后重试。"
OFFLINE_STOPPED = "离线版构建已停止。"

# Material's settings for its script, one per page: <script id="__config" type="application/json">{…}</script>.
# Groups: 1 the opening tag, 2 the JSON, 3 the closing tag.
CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


_ANNOTATION_TITLES = {BUILD_STOPPED: "构建失败", OFFLINE_STOPPED: "离线版构建失败"}


def stop(message: object, heading: str = BUILD_STOPPED) -> PluginError:
    """The error a hook raises: MkDocs prints it as one message, in Chinese, and stops. Under GitHub Actions it is
    also an annotation, on the file and line the error names (mkdocs.yml when it names none)."""
    title = _ANNOTATION_TITLES.get(heading, "构建失败")
    if isinstance(message, ArchiveError):
        annotate_error(message, title)
    else:
        annotate("error", str(message), file="mkdocs.yml", title=title)
    return PluginError(f"{heading}\n{message}")
