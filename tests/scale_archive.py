"""A synthetic archive of many summaries, each the size of 2020 H1, for the scale benchmark (issue 4).

    make_synthetic_archive(destination, 40)   # 2000-h2 … 2020-h1: twenty years, two summaries a year

The copy holds the project's site sources (mkdocs.yml, macros/, every docs/ page and asset that is not
a summary's, every data/ file that is not a summary's, such as the search vocabulary), and `count`
summaries made from the template period (2020-h1): its pages copied as they are, its data file with

- the title's year and half rewritten (2020年…上半年… -> 2007年…下半年…), in data and on the landing page;
- every figure given a plausible value, drawn from a random generator seeded with the period, so the
  same call always makes the same archive: whole numbers except for %, which has one decimal and is
  at most 100; each rate of `rates` gets a base, a count not above it and the rate those two give,
  rounded to one decimal, so the build's consistency check runs and passes;
- a date of issue just after the half-year ends, and status final.

Names stay null (shown as X). original.txt is the template's copy: fidelity is not what is measured.
The periods end at the template period and go back in time. The real project is never changed.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import re
import shutil
from pathlib import Path

import yaml
from support import PROJECT_PARTS, ROOT

TEMPLATE = "2020-h1"
_PERIOD = re.compile(r"^(\d{4})-h([12])$")
_HALVES = {1: "上半年", 2: "下半年"}

# Plausible ranges for whole-number figures, by unit; other units use DEFAULT_RANGE.
RANGES = {
    "次": (1, 30), "名": (3, 200), "人": (10, 2000), "人次": (5, 300), "天": (1, 10), "期": (1, 12),
    "个": (1, 60), "场次": (1, 40), "条": (5, 300), "册": (50, 2000), "户": (5, 300), "份": (5, 500),
    "家": (1, 80), "年": (1, 10), "篇": (1, 40), "元": (1_000, 200_000),
}
DEFAULT_RANGE = (1, 100)
PERCENT = "%"


def _parse(period: str) -> tuple[int, int]:
    match = _PERIOD.match(period)
    if not match:
        raise ValueError(f"not a period id: {period}")
    return int(match[1]), int(match[2])


def synthetic_periods(count: int, last: str = TEMPLATE) -> list[str]:
    """`count` consecutive periods ending at `last`, oldest first."""
    year, half = _parse(last)
    periods = []
    for _ in range(count):
        periods.append(f"{year}-h{half}")
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return periods[::-1]


def retitle(title: str, template: str, period: str) -> str:
    """The template's title with its year and half rewritten for `period`."""
    (old_year, old_half), (year, half) = _parse(template), _parse(period)
    return title.replace(str(old_year), str(year)).replace(_HALVES[old_half], _HALVES[half])


def _percent(rng: random.Random) -> float:
    return round(rng.uniform(60, 100), 1)


def synthetic_data(template_data: dict, template: str, period: str) -> dict:
    """The template's data (as parsed YAML) with a new title, date, status and plausible figures."""
    rng = random.Random(f"scale-archive:{period}")
    data = copy.deepcopy(template_data)
    year, half = _parse(period)
    summary = data["summary"]
    summary["title"] = retitle(summary["title"], template, period)
    summary["issued"] = dt.date(year, 7, rng.randint(1, 20)) if half == 1 else dt.date(year + 1, 1, rng.randint(5, 25))
    summary["status"] = "final"
    figures = data["figures"]
    for figure in figures.values():
        if figure["unit"] == PERCENT:
            figure["value"] = _percent(rng)
        else:
            low, high = RANGES.get(figure["unit"], DEFAULT_RANGE)
            figure["value"] = rng.randint(low, high)
    for rate in data.get("rates") or []:
        base = rng.randint(80, 600)
        count = rng.randint(base // 2, base)
        rate["base"] = base
        figures[rate["count"]]["value"] = count
        figures[rate["rate"]]["value"] = round(count / base * 100, 1)
    return data


def _is_period(path: Path) -> bool:
    return bool(_PERIOD.match(path.stem if path.is_file() else path.name))


def copy_site_sources(destination: Path, root: Path = ROOT) -> Path:
    """The project's site sources without any summary: configuration, code, archive-wide pages and data."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = root / part
        if source.is_file():
            shutil.copy2(source, destination / part)
        elif part in ("docs", "data"):
            (destination / part).mkdir(exist_ok=True)
            for entry in sorted(source.iterdir()):
                if _is_period(entry):
                    continue
                if entry.is_dir():
                    shutil.copytree(entry, destination / part / entry.name,
                                    ignore=shutil.ignore_patterns("__pycache__"))
                else:
                    shutil.copy2(entry, destination / part / entry.name)
        elif source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


def make_synthetic_archive(destination: Path, count: int, root: Path = ROOT, template: str = TEMPLATE) -> Path:
    """A project at `destination` holding `count` summaries made from `template`, ending at it."""
    if count < 1:
        raise ValueError("count must be at least 1")
    project = copy_site_sources(destination, root)
    template_data = yaml.safe_load((root / "data" / f"{template}.yml").read_text(encoding="utf-8"))
    template_docs = root / "docs" / template
    old_title = template_data["summary"]["title"]
    for period in synthetic_periods(count, template):
        data = synthetic_data(template_data, template, period)
        header = f"# {period}：合成数据，由 tests/scale_archive.py 按 {template} 生成，仅供规模测试。\n"
        (project / "data" / f"{period}.yml").write_text(
            header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
        folder = project / "docs" / period
        shutil.copytree(template_docs, folder)
        landing = folder / "index.md"
        text = landing.read_text(encoding="utf-8")
        landing.write_text(text.replace(f"# {old_title}", f"# {data['summary']['title']}", 1), encoding="utf-8")
    return project


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="生成一个多期的合成档案（用于规模基准），不改动本项目。")
    parser.add_argument("destination", type=Path, help="新档案的文件夹")
    parser.add_argument("count", type=int, nargs="?", default=3, help="期数（默认 3）")
    arguments = parser.parse_args()
    made = make_synthetic_archive(arguments.destination, arguments.count)
    print(f"synthetic archive in {made}")
