"""Gunicorn settings for Gazette in production.

Used by deploy/systemd/gazette.service and bench/pages.py::

    gunicorn --config deploy/gunicorn.conf.py gazette.wsgi:application

Everything an installation may change comes from the environment (listed in
deploy/env.example); the defaults suit one app server behind
deploy/nginx/gazette.conf on the same machine.
"""

import multiprocessing
import os

from gunicorn.http import wsgi as gunicorn_wsgi


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# Loopback only: readers reach the app through nginx, which serves static
# files, buffers slow clients and micro-caches pages. GAZETTE_BIND may also be
# a unix socket, e.g. unix:/run/gazette/gunicorn.sock.
bind = os.environ.get("GAZETTE_BIND", "127.0.0.1:8000")

# Rendering a page is mostly Python (CPU) with a few short database and Redis
# round trips, so the classic (2 x cores) + 1 processes keep every core busy
# while some wait on I/O.
workers = _int("GAZETTE_WORKERS", multiprocessing.cpu_count() * 2 + 1)

# gthread workers keep HTTP/1.1 connections alive, so nginx's upstream
# keepalive pool is actually reused (sync workers close every connection). Two
# threads per process cover the waits on PostgreSQL and Redis without letting
# the GIL turn one process into a bottleneck.
worker_class = "gthread"
threads = _int("GAZETTE_THREADS", 2)

# Longer than nginx's upstream keepalive_timeout (60 s) so that nginx, not
# gunicorn, closes idle connections: a request is never sent down a connection
# gunicorn has just closed.
keepalive = 75

# Import Django and Wagtail once in the master, then fork: workers start in
# milliseconds and share the imported code's memory pages. Nothing opens a
# database connection at import time (when_ready below makes sure of it).
preload_app = True

# A request that takes longer than this is stuck (pages render in tens of
# milliseconds); the worker is replaced. nginx waits a little longer (35 s).
timeout = 30
graceful_timeout = 30

# Recycle each worker now and then so that slow leaks in any library never
# grow without bound; the jitter keeps workers from restarting all at once.
# Counted in requests, so sized for the cheapest ones: a signed-in reader's
# repeat /me/ costs well under a millisecond, and at 2,000 a second over five
# workers 5,000 requests recycled each worker every 12 s, dropping nginx's
# kept-alive connections and the worker's copies of the readers' answers
# (docs/caching.md). 100,000 is minutes at that peak, hours on a quiet day.
max_requests = 100000
max_requests_jitter = 10000

# The heartbeat file on tmpfs: a worker never stalls on a slow or full disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Trust X-Forwarded-* only from nginx on this machine.
forwarded_allow_ips = os.environ.get("GAZETTE_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# nginx writes the access log for readers; gunicorn logs errors to stderr,
# which systemd sends to the journal. GAZETTE_ACCESS_LOG=- logs every request
# here too (handy when there is no nginx in front).
accesslog = os.environ.get("GAZETTE_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GAZETTE_GUNICORN_LOG_LEVEL", "info")
proc_name = os.environ.get("GAZETTE_PROC_NAME", "gazette")

# Gunicorn 25+ opens a control socket for `gunicornc` in the home directory by
# default. Put it where systemd gives us a runtime directory, or switch it off.
control_socket = os.environ.get("GAZETTE_CONTROL_SOCKET", "")
control_socket_disable = not control_socket


class QuietResponse(gunicorn_wsgi.Response):
    """Gunicorn's response without its ``Server: gunicorn`` header.

    Gunicorn has no setting for it, and naming the server software only helps
    someone looking for a known flaw in it. Behind nginx the header never
    reached readers (nginx sends its own, versionless with server_tokens off);
    this covers an installation where gunicorn answers directly.
    """

    def default_headers(self) -> list[str]:
        return [
            header
            for header in super().default_headers()
            if not header.lower().startswith("server:")
        ]


# Workers build every response through gunicorn.http.wsgi.Response; this file
# is read by the master before it forks them.
gunicorn_wsgi.Response = QuietResponse


def when_ready(server):
    """Close the master's database connections before any worker is forked.

    With preload_app a connection opened while the app loaded would be shared
    by every worker, and a connection used by two processes corrupts both.
    Nothing is expected to query at import time; this makes sure of it.
    """
    from django.db import connections

    connections.close_all()
