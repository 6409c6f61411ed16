"""Helpers shared by the benchmarks: tools, child processes, ports and wrk.

Benchmarks here start real servers (nginx, gunicorn) and drive them with wrk on
the loopback interface only. Every child is started in its own session and
registered with :class:`Children`, which stops the whole process group on
exit, on Ctrl-C and on SIGTERM, so a benchmark never leaves a server behind.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Debian keeps nginx in /usr/sbin, which is not on a normal user's PATH.
SEARCH_PATH = os.pathsep.join(
    [os.environ.get("PATH", ""), "/usr/local/sbin", "/usr/sbin", "/sbin"]
)
_started = time.monotonic()


class BenchError(Exception):
    """A benchmark cannot run; the message says what to do about it."""


def say(message: str) -> None:
    """Print a progress line with the time since the benchmark started."""
    elapsed = int(time.monotonic() - _started)
    print(f"[{elapsed // 60:02d}:{elapsed % 60:02d}] {message}", flush=True)


def venv_bin(name: str) -> str:
    """Return the path of a console script of Gazette's virtual environment."""
    for directory in (Path(sys.executable).parent, ROOT / ".venv" / "bin"):
        if (directory / name).exists():
            return str(directory / name)
    raise BenchError(f"{name} is not installed: run `make install` first.")


def ensure_debian_packages(commands: dict[str, str]) -> dict[str, str]:
    """Return {command: path}, installing the Debian packages that provide them.

    ``commands`` maps a command to its package, e.g. {"wrk": "wrk"}. Missing ones
    are installed with apt-get (as root, or through password-less sudo).
    """
    missing = {
        cmd: pkg
        for cmd, pkg in commands.items()
        if not shutil.which(cmd, path=SEARCH_PATH)
    }
    if missing:
        packages = sorted(set(missing.values()))
        if os.geteuid() == 0:
            prefix: list[str] = []
        elif shutil.which("sudo"):
            prefix = ["sudo", "-n"]
        else:
            raise BenchError(
                f"{', '.join(packages)} missing and not root: "
                f"apt-get install -y {' '.join(packages)}"
            )
        say(f"installing {' '.join(packages)} with apt-get")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for command in (
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", *packages],
        ):
            result = subprocess.run(
                prefix + command, env=env, capture_output=True, text=True
            )
            if result.returncode != 0:
                raise BenchError(
                    f"`{' '.join(command)}` failed:\n{result.stderr[-2000:]}"
                )
    paths = {cmd: shutil.which(cmd, path=SEARCH_PATH) for cmd in commands}
    for cmd, path in paths.items():
        if not path:
            raise BenchError(f"{cmd} is still missing after installing it.")
    return {cmd: str(path) for cmd, path in paths.items()}


