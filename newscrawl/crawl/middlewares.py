"""Downloader middlewares newscrawl puts in place of Scrapy's own (subclasses; each says why).

RobotsTxtMiddleware: Scrapy 2.19's middleware lets every request for a host wait on one
Deferred while robots.txt downloads, but each waiter is attached with
`Deferred.asFuture`, whose callback returns None: the second and later waiters receive
None ("no robots.txt") and their requests go out unchecked. With three or more URLs of a
host queued at the start, Disallow rules were ignored. Here each waiter gets its own
Deferred relayed from the shared one, so every request sees the parser. Only the first
500 KiB of a robots.txt are parsed, as Google does (a 10 MB file cost 16 s and 700 MB).

RedirectMiddleware: Scrapy hands a redirect to a non-http(s) URL (ftp:, file:, data:,
mailto:) back as the 3xx response, recorded as `http_302`, and follows an empty
Location to the same URL until `redirect_loop`. Both are `bad_redirect` here.

OffsiteMiddleware, and the refusals of the three above: Scrapy raises a bare IgnoreRequest
whose message is the only clue; ours raise the typed refusals of newscrawl.crawl.reasons
(Offsite, RedirectLoop, RobotsDisallowed, TooLarge), classified by type.

HttpCompressionMiddleware: Scrapy's gunzip returns "as much data as possible" of a gzip
stream cut short, so a transfer that ended early (with a Content-Length that matched
what was sent) became a short article. A stream that ends before its end marker is
`incomplete_response` here; a bad CRC alone is still tolerated.
"""

from __future__ import annotations

import struct
import zlib
from gzip import GzipFile
from io import BytesIO
from urllib.parse import urljoin, urlsplit

from scrapy.downloadermiddlewares.httpcompression import (
    HttpCompressionMiddleware as ScrapyHttpCompressionMiddleware,
)
from scrapy.downloadermiddlewares.offsite import (
    OffsiteMiddleware as ScrapyOffsiteMiddleware,
)
from scrapy.downloadermiddlewares.redirect import (
    RedirectMiddleware as ScrapyRedirectMiddleware,
)
from scrapy.downloadermiddlewares.robotstxt import (
    RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware,
)
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from newscrawl.crawl import stats as stat_keys
from newscrawl.crawl.reasons import (
    BadRedirect,
    IncompleteBody,
    Offsite,
    RedirectLoop,
    RobotsDisallowed,
    TooLarge,
)

ROBOTS_TXT_MAX_BYTES = 500 * 1024
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    async def robot_parser(self, request):
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(pending, Deferred):
            waiter: Deferred = Deferred()

            def relay(result):
                waiter.callback(result)
                return result  # keep the result for the next waiter

            pending.addBoth(relay)
            return await maybe_deferred_to_future(waiter)
        return await super().robot_parser(request)

    def process_request_2(self, rp, request):
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as exc:
            raise RobotsDisallowed(str(exc)) from None

    async def _parse_robots(self, response, netloc, request):
        if len(response.body) > ROBOTS_TXT_MAX_BYTES:
            head = response.body[:ROBOTS_TXT_MAX_BYTES]
            response = response.replace(body=head[: head.rfind(b"\n") + 1] or head)
            self._stats.inc_value(stat_keys.ROBOTSTXT_TRUNCATED)
        await super()._parse_robots(response, netloc, request)


class RedirectMiddleware(ScrapyRedirectMiddleware):
    def process_response(self, request, response, spider=None):
        if response.status in REDIRECT_STATUSES and "Location" in response.headers and not (
                request.meta.get("dont_redirect") or request.meta.get("handle_httpstatus_all")):
            location = response.headers["Location"].decode("latin-1").strip()
            if not location:
                raise BadRedirect(f"HTTP {response.status} with an empty Location header")
            target = urljoin(request.url, location)
            scheme = urlsplit(target).scheme.lower()
            if scheme not in ("http", "https"):
                raise BadRedirect(f"HTTP {response.status} to a {scheme or 'relative'}: URL, refused: {target[:120]}")
        try:
            return super().process_response(request, response)
        except IgnoreRequest:   # Scrapy's only refusal here: REDIRECT_MAX_TIMES reached
            raise RedirectLoop(f"more than {self.max_redirect_times} redirects") from None


class OffsiteMiddleware(ScrapyOffsiteMiddleware):
    def process_request(self, request, spider=None):
        try:
            return super().process_request(request)
        except IgnoreRequest as exc:
            raise Offsite(str(exc)) from None


class HttpCompressionMiddleware(ScrapyHttpCompressionMiddleware):
    def process_response(self, request, response, spider=None):
        try:
            return super().process_response(request, response)
        except IncompleteBody:
            raise
        except IgnoreRequest as exc:   # Scrapy's only refusal here: inflated past DOWNLOAD_MAXSIZE
            raise TooLarge(str(exc).split(" because ", 1)[-1][:200]) from None

    @staticmethod
    def _decode(body: bytes, encoding: bytes, max_size: int) -> bytes:
        if encoding in (b"gzip", b"x-gzip"):
            return _gunzip_complete(body, max_size)
        decoded = ScrapyHttpCompressionMiddleware._decode(body, encoding, max_size)
        # (checked after Scrapy's decoder, which stops a bomb at max_size first)
        if encoding == b"deflate" and not _zlib_stream_complete(body):
            raise IncompleteBody("the deflate-encoded body ends before its end marker")
        return decoded


def _gunzip_complete(data: bytes, max_size: int) -> bytes:
    """scrapy.utils.gz.gunzip, except that a stream cut short raises IncompleteBody."""
    from scrapy.utils._compression import _CHUNK_SIZE, _check_max_size

    stream = GzipFile(fileobj=BytesIO(data))
    out = BytesIO()
    size = 0
    while True:
        try:
            chunk = stream.read1(_CHUNK_SIZE)
        except EOFError:
            raise IncompleteBody("the gzip-encoded body ends before its end marker") from None
        except (OSError, struct.error):
            if out.getbuffer().nbytes > 0:   # a bad CRC or trailing garbage: keep what decoded
                break
            raise
        if not chunk:
            break
        size += len(chunk)
        _check_max_size(size, max_size)
        out.write(chunk)
    return out.getvalue()


def _zlib_stream_complete(data: bytes) -> bool:
    """Whether a deflate body (zlib-wrapped or raw, as servers send both) reaches its end
    marker; checked in bounded steps without keeping the output."""
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        decoder = zlib.decompressobj(wbits)
        try:
            pending = data
            while pending and not decoder.eof:
                decoder.decompress(pending, 1 << 20)
                pending = decoder.unconsumed_tail
        except zlib.error:
            continue
        return decoder.eof
    return True    # neither form decodes: leave the verdict to Scrapy's own decoder
