"""Headline: the headline a reader sees, chosen by agreement between the page's sources.

Sources: the visible `<h1>` elements (kicker / overline spans left out; not one that is a
link to a home page as a whole, the site's logo, nor one linking to another host, a teaser;
not a label ending in ":") and the titles in the metadata (JSON-LD headline, og:title,
twitter:title, `<meta name=title>`, `<title>`).
Metadata titles lose their site affix first ("Headline | Site", "Site - Headline",
"Headline - News - Site"): a segment is the site when it matches the site name or the
domain's brand ("n-tv.de", "The Motley Fool" on fool.com) or the text of a logo heading
(also with no separator: "blogname.com Headline"), or when the rest of the title is
confirmed by another source.

The choice, in this order:

1. an `<h1>` that a metadata title confirms (equal once case and quote styles are folded,
   or the title is the h1 plus an affix) is the headline: it is what readers see;
2. an `<h1>` reading "Kicker: Headline" whose tail a metadata title confirms gives that
   tail (the kicker is a label above the headline, not part of it);
3. an `<h1>` that is the site name (a logo) or the site/section part of the `<title>` is
   not the headline;
4. otherwise the metadata title most sources agree on (JSON-LD, then og:title, twitter,
   `<title>` break ties), else the first remaining `<h1>` (on article pages the first
   `<h1>` wins over the metadata, unless it is in capitals: a slogan over the story).

Pure functions over strings and the parsed tree; no site is named anywhere.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newscrawl.extraction.metadata import words
from newscrawl.extraction.tree import absolute_url, split_tokens
from newscrawl.normalize import normalize_inline

MIN_HEADLINE_WORDS = 3          # an unconfirmed <h1> shorter than this is a section label
MAX_HEADLINE_WORDS = 40         # an <h1> longer than this is a standfirst or a whole block
MAX_H1 = 6                      # <h1> elements looked at, in document order
MAX_KICKER_WORDS = 8            # "Kicker: Headline": the label is short
MIN_BRAND_CHARS = 3

# Separators between a headline and a site name or section in a <title>/og:title.
_SEPARATOR_RE = re.compile(r"\s+[|\-–—:·•»«~/]{1,2}\s+|\s*[|ㅣ｜]\s*|\s+::\s+")
# Separators between a kicker and the headline inside one <h1>.
_KICKER_SEP_RE = re.compile(r"[:|–—]\s+|\s+[-–—|]\s+")
# A heading inside these is page furniture ("Contact us" in the footer, a menu title).
OUTSIDE_STORY_TAGS = frozenset({"footer", "button", "dialog"})
# Class parts of a heading that only screen readers see.
HIDDEN_CLASS_PARTS = frozenset({"blind", "hidden", "invisible", "offscreen", "visuallyhidden", "screenreader", "a11y"})
# Characters pages append to a heading as a permalink / anchor mark.
_TRAILING_MARKS_RE = re.compile(r"[\s¶§#⚓🔗\ue000-\uf8ff]+$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "‚": "'", "´": "'", "`": "'", "“": '"', "”": '"', "„": '"',
                         "«": '"', "»": '"', "\u00ad": None, "\u200b": None})
_NOT_WORD_RE = re.compile(r"[\W_]+")


_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+(?=[:;!?,.])")


def fold(value: str) -> str:
    """A comparison key: case, quote styles, soft hyphens and spacing folded
    ("Kicker : Headline" and "Kicker: Headline" are one key)."""
    return _SPACE_BEFORE_PUNCT_RE.sub("", " ".join(value.translate(_QUOTES).casefold().split()))


def squash(value: str) -> str:
    """Letters and digits only, accents removed: "Börsen-Zeitung" -> "borsenzeitung"."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return _NOT_WORD_RE.sub("", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def clean_heading(value: str | None) -> str | None:
    if not value:
        return None
    value = normalize_inline(html.unescape(value) if "&" in value else value)
    if not value:
        return None
    return normalize_inline(_TRAILING_MARKS_RE.sub("", value))


class SiteNames:
    """The names a page's site goes by: og:site_name, publisher, application-name, the
    brand of its domain ("fool" of www.fool.com). `matches` tells a title segment that is
    the site apart from one that merely mentions it."""

    def __init__(self, names: Iterable[str | None], domain: str | None):
        self.keys = {squash(n) for n in names if n and len(squash(n)) >= MIN_BRAND_CHARS}
        self.brand = None
        if domain:
            label = domain.split(".")[0]
            if len(squash(label)) >= MIN_BRAND_CHARS:
                self.brand = squash(label)
        self.exact = self.keys | ({self.brand} if self.brand else set())

    def matches(self, segment: str, strict: bool = False) -> bool:
        """The segment names the site: exactly (or by its initials: "Occupational Safety
        and Health Administration" on osha.gov); unless `strict`, also a longer form of
        the name ("The Motley Fool" on fool.com, "Arch Linux Forums" on archlinux.org)."""
        key = squash(segment)
        if not key:
            return False
        if key in self.exact or _initials(segment) in self.exact:
            return True
        if strict:
            return False
        for name in self.keys:
            if len(key) >= 4 and (key in name or name in key) and len(key) <= 2 * len(name) + 4:
                return True
        brand = self.brand
        return bool(brand) and (
            ((key.startswith(brand) or key.endswith(brand)) and len(key) <= len(brand) + 12)
            or (len(key) >= 4 and key in brand))


