"""Production path: the broadcaster feeds a real Icecast (Debian's icecast2),
started on 127.0.0.1 with a generated configuration, and listeners get MP3
from Icecast."""

import asyncio
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from gazette.radio import broadcaster, icecast

from .test_radio import ffprobe, sine_mp3

pytestmark = pytest.mark.skipif(
    not (shutil.which("icecast2") and shutil.which("ffmpeg")),
    reason="icecast2 and ffmpeg are needed: apt-get install icecast2 ffmpeg",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def icecast_dir():
    # Not pytest's tmp_path: Icecast, switched to its own account, must be
    # able to reach its log folder, and pytest's parent folders are private.
    with tempfile.TemporaryDirectory(prefix="gazette-icecast-") as name:
        yield Path(name)


@pytest.fixture
def icecast_server(icecast_dir):
    """Start icecast2 on a free loopback port; stop it after the test."""
    tmp_path = icecast_dir
    port = free_port()
    run_as = None
    if os.geteuid() == 0:
        # Icecast will not run as root; Debian's package made this account.
        run_as = ("icecast2", "icecast")
        shutil.chown(tmp_path, *run_as)
    path = tmp_path / "icecast.xml"
    path.write_text(
        icecast.config(
            port=port,
            source_password="test-source",
            admin_password="test-admin",
            logdir=str(tmp_path),
            run_as=run_as,
        )
    )
    process = subprocess.Popen(
        ["icecast2", "-c", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                time.sleep(0.3)
                if process.poll() is None:
                    break
                raise OSError("icecast2 exited")
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    errors = process.stderr.read().decode() if process.stderr else ""
                    log = tmp_path / "error.log"
                    detail = log.read_text()[-2000:] if log.exists() else ""
                    pytest.fail(f"icecast2 did not start: {errors} {detail}")
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


async def listen_to_icecast(port: int, seconds: float) -> tuple[bytes, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        b"GET /newscast.mp3 HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\n\r\n"
    )
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    received = bytearray()
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while (left := end - loop.time()) > 0:
        try:
            chunk = await asyncio.wait_for(reader.read(65536), left)
        except TimeoutError:
            break
        if not chunk:
            break
        received += chunk
    writer.close()
    return head, bytes(received)


def test_the_newscast_reaches_listeners_through_icecast(icecast_server):
    port = icecast_server
    programme = sine_mp3(20)

    async def main():
        radio = broadcaster.Broadcaster(
            lambda current: None if current else ("p1", programme),
            check_seconds=3600,
        )
        await radio.start()
        radio.add_task(
            radio.feed_icecast(
                f"http://source:test-source@127.0.0.1:{port}/newscast.mp3",
                retry_seconds=0.5,
            )
        )
        try:
            for _ in range(100):  # until Icecast has taken the source
                if radio.sources:
                    break
                await asyncio.sleep(0.1)
            assert radio.sources, "Icecast did not accept the source"
            await asyncio.sleep(1)
            return await listen_to_icecast(port, 3)
        finally:
            await radio.stop()

    head, audio = asyncio.run(asyncio.wait_for(main(), 60))
    assert head.split(b"\r\n", 1)[0].endswith(b"200 OK")
    assert b"audio/mpeg" in head
    probe = ffprobe(audio)
    assert probe["streams"][0]["codec_name"] == "mp3"
    assert int(probe["streams"][0]["nb_read_frames"]) > 40


def test_a_wrong_source_password_is_reported_not_streamed(icecast_server):
    port = icecast_server

    async def main():
        radio = broadcaster.Broadcaster(
            lambda current: None if current else ("p1", sine_mp3(2)),
            check_seconds=3600,
        )
        await radio.start()
        try:
            with pytest.raises(broadcaster.BroadcastError, match="refused"):
                await radio._feed_once(
                    "127.0.0.1",
                    port,
                    "/newscast.mp3",
                    "c291cmNlOndyb25n",  # source:wrong
                )
            return len(radio.sources)
        finally:
            await radio.stop()

    assert asyncio.run(asyncio.wait_for(main(), 30)) == 0
