"""Line cleaning of the extracted body: what trafilatura keeps that a reader does not read.

`clean_lines` drops photo credits, share-button text and "read also" teaser lines, and
strips trafilatura's list/table markers so the text stays plain; `strip_furniture` drops
datelines, tag labels, bylines, calls to action and the headline repeated at the edges
of the body (the vocabulary of end furniture lives in `furniture.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newscrawl.extraction import furniture
from newscrawl.normalize import normalize_inline, normalize_text, word_count

CREDIT_MAX_WORDS = 12       # longer lines are prose, not a credit


SHARE_MAX_WORDS = 8


_CREDIT_RE = re.compile(
    r"""^(?:
        (?:©|\(c\)|copyright\b)
      | (?:foto|fotos|photo|photos|photograph|picture|pic|image|images|bild|bilder|kuva|
           fotografija|nuotrauka|nuotraukos|zdjęcie|video)\s*(?:[:/|]|credits?\b|by\b)
      | (?:nuotr|fot|pav|ill)\.\s
      | (?:AP|AFP|Reuters|EPA|EPA-EFE|Scanpix|Getty\ Images|BNS|ELTA|dpa|ANP|PAP|Shutterstock|Imago|Xinhua|TASS)
        (?:\s*/\s*[\w .\-]+)*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)


_CREDIT_SUFFIX_RE = re.compile(r"\b(?:nuotr\.|nuotrauka)\)?\.?$", re.IGNORECASE)  # "Jono Jonaičio nuotr."


_READ_ALSO_RE = re.compile(
    r"""^(?:skaitykite\s+taip\s+pat|taip\s+pat\s+skaitykite|read\s+also|also\s+read|read\s+more|
        see\s+also|related(?:\s+(?:articles?|stories|coverage|content))?|more\s+on\s+this(?:\s+story)?|
        lesen\s+sie\s+auch|mehr\s+zum\s+thema|auch\s+interessant|lasiet\s+arī|loe\s+ka|
        czytaj\s+(?:także|też)|читайте\s+также|lire\s+aussi|à\s+lire\s+aussi|leer\s+más|leggi\s+anche|
        see\s+more|don'?t\s+miss|(?:you\s+)?(?:may|might)\s+also\s+(?:like|enjoy)|more\s+from\s+\w+|
        recommended(?:\s+for\s+you)?|further\s+reading|veja\s+também|leia\s+também|lea\s+también)
        \s*(?:[:»>\-–—|.…]+|$)""",
    re.IGNORECASE | re.VERBOSE,
)


SHARE_WORDS = frozenset(
    {"share", "shares", "tweet", "email", "e-mail", "mail", "print", "facebook", "twitter", "x",
     "linkedin", "whatsapp", "pinterest", "reddit", "telegram", "messenger", "copy", "link", "save",
     "this", "article", "on", "via", "dalintis", "dalinkitės", "pasidalinti", "bendrinti",
     "spausdinti", "el.", "paštu", "teilen", "drucken", "twittern", "partager", "compartir"}
)


SHARE_CORE_WORDS = frozenset(
    {"share", "tweet", "facebook", "twitter", "linkedin", "whatsapp", "dalintis", "pasidalinti",
     "bendrinti", "teilen", "partager", "compartir"}
)


_LIST_MARKER_RE = re.compile(r"^- +")


_TABLE_ROW_RE = re.compile(r"^\|(.*)\|$")


_TABLE_RULE_RE = re.compile(r"^[\s|:\-]*-[\s|:\-]*$")  # "| --- | --- |" header separator


def match_key(text: str) -> str:
    """A line compared with another: case and spacing ignored."""
    return " ".join(text.casefold().split())


def is_credit(line: str) -> bool:
    if word_count(line) > CREDIT_MAX_WORDS:
        return False
    return bool(_CREDIT_RE.match(line) or _CREDIT_SUFFIX_RE.search(line))


def is_share_text(line: str) -> bool:
    words = []
    for word in line.split():  # stops at the first word that is no share word or one too many (prose)
        word = word.strip("()[]:·•|,").lower()
        if word:
            if word not in SHARE_WORDS:
                return False
            words.append(word)
            if len(words) > SHARE_MAX_WORDS:
                return False
    return any(w in SHARE_CORE_WORDS for w in words)


def is_read_also(line: str) -> bool:
    return bool(_READ_ALSO_RE.match(line))


