"""dates._time_elements: <time datetime> inside <article>/<main> first, then the rest."""

from __future__ import annotations

from newscrawl.extraction.metadata.dates import _time_elements
from newscrawl.extraction.tree import parse_html

PAGE = """<html><body>
<header><time datetime="2024-01-01">a</time><time datetime="">b</time><time>c</time></header>
<main><div><time datetime="2024-01-02">d</time></div></main>
<article><p><time datetime="">e</time><time datetime="2024-01-03">f</time></p></article>
<footer><time datetime="2024-01-04">g</time></footer>
</body></html>"""


def test_scoped_first_then_rest_in_page_order():
    tree = parse_html(PAGE)
    assert [el.text for el in _time_elements(tree)] == ["d", "e", "f", "a", "g"]
