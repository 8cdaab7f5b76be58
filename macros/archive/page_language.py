"""The page language: how the archive reads a page's Markdown source. Every part that reads pages uses this module.

A page is front matter (as MkDocs splits it), then a body that mkdocs-macros renders with Jinja. The body is read
with Jinja's own lexer, built with the settings mkdocs-macros renders with, so the check sees exactly what Jinja
will execute. A page may contain only:
- `{{ name("key") }}` / `{{ name() }}`: a call of one of the archive's macros (page_check.MACROS) with at most one
  literal string argument, on one line, without whitespace control (`{{-`);
- `{% raw %}…{% endraw %}` (whitespace control `-` allowed), which shows its content literally, e.g. to explain
  how a macro is written. Jinja ends it at the first `endraw`: raw blocks do not nest.
Everything else Jinja would execute or even read (statements, expressions, filters, attributes, comments, escaped
braces such as `{{ '{{' }}`: write them inside raw instead) stops with one Chinese message naming file and line.
Front matter may contain no Jinja at all; the page title mkdocs-macros renders (front-matter title, first `# `
heading or file name) follows the same rules as the body.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, TemplateSyntaxError

from ..errors import ArchiveError, closest
from .text_files import read_text_file

MAX_PAGE_BYTES = 1_000_000  # a page larger than this is refused: the longest summary page is about 10 KB

# Macro name -> whether it takes one quoted key. `fig` and `name` only work on a summary's pages.
MACROS = {
    "fig": True,            # a figure from data/<period>.yml: {{ fig("donors") }}
    "name": True,           # a redacted name: {{ name("city") }}
    "summary_meta": False,  # the landing page's unit, period, date and status
    "contents": False,      # the landing page's list of parts
    "original_text": False, # the original text, on original.md
    "figures_table": False, # every figure of the summary, on figures.md
    "print_view": False,    # the whole summary laid out for print, on print.md
    "archive_home": False,  # the archive's home page
    "figure_trends": False, # figures followed across periods
}

# The Jinja settings mkdocs-macros 1.5.0 renders pages with (plugin.py, on_config): Jinja's defaults, changed only
# by the plugin's j2_* options in mkdocs.yml, of which the archive sets none (macros/site/sandbox.py refuses any).
# No line statements, no trim_blocks/lstrip_blocks, no extensions.
JINJA_SYNTAX: dict = {}
_LEXER = Environment(**JINJA_SYNTAX)
LEXER_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                  "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                  "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline")

_EXAMPLE = '正确的写法如 {{ fig("donors") }} 或 {{ name("city") }}'
_CALL = re.compile(r"""^\s*(?P<name>[A-Za-z_]\w*)\s*\(\s*(?:(?P<q>["'])(?P<arg>[^"'\n]*)(?P=q))?\s*\)\s*$""")
# MkDocs' own front matter rules (mkdocs/utils/meta.py): a YAML block between --- and --- or ..., or else
# MultiMarkdown-style "key: value" lines up to the first blank line.
_YAML_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")
# Python-Markdown's ATX heading (a line starting with 1-6 #), and attr_list's { … } at its end.
_HEADING = re.compile(r"^(?P<hashes>#{1,6})(?P<text>.*?)#*$")
_ATTRS = re.compile(r"[ ]+\{:?[^}\n]*\}[ ]*$")
_OPENERS = ("{{", "{%", "{#")


def read_page(path: Path, shown_as: str) -> str:
    """A page's text as MkDocs reads it (UTF-8, a BOM dropped, line ends made \\n), refusing what cannot be read."""
    return read_text_file(path, shown_as, MAX_PAGE_BYTES, "请检查是否误放了别的文件，或把它分成几页。", noun="页面")


# --- What a page is made of --------------------------------------------------------------------

@dataclass(frozen=True)
class MacroCall:
    name: str
    key: str | None
    line: int
    after: str = ""  # the rest of the line after the closing }}: where a figure's unit stands
    column: int = 0  # 1-based column of the opening {{
    start: int = 0   # offsets of the whole call {{ … }} in the page's source
    end: int = 0
    key_span: tuple[int, int] | None = None  # offsets of the key between its quotes


@dataclass(frozen=True)
class RawRegion:
    """A {% raw %} … {% endraw %} block: its content is shown literally."""

    line: int
    start: int  # offsets of the whole block, markers included
    end: int


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # as written (macros still in it), without a trailing { attribute list } or closing #s
    line: int


@dataclass(frozen=True)
class Piece:
    """A stretch of the body as Jinja outputs it: literal text, or a macro call."""

    start: int
    end: int
    text: str = ""                # literal text, as Jinja outputs it
    call: MacroCall | None = None


@dataclass(frozen=True)
class Page:
    source: str
    shown_as: str
    meta: str | None   # the front matter's text (YAML, or MultiMarkdown lines), None without any
    meta_line: int     # line of the front matter's first line of text
    body_start: int    # offset where the body (what Jinja renders) starts
    body_line: int     # its line
    calls: tuple[MacroCall, ...]
    raws: tuple[RawRegion, ...]
    headings: tuple[Heading, ...]
    pieces: tuple[Piece, ...]
    title_calls: tuple[MacroCall, ...] = ()  # calls in the page title mkdocs-macros renders, if any

    @property
    def head(self) -> str:
        """The source before the body: front matter and the blank lines MkDocs drops after it."""
        return self.source[: self.body_start]

    @property
    def body(self) -> str:
        return self.source[self.body_start:]

    def render(self, replace: Callable[[MacroCall], str], keep_lines: bool = False) -> str:
        """The body as Jinja outputs it, with each call replaced by `replace(call)`. With `keep_lines`, the
        whitespace Jinja's whitespace control removes keeps its line breaks, so that lines stay where they were."""
        out, position = [], self.body_start
        for piece in self.pieces:
            if keep_lines:
                out.append("\n" * self.source.count("\n", position, piece.start))
            out.append(replace(piece.call) if piece.call else piece.text)
            position = piece.end
        if keep_lines:
            out.append("\n" * self.source.count("\n", position))
        return "".join(out)

    def lines_as_source(self, replace: Callable[[MacroCall], str]) -> str:
        """The whole page rendered with every line where it is in the source: front matter left blank."""
        return "\n" * self.source.count("\n", 0, self.body_start) + self.render(replace, keep_lines=True)


def split_front_matter(source: str) -> tuple[str | None, int, int]:
    """(front matter text or None, offset of the body, offset of the front matter text), as MkDocs splits a page."""
    block = _YAML_BLOCK.match(source)
    if block:
        if not isinstance(_front_matter_data(block[1]), dict):
            return None, 0, 0  # MkDocs keeps the page whole: Jinja renders the block too
        end = block.end()
        return block[1], end + len(source[end:]) - len(source[end:].lstrip("\n")), block.start(1)
    # MultiMarkdown: "key: value" lines (and indented continuations) up to a blank line
    position, seen_key = 0, False
    while position < len(source):
        line_end = source.find("\n", position)
        line_end = len(source) if line_end == -1 else line_end
        line = source[position:line_end]
        if not line.strip():
            position = line_end + 1
            break
        if _META_LINE.match(line):
            seen_key = True
        elif not (seen_key and _META_MORE.match(line)):
            break
        position = line_end + 1
    position = min(position, len(source))
    if position == 0:
        return None, 0, 0
    rest = source[position:]
    return source[:position], position + len(rest) - len(rest.lstrip("\n")), 0


@functools.lru_cache(maxsize=64)
def _front_matter_data(text: str):
    """The front matter's YAML as MkDocs loads it (the C loader where PyYAML has it); None if it is not YAML."""
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return None


def heading_of(line: str) -> tuple[int, str] | None:
    """(level, text) of a Markdown heading line, the text without its attribute list; None for other lines."""
    match = _HEADING.match(line)
    if not match:
        return None
    return len(match["hashes"]), _ATTRS.sub("", match["text"].strip()).strip()


def headings(source: str) -> list[Heading]:
    """The page's headings, with their lines. Never fails: headings are Markdown, not Jinja."""
    _, body_start, _ = split_front_matter(source)
    first = source.count("\n", 0, body_start)
    found = []
    for number, line in enumerate(source[body_start:].split("\n"), first + 1):
        heading = heading_of(line)
        if heading:
            found.append(Heading(heading[0], heading[1], number))
    return found


@functools.lru_cache(maxsize=4096)  # every page of a large archive: a build reads each twice (check, render)
def parse_page(source: str, shown_as: str) -> Page:
    """Read a page as MkDocs and Jinja will, checking the page language; `shown_as` names it in messages."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    meta, body_start, meta_start = split_front_matter(source)
    meta_line = source.count("\n", 0, meta_start) + 1
    if meta is not None:
        _check_no_jinja(meta, source, meta_start, shown_as)
    pieces, raws = _scan(source, body_start, len(source), shown_as)
    calls = tuple(piece.call for piece in pieces if piece.call)
    title_calls = _check_title(source, meta, meta_line, body_start, shown_as)
    return Page(source, shown_as, meta, meta_line, body_start, source.count("\n", 0, body_start) + 1,
                calls, tuple(raws), tuple(headings(source)), tuple(pieces), title_calls)


def check_template_text(text: str, shown_as: str, line: int | None) -> list[MacroCall]:
    """A short text mkdocs-macros renders by itself (a page title): the same rules as a page's body."""
    if not any(opener in text for opener in _OPENERS):
        return []
    try:
        pieces, _ = _scan(text, 0, len(text), shown_as)
    except ArchiveError as error:
        raise ArchiveError(f"页面标题里：{error.message}", file=shown_as, line=line) from None
    return [dataclasses.replace(piece.call, line=line or 1) for piece in pieces if piece.call]


def calls_in_text(text: str) -> list[MacroCall] | None:
    """The macro calls of a text that follows the page language, or None if it does not (never fails)."""
    try:
        return [piece.call for piece in _scan(text, 0, len(text), "")[0] if piece.call]
    except ArchiveError:
        return None


# --- Reading with Jinja's lexer ------------------------------------------------------------------

def _line(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def _check_no_jinja(meta: str, source: str, start: int, page: str) -> None:
    for opener in _OPENERS:
        at = meta.find(opener)
        if at != -1:
            raise ArchiveError(f"页首（--- 之间的 front matter）里不能写“{opener}”：页首不是正文，不能用宏。"
                               f"请把它移到正文中，或删去。", file=page, line=_line(source, start + at))


@functools.lru_cache(maxsize=4096)
def _lexed(text: str, page: str) -> tuple[tuple[tuple[str, str], ...], Exception | None]:
    """Jinja's tokens (kind, value) of `text`, and the exception that stopped the lexer, if one did.

    A page is read twice in a build, when the pages are checked and when it is rendered: a page with front matter as
    a different text (the whole file, then the body MkDocs hands over), whose body the lexer, the costly part, then
    reads once. Kept per page (`page`), like parse_page's results."""
    tokens = []
    try:
        for _, kind, value in _LEXER.lex(text):
            tokens.append((kind, value))
    except Exception as error:  # noqa: BLE001 - given back where the lexer raised it (see _tokens)
        return tuple(tokens), error
    return tuple(tokens), None


def _tokens(source: str, start: int, end: int, page: str):
    """Jinja's tokens of source[start:end], each with its offsets in `source`; an error as (offset, error)."""
    text = source[start:end]
    position = 0
    tokens, stopped = _lexed(text, page)
    try:
        for kind, value in tokens:
            at = text.find(value, position) if value else position
            if at == -1 or text[position:at].strip():
                raise ArchiveError("页面的模板结构无法确定，请删去其中的“{{”“{%”“{#”后重试。",
                                   file=page, line=_line(source, start + position))
            yield kind, value, start + at, start + at + len(value)
            position = at + len(value)
        if stopped is not None:
            raise stopped.with_traceback(None)  # where reading on would have raised it
    except TemplateSyntaxError as error:
        yield "error", str(error), start + position, start + position


def _scan(source: str, start: int, end: int, page: str) -> tuple[list[Piece], list[RawRegion]]:
    """The body's pieces (literal text and macro calls) and raw blocks; anything else stops with a message."""
    simple = _simple_pieces(source, start, end)
    if simple is not None:
        return simple, []
    return _lexer_scan(source, start, end, page)


# The shortcut for the common page, whose only template syntax is calls written exactly as the examples are:
# `{{ fig("key") }}`, `{{ contents() }}` (one space inside the braces, double quotes, a key as data keys are
# written). For such a text Jinja's lexer can only give one result, which _simple_pieces builds without running it
# (tests/test_page_language_shortcut.py holds the two to the same pieces, on every page in the repository, the
# tricky and hostile pages of the tests and their variants). A text with anything else, even a space more, is read
# by the lexer: the shortcut only ever answers for pages that already pass, every message comes from the lexer.
_SIMPLE_CALL = re.compile(r'\{\{ (?P<name>[a-z_]+)\((?:"(?P<key>[a-z][a-z0-9_]*)")?\) \}\}')


def _simple_pieces(source: str, start: int, end: int) -> list[Piece] | None:
    """The pieces Jinja's lexer would give source[start:end], if its only template syntax is simple calls of the
    archive's macros (see above); None for any other text."""
    if "\r" in source or source.find("{%", start, end) != -1 or source.find("{#", start, end) != -1:
        return None
    pieces: list[Piece] = []
    position, line, line_start = start, source.count("\n", 0, start) + 1, source.rfind("\n", 0, start) + 1
    at = source.find("{{", start, end)
    while at != -1:
        match = _SIMPLE_CALL.match(source, at, end)
        takes_key = MACROS.get(match["name"]) if match else None  # None: not one of the archive's macros
        if takes_key is None or takes_key != (match["key"] is not None):
            return None  # anything else, even a known macro written otherwise: the lexer reads it
        if at > position:
            pieces.append(Piece(position, at, text=source[position:at]))
        newlines = source.count("\n", position, at)
        if newlines:
            line += newlines
            line_start = source.rfind("\n", position, at) + 1
        finish = match.end()
        line_end = source.find("\n", finish)
        key_span = match.span("key") if match["key"] is not None else None
        call = MacroCall(match["name"], match["key"], line, source[finish:line_end if line_end != -1 else len(source)],
                         at - line_start + 1, at, finish, key_span)
        pieces.append(Piece(at, finish, call=call))
        position = finish
        at = source.find("{{", position, end)
    # Jinja drops the text's last line break (keep_trailing_newline is off)
    last = end - 1 if end > position and source[end - 1] == "\n" else end
    if last > position:
        pieces.append(Piece(position, last, text=source[position:last]))
    return pieces


def _lexer_scan(source: str, start: int, end: int, page: str) -> tuple[list[Piece], list[RawRegion]]:
    """_scan by Jinja's lexer: every text the shortcut does not take, and every message."""
    pieces: list[Piece] = []
    raws: list[RawRegion] = []
    tokens = _tokens(source, start, end, page)
    raw_start = None
    for kind, value, begin, finish in tokens:
        if kind == "data":
            pieces.append(Piece(begin, finish, text=value))
        elif kind == "raw_begin":
            raw_start = begin
        elif kind == "raw_end":
            raws.append(RawRegion(_line(source, raw_start), raw_start, finish))
            raw_start = None
        elif kind == "variable_begin":
            pieces.append(_call(source, begin, tokens, page))
        elif kind == "error" and raw_start is not None:
            raise ArchiveError("{% raw %} 没有对应的 {% endraw %}：原样显示的内容要用 {% endraw %} 结束。",
                               file=page, line=_line(source, raw_start))
        else:  # a statement, a comment, a line statement, or something the lexer could not read
            opener = next((o for o in _OPENERS if source.startswith(o, begin)), None)
            raise ArchiveError(
                f"页面里不能写“{opener or value.strip()}”开头的模板语句，只能用宏。{_EXAMPLE}。",
                file=page, line=_line(source, begin))
    return pieces, raws


def _call(source: str, begin: int, tokens, page: str) -> Piece:
    """A `{{ … }}` the lexer found at `begin`: it must be one allowed macro call, on one line."""
    inner = []
    finish = None
    for kind, value, at, stop in tokens:
        if kind == "variable_end":
            finish = (at, stop)
            break
        if kind == "error":
            break
        if kind != "whitespace":
            inner.append((kind, value, at, stop))
    line = _line(source, begin)
    if finish is None or "\n" in source[begin:finish[0]]:
        raise ArchiveError(f"宏没有用“}}}}”闭合。{_EXAMPLE}。", file=page, line=line)
    close = source.index("}}", finish[0])  # the end token may start with - (whitespace control)
    expression = source[begin + 2:close]
    match = _CALL.match(expression)
    shape = [kind if kind != "operator" else value for kind, value, _, _ in inner]
    well_formed = (source[begin:begin + 2] == "{{" and source[finish[0]:finish[1]] == "}}"
                   and shape in (["name", "(", ")"], ["name", "(", "string", ")"]))
    if not match or not well_formed or "\\" in expression:
        raise ArchiveError(f"看不懂这个宏：“{{{{{expression}}}}}”。{_EXAMPLE}。", file=page, line=line)
    name, key = match["name"], match["arg"]
    if name not in MACROS:
        hint = closest(name, MACROS)
        suggestion = f"是否想写 {hint}？" if hint else ""
        raise ArchiveError(
            f"没有名为“{name}”的宏。{suggestion}可用的宏有：{'、'.join(MACROS)}。", file=page, line=line
        )
    if MACROS[name] and not key:
        raise ArchiveError(f"宏 {name} 需要一个带引号的键名，例如 {name}(\"…\")。", file=page, line=line)
    if not MACROS[name] and key is not None:
        raise ArchiveError(f"宏 {name} 不带参数，请写成 {{{{ {name}() }}}}。", file=page, line=line)
    line_end = source.find("\n", finish[1])
    after = source[finish[1]:line_end if line_end != -1 else len(source)]
    key_span = None
    if key is not None:
        string = inner[2]
        key_span = (string[2] + 1, string[3] - 1)
    column = begin - (source.rfind("\n", 0, begin) + 1) + 1
    call = MacroCall(name, key, line, after, column, begin, finish[1], key_span)
    return Piece(begin, finish[1], call=call)


def _check_title(source: str, meta: str | None, meta_line: int, body_start: int, page: str) -> tuple[MacroCall, ...]:
    """mkdocs-macros renders the page title on its own: front-matter title, else the first `# ` line, else the
    file name (mkdocs/structure/pages.py). It must follow the same rules as the body."""
    if meta is not None and source.startswith("---"):
        data = _front_matter_data(meta)
        if "title" in data:
            if not isinstance(data["title"], str):
                raise ArchiveError("页首的 title 应是一段文字。", file=page, line=meta_line, key="title")
            # YAML escapes ("\x7b") could spell what the check of the front matter's text did not see
            check_template_text(data["title"], page, meta_line)
            return ()
    elif meta is not None and any((_META_LINE.match(line) or {"key": ""})["key"].lower() == "title"
                                  for line in meta.split("\n")):
        return ()  # MultiMarkdown values are the front matter's own text, already free of Jinja
    number = source.count("\n", 0, body_start)
    for raw_line in source[body_start:].split("\n"):
        number += 1
        line = raw_line.strip()
        if not line:
            continue
        if line.startswith("# "):
            return tuple(check_template_text(line.lstrip("# "), page, number))
        break
    check_template_text(Path(page).stem.replace("-", " ").replace("_", " "), page, None)
    return ()