def _plain(line: str) -> str:
    """Strip trafilatura's "- " list markers and "| a | b |" table framing."""
    if _TABLE_RULE_RE.match(line):
        return ""
    line = _LIST_MARKER_RE.sub("", line)
    match = _TABLE_ROW_RE.match(line.strip())
    if match:
        cells = [c.strip() for c in match.group(1).split("|")]
        line = " | ".join(c for c in cells if c)
    return line


READ_ALSO_LABEL_WORDS = 6   # a read-also line this short is a heading over teasers


KICKER_MAX_WORDS = 4   # a section label / kicker line above the headline


def clean_lines(text: str, *, title: str | None = None, section: str | None = None) -> str:
    """Body text without credits, share text and read-also lines (paragraphs by "\\n"),
    and without the page header some templates put inside the story container: the
    headline and, above it, a short kicker or section label."""
    out: list[str] = []
    title_key = match_key(title) if title else None
    header_keys = {k for k in (title_key, match_key(section) if section else None) if k}
    raw_lines = normalize_text(text).split("\n")
    for index, raw in enumerate(raw_lines):
        plain = _plain(raw)
        # A line of normalize_text is NFC, without control characters, and without runs
        # of whitespace but for the spaces left where zero-width characters were.
        line = " ".join(plain.split()) if plain == raw else normalize_inline(plain)
        if not line:
            continue
        read_also = is_read_also(line)
        if (read_also and word_count(line) <= READ_ALSO_LABEL_WORDS
                and index >= len(raw_lines) - EDGE_TAIL_LINES
                and all(word_count(rest) <= EDGE_MAX_WORDS for rest in raw_lines[index + 1:])):
            break  # "You may also like" closing the story: the teaser headlines after it go too
        if read_also or is_credit(line) or is_share_text(line) or furniture.is_inline_furniture(line):
            continue
        if match_key(line) in header_keys and all(word_count(o) <= KICKER_MAX_WORDS for o in out):
            if match_key(line) == title_key:
                out = []  # the headline: a short kicker standing above it goes too
            continue
        out.append(line)
    return "\n".join(out)


EDGE_MAX_WORDS = 14         # longer lines are prose, never page furniture


EDGE_HEAD_LINES = 4         # furniture is looked for among the first lines ...


EDGE_TAIL_LINES = 5         # ... and the last ones


# A dateline: d/m/y, a time of day, or a year with a day number ("August 08, 2018");
# a year alone ("2018 Festival Programme") is not enough.
_NUMERIC_DATE_RE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b")


_YEAR_RE = re.compile(r"\b(?:1[89]|20)\d\d\b")


_DAY_RE = re.compile(r"(?<![\d.,])\b(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|\.)?(?![\d.,]\d)")


def is_dateline(line: str) -> bool:
    if _NUMERIC_DATE_RE.search(line):
        return True
    return bool(_YEAR_RE.search(line) and _DAY_RE.search(_YEAR_RE.sub(" ", line)))


_TAG_LABEL_RE = re.compile(
    r"^(?:tags?|tagged(?:\s+(?:with|as))?|topics?|keywords?|filed\s+under|schlagwörter|"
    r"themen|étiquettes|etiquetas|tópicos|temas|parole\s+chiave|žymės|raktažodžiai)\s*(?::|$)",
    re.IGNORECASE,
)


BYLINE_RE = re.compile(
    r"^(?:by|von|par|por|di|publicado\s+por|posted\s+by|written\s+by|autor(?:ius)?:?)\s+\S", re.IGNORECASE
)


LABEL_KEYS = frozenset(
    {"comments", "comment", "leave a comment", "leave a reply", "add comment", "show comments",
     "view comments", "advertisement", "advertising", "ad", "sponsored", "share", "share this",
     "share this article", "share this story", "print", "print article", "order reprints",
     "reprints", "tell us what you think...", "tell us what you think", "kommentare", "commentaires",
     "comentarios", "comentários", "komentarai"}
)


CALL_TO_ACTION_MAX_WORDS = 40


_SOCIAL = r"(?:facebook|twitter|instagram|youtube|linkedin|telegram|tiktok|whatsapp|snapchat|threads|bluesky|mastodon|flipboard)"


_FOLLOW_RE = re.compile(rf"^(?:follow|like|join|find)\b.{{0,80}}\b(?:on|via)\b.{{0,40}}\b{_SOCIAL}\b", re.IGNORECASE)


