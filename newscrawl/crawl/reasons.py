"""Why a page did not become a row: one vocabulary of drop reasons for every stage.

Spiders report download failures with the `page_dropped` signal; pipelines raise `DroppedPage`.
The run report (newscrawl.crawl.report) counts both under the stats key
`newscrawl/dropped/<reason>` and keeps the reason for each URL.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem, IgnoreRequest
from twisted.python.failure import Failure


class BadRedirect(IgnoreRequest):
    """A redirect newscrawl does not follow: an empty Location, or a non-http(s) target."""


class IncompleteBody(IgnoreRequest):
    """The body's encoding shows it was cut short (a gzip stream without its end)."""


class DroppedPage(DropItem):
    """A pipeline drops a page for a known reason (e.g. "not_article")."""

    def __init__(self, reason: str, detail: str = "", url: str | None = None):
        super().__init__(f"{reason}: {detail}" if detail else reason, log_level="DEBUG")
        self.reason = reason
        self.detail = detail
        self.url = url


# Download failures by exception class name (Scrapy and Twisted), most specific first.
_FAILURE_REASONS = {
    "CannotResolveHostError": "dns_error",
    "DNSLookupError": "dns_error",
    "DownloadConnectionRefusedError": "connection_refused",
    "ConnectionRefusedError": "connection_refused",
    "DownloadTimeoutError": "timeout",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "DownloadCancelledError": "too_large",
    "ResponseDataLossError": "incomplete_response",
    "UnsupportedURLSchemeError": "unsupported_scheme",
    "NotSupported": "unsupported_scheme",
    "ResponseNeverReceived": "connection_lost",
    "ConnectionLost": "connection_lost",
    "ConnectionDone": "connection_lost",
    "DownloadFailedError": "connection_lost",   # twisted's ResponseFailed: the transfer broke off
    "DownloadAborted": "stopped",          # newscrawl.crawl.download: the run was stopped
}


def _broken_transfer(exc: BaseException) -> str:
    """A readable cause for twisted's ResponseFailed (whose text is a list of Failure reprs)."""
    reasons = getattr(exc.__cause__, "reasons", None) or []
    names = {type(getattr(r, "value", r)).__name__ for r in reasons}
    if names & {"ConnectionDone", "ConnectionLost"}:
        return "the server closed the connection before the response was complete"
    if any("SSL" in name or "TLS" in name for name in names):
        return "the TLS connection failed: " + ", ".join(sorted(names))
    return "the transfer broke off" + (f" ({', '.join(sorted(names))})" if names else "")


def failure_reason(failure: Failure) -> tuple[str, str]:
    """(reason, one-line detail) for a request's errback failure."""
    exc = failure.value
    status = getattr(getattr(exc, "response", None), "status", None)
    if status is not None and type(exc).__name__ == "HttpError":
        return f"http_{status}", f"HTTP status {status}"
    if isinstance(exc, BadRedirect):
        return "bad_redirect", str(exc)[:200]
    if isinstance(exc, IncompleteBody):
        return "incomplete_response", str(exc)[:200]
    if type(exc).__name__ == "DownloadFailedError":
        return "connection_lost", _broken_transfer(exc)
    message = " ".join(str(exc).split()) or type(exc).__name__
    if type(exc).__name__ == "IgnoreRequest":
        if "exceeded DOWNLOAD_MAXSIZE" in message:
            # HttpCompressionMiddleware: the body inflated past the limit (a decompression
            # bomb, or just a big page sent compressed). Shorten Scrapy's message.
            return "too_large", message.split(" because ", 1)[-1][:200]
        if message.startswith("private address"):   # newscrawl.crawl.ssrf.PrivateAddressGuard
            return "private_address", message
        if "robots.txt" in message:
            return "robots_disallowed", "forbidden by robots.txt"
        if "redirect" in message:
            return "redirect_loop", message
        if "offsite" in message.lower():
            return "offsite", message
        return "ignored", message
    for cls in type(exc).__mro__:
        reason = _FAILURE_REASONS.get(cls.__name__)
        if reason:
            if reason == "too_large":
                message = message.split(" in request")[0]
                if message == type(exc).__name__:  # cancelled mid-body, no message
                    message = "body larger than the download max size"
            return reason, message[:200]
    return "download_error", f"{type(exc).__name__}: {message}"[:200]
