"""Page type: what kind of page this is (article, live blog, listing, product, ...).

A news crawler keeps articles and live blogs and refuses the rest (section fronts,
product pages, shop grids, forum threads, service and documentation pages, soft 404s).
The decision is made before cleaning, from features the extractor computes anyway:

  * markup: JSON-LD @type names (read from the raw script text, so CDATA wrappers or an
    unusual @context do not hide them), and whether JSON-LD names types but no Article
    (a CMS page, not a post); og:type; a published date and an author;
  * structure: repeated cards (<article> elements, headings that are links, runs of
    sibling blocks with a link and a heading), link density, paragraph text in the
    body container and in long paragraphs (and their share of the page's text), forms,
    buttons, code blocks, prices;
  * URL shape: depth, a date or a long slug in the path, words like /products/,
    /category/, /forum/, /docs/, /services/.

A small softmax regression (weights in `pagetype_model.json`, fitted by
`benchmarks/fit_pagetype.py` on the tune half of the development sets) turns the
features into one probability per type. A page is an article unless the model is
confident it is not (the article class has a low threshold: refusing a real article
costs more than keeping a stray service page). Two rules stand before the model:
JSON-LD LiveBlogPosting marks a live blog, and an error title ("404", "Page not
found") over a page with little text marks a soft 404.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newscrawl.extraction.tree import readable_text, split_tokens

ARTICLE = "article"
LIVEBLOG = "liveblog"
ERROR = "error"
OTHER = "other"
PAGE_TYPES = (ARTICLE, LIVEBLOG, "listing", "collection", "product", "forum", "service", "documentation", ERROR, OTHER)
KEPT_TYPES = frozenset({ARTICLE, LIVEBLOG})

MODEL_PATH = Path(__file__).with_name("pagetype_model.json")

# ---------------------------------------------------------------------------- markup

_LD_SCRIPT_TYPE = "application/ld+json"
_LD_TYPE_RE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')
_LD_NAME_RE = re.compile(r'"([^"]+)"')

LD_GROUPS = {
    "ld_article": {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
                   "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
                   "askpublicnewsarticle", "satiricalarticle", "blogposting", "socialmediaposting",
                   "report", "scholarlyarticle", "advertisercontentarticle", "medicalwebpage"},
    "ld_liveblog": {"liveblogposting"},
    "ld_techdoc": {"techarticle", "apireference"},
    "ld_product": {"product", "productgroup", "offer", "aggregateoffer", "individualproduct",
                   "productmodel", "vehicle", "car"},
    "ld_collection": {"collectionpage", "itemlist", "searchresultspage", "offercatalog", "productcollection"},
    "ld_forum": {"discussionforumposting", "qapage"},
    "ld_faq": {"faqpage"},
    "ld_howto": {"howto", "recipe"},
    "ld_service": {"service", "localbusiness", "professionalservice", "softwareapplication",
                   "webapplication", "contactpage", "aboutpage", "event", "course"},
}

# A page whose JSON-LD names types but none of these (only WebPage, Organization,
# BreadcrumbList, ...) is usually a site's page, not a post: CMS SEO plugins add an
# Article node to posts only.
ARTICLE_LD_TYPES = frozenset(LD_GROUPS["ld_article"] | LD_GROUPS["ld_liveblog"])


def jsonld_types(tree: HtmlElement) -> set[str]:
    """Lower-case @type names in the page's JSON-LD scripts (vocabulary prefix dropped)."""
    names: set[str] = set()
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower().split(";")[0] != _LD_SCRIPT_TYPE:
            continue
        text = script.text or ""
        for match in _LD_TYPE_RE.finditer(text):
            for name in _LD_NAME_RE.findall(match.group(1)):
                names.add(name.rsplit("/", 1)[-1].rsplit(":", 1)[-1].strip().lower())
    return names


# ---------------------------------------------------------------------------- URL

