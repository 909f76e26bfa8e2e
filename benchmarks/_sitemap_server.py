"""A local news site whose sitemap index lists millions of articles, for frontier_scale.py.

    python benchmarks/_sitemap_server.py [--sitemaps 50] [--per-sitemap 50000]

Serves, from one asyncio process on 127.0.0.1 (a free port, printed as one line
"http://127.0.0.1:PORT/" when ready; exits when stdin closes):

    /robots.txt                   "Sitemap: <base>sitemap-index.xml"
    /sitemap-index.xml            the index of the S sitemaps (newest lastmod first)
    /sitemap-<i>.xml              N <url> entries /a/<i>/<j>.html with a lastmod each,
                                  generated per request (~100 bytes an entry)
    /a/<i>/<j>.html               a small, unique article page
    /stats                        JSON: requests by kind, and the monotonic time (seconds
                                  since the server started) of the first article request

No data set is read; everything is generated.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

START = time.monotonic()
STATS = {"sitemap_requests": 0, "article_requests": 0, "first_article_at": None, "first_sitemap_at": None}

ARTICLE = (
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Report {i}-{j}</title>"
    "<meta property=\"og:type\" content=\"article\">"
    "<meta property=\"article:published_time\" content=\"2024-05-{day:02d}T08:00:00+00:00\"></head>"
    "<body><article><h1>Report {i}-{j} on the harbour works</h1>"
    "<p>Report {i}-{j}: the harbour authority said on Monday that dredging in basin {i} would take "
    "{weeks} more weeks, and that ferries would keep to the winter timetable until then.</p>"
    "<p>Engineers found more silt than the charts showed near berth {j}, where the channel is "
    "narrowest, and a second dredger will be hired from a neighbouring port to finish on time.</p>"
    "<p>Shipping companies were told to expect short delays at high tide, when the work stops "
    "so that larger vessels can pass, and a public meeting is planned for residents.</p>"
    "</article></body></html>"
)


def sitemap(i: int, per: int) -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    rows = "".join(f"<url><loc>/a/{i}/{j}.html</loc><lastmod>2024-05-{1 + j % 28:02d}</lastmod></url>\n"
                   for j in range(per))
    return (head + rows + "</urlset>\n").encode()


def index(count: int) -> bytes:
    rows = "".join(f"<sitemap><loc>/sitemap-{i}.xml</loc><lastmod>2024-06-{28 - i % 28:02d}</lastmod></sitemap>\n"
                   for i in range(count))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + rows + "</sitemapindex>\n").encode()


async def handle(reader, writer, args):
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            path = line.split(b" ")[1].decode() if line.count(b" ") >= 2 else "/"
            while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                pass
            status, kind, body = 200, "text/html; charset=utf-8", b""
            if path == "/robots.txt":
                body, kind = f"User-agent: *\nAllow: /\nSitemap: http://{args.host}/sitemap-index.xml\n".encode(), "text/plain"
            elif path == "/sitemap-index.xml":
                body, kind = index(args.sitemaps), "application/xml"
            elif path.startswith("/sitemap-") and path.endswith(".xml"):
                STATS["sitemap_requests"] += 1
                STATS["first_sitemap_at"] = STATS["first_sitemap_at"] or time.monotonic() - START
                body, kind = sitemap(int(path[len("/sitemap-"):-4]), args.per_sitemap), "application/xml"
            elif path.startswith("/a/"):
                STATS["article_requests"] += 1
                STATS["first_article_at"] = STATS["first_article_at"] or time.monotonic() - START
                i, j = path[3:-5].split("/")
                body = ARTICLE.format(i=i, j=j, day=1 + int(j) % 28, weeks=2 + int(j) % 9).encode()
            elif path == "/stats":
                body, kind = json.dumps({**STATS, "now": time.monotonic() - START}).encode(), "application/json"
            else:
                status, body = 404, b"not found"
            writer.write(f"HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
            await writer.drain()
    except (ConnectionError, IndexError, ValueError):
        pass
    finally:
        writer.close()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sitemaps", type=int, default=50)
    parser.add_argument("--per-sitemap", type=int, default=50_000)
    args = parser.parse_args()
    server = await asyncio.start_server(lambda r, w: handle(r, w, args), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    args.host = f"127.0.0.1:{port}"
    print(f"http://127.0.0.1:{port}/", flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)   # until stdin closes


if __name__ == "__main__":
    asyncio.run(main())
