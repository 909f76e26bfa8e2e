"""Unit tests of the shared normalization rules in `newscrawl.normalize`."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.normalize import (
    canonicalize_url,
    normalize_inline,
    normalize_text,
    stable_hash,
    to_utc,
    url_domain,
)

# ---------------------------------------------------------------------------- canonicalize_url


def test_host_and_scheme_lower_cased():
    assert canonicalize_url("HTTPS://WWW.Example.COM/Path/To") == "https://www.example.com/Path/To"


def test_path_case_is_kept():
    assert canonicalize_url("https://example.com/A/b/C") == "https://example.com/A/b/C"


def test_fragment_removed():
    assert canonicalize_url("https://example.com/a#comments") == "https://example.com/a"


@pytest.mark.parametrize(
    "tracking",
    ["utm_source=x", "utm_medium=social", "UTM_Campaign=y", "fbclid=abc123", "gclid=Cj0KCQ", "mc_cid=1", "_ga=2.1"],
)
def test_tracking_params_removed(tracking):
    assert canonicalize_url(f"https://example.com/a?{tracking}") == "https://example.com/a"


def test_other_params_kept_in_order():
    url = "https://example.com/a?z=1&utm_source=fb&a=2&fbclid=x&m=3&gclid=y"
    assert canonicalize_url(url) == "https://example.com/a?z=1&a=2&m=3"


def test_blank_and_repeated_params_kept():
    assert canonicalize_url("https://example.com/a?q=&p=1&p=2") == "https://example.com/a?q=&p=1&p=2"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),
    ],
)
def test_default_port_dropped(url, expected):
    assert canonicalize_url(url) == expected


def test_empty_path_becomes_slash():
    assert canonicalize_url("https://example.com") == "https://example.com/"


def test_trailing_dot_in_host_and_whitespace():
    assert canonicalize_url("  https://example.com./a  ") == "https://example.com/a"


def test_non_ascii_path_is_percent_encoded():
    assert canonicalize_url("https://example.lt/žinios/ąčę") == "https://example.lt/%C5%BEinios/%C4%85%C4%8D%C4%99"


def test_idempotent():
    url = "HTTPS://Example.com:443/a/b?x=1&utm_source=y&z=%C5%BE#frag"
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/a", "mailto:someone@example.com", "javascript:void(0)", "/relative/path", "example.com/a", "", "https:///nohost"],
)
def test_non_http_raises_value_error(url):
    with pytest.raises(ValueError):
        canonicalize_url(url)


def test_bad_port_raises_value_error():
    with pytest.raises(ValueError):
        canonicalize_url("https://example.com:99999/a")


def test_url_domain():
    assert url_domain("https://WWW.Example.com/a") == "example.com"
    assert url_domain("https://news.example.com/a") == "news.example.com"


# ---------------------------------------------------------------------------- normalize_text


def test_nfc():
    decomposed = unicodedata.normalize("NFD", "Žemaitė ąčęėįšųūž")
    assert decomposed != "Žemaitė ąčęėįšųūž"
    assert normalize_text(decomposed) == "Žemaitė ąčęėįšųūž"
    assert unicodedata.is_normalized("NFC", normalize_text(decomposed))


def test_whitespace_collapsed_inside_paragraphs():
    assert normalize_text("  one \t two\u00a0 three  ") == "one two three"


def test_zero_width_characters_do_not_survive():
    assert normalize_text("zero\u200bwidth\ufeff") == "zero width"
    assert normalize_text("\ufeffa") == "a"


def test_empty_paragraphs_dropped():
    assert normalize_text("first\n\n   \n\t\nsecond\n") == "first\nsecond"


def test_line_endings_unified():
    assert normalize_text("a\r\nb\rc") == "a\nb\nc"


@pytest.mark.parametrize("value", [None, "", " \n \n "])
def test_empty_text(value):
    assert normalize_text(value) == ""


def test_normalize_text_idempotent():
    text = normalize_text(" a  b \n\n c\u00a0d ")
    assert normalize_text(text) == text


# ---------------------------------------------------------------------------- normalize_inline


def test_inline_joins_lines_and_collapses_space():
    assert normalize_inline("  Title\n  on two   lines ") == "Title on two lines"


@pytest.mark.parametrize("value", [None, "", "   ", "\n\t"])
def test_inline_empty_is_none(value):
    assert normalize_inline(value) is None


def test_inline_nfc():
    assert normalize_inline(unicodedata.normalize("NFD", "Tomás")) == "Tomás"


# ---------------------------------------------------------------------------- to_utc, stable_hash


def test_to_utc_naive_is_utc():
    assert to_utc(datetime(2024, 3, 14, 9, 35)) == datetime(2024, 3, 14, 9, 35, tzinfo=timezone.utc)


def test_to_utc_converts_offset_and_keeps_time():
    value = datetime(2024, 3, 14, 9, 35, tzinfo=timezone(timedelta(hours=2)))
    result = to_utc(value)
    assert result.tzinfo == timezone.utc and (result.hour, result.minute) == (7, 35)


def test_to_utc_none():
    assert to_utc(None) is None


def test_stable_hash():
    assert stable_hash("abc") == stable_hash("abc")
    assert stable_hash("abc") != stable_hash("abd")
    assert len(stable_hash("abc")) == 32
