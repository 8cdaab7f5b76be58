"""The build's switches, written in mkdocs.yml under `extra: archive:` and read from MkDocs' configuration.

    extra:
      archive:
        drafts: !ENV [ARCHIVE_DRAFTS, false]    # true: summaries with status draft are built too
        offline: !ENV [ARCHIVE_OFFLINE, false]  # true: the copy read from the file system (macros/site/offline_hook.py)

Both are off unless the environment turns them on: `python3 dev.py serve` and the pull-request preview
(`python -m macros offline --drafts`) set ARCHIVE_DRAFTS; `python -m macros offline` sets ARCHIVE_OFFLINE.
The site's address is the third switch, `site_url: !ENV [SITE_URL, …]`, which MkDocs reads itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ..errors import ArchiveError

SECTION = "archive"  # extra.archive in mkdocs.yml
SWITCHES = {"drafts": "ARCHIVE_DRAFTS", "offline": "ARCHIVE_OFFLINE"}  # switch -> the variable that sets it
_ON, _OFF = (True, 1, "true", "1", "yes", "on"), (False, 0, None, "false", "0", "no", "off", "")


def switch(config, name: str) -> bool:
    """The switch `name` (a key of SWITCHES) of a loaded MkDocs configuration (or mkdocs-macros' env.conf).
    A switch missing from mkdocs.yml is off; a value that is neither on nor off stops the build."""
    section = (config.get("extra") or {}).get(SECTION) or {}
    if not isinstance(section, Mapping):
        raise ArchiveError(f"extra.{SECTION} 应为若干开关（drafts、offline），现在是“{section}”。", file="mkdocs.yml",
                           line=_line_of(config, SECTION), key=f"extra.{SECTION}")
    value = section.get(name)
    folded = value.strip().lower() if isinstance(value, str) else value
    if folded in _ON:
        return True
    if folded in _OFF:
        return False
    raise ArchiveError(f"开关的值“{value}”看不懂（由环境变量 {SWITCHES[name]} 设定）：应为 true 或 false。",
                       file="mkdocs.yml", line=_line_of(config, name), key=f"extra.{SECTION}.{name}")


def _line_of(config, name: str) -> int | None:
    """The line of mkdocs.yml that writes the switch, for the message."""
    path = config.get("config_file_path")
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines() if path else []
    except OSError:
        return None
    return next((number for number, line in enumerate(lines, 1) if re.match(rf"\s+{name}\s*:", line)), None)
