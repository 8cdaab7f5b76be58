"""Word's automatic numbering, rebuilt as the reader sees it: "一、" "（一）" "1." "（1）".

A numbered paragraph carries no number in its text: Word draws it from numbering.xml. The
paragraph (or its style, through `basedOn`) names a list (`w:num`) and a level; the list points
to an abstract definition (`w:abstractNum`, possibly through a numbering style) whose level
gives the start value, the format (decimal, chineseCounting …) and the text around it
(`w:lvlText`, e.g. "（%1）"). Lists that share an abstract definition share their counters, as
in Word; a `w:lvlOverride/w:startOverride` restarts a level when its list is first used. A
level restarts after any higher level is used unless `w:lvlRestart` says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CN = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _val(element, name: str, default=None):
    child = element.find(_w(name)) if element is not None else None
    return child.get(_w("val"), default) if child is not None else default


def _int(text, default: int) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def chinese_counting(n: int, digits: str = _CN, units: str = "十百千万") -> str:
    """12 -> 十二, 20 -> 二十, 105 -> 一百零五, 1010 -> 一千零一十 (as a reader would say it)."""
    if n <= 0:
        return digits[0]
    if n >= 100000:
        return str(n)
    parts, zero = [], False
    for power in range(4, -1, -1):
        digit = n // 10 ** power % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        parts.append(digits[digit] + (units[power - 1] if power else ""))
    text = "".join(parts)
    if 10 <= n < 20 and digits is _CN:
        text = text[1:]  # 十二, not 一十二
    return text


def _letters(n: int, alphabet: str) -> str:
    """Word repeats the letter: A … Z, AA … ZZ, AAA …"""
    index = (n - 1) % len(alphabet)
    return alphabet[index] * ((n - 1) // len(alphabet) + 1) if n > 0 else ""


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _from(table: str, n: int) -> str:
    return table[n - 1] if 1 <= n <= len(table) else str(n)


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalFullWidth2": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalHalfWidth": str,
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": lambda n: _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "lowerLetter": lambda n: _letters(n, "abcdefghijklmnopqrstuvwxyz"),
    "chineseCounting": chinese_counting,
    "chineseCountingThousand": chinese_counting,
    "japaneseCounting": chinese_counting,
    "taiwaneseCounting": chinese_counting,
    "chineseLegalSimplified": lambda n: chinese_counting(n, _CN_LEGAL, "拾佰仟万"),
    "ideographDigital": lambda n: "".join(_CN[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(_CN[int(d)] for d in str(n)),
    "ideographTraditional": lambda n: _from(_TIANGAN, n),
    "ideographZodiac": lambda n: _from(_DIZHI, n),
    "decimalEnclosedCircle": lambda n: _from(_CIRCLED, n),
    "decimalEnclosedCircleChinese": lambda n: _from(_CIRCLED, n),
    "decimalEnclosedParen": lambda n: _from(_PAREN, n),
    "decimalEnclosedFullstop": lambda n: _from(_FULLSTOP, n),
    "none": lambda n: "",
}


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: None = after any higher level; 0 = never
    suffix: str = "tab"
    legal: bool = False
    style: str | None = None    # pStyle: the paragraph style this level belongs to


@dataclass
class ListDefinition:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)        # startOverride per level
    levels: dict[int, Level] = field(default_factory=dict)      # lvl given inside lvlOverride


@dataclass(frozen=True)
class Number:
    label: str       # "一、", "（一）", "1." — "" for a bullet
    fmt: str         # the level's format; "bullet" for bullets
    unknown: str = ""  # a format we could not render (then decimal was used)


class Numbering:
    """numbering.xml and the styles that carry numbering, with the counters of one reading."""

    def __init__(self, numbering_root, styles: dict[str, dict]):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}      # abstractNum -> numbering style it follows
        self.lists: dict[str, ListDefinition] = {}
        self.styles = styles                       # styleId -> {"numId", "ilvl", "basedOn"}
        self.counters: dict[str, dict[int, int]] = {}  # abstractNum -> level -> current value
        self.starts: dict[str, dict[int, int]] = {}    # abstractNum -> level -> start set by a list's override
        self.started: set[str] = set()                 # lists already used
        if numbering_root is None:
            return
        for abstract in numbering_root.iter(_w("abstractNum")):
            key = abstract.get(_w("abstractNumId"))
            self.abstracts[key] = {_int(lvl.get(_w("ilvl")), 0): _level(lvl) for lvl in abstract.iter(_w("lvl"))}
            link = _val(abstract, "numStyleLink")
            if link:
                self.style_links[key] = link
        for num in numbering_root.iter(_w("num")):
            definition = ListDefinition(_val(num, "abstractNumId", ""))
            for override in num.iter(_w("lvlOverride")):
                ilvl = _int(override.get(_w("ilvl")), 0)
                start = _val(override, "startOverride")
                if start is not None:
                    definition.starts[ilvl] = _int(start, 1)
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    definition.levels[ilvl] = _level(lvl)
            self.lists[num.get(_w("numId"))] = definition

    def paragraph_list(self, num_id: str | None, ilvl: str | None, style: str | None) -> tuple[str, int] | None:
        """(numId, level) of a paragraph: its own numPr, else its style's (through basedOn)."""
        seen = set()
        while (num_id is None or ilvl is None) and style and style not in seen:
            seen.add(style)
            info = self.styles.get(style, {})
            num_id = info.get("numId") if num_id is None else num_id
            if ilvl is None and info.get("ilvl") is not None:
                ilvl = info.get("ilvl")
            if info.get("numId") is not None and ilvl is None:
                ilvl = self._level_of_style(info["numId"], style)
            style = info.get("basedOn")
        if num_id is None or num_id == "0" or num_id not in self.lists:
            return None
        return num_id, _int(ilvl, 0)

    def _level_of_style(self, num_id: str, style: str) -> str | None:
        levels = self._levels(num_id)
        for index, level in levels.items():
            if level.style == style:
                return str(index)
        return None

    def _abstract(self, num_id: str, depth: int = 0) -> str:
        abstract = self.lists[num_id].abstract
        link = self.style_links.get(abstract)
        if link and depth < 5:  # the definition lives with the numbering style it links to
            linked = self.styles.get(link, {}).get("numId")
            if linked in self.lists and linked != num_id:
                return self._abstract(linked, depth + 1)
        return abstract

    def _levels(self, num_id: str) -> dict[int, Level]:
        levels = dict(self.abstracts.get(self._abstract(num_id), {}))
        levels.update(self.lists[num_id].levels)
        return levels

    def next_number(self, num_id: str, ilvl: int) -> Number:
        """Count this paragraph and return the number Word shows before it."""
        abstract = self._abstract(num_id)
        levels = self._levels(num_id)
        counters = self.counters.setdefault(abstract, {})
        starts = self.starts.setdefault(abstract, {})
        if num_id not in self.started:  # a list's startOverride applies from its first paragraph on
            self.started.add(num_id)
            for index, start in self.lists[num_id].starts.items():
                counters.pop(index, None)
                starts[index] = start
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else self._start(starts, levels, ilvl)
        for deeper in [index for index in counters if index > ilvl]:
            restart = levels.get(deeper, Level()).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        level = levels.get(ilvl, Level())
        if level.fmt == "bullet":
            return Number("", "bullet")
        return self._label(level, levels, counters, starts)

    @staticmethod
    def _start(starts: dict[int, int], levels: dict[int, Level], index: int) -> int:
        return starts.get(index, levels.get(index, Level()).start)

    def _label(self, level: Level, levels: dict[int, Level], counters: dict[int, int], starts) -> Number:
        text, unknown = level.text, ""
        for index in range(9):
            marker = f"%{index + 1}"
            if marker not in text:
                continue
            other = levels.get(index, Level())
            value = counters.get(index, self._start(starts, levels, index))
            fmt = "decimal" if level.legal else other.fmt
            render = FORMATS.get(fmt)
            if render is None:
                unknown, render = fmt, str
            text = text.replace(marker, render(value))
        return Number(text + _separator(text, level.suffix), level.fmt, unknown)


def _separator(label: str, suffix: str) -> str:
    """What stands between the number and the text. Word's tab (the default) is a gap on the page; Chinese
    documents write "1.开展", "一、加强" and "①开展" without one, so it reads as nothing, except after a bare
    Latin letter or digit ("A 开展"), where it reads as one space."""
    if suffix == "nothing" or not label:
        return ""
    if suffix == "space":
        return " "
    return " " if label[-1].isascii() and label[-1].isalnum() else ""


def _level(lvl) -> Level:
    restart = _val(lvl, "lvlRestart")
    text_element = lvl.find(_w("lvlText"))
    return Level(
        start=_int(_val(lvl, "start"), 1),
        fmt=_val(lvl, "numFmt", "decimal"),
        text=text_element.get(_w("val"), "") if text_element is not None else "",
        restart=None if restart is None else _int(restart, 0),
        suffix=_val(lvl, "suff", "tab"),
        legal=lvl.find(_w("isLgl")) is not None and _val(lvl, "isLgl", "1") not in ("0", "false"),
        style=_val(lvl, "pStyle"),
    )
