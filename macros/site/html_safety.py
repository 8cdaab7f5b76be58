"""What a page may put into the site: inert HTML only, and nothing loaded from another host. No MkDocs here.

Pages come through pull requests, so their HTML is checked twice:
- `check_page_html`: the raw HTML an editor wrote in a page's Markdown (before the macros run) uses only
  the inert elements and attributes of ELEMENTS / ATTRIBUTES: no <script>, <style>, <iframe>, <object>,
  <embed>, no on… attributes, no style attribute, no javascript: or data: addresses.
- `check_rendered_html`: the page as Markdown and the macros made it (Markdown links and images, attr_list's
  `{ … }` attributes, the macros' own HTML): still no script, no event attribute, no javascript:/data:
  address, and nothing (src, srcset, a stylesheet or script, <link>, CSS url()) from another host.
  Ordinary links (<a href>) to other sites stay allowed.
`check_css` does the same for the site's own stylesheets (docs/**/*.css), and `check_theme_html` for the
whole page around the content (Material's template, mkdocs.yml's extra_css and extra_javascript).
Every refusal is an ArchiveError naming the file and, where it can be found, the line.
"""

from __future__ import annotations

import functools
import re
from html import parser as _html_parser
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from ..errors import ArchiveError

# Raw HTML an editor may write: the elements this archive's pages and macros use, and other inert text markup.
ELEMENTS = frozenset("""
    a abbr b bdi bdo blockquote br caption center cite code col colgroup dd del details dfn div dl dt em figcaption
    figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark nav ol p pre q rp rt ruby s samp section small span strong
    sub summary sup table tbody td tfoot th thead time tr u ul var wbr
""".split())
_GLOBAL_ATTRIBUTES = frozenset("class id title lang dir hidden role markdown translate".split())
ATTRIBUTES = {  # per element, besides the global ones, aria-* and data-*
    "a": {"href", "download", "hreflang", "rel", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope", "abbr"},
    "col": {"span"}, "colgroup": {"span"}, "details": {"open"}, "time": {"datetime"},
    "del": {"datetime", "cite"}, "ins": {"datetime", "cite"}, "q": {"cite"}, "blockquote": {"cite"},
}
# In the rendered page: never, wherever they come from (the macros make none of them; an SVG chart's own
# <style> from macros/site/trends.py is the one allowed <style>).
FORBIDDEN_ELEMENTS = frozenset("""
    script style iframe frame frameset object embed applet base meta link form input button textarea select
    option noscript template portal audio video source track math foreignobject animate set handler
""".split())
# Attributes whose value is an address the browser loads by itself (not a link a reader follows).
_LOADED = frozenset("src srcset poster data background lowsrc dynsrc longdesc usemap manifest xlink:href".split())
_LINKS = frozenset("href action formaction cite ping".split())
_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_NEVER = frozenset("srcdoc formaction".split())
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)
_AUTOLINK = re.compile(r"<(?:(?:https?|ftp)://[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>", re.I)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")

_ADVICE = "如需在正文中显示尖括号，请写成 &lt; 和 &gt;。"


def _scheme(url: str) -> str:
    """The scheme of an address as a browser reads it (blanks and control characters inside it dropped)."""
    cleaned = _CONTROL.sub("", url)
    found = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return found[1].lower() if found else ""


def outside_host(url: str, own_hosts: frozenset[str] = frozenset()) -> str | None:
    """The other host (or scheme) an address loads from, or None for an address inside the site."""
    cleaned = _CONTROL.sub("", url).replace("\\", "/")
    scheme = _scheme(cleaned)
    if scheme in ("", "data", "blob") and not cleaned.startswith("//"):
        return None  # relative, or in the page itself (data: is refused separately where it matters)
    host = urlsplit(cleaned).hostname or ""
    if scheme in ("http", "https", "") and host and host in own_hosts:
        return None
    return host or f"{scheme}:"


def _line_of(source: str | None, *needles: str) -> int | None:
    """The first line of `source` holding one of `needles` (the first found), for a message's line number."""
    for needle in needles:
        if source and needle and needle in source:
            return source.count("\n", 0, source.index(needle)) + 1
    return None


