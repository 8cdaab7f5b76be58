"""One way to split Chinese into words (issue 12, point 4): 打印版 and the importer, each run alone in a fresh
process, split a text exactly where the build's search index does, vocabulary terms kept whole."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from support import ROOT

from macros.archive.vocabulary import load_terms
from macros.site.search_hook import full_index_path

ZWSP = "\u200b"  # Material joins the words of the index with it
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run of Chinese characters as Material's search plugin writes it: words joined by ZWSP, ZWSP around.
_SPLIT_RUN = re.compile(rf"(?<={ZWSP})[{HAN}]+(?:{ZWSP}[{HAN}]+)*(?={ZWSP})")

# Each script runs in a process of its own, so that nothing else (the search hook, a build) has run before.
_PRINT = """
import json, re, sys
from pathlib import Path
from macros.archive.catalog import load_archive
from macros.site.print_view import print_markdown, title_with_word_breaks
root = Path(sys.argv[1])
texts, period = json.load(sys.stdin)
page = print_markdown(load_archive(root).summaries[period], root, "print.pdf")
title = re.search(r"^# (.+)$", page, re.M)[1]
print(json.dumps({"title": title, "texts": [title_with_word_breaks(t, root) for t in texts]}))
"""
_IMPORT = """
import json, sys
from pathlib import Path
from macros.importer.words import vocabulary_of, words
texts = json.load(sys.stdin)
with vocabulary_of(Path(sys.argv[1])):
    print(json.dumps([words(t) for t in texts]))
"""
_PLAIN_JIEBA = """
import json, logging, sys
import jieba
jieba.setLogLevel(logging.WARNING)
print(json.dumps([jieba.lcut(t) for t in json.load(sys.stdin)]))
"""


def _fresh(script: str, given) -> object:
    done = subprocess.run([sys.executable, "-c", script, str(ROOT)], input=json.dumps(given), cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PYTHONUTF8": "1", "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _index(site) -> dict:
    return json.loads(full_index_path(site).read_text(encoding="utf-8"))


def _han_breaks(words: list[str]) -> set[int]:
    """Offsets in the joined text where one word ends and the next begins, both sides Chinese characters."""
    breaks, offset = set(), 0
    for before, after in zip(words, words[1:], strict=False):
        offset += len(before)
        if re.match(f"[{HAN}]", before[-1]) and re.match(f"[{HAN}]", after[0]):
            breaks.add(offset)
    return breaks


def _wbr_breaks(html: str) -> set[int]:
    return _han_breaks(html.split("<wbr>"))


def test_print_and_import_split_words_as_the_search_index(built_site):
    index = _index(built_site)
    terms = {t.text for t in load_terms(ROOT)}
    runs = {run for doc in index["docs"] for run in _SPLIT_RUN.findall(doc["title"] + ZWSP + doc["text"] + ZWSP)}
    # Texts where a Party-work term is one of several words: the vocabulary decides how they split.
    samples = sorted(run for run in runs if ZWSP in run and terms & set(run.split(ZWSP)))[:40]
    assert len(samples) >= 5, samples
    texts = [run.replace(ZWSP, "") for run in samples]
    expected = [run.split(ZWSP) for run in samples]

    plain = _fresh(_PLAIN_JIEBA, texts)
    assert any(p != e for p, e in zip(plain, expected, strict=False)), "jieba alone splits these the same: the test proves nothing"

    assert _fresh(_IMPORT, texts) == expected
    printed = _fresh(_PRINT, [texts, "2020-h1"])
    assert [_wbr_breaks(t) for t in printed["texts"]] == [_han_breaks(e) for e in expected]
    # 打印版's own title breaks where the index splits the summary's title.
    landing = next(d for d in index["docs"] if d["location"] == "2020-h1/")
    assert printed["title"].replace("<wbr>", "") == landing["title"].replace(ZWSP, "")
    assert _wbr_breaks(printed["title"]) == _han_breaks(landing["title"].split(ZWSP))
