"""The one-pass byline scans of metadata.authors: the byline candidates are what the XPath
form it replaced finds, in the same order; the "By ..." text nodes and the bylines they open."""

from __future__ import annotations

from lxml import etree

from newscrawl.extraction.metadata import authors, words
from newscrawl.extraction.tree import parse_html

BYLINE_XPATH = etree.XPath(
    "//@class[contains(., 'uthor') or contains(., 'yline') or contains(., 'utor') or contains(., 'riter')"
    " or contains(., 'sername') or contains(., 'reator') or contains(., 'byl') or contains(., 'ontributor')"
    " or contains(., 'ournalist') or contains(., 'eporter') or contains(., 'ttribution') or contains(., 'auteur')"
    " or contains(., 'oster') or contains(., 'erfasser') or contains(., 'ignature')]/.."
    " | //@id[contains(., 'uthor') or contains(., 'yline')]/.."
    " | //@rel[contains(., 'author')]/.. | //@itemprop[contains(., 'author')]/.."
    " | //a/@href[%s]/.." % " or ".join(f"contains(., '{p}')" for p in words.AUTHOR_LINK_PARTS)
)
PAGE = """<html><head><title>t</title><script>var by = "By nobody";</script></head><body>
<header class="site-header"><a href="/author/jane">Jane</a><a rel="author" href="/x">X</a></header>
<div id="authorBox"><span class="byline">By <a href="/people/joe">Joe</a></span></div>
<p>By  Jane Doe and\tJohn Roe</p><p>
  Written
  by Someone</p><p>By </p><p>Bystander text</p>
<div>text<br>Von Max Muster<b itemprop="author">M</b> tail</div>
<button>By clicking</button><a>By link</a><noscript>By script-less</noscript>
<p>Text: Ana<span class="contributor-name">Ana</span>Autor: Beto</p>
<ul><li class="post-author">por Luis</li><li class="writer">Por Luis</li></ul>
<div class="signature">Door Piet</div><span id="x-byline">Av Ola</span>
</body></html>"""


def test_byline_candidates_as_the_xpath():
    tree = parse_html(PAGE)
    expected = BYLINE_XPATH(tree)
    assert len(expected) > 8
    assert authors._byline_candidates(tree, 100) == expected
    assert authors._byline_candidates(tree, 3) == expected[:3]


def test_by_texts_open_with_a_byline_word():
    """Text nodes opening with a byline word, outside scripts, links, buttons and
    <noscript>; a byline word alone takes the element after it along."""
    found = [(b.holder.tag, b.texts()) for b in authors._by_texts(parse_html(PAGE), 100)]
    assert found[:3] == [("span", ["By Joe"]), ("p", ["By Jane Doe and John Roe"]), ("p", ["Written by Someone"])]
    assert found[3][1][-1] == "By Bystander text"       # "<p>By </p>" and the paragraph after it
    assert [texts[0] for _, texts in found[4:]] == ["Text: Ana Ana Autor: Beto", "por Luis", "Por Luis", "Door Piet",
                                                    "Av Ola"]
    assert [b.holder.tag for b in authors._by_texts(parse_html(PAGE), 2)] == ["span", "p"]


def test_by_texts_of_tails():
    """A tail opening its parent's text (after an icon or a date) is a byline text; one
    after a link or other text goes on with a sentence. Code is no byline."""
    tree = parse_html("""<html><body>
<div class="meta"><time>May 3</time> by Jane Doe</div>
<div class="meta"><i class="icon"></i>By <a href="/u/joe">Joe Roe</a> <a href="/pdf">View PDF</a></div>
<ul><li><a href="/books/1">The Long Way</a> by Oskar Brandt</li></ul>
<p>Not endorsed<br>by Kim K</p>
<p><code>Ax</code> <code>By</code> <code>C-</code></p>
</body></html>""")
    found = [(b.holder.get("class"), b.texts()) for b in authors._by_texts(tree, 100)]
    assert found == [("meta", ["by Jane Doe"]), ("meta", ["By Joe Roe View PDF", "By Joe Roe"])]


def test_marked_class_parts():
    """Byline class parts mark an element unless a part says it holds something beside the
    name (a date, an avatar, buttons)."""
    marked = [authors._marked(el) for el in parse_html("""<html><body>
<div class="byline">a</div><span class="byline__date">b</span><div class="author_buttons">Find</div>
<div class="dateAndAuthorContainer">c</div><div class="author-avatar">d</div></body></html>""").iter("div", "span")]
    assert marked == [True, False, False, False, False]
