"""React streamed segments are put into their placeholders when the page is parsed."""

from __future__ import annotations

from newscrawl.extraction.streamed import place_segments
from newscrawl.extraction.tree import parse_html


def _page(body: str) -> str:
    return f"<html><head><title>t</title></head><body>{body}</body></html>"


def test_segments_replace_their_placeholders_in_page_order():
    tree = parse_html(_page(
        '<div class="story"><template id="B:0"></template>tail<template id="B:1"></template></div>'
        '<footer>foot</footer>'
        '<div hidden id="S:1"><p>second</p><template id="P:2"></template></div>'
        '<div hidden id="S:0"><p>first</p></div>'
        '<div hidden id="S:2"><p>third</p></div>'))
    story = tree.xpath('//div[@class="story"]')[0]
    assert [p.text for p in story.iter("p")] == ["first", "second", "third"]
    assert "tail" in story.text_content()
    assert not tree.xpath("//template") and not tree.xpath("//*[@hidden]")
    assert tree.xpath("//footer")[0].getnext() is None  # nothing left after the footer


def test_segment_without_placeholder_stays_hidden_where_it_is():
    tree = parse_html(_page('<p>story</p><div hidden id="S:5"><p>orphan</p></div>'))
    orphan = tree.xpath('//div[@id="S:5"]')[0]
    assert orphan.get("hidden") is not None and orphan.getparent().tag == "body"
    assert place_segments(tree) == 0


def test_placeholder_inside_its_own_segment_is_left_alone():
    tree = parse_html(_page('<div hidden id="S:1"><p>x</p><template id="B:1"></template></div>'))
    assert tree.xpath('//div[@id="S:1"]')[0].getparent().tag == "body"