class Children:
    """Start servers in their own process groups and stop them all, always.

    Use as a context manager; SIGINT (also when a shell started the benchmark
    in the background, which ignores it), SIGTERM and SIGHUP are turned into
    KeyboardInterrupt while it is active, so that cleanup runs for them all.
    """

    def __init__(self) -> None:
        self.processes: list[tuple[str, subprocess.Popen, int]] = []
        self._old_handlers: dict[int, object] = {}

    def __enter__(self) -> Children:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            self._old_handlers[signum] = signal.signal(signum, self._interrupt)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop_all()
        for signum, handler in self._old_handlers.items():
            signal.signal(signum, handler)

    @staticmethod
    def _interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    def start(
        self,
        name: str,
        argv: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        log: Path,
        stop_signal: int = signal.SIGTERM,
    ) -> subprocess.Popen:
        """Start ``argv`` in a new session, output to ``log``; return the process."""
        with open(log, "ab") as out:
            process = subprocess.Popen(
                list(argv),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append((name, process, stop_signal))
        return process

    def check_alive(self) -> None:
        """Raise BenchError naming any server that has died."""
        for name, process, _ in self.processes:
            if process.poll() is not None:
                raise BenchError(f"{name} exited with code {process.returncode}.")

    def stop_all(self, timeout: float = 5.0) -> None:
        """Stop every process group, politely first, then with SIGKILL."""
        for _, process, stop_signal in reversed(self.processes):
            if process.poll() is None:
                _signal_group(process.pid, stop_signal)
        deadline = time.monotonic() + timeout
        for _, process, _ in self.processes:
            with suppress(subprocess.TimeoutExpired):
                process.wait(max(0.1, deadline - time.monotonic()))
            # Also catches grandchildren that outlived their parent.
            _signal_group(process.pid, signal.SIGKILL)
            if process.poll() is None:
                process.wait(5)
        self.processes.clear()


def _signal_group(pgid: int, signum: int) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def pick_port(preferred: int, taken: set[int]) -> int:
    """Return ``preferred`` if free, else a free port the kernel chooses."""
    if preferred not in taken and port_is_free(preferred):
        taken.add(preferred)
        return preferred
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in taken:
            taken.add(port)
            return port


def wait_for_http(
    url: str, children: Children, timeout: float = 60.0
) -> tuple[int, dict[str, str], bytes]:
    """Poll ``url`` until it answers; return (status, headers, body)."""
    deadline = time.monotonic() + timeout
    while True:
        children.check_alive()
        try:
            return http_get(url)
        except OSError as error:
            if time.monotonic() > deadline:
                raise BenchError(
                    f"{url} did not answer in {timeout:.0f}s: {error}"
                ) from None
            time.sleep(0.2)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http_get(
    url: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """GET ``url`` without following redirects; return (status, headers, body)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad_responses: int
    socket_errors: int


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS_MS[unit]


def parse_wrk(output: str) -> WrkResult:
    """Read requests/s, p50, p99 and errors from ``wrk --latency`` output."""
    try:
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
        p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
        requests = int(re.search(r"(\d+) requests in", output).group(1))
    except AttributeError:
        raise BenchError(f"could not read wrk's output:\n{output}") from None
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
        output,
    )
    return WrkResult(
        requests_per_second=rps,
        p50_ms=p50,
        p99_ms=p99,
        requests=requests,
        bad_responses=int(bad.group(1)) if bad else 0,
        socket_errors=sum(map(int, errors.groups())) if errors else 0,
    )


def run_wrk(
    wrk: str,
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int,
    children: Children,
    log: Path,
    headers: dict[str, str] | None = None,
) -> WrkResult:
    """Load ``url`` for ``seconds`` with wrk; return what it measured."""
    argv = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s"]
    for name, value in (headers or {}).items():
        argv += ["-H", f"{name}: {value}"]
    argv += ["--timeout", "10s", "--latency", url]
    process = children.start("wrk", argv, log=log)
    try:
        process.wait(seconds + 30)
    except subprocess.TimeoutExpired:
        _signal_group(process.pid, signal.SIGKILL)
        process.wait(5)
        raise BenchError(f"wrk against {url} did not finish.") from None
    finally:
        if process.poll() is not None:
            children.processes = [
                entry for entry in children.processes if entry[1] is not process
            ]
    output = log.read_text()
    if process.returncode != 0:
        raise BenchError(f"wrk failed ({process.returncode}):\n{output}")
    return parse_wrk(output)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


@contextmanager
def timed(what: str) -> Iterator[None]:
    """Report how long a step took."""
    say(f"{what} ...")
    started = time.monotonic()
    yield
    say(f"{what}: done in {time.monotonic() - started:.1f}s")


def run_bench(bench: Callable[..., int], args, prefix: str) -> int:
    """Run ``bench(args, tmp, children)`` in a fresh working directory.

    Return its exit status; 2 after a ``BenchError`` (logs kept), 130 when
    interrupted. Every server started through ``children`` is stopped, and the
    directory is removed unless ``args.keep``.
    """
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    say(f"working directory {tmp}")
    try:
        with Children() as children:
            return bench(args, tmp, children)
    except BenchError as error:
        print(textwrap.indent(str(error), "bench: "), file=sys.stderr)
        print(f"bench: logs are in {tmp}", file=sys.stderr)
        args.keep = True
        return 2
    except KeyboardInterrupt:
        print("\nbench: interrupted; servers stopped.", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            say(f"kept {tmp}")
        else:
            subprocess.run(["rm", "-rf", str(tmp)], check=False)