class _Elements(HTMLParser):
    """Every start tag with its attributes (values unescaped, as the browser reads them) and line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]], int, str]] = []
        self.odd: list[tuple[str, int]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs, self.getpos()[0], self.get_starttag_text() or ""))
        if tag not in ("br", "wbr", "img", "hr", "col", "path", "circle", "rect", "meta", "link", "input"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs, self.getpos()[0], self.get_starttag_text() or ""))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_pi(self, data):
        self.odd.append((f"<?{data}>", self.getpos()[0]))

    def unknown_decl(self, data):
        self.odd.append((f"<![{data}]>", self.getpos()[0]))


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def check_page_html(markdown: str, file: str, first_line: int = 1) -> None:
    """The raw HTML written in a page's Markdown is inert: only ELEMENTS with their ATTRIBUTES, safe addresses.

    `first_line` is the file's line number of the Markdown's first line (after the front matter)."""
    if "<" not in markdown:
        return  # html.parser reads every element, declaration and instruction from a "<": none here
    parsed = _parse(_AUTOLINK.sub(lambda m: " " * len(m[0]), markdown))
    for text, line in parsed.odd:
        raise ArchiveError(f"页面里不能写“{text[:40]}”这样的 HTML 声明或处理指令。{_ADVICE}",
                           file=file, line=first_line + line - 1)
    for tag, attrs, line, written in parsed.tags:
        where = {"file": file, "line": first_line + line - 1}
        if tag not in ELEMENTS:
            raise ArchiveError(
                f"页面里不能写 HTML 元素 <{tag}>（“{written[:60]}”）：页面中的 HTML 只能用于排版文字"
                f"（如 <p>、<span>、<strong>、<table>），不能运行脚本、嵌入其他网页或加样式。{_ADVICE}", **where)
        allowed = _GLOBAL_ATTRIBUTES | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name.startswith("on"):
                raise ArchiveError(f"<{tag}> 的属性 {name} 是事件处理程序（会运行脚本），页面里不能写。", **where)
            if name not in allowed and not name.startswith(("aria-", "data-")):
                raise ArchiveError(f"<{tag}> 不能有属性 {name}（“{written[:60]}”）。"
                                   f"页面中的 HTML 可用的属性有：{'、'.join(sorted(allowed))}，以及 aria-…、data-…。",
                                   **where)
            _check_address(tag, name, value or "", frozenset(), where)


def _check_address(tag: str, name: str, value: str, own_hosts: frozenset[str], where: dict) -> None:
    if name in _NEVER:
        raise ArchiveError(f"<{tag}> 不能有属性 {name}。", **where)
    if name == "style":
        _check_css_urls(value, own_hosts, where)
        return
    if name not in _LOADED and name not in _LINKS and not (name == "href" and tag != "a"):
        return
    addresses = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
    for address in addresses:
        scheme = _scheme(address)
        if scheme in ("javascript", "vbscript", "data", "file", "blob"):
            raise ArchiveError(f"<{tag}> 的 {name} 是“{scheme}:”地址（“{value[:60]}”）：页面里的地址只能是"
                               f"本站页面或文件，或外部网站的普通链接。", **where)
        if tag in ("a", "area") and name == "href":
            if scheme and scheme not in _LINK_SCHEMES:
                raise ArchiveError(f"链接地址“{value[:60]}”的写法（{scheme}:）不能用：链接只能指向本站页面、"
                                   f"http(s) 网址、邮箱（mailto:）或电话（tel:）。", **where)
            continue  # an ordinary link to another site stays allowed
        if name in _LINKS and name != "href":
            continue
        host = outside_host(address, own_hosts)
        if host:
            raise ArchiveError(
                f"页面要从外部网站 {host} 加载“{address[:80]}”（<{tag}> 的 {name}）。网站不向任何外部网站发请求"
                f"（读者的内网访问不到，也会泄露谁在阅读）：请把文件放进 docs/ 中并用相对地址引用。", **where)


def _check_css_urls(css: str, own_hosts: frozenset[str], where: dict) -> None:
    for found in _CSS_URL.finditer(css):
        address = found[2] if found[2] is not None else found[4]
        scheme = _scheme(address)
        if scheme in ("javascript", "vbscript"):
            raise ArchiveError(f"样式里的地址“{address[:60]}”（{scheme}:）不能用。", **where)
        host = outside_host(address, own_hosts)
        if host:
            raise ArchiveError(
                f"样式要从外部网站 {host} 加载“{address[:80]}”。网站不向任何外部网站发请求："
                f"请把文件放进 docs/ 中并用相对地址引用。", **where)


def check_css(css: str, file: str, own_hosts: frozenset[str] = frozenset()) -> None:
    """A stylesheet of the site loads nothing (url(), @import) from another host."""
    for number, line in enumerate(css.splitlines(), 1):
        _check_css_urls(line, own_hosts, {"file": file, "line": number})


# --- The rendered content's pre-filter ------------------------------------------------------------
# Parsing a page's whole content with html.parser costs more than the rest of the data layer together, and almost
# every page passes. _surely_inert reads only the places that can make the element and attribute checks refuse a
# page, and finds every one of them: where it says a page passes, the full check would pass too; anything else (a
# forbidden element, a possible event attribute, an address it cannot clear) goes to the full check, which gives
# its message. Why it cannot miss one (tests/test_html_prefilter.py holds it to the full check):
# - It searches the page lower-cased, as html.parser lower-cases names. str.lower() keeps every offset, U+0130
#   (İ, which becomes two characters) aside: a page holding it gets the full check.
# - html.parser reads a start tag's name right after "<": a forbidden element's name is there (_FORBIDDEN_START).
# - It reads an attribute with attrfind_tolerant.match at the attribute's first character, which follows a quote,
#   white space or "/". An event attribute's name starts there with "on"; a name whose value is checked stands
#   there in full, followed by white space, "/", "=", ">" or the end (_ATTRIBUTE_START: these characters include
#   those html.parser's expressions stop at, in this and in later Python versions). At such a place the same
#   expression, matched at the same offset of the page, gives the same name and value as in the full parse; places
#   that are no attribute only add work. Each value is judged by _check_address itself, as a link's (<a>, <area>)
#   and as any other element's: the only two ways in which the element changes the verdict.
_VALUE_NAMES = _LOADED | _LINKS | _NEVER | {"href", "style"}
_FORBIDDEN_START = re.compile("<(?:" + "|".join(sorted(FORBIDDEN_ELEMENTS, key=len, reverse=True)) + ")")
_ATTRIBUTE_START = re.compile(r"""['"\s/](?:(?P<event>on)|(?:"""
                              + "|".join(re.escape(name) for name in sorted(_VALUE_NAMES, key=len, reverse=True))
                              + r""")(?=[\s/=>]|\Z))""")
