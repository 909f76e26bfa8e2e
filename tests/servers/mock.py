"""A mock HTTP server for end-to-end tests, run as a subprocess.

    python -m tests.servers.mock [--robots-mb N]      (from the repository root)

binds 127.0.0.1 on a free port, prints exactly one line "http://127.0.0.1:PORT/" to
stdout once listening, and serves until killed or, when stdin is a pipe, until stdin
closes (tests/servers/launcher.py). Plain stdlib (no Scrapy, and it does not import newscrawl). Every request path
except /log* is recorded (path plus query string, as received) and returned by /log.

Routes (GET and HEAD):
    /pages/<file>        tests/fixtures/pages/<file> as text/html; charset=utf-8
                         (?charset=X sets the header charset to X; ?charset= sends none)
    /demo/<path>         the bundled newscrawl/demo/site/ files (directories -> index.html)
    /robots.txt          "User-agent: *\\nDisallow: /private/\\n"; with --robots-mb N, an N MB
                         file: "Disallow: /gen/9", 600 KiB of comments, "Disallow: /private/",
                         comments up to N MB
    /private/<anything>  a normal article page (robots.txt forbids it)
    /status/<code>       that status (200-599) with a small HTML body
    /redirect-loop       302 to itself, forever
    /redirect/<n>        n chained 302s ending at /pages/jsonld-article.html
                         (?to=/other/path changes the final target; n=0 serves it directly)
    /slow?seconds=S      waits S seconds (default 5) before answering with an article page
    /binary              deterministic pseudo-random bytes, application/octet-stream
                         (?size=N bytes, default 65536)
    /pdf                 a minimal valid PDF, application/pdf
    /image.png           a small valid PNG, image/png
    /empty               200 text/html with an empty body
    /big?mb=N            a valid HTML page of about N MB (default 1), streamed in chunks
                         with an exact Content-Length
    /bad-bytes           200 text/html; charset=utf-8, an article with invalid UTF-8 bytes
    /cp1257              a Lithuanian article in cp1257, <meta charset="windows-1257">,
                         no charset in the Content-Type header
    Hostile and broken input (tests/e2e/test_hostile.py):
    /bomb/gzip           Content-Encoding bombs: ~1.1 MB (gzip, deflate) or ~2 KB (br) on
    /bomb/deflate        the wire that inflate to 1100 MiB of HTML (spaces); built before
    /bomb/br             the server reports its URL (gzip/deflate from one repeated deflate block)
    /huge                50 MiB text/html streamed, with Content-Length (?mb=N changes the size)
    /huge-chunked        the same, chunked, without Content-Length
    /endless             chunked text/html that never ends: a small chunk every 0.05 s
    /stall               headers (Content-Length: 100000), then nothing, holding the socket
                         until the client goes away (at most ?seconds=S, default 120)
    /nested?depth=N      an article whose body sits under N nested <div>s (default 10000)
    /wrong-charset/utf8-declared    the cp1257 article, header and <meta> say utf-8
    /wrong-charset/cp1257-declared  the article in UTF-8, header and <meta> say windows-1257
    /xml/billion-laughs-sitemap, /xml/billion-laughs-feed
                         a sitemap / RSS feed whose DTD defines the "billion laughs" entities
    /xml/xxe-sitemap, /xml/xxe-feed
                         a sitemap / RSS feed with an external entity for file:///etc/passwd
                         (each lists one real article first, /pages/jsonld-article.html?from=...)
    /links/garbage       an article whose links are relative, garbage, javascript:, mailto:,
                         data:, ../../etc/passwd and %00-containing URLs
    /gen/<n>             article number n (0 <= n < 100000): its own headline and text
    /edge-dates/sitemap.xml, /edge-dates/feed.xml
                         12 /gen/ articles (5000-5011) whose lastmod / pubDate include
                         0001-01-01T00:00:00+01:00 and 9999-12-31T23:59:59-01:00
    /broken/mid-header   sends half a status line and header, then closes the connection
    /broken/truncated-gzip  a gzip-encoded article cut in half; Content-Length matches
                         the bytes sent (so only the gzip stream shows it is incomplete)
    /redirect-to?to=URL  302 to URL as given (ftp:, file:, data: ... or "" for an empty
                         Location header)
    /bad-strings         an article whose JSON-LD headline and section hold a lone surrogate
                         ("Bad \ud800", "Harbour \ud800news") and whose description holds
                         NUL and other controls
    /log                 JSON list of the request paths received so far
    /log/reset           clears that list

Tests use the `MockServer` context manager below (or the session's `mockserver` fixture
in tests/conftest.py), which starts this module through the launcher.
"""