_DATE_PATH_RE = re.compile(r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)|/(?:19|20)\d\d(?:0[1-9]|1[0-2])[0-3]\d(?:/|$|\D)|(?:19|20)\d\d-\d\d-\d\d")
URL_WORDS = {
    "url_article_kw": {"news", "article", "articles", "blog", "blogs", "story", "stories", "post", "posts",
                       "nachrichten", "artikel", "noticias", "noticia", "actualites", "notizie", "opinion"},
    "url_listing_kw": {"category", "categories", "tag", "tags", "topic", "topics", "section", "archive",
                       "archives", "page", "search", "issues", "events", "directory", "author", "authors"},
    "url_product_kw": {"product", "products", "p", "dp", "item", "items", "sku", "buy", "app"},
    "url_collection_kw": {"collections", "collection", "c", "cat", "shop", "store", "catalog", "catalogue",
                          "browse", "cp"},
    "url_forum_kw": {"forum", "forums", "community", "thread", "threads", "t", "questions", "discussion",
                     "discussions", "viewtopic", "comments", "r", "discuss", "board", "boards"},
    "url_doc_kw": {"docs", "doc", "documentation", "reference", "api", "manual", "manuals", "help",
                   "support", "kb", "wiki", "developer", "developers", "sdk", "lang"},
    "url_service_kw": {"services", "service", "pricing", "solutions", "solution", "features", "about",
                       "contact", "plans", "industries", "platform", "enterprise", "careers", "calculator",
                       "calculators", "tools", "quote", "programs", "program", "consulting", "capabilities"},
}
# Host name labels ("forums.example.com", "docs.example.com", "shop.example.com").
HOST_WORDS = {
    "host_forum": {"forum", "forums", "community", "discuss", "discussion", "board", "boards", "talk", "answers"},
    "host_doc": {"docs", "doc", "developer", "developers", "learn", "wiki", "help", "support", "api", "kb", "manual"},
    "host_blog": {"blog", "blogs", "news", "magazine"},
    "host_shop": {"shop", "store", "buy", "promotions"},
}
_SEGMENT_SPLIT_RE = re.compile(r"[/._]+")


def url_features(url: str) -> dict[str, float]:
    try:
        parts = urlsplit(url or "")
    except ValueError:
        parts = urlsplit("")
    path = parts.path or "/"
    segments = [s for s in path.split("/") if s]
    words = {w.lower() for s in segments for w in _SEGMENT_SPLIT_RE.split(s) if w}
    longest = max(segments, key=len) if segments else ""
    slug_words = len([w for w in re.split(r"[-_+]+", longest.rsplit(".", 1)[0]) if w.isalpha()])
    out = {
        "url_root": float(not segments),
        "url_depth": min(len(segments), 6) / 6,
        "url_date": float(bool(_DATE_PATH_RE.search(path))),
        "url_slug": min(slug_words, 10) / 10,
        "url_long_id": float(bool(re.search(r"\d{5,}", path))),
        "url_query": float(bool(parts.query)),
    }
    for name, vocab in URL_WORDS.items():
        out[name] = float(bool(words & vocab))
    host_labels = set((parts.hostname or "").lower().split(".")[:-2])
    for name, vocab in HOST_WORDS.items():
        out[name] = float(bool(host_labels & vocab))
    return out


# ---------------------------------------------------------------------------- page structure

# The regexes scanned over the page text (text_features) are written in a "first
# character" form for speed: the pattern opens with a plain character class of every
# character a match can start with (case variants spelled out, as re.IGNORECASE would
# match them), so re skips to candidate positions in C instead of trying every
# alternative at every character; each alternative then checks that first character
# with a lookbehind ((?<=a) under IGNORECASE is a/A), and a leading \b becomes (?<!\w.)
# after it. They match exactly what the plain forms in the comments match (checked in
# tests/unit/test_pagetype_regexes.py).

# plain: (?:[$€£¥₹]\s?\d[\d.,]*|\b\d[\d.,]*\s?(?:€|EUR|USD|zł|kr|руб)\b)
_PRICE_RE = re.compile(r"[$€£¥₹\d](?:(?<=[$€£¥₹])\s?\d[\d.,]*|(?<=\d)(?<!\w.)[\d.,]*\s?(?:€|EUR|USD|zł|kr|руб)\b)")
_ERROR_TITLE_RE = re.compile(
    r"\b(?:404|410|page not found|not found|seite nicht gefunden|page introuvable|página no encontrada|"
    r"pagina non trovata|error 404|nie znaleziono|puslapis nerastas)\b", re.IGNORECASE)
# plain (IGNORECASE): add[\s_-]?to[\s_-]?(?:cart|bag|basket|basket)|addtocart|buy[\s_-]now|in den warenkorb|ajouter au panier
_CART_RE = re.compile(r"(?-i:[aAbBiI\u0130\u0131])(?:(?<=a)dd[\s_-]?to[\s_-]?(?:cart|bag|basket|basket)|(?<=a)ddtocart|"
                      r"(?<=b)uy[\s_-]now|(?<=i)n den warenkorb|(?<=a)jouter au panier)", re.IGNORECASE)

