"""Why a page did not become a row: one vocabulary of drop reasons for every stage.

Spiders report download failures with the `page_dropped` signal; pipelines raise `DroppedPage`.
The run report (newscrawl.crawl.report) counts both under the stats key
`newscrawl/dropped/<reason>` and keeps the reason for each URL.
"""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    DropItem,
    IgnoreRequest,
    NotSupported,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx_error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

# Requests newscrawl's own components refuse (each raised by one of them, classified by type).

class BadRedirect(IgnoreRequest):
    """A redirect newscrawl does not follow: an empty Location, or a non-http(s) target."""


class IncompleteBody(IgnoreRequest):
    """The body's encoding shows it was cut short (a gzip stream without its end)."""


class TooLarge(IgnoreRequest):
    """The body inflated past DOWNLOAD_MAXSIZE while it was decompressed (a bomb, or a big page)."""


class RedirectLoop(IgnoreRequest):
    """More redirects than REDIRECT_MAX_TIMES."""


class RobotsDisallowed(IgnoreRequest):
    """robots.txt forbids the URL."""


class Offsite(IgnoreRequest):
    """A redirect or link to a host the crawl does not cover."""


class PrivateAddressBlocked(IgnoreRequest):
    """The host resolves to a non-public address (newscrawl.crawl.ssrf)."""


class DownloadAborted(Exception):
    """The run stopped while this page was downloading (or waiting to be)."""


class DroppedPage(DropItem):
    """A pipeline drops a page for a known reason (e.g. "not_article")."""

    def __init__(self, reason: str, detail: str = "", url: str | None = None):
        super().__init__(f"{reason}: {detail}" if detail else reason, log_level="DEBUG")
        self.reason = reason
        self.detail = detail
        self.url = url


# Refusals and download failures, by type (Scrapy's, Twisted's and ours), most specific first.
_REASONS: list[tuple[tuple[type[BaseException], ...], str]] = [
    ((BadRedirect,), "bad_redirect"),
    ((IncompleteBody, ResponseDataLossError), "incomplete_response"),
    ((TooLarge, DownloadCancelledError), "too_large"),
    ((RedirectLoop,), "redirect_loop"),
    ((RobotsDisallowed,), "robots_disallowed"),
    ((Offsite,), "offsite"),
    ((PrivateAddressBlocked,), "private_address"),
    ((DownloadAborted,), "stopped"),
    ((CannotResolveHostError, tx_error.DNSLookupError), "dns_error"),
    ((DownloadConnectionRefusedError, tx_error.ConnectionRefusedError), "connection_refused"),
    ((DownloadTimeoutError, tx_error.TimeoutError, tx_error.TCPTimedOutError), "timeout"),
    ((UnsupportedURLSchemeError, NotSupported), "unsupported_scheme"),
    ((DownloadFailedError, ResponseNeverReceived, tx_error.ConnectionLost, tx_error.ConnectionDone), "connection_lost"),
]


def _broken_transfer(exc: BaseException) -> str:
    """A readable cause for twisted's ResponseFailed (whose text is a list of Failure reprs)."""
    reasons = getattr(exc.__cause__, "reasons", None) or []
    values = [getattr(r, "value", r) for r in reasons]
    if any(isinstance(v, (tx_error.ConnectionDone, tx_error.ConnectionLost)) for v in values):
        return "the server closed the connection before the response was complete"
    names = sorted({type(v).__name__ for v in values})
    if any("SSL" in name or "TLS" in name for name in names):
        return "the TLS connection failed: " + ", ".join(names)
    return "the transfer broke off" + (f" ({', '.join(names)})" if names else "")


def failure_reason(failure: Failure) -> tuple[str, str]:
    """(reason, one-line detail) for a request's errback failure."""
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        return f"http_{status}", f"HTTP status {status}"
    message = " ".join(str(exc).split()) or type(exc).__name__
    for types, reason in _REASONS:
        if isinstance(exc, types):
            if isinstance(exc, DownloadFailedError):
                return reason, _broken_transfer(exc)
            if isinstance(exc, DownloadCancelledError):
                message = message.split(" in request")[0]
                if message == type(exc).__name__:  # cancelled mid-body, no message
                    message = "body larger than the download max size"
            if isinstance(exc, RobotsDisallowed):
                message = "forbidden by robots.txt"
            return reason, message[:200]
    if isinstance(exc, IgnoreRequest):   # another Scrapy component refused it; its message says why
        return "ignored", message[:200]
    return "download_error", f"{type(exc).__name__}: {message}"[:200]
