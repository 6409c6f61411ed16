"""Counting visits in memory and writing them in batches.

A redirect only adds one to a counter in this process (a dictionary under a
lock: well under a microsecond). A daemon thread hands the counts to a writer
every few seconds, and an ``atexit`` hook hands over whatever is left when the
process stops normally (gunicorn workers finishing, ``max_requests``
recycling, a deploy). If the writer fails, the counts go back into the buffer
for the next try. No Django here: the writer is given by the caller.
"""

from __future__ import annotations

import atexit
import datetime
import logging
import os
import threading
from collections import Counter
from collections.abc import Callable

logger = logging.getLogger(__name__)

Counts = Counter[tuple[int, datetime.date]]
Writer = Callable[[Counts], object]  # what it returns is not used


class VisitBuffer:
    """Visit counts per (link id, day) waiting to be written."""

    def __init__(self, name: str = "short link visits") -> None:
        self.name = name  # for the log and the flusher thread's name
        self._lock = threading.Lock()
        self._counts: Counts = Counter()
        self._pid = os.getpid()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def add(self, link_id: int, day: datetime.date, n: int = 1) -> None:
        """Count ``n`` visits of ``link_id`` on ``day``."""
        with self._lock:
            if self._pid != os.getpid():
                # A forked child (gunicorn worker) starts with its own buffer
                # and its own flusher; the parent's counts are the parent's.
                self._reset_after_fork()
            self._counts[link_id, day] += n

    def pending(self) -> int:
        """Return how many counted visits have not been written yet."""
        with self._lock:
            return sum(self._counts.values())

    def drain(self) -> Counts:
        """Take every pending count out of the buffer."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
        return counts

    def give_back(self, counts: Counts) -> None:
        """Put counts that could not be written back, for the next flush."""
        with self._lock:
            self._counts.update(counts)

    def flush(self, write: Writer) -> int:
        """Write every pending count with ``write``; return the visits written.

        On failure the counts are kept and the error is raised again.
        """
        counts = self.drain()
        if not counts:
            return 0
        try:
            write(counts)
        except BaseException:
            self.give_back(counts)
            raise
        return sum(counts.values())

    def start_flusher(self, write: Writer, interval: float) -> None:
        """Flush every ``interval`` seconds in a daemon thread of this process."""
        with self._lock:
            if self._pid != os.getpid():
                self._reset_after_fork()
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._run,
                args=(write, interval),
                name=f"gazette-{self.name.replace(' ', '-')}",
                daemon=True,
            )
            self._thread.start()

    def stop_flusher(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(5)
        self._thread = None

    def _run(self, write: Writer, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.flush(write)
            except Exception:
                logger.exception("could not write %s; will retry", self.name)

    def _reset_after_fork(self) -> None:
        self._counts = Counter()
        self._pid = os.getpid()
        self._thread = None
        self._stop = threading.Event()

    def register_at_exit(self, write: Writer) -> None:
        """Flush what is left when the interpreter exits normally."""

        def flush_at_exit() -> None:
            if self._pid != os.getpid() or not self.pending():
                return
            self.stop_flusher()
            try:
                written = self.flush(write)
            except Exception:
                logger.exception("%s lost at exit", self.name)
            else:
                logger.info("wrote %d %s at exit", written, self.name)

        atexit.register(flush_at_exit)