_MINOR_WORDS = frozenset({"and", "of", "the", "for", "&", "und", "der", "die", "das", "de", "la", "le", "et"})


def _initials(segment: str) -> str:
    words = [w for w in segment.split() if w.casefold() not in _MINOR_WORDS]
    return squash("".join(w[0] for w in words if w)) if len(words) >= 3 else ""


def segments(title: str) -> tuple[list[str], list[str]]:
    """A title cut at its separators: (parts, separators between them)."""
    parts = _SEPARATOR_RE.split(title)
    seps = _SEPARATOR_RE.findall(title)
    if any(not p.strip() for p in parts):
        return [title], []
    return [p.strip() for p in parts], seps


def _join(parts: Sequence[str], seps: Sequence[str]) -> str:
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += sep + part
    return out


MAX_TAIL_WORDS = 4     # "Headline | Brand Name": a short last segment after a pipe is the site


def _is_pipe(sep: str) -> bool:
    return sep.strip() in ("|", "｜", "ㅣ", "||")


_BRACKETED_TAIL_RE = re.compile(r"\s+\[([^\[\]]+)\]$")


def _is_dash(sep: str) -> bool:
    return sep.strip() in ("-", "–", "—")


def _is_name_word(segment: str) -> bool:
    """One capitalised word ("BigFuture", "Infographic"), what follows a dash at the end of
    a title when it is the site or the format; not a number, code or shouted variant."""
    return (len(segment.split()) == 1 and segment[:1].isupper() and not segment.isupper()
            and segment.isalpha())


def strip_site(title: str | None, site: SiteNames, logos: frozenset[str] = frozenset()) -> str | None:
    """"Headline | Site" / "Site - Headline" / "Headline - Section - Site" -> "Headline".

    A segment goes when it names the site (`SiteNames.matches`) or is the text of the
    page's logo heading (`logos`, squashed); then a short last segment after a pipe
    ("Headline | Brand"), since headlines themselves practically never contain " | ",
    or one capitalised word after a dash ("Headline – Brand", "Headline - Infographic").
    A bracketed tail goes when it names the site ("Page [Site Docs]")."""
    if not title:
        return title
    title = _drop_logo_prefix(title, logos)
    bracketed = _BRACKETED_TAIL_RE.search(title)
    if bracketed and (site.matches(bracketed.group(1)) or squash(bracketed.group(1)) in logos):
        title = title[: bracketed.start()]      # "Page [Site Docs]"
    parts, seps = segments(title)
    if len(parts) == 1:
        return title
    start, end = 0, len(parts)
    while end - start > 1 and (site.matches(parts[end - 1]) or squash(parts[end - 1]) in logos):
        end -= 1
    while end - start > 1 and (site.matches(parts[start], strict=True) or squash(parts[start]) in logos):
        start += 1
    while (end - start > 1 and (_is_pipe(seps[end - 2]) and len(parts[end - 1].split()) <= MAX_TAIL_WORDS
                                or _is_dash(seps[end - 2]) and _is_name_word(parts[end - 1]))
           and len(_join(parts[start:end - 1], seps[start:end - 2]).split()) >= 2):
        end -= 1
    return _join(parts[start:end], seps[start:end - 1])


def _drop_logo_prefix(title: str, logos: frozenset[str]) -> str:
    """"Blogname.com Headline" -> "Headline" when "Blogname.com" is the page's logo
    heading: the words before the headline spell a logo, with no separator between."""
    words = title.split()
    for n in range(1, min(len(words) - 1, MAX_TAIL_WORDS) + 1):
        if squash(" ".join(words[:n])) in logos:
            return " ".join(words[n:])
    return title


# ------------------------------------------------------------------------------ <h1>

def _is_hidden(el: HtmlElement) -> bool:
    """Hidden by style or attribute, or only for screen readers ("sr-only", "blind")."""
    for node in (el, *el.iterancestors()):
        style = (node.get("style") or "").replace(" ", "").lower()
        if node.get("hidden") is not None or "display:none" in style or "visibility:hidden" in style:
            return True
        if node.tag in OUTSIDE_STORY_TAGS:
            return True
    return any(set(parts) & HIDDEN_CLASS_PARTS or parts[:2] == ["sr", "only"]
               for parts in split_tokens(el.get("class")))