_CALL_TO_ACTION_RE = re.compile(
    r"^(?:click\s+here|sign\s+up\b|subscribe\b|get\s+access\b|download\s+(?:the|our)\s+app|"
    r"get\s+(?:\w+\s+){1,4}(?:delivered|on\s+the\s+go)|(?:start|try)\s+your\s+free\s+trial|"
    r"support\s+(?:our|independent)\s+journalism|become\s+a\s+(?:member|subscriber))",
    re.IGNORECASE,
)


_INBOX_RE = re.compile(r"\b(?:in|to)\s+your\s+inbox\b|\bsubscribe\s+to\s+(?:our|the|\S+['’]s)\s+newsletters?\b", re.IGNORECASE)


_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")  # "Write to Al Root at al.root@example.com"


_SENTENCE_END = (".", "!", "?", "…", "\"", "”", "»")


def _site_names(site_name: str | None) -> set[str]:
    """"LinkNaija | Nigeria's news" -> {"linknaija | nigeria's news", "linknaija", ...}."""
    if not site_name:
        return set()
    names = {match_key(site_name)}
    for part in re.split(r"\s+[|–—·:-]\s+", site_name):
        if part.strip():
            names.add(match_key(part))
    return names


def _is_title_line(key: str, title_key: str | None) -> bool:
    if not title_key or not key:
        return False
    if key == title_key:
        return True
    shorter, longer = sorted((key, title_key), key=len)
    return len(shorter) >= 0.6 * len(longer) and shorter in longer


def is_furniture(line: str, *, title_keys: Sequence[str], site_keys: set[str]) -> bool:
    """A line of page furniture rather than story: the headline again, the site name,
    a dateline or byline on its own, a tag-list label, a bare "Comments"."""
    key = match_key(line)
    if any(_is_title_line(key, t) for t in title_keys) or key in site_keys or key in LABEL_KEYS:
        return True
    words = word_count(line)
    if words > EDGE_MAX_WORDS:
        return False
    if _TAG_LABEL_RE.match(line):
        return True
    if line.endswith(_SENTENCE_END) or line.endswith("。"):
        return False
    return is_dateline(line) or bool(BYLINE_RE.match(line) and words <= 6)


def is_call_to_action(line: str) -> bool:
    """"Follow us on Twitter", "Sign up for our newsletter", "Click here to subscribe",
    "Write to the author at name@example.com": the site talking to its readers after
    the story (only looked for at the tail)."""
    if word_count(line) > CALL_TO_ACTION_MAX_WORDS:
        return False
    return bool(_FOLLOW_RE.search(line) or _CALL_TO_ACTION_RE.match(line) or _INBOX_RE.search(line)
                or _EMAIL_RE.search(line))


def strip_furniture(text: str, *, titles: Sequence[str | None] = (), site_name: str | None = None) -> str:
    """The body without page furniture at its two ends.

    Templates often put the headline, site name, date, byline and tags right before or
    after the story inside the same container. Such lines are removed from the first
    EDGE_HEAD_LINES and last EDGE_TAIL_LINES lines (separators not counted); a tag label
    near the end ("Tags:") ends the story, with the tag list after it. At the head,
    one-word lines (tags, labels) before the first furniture-free prose line go too.
    """
    lines = text.split("\n")
    if len(lines) < 3:
        return text
    title_keys = [match_key(t) for t in titles if t]
    site_keys = _site_names(site_name)

    def edge_line(line: str) -> bool:
        return is_furniture(line, title_keys=title_keys, site_keys=site_keys)

    # tail: a tag label near the end cuts everything after it
    for i in range(len(lines) - 1, max(0, len(lines) - EDGE_TAIL_LINES) - 1, -1):
        if _TAG_LABEL_RE.match(lines[i]) and word_count(lines[i]) <= EDGE_MAX_WORDS:
            lines = lines[:i]
            break
    removed = 0
    while lines and removed < EDGE_TAIL_LINES and (edge_line(lines[-1]) or is_call_to_action(lines[-1])
                                                   or furniture.is_tail_furniture(lines[-1])):
        if not furniture.is_separator(lines.pop()):
            removed += 1  # a separator between furniture lines ("___") does not use up the budget
    start, after_furniture = 0, False
    while start < min(len(lines) - 1, EDGE_HEAD_LINES):
        line = lines[start]
        if edge_line(line):
            after_furniture = True
        elif not (after_furniture and word_count(line) == 1):  # "Tags: a" / "b" / "c"
            break
        start += 1
    return "\n".join(lines[start:])
