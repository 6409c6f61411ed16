"""Stream the records of a large XML file safely, one small tree at a time.

The parser is defusedxml's expat reader: entity declarations (the "billion
laughs" bomb and its kin), external entities and DTD fetching are refused, and
nothing is ever fetched. Records are the elements at a chosen depth (an RSS
``<item>`` is at depth 3): each is built as a small ``Node`` tree with the line
it starts on, handed out, and forgotten, so memory stays flat however long the
file is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.sax import SAXParseException
from xml.sax.expatreader import ExpatLocator
from xml.sax.handler import ContentHandler, feature_external_ges, feature_namespaces

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

CHUNK = 64 * 1024


class XmlStreamError(Exception):
    """The file is not well-formed XML, or holds something refused (an entity)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class Node:
    """An element: its name (``prefix:local`` for known namespaces), its
    attributes by local name, its text (CDATA included) and its children."""

    name: str
    line: int
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)
    # Text and children in document order, for mixed content (<p>a <em>b</em></p>).
    content: list[str | Node] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def find(self, name: str) -> Node | None:
        """Return the first child called ``name``."""
        for child in self.children:
            if child.name == name:
                return child
        return None

    def findall(self, name: str) -> list[Node]:
        return [child for child in self.children if child.name == name]

    def findtext(self, name: str, default: str = "") -> str:
        child = self.find(name)
        return child.text if child is not None else default


class _Handler(ContentHandler):
    def __init__(self, depth: int, prefixes: dict[str, str]):
        super().__init__()
        self.record_depth = depth
        self.prefixes = prefixes
        self.depth = 0
        self.stack: list[Node] = []
        self.done: list[Node] = []
        self.root_names: list[str] = []
        self.locator: ExpatLocator | None = None

    def setDocumentLocator(self, locator):  # noqa: N802 (SAX's name)
        self.locator = locator

    def _name(self, qualified: tuple[str | None, str]) -> str:
        uri, local = qualified
        if not uri:
            return local
        for marker, prefix in self.prefixes.items():
            if marker in uri:
                return f"{prefix}:{local}"
        return f"{{{uri}}}{local}"

    def startElementNS(self, name, qname, attrs):  # noqa: N802
        self.depth += 1
        if self.depth < self.record_depth:
            self.root_names.append(self._name(name))
            return
        line = self.locator.getLineNumber() if self.locator else 0
        node = Node(
            name=self._name(name),
            line=line,
            attrs={key[1]: value for key, value in attrs.items()},
        )
        if self.stack:
            self.stack[-1].children.append(node)
            self.stack[-1].content.append(node)
        self.stack.append(node)

    def endElementNS(self, name, qname):  # noqa: N802
        if self.depth >= self.record_depth:
            node = self.stack.pop()
            if not self.stack:
                self.done.append(node)
        self.depth -= 1

    def characters(self, content):
        if self.stack:
            self.stack[-1].text_parts.append(content)
            self.stack[-1].content.append(content)


def iter_records(
    source: Path | str | IO[bytes],
    *,
    depth: int,
    prefixes: dict[str, str],
) -> Iterator[Node]:
    """Yield every element at ``depth`` of the XML ``source`` as a ``Node``.

    ``prefixes`` maps a fragment of a namespace URI to the prefix its elements
    are named with (``{"wordpress.org/export/": "wp"}``). Raise
    ``XmlStreamError`` (with the line) at the first error; what came before it
    has been yielded.
    """
    handler = _Handler(depth, prefixes)
    parser = make_parser()
    parser.setFeature(feature_namespaces, True)
    parser.setFeature(feature_external_ges, False)
    parser.setContentHandler(handler)
    # parse() would hand the locator over; feeding chunks does not.
    handler.locator = ExpatLocator(parser)
    # Closed in the finally below, or left to the caller who opened it.
    stream = open(source, "rb") if isinstance(source, (str, Path)) else source  # noqa: SIM115
    try:
        while True:
            chunk = stream.read(CHUNK)
            failure: XmlStreamError | None = None
            try:
                if chunk:
                    parser.feed(chunk)
                else:
                    parser.close()
            except SAXParseException as error:
                failure = XmlStreamError(
                    f"not well-formed XML: {error.getMessage()}", error.getLineNumber()
                )
            except DefusedXmlException as error:
                failure = XmlStreamError(
                    f"refused: {error} (entity declarations and external "
                    "references are never expanded)",
                    handler.locator.getLineNumber() if handler.locator else None,
                )
            # What was complete before a fault in this chunk still counts.
            yield from handler.done
            handler.done.clear()
            if failure is not None:
                raise failure
            if not chunk:
                break
    finally:
        if stream is not source:
            stream.close()