_ATTRIBUTE = getattr(_html_parser, "attrfind_tolerant", None)  # html.parser's own; without it, always the full check


def _attribute(match: re.Match) -> tuple[str, str | None]:
    """(name, value) of an attribute as HTMLParser.parse_starttag makes them from its attrfind_tolerant match."""
    name, rest, value = match.group(1, 2, 3)
    if not rest:
        value = None
    elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
        value = value[1:-1]
    if value:
        value = unescape(value)
    return name.lower(), value


def _surely_inert(html: str, own_hosts: frozenset[str]) -> bool:
    """True only if check_rendered_html's element and attribute checks cannot refuse `html` (see above)."""
    if _ATTRIBUTE is None or "\u0130" in html:
        return False
    lowered = html.lower()
    if _FORBIDDEN_START.search(lowered):
        return False
    for found in _ATTRIBUTE_START.finditer(lowered):
        if found["event"]:
            return False
        match = _ATTRIBUTE.match(html, found.start() + 1)
        if match is None:
            continue  # not where html.parser could read an attribute
        if not _clear_for_any_element(*_attribute(match), own_hosts):
            return False
    return True


@functools.lru_cache(maxsize=4096)  # pages repeat their attributes (a table's alignment, the same links)
def _clear_for_any_element(name: str, value: str | None, own_hosts: frozenset[str]) -> bool:
    """Whether _check_address lets this attribute through both on a link and on any other element."""
    try:
        for tag in ("a", "span"):
            _check_address(tag, name, value or "", own_hosts, {"file": ""})  # the message is not shown
    except ArchiveError:
        return False
    return True