from __future__ import annotations

import http.server
import importlib.util
import json
import mimetypes
import random
import select
import struct
import sys
import threading
import time
import zlib
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from tests.servers.launcher import (
    REPO,
    QuietHandler,
    RequestLogClient,
    ServerProcess,
    serve,
)

PAGES_DIR = REPO / "tests" / "fixtures" / "pages"
JSONLD_TARGET = "/pages/jsonld-article.html"
ROBOTS_TXT = "User-agent: *\nDisallow: /private/\n"


def _demo_dir() -> Path:
    repo_copy = REPO / "newscrawl" / "demo" / "site"
    if repo_copy.is_dir():
        return repo_copy
    # Installed package: locate it without importing it (find_spec of a top-level
    # package does not run its __init__).
    spec = importlib.util.find_spec("newscrawl")
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / "demo" / "site"
        if candidate.is_dir():
            return candidate
    return repo_copy


DEMO_DIR = _demo_dir()

# ---------------------------------------------------------------------------- bodies


def _article_html(title: str, paragraphs: list[str], *, lang: str = "en", charset: str = "utf-8") -> str:
    body = "\n".join(f"    <p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="{charset}">
<title>{title}</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2024-03-05T10:00:00+02:00">
<meta name="author" content="Mock Reporter">
</head>
<body>
<nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/sport/">Sport</a></nav>
<main>
  <article>
    <h1>{title}</h1>
{body}
  </article>
</main>
<footer>Mock News Ltd. All rights reserved.</footer>
</body>
</html>
"""


PRIVATE_PARAGRAPHS = [
    "This page sits under /private/, which robots.txt disallows. A crawler that obeys "
    "robots.txt must never request it, so the request log should not contain it.",
    "The rest of the page is an ordinary article so that, if it is fetched by mistake, "
    "it is extracted like any other page and the mistake shows up in the dataset too.",
    "Officials said the harbour bridge would close for maintenance over two weekends in "
    "May, with a replacement bus running every fifteen minutes between the terminals.",
]

SLOW_PARAGRAPHS = [
    "This answer was deliberately delayed by the mock server to exercise download timeouts.",
    "If you are reading it in a dataset, the timeout was longer than the delay.",
]

BAD_BYTES_HTML = (
    b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    b"<title>Council budget passes after late-night session</title>\n"
    b"<meta property=\"article:published_time\" content=\"2024-02-12T23:40:00+00:00\">\n"
    b"</head>\n<body>\n<article>\n<h1>Council budget passes after late-night session</h1>\n"
    b"<p>Councillors approved the annual budget shortly before midnight after a debate "
    b"that ran for more than six hours \xff\xfe and ended with a narrow vote.</p>\n"
    b"<p>The plan raises spending on road repairs by 4% and on libraries by 2%, "
    b"while caf\xc3\x28 grants and youth clubs keep last year's \x80 funding.</p>\n"
    b"<p>Opposition members said the figures relied on optimistic forecasts for "
    b"parking income \xe2\x82 and warned of cuts later in the year.</p>\n"
    b"<p>The finance director said reserves would cover any shortfall until the "
    b"autumn review, when the numbers will be checked again \xed\xa0\x80 in public.</p>\n"
    b"<p>Residents can read the full budget papers at the town hall and online.</p>\n"
    b"</article>\n</body>\n</html>\n"
)

CP1257_TITLE = "Vilniuje atidarytas naujas tiltas per Nerį"
CP1257_PARAGRAPHS = [
    "Šeštadienį Vilniuje iškilmingai atidarytas naujas pėsčiųjų ir dviratininkų tiltas "
    "per Nerį, sujungęs Žirmūnų ir Antakalnio mikrorajonus.",
    "„Tai ilgai lauktas projektas, kuris gyventojams sutrumpins kelią į darbą ir "
    "mokyklas“, – sakė savivaldybės atstovas.",
    "Tilto ilgis – beveik 180 metrų, jame įrengtos atskiros juostos pėstiesiems ir "
    "dviratininkams, o vakare jis apšviečiamas energiją taupančiais šviestuvais.",
    "Statybos darbai truko dvejus metus ir kainavo apie 9 mln. eurų. Dalį lėšų skyrė "
    "Europos Sąjungos fondai.",
    "Ateityje prie tilto planuojama įrengti poilsio zoną su suoliukais ir žaidimų aikštele.",
]
CP1257_HTML = _article_html(CP1257_TITLE, CP1257_PARAGRAPHS, lang="lt", charset="windows-1257").encode("cp1257")


def _pdf_bytes() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,  # content stream, below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = b"BT /F1 18 Tf 36 72 Td (Mock PDF document) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _png_bytes(width: int = 16, height: int = 16) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 16, y * 16, 128)) for x in range(width)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


PDF_BYTES = _pdf_bytes()
PNG_BYTES = _png_bytes()

BIG_HEAD = (
    b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    b"<title>A very long page</title>\n</head>\n<body>\n<article>\n<h1>A very long page</h1>\n"
)
BIG_PARAGRAPH = (
    b"<p>Paragraph of filler text used to make this page large. The harbour authority said "
    b"the dredging work would continue through the winter, weather permitting, and that "
    b"shipping would not be affected. Local residents were invited to a public meeting.</p>\n"
)
BIG_FOOT = b"</article>\n</body>\n</html>\n"


# ---------------------------------------------------------------------------- hostile bodies

MIB = 2**20
BOMB_MIB = 1100                      # inflated size of the compression bombs
BOMB_PREFIX = b"<!DOCTYPE html>\n<html><head><title>bomb</title></head><body>\n"
_bomb_cache: dict[str, bytes] = {}
_bomb_lock = threading.Lock()


def _deflate_bomb_blocks() -> tuple[bytes, bytes, bytes]:
    """Raw deflate of BOMB_PREFIX + BOMB_MIB MiB of spaces, as (first, repeated, last):
    once the 32 KiB window holds only spaces, every further MiB of spaces compresses to
    the very same bytes (ended by a sync flush), so the stream is first + repeated * n + last."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = b" " * MIB
    first = comp.compress(BOMB_PREFIX + block) + comp.flush(zlib.Z_SYNC_FLUSH)
    repeated = comp.compress(block) + comp.flush(zlib.Z_SYNC_FLUSH)
    again = comp.compress(block) + comp.flush(zlib.Z_SYNC_FLUSH)
    assert repeated == again
    last = comp.flush(zlib.Z_FINISH)
    return first, repeated, last


def _bomb(kind: str) -> bytes:
    with _bomb_lock:
        if kind in _bomb_cache:
            return _bomb_cache[kind]
        block = b" " * MIB
        if kind == "br":
            import brotli

            comp = brotli.Compressor(quality=5)
            parts = [comp.process(BOMB_PREFIX)]
            parts += [comp.process(block) for _ in range(BOMB_MIB)]
            parts.append(comp.finish())
            data = b"".join(parts)
        else:
            first, repeated, last = _deflate_bomb_blocks()
            raw = first + repeated * (BOMB_MIB - 1) + last
            crc, adler = zlib.crc32(BOMB_PREFIX), zlib.adler32(BOMB_PREFIX)
            for _ in range(BOMB_MIB):
                crc, adler = zlib.crc32(block, crc), zlib.adler32(block, adler)
            size = len(BOMB_PREFIX) + BOMB_MIB * MIB
            if kind == "gzip":
                data = (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + raw
                        + struct.pack("<II", crc, size & 0xFFFFFFFF))
            else:  # zlib stream, what HTTP calls "deflate"
                data = b"\x78\xda" + raw + struct.pack(">I", adler)
        _bomb_cache[kind] = data
        return data


def _nested_html(depth: int) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in SLOW_PARAGRAPHS + PRIVATE_PARAGRAPHS)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>Deeply nested page</title></head><body>"
            + "<div>" * depth + f"<h1>Deeply nested page</h1>{paragraphs}" + "</div>" * depth
            + "</body></html>\n").encode()


