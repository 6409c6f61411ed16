"""Broadcast the newscast as one live MP3 stream."""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gazette.radio import broadcaster, newscast, services
from gazette.radio.models import Station


def parse_address(value: str) -> tuple[str, int]:
    """Return (host, port) of ``HOST:PORT`` (``[::1]:8001`` for IPv6)."""
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise CommandError(f"--listen {value!r}: give HOST:PORT, e.g. 127.0.0.1:8001.")
    return host.strip("[]"), int(port)


class Command(BaseCommand):
    help = (
        "Compose the newscast from the latest headlines and broadcast it live, "
        "looped and recomposed when articles are published: to listeners on "
        "--listen and/or as a source to Icecast (--icecast). "
        "Example: gazette radio-broadcast --listen 127.0.0.1:8001"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--listen",
            default=settings.GAZETTE_RADIO_LISTEN,
            help="Serve listeners on HOST:PORT (default %(default)s); "
            "'off' to only feed Icecast.",
        )
        parser.add_argument(
            "--icecast",
            default=settings.GAZETTE_RADIO_ICECAST_URL,
            help="Send the stream to this Icecast mount, e.g. "
            "http://source:PASSWORD@127.0.0.1:8000/newscast.mp3",
        )
        parser.add_argument("--mount", default=settings.GAZETTE_RADIO_MOUNT)
        parser.add_argument(
            "--station", default="", help="Announce this newscast station (slug)."
        )
        parser.add_argument(
            "--check-seconds",
            type=float,
            default=settings.GAZETTE_RADIO_CHECK_SECONDS,
            help="How often to look for new headlines (default %(default)s).",
        )
        parser.add_argument(
            "--duration",
            type=float,
            default=0,
            help="Stop after this many seconds (default: run until stopped).",
        )
        parser.add_argument(
            "--write",
            metavar="FILE",
            help="Compose one bulletin into FILE (MP3) and exit, broadcasting nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["station"]
        if slug and not Station.objects.filter(slug=slug).exists():
            raise CommandError(f"There is no station {slug!r}: see /admin/snippets/.")
        if options["write"]:
            self.write_once(options["write"], slug)
            return
        listen = options["listen"].strip()
        address = (
            None if listen.lower() in ("", "off", "none") else parse_address(listen)
        )
        if address is None and not options["icecast"]:
            raise CommandError(
                "Nothing to do: give --listen HOST:PORT or --icecast URL."
            )
        if options["verbosity"] > 0:
            logging.getLogger("gazette.radio").setLevel(logging.INFO)
        try:
            stats = asyncio.run(self.broadcast(address, slug, options))
        except broadcaster.BroadcastError as error:
            raise CommandError(str(error)) from None
        except newscast.NewscastError as error:
            raise CommandError(f"The newscast could not be made: {error}") from None
        except OSError as error:
            raise CommandError(f"Cannot listen on {listen}: {error}") from None
        self.stdout.write(
            f"Broadcast over: {stats['uptime_seconds']} s, "
            f"{stats['listeners_total']} listeners (peak {stats['listeners_peak']}), "
            f"{stats['programmes']} bulletins, {stats['loops']} loops, "
            f"{stats['late_chunks']} late chunks."
        )

    def write_once(self, path: str, slug: str) -> None:
        try:
            cast = services.compose_newscast(slug)
        except newscast.NewscastError as error:
            raise CommandError(f"The newscast could not be made: {error}") from None
        with open(path, "wb") as file:
            file.write(cast.mp3)
        self.stdout.write(
            f"Wrote {path}: {cast.items} items, {cast.duration:.1f} s of audio "
            f"made in {cast.speech_seconds:.1f} s."
        )

    async def broadcast(
        self, address: tuple[str, int] | None, slug: str, options: dict
    ) -> dict:
        station = await asyncio.to_thread(services.newscast_station_name, slug)
        radio = broadcaster.Broadcaster(
            services.newscast_loader(slug),
            name=station,
            mount=options["mount"],
            check_seconds=options["check_seconds"],
            burst_seconds=settings.GAZETTE_RADIO_BURST_SECONDS,
            max_listeners=settings.GAZETTE_RADIO_MAX_LISTENERS,
        )
        self.stdout.write(f"Composing the first bulletin of {station}...")
        await radio.start()
        assert radio.programme is not None
        self.stdout.write(
            f"On air: {radio.programme.duration:.1f} s bulletin, "
            f"{radio.programme.bitrate // 1000} kbit/s."
        )
        if address is not None:
            server = await radio.serve(*address)
            host, port = server.sockets[0].getsockname()[:2]
            self.stdout.write(f"Listeners: http://{host}:{port}{radio.mount}")
        if options["icecast"]:
            radio.add_task(radio.feed_icecast(options["icecast"]))
            self.stdout.write("Feeding Icecast as a source.")
        if options["duration"]:
            radio.add_task(asyncio.sleep(options["duration"]))
        loop = asyncio.get_running_loop()
        stopping = asyncio.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stopping.set)
        radio.add_task(stopping.wait())
        try:
            await radio.wait()
        finally:
            stats = radio.status()
            await radio.stop()
        return stats