def _is_kicker(el: HtmlElement) -> bool:
    if el.get("aria-hidden") == "true":
        return True
    return any(part in words.KICKER_CLASS_PARTS for parts in split_tokens(el.get("class"), el.get("id")) for part in parts)


def _text_without_kickers(h1: HtmlElement) -> str:
    pieces = [h1.text or ""]
    for child in h1:
        if not isinstance(child.tag, str) or child.tag in ("script", "style", "noscript", "template"):
            pass
        elif not _is_kicker(child):
            pieces.append(" ".join(child.itertext()))
        pieces.append(child.tail or "")
    return " ".join(" ".join(pieces).split())


def _whole_link(h1: HtmlElement) -> HtmlElement | None:
    """The <a> that holds the whole heading: an ancestor, or its only child element with
    all of its text (`<h1><a href="/">Blog</a></h1>`)."""
    for node in h1.iterancestors():
        if node.tag == "a":
            return node
    children = [c for c in h1 if isinstance(c.tag, str)]
    if (len(children) == 1 and children[0].tag == "a" and not (h1.text or "").strip()
            and not (children[0].tail or "").strip()):
        return children[0]
    return None


def link_target(h1: HtmlElement, base: str | None) -> str | None:
    """Where an <h1> that is a link as a whole points: "home" (the site's home page, by
    rel=home or a root path: the site's logo), "away" (another host: a teaser of
    somebody else's page), else None (no link, or a page of this site such as the
    story's own permalink)."""
    link = _whole_link(h1)
    if link is None or not base:
        return None
    if "home" in (link.get("rel") or "").lower().split():
        return "home"
    target = absolute_url(link.get("href"), base)
    if not target:
        return None
    here, there = urlsplit(base), urlsplit(target)
    if there.path in ("", "/") and not there.query and not there.fragment:
        return "home"
    if _host(there.netloc) != _host(here.netloc):
        return "away"
    return None


def _host(netloc: str) -> str:
    host = netloc.lower().rsplit("@", 1)[-1].split(":", 1)[0]
    return host[4:] if host.startswith("www.") else host


def _said_once(text: str | None) -> str | None:
    """"News News" -> "News": a heading whose markup holds its text twice (a desktop and a
    mobile copy, one of them hidden by the style sheet) reads as one copy."""
    if not text:
        return text
    words = text.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text


def h1_texts(tree: HtmlElement, base: str | None = None,
             logos: set[str] | None = None) -> list[tuple[str, str, str | None]]:
    """(full text, text without kicker elements, kicker text) of the visible <h1>s.

    With the page's URL (`base`), an <h1> that links as a whole to a home page is the
    site's logo and one that links to another host is a teaser: both are left out, the
    logos' texts (squashed) added to `logos` so that titles lose them as affixes."""
    out = []
    for el in tree.iter("h1"):
        if len(out) >= MAX_H1:
            break
        if _is_hidden(el):
            continue
        target = link_target(el, base)
        if target:
            if target == "home" and logos is not None:
                logos.add(squash(" ".join(el.itertext())))
            continue
        full = _said_once(clean_heading(" ".join(" ".join(el.itertext()).split()) if len(el) else el.text))
        if not full or len(full.split()) > MAX_HEADLINE_WORDS or full.endswith(":"):
            continue                # a heading ending in ":" introduces a list, it is no headline
        main, kicker = full, None
        if len(el):
            main = _said_once(clean_heading(_text_without_kickers(el).lstrip(" :|-–—"))) or full
            kicker = clean_heading(" ".join(" ".join(c.itertext()) for c in el
                                            if isinstance(c.tag, str) and _is_kicker(c)
                                            and c.get("aria-hidden") != "true")) or None
        out.append((full, main, kicker))
    return out


# ------------------------------------------------------------------------------ choice

def _tails(text: str) -> list[str]:
    """"Kicker: Headline" -> ["Headline"] (every cut after a short kicker)."""
    out = []
    for match in _KICKER_SEP_RE.finditer(text):
        kicker, tail = text[: match.start()], text[match.end():]
        if len(kicker.split()) <= MAX_KICKER_WORDS and len(tail.split()) >= 3:
            out.append(tail)
    return out


def _end_cuts(title: str) -> list[str]:
    """A title with affix segments cut off either end ("A | B | C": A | B | C, A | B, A, B | C, C)."""
    parts, seps = segments(title)
    out = [_join(parts[:j], seps[:j - 1]) for j in range(len(parts), 0, -1)]
    out += [_join(parts[i:], seps[i:]) for i in range(1, len(parts))]
    return out


