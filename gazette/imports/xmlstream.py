"""Stream the records of a large XML file safely, one small tree at a time.

The parser is expat with defusedxml's refusals: entity declarations (the
"billion laughs" bomb and its kin), external entities and DTD fetching are
refused, and nothing is ever fetched. Records are the elements at a chosen depth (an RSS
``<item>`` is at depth 3): each is built as a small ``Node`` tree with the line
it starts on, handed out, and forgotten, so memory stays flat however long the
file is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.common import EntitiesForbidden, ExternalReferenceForbidden

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


class _Handler:
    """Expat's callbacks building the records (pyexpat directly: the SAX layer
    above it cost a third of the parsing, an import's tenth)."""

    def __init__(
        self,
        parser: Any,
        depth: int,
        prefixes: dict[str, str],
        skip: frozenset[str] = frozenset(),
    ):
        self.parser = parser
        self.record_depth = depth
        self.prefixes = prefixes
        self.skip = skip
        self.depth = 0
        # The depth of an element left out (``skip``), while inside it.
        self.skipping = 0
        self.stack: list[Node] = []
        self.done: list[Node] = []
        self.root_names: list[str] = []
        self.names: dict[str, str] = {}

    def _name(self, expat_name: str) -> str:
        # Expat names an element "URI local" (namespace separator " ").
        name = self.names.get(expat_name)
        if name is None:
            uri, _, local = expat_name.rpartition(" ")
            name = local
            if uri:
                name = f"{{{uri}}}{local}"
                for marker, prefix in self.prefixes.items():
                    if marker in uri:
                        name = f"{prefix}:{local}"
                        break
            self.names[expat_name] = name
        return name

    def start(self, expat_name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.skipping:
            return
        if self.depth < self.record_depth:
            self.root_names.append(self._name(expat_name))
            return
        name = self._name(expat_name)
        if self.stack and name in self.skip:
            self.skipping = self.depth
            return
        node = Node(
            name=name,
            line=self.parser.CurrentLineNumber,
            attrs={key.rpartition(" ")[2]: value for key, value in attrs.items()},
        )
        if self.stack:
            parent = self.stack[-1]
            parent.children.append(node)
            parent.content.append(node)
        self.stack.append(node)

    def end(self, expat_name: str) -> None:
        if self.skipping:
            if self.depth == self.skipping:
                self.skipping = 0
        elif self.depth >= self.record_depth:
            node = self.stack.pop()
            if not self.stack:
                self.done.append(node)
        self.depth -= 1

    def characters(self, content: str) -> None:
        if self.stack and not self.skipping:
            node = self.stack[-1]
            node.text_parts.append(content)
            node.content.append(content)


def _forbid_entity(name, is_parameter, value, base, sysid, pubid, notation):  # noqa: ANN001
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation)


def _forbid_unparsed_entity(name, base, sysid, pubid, notation):  # noqa: ANN001
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation)


def _forbid_external(context, base, sysid, pubid):  # noqa: ANN001
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def _parser(handler_of: Callable[[Any], _Handler]) -> tuple[Any, _Handler]:
    """An expat parser refusing what defusedxml's refuses (entity
    declarations, external references), with ``handler_of(parser)``'s
    callbacks; text comes in one piece between two tags (``buffer_text``)."""
    parser = expat.ParserCreate(None, " ")
    handler = handler_of(parser)
    parser.buffer_text = True
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.characters
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_unparsed_entity
    parser.ExternalEntityRefHandler = _forbid_external
    # As Python's SAX reader: an external DTD is asked for, and refused above.
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE)
    return parser, handler


def iter_records(
    source: Path | str | IO[bytes],
    *,
    depth: int,
    prefixes: dict[str, str],
    skip: frozenset[str] = frozenset(),
) -> Iterator[Node]:
    """Yield every element at ``depth`` of the XML ``source`` as a ``Node``.

    ``prefixes`` maps a fragment of a namespace URI to the prefix its elements
    are named with (``{"wordpress.org/export/": "wp"}``). Elements inside a
    record named in ``skip`` are left out with all they hold (a reader that
    needs no bodies). Raise ``XmlStreamError`` (with the line) at the first
    error; what came before it has been yielded.
    """
    parser, handler = _parser(lambda p: _Handler(p, depth, prefixes, skip))
    # Closed in the finally below, or left to the caller who opened it.
    stream = open(source, "rb") if isinstance(source, (str, Path)) else source  # noqa: SIM115
    try:
        while True:
            chunk = stream.read(CHUNK)
            failure: XmlStreamError | None = None
            try:
                parser.Parse(chunk, not chunk)
            except expat.ExpatError as error:
                failure = XmlStreamError(
                    f"not well-formed XML: {expat.ErrorString(error.code)}",
                    error.lineno,
                )
            except DefusedXmlException as error:
                failure = XmlStreamError(
                    f"refused: {error} (entity declarations and external "
                    "references are never expanded)",
                    parser.CurrentLineNumber,
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