# Two different texts (the same one would be dropped as duplicate_content).
WRONG_UTF8_DECLARED = _article_html(
    "Kaune atidarytas naujas žiedinis sankryžų mazgas", CP1257_PARAGRAPHS[2:] + CP1257_PARAGRAPHS[:2],
    lang="lt", charset="utf-8").encode("cp1257")
WRONG_CP1257_DECLARED = _article_html(CP1257_TITLE, CP1257_PARAGRAPHS, lang="lt", charset="windows-1257").encode("utf-8")

_LAUGHS_DTD = (
    '<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    ' <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    + "".join(f' <!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">\n' for i in range(2, 10))
    + "]>\n"
)
_XXE_DTD = '<!DOCTYPE foo [\n <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'


def _hostile_sitemap(dtd: str, entity: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{dtd}'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"  <url><loc>{JSONLD_TARGET}?from=sitemap</loc><lastmod>2024-03-05</lastmod></url>\n"
            f"  <url><loc>/xml/entity/{entity}</loc><lastmod>2024-03-05</lastmod></url>\n"
            f"  <url><loc>{entity}</loc></url>\n"
            "</urlset>\n").encode()


def _hostile_feed(dtd: str, entity: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{dtd}'
            '<rss version="2.0"><channel><title>Hostile feed</title><link>/</link>\n'
            f"  <item><title>Real</title><link>{JSONLD_TARGET}?from=feed</link>"
            "<pubDate>Tue, 05 Mar 2024 10:00:00 +0200</pubDate></item>\n"
            f"  <item><title>{entity}</title><link>/xml/entity/{entity}</link></item>\n"
            f"  <item><title>{entity}</title><link>{entity}</link><description>{entity}</description></item>\n"
            "</channel></rss>\n").encode()


