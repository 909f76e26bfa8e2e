"""A "public" web site on 127.0.0.2 that points at a local server, for the SSRF tests.

    python -m tests.servers.public --local http://127.0.0.1:PORT/      (from the repository root)

binds 127.0.0.2 (Linux routes all of 127/8 to lo; the tests treat it as public with
NEWSCRAWL_PUBLIC_NETWORKS=127.0.0.2/32) on a free port, prints exactly one line
"http://127.0.0.2:PORT/" once listening, and serves until stdin closes
(tests/servers/launcher.py). When 127.0.0.2 cannot be bound it prints one line
"cannot bind 127.0.0.2: <error>" and exits 3. Plain stdlib. --local is the base URL of
the "internal" server (the mock server), whose pages its links, feed and redirects name.

Routes (GET):
    /robots.txt              allows everything
    /                        links to the local article, the local /redirect/0, the same
                             article through http://localhost:PORT/, and /own/story.html
    /rss.xml                 an RSS feed of the three local targets (?feed=1)
    /own/story.html          tests/fixtures/pages/jsonld-article.html, the site's own article
    /redirect-to-local       302 to the local article
    /redirect-to-metadata    302 to http://169.254.169.254/latest/meta-data/
    /redirect-to-file        302 to file:///etc/passwd
    /log                     JSON list of the request paths received (except /log*)
    /log/reset               clears that list
"""

from __future__ import annotations

import argparse
import http.server
import json
import sys
import threading

from tests.servers.launcher import (
    REPO,
    QuietHandler,
    RequestLogClient,
    ServerProcess,
    serve,
)

ARTICLE_HTML = (REPO / "tests" / "fixtures" / "pages" / "jsonld-article.html").read_bytes()
HOST = "127.0.0.2"


class PublicHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, local: str):
        super().__init__(address, PublicHandler)
        self.local = local              # base URL of the internal (127.0.0.1) server
        self.request_log: list[str] = []
        self.log_lock = threading.Lock()


class PublicHandler(QuietHandler):
    server: PublicHTTPServer

    def _dispatch(self, head: bool) -> None:
        self._head = head
        if self.path.startswith("/log"):
            with self.server.log_lock:
                if self.path == "/log/reset":
                    self.server.request_log.clear()
                entries = list(self.server.request_log)
            return self._send(200, json.dumps(entries).encode(), "application/json")
        with self.server.log_lock:
            self.server.request_log.append(self.path)
        local = self.server.local
        port = local.rsplit(":", 1)[1].strip("/")
        own = f"http://{HOST}:{self.server.server_address[1]}"
        targets = [f"{local}pages/jsonld-article.html", f"{local}redirect/0",
                   f"http://localhost:{port}/pages/jsonld-article.html?via=localhost"]
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        elif self.path == "/redirect-to-local":
            self._send(302, headers={"Location": targets[0]})
        elif self.path == "/redirect-to-metadata":
            self._send(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        elif self.path == "/redirect-to-file":
            self._send(302, headers={"Location": "file:///etc/passwd"})
        elif self.path == "/":
            links = "".join(f'<li><a href="{u}">story {i}</a></li>' for i, u in enumerate(targets))
            links += f'<li><a href="{own}/own/story.html">our story</a></li>'
            self._send(200, f"<html><body><h1>Home</h1><ul>{links}</ul></body></html>".encode())
        elif self.path == "/rss.xml":
            items = "".join(f"<item><title>t{i}</title><link>{u}?feed=1</link></item>"
                            for i, u in enumerate(targets))
            rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'
            self._send(200, rss.encode(), "application/rss+xml")
        elif self.path == "/own/story.html":
            self._send(200, ARTICLE_HTML)
        else:
            self._send(404, b"not found")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a 'public' site on 127.0.0.2 pointing at a local one.")
    parser.add_argument("--local", required=True, help="base URL of the internal server, ending in /")
    args = parser.parse_args(argv)
    try:
        server = PublicHTTPServer((HOST, 0), local=args.local)
    except OSError as exc:  # not a Linux-like loopback
        print(f"cannot bind {HOST}: {exc}", flush=True)
        sys.exit(3)
    serve(server)


# ---------------------------------------------------------------------------- test helper


class PublicSite(RequestLogClient, ServerProcess):
    """This module in its own process (tests/servers/launcher.py); a context manager.
    Raises launcher.ServerDidNotStart with first_line "cannot bind ..." where 127.0.0.2
    is not available.

        with PublicSite(local=mockserver.url("/")) as public:
            public.url("/redirect-to-local")   # -> "http://127.0.0.2:PORT/redirect-to-local"
    """

    name = "public site"
    ready_path = "/log"   # not logged

    def __init__(self, local: str, startup_timeout: float = 20.0):
        super().__init__("tests.servers.public", "--local", local, startup_timeout=startup_timeout)
        self.local = local



if __name__ == "__main__":
    main()
