"""Builds .docx files for the tests: python-docx makes the package, raw XML gives what python-docx cannot make
(tracked changes, fields, content controls, numbering definitions, text boxes, comments, footnotes)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
)
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_TYPES = {
    "comments": "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
    "footnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "header": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
}


def p(text: str, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    """A plain paragraph, optionally with a style and a numbering (numId, ilvl)."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


def make_docx(path: Path, body: str, *, numbering: str | None = None, styles: str = "",
              parts: dict[str, tuple[str, str]] | None = None, content_types: str | None = None) -> Path:
    """A .docx whose body is `body` (inner XML of w:body). `numbering`: inner XML of w:numbering, replacing
    python-docx's; `styles`: w:style elements added to styles.xml; `parts`: {kind: (part name, XML)} added with
    their relationship (comments, footnotes, header)."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    parts = parts or {}
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NAMESPACES}><w:body>' \
                       f'{body}<w:sectPr/></w:body></w:document>'.encode()
            elif info.filename == "word/numbering.xml" and numbering is not None:
                data = f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {NAMESPACES}>{numbering}</w:numbering>'.encode()
            elif info.filename == "word/styles.xml" and styles:
                data = data.replace(b"</w:styles>", styles.encode() + b"</w:styles>")
            elif info.filename == "word/_rels/document.xml.rels" and parts:
                added = "".join(f'<Relationship Id="rIdT{i}" Type="{_RELS}{kind}" Target="{name.removeprefix("word/")}"/>'
                                for i, (kind, (name, _)) in enumerate(parts.items()))
                data = data.replace(b"</Relationships>", added.encode() + b"</Relationships>")
            elif info.filename == "[Content_Types].xml":
                if content_types is not None:
                    data = content_types.encode()
                elif parts:
                    added = "".join(f'<Override PartName="/{name}" ContentType="{_TYPES[kind]}"/>'
                                    for kind, (name, _) in parts.items())
                    data = data.replace(b"</Types>", added.encode() + b"</Types>")
            target.writestr(info, data)
        for _kind, (name, xml) in parts.items():
            target.writestr(name, f'<?xml version="1.0" encoding="UTF-8"?>{xml}')
    return path
