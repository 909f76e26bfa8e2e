"""End-to-end: the real CLI in a subprocess against the local mock server, Parquet read back."""

from __future__ import annotations

import json
import socket
import subprocess
from datetime import datetime, timezone

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from newscrawl.store.schema import ARTICLE_SCHEMA
from tests.cli_helpers import REPO, read_rows, run_cli

FAST = ["-s", "RETRY_TIMES=0", "--workers", "1"]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def jsonld_run(mockserver, tmp_path_factory):
    """One scrape of the JSON-LD fixture article, shared by the tests reading it back."""
    cwd = tmp_path_factory.mktemp("jsonld")
    url = mockserver.url("pages/jsonld-article.html?utm_source=newsletter&utm_medium=email")
    result = run_cli("scrape", url, "-q", *FAST, cwd=cwd)
    return result, cwd / "data" / "articles", url


def test_scrape_writes_one_complete_row(jsonld_run):
    result, output, url = jsonld_run
    assert result.returncode == 0, result.stderr
    rows = read_rows(output)
    assert len(rows) == 1
    row = rows[0]
    assert row["url"] == url
    assert "utm_" not in row["canonical_url"]
    assert row["domain"]
    for column in ["title", "description", "text", "site_name", "language", "section",
                   "image_url", "published_at", "modified_at", "crawl_id", "extractor", "content_hash"]:
        assert row[column], column
    assert len(row["authors"]) >= 1 and len(row["tags"]) >= 1
    assert row["paywalled"] is True
    assert row["page_type"] == "article"
    assert row["http_status"] == 200
    assert row["word_count"] == len(row["text"].split()) > 50
    assert row["published_at"].tzinfo is not None
    assert (row["published_at"].hour, row["published_at"].minute) != (0, 0)
    assert abs(row["fetched_at"] - datetime.now(timezone.utc)).total_seconds() < 600
    assert len(row["article_id"]) == 32
    assert "\n\n" not in row["text"]


def test_summary_says_what_happened_and_how_to_load(jsonld_run):
    result, output, _ = jsonld_run
    assert "articles written  1" in result.stderr
    assert "data/articles" in result.stderr
    assert "load it:" in result.stderr and "pyarrow.dataset" in result.stderr


def test_dataset_layout_and_parquet_properties(jsonld_run):
    _, output, _ = jsonld_run
    files = list(output.rglob("*"))
    parquet = [f for f in files if f.is_file()]
    assert parquet and all(f.name.startswith("part-") and f.suffix == ".parquet" for f in parquet)
    assert all(f.parent.name.startswith("dt=") for f in parquet)
    meta = pq.ParquetFile(parquet[0]).metadata
    columns = {meta.row_group(0).column(i).path_in_schema: meta.row_group(0).column(i) for i in range(meta.num_columns)}
    assert columns["text"].compression == "ZSTD"
    assert any("DICTIONARY" in enc for enc in columns["domain"].encodings)
    schema = pq.read_schema(parquet[0])
    assert schema.equals(ARTICLE_SCHEMA, check_metadata=False)
    assert schema.metadata[b"newscrawl.schema_version"]


def test_dataset_reads_without_options_everywhere(jsonld_run):
    _, output, _ = jsonld_run
    import duckdb
    import pandas as pd
    import polars as pl

    assert ds.dataset(output).to_table().num_rows == 1
    assert len(pd.read_parquet(output)) == 1
    assert pl.read_parquet(f"{output}/**/*.parquet").height == 1
    assert pl.scan_parquet(output).collect().height == 1
    assert duckdb.sql(f"select count(*) from read_parquet('{output}/**/*.parquet')").fetchall() == [(1,)]


def test_bad_inputs_each_get_a_reason(mockserver, tmp_path):
    refused = f"http://127.0.0.1:{closed_port()}/news/1.html"
    cases = {
        mockserver.url("status/404"): "http_404",
        mockserver.url("status/500"): "http_500",
        mockserver.url("redirect-loop"): "redirect_loop",
        mockserver.url("binary"): "not_html",
        mockserver.url("pdf"): "not_html",
        mockserver.url("empty"): "empty_body",
        mockserver.url("big?mb=3"): "too_large",
        mockserver.url("slow?seconds=20"): "timeout",
        mockserver.url("pages/section-index.html"): "not_article:listing",
        mockserver.url("private/secret.html"): "robots_disallowed",
        "http://nonexistent.invalid/news.html": "dns_error",
        refused: "connection_refused",
    }
    good = mockserver.url("pages/jsonld-article.html")
    result = run_cli("scrape", good, *cases, "-q", *FAST, "--timeout", "3", "--max-size", "1", cwd=tmp_path, timeout=240)
    assert result.returncode == 0, result.stderr
    for url, reason in cases.items():
        assert f"- {reason}: {url}" in result.stderr, (reason, result.stderr)
    assert "articles written  1" in result.stderr
    assert f"pages dropped     {len(cases)}" in result.stderr
    assert len(read_rows(tmp_path / "data" / "articles")) == 1
    assert "Traceback" not in result.stderr


