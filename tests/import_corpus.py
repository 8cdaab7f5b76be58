"""The import corpus (tests/fixtures/import/, README there): every input with the text a reader should see.

Shared by tests/test_import_corpus.py (every input imports, the archive of all of them builds strictly,
each one's pages show exactly its expected text) and tests/benchmark.py (`python3 dev.py bench`: inputs,
imported, exact, figures lifted against an independent count, seconds per input).

The independent count is deliberately simple and shares no code with the import: in the expected text,
a run of Arabic digits (with , and .) or X marks followed by a unit of data/units.txt (after an optional
余/多 and scale 万/亿), not preceded by 第 and not a year (19xx/20xx before 年), outside 《》 and “”.
"""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from support import run_module

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "import"
CORPUS = FIXTURES / "corpus"
# The earlier fixtures, and the archive's own first original, with the text a reader sees of each.
EARLIER = {
    "clean": (FIXTURES / "clean.txt", CORPUS / "clean.expected.txt"),
    "messy-utf8": (FIXTURES / "messy-utf8.txt", CORPUS / "clean.expected.txt"),
    "messy-gb18030": (FIXTURES / "messy-gb18030.txt", CORPUS / "clean.expected.txt"),
    "2020-h1-original": (ROOT / "docs" / "2020-h1" / "original.txt", CORPUS / "2020-h1-original.expected.txt"),
}


@dataclass(frozen=True)
class Input:
    name: str
    document: Path
    expected: Path

    def expected_text(self) -> str:
        return self.expected.read_text(encoding="utf-8")


def inputs() -> list[Input]:
    found = [Input(name, document, expected) for name, (document, expected) in EARLIER.items()]
    for document in sorted(CORPUS.glob("*.txt")):
        if not document.name.endswith(".expected.txt"):
            found.append(Input(document.stem, document, document.with_name(document.stem + ".expected.txt")))
    return found


def period_of(index: int) -> str:
    """Periods far from the archive's own: 1990-h1, 1990-h2, 1991-h1 …"""
    return f"{1990 + index // 2}-h{index % 2 + 1}"


def run_import(project: Path, document: Path, period: str) -> subprocess.CompletedProcess:
    return run_module("macros", "import", str(document), "--period", period, cwd=project, timeout=300)


@dataclass
class Result:
    input: Input
    period: str
    done: subprocess.CompletedProcess
    seconds: float


def import_all(project: Path) -> list[Result]:
    results = []
    for index, item in enumerate(inputs()):
        period = period_of(index)
        started = time.perf_counter()
        done = run_import(project, item.document, period)
        results.append(Result(item, period, done, time.perf_counter() - started))
    return results


def reader_texts(project: Path) -> dict[str, str]:
    """What a reader sees of each period's pages (period -> text): one paragraph or heading a line, what the
    archive adds left out. The archive is loaded once for all periods."""
    from macros.archive.catalog import load_archive
    from macros.archive.fidelity import page_blocks

    texts = {}
    for period, summary in load_archive(project).summaries.items():
        data = summary.data

        def shown(kind: str, key: str, data=data) -> str:
            return (data.figures if kind == "fig" else data.names)[key].shown

        lines = []
        for page in summary.text_pages:
            source = (project / "docs" / page).read_text(encoding="utf-8")
            lines += [re.sub(r"\s+", "", b.text.replace("\ue000", "").replace("\ue001", ""))
                      for b in page_blocks(source, page, shown) if not b.added]
        texts[period] = "\n".join(lines) + "\n"
    return texts


def squeezed_lines(text: str) -> str:
    return "\n".join(re.sub(r"\s+", "", line) for line in text.splitlines() if line.strip()) + "\n"


def _units() -> list[str]:
    text = (ROOT / "data" / "units.txt").read_text(encoding="utf-8")
    units = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    return sorted((u for u in units if u), key=len, reverse=True)


def independent_count(text: str) -> int:
    """Figures in a reader's text, counted without the import's code (see the module's docstring)."""
    text = re.sub(r"《[^》]*》|“[^”]*”", "", text)
    units = "|".join(map(re.escape, _units()))
    pattern = re.compile(rf"(?<![第0-9.,A-Za-z])([0-9][0-9,]*(?:\.[0-9]+)?|X{{1,2}})(?![0-9A-Za-z])[余多]?(?:万亿|亿|万)?(?:{units})")
    count = 0
    for match in pattern.finditer(text):
        number = match[1]
        if re.fullmatch(r"(19|20)[0-9]{2}", number) and text[match.end(1):match.end(1) + 1] == "年":
            continue
        count += 1
    return count
