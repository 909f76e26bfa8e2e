"""SSRF guard (newscrawl.crawl.ssrf), its parts alone: the address classifier, the
middleware, the settings. End to end, with the real CLI: tests/e2e/test_ssrf.py.
"""

from __future__ import annotations

import asyncio
import ipaddress

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