_CTA_RE = re.compile(
    r"^(?:get\s+started|contact(?:\s+us)?|request\s+a|book\s+(?:a|now|your|an)|schedule|sign\s+up|start\s+(?:free|now|your)|"
    r"free\s+trial|get\s+a\s+(?:quote|demo)|talk\s+to|call\s+(?:us|now)|buy\s+now|shop\s+(?:now|all)|order\s+now|get\s+in\s+touch|"
    r"try\s+(?:it\s+)?(?:for\s+)?free|download|learn\s+more|see\s+pricing|view\s+pricing|apply\s+now|enroll|register|join\s+now|"
    r"jetzt\b|kontakt|demander|réserver|contáctanos|solicitar)", re.IGNORECASE)
_READ_MORE_RE = re.compile(r"^(?:read\s+more|continue\s+reading|read\s+the\s+(?:full\s+)?(?:story|article)|weiterlesen|mehr\s+lesen|"
                           r"lire\s+la\s+suite|leer\s+más|leggi\s+(?:tutto|di\s+più)|więcej|skaityti\s+daugiau)\b", re.IGNORECASE)
_PAGINATION_RE = re.compile(r"(?:[?&](?:page|p|pg|paged)=\d|/page/\d|/p\d+/?$)", re.IGNORECASE)
# plain (IGNORECASE): \b(?:\d{1,2}[./]\d{1,2}[./](?:19|20)?\d\d|(?:19|20)\d\d-\d\d-\d\d|
#   (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d|
#   \d{1,2}\.?\s+(?:jan|feb|mar|apr|may|mai|jun|jul|aug|sep|oct|okt|nov|dec|dez)[a-zä]*\.?\s+(?:19|20)\d\d)\b
_DATE_TEXT_RE = re.compile(
    r"(?-i:[\dJjFfMmAaSsOoNnDd\u017f])(?<!\w.)(?:(?<=\d)\d?[./]\d{1,2}[./](?:19|20)?\d\d|(?:(?<=1)9|(?<=2)0)\d\d-\d\d-\d\d|"
    r"(?:(?<=j)an|(?<=f)eb|(?<=m)ar|(?<=a)pr|(?<=m)ay|(?<=j)un|(?<=j)ul|(?<=a)ug|(?<=s)ep|(?<=s)ept|(?<=o)ct|(?<=n)ov|(?<=d)ec)"
    r"[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d|"
    r"(?<=\d)\d?\.?\s+(?:jan|feb|mar|apr|may|mai|jun|jul|aug|sep|oct|okt|nov|dec|dez)[a-zä]*\.?\s+(?:19|20)\d\d)\b",
    re.IGNORECASE)
BYLINE_PARTS = frozenset({"author", "authors", "byline", "byl", "writer", "autor", "auteur"})
COMMENT_PARTS = frozenset({"comment", "comments", "respond"})
TOC_PARTS = frozenset({"toc", "breadcrumb", "breadcrumbs", "pagination", "pager"})

FORUM_PARTS = frozenset({"reply", "replies", "thread", "threads", "topic", "username", "avatar", "postbody",
                         "post", "posts", "message", "messages", "forum", "vote", "votes", "upvote"})
PRODUCT_PARTS = frozenset({"price", "prices", "cart", "basket", "sku", "product", "products", "variant",
                           "swatch", "rating", "ratings", "stock", "checkout", "quantity", "qty"})