class _Spellings:
    """Texts by their folded key; the first one added (highest precedence) is kept."""

    def __init__(self, texts: Iterable[str] = ()):
        self.by_key: dict[str, str] = {}
        for text in texts:
            self.by_key.setdefault(fold(text), text)

    def get(self, text: str) -> str | None:
        return self.by_key.get(fold(text))


def _words(text: str) -> str:
    """The folded words of a text, space separated and padded, for whole-word containment."""
    return f" {' '.join(_NOT_WORD_RE.sub(' ', fold(text)).split())} "


def _is_label(h1: str, titles: Sequence[str]) -> bool:
    """An unconfirmed <h1> that gives way to the page's `titles`: one in capitals (a slogan
    over the story), or one shorter than a headline under a title that reads as one and
    does not contain it ("Conclusions", "Web Designs": a section label; "MacBook Air"
    under "MacBook Air 13-inch and 15-inch" is the short form of the title)."""
    if h1.isupper():
        return bool(titles)
    return (len(h1.split()) < MIN_HEADLINE_WORDS
            and any(len(t.split()) >= MIN_HEADLINE_WORDS for t in titles)
            and not any(_words(h1) in _words(t) for t in titles))


def choose_headline(h1s: Sequence[tuple[str, str, str | None]], fields: Sequence[str | None],
                    page_titles: Sequence[str | None], site: SiteNames, *,
                    news: bool = False, article: bool = True,
                    logo_texts: Iterable[str] = ()) -> str | None:
    """The headline from the <h1>s (`h1_texts`), the headline fields of the metadata
    (JSON-LD headline, og:title, twitter:title, in precedence order) and the page titles
    (<meta name=title>, <title>).

    news: the page declares itself a news article (JSON-LD NewsArticle & co): its
        publisher writes the headline fields for it, so they win over an <h1> that none
        of them confirms (on these pages such an h1 is a teaser or an older version).
    article: the page declares an article type at all; on other pages (products,
        services, listings) an unconfirmed <h1> is a tagline and the page's title wins.
    """
    fields = [t for t in (clean_heading(t) for t in fields) if t]
    page_titles = [t for t in (clean_heading(t) for t in page_titles) if t]
    stripped_fields = [strip_site(t, site) for t in fields]
    stripped_titles = [strip_site(t, site) for t in page_titles]
    whole = _Spellings(stripped_fields)
    field_cut = _Spellings(p for t in fields for p in _end_cuts(t))
    field_tail = _Spellings(tail for t in stripped_fields for tail in _tails(t))
    title_cut = _Spellings(p for t in page_titles for p in _end_cuts(t))
    stripped_keys = {fold(s) for s in stripped_fields + stripped_titles}
    affixes: set[str] = set()       # the site/section segments of the titles
    for t in fields + page_titles:
        parts, _ = segments(t)
        if len(parts) > 1:
            affixes.add(squash(parts[-1]))
            if site.matches(parts[0], strict=True):
                affixes.add(squash(parts[0]))

    candidates, logos = [], set(logo_texts)
    for full, main, kicker in h1s:
        if (site.matches(main, strict=True) or squash(main) in affixes) and fold(main) not in stripped_keys:
            logos.add(squash(main))     # the site's logo or a section name, not a headline
            continue
        main = strip_site(main, site) or main
        forms = [main]
        kicker = (kicker or "").strip(" :|-–—")
        if kicker:
            forms.append(f"{kicker}: {main}")
        if full not in forms:
            forms.append(full)
        candidates.append(forms)

    for forms in candidates:
        marked = forms[:1] if len(forms) > 1 else []
        for text in marked + [t for f in forms for t in _tails(f)]:
            if whole.get(text):         # "Kicker: Headline" and a field says "Headline"
                return whole.get(text)
        for text in forms:              # a field says what the h1 says (in its spelling)
            if field_cut.get(text):
                return field_cut.get(text)
        if field_tail.get(forms[0]):    # a field says "Another kicker: Headline"
            return forms[0]
        if news and stripped_fields:
            continue                    # on news pages the <title> alone confirms nothing
        for text in forms:
            if title_cut.get(text):
                return title_cut.get(text)

    if logos:
        stripped_fields = [strip_site(t, site, frozenset(logos)) for t in fields]
        stripped_titles = [strip_site(t, site, frozenset(logos)) for t in page_titles]
    if news and stripped_fields:
        return stripped_fields[0]
    titles = [t for t in stripped_fields + stripped_titles if t]
    named = [t for t in titles if not site.matches(t)]     # not only the site's name ("| Site")
    if candidates and article and not _is_label(candidates[0][0], named):
        return candidates[0][0]
    if titles:
        votes: dict[str, int] = {}
        for t in titles:
            votes[fold(t)] = votes.get(fold(t), 0) + 1
        best = max(votes.values())
        return next(t for t in titles if votes[fold(t)] == best)
    return candidates[0][0] if candidates else None
