"""Unit tests of the headline helpers: logo / teaser <h1>s told by their link, logo
prefixes without a separator, label headings, one-word site affixes, slogans in capitals,
short section labels, headings held twice."""

from __future__ import annotations

from lxml import html

from newscrawl.extraction.metadata.headline import (
    SiteNames,
    choose_headline,
    h1_texts,
    link_target,
    squash,
    strip_site,
)

PAGE = "https://blog.example/2025/05/a-post/"


def _h1(markup: str):
    return html.fromstring(f"<html><body>{markup}</body></html>").find(".//h1")


def test_h1_linking_to_the_home_page_is_home():
    assert link_target(_h1('<h1><a href="/">Blog</a></h1>'), PAGE) == "home"
    assert link_target(_h1('<h1><a href="https://blog.example">Blog</a></h1>'), PAGE) == "home"
    assert link_target(_h1('<h1><a rel="home" href="/start">Blog</a></h1>'), PAGE) == "home"
    assert link_target(_h1('<a href="/"><span><h1>Blog</h1></span></a>'), PAGE) == "home"


def test_h1_linking_to_another_host_is_away():
    assert link_target(_h1('<h1><a href="https://other.example/day/7">Day 7</a></h1>'), PAGE) == "away"


def test_h1_linking_to_its_own_page_or_partly_linked_is_kept():
    assert link_target(_h1('<h1><a href="/2025/05/a-post/">A post</a></h1>'), PAGE) is None
    assert link_target(_h1('<h1>Read <a href="/">this</a> first</h1>'), PAGE) is None
    assert link_target(_h1("<h1>A post</h1>"), PAGE) is None
    assert link_target(_h1('<h1><a href="/">Blog</a></h1>'), None) is None


def test_h1_texts_leaves_out_logos_and_collects_them():
    tree = html.fromstring('<html><body><h1><a href="/">Quiet Notes</a></h1>'
                           '<h1><a href="https://x.example/story">Teaser</a></h1><h1>The post</h1></body></html>')
    logos: set[str] = set()
    assert [main for _, main, _ in h1_texts(tree, PAGE, logos)] == ["The post"]
    assert logos == {squash("Quiet Notes")}


def test_h1_ending_in_a_colon_is_a_label():
    tree = html.fromstring("<html><body><h1>Notes from the map room:</h1><h1>Paper maps</h1></body></html>")
    assert [main for _, main, _ in h1_texts(tree)] == ["Paper maps"]


def test_strip_site_drops_a_logo_prefix_without_separator():
    site = SiteNames([], "hubwright.example")
    logos = frozenset({squash("hubwright.example")})
    assert strip_site("hubwright.example Rebuilding a hub", site, logos) == "Rebuilding a hub"
    assert strip_site("Rebuilding a hub", site, logos) == "Rebuilding a hub"


def test_strip_site_drops_one_capitalised_word_after_a_dash():
    site = SiteNames([], "astro-club.example")
    assert strip_site("How to choose a telescope – Skyguide", site) == "How to choose a telescope"
    assert strip_site("Report card - Infographic", site) == "Report card"
    assert strip_site("Nintendo Switch - OLED Model - REFURBISHED", site) == "Nintendo Switch - OLED Model - REFURBISHED"
    assert strip_site("Zero Waste - A Beginner's Guide", site) == "Zero Waste - A Beginner's Guide"
    assert strip_site("Conferences 2026 - 2027", site) == "Conferences 2026 - 2027"


def test_unconfirmed_h1_in_capitals_gives_way_to_the_metadata_title():
    site = SiteNames([], "ledgerline.example")
    h1s = [("KEEPING YOUR BOOKS IN ORDER", "KEEPING YOUR BOOKS IN ORDER", None)]
    assert choose_headline(h1s, [None, "Payroll audits", None], [None, "Payroll audits"], site) == "Payroll audits"
    assert choose_headline(h1s, [None, None, None], [None, None], site) == "KEEPING YOUR BOOKS IN ORDER"
    h1s = [("Keeping your books in order", "Keeping your books in order", None)]
    assert choose_headline(h1s, [None, "Payroll audits", None], [None, "Payroll audits"], site) == h1s[0][0]


def test_unconfirmed_short_h1_is_a_section_label_unless_the_title_contains_it():
    site = SiteNames(["Ledgerline"], "ledgerline.example")
    h1s = [("Conclusions", "Conclusions", None)]
    title = "Closing the books at year end"
    assert choose_headline(h1s, [None, title, None], [None, f"{title} | Ledgerline"], site) == title
    h1s = [("Standing Desks", "Standing Desks", None)]
    assert choose_headline(h1s, [None, "Standing Desks for Every Office", None], [None, None], site) == "Standing Desks"
    h1s = [("Conclusions", "Conclusions", None)]      # a title that is only the site's name is no title
    assert choose_headline(h1s, [None, None, None], [None, "| Ledgerline"], site) == "Conclusions"


def test_heading_held_twice_in_the_markup_reads_once():
    tree = html.fromstring('<html><body><h1><span class="desktop">Markets</span>'
                           '<span class="mobile">Markets</span></h1></body></html>')
    assert h1_texts(tree) == [("Markets", "Markets", None)]
    tree = html.fromstring("<html><body><h1>New York, New York</h1></body></html>")
    assert h1_texts(tree)[0][0] == "New York, New York"


def test_strip_site_drops_a_bracketed_site_name_only():
    site = SiteNames(["Orchard Docs"], "orchard.example")
    assert strip_site("Welcome to the docs [Orchard Docs]", site) == "Welcome to the docs"
    assert strip_site("Best audiobooks in 2025 [Tried 11 Services]", site) == "Best audiobooks in 2025 [Tried 11 Services]"