# Bits of /etc/passwd (the XXE documents name it): none may show in a URL parsed from them.
PASSWD_MARKERS = ["root:", "/bin/", "nologin", "daemon:"]

HOSTILE_XML = {
    "/xml/billion-laughs-sitemap": _hostile_sitemap(_LAUGHS_DTD, "&lol9;"),
    "/xml/xxe-sitemap": _hostile_sitemap(_XXE_DTD, "&xxe;"),
    "/xml/billion-laughs-feed": _hostile_feed(_LAUGHS_DTD, "&lol9;"),
    "/xml/xxe-feed": _hostile_feed(_XXE_DTD, "&xxe;"),
}

GARBAGE_HREFS = [
    "relative.html", "../up.html", "./same/dir.html", "//127.0.0.1:1/protocol-relative",
    "javascript:alert(1)", "JaVaScRiPt:void(0)", "mailto:editor@example.org", "tel:+37060000000",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "../../etc/passwd",
    "/../../../../etc/passwd", "file:///etc/passwd", "/nul%00byte.html", "/nul\x00raw.html",
    "%00", "http://", "https://[::1", "http://exa mple.org/x", "http://127.0.0.1:99999/",
    "http://" + "a" * 300 + ".example/", "/" + "x" * 5000, "\\\\server\\share", "   ",
    "#fragment-only", "?q=only", "ht!tp://bad.scheme/", "\ufeff/bom.html", "/ünïcödé/päth.html",
    "http://xn--invalid-.example/", "/%ZZ%zz%", "ftp://ftp.example.org/file.txt",
]


def _garbage_links_html() -> bytes:
    from html import escape

    links = "\n".join(f'<li><a href="{escape(h)}">link {i}</a></li>' for i, h in enumerate(GARBAGE_HREFS))
    body = _article_html("A page full of broken links", PRIVATE_PARAGRAPHS[1:] + SLOW_PARAGRAPHS)
    return body.replace("</article>", f"</article>\n<aside><ul>\n{links}\n</ul></aside>").encode("utf-8", "surrogatepass")


def _generated_article(n: int) -> bytes:
    rng = random.Random(n)
    places = ["harbour", "ferry terminal", "library", "tram depot", "market hall", "bridge", "museum"]
    verbs = ["reopens", "closes for repairs", "gets a new roof", "expands", "changes its hours"]
    title = f"The {rng.choice(places)} {rng.choice(verbs)} (report {n})"
    paragraphs = [
        f"Report number {n}: officials said on {rng.choice(['Monday', 'Tuesday', 'Friday'])} that the work "
        f"would take {rng.randint(2, 40)} weeks and cost about {rng.randint(1, 90)} million euros.",
        f"Residents of district {rng.randint(1, 30)} were invited to a meeting where engineers explained "
        "the plans, the detours and the noise limits that apply at night.",
        f"The council expects {rng.randint(100, 9000)} visitors a day once the {rng.choice(places)} is "
        "fully open again, and says the budget already includes the extra cleaning and staff.",
        "Local businesses welcomed the news but asked for clearer signs during the works, which "
        "they say cost them customers the last time the street was closed.",
    ]
    return _article_html(title, paragraphs).encode()


