"""SSRF guard (newscrawl.crawl.ssrf): a public page, feed or redirect must not steer the crawler
to a private address, while the URLs the user gives may be local.

The "public" site is a plain http.server on 127.0.0.2 (Linux routes all of 127/8 to lo),
treated as public with NEWSCRAWL_PUBLIC_NETWORKS=127.0.0.2/32; the "internal" server is
the mock server on 127.0.0.1, whose request log shows what the crawler asked for.
"""

from __future__ import annotations

import asyncio
import http.server
import ipaddress
import threading
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.settings import Settings
from twisted.python.failure import Failure

import newscrawl.settings as project_settings
from newscrawl.crawl.reasons import failure_reason
from newscrawl.crawl.ssrf import (
    TRUSTED_META,
    PrivateAddressGuard,
    is_forbidden,
    parse_networks,
    resolve,
    trusted_meta,
)
from tests.cli_helpers import read_rows, run_cli
from tests.mockserver import MockServer

HERE = Path(__file__).resolve().parent
ARTICLE_HTML = (HERE / "fixtures" / "pages" / "jsonld-article.html").read_bytes()
PUBLIC = ["-s", "NEWSCRAWL_PUBLIC_NETWORKS=127.0.0.2/32"]
FAST = ["-q", "--workers", "1", "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False"]
LOCAL_ARTICLE = "/pages/jsonld-article.html"


# ------------------------------------------------------------------ the address classifier

@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.1.2.3", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254",
    "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0",
    "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.2.1",
    "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "fe80::1%eth0", "ff02::1", "ff0e::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:192.168.0.1",
    "2002:7f00:1::1",          # 6to4 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",      # NAT64 of 169.254.169.254
    "2001:db8::1",             # documentation
])
def test_private_and_special_addresses_are_forbidden(address):
    assert is_forbidden(address)


@pytest.mark.parametrize("address", [
    "8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "172.15.255.255", "100.128.0.1",
    "2606:4700:4700::1111", "2a00:1450:4001:81c::200e",
    "::ffff:8.8.8.8",          # mapped public v4: judged by the v4 address
    "2002:808:808::1",         # 6to4 of 8.8.8.8
    "64:ff9b::808:808",        # NAT64 of 8.8.8.8
])
def test_public_addresses_are_allowed(address):
    assert not is_forbidden(address)


def test_allow_list_and_public_networks():
    allowed = parse_networks(["10.20.0.0/16", "127.0.0.2/32", "fd00:1::/32"])
    assert not is_forbidden("10.20.3.4", allowed)
    assert is_forbidden("10.21.0.1", allowed)
    assert not is_forbidden("127.0.0.2", allowed)
    assert not is_forbidden("::ffff:127.0.0.2", allowed)      # mapped form of an allowed v4
    assert is_forbidden("127.0.0.1", allowed)
    assert not is_forbidden("fd00:1::5", allowed)
    assert is_forbidden("fd00:2::5", allowed)
    assert is_forbidden(ipaddress.ip_address("169.254.169.254"), allowed)
    with pytest.raises(ValueError, match="not a CIDR"):
        parse_networks(["10.0.0.0/33"], "NEWSCRAWL_ALLOWED_PRIVATE_NETWORKS")


def test_resolve_returns_every_address():
    addresses = resolve("localhost")
    assert addresses and all(is_forbidden(a) for a in addresses)


# ------------------------------------------------------------------ the middleware alone

class _Stats:
    def __init__(self):
        self.values: dict[str, int] = {}

    def inc_value(self, key, count=1):
        self.values[key] = self.values.get(key, 0) + count


class _Crawler:
    def __init__(self):
        self.stats = _Stats()


def _guard(*allowed: str) -> PrivateAddressGuard:
    return PrivateAddressGuard(_Crawler(), parse_networks(allowed))


