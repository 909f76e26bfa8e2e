"""SSRF guard (newscrawl.crawl.ssrf) end to end: a public page, feed or redirect must not
steer the crawler to a private address, while the URLs the user gives may be local. The
classifier and the middleware alone: tests/unit/test_ssrf.py.

The "public" site is tests/servers/public.py on 127.0.0.2 (Linux routes all of 127/8 to lo),
treated as public with NEWSCRAWL_PUBLIC_NETWORKS=127.0.0.2/32; the "internal" server is
the mock server on 127.0.0.1, whose request log shows what the crawler asked for.
"""

from __future__ import annotations

import pytest

from tests.cli_helpers import read_rows, run_cli
from tests.servers.launcher import ServerDidNotStart
from tests.servers.mock import MockServer
from tests.servers.public import PublicSite

PUBLIC = ["-s", "NEWSCRAWL_PUBLIC_NETWORKS=127.0.0.2/32"]
FAST = ["-q", "--workers", "1", "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False"]
LOCAL_ARTICLE = "/pages/jsonld-article.html"


# ------------------------------------------------------------------ end to end, the real CLI

@pytest.fixture(scope="module")
def internal():
    with MockServer() as server:
        yield server


@pytest.fixture(scope="module")
def public(internal):
    try:
        server = PublicSite(local=internal.url("/")).start()
    except ServerDidNotStart as exc:  # pragma: no cover - not Linux-like loopback
        if exc.first_line.startswith("cannot bind"):
            pytest.skip(exc.first_line)
        raise
    yield server
    server.stop()


def _base(server: PublicSite) -> str:
    return server.url("").rstrip("/")


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
    assert "/redirect-to-local" in public.log()   # the public hop itself was fetched
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
    public.reset_log()
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
    assert "/own/story.html" in public.log()          # the site's own article was fetched
    rows = read_rows(tmp_path / "data" / "articles")
    assert [r["url"] for r in rows] == [f"{base}/own/story.html"]
    assert "Traceback" not in result.stderr