BAD_STRINGS_HTML = _article_html("Bad strings in metadata", PRIVATE_PARAGRAPHS + SLOW_PARAGRAPHS).replace(
    "<title>", '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
    '"headline": "Bad \\ud800", "articleSection": "Harbour \\ud800news", '
    '"description": "Nul\\u0000 and bell\\u0007 here", '
    '"author": {"@type": "Person", "name": "Ann\\u0000 Smith"}}</script>\n<title>', 1).encode()


def _truncated_gzip() -> bytes:
    import gzip

    whole = gzip.compress(_article_html("A page cut short in transit", PRIVATE_PARAGRAPHS * 4).encode())
    return whole[: len(whole) // 2]


TRUNCATED_GZIP = _truncated_gzip()

EDGE_DATES = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "2024-03-05", "", "not a date",
              "2024-02-30T10:00:00+25:00"]
EDGE_DATES_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                      + "".join(f"  <url><loc>/gen/{5000 + i}</loc><lastmod>{EDGE_DATES[i % len(EDGE_DATES)]}</lastmod></url>\n"
                                for i in range(12))
                      + "</urlset>\n").encode()
EDGE_DATES_FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Edge dates</title>\n'
                   + "".join(f"<item><link>/gen/{5100 + i}</link><pubDate>{EDGE_DATES[i % len(EDGE_DATES)]}</pubDate>"
                             f"<atom:updated xmlns:atom='http://www.w3.org/2005/Atom'>{EDGE_DATES[(i + 1) % len(EDGE_DATES)]}</atom:updated></item>\n"
                             for i in range(12))
                   + "</channel></rss>\n").encode()


# ---------------------------------------------------------------------------- server


