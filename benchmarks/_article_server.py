"""A cheap local server of many unique, realistic article pages, for crawl_throughput.py.

    python benchmarks/_article_server.py [--data DIR] [--pages N]

Serves GET /a/<i> for 0 <= i < N: page i is article i % 181 of the
article-extraction-benchmark data set (read in place via _data.py, never copied), made
unique so that the crawl's dedup stage keeps every copy:

  * the page's canonical URL hints (<link rel=canonical> href, og:url content, and every
    other occurrence of those URL strings, e.g. in JSON-LD) are replaced by the page's own
    served URL, so copies have different canonical URLs (article ids);
  * one sentence, "Reprint <i> of this report. ", is put into the article body (before up
    to 5 pieces of the data set's ground-truth body text found in the page's element text:
    extractors drop leads and captions differently), so copies have different text.

Also /robots.txt ("User-agent: *" / "Allow: /"); anything else is 404. Responses are
HTTP/1.1, keep-alive, Content-Type text/html; charset=utf-8, no compression.

Everything is decoded, templated and encoded before the server reports ready, so a
request costs a bytes join of pre-encoded pieces plus one socket write: the server is a
single asyncio process (uvloop is not used). It binds 127.0.0.1 on a free port, prints one
line "http://127.0.0.1:PORT/" on stdout when ready, and exits when stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import DEFAULT_DATA, load_pages  # noqa: E402

URL_MARK = "\x00URL\x00"
COPY_MARK = "\x00COPY\x00"

_CANONICAL = re.compile(r"""<link\b[^>]*\brel\s*=\s*["']?canonical\b[^>]*>""", re.I)
_OG_URL = re.compile(r"""<meta\b[^>]*\bproperty\s*=\s*["']?og:url\b[^>]*>""", re.I)
_HREF = re.compile(r"""\bhref\s*=\s*(["'])(.*?)\1""", re.I | re.S)
_CONTENT = re.compile(r"""\bcontent\s*=\s*(["'])(.*?)\1""", re.I | re.S)
_P_OPEN = re.compile(r"<p\b[^>]*>", re.I)
_WORDS = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]*>")


def _canonical_strings(page: str) -> list[str]:
    found = []
    for tag_re, attr_re in ((_CANONICAL, _HREF), (_OG_URL, _CONTENT)):
        for tag in tag_re.finditer(page):
            m = attr_re.search(tag.group(0))
            if m and m.group(2).strip():
                found.append(m.group(2))
    return sorted(set(found), key=len, reverse=True)


def _in_text(page: str, pos: int) -> bool:
    """pos is in element text: not inside a tag, a <script>, <style> or a comment."""
    if page.rfind("<", 0, pos) > page.rfind(">", 0, pos):
        return False
    low = page[max(0, pos - 300_000):pos].lower()
    for open_, close in (("<script", "</script"), ("<style", "</style"), ("<!--", "-->")):
        if low.rfind(open_) > low.rfind(close):
            return False
    return True


