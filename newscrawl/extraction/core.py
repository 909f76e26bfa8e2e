"""`extract_page` / `extract`: one fetched page in, its type and `Article` out. Pure, no Scrapy.

Data flow (the tree is parsed once and shared by every step):

    bytes/str --decode--> text --parse--> lxml tree
        --> metadata (JSON-LD > meta/OpenGraph > page)      [pristine tree]
        --> text statistics, body container, page type      [pristine tree]
           (not an article and not keep_all: stop here)
        --> clean_tree (hidden, boilerplate, link-heavy)    [tree mutated in place]
        --> lede / standfirst, trafilatura body, second opinion on a stub,
           line cleaning, end furniture                    (body.py, clean.py)
        --> word-count check, metadata finished (language checked on the text, htmldate)
        --> Article
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from lxml import etree

from newscrawl.article import Article, PageResult
from newscrawl.extraction import body, classify, line_cleaning, pagetype
from newscrawl.extraction import lede as lede_rules
from newscrawl.extraction.clean import (
    body_region,
    clean_tree,
    compute_stats,
    main_container,
    merge_split_body,
)
from newscrawl.extraction.decode import looks_binary, strip_control_chars, to_unicode
from newscrawl.extraction.metadata import (
    extract_metadata,
    finish_dates,
    finish_metadata,
    html_title,
)
from newscrawl.extraction.options import ExtractOptions
from newscrawl.extraction.tree import parse_html
from newscrawl.normalize import normalize_text, word_count

LOGGER = logging.getLogger(__name__)


def extract(
    html: str | bytes,
    url: str,
    *,
    content_type: str | None = None,
    favor_precision: bool = False,
    body_xpath: str | None = None,
    drop_xpaths: Sequence[str] = (),
    options: ExtractOptions | None = None,
) -> Article | None:
    """The article on a page, or None when the page is not an article (or live blog).

    html: the page body; bytes are decoded with the Content-Type header charset, a BOM,
        <meta charset> or a fallback (w3lib.encoding.html_to_unicode).
    url: the URL the page was fetched from (relative links resolve against it).
    content_type: the HTTP Content-Type header, if known.
    favor_precision: ask trafilatura for less but surer text.
    body_xpath, drop_xpaths: a site's extraction overrides (sites file `[extract]`):
        elements removed first, and the element(s) holding the body. When the body
        XPath matches, its text is the body (block by block) instead of trafilatura's,
        and the page counts as an article.
    options: all of these at once (an `ExtractOptions`); when given, the keyword
        arguments above are ignored.

    Never raises on bad input (empty, binary, malformed or absurdly nested HTML):
    returns None instead.
    """
    if options is None:
        options = ExtractOptions(favor_precision=favor_precision, body_xpath=body_xpath, drop_xpaths=drop_xpaths)
    return extract_page(html, url, content_type=content_type, options=replace(options, keep_all=False)).article


def extract_page(
    html: str | bytes,
    url: str,
    *,
    content_type: str | None = None,
    favor_precision: bool = False,
    body_xpath: str | None = None,
    drop_xpaths: Sequence[str] = (),
    keep_all: bool = False,
    options: ExtractOptions | None = None,
) -> PageResult:
    """The page's type (`pagetype.PAGE_TYPES`), its Article and the reason of the decision.

    The Article is given for articles and live blogs; for any other type only with
    keep_all=True (then it holds whatever text the page has; None only when there is
    none). Arguments as for `extract`. Never raises.
    """
    if options is None:
        options = ExtractOptions(favor_precision=favor_precision, body_xpath=body_xpath, drop_xpaths=drop_xpaths,
                                 keep_all=keep_all)
    try:
        return _extract_page(html, url, content_type=content_type, options=options)
    except RecursionError:
        LOGGER.warning("extraction gave up on a too deeply nested page: %s", url)
        return PageResult(pagetype.OTHER, None, "too deeply nested")
    except Exception:
        LOGGER.exception("extraction failed: %s", url)
        return PageResult(pagetype.OTHER, None, "extraction failed")


def _extract_page(html: str | bytes, url: str, *, content_type: str | None, options: ExtractOptions) -> PageResult:
    body_xpath, drop_xpaths, keep_all = options.body_xpath, options.drop_xpaths, options.keep_all
    if not html:
        return PageResult(pagetype.OTHER, None, "empty page")
    text = to_unicode(html, content_type)
    if not text.strip() or looks_binary(text):
        return PageResult(pagetype.OTHER, None, "no text" if not text.strip() else "binary data")
    text = strip_control_chars(text)
    tree = parse_html(text)
    if tree is None:
        return PageResult(pagetype.OTHER, None, "not parsable as HTML")

    md = extract_metadata(tree, url)
    captions = lede_rules.caption_texts(tree)  # before cleaning removes figures
    for xpath in drop_xpaths:
        for element in tree.xpath(xpath):
            if isinstance(element, etree._Element) and element.getparent() is not None:
                element.drop_tree()
    stats = compute_stats(tree)  # one pass, shared by the page type and cleaning
    main = main_container(tree, stats)
    chosen = [n for n in tree.xpath(body_xpath) if isinstance(n, etree._Element)] if body_xpath else []

    if chosen:
        page_type, reason = pagetype.ARTICLE, "site body_xpath matched"
    else:
        features = pagetype.page_features(tree, url, stats, main, has_date=md.published_at is not None,
                                          has_author=bool(md.authors), title=md.title,
                                          page_title=html_title(tree))
        page_type, reason = pagetype.classify(features, body_chars=stats[main].p_chars if main is not None else 0)
    kept = page_type in pagetype.KEPT_TYPES
    if not kept and not keep_all:
        return PageResult(page_type, None, reason)
    finish_dates(md, tree, url)  # before cleaning drops the date lines htmldate reads

    if chosen:
        clean_tree(tree, stats, main)
        raw = "\n".join(body.block_text(node) for node in chosen)
        standfirst = lede = None
    else:
        raw, standfirst, lede = _body(tree, text, url, md, stats, main, favor_precision=options.favor_precision,
                                      liveblog=page_type == pagetype.LIVEBLOG)
    lines = line_cleaning.clean_lines(raw, title=md.title, section=md.section)
    lines = line_cleaning.strip_furniture(lines, titles=(md.title, md.headline), site_name=md.site_name)
    article_text = normalize_text(lede_rules.prepend_lead(lines, lede))
    if kept and not classify.has_enough_text(article_text):
        words = word_count(article_text)
        if not keep_all:
            return PageResult(pagetype.OTHER, None, f"too little text ({words} words); {reason}")
        page_type, reason = pagetype.OTHER, f"too little text ({words} words); {reason}"
    if not article_text:
        return PageResult(page_type, None, f"no text; {reason}")

    finish_metadata(md, article_text)
    article = Article(
        url=url,
        text=article_text,
        title=md.title,
        description=lede_rules.description(standfirst, md.description, lede, titles=(md.title, md.headline),
                                           captions=captions),
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
        page_type=page_type,
    )
    return PageResult(page_type, article, reason)


def _body(tree, page_text, url, md, stats, main, *, favor_precision: bool,
          liveblog: bool = False) -> tuple[str, str | None, str | None]:
    """(raw body text, standfirst for the description, lede to put before the text)."""
    headline = lede_rules.headline_element(tree, md.title)
    region = body_region(main, stats) if main is not None else None
    main = merge_split_body(tree, clean_tree(tree, stats, main), stats)
    standfirst = lede = None
    candidates = [lede_rules.find_lead(tree, main, md.title),
                  lede_rules.find_dek(tree, main, md.description, lambda el: stats[el].chars if el in stats else 0)]
    for element in candidates:
        if element is None or element.getparent() is None:
            continue
        text = lede_rules.lead_text(element)
        if lede_rules.lead_opens_story(element, main, headline):
            lede = lede or text  # stays in the tree; put back in front if trafilatura drops it
        elif element.tag not in ("ul", "ol"):
            standfirst = standfirst or text
            element.drop_tree()  # a standfirst: the description, not the story
    raw = body.body_text(tree, url, favor_precision=favor_precision)
    posts = body.liveblog_posts(tree) if liveblog else ""
    if posts:
        # A live blog marks each post's text as itemprop=articleBody; trafilatura takes
        # the first post and pads it with the page header. The posts, in page order,
        # are the body.
        return posts, standfirst, lede
    container = body.block_text(region) if region is not None and region.getparent() is not None else ""
    if body.is_stub(raw, container):
        # Cleaning (or trafilatura's choice on the cleaned tree) left a stub of what the
        # container holds: ask trafilatura alone on the pristine page, and take the
        # larger answer that agrees with the body (or the container's own text). Rare,
        # so the second run stays within the time budget.
        raw = body.second_opinion(raw, body.body_text(parse_html(page_text), url, favor_precision=favor_precision),
                                  container)
    return raw, standfirst, lede


def page_features(html: str | bytes, url: str, *, content_type: str | None = None) -> dict[str, float] | None:
    """The page-type features of a page, as `extract_page` computes them (for fitting
    and inspecting the page-type model); None when the page is not parsable HTML."""
    text = to_unicode(html, content_type) if html else ""
    if not text.strip() or looks_binary(text):
        return None
    tree = parse_html(strip_control_chars(text))
    if tree is None:
        return None
    md = extract_metadata(tree, url)
    stats = compute_stats(tree)
    main = main_container(tree, stats)
    features = pagetype.page_features(tree, url, stats, main, has_date=md.published_at is not None,
                                      has_author=bool(md.authors), title=md.title, page_title=html_title(tree))
    features["_body_chars"] = float(stats[main].p_chars if main is not None else 0)
    return features