class MockHandler(QuietHandler):
    protocol_version = "HTTP/1.1"
    server_version = "newscrawl-mockserver/1.0"

    # Shared request log; appended under the lock by every handler thread.
    request_log: list[str] = []
    log_lock = threading.Lock()

    # ------------------------------------------------------------ plumbing

    def _html(self, status: int, title: str, text: str, **kwargs) -> None:
        body = (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
                f"<body><h1>{title}</h1><p>{text}</p></body></html>\n").encode()
        self._send(status, body, **kwargs)

    def _not_found(self) -> None:
        self._html(404, "404 Not Found", f"Nothing at {self.path}.")

    def _redirect(self, location: str, status: int = 302) -> None:
        self._html(status, f"{status} Redirect", f'Moved to <a href="{location}">{location}</a>.',
                   headers={"Location": location})

    # ------------------------------------------------------------ routing

    def _dispatch(self, head: bool, record: bool = True) -> None:
        self._head = head
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if record and not path.startswith("/log"):
            with self.log_lock:
                self.request_log.append(self.path)

        if path == "/log":
            with self.log_lock:
                body = json.dumps(self.request_log).encode()
            return self._send(200, body, "application/json")
        if path == "/log/reset":
            with self.log_lock:
                self.request_log.clear()
            return self._send(200, b"[]", "application/json")
        if path.startswith("/pages/"):
            return self._pages(path[len("/pages/"):], query)
        if path == "/demo" or path.startswith("/demo/"):
            return self._demo(path[len("/demo"):])
        if path == "/robots.txt":
            return self._send(200, self.server.robots_txt, "text/plain; charset=utf-8")
        if path.startswith("/private/"):
            body = _article_html("Private draft: harbour bridge closures", PRIVATE_PARAGRAPHS).encode()
            return self._send(200, body)
        if path.startswith("/status/"):
            return self._status(path[len("/status/"):])
        if path == "/redirect-loop":
            return self._redirect("/redirect-loop")
        if path.startswith("/redirect/"):
            return self._redirect_chain(path[len("/redirect/"):], query)
        if path == "/slow":
            return self._slow(query)
        if path == "/binary":
            size = _int(query.get("size"), 65536, 0, 64 * 2**20)
            return self._send(200, random.Random(20240101).randbytes(size), "application/octet-stream")
        if path == "/pdf":
            return self._send(200, PDF_BYTES, "application/pdf")
        if path == "/image.png":
            return self._send(200, PNG_BYTES, "image/png")
        if path == "/empty":
            return self._send(200, b"")
        if path == "/big":
            return self._big(query)
        if path == "/bad-bytes":
            return self._send(200, BAD_BYTES_HTML)
        if path == "/cp1257":
            return self._send(200, CP1257_HTML, "text/html")
        if path.startswith("/bomb/") and path[len("/bomb/"):] in ("gzip", "deflate", "br"):
            kind = path[len("/bomb/"):]
            return self._send(200, _bomb(kind), headers={"Content-Encoding": kind})
        if path in ("/huge", "/huge-chunked"):
            return self._huge(query, chunked=path == "/huge-chunked")
        if path == "/endless":
            return self._endless()
        if path == "/stall":
            return self._stall(query)
        if path == "/nested":
            return self._send(200, _nested_html(_int(query.get("depth"), 10000, 0, 1_000_000)))
        if path == "/wrong-charset/utf8-declared":
            return self._send(200, WRONG_UTF8_DECLARED, "text/html; charset=utf-8")
        if path == "/wrong-charset/cp1257-declared":
            return self._send(200, WRONG_CP1257_DECLARED, "text/html; charset=windows-1257")
        if path in HOSTILE_XML:
            return self._send(200, HOSTILE_XML[path], "application/xml")
        if path == "/links/garbage":
            return self._send(200, _garbage_links_html())
        if path.startswith("/gen/") and _int(path[len("/gen/"):], None, 0, 99_999) is not None:
            return self._send(200, _generated_article(int(path[len("/gen/"):])))
        if path == "/bad-strings":
            return self._send(200, BAD_STRINGS_HTML)
        if path == "/broken/mid-header":
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Ty")
            self.wfile.flush()
            self.close_connection = True
            return None
        if path == "/broken/truncated-gzip":
            return self._send(200, TRUNCATED_GZIP, headers={"Content-Encoding": "gzip"})
        if path == "/redirect-to":
            return self._html(302, "302 Redirect", "Moved.", headers={"Location": query.get("to", "")})
        if path == "/edge-dates/sitemap.xml":
            return self._send(200, EDGE_DATES_SITEMAP, "application/xml")
        if path == "/edge-dates/feed.xml":
            return self._send(200, EDGE_DATES_FEED, "application/rss+xml")
        if path == "/":
            return self._html(200, "newscrawl mock server", "See tests/servers/mock.py for the routes.")
        return self._not_found()

    # ------------------------------------------------------------ routes

    def _pages(self, name: str, query: dict[str, str]) -> None:
        file = _safe_file(PAGES_DIR, name)
        if file is None:
            return self._not_found()
        charset = query.get("charset", "utf-8")
        ctype = f"text/html; charset={charset}" if charset else "text/html"
        self._send(200, file.read_bytes(), ctype)

    def _demo(self, rel: str) -> None:
        target = _safe_path(DEMO_DIR, rel.lstrip("/"))
        if target is not None and target.is_dir():
            if not rel.endswith("/"):
                return self._redirect("/demo" + rel + "/", 301)
            target = target / "index.html"
        if target is None or not target.is_file():
            return self._not_found()
        ctype = _content_type(target)
        self._send(200, target.read_bytes(), ctype)

    def _status(self, code_text: str) -> None:
        code = _int(code_text, None, 200, 599)
        if code is None:
            return self._html(400, "400 Bad Request", "Use /status/<code> with 200 <= code <= 599.")
        if code in (204, 304):
            return self._send(code, b"", None)
        self._html(code, f"Status {code}", f"This response has status {code}.")

    def _redirect_chain(self, n_text: str, query: dict[str, str]) -> None:
        n = _int(n_text, None, 0, 1000)
        if n is None:
            return self._not_found()
        target = query.get("to", JSONLD_TARGET)
        if not target.startswith("/"):
            target = "/" + target
        suffix = f"?to={quote(target, safe='/')}" if "to" in query else ""
        if n == 0:
            # Zero redirects: answer as the target would (not logged a second time).
            self.path = target
            return self._dispatch(self._head, record=False)
        self._redirect(target if n == 1 else f"/redirect/{n - 1}{suffix}")

    def _slow(self, query: dict[str, str]) -> None:
        seconds = _float(query.get("seconds"), 5.0, 0.0, 600.0)
        time.sleep(seconds)
        body = _article_html("A slow page", SLOW_PARAGRAPHS).encode()
        self._send(200, body)

    def _big(self, query: dict[str, str]) -> None:
        mb = _float(query.get("mb"), 1.0, 0.0, 1024.0)
        count = max(1, (int(mb * 2**20) - len(BIG_HEAD) - len(BIG_FOOT)) // len(BIG_PARAGRAPH))
        length = len(BIG_HEAD) + count * len(BIG_PARAGRAPH) + len(BIG_FOOT)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if self._head:
            return
        self.wfile.write(BIG_HEAD)
        per_chunk = 256
        block = BIG_PARAGRAPH * per_chunk
        full, rest = divmod(count, per_chunk)
        for _ in range(full):
            self.wfile.write(block)
        self.wfile.write(BIG_PARAGRAPH * rest + BIG_FOOT)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def _huge(self, query: dict[str, str], chunked: bool) -> None:
        size = int(_float(query.get("mb"), 50.0, 0.0, 1024.0) * MIB)
        block = BIG_PARAGRAPH * 256
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        if self._head:
            return
        sent = 0
        while sent < size:
            data = (BIG_HEAD if sent == 0 else block)[: size - sent]
            self._chunk(data) if chunked else self.wfile.write(data)
            sent += len(data)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _endless(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if self._head:
            return
        self._chunk(BIG_HEAD)
        self.wfile.flush()
        deadline = time.monotonic() + 600  # "never": until the client hangs up (or 10 min)
        while time.monotonic() < deadline:
            time.sleep(0.05)
            self._chunk(b"<p>more</p>\n")
            self.wfile.flush()
        self.close_connection = True

    def _stall(self, query: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.flush()
        if self._head:
            return
        deadline = time.monotonic() + _float(query.get("seconds"), 120.0, 0.0, 3600.0)
        while time.monotonic() < deadline:   # hold the socket until the client goes away
            readable, _, _ = select.select([self.connection], [], [], 0.2)
            if readable and not self.connection.recv(4096):
                break
        self.close_connection = True


def _int(text, default, low, high):
    try:
        value = int(text)
    except (TypeError, ValueError):
        return default
    return value if low <= value <= high else default


def _float(text, default, low, high):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return default
    return min(max(value, low), high) if value == value else default


def _safe_path(root: Path, rel: str) -> Path | None:
    """root/rel if it stays inside root, else None."""
    root = root.resolve()
    candidate = (root / rel).resolve()
    if candidate != root and root not in candidate.parents:
        return None
    return candidate


def _safe_file(root: Path, rel: str) -> Path | None:
    candidate = _safe_path(root, rel)
    return candidate if candidate is not None and candidate.is_file() else None


def _content_type(path: Path) -> str:
    ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if ctype.startswith("text/") or ctype in ("application/javascript", "image/svg+xml"):
        ctype += "; charset=utf-8"
    return ctype


class MockHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)  # real bugs: traceback on stderr


def _huge_robots_txt(mb: float) -> bytes:
    filler = b"# a comment line that only makes this robots.txt longer than any crawler should read\n"
    head = b"User-agent: *\nDisallow: /gen/9\n" + filler * (600 * 1024 // len(filler) + 1)
    tail = b"Disallow: /private/\n"
    rest = max(0, int(mb * MIB) - len(head) - len(tail))
    return head + tail + filler * (rest // len(filler))


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--robots-mb", type=float, default=0)
    args = parser.parse_args()
    server = MockHTTPServer(("127.0.0.1", 0), MockHandler)
    server.robots_txt = _huge_robots_txt(args.robots_mb) if args.robots_mb else ROBOTS_TXT.encode()
    # Built before the server says it is listening: the first request for a bomb must
    # not wait for it (a loaded machine took longer than a client's timeout).
    for kind in ("gzip", "deflate", "br"):
        _bomb(kind)
    serve(server)


# ---------------------------------------------------------------------------- test helper


class MockServer(RequestLogClient, ServerProcess):
    """This module in its own process (tests/servers/launcher.py); a context manager.

        with MockServer() as server:
            server.url("/demo/index.html")   # -> "http://127.0.0.1:PORT/demo/index.html"
    """

    name = "mock server"
    ready_path = "/log"   # not logged

    def __init__(self, startup_timeout: float = 60.0, robots_mb: float = 0):
        super().__init__("tests.servers.mock", "--robots-mb", str(robots_mb),
                         startup_timeout=startup_timeout)
        self.robots_mb = robots_mb



if __name__ == "__main__":
    main()
