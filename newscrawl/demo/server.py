"""Serves a directory of static pages on 127.0.0.1 for the demo and tests.

    with SampleSite() as site:                  # the bundled demo site
        urls = article_urls(site.base_url)      # its six article pages

The bundled site (`newscrawl/demo/site/`) is a small invented news site: a home page,
a section page and six articles in two page templates. Its internal links are relative,
so it works both at the server root and mounted under a prefix (`/demo/` in the test
mock server). Canonical links point to the invented `https://harbourherald.example/`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import io
import os
import threading
from importlib.resources import as_file, files
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

__all__ = ["SampleSite", "article_urls", "demo_site_root"]


def demo_site_root() -> Path:
    """The bundled `demo/site` folder as a real directory (works from an installed package)."""
    resource = files("newscrawl.demo") / "site"
    if isinstance(resource, Path):
        return resource
    # Zipped installs: not expected for this package, but `as_file` handles it. The
    # extracted copy lives as long as the process (the context is never exited).
    return _EXIT_STACK.enter_context(as_file(resource))


_EXIT_STACK = contextlib.ExitStack()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, no request logging, no tracebacks on client disconnects."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".svg": "image/svg+xml",
    }

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    def send_head(self):
        """Feeds, sitemaps and robots.txt need absolute URLs: their `{{BASE_URL}}` is
        filled in with the address this server runs at. Other files are served as is
        (with Last-Modified and If-Modified-Since, by the standard handler)."""
        path = self.translate_path(self.path)
        if not path.endswith((".xml", "robots.txt")) or not os.path.isfile(path):
            return super().send_head()
        host, port = self.server.server_address[:2]
        with open(path, "rb") as source:
            body = source.read().replace(b"{{BASE_URL}}", f"http://{host}:{port}/".encode())
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        self.send_response(200)
        kind = "text/plain; charset=utf-8" if path.endswith(".txt") else "application/xml; charset=utf-8"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        return io.BytesIO(body)

    def handle(self):
        try:
            super().handle()
        except (ConnectionError, TimeoutError):
            pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # client went away mid-response; nothing useful to report


class SampleSite:
    """A static-file HTTP server in a daemon thread; a context manager.

    `root` defaults to the bundled demo site; `port=0` picks a free port.
    `base_url` is like "http://127.0.0.1:PORT/".
    """

    def __init__(self, root: Path | str | None = None, host: str = "127.0.0.1", port: int = 0):
        self.root = Path(root) if root is not None else demo_site_root()
        if not self.root.is_dir():
            raise FileNotFoundError(f"sample site root is not a directory: {self.root}")
        handler = functools.partial(_QuietHandler, directory=str(self.root))
        self._server = _Server((host, port), handler)
        self.host, self.port = self._server.server_address[:2]
        self.base_url = f"http://{self.host}:{self.port}/"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name=f"SampleSite:{self.port}", daemon=True
        )
        self._thread.start()

    def url(self, path: str = "") -> str:
        """Absolute URL of `path` on this server."""
        return urljoin(self.base_url, path.lstrip("/"))

    def stop(self) -> None:
        """Stop serving and close the socket; safe to call twice."""
        if self._thread is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._thread = None

    def __enter__(self) -> SampleSite:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"SampleSite(root={str(self.root)!r}, base_url={self.base_url!r})"


def article_urls(base_url: str) -> list[str]:
    """The demo article URLs: the `news/` links of the bundled index.html, resolved
    against `base_url` (the URL the demo site is served at, ending in "/"), in page
    order, without duplicates."""
    if not base_url.endswith("/"):
        base_url += "/"
    tree = lxml_html.fromstring((demo_site_root() / "index.html").read_bytes())
    urls: list[str] = []
    for href in tree.xpath("//a/@href"):
        path = urlsplit(href).path
        if path.startswith(("news/", "/news/")) and path.endswith(".html"):
            url = urljoin(base_url, path.lstrip("/"))
            if url not in urls:
                urls.append(url)
    return urls