def _body_offsets(page: str, truth_body: str) -> list[int]:
    """Offsets, in page element text, of pieces of the ground-truth article body (a
    20-character piece near the start of its first, second, middle and last two lines of
    >= 40 characters); else of the first <p> with >= 60 characters of text."""
    lines = [ln.strip() for ln in truth_body.splitlines() if len(ln.strip()) >= 40]
    picked = [lines[i] for i in sorted({0, 1, len(lines) // 2, len(lines) - 2, len(lines) - 1})
              if 0 <= i < len(lines)]
    found = set()
    for line in picked:
        pos = _find_in_text(page, line)
        if pos is not None:
            found.add(pos)
    if found:
        return sorted(found)
    for m in _P_OPEN.finditer(page):
        end = page.find("</p", m.end(), m.end() + 20000)
        text = html.unescape(_TAG.sub(" ", page[m.end():end if end >= 0 else m.end() + 2000])).strip()
        if len(text) >= 60 and _in_text(page, m.end()):
            return [m.end()]
    return []


def _find_in_text(page: str, line: str) -> int | None:
    for off in range(0, min(len(line) - 20, 80), 10):
        probe = line[off:off + 20]
        for variant in (probe, html.escape(probe, quote=False)):
            pos = page.find(variant)
            while pos >= 0:
                if _in_text(page, pos):
                    return pos
                pos = page.find(variant, pos + 1)
    return None


def make_template(page: str, truth_body: str) -> list[bytes | str]:
    """The page split into pre-encoded byte pieces and the marks URL_MARK / COPY_MARK."""
    offsets = _body_offsets(page, truth_body)
    for at in reversed(offsets):
        page = page[:at] + COPY_MARK + page[at:]
    if not offsets:  # no paragraph found: a new one right after <body>
        m = re.search(r"<body\b[^>]*>", page, re.I)
        at = m.end() if m else 0
        page = page[:at] + "<p>" + COPY_MARK + "</p>" + page[at:]
    for s in _canonical_strings(page):
        page = page.replace(s, URL_MARK)
        escaped = s.replace("/", "\\/")
        if escaped != s:
            page = page.replace(escaped, URL_MARK)
    pieces: list[bytes | str] = []
    for chunk in re.split(f"({URL_MARK}|{COPY_MARK})", page):
        if chunk in (URL_MARK, COPY_MARK):
            pieces.append(URL_MARK if chunk == URL_MARK else COPY_MARK)  # identity checked in body()
        elif chunk:
            pieces.append(chunk.encode("utf-8", "surrogateescape"))
    return pieces


class Site:
    def __init__(self, templates: list[list[bytes | str]], pages: int):
        self.templates = templates
        self.pages = pages
        self.base = b""

    def body(self, i: int) -> bytes:
        url = self.base + b"a/%d" % i
        copy = b"Reprint %d of this report. " % i
        pieces = self.templates[i % len(self.templates)]
        return b"".join(url if p is URL_MARK else copy if p is COPY_MARK else p for p in pieces)

    def respond(self, target: bytes) -> bytes:
        path = target.split(b"?", 1)[0]
        status, ctype, body = b"404 Not Found", b"text/plain", b"not found\n"
        if path.startswith(b"/a/"):
            try:
                i = int(path[3:])
            except ValueError:
                i = -1
            if 0 <= i < self.pages:
                status, ctype, body = b"200 OK", b"text/html; charset=utf-8", self.body(i)
        elif path == b"/robots.txt":
            status, body = b"200 OK", b"User-agent: *\nAllow: /\n"
        head = (b"HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: keep-alive\r\n\r\n"
                % (status, ctype, len(body)))
        return head + body

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                    break
                parts = head.split(b" ", 2)
                if len(parts) < 3:
                    break
                writer.write(self.respond(parts[1]))
                await writer.drain()
                if b"\r\nconnection: close" in head.lower():
                    break
        except ConnectionError:
            pass
        finally:
            writer.close()


async def serve(site: Site) -> None:
    server = await asyncio.start_server(site.handle, "127.0.0.1", 0, backlog=256)
    port = server.sockets[0].getsockname()[1]
    site.base = b"http://127.0.0.1:%d/" % port
    print(site.base.decode(), flush=True)
    loop = asyncio.get_running_loop()
    stdin_closed = loop.create_future()

    def wait_stdin():
        sys.stdin.buffer.read()
        loop.call_soon_threadsafe(stdin_closed.set_result, None)

    loop.run_in_executor(None, wait_stdin)
    async with server:
        await stdin_closed


def load_templates(data: Path) -> list[list[bytes | str]]:
    pages, truth = load_pages(data)
    return [make_template(pages[k], truth[k].get("articleBody") or "") for k in sorted(pages)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--pages", type=int, default=2000)
    args = ap.parse_args(argv)
    asyncio.run(serve(Site(load_templates(args.data), args.pages)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