def _blocked(guard: PrivateAddressGuard, request: Request) -> str | None:
    try:
        asyncio.run(guard.process_request(request))
    except IgnoreRequest as exc:
        return str(exc)
    return None


def test_guard_blocks_private_literals_and_counts_them():
    guard = _guard()
    assert _blocked(guard, Request("http://169.254.169.254/latest/meta-data/")) == \
        "private address: 169.254.169.254 resolves to 169.254.169.254"
    assert _blocked(guard, Request("http://[::ffff:127.0.0.1]:8080/")).startswith(
        "private address: ::ffff:127.0.0.1 resolves to ::ffff:")
    assert _blocked(guard, Request("http://[fe80::1]/")) is not None
    assert _blocked(guard, Request("http://8.8.8.8/")) is None
    assert guard.stats.values == {"newscrawl/ssrf_blocked": 3}
    assert _blocked(_guard("10.0.0.0/8"), Request("http://10.1.2.3/")) is None


def test_guard_checks_every_resolved_address():
    guard = _guard()

    async def addresses(host):
        return {"mixed.example": ["93.184.216.34", "10.0.0.5"], "public.example": ["93.184.216.34"]}[host]

    guard.addresses = addresses
    assert _blocked(guard, Request("http://mixed.example/a")) == "private address: mixed.example resolves to 10.0.0.5"
    assert _blocked(guard, Request("http://public.example/a")) is None


def test_guard_trusts_given_urls_only_on_their_own_host():
    guard = _guard()
    given = Request("http://127.0.0.1:8000/a", meta=trusted_meta("http://127.0.0.1:8000/a"))
    assert _blocked(guard, given) is None
    # A redirect keeps the meta: same host still trusted, another host is checked.
    assert _blocked(guard, given.replace(url="http://127.0.0.1:8000/b")) is None
    assert _blocked(guard, given.replace(url="http://169.254.169.254/")) is not None
    assert _blocked(guard, given.replace(url="http://10.0.0.1:8000/a")) is not None
    # Discovered links (no trust meta): the given server itself, not other ports or hosts.
    assert _blocked(guard, Request("http://127.0.0.1:8000/robots.txt")) is None
    assert _blocked(guard, Request("http://127.0.0.1:8000/news/2.html")) is None
    assert _blocked(guard, Request("http://127.0.0.1:6379/")) is not None
    assert _blocked(guard, Request("http://127.0.0.3:8000/")) is not None
    # The flag alone, without the origin host, trusts nothing.
    assert _blocked(guard, Request("http://127.0.0.9/", meta={TRUSTED_META: True})) is not None


def test_block_gives_drop_reason_private_address():
    from newscrawl.crawl.reasons import PrivateAddressBlocked

    request = Request("http://10.0.0.1/")
    try:
        raise PrivateAddressBlocked("private address: 10.0.0.1 resolves to 10.0.0.1")
    except IgnoreRequest:
        failure = Failure()
    failure.request = request
    assert failure_reason(failure) == ("private_address", "private address: 10.0.0.1 resolves to 10.0.0.1")


def test_file_and_data_download_handlers_stay_off():
    settings = Settings()
    settings.setmodule(project_settings)
    handlers = settings.getwithbase("DOWNLOAD_HANDLERS")
    assert handlers["file"] is None and handlers["data"] is None
    assert handlers["http"] and handlers["https"]
    assert "newscrawl.crawl.ssrf.PrivateAddressGuard" in settings.getwithbase("DOWNLOADER_MIDDLEWARES")
    order = settings.getwithbase("DOWNLOADER_MIDDLEWARES")
    assert order["scrapy.downloadermiddlewares.redirect.RedirectMiddleware"] is None   # replaced by ours
    assert order["newscrawl.crawl.ssrf.PrivateAddressGuard"] > order["newscrawl.crawl.middlewares.RedirectMiddleware"]


# ------------------------------------------------------------------ end to end, the real CLI

