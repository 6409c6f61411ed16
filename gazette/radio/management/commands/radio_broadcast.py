"""Broadcast each edition's newscast as a live MP3 stream of its own."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import signal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gazette.core import editions
from gazette.radio import broadcaster, newscast, services
from gazette.radio.editions import edition_mount, edition_stream_url
from gazette.radio.models import Station


def parse_address(value: str) -> tuple[str, int]:
    """Return (host, port) of ``HOST:PORT`` (``[::1]:8001`` for IPv6)."""
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise CommandError(f"--listen {value!r}: give HOST:PORT, e.g. 127.0.0.1:8001.")
    return host.strip("[]"), int(port)


class Command(BaseCommand):
    help = (
        "Compose each edition's newscast from its latest headlines, in its "
        "language and voice, and broadcast it live, looped and recomposed when "
        "articles are published: to listeners on --listen and/or as a source "
        "to Icecast (--icecast), one mount per edition. "
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
        parser.add_argument(
            "--mount",
            default=settings.GAZETTE_RADIO_MOUNT,
            help="The default edition's mount (default %(default)s); another "
            "edition's is the same under its language: /es/newscast.mp3.",
        )
        parser.add_argument(
            "--station",
            default="",
            help="Broadcast this newscast station (slug) only, in its edition.",
        )
        parser.add_argument(
            "--edition",
            action="append",
            metavar="LANGUAGE",
            help="Broadcast this edition's newscast (repeatable; default: every "
            "edition with a newscast station, and the default edition).",
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
        known = set(editions.edition_codes())
        for code in options["edition"] or ():
            if code not in known:
                raise CommandError(
                    f"--edition {code!r}: the editions are {', '.join(sorted(known))}."
                )
        if options["write"]:
            self.write_once(options["write"], slug, options)
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
        plans = self.plans(slug, options)
        try:
            stats = asyncio.run(self.broadcast(address, plans, options))
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

    def plans(self, slug: str, options: dict) -> list[services.NewscastPlan]:
        """Return the newscasts to broadcast: the station's, the editions
        asked for, or every edition's that has one (the default always)."""
        default = editions.default_language()
        if slug:
            asked = [options["edition"][0] if options["edition"] else None]
        else:
            asked = list(options["edition"] or services.newscast_editions())
        plans = []
        for code in asked:
            try:
                plan = services.newscast_plan(slug, code)
            except newscast.NewscastError as error:
                if options["edition"] or slug or code == default:
                    raise CommandError(
                        f"The newscast could not be made: {error}"
                    ) from None
                self.stderr.write(f"Skipping the {code!r} edition: {error}")
                continue
            mount = edition_mount(options["mount"], plan.language, default)
            plans.append(dataclasses.replace(plan, mount=mount))
        if not plans:
            raise CommandError("No edition has a newscast to broadcast.")
        return plans

    def write_once(self, path: str, slug: str, options: dict) -> None:
        # One bulletin: the station's, the first edition asked for, else the
        # default edition's.
        first = (options["edition"] or [editions.default_language()])[:1]
        [plan] = self.plans(slug, {**options, "edition": first})
        try:
            cast = services.compose_plan(plan)
        except newscast.NewscastError as error:
            raise CommandError(f"The newscast could not be made: {error}") from None
        with open(path, "wb") as file:
            file.write(cast.mp3)
        self.stdout.write(
            f"Wrote {path}: {cast.items} items, {cast.duration:.1f} s of audio "
            f"made in {cast.speech_seconds:.1f} s ({plan.language}, voice "
            f"{plan.voice})."
        )

    async def broadcast(
        self,
        address: tuple[str, int] | None,
        plans: list[services.NewscastPlan],
        options: dict,
    ) -> dict:
        default = editions.default_language()
        radios = []
        for plan in plans:
            radio = broadcaster.Broadcaster(
                services.newscast_loader(plan.slug, language=plan.language),
                name=plan.station,
                stream_name=plan.stream_name,
                mount=plan.mount,
                check_seconds=options["check_seconds"],
                burst_seconds=settings.GAZETTE_RADIO_BURST_SECONDS,
                max_listeners=settings.GAZETTE_RADIO_MAX_LISTENERS,
            )
            self.stdout.write(
                f"Composing the first bulletin of {plan.station} "
                f"({plan.language}, voice {plan.voice})..."
            )
            await radio.start()
            assert radio.programme is not None
            self.stdout.write(
                f"On air: {radio.programme.duration:.1f} s bulletin, "
                f"{radio.programme.bitrate // 1000} kbit/s."
            )
            radios.append(radio)
        switchboard = broadcaster.Switchboard(radios) if len(radios) > 1 else None
        if address is not None:
            serving = switchboard or radios[0]
            server = await serving.serve(*address)
            host, port = server.sockets[0].getsockname()[:2]
            for radio in radios:
                self.stdout.write(f"Listeners: http://{host}:{port}{radio.mount}")
        if options["icecast"]:
            for plan, radio in zip(plans, radios, strict=True):
                url = edition_stream_url(options["icecast"], plan.language, default)
                radio.add_task(radio.feed_icecast(url))
            self.stdout.write("Feeding Icecast as a source.")
        waits: list[asyncio.Task[Any]] = [
            asyncio.create_task(radio.wait()) for radio in radios
        ]
        if options["duration"]:
            waits.append(asyncio.create_task(asyncio.sleep(options["duration"])))
        loop = asyncio.get_running_loop()
        stopping = asyncio.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stopping.set)
        waits.append(asyncio.create_task(stopping.wait()))
        try:
            done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()
        finally:
            every = [radio.status() for radio in radios]
            for task in waits:
                task.cancel()
            if switchboard is not None:
                await switchboard.stop()
            else:
                await radios[0].stop()
        stats = dict(every[0])
        for key in ("listeners_total", "listeners_peak", "programmes", "loops"):
            stats[key] = sum(status[key] for status in every)
        stats["late_chunks"] = sum(status["late_chunks"] for status in every)
        return stats
