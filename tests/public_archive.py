"""The benchmark archive of real, different summaries: the project's 2020 H1 and five public documents.

    make_public_archive(destination)   # a project with 2020-h1 and the five periods of PERIODS

The documents are tests/fixtures/public/*.csv, kept exactly as found (see the README there). Each is imported
as a real editor would, with `python -m macros import FILE --period …`, after `import_text` has taken the
document's text out of its CSV row and dropped the web page's furniture (the 下载/打印/分享 lines before the
title, 相关报道： after the end): the importer does not yet recognise those lines (README of the folder says
what happens without this). Every imported period is marked final so that the build treats it as published.
"""

from __future__ import annotations

import csv
import re
import shutil
import sys
from pathlib import Path

from scale_archive import copy_site_sources
from support import ROOT, run_module

PUBLIC = ROOT / "tests" / "fixtures" / "public"
# period -> the document imported as that period; the years are the archive's, not the documents' own
PERIODS = {
    "2021-h1": "2026_河北省_政府工作报告.csv",
    "2021-h2": "2026_西藏自治区_政府工作报告.csv",
    "2022-h1": "2026_河南省_政府工作报告.csv",
    "2022-h2": "2026_吉林省_政府工作报告.csv",
    "2023-h1": "2026_陕西省_政府工作报告.csv",
}
TEMPLATE = "2020-h1"
_TRAILING = ("相关报道：", "扫一扫在手机打开当前页")


def import_text(csv_file: Path) -> str:
    """The document's text as an editor would save it from the web page: from its title to its last line."""
    with csv_file.open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    lines = row["full_text"].split("\n")
    head = lines[:40]
    title_at = max(i for i, line in enumerate(head) if line.strip() == row["title"])
    body = lines[title_at:]
    while body and (not body[-1].strip() or body[-1].strip() in _TRAILING):
        body.pop()
    return "\n".join(body) + "\n"


def make_public_archive(destination: Path, root: Path = ROOT) -> Path:
    """A project at `destination`: the site sources, 2020-h1 as it is, and the five public documents imported."""
    project = copy_site_sources(destination, root)
    (project / "data" / f"{TEMPLATE}.yml").write_bytes((root / "data" / f"{TEMPLATE}.yml").read_bytes())
    shutil.copytree(root / "docs" / TEMPLATE, project / "docs" / TEMPLATE)
    sources = project.parent / f"{project.name}-sources"
    sources.mkdir(exist_ok=True)
    for period, name in PERIODS.items():
        text_file = sources / (Path(name).stem + ".txt")
        text_file.write_text(import_text(PUBLIC / name), encoding="utf-8")
        done = run_module("macros", "import", str(text_file), "--period", period, cwd=project)
        if done.returncode:
            raise RuntimeError(f"导入 {name} 为 {period} 失败：\n{done.stdout}{done.stderr}")
        data = project / "data" / f"{period}.yml"
        data.write_text(re.sub(r"(?m)^(  status: )draft\b", r"\1final", data.read_text(encoding="utf-8")),
                        encoding="utf-8")
    return project


if __name__ == "__main__":
    made = make_public_archive(Path(sys.argv[1]))
    print(f"benchmark archive in {made}")
