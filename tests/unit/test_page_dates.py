"""Publication dates of whole pages (`page_metadata`): the sources besides the article's
own JSON-LD, meta tags and date line."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from newscrawl.extraction.metadata import page_metadata
from newscrawl.extraction.metadata.dates import PageZone, parse_stamp

THREAD = """<html><head><title>Which lens for birds? - Photo Forum</title>
<script type="application/ld+json">[
 {"@context": "https://schema.org", "@type": "DiscussionForumPosting", "headline": "Which lens for birds?",
  "datePublished": "2024-01-10T17:47:16+00:00", "author": {"@type": "Person", "name": "kite"},
  "comment": [{"@type": "Comment", "datePublished": "2024-01-11T09:00:00+00:00", "text": "A long zoom."}]},
 {"@context": "https://schema.org", "@type": "Product", "name": "Camera", "datePublished": "2017-03-03"}
]</script></head>
<body><h1>Which lens for birds?</h1>
<div class="post"><time datetime="2024-01-11T19:11:34-05:00">Jan 11, 2024</time><p>A long zoom.</p></div>
</body></html>"""

THREAD_LIST = THREAD.replace('"@type": "Product", "name": "Camera"',
                             '"@type": "DiscussionForumPosting", "headline": "Another thread"')

SHOP = """<html><head><title>Wool runners - Shoe Shop</title>
<script>window.__CACHE__ = {"built": "2026-03-05T15:05:17Z"};</script>
<!-- rendered 2026-03-05T15:05:18Z -->
</head><body><h1>Wool runners</h1><p>Light shoes made of merino wool, machine washable.</p>
<button>Add to cart</button></body></html>"""


def test_forum_thread_dated_by_its_opening_posting():
    md = page_metadata(THREAD, "https://forum.example/threads/which-lens.123/")
    assert md.published_at == datetime(2024, 1, 10, 17, 47, 16, tzinfo=timezone.utc)


def test_a_page_of_several_postings_has_no_posting_date():
    md = page_metadata(THREAD_LIST, "https://forum.example/forums/lenses/")
    assert md.published_at != datetime(2024, 1, 10, 17, 47, 16, tzinfo=timezone.utc)


def test_timestamps_in_scripts_and_comments_do_not_date_a_page():
    assert page_metadata(SHOP, "https://shop.example/products/wool-runners").published_at is None


def test_utc_time_shown_in_the_offset_the_page_writes_for_the_same_moment():
    utc, local = parse_stamp("2025-03-05T03:30:00Z"), parse_stamp("2025-03-04T19:30:00-08:00")
    zone = PageZone([utc, local])
    assert zone.resolve(utc) == datetime(2025, 3, 4, 19, 30, tzinfo=timezone(timedelta(hours=-8)))
    other_moment = PageZone([utc, parse_stamp("2025-03-06T10:00:00-08:00")])
    assert other_moment.resolve(utc).utcoffset() == timedelta(0)


SAVED_TWICE = """<html><head><title>Free tools - Business Desk</title>
<meta property="article:published_time" content="2025-11-29T12:28:31-05:00">
<meta property="article:modified_time" content="2025-11-29T12:28:31-05:00">
</head><body><article><h1>Free tools for small firms</h1>
<p>A long paragraph about bookkeeping tools that small firms can use without paying a licence fee.</p>
<div class="published">Published <time pubdate datetime="2025-08-13">August 13, 2025</time></div>
</article></body></html>"""


def test_published_equal_to_modified_gives_way_to_a_time_marked_published():
    md = page_metadata(SAVED_TWICE, "https://desk.example/tools")
    assert md.published_at.date() == datetime(2025, 8, 13).date()