NAV_TAGS = frozenset({"nav", "aside"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4"})
# Tags only counted, by the counter they add to.
_SIMPLE_COUNTS = {"article": "article", "time": "time", "form": "form", "input": "input", "textarea": "input",
                  "select": "select", "pre": "pre", "code": "code", "li": "li", "img": "img", "table": "table"}


_NAME_PARTS = FORUM_PARTS | PRODUCT_PARTS | BYLINE_PARTS | COMMENT_PARTS | TOC_PARTS
# A name part can only equal a word above when the lower-cased value holds the word.
_ANY_NAME_PART_RE = re.compile("|".join(map(re.escape, sorted(_NAME_PARTS, key=len, reverse=True))))
_NO_NAME_HITS = (False, False, False, False, False)


@lru_cache(maxsize=16384)
def _name_hits(class_attr: str | None, id_attr: str | None) -> tuple[bool, bool, bool, bool, bool]:
    if not _ANY_NAME_PART_RE.search(f"{class_attr or ''} {id_attr or ''}".lower()):
        return _NO_NAME_HITS  # most names: no splitting needed
    parts = {p for ps in split_tokens(class_attr, id_attr) for p in ps}
    return (bool(parts & FORUM_PARTS), bool(parts & PRODUCT_PARTS), bool(parts & BYLINE_PARTS),
            bool(parts & COMMENT_PARTS), bool(parts & TOC_PARTS))


def _log(n: float, scale: float = 4.0) -> float:
    """log1p scaled to about 0..1 for counts up to e**scale."""
    return min(math.log1p(max(n, 0.0)) / scale, 2.0)


def structure_features(tree: HtmlElement, stats: dict, main: HtmlElement | None) -> dict[str, float]:
    """Counts over the page in one walk over `clean.compute_stats`'s statistics, which
    hold every element of the tree with its tag (counts, so the order does not matter)."""
    body = next(tree.iter("body"), tree)
    root_st = stats.get(body) or stats.get(tree)
    chars = root_st.chars if root_st else 0
    link_chars = root_st.link_chars if root_st else 0
    n = dict.fromkeys(("article", "time", "form", "input", "button", "pre", "code", "h", "hlink", "longp", "p",
                       "forum", "product", "itemprop_price", "nav_links", "li", "img", "table", "select",
                       "byline", "comment", "toc", "cta", "read_more", "pagination", "h_id"), 0)
    card_run = long_p_chars = 0
    simple_counts = _SIMPLE_COUNTS
    for el, st in stats.items():  # hot loop, tags by frequency
        tag = st.tag
        simple = simple_counts.get(tag)
        if simple is not None:
            n[simple] += 1
        elif tag == "p":
            n["p"] += 1
            if st.chars - st.link_chars >= LONG_P_CHARS:
                n["longp"] += 1
                long_p_chars += st.chars
        elif tag == "a" or tag == "button":
            if 0 < st.chars <= 40:
                label = " ".join(((el.text or "") if not len(el) else "".join(el.itertext())).split())
                if _CTA_RE.match(label):
                    n["cta"] += 1
                elif _READ_MORE_RE.match(label):
                    n["read_more"] += 1
            if tag == "a":
                rel = el.get("rel") or ""
                if rel in ("next", "prev") or _PAGINATION_RE.search(el.get("href") or ""):
                    n["pagination"] += 1
                elif "author" in rel:
                    n["byline"] += 1
            else:
                n["button"] += 1
        elif tag in _HEADING_TAGS:
            n["h"] += 1
            if st.links:
                n["hlink"] += 1
            if el.get("id"):
                n["h_id"] += 1
        elif tag in NAV_TAGS:
            n["nav_links"] += st.links
        itemprop = el.get("itemprop")
        if itemprop is not None:
            if itemprop in ("price", "offers", "lowPrice"):
                n["itemprop_price"] += 1
            elif itemprop == "author":
                n["byline"] += 1
        class_attr, id_attr = el.get("class"), el.get("id")
        if class_attr is not None or id_attr is not None:
            hits = _name_hits(class_attr, id_attr)
            if hits is not _NO_NAME_HITS:
                forum, product, byline, comment, toc = hits
                n["forum"] += forum
                n["product"] += product
                n["byline"] += byline
                n["comment"] += comment
                n["toc"] += toc
        if len(el) >= 3:
            run = _card_children(el, stats)
            if run > card_run:
                card_run = run
    main_st = stats.get(main) if main is not None else None
    main_p = main_st.p_chars if main_st else 0
    return {
        "n_article": _log(n["article"]),
        "n_time": _log(n["time"]),
        "n_form": _log(n["form"], 2),
        "n_input": _log(n["input"]),
        "n_button": _log(n["button"]),
        "n_select": _log(n["select"], 2),
        "n_code": _log(n["pre"] + n["code"]),
        "n_headings": _log(n["h"]),
        "n_headline_links": _log(n["hlink"]),
        "n_long_p": _log(n["longp"]),
        "n_li": _log(n["li"], 6),
        "n_img": _log(n["img"], 5),
        "n_table": _log(n["table"], 2),
        "n_forum_names": _log(n["forum"], 5),
        "n_product_names": _log(n["product"], 5),
        "itemprop_price": float(n["itemprop_price"] > 0),
        "n_byline": _log(n["byline"], 3),
        "n_comment_names": _log(n["comment"], 4),
        "n_toc_names": _log(n["toc"], 3),
        "n_cta": _log(n["cta"], 3),
        "n_read_more": _log(n["read_more"], 3),
        "n_pagination": _log(n["pagination"], 2),
        "n_heading_ids": _log(n["h_id"], 4),
        "headings_per_long_p": min(n["h"] / max(1, n["longp"]), 5) / 5,
        "main_p_children": _log(_long_children(main, stats), 3),
        "nav_links": _log(n["nav_links"], 6),
        "card_run": _log(card_run),
        "main_p_chars": _log(main_p, 10),
        "main_share": (main_st.chars / chars) if main_st and chars else 0.0,
        "main_p_share": (main_p / chars) if chars else 0.0,
        "long_p_share": (long_p_chars / chars) if chars else 0.0,
        "link_density": (link_chars / chars) if chars else 0.0,
        "text_chars": _log(chars, 12),
    }


CARD_MAX_CHARS = 500
LONG_P_CHARS = 150  # a paragraph of running text (link text not counted)


def _card_children(el: HtmlElement, stats: dict) -> int:
    """How many element children of el are cards (short, with a link and a heading or
    mostly link text): the length of a repeated teaser/product/thread list."""
    if len(el) < 3:
        return 0
    count = 0
    for child in el:
        st = stats.get(child)
        if st is None or st.links == 0 or st.chars == 0 or st.chars > CARD_MAX_CHARS:
            continue
        if st.headings or st.link_chars >= 0.3 * st.chars:
            count += 1
    return count


def _long_children(main: HtmlElement | None, stats: dict) -> int:
    """Paragraphs of 150+ characters held directly by the body container."""
    if main is None:
        return 0
    count = 0
    for child in main:
        st = stats.get(child)
        if st is not None and child.tag == "p" and st.chars - st.link_chars >= LONG_P_CHARS:
            count += 1
    return count


# (first-character form, see _PRICE_RE) plain: (?:\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b
_PHONE_RE = re.compile(r"[+(\d](?:(?<=\+)\d{1,3}[\s.-]?\(?\d{3}|(?<=\()\d{3}|(?<=\d)\d{2})\)?[\s.-]\d{3}[\s.-]\d{4}\b")
# plain (IGNORECASE): \b(?:our\s+(?:services|team|clients|experts|solutions|platform|customers|mission)|
#   we\s+(?:offer|provide|help|specialize|deliver)|contact\s+us|free\s+(?:consultation|quote|estimate|trial|demo)|
#   get\s+(?:a\s+quote|started)|book\s+a\s+(?:call|demo|consultation)|request\s+a\s+(?:demo|quote)|
#   unsere\s+leistungen|nos\s+services|nuestros\s+servicios)\b
_SERVICE_WORDS_RE = re.compile(
    r"(?-i:[oOwWcCfFgGbBrRuUnN])(?<!\w.)(?:(?<=o)ur\s+(?:services|team|clients|experts|solutions|platform|customers|mission)|"
    r"(?<=w)e\s+(?:offer|provide|help|specialize|deliver)|(?<=c)ontact\s+us|(?<=f)ree\s+(?:consultation|quote|estimate|trial|demo)|"
    r"(?<=g)et\s+(?:a\s+quote|started)|(?<=b)ook\s+a\s+(?:call|demo|consultation)|(?<=r)equest\s+a\s+(?:demo|quote)|"
    r"(?<=u)nsere\s+leistungen|(?<=n)os\s+services|(?<=n)uestros\s+servicios)\b", re.IGNORECASE)
_TITLE_ARTICLE_RE = re.compile(
    r"^(?:how|why|what|when|where|who|which|is|are|can|should|do|does|will)\b|\?|\b\d+\s+(?:best|ways|tips|things|reasons|steps|ideas)\b|"
    r"\b(?:guide|tips|explained|review|vs\.?|versus|interview)\b", re.IGNORECASE)


def text_features(text: str, title: str) -> dict[str, float]:
    sample = text[:200_000]
    prices = len(_PRICE_RE.findall(sample))
    title_words = len((title or "").split())
    return {
        "phones": _log(len(_PHONE_RE.findall(sample)), 3),
        "service_words": _log(len(_SERVICE_WORDS_RE.findall(sample)), 3),
        "title_words": min(title_words, 20) / 20,
        "title_article": float(bool(_TITLE_ARTICLE_RE.search(title or ""))),
        "prices": _log(prices),
        "dates_in_text": _log(len(_DATE_TEXT_RE.findall(sample)), 4),
        "cart": float(bool(_CART_RE.search(sample))),
        "error_title": float(bool(_ERROR_TITLE_RE.search(title or ""))),
    }


# ---------------------------------------------------------------------------- features


def og_type(tree: HtmlElement) -> str:
    for el in tree.iter("meta"):
        if (el.get("property") or el.get("name") or "").strip().lower() == "og:type":
            return (el.get("content") or "").strip().lower()
    return ""


def page_features(tree: HtmlElement, url: str, stats: dict, main: HtmlElement | None, *,
                  has_date: bool = False, has_author: bool = False,
                  title: str | None = None, page_title: str | None = None) -> dict[str, float]:
    """Every feature of the page by name (floats, about 0..1), from the pristine tree.

    title: the headline; page_title: the raw <title>, read only for the soft-404 rule
    (`_error_page_title`, a key the model does not see: soft 404s often show a friendly
    "Sorry, we couldn't find that page" headline under a "Page not found" <title>)."""
    types = jsonld_types(tree)
    features: dict[str, float] = {name: float(bool(types & group)) for name, group in LD_GROUPS.items()}
    features["ld_none"] = float(not types)
    features["ld_not_article"] = float(bool(types) and not types & ARTICLE_LD_TYPES)
    og = og_type(tree)
    features["og_article"] = float(og in ("article", "news", "blog", "article:news"))
    features["og_product"] = float(og.startswith("product") or og in ("og:product",))
    features["og_website"] = float(og == "website")
    features["has_date"] = float(has_date)
    features["has_author"] = float(has_author)
    features.update(url_features(url))
    features.update(structure_features(tree, stats, main))
    body = next(tree.iter("body"), tree)
    features.update(text_features(readable_text(body) if body is not None else "", title or ""))
    features["_error_page_title"] = float(bool(_ERROR_TITLE_RE.search(page_title or "")))
    return features


# ---------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class PageTypeModel:
    classes: tuple[str, ...]
    features: tuple[str, ...]
    weights: tuple[tuple[float, ...], ...]   # one row per class, one column per feature
    bias: tuple[float, ...]
    article_threshold: float                 # P(article) at or above which a page is an article

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> PageTypeModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(tuple(data["classes"]), tuple(data["features"]),
                   tuple(tuple(row) for row in data["weights"]), tuple(data["bias"]),
                   float(data["article_threshold"]))

    def scores(self, features: dict[str, float]) -> list[float]:
        x = [features.get(name, 0.0) for name in self.features]
        return [b + sum(w * v for w, v in zip(row, x)) for row, b in zip(self.weights, self.bias)]

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        scores = self.scores(features)
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps)}

    def explain(self, features: dict[str, float], cls: str, top: int = 3) -> list[str]:
        """The features that pushed the page most towards cls (vs the article class)."""
        i, a = self.classes.index(cls), self.classes.index(ARTICLE)
        contrib = []
        for j, name in enumerate(self.features):
            value = features.get(name, 0.0)
            delta = (self.weights[i][j] - self.weights[a][j]) * value if cls != ARTICLE else self.weights[i][j] * value
            contrib.append((delta, name))
        contrib.sort(reverse=True)
        return [name for delta, name in contrib[:top] if delta > 0]