def test_keep_all_keeps_a_listing_with_its_page_type(mockserver, tmp_path):
    listing, article = mockserver.url("pages/section-index.html"), mockserver.url("pages/jsonld-article.html")
    result = run_cli("scrape", listing, article, "-q", *FAST, "--keep-all", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    types = {row["url"]: row["page_type"] for row in read_rows(tmp_path / "data" / "articles")}
    assert types == {listing: "listing", article: "article"}
    assert "pages dropped     0" in result.stderr


def test_broken_bytes_and_charsets_still_give_articles(mockserver, tmp_path):
    urls = [mockserver.url("bad-bytes"), mockserver.url("cp1257"), mockserver.url("pages/baltic-article.html?charset=")]
    result = run_cli("scrape", *urls, "-q", *FAST, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = read_rows(tmp_path / "data" / "articles")
    assert len(rows) == 3, result.stderr
    lithuanian = [r for r in rows if r["language"] == "lt"]
    assert len(lithuanian) == 2
    assert all("ž" in r["text"] or "š" in r["text"] for r in lithuanian)


def test_duplicates_within_a_run_are_written_once(mockserver, tmp_path):
    base = mockserver.url("pages/jsonld-article.html")
    urls = [base, base + "?utm_campaign=x", base + "?fbclid=abc", mockserver.url("redirect/2")]
    result = run_cli("scrape", *urls, "-q", *FAST, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(read_rows(tmp_path / "data" / "articles")) == 1
    assert "duplicate_url" in result.stderr


def test_jsonl_goes_to_stdout_and_nothing_to_disk(mockserver, tmp_path):
    result = run_cli("scrape", mockserver.url("pages/jsonld-article.html"), "--format", "jsonl", "-q", *FAST, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) == 1
    assert set(records[0]) == set(ARTICLE_SCHEMA.names)
    datetime.fromisoformat(records[0]["published_at"])
    assert not (tmp_path / "data").exists()


def test_input_file_and_stdin(mockserver, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# fixtures\n{mockserver.url('pages/jsonld-article.html')}\n\n")
    result = run_cli("scrape", "--input", str(listing), "-q", *FAST, "-o", "out1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(read_rows(tmp_path / "out1")) == 1
    result = run_cli("scrape", "--input", "-", "-q", *FAST, "-o", "out2", cwd=tmp_path,
                     stdin=mockserver.url("pages/baltic-article.html") + "\n")
    assert result.returncode == 0, result.stderr
    assert len(read_rows(tmp_path / "out2")) == 1


def test_second_run_appends_to_the_dataset(mockserver, tmp_path):
    for page in ("jsonld-article.html", "baltic-article.html"):
        result = run_cli("scrape", mockserver.url(f"pages/{page}"), "-q", *FAST, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    rows = read_rows(tmp_path / "data" / "articles")
    assert len(rows) == 2
    assert len({r["crawl_id"] for r in rows}) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["scrape"], "no URL given"),
        (["scrape", "not a url"], "not an absolute http(s) URL"),
        (["scrape", "ftp://example.org/x"], "not an absolute http(s) URL"),
        (["scrape", "--input", "missing.txt"], "cannot read --input"),
        (["scrape", "http://127.0.0.1/", "--timeout", "0"], "--timeout must be positive"),
        (["scrape", "http://127.0.0.1/", "-s", "NOEQUALS"], "-s takes NAME=VALUE"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path, args, message):
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_unwritable_output_is_a_usage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("scrape", "http://127.0.0.1/", "-o", str(blocker / "sub"), cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot write to output directory" in result.stderr


def test_scrapy_crawl_entry_point(mockserver, tmp_path):
    import os
    import subprocess
    import sys

    output = tmp_path / "articles"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "article",
         "-a", f"urls={mockserver.url('pages/jsonld-article.html')},{mockserver.url('pages/baltic-article.html')}",
         "-s", f"NEWSCRAWL_OUTPUT={output}", "-s", "NEWSCRAWL_EXTRACT_WORKERS=1"],
        cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert len(read_rows(output)) == 2
    assert "articles written  2" in result.stderr


def test_demo_crawls_the_bundled_site_incrementally(tmp_path):
    port = str(closed_port())      # not 8765: another run (or a user's demo) may hold it
    result = run_cli("demo", "-q", "--port", port, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = read_rows(tmp_path / "data" / "articles")
    assert len(rows) == 6
    assert {r["language"] for r in rows} == {"en", "lt"}
    assert all(r["published_at"] and r["title"] and r["authors"] for r in rows)
    assert "http_404" in result.stderr          # the sitemap lists a page that is gone
    again = run_cli("demo", "-q", "--port", port, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert len(read_rows(tmp_path / "data" / "articles")) == 6
    assert "known, not refetched 6" in again.stderr


def test_demo_refuses_a_taken_port_instead_of_changing_its_urls(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        result = run_cli("demo", "-q", "--port", str(holder.getsockname()[1]), cwd=tmp_path)
    assert result.returncode == 2
    assert "is in use" in result.stderr and "--port" in result.stderr
    assert not (tmp_path / "data" / "articles").exists()


def test_load_hint_runs_with_only_the_base_install(mockserver, tmp_path):
    """The summary's one-liner uses pyarrow (a dependency), not pandas (a test extra)."""
    result = run_cli("scrape", mockserver.url("/gen/42"), "-o", "out", "--workers", "0", cwd=tmp_path)
    hint = next(line for line in result.stderr.splitlines() if "load it:" in line)
    command = hint.split("load it: ", 1)[1]
    assert "pandas" not in command
    shown = subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True, text=True)
    assert shown.returncode == 0 and shown.stdout.startswith("1 articles")
