"""The one-pass byline scans of metadata.authors find what the XPath forms they replaced
find, in the same order."""

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
BY_TEXT_XPATH = etree.XPath(
    "//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template"
    " or ancestor::a or ancestor::button or ancestor::option)][%s]"
    % " or ".join(f"starts-with(normalize-space(), '{w} ')" for w in authors._BY_WORDS)
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


def test_by_text_elements_as_the_xpath():
    tree = parse_html(PAGE)
    expected = [node.getparent() for node in BY_TEXT_XPATH(tree)]
    assert len(expected) > 5
    assert authors._by_text_elements(tree, 100) == expected
    assert authors._by_text_elements(tree, 2) == expected[:2]
