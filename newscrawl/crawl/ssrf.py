"""Keep pages, feeds, sitemaps and redirects from steering the crawler inside (SSRF).

A page on a public host can link to, list in a feed or sitemap, or redirect to a URL on
loopback (127.0.0.0/8, ::1), a private network (10/8, 172.16/12, 192.168/16, fc00::/7),
link-local addresses (169.254/16 — cloud metadata services — and fe80::/10), CGNAT
(100.64/10), unspecified, multicast or reserved addresses. `PrivateAddressGuard`, a
downloader middleware, resolves the host of every request (IP-literal hosts without
DNS) and refuses it when ANY resolved address is not public: it raises
PrivateAddressBlocked("private address: <host> resolves to <ip>"), an IgnoreRequest the spiders' errbacks
record as the drop reason `private_address` (newscrawl.crawl.reasons), and counts it in the stats
as `newscrawl/ssrf_blocked`. IPv4-mapped (::ffff:a.b.c.d), 6to4, Teredo and NAT64
(64:ff9b::/96) IPv6 addresses are judged by the IPv4 address they carry.

Every hop is checked: a redirect (RedirectMiddleware, MetaRefreshMiddleware) returns a
new Request that the engine schedules again, so it passes through every downloader
middleware, this one included; robots.txt requests do too.

What the user gives explicitly may be local, so the demo and the tests work:

* Requests for URLs given on the command line or in the sites file (start_urls, feeds,
  sitemaps) carry `trusted_meta(url)`: `newscrawl_trusted=True` plus the host of that URL.
  Redirects copy meta, so a request is trusted only while its host is still the host
  of that origin; a redirect to another host is checked like any other request.
* A host:port that a trusted request went to is trusted for the rest of the crawl: its
  robots.txt, and the site's own links, feeds and sitemaps on that same host:port (the
  user pointed the crawler at that server). Links from anywhere to any other host are
  checked.

Settings:

* NEWSCRAWL_ALLOWED_PRIVATE_NETWORKS — CIDRs allowed although private (e.g. an intranet
  news site: ["10.20.0.0/16"]). Default: none.
* NEWSCRAWL_PUBLIC_NETWORKS — CIDRs treated as public, for tests (e.g. 127.0.0.2/32 to
  play a public site on a second loopback address). Default: none.
* NEWSCRAWL_SSRF_GUARD — False turns the guard off. Default: True.

Limit — DNS rebinding: the address is checked when the request is about to be
downloaded, and the download handler resolves the name again when it connects (resolve,
then connect). A hostile DNS server answering with a public address first and a private
one a moment later (a short TTL) can get past this check. Scrapy's DNS cache
(DNSCACHE_ENABLED, on by default) narrows the window but does not close it; closing it
needs connecting to the checked address itself (a custom download handler or
resolver) or an egress firewall. Requests sent through an HTTP proxy are checked by the
target's address as seen from here, not from the proxy.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.threads import deferToThread

from newscrawl.crawl import stats as stat_keys
from newscrawl.crawl.reasons import PrivateAddressBlocked

logger = logging.getLogger(__name__)

TRUSTED_META = "newscrawl_trusted"            # True on requests for URLs the user gave
TRUSTED_HOST_META = "newscrawl_trusted_host"  # the host of that URL (redirects keep meta)
BLOCKED_PREFIX = "private address"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Not public although Python's is_global may say so (or may not, depending on version).
_EXTRA_BLOCKED = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "240.0.0.0/4",
    "255.255.255.255/32", "64:ff9b:1::/48", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10",
    "fec0::/10",
))


def trusted_meta(url: str) -> dict:
    """Meta for a request of a URL the user gave explicitly (may be a local address)."""
    return {TRUSTED_META: True, TRUSTED_HOST_META: _host(urlsplit(url).hostname)}


def _host(hostname: str | None) -> str:
    return (hostname or "").lower().rstrip(".")


def parse_networks(values: Iterable[str], setting: str = "") -> tuple[IPNetwork, ...]:
    networks = []
    for value in values:
        value = str(value).strip()
        if not value:
            continue
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError as exc:
            raise ValueError(f"{setting or 'network'}: not a CIDR network: {value!r}") from exc
    return tuple(networks)


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, Teredo client, NAT64)."""
    if address.version != 6:
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _not_public(address: IPAddress) -> bool:
    return (
        address.is_loopback or address.is_private or address.is_link_local
        or address.is_multicast or address.is_reserved or address.is_unspecified
        or getattr(address, "is_site_local", False)
        or not address.is_global
        or any(address.version == n.version and address in n for n in _EXTRA_BLOCKED)
    )


