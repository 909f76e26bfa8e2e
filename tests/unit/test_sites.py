"""The sites file (newscrawl.sites): loading, validation messages, URL rules."""

from __future__ import annotations

import math
import pickle
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl.sites import (
    CrawlOverrides,
    ExtractOverrides,
    SiteConfig,
    SitesFileError,
    load_sites,
    select_sites,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "sites.example.toml"

MINIMAL = """\
[sites.harbour-herald]
start_urls = ["https://example.org/"]
"""


def write(tmp_path: Path, text: str, name: str = "sites.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str) -> dict[str, SiteConfig]:
    return load_sites(write(tmp_path, text))


# the example file


def test_example_file_loads():
    sites = load_sites(EXAMPLE)
    assert list(sites) == ["harbour-herald", "valley.gazette"]
    herald = sites["harbour-herald"]
    assert herald.name == "harbour-herald"
    assert herald.start_urls == ("https://www.harbour-herald.example/", "https://www.harbour-herald.example/local/")
    assert herald.feeds == ("https://www.harbour-herald.example/rss.xml",)
    assert herald.sitemaps == ("robots",)
    assert herald.sitemap_urls() == ["https://www.harbour-herald.example/robots.txt"]
    assert herald.max_depth == 2
    assert herald.language == "en"
    assert herald.allowed_domains == ("static.harbour-herald.example", "www.harbour-herald.example")
    assert herald.crawl == CrawlOverrides(download_delay=1.5, concurrency=2, autothrottle=True)
    assert herald.extract == ExtractOverrides(body="div.article-body", drop=(".related-stories", "//aside"),
                                             favor_precision=False)
    assert all(isinstance(p, re.Pattern) for p in (*herald.follow, *herald.deny, *herald.article))
    assert herald.is_article("https://www.harbour-herald.example/2024/05/storm-hits-coast.html")
    assert not herald.is_article("https://www.harbour-herald.example/local/")

    gazette = sites["valley.gazette"]
    assert gazette.start_urls == ()
    assert gazette.sitemap_urls() == ["https://valley-gazette.example/news-sitemap.xml"]
    assert gazette.allowed_domains == ("valley-gazette.example",)
    assert gazette.crawl == CrawlOverrides() and gazette.extract == ExtractOverrides()
    assert gazette.max_depth == 3 and gazette.language == "de"


def test_example_file_shows_every_key():
    text = EXAMPLE.read_text(encoding="utf-8")
    from newscrawl.sites.loader import CRAWL_KEYS, EXTRACT_KEYS, SITE_KEYS

    for key in (*SITE_KEYS, *CRAWL_KEYS, *EXTRACT_KEYS):
        if key in ("crawl", "extract"):
            assert f".{key}]" in text
        else:
            assert re.search(rf"^{key} = ", text, re.M), key


def test_minimal_site_defaults(tmp_path):
    site = load_text(tmp_path, MINIMAL)["harbour-herald"]
    assert site == SiteConfig(name="harbour-herald", start_urls=("https://example.org/",),
                              allowed_domains=("example.org",))
    assert site.max_depth == 3 and site.language is None
    assert site.sitemap_urls() == []


def test_generous_forms(tmp_path):
    site = load_text(tmp_path, """\
        [sites.a]
        start_urls = "https://Example.org:8080/news/"
        feeds = ["https://example.org/rss", "https://example.org/rss"]
        sitemaps = "ROBOTS"
        article = '/story/'
        language = "EN"
        allowed_domains = ["CDN.example.org.", "https://img.example.net/x"]
        [sites.a.crawl]
        download_delay = 2
        """)["a"]
    assert site.start_urls == ("https://Example.org:8080/news/",)
    assert site.feeds == ("https://example.org/rss",)
    assert site.sitemaps == ("robots",)
    assert site.article[0].pattern == "/story/"
    assert site.language == "en"
    assert site.allowed_domains == ("cdn.example.org", "example.org", "img.example.net")
    assert site.crawl.download_delay == 2.0 and isinstance(site.crawl.download_delay, float)
    assert site.sitemap_urls() == ["https://example.org:8080/robots.txt", "https://example.org/robots.txt"]


def test_sites_in_file_order_and_subtable_before_table(tmp_path):
    sites = load_text(tmp_path, """\
        [sites.zeta.crawl]
        concurrency = 3
        [sites.zeta]
        feeds = ["https://z.example/feed"]
        [sites.alpha]
        sitemaps = ["https://a.example/sitemap.xml"]
        """)
    assert list(sites) == ["zeta", "alpha"]
    assert sites["zeta"].crawl.concurrency == 3


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert list(load_sites(path)) == ["harbour-herald"]


# invalid files: one line naming the file, the site and the key

INVALID = {
    "unknown key with suggestion": (
        MINIMAL + "folow = ['/x/']\n",
        ["sites.toml: site 'harbour-herald': unknown key 'folow' (did you mean 'follow'?)"]),
    "unknown crawl key": (
        MINIMAL + "[sites.harbour-herald.crawl]\ndownload_dealy = 1\n",
        ["site 'harbour-herald'", "unknown key 'crawl.download_dealy' (did you mean 'crawl.download_delay'?)"]),
    "unknown extract key": (
        MINIMAL + "[sites.harbour-herald.extract]\nbodyy = 'div'\n",
        ["site 'harbour-herald'", "unknown key 'extract.bodyy' (did you mean 'extract.body'?)"]),
    "bad regex": (
        MINIMAL + "follow = ['([a-z']\n",
        ["sites.toml: site 'harbour-herald': key 'follow': bad regex '([a-z': "]),
    "huge repetition regex": (
        MINIMAL + "article = ['a{99999999999}']\n",
        ["site 'harbour-herald': key 'article': bad regex"]),
    "bad URL scheme": (
        "[sites.x]\nstart_urls = ['ftp://x']\n",
        ["sites.toml: site 'x': key 'start_urls': not an absolute http(s) URL: 'ftp://x'"]),
    "relative URL": (
        "[sites.x]\nfeeds = ['/rss.xml']\n",
        ["site 'x': key 'feeds': not an absolute http(s) URL: '/rss.xml'"]),
    "bad port": (
        "[sites.x]\nsitemaps = ['https://x.example:99999/s.xml']\n",
        ["site 'x': key 'sitemaps': not an absolute http(s) URL"]),
    "URL list of numbers": (
        "[sites.x]\nstart_urls = ['https://x.example/', 3]\n",
        ["site 'x': key 'start_urls': item 2 must be a string, not integer"]),
    "URL as table": (
        "[sites.x]\nstart_urls = {a = 1}\n",
        ["site 'x': key 'start_urls': must be a list of strings, not table"]),
    "duplicate name": (
        "[sites.harbour-herald]\nstart_urls = ['https://a.example/']\n\n[sites.other]\n"
        "feeds = ['https://b.example/rss']\n\n# again\n\n[sites.\"harbour-herald\"]\nfeeds = ['https://c.example/']\n",
        ["sites.toml: site 'harbour-herald' is defined twice (lines 1 and 9)"]),
    "missing sources": (
        "[sites.x]\narticle = ['/news/']\n",
        ["site 'x': no sources", "'start_urls'", "'feeds'", "'sitemaps'"]),
    "empty sources": (
        "[sites.x]\nstart_urls = []\nfeeds = []\n",
        ["site 'x': no sources"]),
    "robots without hosts": (
        "[sites.x]\nsitemaps = ['robots']\n",
        ["site 'x': key 'sitemaps': \"robots\" needs 'start_urls' or 'feeds'"]),
    "max_depth too big": (
        MINIMAL + "max_depth = 21\n",
        ["site 'harbour-herald': key 'max_depth': must be an integer from 0 to 20, not 21"]),
    "max_depth negative": (
        MINIMAL + "max_depth = -1\n",
        ["key 'max_depth': must be an integer from 0 to 20, not -1"]),
    "max_depth bool": (
        MINIMAL + "max_depth = true\n",
        ["site 'harbour-herald': key 'max_depth': must be an integer from 0 to 20, not boolean"]),
    "max_depth float": (
        MINIMAL + "max_depth = 2.0\n",
        ["key 'max_depth': must be an integer from 0 to 20, not float"]),
    "bad language": (
        MINIMAL + "language = 'english'\n",
        ["site 'harbour-herald': key 'language': must be a two-letter ISO 639-1 code", "'english'"]),
    "bad allowed domain": (
        MINIMAL + "allowed_domains = ['cdn example.org']\n",
        ["site 'harbour-herald': key 'allowed_domains': not a host name: 'cdn example.org'"]),
    "negative delay": (
        MINIMAL + "[sites.harbour-herald.crawl]\ndownload_delay = -1\n",
        ["site 'harbour-herald': key 'crawl.download_delay': must be a finite number of seconds >= 0"]),
    "nan delay": (
        MINIMAL + "[sites.harbour-herald.crawl]\ndownload_delay = nan\n",
        ["key 'crawl.download_delay': must be a finite number"]),
    "string delay": (
        MINIMAL + "[sites.harbour-herald.crawl]\ndownload_delay = '1'\n",
        ["key 'crawl.download_delay': must be a number of seconds, not string"]),
    "concurrency too big": (
        MINIMAL + "[sites.harbour-herald.crawl]\nconcurrency = 65\n",
        ["site 'harbour-herald': key 'crawl.concurrency': must be an integer from 1 to 64, not 65"]),
    "concurrency zero": (
        MINIMAL + "[sites.harbour-herald.crawl]\nconcurrency = 0\n",
        ["key 'crawl.concurrency': must be an integer from 1 to 64, not 0"]),
    "autothrottle string": (
        MINIMAL + "[sites.harbour-herald.crawl]\nautothrottle = 'yes'\n",
        ["site 'harbour-herald': key 'crawl.autothrottle': must be true or false, not string"]),
    "crawl not a table": (
        MINIMAL + "crawl = 3\n",
        ["site 'harbour-herald': key 'crawl': must be a table"]),
    "bad CSS selector": (
        MINIMAL + "[sites.harbour-herald.extract]\nbody = 'div['\n",
        ["site 'harbour-herald': key 'extract.body': bad CSS selector 'div['"]),
    "CSS pseudo-element": (
        MINIMAL + "[sites.harbour-herald.extract]\nbody = 'p::text'\n",
        ["key 'extract.body': bad CSS selector 'p::text'"]),
    "bad XPath": (
        MINIMAL + "[sites.harbour-herald.extract]\ndrop = ['//div[']\n",
        ["site 'harbour-herald': key 'extract.drop': bad XPath '//div['"]),
    "XPath with unknown prefix": (
        MINIMAL + "[sites.harbour-herald.extract]\ndrop = ['//x:aside']\n",
        ["key 'extract.drop': bad XPath '//x:aside'"]),
    "XPath computing a value": (
        MINIMAL + "[sites.harbour-herald.extract]\nbody = 'count(//p)'\n",
        ["key 'extract.body': bad CSS selector 'count(//p)'"]),
    "XPath computing a value in parentheses": (
        MINIMAL + "[sites.harbour-herald.extract]\nbody = '(//p)[1] | 1'\n",
        ["key 'extract.body': bad XPath"]),
    "body not a string": (
        MINIMAL + "[sites.harbour-herald.extract]\nbody = ['div']\n",
        ["key 'extract.body': must be a CSS selector or an XPath, not list"]),
    "favor_precision not a boolean": (
        MINIMAL + "[sites.harbour-herald.extract]\nfavor_precision = 'yes'\n",
        ["key 'extract.favor_precision': must be true or false, not string"]),
    "bad site name": (
        "[sites.\"bad name\"]\nstart_urls = ['https://x.example/']\n",
        ["sites.toml: site 'bad name': invalid site name"]),
    "site not a table": (
        "[sites]\nx = 3\n",
        ["sites.toml: site 'x': must be a table"]),
    "unknown top-level key": (
        "[site.x]\nstart_urls = ['https://x.example/']\n",
        ["sites.toml: unknown top-level key 'site' (did you mean 'sites'?)"]),
    "site table at top level": (
        "[harbour-herald]\nstart_urls = ['https://x.example/']\n",
        ["sites.toml: unknown top-level key 'harbour-herald' (sites are tables named [sites.NAME])"]),
    "sites not a table": (
        "sites = ['a']\n",
        ["sites.toml: 'sites' must be a table"]),
    "no sites": (
        "# nothing yet\n",
        ["sites.toml: no sites defined"]),
    "TOML syntax error": (
        "[sites.x]\nstart_urls = ['https://x.example/']\nmax_depth = \n",
        ["sites.toml: line 3: Invalid value (column"]),
    "TOML unterminated string": (
        "[sites.x]\nstart_urls = ['https://x.example/\n",
        ["sites.toml: line 2"]),
    "TOML error at end": (
        "[sites.x]\nstart_urls = \"https://x.example/",
        ["sites.toml: line 2 (end of file): Unterminated string"]),
    "duplicate subtable": (
        MINIMAL + "[sites.harbour-herald.crawl]\nconcurrency = 1\n[sites.harbour-herald.crawl]\nconcurrency = 2\n",
        ["sites.toml: line 5: Cannot declare"]),
}


@pytest.mark.parametrize("text, expected", INVALID.values(), ids=INVALID.keys())
def test_invalid_file(tmp_path, text, expected):
    with pytest.raises(SitesFileError) as info:
        load_sites(write(tmp_path, text))
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("sites.toml: ") or message.startswith(str(tmp_path / "sites.toml"))
    for part in expected:
        assert part in message


def test_message_names_path_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SitesFileError, match=r"^sites\.toml: file not found$"):
        load_sites("sites.toml")
    with pytest.raises(SitesFileError) as info:
        load_sites(tmp_path / "missing.toml")
    assert str(info.value) == f"{tmp_path / 'missing.toml'}: file not found"


def test_directory_and_non_utf8(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dir.toml").mkdir()
    with pytest.raises(SitesFileError, match=r"^dir\.toml: is a directory"):
        load_sites("dir.toml")
    (tmp_path / "latin.toml").write_bytes(MINIMAL.encode() + b"# caf\xe9\n")
    with pytest.raises(SitesFileError, match=r"^latin\.toml: line 3: not UTF-8 text$"):
        load_sites("latin.toml")


def test_error_attributes_and_pickling(tmp_path):
    with pytest.raises(SitesFileError) as info:
        load_text(tmp_path, MINIMAL + "max_depth = 99\n")
    error = info.value
    assert isinstance(error, ValueError)
    assert (error.site, error.key) == ("harbour-herald", "max_depth")
    assert error.path.endswith("sites.toml")
    assert str(pickle.loads(pickle.dumps(error))) == str(error)


def test_first_error_is_reported_unknown_keys_first(tmp_path):
    with pytest.raises(SitesFileError, match="unknown key 'atricle'"):
        load_text(tmp_path, "[sites.x]\nstart_urls = ['nope']\natricle = []\n")


# URL rules


def rules_site(**extra) -> SiteConfig:
    compiled = {key: tuple(re.compile(p) for p in value) for key, value in extra.items()}
    return SiteConfig(name="s", start_urls=("https://example.org/",), **compiled)


def test_is_article():
    site = rules_site(article=[r"/\d{4}/\d{2}/[\w-]+\.html$", r"[?&]story=\d+"], deny=["/opinion/"])
    assert site.is_article("https://example.org/2024/05/storm.html")
    assert site.is_article("https://example.org/read?story=12")
    assert not site.is_article("https://example.org/opinion/2024/05/storm.html")
    assert not site.is_article("https://example.org/2024/05/")
    assert site.is_article("https://example.org/2024/05/storm.html#comments")


def test_is_article_searches_path_and_query_not_host():
    site = rules_site(article=["example"])
    assert not site.is_article("https://example.org/news/1")
    assert site.is_article("https://other.org/news/?from=example")
    assert not rules_site().is_article("https://example.org/2024/05/storm.html")  # no article regexes


def test_should_follow():
    site = rules_site(follow=["/section/", "^/archive/"], deny=["/tag/"])
    assert site.should_follow("https://example.org/section/world/")
    assert site.should_follow("https://example.org/archive/2024")
    assert not site.should_follow("https://example.org/x/archive/2024")
    assert not site.should_follow("https://example.org/section/tag/storms")
    assert not site.should_follow("https://example.org/about")
    anything = rules_site(deny=["/tag/", r"\?replytocom="])
    assert anything.should_follow("https://example.org/about")
    assert not anything.should_follow("https://example.org/tag/x")
    assert not anything.should_follow("https://example.org/p?replytocom=3")
    assert rules_site().should_follow("https://example.org/anything")


def test_sitemap_urls():
    site = SiteConfig(
        name="s",
        start_urls=("https://Example.org/", "https://example.org/world/", "http://user@m.example.org:8080/x"),
        feeds=("https://feeds.example.net/rss",),
        sitemaps=("https://example.org/sitemap.xml", "robots"),
    )
    assert site.sitemap_urls() == [
        "https://example.org/sitemap.xml",
        "https://example.org/robots.txt",
        "http://m.example.org:8080/robots.txt",
        "https://feeds.example.net/robots.txt",
    ]
    assert SiteConfig(name="s", start_urls=("https://a.example/",)).sitemap_urls() == []


def test_extract_overrides_xpaths():
    extract = ExtractOverrides(body="DIV.article-body", drop=(".related", "//aside", "(//footer)[1]"))
    body = extract.body_xpath()
    assert body.startswith("descendant-or-self::div")
    assert "article-body" in body
    drops = extract.drop_xpaths()
    assert drops[1:] == ("//aside", "(//footer)[1]")
    from lxml import html

    doc = html.fromstring("<html><body><div class='article-body'>x<div class='related'>r</div></div>"
                          "<aside>a</aside><footer>f</footer></body></html>")
    assert [e.get("class") for e in doc.xpath(body)] == ["article-body"]
    assert [len(doc.xpath(x)) for x in drops] == [1, 1, 1]
    assert ExtractOverrides().body_xpath() is None and ExtractOverrides().drop_xpaths() == ()


def test_extract_options_carry_the_site_overrides_and_the_crawl_settings(tmp_path):
    site = load_text(tmp_path, MINIMAL + "[sites.harbour-herald.extract]\nbody = 'div.story'\nfavor_precision = true\n")[
        "harbour-herald"]
    options = site.extract.options(favor_precision=False, keep_all=True)
    assert options.favor_precision is True           # the site's own value wins over the setting
    assert options.keep_all is True
    assert "story" in options.body_xpath and options.drop_xpaths == ()
    plain = ExtractOverrides().options(favor_precision=True)
    assert (plain.favor_precision, plain.body_xpath, plain.keep_all) == (True, None, False)
    import pickle

    assert pickle.loads(pickle.dumps(options)) == options   # sent to the extraction workers as is


# select_sites


def test_select_sites(tmp_path):
    sites = load_text(tmp_path, """\
        [sites.a]
        start_urls = ["https://a.example/"]
        [sites.b]
        start_urls = ["https://b.example/"]
        [sites.c]
        start_urls = ["https://c.example/"]
        """)
    assert [s.name for s in select_sites(sites, [])] == ["a", "b", "c"]
    assert [s.name for s in select_sites(sites, ["c", "a", "c"])] == ["c", "a"]
    with pytest.raises(SitesFileError) as info:
        select_sites(sites, ["a", "x"])
    assert str(info.value) == "unknown site 'x' (configured: a, b, c)"


# properties: nothing but SitesFileError, whatever the file holds

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check_load(path: Path) -> None:
    try:
        sites = load_sites(path)
    except SitesFileError as exc:
        assert "\n" not in str(exc)
    else:
        assert sites and all(isinstance(site, SiteConfig) for site in sites.values())


@SETTINGS
@given(text=st.text())
def test_arbitrary_text_raises_only_sites_file_error(tmp_path, text):
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    check_load(path)


@SETTINGS
@given(data=st.binary())
def test_arbitrary_bytes_raise_only_sites_file_error(tmp_path, data):
    path = tmp_path / "sites.toml"
    path.write_bytes(data)
    check_load(path)


HEADERISH = st.sampled_from([
    "[sites.a]", "[sites.a]", '[sites."a"]', "[sites.a.crawl]", "[sites.a.extract]", "[sites.b]",
    "start_urls = ['https://a.example/']", "feeds = 'https://a.example/rss'", "sitemaps = ['robots']",
    "article = ['(']", "max_depth = true", "concurrency = 0", "body = 'div['", "drop = ['//aside']",
    "language = 'en'", "x = 1", "follow = '/s/'", "= =", "[[sites.a]]", "sites = 1", "",
])


@SETTINGS
@given(lines=st.lists(st.one_of(HEADERISH, st.text(max_size=20)), max_size=12))
def test_config_like_lines_raise_only_sites_file_error(tmp_path, lines):
    path = tmp_path / "sites.toml"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    check_load(path)


def toml_string(text: str) -> str:
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 32 or ord(char) == 127:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


KEYS = st.sampled_from(["start_urls", "feeds", "sitemaps", "follow", "deny", "article", "max_depth",
                        "language", "allowed_domains", "crawl", "extract", "download_delay",
                        "concurrency", "autothrottle", "body", "drop", "robots"]) | st.text(max_size=8)
SCALARS = (st.booleans() | st.integers(-2**63, 2**63 - 1) | st.floats()
           | st.sampled_from(["https://a.example/", "robots", "/x/", "(", "div.a", "//p", "en", "ftp://x"])
           | st.text(max_size=10))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
                      max_leaves=20)
SITES_DOCS = st.dictionaries(
    st.sampled_from(["sites"]) | st.text(max_size=6),
    st.dictionaries(st.text(max_size=8), st.dictionaries(KEYS, VALUES, max_size=6) | VALUES, max_size=3),
    max_size=2)


@SETTINGS
@given(document=SITES_DOCS)
def test_arbitrary_toml_documents_raise_only_sites_file_error(tmp_path, document):
    text = "\n".join(f"{toml_string(key)} = {toml_value(value)}" for key, value in document.items())
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_sites(path)
    except SitesFileError as exc:
        assert "\n" not in str(exc)
        assert ": line " not in str(exc), (text, str(exc))  # the serializer writes valid TOML
