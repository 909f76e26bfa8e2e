"""The one way a test server runs: its own process on 127.0.0.1, port 0.

Both halves of the protocol live here (plain stdlib, no Scrapy, no newscrawl):

* the server's side, `serve(server)`: once the socket is listening, print exactly one
  line, the base URL "http://HOST:PORT/", then serve until killed or, when stdin is a
  pipe, until stdin closes;
* the test's side, `ServerProcess`: start a server module (`python -m tests.servers.mock`,
  or any script path, e.g. a benchmark's server) with stdin and stdout as pipes, read the
  URL line, wait until the server answers an HTTP request, and stop it (close stdin, then
  kill if it has not gone). A context manager; `url(path)` joins onto the base URL.

The server fixtures (tests/conftest.py, tests/e2e/) and the benchmarks use it through the
wrappers in this package (`mock.MockServer`, `newssite.NewsSite`, `public.PublicSite`) or
directly (`ServerProcess(Path("benchmarks/_sitemap_server.py"), "--sitemaps", "1")`).
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import queue
import socketserver
import stat
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

REPO = Path(__file__).resolve().parents[2]


class ServerDidNotStart(RuntimeError):
    """The server exited, printed something other than its URL, or never answered."""

    def __init__(self, message: str, first_line: str = ""):
        super().__init__(message)
        self.first_line = first_line


# ---------------------------------------------------------------------------- server side


def stop_when_stdin_closes(server: socketserver.BaseServer) -> None:
    """Shut `server` down when stdin closes; only when stdin is a pipe (as under
    ServerProcess): /dev/null or a terminal would otherwise end the server at once or never."""
    try:
        if not stat.S_ISFIFO(os.fstat(sys.stdin.fileno()).st_mode):
            return
    except (OSError, ValueError, AttributeError):
        return

    def watch():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except (OSError, ValueError):
            pass
        server.shutdown()

    threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


def serve(server: socketserver.BaseServer) -> None:
    """Announce `server` (already bound and listening) and serve it until stdin closes."""
    host, port = server.server_address[:2]
    print(f"http://{host}:{port}/", flush=True)
    stop_when_stdin_closes(server)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


# ---------------------------------------------------------------------------- test side


class QuietHandler(http.server.BaseHTTPRequestHandler):
    """What the test servers' request handlers share: no log line per request on
    stderr, a client hanging up mid-request is not an error, HEAD and GET both go to the
    subclass's `_dispatch(head=...)`, and `_send` writes one whole answer."""

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    def handle(self):
        try:
            super().handle()
        except (ConnectionError, TimeoutError):
            pass

    def do_HEAD(self):
        self._dispatch(head=True)

    def do_GET(self):
        self._dispatch(head=False)

    def _dispatch(self, head: bool) -> None:
        raise NotImplementedError

    def _before_answer(self, status: int) -> None:
        """Called by `_send` before the status line goes out (the news site logs here)."""

    def _send(self, status: int, body: bytes = b"", content_type: str | None = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        """One whole answer: status, Content-Type, extra headers, Content-Length and, unless
        the request was a HEAD (`self._head`, set by `_dispatch`), the body."""
        self._before_answer(status)
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not self._head and body:
            self.wfile.write(body)


class RequestLogClient:
    """The test's side of a server that lists the paths it received at /log (and
    forgets them at /log/reset); mixed into a ServerProcess."""

    def log(self) -> list[str]:
        """Request paths (with query) the server has received, excluding /log*."""
        with urllib.request.urlopen(self.url("/log"), timeout=10) as response:
            return json.loads(response.read())

    def reset_log(self) -> None:
        with urllib.request.urlopen(self.url("/log/reset"), timeout=10) as response:
            response.read()


class ServerProcess:
    """A server module (a dotted name under the repository) or script (a Path) in its
    own process; a context manager.

        with ServerProcess("tests.servers.mock", "--robots-mb", "10", ready_path="/log") as server:
            server.url("/gen/1")        # -> "http://127.0.0.1:PORT/gen/1"

    `ready_path` is requested until any HTTP answer comes back (pick one the server does
    not log); `name` is used in error messages.
    """

    name = "test server"
    ready_path = "/"

    def __init__(self, target: str | Path, *args: str, startup_timeout: float = 60.0,
                 ready_path: str | None = None, name: str | None = None):
        self.target = target
        self.args = [str(a) for a in args]
        self.startup_timeout = startup_timeout
        if ready_path is not None:
            self.ready_path = ready_path
        if name is not None:
            self.name = name
        self.proc: subprocess.Popen | None = None
        self.base_url: str | None = None

    def command(self) -> list[str]:
        if isinstance(self.target, Path):
            return [sys.executable, str(self.target), *self.args]
        return [sys.executable, "-m", self.target, *self.args]

    def start(self):
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONUNBUFFERED": "1",
               "PYTHONPATH": str(REPO) + (os.pathsep + path if path else "")}
        self.proc = subprocess.Popen(self.command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        deadline = time.monotonic() + self.startup_timeout
        lines: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=lambda: lines.put(self.proc.stdout.readline()), daemon=True).start()
        try:
            line = lines.get(timeout=self.startup_timeout).decode(errors="replace").strip()
        except queue.Empty:
            self.stop()
            raise ServerDidNotStart(f"{self.name} did not start within {self.startup_timeout} s") from None
        if not line.startswith("http://"):
            code = self.proc.poll()
            self.stop()
            raise ServerDidNotStart(f"{self.name} failed to start (exit code {code}, first line {line!r})", line)
        self.base_url = line
        self._wait_until_it_answers(deadline)
        return self

    def _wait_until_it_answers(self, deadline: float) -> None:
        parts = urlsplit(self.base_url)
        while True:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            try:
                conn.request("GET", self.ready_path)
                conn.getresponse().read()
                return
            except (OSError, http.client.HTTPException) as exc:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    code = self.proc.poll()
                    self.stop()
                    raise ServerDidNotStart(f"{self.name} at {self.base_url} never answered "
                                            f"(exit code {code}): {exc}") from None
                time.sleep(0.05)
            finally:
                conn.close()

    def url(self, path: str = "") -> str:
        """Absolute URL for `path` ("/rss.xml" or "rss.xml")."""
        if self.base_url is None:
            raise RuntimeError(f"{self.name} not started")
        return urljoin(self.base_url, path.lstrip("/"))

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self, grace: float = 5.0) -> None:
        """Close stdin (the server shuts down), wait up to `grace` seconds, then kill."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.stdin is not None:
            try:
                proc.stdin.close()
            except OSError:
                pass
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stdout is not None:
            try:
                proc.stdout.close()
            except OSError:
                pass

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