def is_forbidden(address: str | IPAddress, allowed: Iterable[IPNetwork] = ()) -> bool:
    """True when the crawler must not connect to `address`: not a public unicast address
    (IPv6 forms carrying an IPv4 address judged by that address) and not in `allowed`."""
    if isinstance(address, str):
        address = ipaddress.ip_address(address.split("%", 1)[0])
    allowed = tuple(allowed)
    candidates = [address]
    inner = embedded_ipv4(address)
    if inner is not None:
        candidates.append(inner)
    if any(c.version == n.version and c in n for c in candidates for n in allowed):
        return False
    if inner is not None:
        # ::ffff:127.0.0.1 is loopback, 2002:0a00:0001:: is 10.0.0.1 — while
        # ::ffff:8.8.8.8 is public though Python files ::ffff:0:0/96 as reserved.
        return _not_public(inner)
    return _not_public(address)


def ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def resolve(host: str) -> list[str]:
    """Every address `host` resolves to (blocking: run it in a thread)."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(info[4][0] for info in infos))


class PrivateAddressGuard:
    """Downloader middleware: IgnoreRequest for requests to non-public addresses."""

    CACHE_SECONDS = 60.0

    def __init__(self, crawler, allowed: tuple[IPNetwork, ...]):
        self.crawler = crawler
        self.stats = crawler.stats
        self.allowed = allowed
        self.trusted_origins: set[tuple[str, int | None]] = set()
        self._cache: dict[str, tuple[float, list[str]]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_SSRF_GUARD", True):
            raise NotConfigured("NEWSCRAWL_SSRF_GUARD is off")
        allowed = (
            parse_networks(settings.getlist("NEWSCRAWL_ALLOWED_PRIVATE_NETWORKS"), "NEWSCRAWL_ALLOWED_PRIVATE_NETWORKS")
            + parse_networks(settings.getlist("NEWSCRAWL_PUBLIC_NETWORKS"), "NEWSCRAWL_PUBLIC_NETWORKS")
        )
        guard = cls(crawler, allowed)
        # Scheduled before RobotsTxtMiddleware asks for robots.txt: the host a trusted
        # request goes to is known before its robots.txt request reaches this middleware.
        crawler.signals.connect(guard._scheduled, signal=signals.request_scheduled)
        return guard

    # trust

    @staticmethod
    def _origin(request: Request) -> tuple[str, int | None]:
        parts = urlparse_cached(request)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
        return _host(parts.hostname), port

    def _given(self, request: Request) -> bool:
        """A request for a URL the user gave, or a redirect of it to the same host."""
        if not request.meta.get(TRUSTED_META):
            return False
        origin_host = request.meta.get(TRUSTED_HOST_META)
        return bool(origin_host) and origin_host == _host(urlparse_cached(request).hostname)

    def _scheduled(self, request: Request, spider=None) -> None:
        if self._given(request):
            self.trusted_origins.add(self._origin(request))

    def is_trusted(self, request: Request) -> bool:
        if self._given(request):
            self.trusted_origins.add(self._origin(request))
            return True
        return self._origin(request) in self.trusted_origins

    # the check

    async def addresses(self, host: str) -> list[str]:
        literal = ip_literal(host)
        if literal is not None:
            return [str(literal)]
        now = time.monotonic()
        cached = self._cache.get(host)
        if cached is not None and now - cached[0] < self.CACHE_SECONDS:
            return cached[1]
        found = await maybe_deferred_to_future(deferToThread(resolve, host))
        self._cache[host] = (now, found)
        return found

    async def process_request(self, request: Request):
        parts = urlparse_cached(request)
        if parts.scheme not in ("http", "https"):
            return None  # other schemes have no handler (settings.DOWNLOAD_HANDLERS)
        host = _host(parts.hostname)
        if not host or self.is_trusted(request):
            return None
        try:
            addresses = await self.addresses(host)
        except (OSError, UnicodeError):
            return None  # does not resolve: the download fails with dns_error as usual
        for address in addresses:
            if is_forbidden(address, self.allowed):
                self.stats.inc_value(stat_keys.SSRF_BLOCKED)
                logger.info("blocked %s: %s resolves to %s, not a public address", request.url, host, address)
                raise PrivateAddressBlocked(f"{BLOCKED_PREFIX}: {host} resolves to {address}")
        return None
