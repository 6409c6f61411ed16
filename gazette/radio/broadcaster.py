"""One live MP3 stream: one clock, one encoder's frames, every listener in step.

The broadcaster loops the current programme (an MP3 made once) frame by frame
at the pace of its own playing time, and writes each chunk to every sink at
the same moment: listeners connected to its own HTTP port, and optionally an
Icecast server it feeds as a source. A listener who tunes in late hears what
is on air now (after a short burst from the recent past so that players start
at once), never the file from its start.

It runs in its own process (``gazette radio-broadcast``) on asyncio, so
listeners never hold a Django worker; between loops it swaps in a programme
that a background check has recomposed (new articles were published).
"""

from __future__ import annotations

import asyncio
import base64
import collections
import contextlib
import json
import logging
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from . import mp3, names

logger = logging.getLogger(__name__)

# A loader is given the current programme's key; it returns None when nothing
# changed, or (new key, MP3 bytes). It blocks (speech, database): it runs in a
# thread.
Loader = Callable[[str | None], tuple[str, bytes] | None]


class BroadcastError(RuntimeError):
    """The broadcast cannot start: no programme, or a bad address."""


@dataclass
class Programme:
    key: str
    data: bytes
    frames: list[mp3.Frame]
    duration: float
    bitrate: int

    @classmethod
    def from_mp3(cls, key: str, data: bytes) -> Programme:
        frames = mp3.frames(data)
        seconds = sum(frame.duration for frame in frames)
        bitrate = round(sum(frame.length for frame in frames) * 8 / seconds)
        return cls(key, data, frames, seconds, bitrate)


@dataclass(eq=False)
class Sink:
    """Where the chunks go: a listener's connection, or the Icecast source."""

    writer: asyncio.StreamWriter
    name: str
    joined: float = field(default_factory=time.monotonic)
    sent: int = 0


@dataclass
class Stats:
    started: float = field(default_factory=time.monotonic)
    chunks: int = 0
    late_chunks: int = 0  # sent more than a chunk's length after their time
    resyncs: int = 0
    loops: int = 0
    programmes: int = 0
    listeners_peak: int = 0
    listeners_total: int = 0
    dropped_slow: int = 0
    refused_full: int = 0


async def read_request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> tuple[str, str] | None:
    """Return (method, path) of an HTTP request, or None (connection closed)."""
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        writer.close()
        return None
    except ConnectionError:
        return None
    request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    method, _, rest = request_line.partition(" ")
    return method, urllib.parse.urlsplit(rest.rsplit(" ", 1)[0]).path


