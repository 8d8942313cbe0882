"""Text formats: a plain-text, DOCX or HTML file in, its raw text as one `Page` out.

* ``.txt``/``.md`` — UTF-8 (with or without BOM, or UTF-16 with BOM); otherwise
  Windows-1252/Latin-1, as older municipal exports are; text that was decoded twice
  ("mÃ¸de") is repaired. Form feeds are kept (cleaning splits pages at them).
* ``.docx`` — paragraphs from ``word/document.xml`` (standard library only).
* ``.html``/``.htm`` — visible text with block elements as line breaks (html.parser).

Raises `UnreadableFile` with a code from `errors.REASONS` ("empty", "binary", "corrupt").
"""
from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from indexer.errors import UnreadableFile
from indexer.records import Page

# Control characters that never occur in text files (tab, LF, CR, FF are fine).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MOJIBAKE = re.compile("Ã[¦¸¥†˜…©]|Ã\u0098|Ã\u0085|Ã\u0086")


def decode_text(data: bytes, path: object = "<bytes>") -> str:
    """Decode the bytes of a text file, detecting the legacy encodings Danish files use.

    Raises:
        UnreadableFile: "empty file" or "not text: binary content".
    """
    if not data.strip():
        raise UnreadableFile(path, "empty file", code="empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if _CONTROL.search(data[:65536]) is not None and _looks_binary(data[:65536]):
        raise UnreadableFile(path, "not text: binary content", code="binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # a superset of Latin-1 in the printable range
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    if len(_MOJIBAKE.findall(text[:200000])) >= 3:
        try:
            text = text.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    if not text.strip():
        raise UnreadableFile(path, "empty file", code="empty")
    return text


def _looks_binary(sample: bytes) -> bool:
    controls = len(_CONTROL.findall(sample))
    return b"\x00" in sample or controls > max(2, len(sample) // 200)


def read_text(path: Path) -> list[Page]:
    text = decode_text(path.read_bytes(), path)
    return [Page(1, text)]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path) -> list[Page]:
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("word/document.xml")
        root = ElementTree.fromstring(xml)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as exc:
        detail = " ".join(str(exc).split())[:100]
        raise UnreadableFile(path, f"corrupt DOCX: {detail}", code="corrupt", detail=detail) from None
    paragraphs = []
    for para in root.iter(f"{_W}p"):
        parts = []
        for node in para.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag in (f"{_W}tab", f"{_W}br"):
                parts.append(" ")
        paragraphs.append("".join(parts))
    text = "\n\n".join(p for p in paragraphs if p.strip())
    if not text.strip():
        raise UnreadableFile(path, "empty file", code="empty")
    return [Page(1, text)]


class _HTMLText(HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
              "article", "table", "ul", "ol", "blockquote", "pre", "header", "footer", "title"}
    _SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self.skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(" ".join(data.split(" ")).replace("\n", " "))


def read_html(path: Path) -> list[Page]:
    raw = decode_text(path.read_bytes(), path)
    parser = _HTMLText()
    parser.feed(raw)
    parser.close()
    text = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", "".join(parser.parts)).strip()
    if not text:
        raise UnreadableFile(path, "empty file", code="empty")
    return [Page(1, text)]
