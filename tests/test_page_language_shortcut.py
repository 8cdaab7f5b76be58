"""The page language's shortcut (page_language._simple_pieces) gives exactly what Jinja's lexer gives, or nothing.

A build reads most pages without running Jinja's lexer: a text whose only template syntax is calls written as
`{{ fig("key") }}` is cut into pieces directly. Security rests on the lexer being the one reader of pages
(issue 13), so the shortcut may only answer where the lexer's reading is certain, and must answer the same.
Checked here on every page of the repository and its fixtures, on every string of the tests that holds template
syntax (the tricky and hostile pages among them), put into a page, and on variants of every call on those pages:
wherever the shortcut answers, its pieces equal the lexer's, and the lexer neither refuses the text nor finds a
raw block in it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from support import ROOT

from macros.archive.page_language import (
    MACROS,
    _lexer_scan,
    _simple_pieces,
    parse_page,
    split_front_matter,
)
from macros.errors import ArchiveError

TESTS = Path(__file__).resolve().parent
_OPENERS = ("{{", "{%", "{#", "}}", "%}", "#}")


def repository_pages() -> dict[str, str]:
    pages = {}
    for folder in (ROOT / "docs", TESTS / "fixtures"):
        for path in sorted(folder.rglob("*.md")):
            pages[path.relative_to(ROOT).as_posix()] = path.read_text(encoding="utf-8")
    return pages


def template_strings_of_the_tests() -> list[str]:
    """Every string literal (f-strings' literal parts included) of the test modules that holds template syntax."""
    found = set()
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and any(
                    opener in node.value for opener in _OPENERS):
                found.add(node.value)
    return sorted(found)


# Ways to write a call other than the shortcut's form, and texts around it: each is applied to every call.
CALL_VARIANTS = [
    lambda c: c, lambda c: c.replace("{{ ", "{{- "), lambda c: c.replace(" }}", " -}}"),
    lambda c: c.replace("{{ ", "{{+ "), lambda c: c.replace("{{ ", "{{"), lambda c: c.replace(" }}", "}}"),
    lambda c: c.replace("{{ ", "{{  "), lambda c: c.replace(" }}", "  }}"), lambda c: c.replace('"', "'"),
    lambda c: c.replace("(", " ("), lambda c: c.replace("{{ ", "{{\n"), lambda c: c.replace("(", "(\n"),
    lambda c: "{" + c, lambda c: c + "}", lambda c: c + "}}", lambda c: "{{" + c, lambda c: c[:-1],
    lambda c: c.replace('")', '" )'), lambda c: c.replace('("', '( "'), lambda c: c.replace('")', '\\")'),
    lambda c: c.replace('("', '("\\'), lambda c: c.replace("(", "(x, "), lambda c: c.replace(")", ", 1)"),
    lambda c: c.replace('("', '("A'), lambda c: c.replace('("', '("1'),
    lambda c: c.replace('("', '("{{'), lambda c: c.replace('("', '("}}'), lambda c: c.replace('("', '("\n'),
    lambda c: c.replace(" }}", " | safe }}"), lambda c: c.replace("(", ".__class__("),
    lambda c: c.replace("{{ ", "{{ x."), lambda c: c.replace('("', '(""'), lambda c: c.replace('("', '(")'),
    lambda c: c + "\r\n", lambda c: c + "\r", lambda c: c + "\n", lambda c: "\n" + c, lambda c: c + c,
    lambda c: c + " " + c, lambda c: "{% raw %}" + c + "{% endraw %}", lambda c: "{# " + c + " #}",
    lambda c: c + "{%", lambda c: c + "{#", lambda c: c.replace("{{", "{ {"),
]
TEXTS_AROUND = ["", "\n", "\n\n", "正文", "正文\n", "\n正文\n\n", "{", "}", "{\n", "}\n", "%}", "#}", "-", "+"]


def calls_written_simply() -> list[str]:
    calls = [f'{{{{ {name}("some_key") }}}}' if keyed else f"{{{{ {name}() }}}}" for name, keyed in MACROS.items()]
    calls += ['{{ fig() }}', '{{ contents("x") }}', '{{ fig("") }}', '{{ nosuch("x") }}', '{{ nosuch() }}',
              '{{ Fig("x") }}', '{{ fig("Key") }}', '{{ fig("k-1") }}', '{{ fig("é") }}', '{{ fig(\'x\') }}']
    return calls


def lexer_reading(source: str, start: int, end: int):
    try:
        return _lexer_scan(source, start, end, "docs/x.md")
    except ArchiveError as error:
        return error


def assert_same_as_lexer(source: str, start: int = 0, end: int | None = None) -> bool:
    """The shortcut's pieces equal the lexer's where it answers; True if it answered."""
    end = len(source) if end is None else end
    shortcut = _simple_pieces(source, start, end)
    if shortcut is None:
        return False
    lexer = lexer_reading(source, start, end)
    assert not isinstance(lexer, ArchiveError), (source[start:end][:200], lexer)
    assert (shortcut, []) == (lexer[0], lexer[1]), source[start:end][:200]
    return True


def bodies() -> dict[str, tuple[str, int]]:
    """Each page of the repository as the build reads it: the whole source, where the body starts."""
    found = {}
    for name, text in repository_pages().items():
        source = text.replace("\r\n", "\n").replace("\r", "\n")
        found[name] = (source, split_front_matter(source)[1])
    return found


def test_every_page_of_the_repository_is_read_alike_and_most_by_the_shortcut():
    answered = [assert_same_as_lexer(source, start) for source, start in bodies().values()]
    assert sum(answered) >= 0.9 * len(answered) and len(answered) > 20


def test_every_template_string_of_the_tests_is_read_alike_alone_and_in_pages():
    strings = template_strings_of_the_tests()
    assert len(strings) > 100  # the hostile and tricky pages are among them
    page, start = bodies()["docs/2020-h1/2.md"]
    for text in strings:
        assert_same_as_lexer(text)
        for around in TEXTS_AROUND:
            assert_same_as_lexer(around + text + around)
        middle = page.index("\n\n", start) + 1
        for placed in (page[:start] + text + page[start:], page[:middle] + text + page[middle:], page + text):
            assert_same_as_lexer(placed, start)


@pytest.mark.parametrize("variant", range(len(CALL_VARIANTS)))
def test_every_variant_of_a_call_is_read_alike(variant):
    change = CALL_VARIANTS[variant]
    for call in calls_written_simply():
        for before in TEXTS_AROUND:
            for after in TEXTS_AROUND:
                assert_same_as_lexer(before + change(call) + after)
    for source, start in bodies().values():  # each call of each page changed in turn (the first five of a page)
        simple = _simple_pieces(source, start, len(source)) or []
        for piece in [piece for piece in simple if piece.call][:5]:
            changed = source[:piece.start] + change(source[piece.start:piece.end]) + source[piece.end:]
            assert_same_as_lexer(changed, start)


def test_the_shortcut_keeps_every_message():
    """A page the shortcut does not take is read by the lexer, which gives the messages (tests/test_page_errors.py …)."""
    for bad in ('{{ fig("") }}', '{{ contents("x") }}', '{{ nosuch() }}', '{{ fig() }}'):
        assert _simple_pieces(bad, 0, len(bad)) is None
        with pytest.raises(ArchiveError):
            parse_page(f"# 标题\n\n{bad}\n", "docs/x.md")
