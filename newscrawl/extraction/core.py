"""`extract`: one fetched page in, one `Article` (or None) out. Pure, no Scrapy.

Data flow (the tree is parsed once and shared by every step):

    bytes/str --decode--> text --parse--> lxml tree
        --> metadata (JSON-LD > meta/OpenGraph > page)      [pristine tree]
        --> index-page check (cards, article metadata)
        --> clean_tree (hidden, boilerplate, link-heavy)    [tree mutated in place]
        --> find_lead, trafilatura body, line cleaning, lead prepended when it
           opens the story (a standfirst in the header becomes the description)
        --> word-count check, metadata finished (language checked on the text, htmldate)
        --> Article
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from lxml import etree

from newscrawl.article import Article
from newscrawl.extraction import body, classify
from newscrawl.extraction.clean import (
    clean_tree,
    compute_stats,
    container_chars,
    main_container,
    merge_split_body,
)
from newscrawl.extraction.decode import looks_binary, strip_control_chars, to_unicode
from newscrawl.extraction.metadata import extract_metadata, finish_metadata
from newscrawl.extraction.tree import parse_html
from newscrawl.normalize import normalize_inline, normalize_text

LOGGER = logging.getLogger(__name__)


def extract(
    html: str | bytes,
    url: str,
    *,
    content_type: str | None = None,
    favor_precision: bool = False,
    body_xpath: str | None = None,
    drop_xpaths: Sequence[str] = (),
) -> Article | None:
    """The article on a page, or None when the page is not an article.

    html: the page body; bytes are decoded with the Content-Type header charset, a BOM,
        <meta charset> or a fallback (w3lib.encoding.html_to_unicode).
    url: the URL the page was fetched from (relative links resolve against it).
    content_type: the HTTP Content-Type header, if known.
    favor_precision: ask trafilatura for less but surer text.
    body_xpath, drop_xpaths: a site's extraction overrides (sites file `[extract]`):
        elements removed first, and the element(s) holding the body. When the body
        XPath matches, its text is the body (block by block) instead of trafilatura's.

    Never raises on bad input (empty, binary, malformed or absurdly nested HTML):
    returns None instead.
    """
    try:
        return _extract(html, url, content_type=content_type, favor_precision=favor_precision,
                        body_xpath=body_xpath, drop_xpaths=drop_xpaths)
    except RecursionError:
        LOGGER.warning("extraction gave up on a too deeply nested page: %s", url)
    except Exception:
        LOGGER.exception("extraction failed: %s", url)
    return None


def _extract(html: str | bytes, url: str, *, content_type: str | None, favor_precision: bool,
             body_xpath: str | None = None, drop_xpaths: Sequence[str] = ()) -> Article | None:
    if not html:
        return None
    text = to_unicode(html, content_type)
    if not text.strip() or looks_binary(text):
        return None
    tree = parse_html(strip_control_chars(text))
    if tree is None:
        return None

    md = extract_metadata(tree, url)
    for xpath in drop_xpaths:
        for element in tree.xpath(xpath):
            if isinstance(element, etree._Element) and element.getparent() is not None:
                element.drop_tree()
    stats = compute_stats(tree)  # one pass, shared by classification and cleaning
    main = main_container(tree, stats)
    chosen = [n for n in tree.xpath(body_xpath) if isinstance(n, etree._Element)] if body_xpath else []
    if chosen:
        clean_tree(tree, stats, main)
        raw = "\n".join(body.block_text(node) for node in chosen)
        lead = body_lead = None
    elif classify.is_index_page(
        has_article_metadata=md.is_article,
        is_listing=md.is_listing,
        cards=classify.count_cards(tree),
        container_chars=container_chars(main, stats),
    ):
        return None
    else:
        main = merge_split_body(tree, clean_tree(tree, stats, main), stats)
        lead_el = body.find_lead(tree, main)
        lead = body.lead_text(lead_el)
        body_lead = lead if body.lead_opens_body(lead_el, main) else None
        if lead_el is not None and body_lead is None and lead_el.tag not in ("ul", "ol"):
            lead_el.drop_tree()  # a standfirst: the description, not the story
        dek = body.find_dek(tree, main, md.description, lambda el: stats[el].chars if el in stats else 0)
        if dek is not None:
            lead = lead or body.lead_text(dek)
            dek.drop_tree()
        raw = body.body_text(tree, url, favor_precision=favor_precision)
    lines = body.clean_lines(raw, title=md.title, section=md.section)
    lines = body.strip_furniture(lines, titles=(md.title, md.headline), site_name=md.site_name)
    article_text = normalize_text(body.prepend_lead(lines, body_lead))
    if not classify.has_enough_text(article_text):
        return None

    finish_metadata(md, tree, url, article_text)
    return Article(
        url=url,
        text=article_text,
        title=md.title,
        description=normalize_inline(lead or md.description),  # the standfirst readers see, else meta
        canonical_url=md.canonical_url,
        site_name=md.site_name,
        authors=md.authors,
        published_at=md.published_at,
        modified_at=md.modified_at,
        language=md.language,
        section=md.section,
        tags=md.tags,
        image_url=md.image_url,
        paywalled=md.paywalled,
    )