class Broadcaster:
    """Loop programmes from ``loader`` in real time to every sink."""

    def __init__(
        self,
        loader: Loader,
        *,
        name: str = "Gazette radio",
        stream_name: str = "",
        mount: str = "/newscast.mp3",
        check_seconds: float = 30.0,
        burst_seconds: float = 2.0,
        chunk_seconds: float = 0.25,
        max_listeners: int = 1000,
        max_buffer_seconds: float = 10.0,
    ) -> None:
        self.loader = loader
        self.name = name
        # The name in the stream's headers, which players read as ISO-8859-1:
        # printable ASCII only (names.py), never "????" for an Arabic name.
        self.stream_name = (
            names.stream_name(name, ascii_name=stream_name) or "Gazette radio"
        )
        self.mount = mount if mount.startswith("/") else "/" + mount
        self.check_seconds = check_seconds
        self.burst_seconds = burst_seconds
        self.chunk_seconds = chunk_seconds
        self.max_listeners = max_listeners
        self.max_buffer_seconds = max_buffer_seconds
        self.programme: Programme | None = None
        self.pending: Programme | None = None
        self.frame_index = 0
        self.position = 0.0  # seconds into the current programme
        self.listeners: set[Sink] = set()
        self.sources: set[Sink] = set()
        self.burst: collections.deque[tuple[float, bytes]] = collections.deque()
        self.stats = Stats()
        self.on_air = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._servers: list[asyncio.Server] = []

    # The programme -------------------------------------------------------

    async def load_first(self) -> None:
        result = await asyncio.to_thread(self.loader, None)
        if result is None:
            raise BroadcastError("The loader gave no programme to broadcast.")
        self.programme = Programme.from_mp3(*result)
        self.stats.programmes = 1
        logger.info(
            "on air: programme %s, %.1f s", self.programme.key, self.programme.duration
        )

    async def check_forever(self) -> None:
        """Ask the loader for a new programme every ``check_seconds``."""
        while True:
            await asyncio.sleep(self.check_seconds)
            current = self.pending or self.programme
            try:
                result = await asyncio.to_thread(
                    self.loader, current.key if current else None
                )
            except Exception:
                logger.exception("could not recompose the programme; keeping it")
                continue
            if result is not None:
                try:
                    self.pending = Programme.from_mp3(*result)
                except mp3.MP3Error as error:
                    logger.error("the new programme is not MP3 (%s); keeping", error)
                    continue
                logger.info("new programme %s ready for the next loop", result[0])

    def next_chunk(self) -> tuple[bytes, float]:
        """Return the next frames (``chunk_seconds`` of sound) and their length."""
        programme = self.programme
        assert programme is not None
        pieces, seconds = [], 0.0
        while seconds < self.chunk_seconds:
            if self.frame_index >= len(programme.frames):
                self.stats.loops += 1
                self.frame_index, self.position = 0, 0.0
                if self.pending is not None:
                    programme = self.programme = self.pending
                    self.pending = None
                    self.stats.programmes += 1
                    logger.info("now broadcasting programme %s", programme.key)
            frame = programme.frames[self.frame_index]
            pieces.append(programme.data[frame.offset : frame.offset + frame.length])
            seconds += frame.duration
            self.frame_index += 1
            self.position += frame.duration
        return b"".join(pieces), seconds

    # The clock -------------------------------------------------------------

    async def play_forever(self) -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()
        played = 0.0  # seconds of sound sent since ``started``
        self.on_air.set()
        while True:
            chunk, seconds = self.next_chunk()
            due = started + played
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            elif -delay > seconds:
                self.stats.late_chunks += 1
                if -delay > 5:
                    # Starved for seconds (a suspended laptop, an overloaded
                    # host): start the clock again rather than rush a backlog.
                    self.stats.resyncs += 1
                    started, played = loop.time(), 0.0
            played += seconds
            self.send(chunk, seconds)

    def send(self, chunk: bytes, seconds: float) -> None:
        """Write ``chunk`` to every sink now; drop those that cannot keep up."""
        self.stats.chunks += 1
        now = time.monotonic()
        self.burst.append((now, chunk))
        while self.burst and now - self.burst[0][0] > self.burst_seconds:
            self.burst.popleft()
        bitrate = self.programme.bitrate if self.programme else 128000
        limit = int(bitrate / 8 * self.max_buffer_seconds)
        for sink in list(self.listeners) + list(self.sources):
            transport = sink.writer.transport
            if transport.is_closing():
                self._forget(sink)
                continue
            if transport.get_write_buffer_size() > limit:
                # Ten seconds behind: this reader's network cannot carry the
                # stream, and buffering more for it would only grow memory.
                self.stats.dropped_slow += 1
                logger.info("dropping %s: %d bytes unsent", sink.name, limit)
                sink.writer.close()
                self._forget(sink)
                continue
            sink.writer.write(chunk)
            sink.sent += len(chunk)

    def _forget(self, sink: Sink) -> None:
        self.listeners.discard(sink)
        self.sources.discard(sink)

    # Listeners ---------------------------------------------------------------

    def status(self) -> dict:
        programme = self.programme
        return {
            "name": self.name,
            "mount": self.mount,
            "listeners": len(self.listeners),
            "sources": len(self.sources),
            "programme": programme.key if programme else None,
            "programme_seconds": round(programme.duration, 3) if programme else 0,
            "position_seconds": round(self.position, 3),
            "bitrate": programme.bitrate if programme else 0,
            "pending": self.pending.key if self.pending else None,
            "uptime_seconds": round(time.monotonic() - self.stats.started, 1),
            "chunks": self.stats.chunks,
            "late_chunks": self.stats.late_chunks,
            "resyncs": self.stats.resyncs,
            "loops": self.stats.loops,
            "programmes": self.stats.programmes,
            "listeners_peak": self.stats.listeners_peak,
            "listeners_total": self.stats.listeners_total,
            "dropped_slow": self.stats.dropped_slow,
            "refused_full": self.stats.refused_full,
        }

    async def handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        """Answer one HTTP connection: the stream, the status, or 404."""
        request = await read_request(reader, writer)
        if request is not None:
            await self.answer(reader, writer, *request)

    async def answer(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        method: str,
        path: str,
        status: dict | None = None,
    ) -> None:
        """Answer a request already read: the stream, the status, or 404."""
        if method not in ("GET", "HEAD"):
            await self._reply(writer, 405, "text/plain", b"GET or HEAD only\n")
        elif path == "/status.json":
            body = json.dumps(status or self.status()).encode()
            await self._reply(writer, 200, "application/json", body, method)
        elif path != self.mount:
            await self._reply(writer, 404, "text/plain", b"No such stream\n")
        elif len(self.listeners) >= self.max_listeners:
            self.stats.refused_full += 1
            await self._reply(writer, 503, "text/plain", b"Too many listeners\n")
        else:
            await self._listen(reader, writer, method)

    async def _reply(
        self,
        writer: asyncio.StreamWriter,
        status: int,
        content_type: str,
        body: bytes,
        method: str = "GET",
    ) -> None:
        reason = {200: "OK", 404: "Not Found", 405: "Method Not Allowed"}.get(
            status, "Service Unavailable"
        )
        writer.write(
            f"HTTP/1.0 {status} {reason}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\n"
            "Access-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n".encode()
        )
        if method != "HEAD":
            writer.write(body)
        with contextlib.suppress(ConnectionError):
            await writer.drain()
        writer.close()

    def _stream_head(self) -> bytes:
        name = self.stream_name
        bitrate = self.programme.bitrate // 1000 if self.programme else 0
        return (
            "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n"
            "Cache-Control: no-cache, no-store\r\nPragma: no-cache\r\n"
            "Access-Control-Allow-Origin: *\r\n"
            f"icy-name: {name}\r\nicy-br: {bitrate}\r\nicy-pub: 0\r\n"
            "Connection: close\r\n\r\n"
        ).encode()

    async def _listen(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, method: str
    ) -> None:
        writer.write(self._stream_head())
        if method == "HEAD":
            with contextlib.suppress(ConnectionError):
                await writer.drain()
            writer.close()
            return
        peer = writer.get_extra_info("peername")
        sink = Sink(writer, f"listener {peer}")
        # The recent past first, so that a player fills its buffer and starts
        # at once; then the same chunks as everybody else.
        for _, chunk in self.burst:
            writer.write(chunk)
        self.listeners.add(sink)
        self.stats.listeners_total += 1
        self.stats.listeners_peak = max(self.stats.listeners_peak, len(self.listeners))
        try:
            while await reader.read(1024):
                pass  # listeners have nothing to say; wait for them to hang up
        except ConnectionError:
            pass
        finally:
            self._forget(sink)
            writer.close()

    async def serve(self, host: str, port: int) -> asyncio.Server:
        """Serve listeners on ``host:port`` (port 0: any free port)."""
        server = await asyncio.start_server(self.handle, host, port, backlog=1024)
        self._servers.append(server)
        return server

    # Icecast -----------------------------------------------------------------

    async def feed_icecast(self, url: str, *, retry_seconds: float = 5.0) -> None:
        """Send the stream to Icecast as a source (HTTP PUT), reconnecting forever."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "http" or not parts.hostname or not parts.path:
            raise BroadcastError(
                f"{url!r} is not an Icecast mount URL like "
                "http://source:PASSWORD@127.0.0.1:8000/newscast.mp3"
            )
        user = urllib.parse.unquote(parts.username or "source")
        password = urllib.parse.unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        port = parts.port or 80
        while True:
            try:
                await self._feed_once(parts.hostname, port, parts.path, token)
            except (OSError, asyncio.IncompleteReadError, TimeoutError) as error:
                logger.warning("Icecast %s:%s: %s", parts.hostname, port, error)
            except BroadcastError as error:
                logger.error("%s", error)
            await asyncio.sleep(retry_seconds)

    async def _feed_once(self, host: str, port: int, path: str, token: str) -> None:
        await self.on_air.wait()
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
        bitrate = self.programme.bitrate // 1000 if self.programme else 64
        name = self.stream_name
        request = (
            f"PUT {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Authorization: Basic {token}\r\nUser-Agent: Gazette radio\r\n"
            f"Content-Type: audio/mpeg\r\nIce-Name: {name}\r\nIce-Public: 0\r\n"
            f"Ice-Audio-Info: bitrate={bitrate}\r\nExpect: 100-continue\r\n\r\n"
        )
        writer.write(request.encode())
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        if status_line.split(" ")[1:2] not in (["100"], ["200"]):
            writer.close()
            raise BroadcastError(f"Icecast refused the source: {status_line}")
        logger.info("feeding Icecast at %s:%s%s", host, port, path)
        sink = Sink(writer, f"icecast {host}:{port}{path}")
        self.sources.add(sink)
        try:
            while await reader.read(1024):
                pass
        finally:
            self._forget(sink)
            writer.close()
        raise ConnectionResetError("Icecast closed the source connection")

    # Running -------------------------------------------------------------------

    async def start(self) -> None:
        """Load the first programme and start the clock and the checks."""
        if self.programme is None:
            await self.load_first()
        self._tasks.append(asyncio.create_task(self.play_forever()))
        self._tasks.append(asyncio.create_task(self.check_forever()))
        await self.on_air.wait()

    def add_task(self, coroutine) -> asyncio.Task:
        task = asyncio.create_task(coroutine)
        self._tasks.append(task)
        return task

    async def wait(self) -> None:
        """Run until a task fails (its exception is raised) or is cancelled."""
        done, _ = await asyncio.wait(self._tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            task.result()

    async def stop(self) -> None:
        for server in self._servers:
            server.close()
        for sink in list(self.listeners) + list(self.sources):
            sink.writer.close()
        self.listeners.clear()
        self.sources.clear()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()


class Switchboard:
    """Several broadcasters, one per edition, behind one listening port.

    Each keeps its own clock and programme; a listener is given to the one
    whose mount is the path asked for (``/newscast.mp3``,
    ``/es/newscast.mp3``). ``/status.json`` gives every mount's status.
    """

    def __init__(self, broadcasters: list[Broadcaster]) -> None:
        if not broadcasters:
            raise BroadcastError("No newscast to broadcast.")
        self.broadcasters = {radio.mount: radio for radio in broadcasters}
        if len(self.broadcasters) != len(broadcasters):
            raise BroadcastError("Two newscasts have the same mount.")
        self._servers: list[asyncio.Server] = []

    def status(self) -> dict:
        return {mount: radio.status() for mount, radio in self.broadcasters.items()}

    async def handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        request = await read_request(reader, writer)
        if request is None:
            return
        method, path = request
        radio = self.broadcasters.get(path) or next(iter(self.broadcasters.values()))
        status = {"mounts": self.status()} if path == "/status.json" else None
        await radio.answer(reader, writer, method, path, status)

    async def serve(self, host: str, port: int) -> asyncio.Server:
        """Serve every mount's listeners on ``host:port`` (0: any free port)."""
        server = await asyncio.start_server(self.handle, host, port, backlog=1024)
        self._servers.append(server)
        return server

    async def stop(self) -> None:
        for server in self._servers:
            server.close()
        for radio in self.broadcasters.values():
            await radio.stop()