def check_rendered_html(html: str, file: str, source: str | None = None,
                        own_hosts: frozenset[str] = frozenset()) -> None:
    """A page's content as rendered: no script, no event attribute, no dangerous or outside address.

    `source` is the page's Markdown file, to find the line of a problem in."""
    if not _surely_inert(html, own_hosts):
        _check_rendered_elements(html, file, source, own_hosts)
    for found in re.finditer(r"<style\b[^>]*>(.*?)</style>", html, re.S | re.I):
        _check_css_urls(found[1], own_hosts, {"file": file, "line": None})


def _check_rendered_elements(html: str, file: str, source: str | None, own_hosts: frozenset[str]) -> None:
    """check_rendered_html's reading of every element and attribute, with html.parser."""
    parsed = _parse(html)
    svg_depth = 0
    for tag, attrs, _, written in parsed.tags:
        if tag == "svg":
            svg_depth += 1
        in_chart = svg_depth > 0 and tag == "style"  # a chart's own style (macros/site/trends.py)
        if tag in FORBIDDEN_ELEMENTS and not in_chart:
            raise ArchiveError(f"页面里出现了 <{tag}>（“{written[:60]}”）：页面不能运行脚本、嵌入其他网页、"
                               f"加样式或表单。", file=file, line=_line_of(source, f"<{tag}"))
        for name, value in attrs:
            where = {"file": file, "line": _line_of(source, value or "\0", name + "=")}
            if name.startswith("on"):
                raise ArchiveError(f"<{tag}> 有事件处理属性 {name}（会运行脚本），页面里不能写"
                                   f"（也不能用 {{ {name}=… }} 加到标题或链接上）。", **where)
            _check_address(tag, name, value or "", own_hosts, where)


_LOADING_NAMES = ("link", "script", "img", "source", "video", "audio", "iframe", "frame", "embed", "object", "image",
                  "use", "input", "track")
# Every character that the names' first letters match regardless of case (U+0130, U+0131 and U+017F are i, i and s to
# the regular expression's IGNORECASE; tests/test_html_prefilter.py computes the set): looked at first, it lets the
# search pass over every other tag about twice as fast, with the same matches.
_LOADING_FIRST = "AEFILOSTUVaefilostuv\u0130\u0131\u017f"
_LOADING_TAG = re.compile(f"<(?=[{_LOADING_FIRST}])(?i:{'|'.join(_LOADING_NAMES)})\\b[^>]*>")


# Two slashes or backslashes, maybe with blanks or control characters between them (which outside_host drops).
_DOUBLE_SLASH = re.compile(r"[/\\][\x00-\x20\x7f]*[/\\]")


def check_theme_html(html: str, file: str, own_hosts: frozenset[str]) -> None:
    """The whole page (theme and configuration included) loads nothing from another host."""
    for found in _LOADING_TAG.finditer(html):
        written = found[0]
        # A value names another host only with a scheme (a ":") or when it starts with "//"; without "&" nothing
        # is unescaped, so each value is part of the tag's text as written: a tag without ":", "&" and two
        # slashes needs no parse.
        if ":" not in written and "&" not in written and not _DOUBLE_SLASH.search(written):
            continue
        for tag, attrs, _, _ in _parse(written).tags:
            for name, value in attrs:
                loaded = name in _LOADED or (name == "href" and tag in ("link", "image", "use"))
                host = outside_host(value or "", own_hosts) if loaded else None
                if host:
                    line = html.count("\n", 0, found.start()) + 1
                    raise ArchiveError(
                        f"页面模板或 mkdocs.yml 让页面从外部网站 {host} 加载“{(value or '')[:80]}”"
                        f"（<{tag}> 的 {name}，生成的网页第 {line} 行）。网站不向任何外部网站发请求。", file=file)