@lru_cache(maxsize=1)
def default_model() -> PageTypeModel | None:
    try:
        return PageTypeModel.load()
    except (OSError, ValueError, KeyError):
        return None


ERROR_MAX_CHARS = 1_000  # an error title over more body text than this is an article about errors


def classify(features: dict[str, float], *, body_chars: int = 0,
             model: PageTypeModel | None = None) -> tuple[str, str]:
    """(page type, reason) of a page from its features; body_chars: paragraph text of
    the body container."""
    if features.get("ld_liveblog"):
        return LIVEBLOG, "jsonld LiveBlogPosting"
    if (features.get("error_title") or features.get("_error_page_title")) and body_chars < ERROR_MAX_CHARS:
        return ERROR, "error title, little text"
    model = model if model is not None else default_model()
    if model is None:
        return ARTICLE, "no page-type model"
    probs = model.probabilities(features)
    p_article = probs.get(ARTICLE, 0.0)
    if p_article >= model.article_threshold:
        return ARTICLE, f"p(article) {p_article:.2f}"
    best = max((c for c in model.classes if c != ARTICLE), key=lambda c: probs[c])
    because = ", ".join(model.explain(features, best))
    return best, f"p({best}) {probs[best]:.2f}, p(article) {p_article:.2f}: {because}"