class _PublicSite(http.server.ThreadingHTTPServer):
    daemon_threads = True
    local: str = ""                 # base URL of the internal (127.0.0.1) server
    log: list[str]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _PublicSite

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8",
              location: str | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.log.append(self.path)
        local = self.server.local
        port = local.rsplit(":", 1)[1].strip("/")
        own = f"http://127.0.0.2:{self.server.server_address[1]}"
        targets = [f"{local}pages/jsonld-article.html", f"{local}redirect/0",
                   f"http://localhost:{port}/pages/jsonld-article.html?via=localhost"]
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        elif self.path == "/redirect-to-local":
            self._send(302, location=targets[0])
        elif self.path == "/redirect-to-metadata":
            self._send(302, location="http://169.254.169.254/latest/meta-data/")
        elif self.path == "/redirect-to-file":
            self._send(302, location="file:///etc/passwd")
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


@pytest.fixture(scope="module")
def internal():
    with MockServer() as server:
        yield server


@pytest.fixture(scope="module")
def public(internal):
    try:
        server = _PublicSite(("127.0.0.2", 0), _Handler)
    except OSError as exc:  # pragma: no cover - not Linux-like loopback
        pytest.skip(f"cannot bind 127.0.0.2: {exc}")
    server.local = internal.url("/")
    server.log = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _base(server: _PublicSite) -> str:
    return f"http://127.0.0.2:{server.server_address[1]}"


def test_redirect_from_public_host_to_local_is_dropped(internal, public, tmp_path):
    internal.reset_log()
    urls = [f"{_base(public)}/redirect-to-local", f"{_base(public)}/redirect-to-metadata"]
    result = run_cli("scrape", *urls, *FAST, *PUBLIC, "--timeout", "5", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for url in urls:
        assert f"- private_address: {url}" in result.stderr, result.stderr
    assert "articles written  0" in result.stderr
    assert not (tmp_path / "data" / "articles").exists() or not read_rows(tmp_path / "data" / "articles")
    assert internal.log() == []          # not even robots.txt: the redirect never left
    assert "/redirect-to-local" in public.log   # the public hop itself was fetched
    assert "Traceback" not in result.stderr


def test_redirect_to_file_url_is_not_followed(public, tmp_path):
    url = f"{_base(public)}/redirect-to-file"
    result = run_cli("scrape", url, *FAST, *PUBLIC, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "articles written  0" in result.stderr
    assert "root:" not in result.stderr
    assert f": {url}" in result.stderr   # accounted for as a drop


def test_user_given_local_url_still_works(internal, tmp_path):
    result = run_cli("scrape", internal.url(LOCAL_ARTICLE), internal.url("redirect/2"),
                     *FAST, *PUBLIC, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "articles written  1" in result.stderr   # the redirect is the same article: deduplicated
    assert len(read_rows(tmp_path / "data" / "articles")) == 1
    assert "private_address" not in result.stderr


@pytest.mark.parametrize("treat_public", [True, False], ids=["public-127.0.0.2", "given-127.0.0.2"])
def test_crawl_never_follows_public_links_to_local_hosts(internal, public, tmp_path, treat_public):
    internal.reset_log()
    public.log.clear()
    base = _base(public)
    (tmp_path / "sites.toml").write_text(
        f"""
[sites.steer]
start_urls = ["{base}/"]
feeds = ["{base}/rss.xml"]
allowed_domains = ["127.0.0.1", "localhost"]
max_depth = 1
""",
        encoding="utf-8",
    )
    result = run_cli("crawl", *FAST, *(PUBLIC if treat_public else []), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert internal.log() == []                       # no article, no robots.txt, nothing
    assert "/own/story.html" in public.log            # the site's own article was fetched
    rows = read_rows(tmp_path / "data" / "articles")
    assert [r["url"] for r in rows] == [f"{base}/own/story.html"]
    assert "Traceback" not in result.stderr
