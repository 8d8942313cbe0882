"""Text formats: a plain-text, DOCX or HTML file in, its raw text as one `Page` out.

* ``.txt``/``.md`` — UTF-8 (with or without BOM, or UTF-16 with BOM); otherwise
  Windows-1252/Latin-1, as older municipal exports are; text that was decoded twice
  ("mÃ¸de") is repaired. Form feeds are kept (cleaning splits pages at them).
* ``.docx`` — paragraphs from ``word/document.xml`` (standard library only), parsed as it
  is unpacked, block by block, after the zip's directory passed the unpacking limits.
* ``.html``/``.htm`` — visible text with block elements as line breaks (html.parser).

Each reader takes the file's `limits.Budget` (a fresh one with the limits in force when none
is given): files are read in blocks up to their size limit, the deadline is checked between
blocks, and the text's characters are counted against their limit.

Raises `UnreadableFile` with a code from `errors.REASONS` ("empty", "binary", "corrupt", and
the limits' "too_large", "decompression_bomb", "too_many_chars", "took_too_long").
"""
from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from indexer.errors import UnreadableFile
from indexer.ingest.kinds import wrong_type
from indexer.ingest.limits import BLOCK, Budget
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


def read_text(path: Path, budget: Budget | None = None) -> list[Page]:
    budget = budget or Budget(path)
    text = decode_text(budget.read_bytes(path), path)
    budget.add_chars(len(text))
    return [Page(1, text)]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P = f"{_W}p"


def _paragraph_text(para: ElementTree.Element) -> str:
    parts = []
    for node in para.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag in (f"{_W}tab", f"{_W}br"):
            parts.append(" ")
    return "".join(parts)


def read_docx(path: Path, budget: Budget | None = None) -> list[Page]:
    """The paragraphs of ``word/document.xml``, in order (a paragraph nested in another, as in a
    text box, also on its own after it). The XML is parsed as it is unpacked, and each
    outermost paragraph is dropped from the tree once read, so memory holds its text only."""
    budget = budget or Budget(path)
    paragraphs: list[str] = []
    try:
        with zipfile.ZipFile(path) as archive:
            budget.check_zip(archive)
            parser = ElementTree.XMLPullParser(events=("start", "end"))
            stack: list[ElementTree.Element] = []
            depth = 0  # paragraphs open around the current element
            for block in budget.zip_blocks(archive, "word/document.xml"):
                parser.feed(block)
                for event, element in parser.read_events():
                    if event == "start":
                        stack.append(element)
                        depth += element.tag == _P
                        continue
                    stack.pop()
                    if element.tag != _P:
                        continue
                    depth -= 1
                    if depth:
                        continue  # read with the paragraph around it
                    for para in element.iter(_P):
                        text = _paragraph_text(para)
                        budget.add_chars(len(text) + 2)
                        paragraphs.append(text)
                    if stack:
                        stack[-1].remove(element)
            parser.close()
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, EOFError,
            NotImplementedError, RuntimeError, ValueError) as exc:
        detail = " ".join(str(exc).split())[:100] or type(exc).__name__
        # A file of another kind renamed .docx (a PDF): say what it is, not "damaged".
        raise (wrong_type(path, "docx")
               or UnreadableFile(path, f"corrupt DOCX: {detail}", code="corrupt", detail=detail)) from None
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


def read_html(path: Path, budget: Budget | None = None) -> list[Page]:
    budget = budget or Budget(path)
    raw = decode_text(budget.read_bytes(path), path)
    parser = _HTMLText()
    for start in range(0, len(raw), BLOCK):
        budget.check_time()
        parser.feed(raw[start:start + BLOCK])
    del raw
    parser.close()
    text = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", "".join(parser.parts)).strip()
    if not text:
        raise UnreadableFile(path, "empty file", code="empty")
    budget.add_chars(len(text))
    return [Page(1, text)]
